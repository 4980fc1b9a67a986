"""What ``lstmcalc params KIND`` and ``explain KIND`` take for a layer kind that has a formula."""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

from lstm_calc.records import record

# The type checker reads the fields' types from a typing.NamedTuple; at run time the record is
# a lstm_calc.records record with the same fields, quicker to define (the recurrent kinds import this
# module). tests/test_typed_records.py keeps the two alike.
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import NamedTuple

    class _QuickOptions(NamedTuple):
        required: tuple[str, ...]
        optional: tuple[str, ...]
        solves_for: str
        conventions: Mapping[str, str] = MappingProxyType({})
        kind: str | None = None

else:
    _QuickOptions = record(
        "QuickOptions",
        ("required", "optional", "solves_for", "conventions", "kind"),
        defaults=(MappingProxyType({}), None),
    )


class QuickOptions(_QuickOptions):
    """A kind's quick-command options (named after its arguments), the one ``--max-params`` solves
    for, ``conventions``: the options that only one convention has, and which, and ``kind``: the
    KIND the commands name it by, when not its lower-case class name (``mha``)."""

    __slots__ = ()
