"""What the options of ``lstmcalc summary`` accept, declared without click: the click options
(:mod:`lstm_calc.cli.options`) and the quick summary of :mod:`lstm_calc.launcher` read them."""

from __future__ import annotations

FORMATS = ("table", "json", "markdown")
# Kept here rather than imported from lstm_calc.readers so that --help never imports the readers.
INPUT_FORMATS = ("yaml", "keras-json", "keras", "python")
FRAMEWORKS = ("keras", "pytorch")


def input_shape(value: str) -> list[int | None]:
    """``--input-shape 32,10,8`` as ``[32, 10, 8]``; ``None`` (or ``?``) for a size left open.

    Raises ValueError with the message for the user when ``value`` is no such shape."""
    try:
        shape = [None if part.strip() in ("None", "?") else int(part) for part in value.split(",")]
    except ValueError:
        raise ValueError(f"{value!r} is not sizes separated by commas, e.g. 32,10,8") from None
    # One axis is a tensor too: torch modules take some unbatched (an Embedding's token ids).
    if any(size is not None and size < 1 for size in shape):
        raise ValueError(f"{value!r}: each size is at least 1")
    return shape
