"""``lstmcalc params`` as text or JSON: the formula line, the weights behind it, and the inverse answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.render.columns import aligned_cells
from lstm_calc.render.json_output import json_text
from lstm_calc.render.prose import DEFAULT_WIDTH, wrap
from lstm_calc.shapes import describe_shape

if TYPE_CHECKING:
    from lstm_calc.formulas import ParamCalculation, Solution


def _weight_lines(calculation: ParamCalculation) -> list[str]:
    rows = [(weight.name, describe_shape(weight.shape), f"{weight.size:,}") for weight in calculation.weights]
    return ["  " + "  ".join(cells) for cells in aligned_cells(rows, right_aligned=(2,))]


def render_params(calculation: ParamCalculation, width: int = DEFAULT_WIDTH) -> str:
    """``LSTM params = 4 × units × (...) = 4 × 12 × (...) = 4,464``, then each weight with its shape and size,
    then the kind's note on the other convention, if it has one, wrapped to ``width``.

    The formula line and the weights' rows stay whole at any width.
    """
    note = ["", *wrap(calculation.note, width)] if calculation.note else []
    return "\n".join([calculation.line, "", *_weight_lines(calculation), *note]) + "\n"


def render_solution(solution: Solution, width: int = DEFAULT_WIDTH) -> str:
    """The largest size that fits, its count, and the count of one more; sentences wrapped to ``width``."""
    variable = solution.variable
    best, following = solution.best, solution.next
    lines = [
        *wrap(f"Largest {variable} with at most {solution.max_params:,} params: {solution.value}", width),
        best.line,
        *wrap(
            f"{solution.value + 1} {variable} would have {following.expression.substituted()} = "
            f"{following.params:,} params, over {solution.max_params:,}.",
            width,
        ),
        "",
        *_weight_lines(best),
    ]
    return "\n".join(lines) + "\n"


def calculation_to_dict(calculation: ParamCalculation) -> dict[str, Any]:
    """The count, the formula and its terms (an expression tree), and the weights, as JSON-ready data."""
    options = calculation.options
    assert options is not None, "params' own calculations always have their options"
    return {
        "kind": options.kind,
        "type": calculation.type_name,
        "framework": options.framework,
        "formula": calculation.expression.symbolic(),
        "substituted": calculation.expression.substituted(),
        "terms": calculation.expression.to_json(),
        "params": calculation.params,
        "weights": [
            {"name": weight.name, "shape": list(weight.shape), "params": weight.size} for weight in calculation.weights
        ],
        **({"note": calculation.note} if calculation.note else {}),
    }


def render_params_json(calculation: ParamCalculation) -> str:
    """One JSON document for ``params --format json``."""
    return json_text(calculation_to_dict(calculation), ensure_ascii=False)


def render_solution_json(solution: Solution) -> str:
    """One JSON document for ``params --max-params N --format json``."""
    best = calculation_to_dict(solution.best)
    document = {
        "kind": best.pop("kind"),
        "solve_for": solution.variable,
        "max_params": solution.max_params,
        solution.variable: solution.value,
        **best,
        "next": {solution.variable: solution.value + 1, "params": solution.next.params},
    }
    return json_text(document, ensure_ascii=False)
