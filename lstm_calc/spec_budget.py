"""Parse a spec's limits for ``lstmcalc check``: the ``budget:`` block and each layer's own
``max_params``. The rules that judge a model against them are in :mod:`lstm_calc.budget`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.arguments import Argument, arguments, byte_size, non_negative_int, positive_int
from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedDict
from lstm_calc.sizes import parse_size
from lstm_calc.spec_layers import LAYER_MAX_PARAMS, checked, refuse_unknown_keys
from lstm_calc.spec_records import Limit

if TYPE_CHECKING:
    from lstm_calc.spec_records import LayerSpec

#: The ``budget:`` block: limits that ``lstmcalc check`` enforces (see :mod:`lstm_calc.budget`).
BUDGET_ARGUMENTS = arguments(
    Argument("max_params", positive_int),
    Argument("max_trainable_params", positive_int),
    Argument("max_param_bytes", byte_size),
    Argument("expect_params", non_negative_int),
)


def parse_budget(data: LocatedDict, layers: list[LayerSpec]) -> tuple[Limit, ...]:
    """The spec's limits: the ``budget:`` block's and each layer's ``max_params``, in the order written."""
    limits = []
    if "budget" in data:
        block = data["budget"]
        if not isinstance(block, LocatedDict):
            raise SpecError(
                "'budget' must be a mapping such as {max_params: 250000}", data.value_location("budget"), "budget"
            )
        refuse_unknown_keys(block, tuple(BUDGET_ARGUMENTS), "budget.", "in 'budget'")
        limits = [_limit(block, BUDGET_ARGUMENTS[key], f"budget.{key}") for key in block]
    for layer in layers:
        if LAYER_MAX_PARAMS.name in layer.source:
            limits.append(_limit(layer.source, LAYER_MAX_PARAMS, f"{layer.path}.max_params", layer.name))
    # In the order they are written, so that failures read top to bottom like the file.
    return tuple(sorted(limits, key=_written_at))


def _written_at(limit: Limit) -> tuple[int, int]:
    """Where a limit of the spec is written (each is: only ``--max-params`` has no location)."""
    location = limit.location
    return (location.line, location.column) if location is not None else (0, 0)


def _limit(mapping: LocatedDict, argument: Argument, path: str, layer: str | None = None) -> Limit:
    value = checked(mapping, argument, path)
    location = mapping.value_location(argument.name)
    if isinstance(value, str):
        return Limit(argument.name, parse_size(value), location, layer, written=value.strip())
    return Limit(argument.name, value, location, layer)
