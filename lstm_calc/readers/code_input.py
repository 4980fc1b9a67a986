"""The input of a Sequential model read from Keras code: ``--input-shape`` where the code gives none.

Keras builds a Sequential model without an input only when it is first called, so code often
never says the input's shape. Where the counts do not depend on it (an Embedding first: the
sequence length changes no weight), the unknown length is shown as ``None`` with a note;
otherwise the user is asked for ``--input-shape``, the per-sample shape (batch excluded).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedDict, LocatedList, new_located_dict, new_located_list, put

if TYPE_CHECKING:
    from collections.abc import Sequence

#: What on the first layer gives the input in Keras 2 code (``input_dim`` only off an Embedding).
FIRST_LAYER_INPUT = ("input_shape", "batch_input_shape", "batch_size", "input_length")
NO_LENGTH_NOTE = "the code gives no input length: shown as None (any length); no count depends on it"


def settle_code_input(data: LocatedDict, input_shapes: Sequence[Sequence[int | None]]) -> LocatedDict:
    """``data`` (a model read from Keras code) with its input: the code's, ``input_shapes``
    (``--input-shape``, one per-sample shape), or an Embedding's any length; else a located request."""
    layers = data.get("layers")
    first = layers[0] if isinstance(layers, LocatedList) and layers else None
    if "inputs" in data or "nodes" in data or not isinstance(first, LocatedDict):
        if input_shapes:
            raise SpecError(
                "--input-shape gives the input of a Sequential model that has none; this model's inputs "
                "are its Input(...) calls",
                data.location,
                "--input-shape",
            )
        return data
    is_embedding = str(first.get("type", "")).lower() == "embedding"
    given = "input" in data or any(key in first for key in FIRST_LAYER_INPUT)
    given = given or ("input_dim" in first and not is_embedding)
    if input_shapes:
        if given:
            raise SpecError(
                "--input-shape: the code gives the model's input shape already; leave --input-shape out",
                data.location,
                "--input-shape",
            )
        if len(input_shapes) != 1:
            raise SpecError(
                "a Sequential model takes one input: give --input-shape once", data.location, "--input-shape"
            )
        _put_input(data, list(input_shapes[0]))
    elif not given and is_embedding:
        _put_input(data, [None])
        data.notes = (NO_LENGTH_NOTE,)
    elif not given:
        raise SpecError(
            "the model has no input shape: the code never gives one (an Input(...), input_shape= on the first "
            "layer, or model.build(...)); give the per-sample shape with --input-shape, e.g. --input-shape 60,1 "
            "(batch excluded)",
            data.location,
        )
    return data


def _put_input(data: LocatedDict, shape: list[int | None]) -> None:
    block = new_located_dict(data.location)
    put(
        block,
        "shape",
        new_located_list(data.location, shape, [data.location] * len(shape)),
        data.location,
        data.location,
    )
    put(data, "input", block, data.location, data.location)
