"""Readable ids for parametrized cases, so ``pytest -v`` and failures name the case.

pytest names a case by its value only for short scalars; a list, a dict or a long
message becomes ``args0`` or a page of repr. These helpers turn what a case is about
(its error message, its command line, its spec) into a short id.
"""

from __future__ import annotations

import re
from collections import Counter

#: Longest slug: a longer text keeps its start and its end, which tell cases apart.
LIMIT = 48


def slug(text: str, limit: int = LIMIT) -> str:
    """``text`` as one short word: runs of anything but letters, digits, dots and dashes become ``_``.

    A longer text keeps its start and its end (where messages say what they got): ``start..end``.
    """
    word = re.sub(r"[^A-Za-z0-9.\-]+", "_", text).strip("_") or "empty"
    if len(word) <= limit:
        return word
    end = max(8, limit // 3)
    return f"{word[: limit - end - 2].rstrip('_')}..{word[-end:].lstrip('_')}"


def error_id(message: str, limit: int = 64) -> str:
    """A located error as an id: ``bad.yaml:3:5: error: LSTM needs 'units'`` becomes ``3:5-LSTM_needs_units``."""
    where, found, after = message.partition("error: ")
    if not found:
        return slug(message, limit)
    position = ":".join(where.rstrip(": ").split(":")[-2:])
    return f"{position}-{slug(after, limit)}"


def args_id(args: list[str] | tuple[str, ...], limit: int = 80) -> str:
    """A command line as an id: ``lstm --units 12 --framework pytorch`` becomes ``lstm-units12-framework_pytorch``."""
    words: list[str] = []
    takes_value = False
    for arg in args:
        if arg.startswith("--"):
            words.append(arg[2:])
            takes_value = True
        elif takes_value:
            words[-1] += ("" if arg.isdigit() else "_") + slug(arg.rsplit("/", 1)[-1])
            takes_value = False
        else:
            words.append(slug(arg.rsplit("/", 1)[-1]))
    return "-".join(words)[:limit].rstrip("-_") or "none"


def fields_id(fields: dict[str, object], limit: int = 80) -> str:
    """Named values as an id, ``None`` left out: ``{"kind": "lstm", "units": 12, "use_bias": False}``
    becomes ``lstm-units12-no_use_bias`` (strings stand as they are, numbers after their name)."""
    words = []
    for name, value in fields.items():
        if value is None:
            continue
        if isinstance(value, bool):
            words.append(name if value else f"no_{name}")
        elif isinstance(value, (int, float)):
            words.append(f"{name}{value}")
        else:
            words.append(slug(str(value)))
    return "-".join(words)[:limit]


def unique(ids: list[str], hints: list[str], limit: int = 24) -> list[str]:
    """``ids`` with the end of the hint (say, of the spec) added to each id that stands more than once."""
    counts = Counter(ids)
    return [
        f"{case_id}-{slug(_runs(hint), 10**6)[-limit:].lstrip('_')}" if counts[case_id] > 1 else case_id
        for case_id, hint in zip(ids, hints)
    ]


def _runs(text: str) -> str:
    """Long runs of one character written as a count: ``9999999999`` becomes ``9x10``."""
    return re.sub(r"(.)\1{7,}", lambda run: f"{run[1]}x{len(run[0])}", text)


def error_ids(cases: list[tuple[str, str]]) -> list[str]:
    """Ids for ``(spec, message)`` cases: the located message, and where two share it, the spec too."""
    return unique([error_id(message) for _, message in cases], [spec for spec, _ in cases])
