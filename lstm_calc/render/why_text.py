"""``lstmcalc why`` as text or JSON: the mistake that gives the number, and both calculations side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.render.columns import aligned_cells
from lstm_calc.render.json_output import json_text
from lstm_calc.render.prose import DEFAULT_WIDTH, wrap

if TYPE_CHECKING:
    from lstm_calc.formula_expressions import Expr
    from lstm_calc.why import Diagnosis, Explanation

#: Kept on one line by :func:`_sentence`: a calculation is never split across lines.
_GLUE = "\u00a0"


def _whole(text: str) -> str:
    return text.replace(" ", _GLUE)


def _sentence(text: str, width: int) -> list[str]:
    return [line.replace(_GLUE, " ") for line in wrap(text, width)]


def _subject(diagnosis: Diagnosis, starts_sentence: bool = True) -> str:
    if diagnosis.name:
        return f"`{diagnosis.name}` ({diagnosis.type_name})"
    return f"{'This' if starts_sentence else 'this'} {diagnosis.type_name}"


def explanation_sentences(diagnosis: Diagnosis, explanation: Explanation, width: int = DEFAULT_WIDTH) -> list[str]:
    """``48,896 is 4 × 64 × (126 + 64 + 1): the first LSTM's count.``, then why the right count differs."""
    counted = "; and ".join(step.counted for step in explanation.steps)
    reasons = "; and ".join(step.reason for step in explanation.steps)
    right = f"{diagnosis.formula.substituted()} = {diagnosis.params:,}"
    return [
        *_sentence(f"{diagnosis.got:,} is {_whole(explanation.formula.substituted())}: {counted}.", width),
        *_sentence(f"{reasons[0].upper()}{reasons[1:]}: {_whole(right)}.", width),
    ]


def _calculation_rows(diagnosis: Diagnosis, explanation: Explanation | None) -> list[str]:
    """``yours`` and ``right``, one under the other: the formula, the numbers and the count in columns."""
    rows = []
    if explanation is not None:
        rows.append(("yours", *_calculation(explanation.type_name, explanation.formula, explanation.params)))
    rows.append(("right", *_calculation(diagnosis.type_name, diagnosis.formula, diagnosis.params)))
    return ["  " + " ".join(cells).rstrip() for cells in aligned_cells(rows, right_aligned=(4,))]


def _calculation(type_name: str, formula: Expr, params: int) -> tuple[str, str, str, str]:
    return (f"{type_name} params", f"= {formula.symbolic()}", f"= {formula.substituted()}", f"= {params:,}")


def render_why(diagnosis: Diagnosis, width: int = DEFAULT_WIDTH) -> str:
    """The verdict, the mistake (or pair) found with its sentences, both calculations, and any other explanation."""
    subject = _subject(diagnosis)
    if diagnosis.got == diagnosis.params:
        subject = _subject(diagnosis, starts_sentence=False)
        lines = [*_sentence(f"{diagnosis.got:,} is right: {subject} has {diagnosis.params:,} parameters.", width)]
        return "\n".join([*lines, "", *_calculation_rows(diagnosis, None)]) + "\n"
    lines = _sentence(f"{subject} has {diagnosis.params:,} parameters, not {diagnosis.got:,}.", width)
    if not diagnosis.explanations:
        lines += _sentence(f"No known mistake, nor pair of mistakes, gives {diagnosis.got:,}. The right count:", width)
        return "\n".join([*lines, "", *_calculation_rows(diagnosis, None)]) + "\n"
    first, *others = diagnosis.explanations
    lines += ["", *explanation_sentences(diagnosis, first, width), "", *_calculation_rows(diagnosis, first)]
    if others:
        lines.append("")
        lines += _sentence(f"{diagnosis.got:,} is also:", width)
        for other in others:
            counted = ", and ".join(step.counted for step in other.steps)
            lines += wrap(f"- {counted}: {other.formula.substituted()}", width, hanging="  ")
    return "\n".join(lines) + "\n"


def _calculation_json(type_name: str, formula: Expr, params: int) -> dict[str, Any]:
    return {
        "type": type_name,
        "formula": formula.symbolic(),
        "substituted": formula.substituted(),
        "terms": formula.to_json(),
        "params": params,
    }


def diagnosis_to_dict(diagnosis: Diagnosis) -> dict[str, Any]:
    """The verdict, the right calculation and every explanation found, as JSON-ready data."""
    return {
        "layer": diagnosis.name,
        "type": diagnosis.type_name,
        "framework": diagnosis.framework,
        "got": diagnosis.got,
        "params": diagnosis.params,
        "verdict": diagnosis.verdict,
        "right": _calculation_json(diagnosis.type_name, diagnosis.formula, diagnosis.params),
        "explanations": [
            {
                "mistakes": [
                    {"key": step.key, "counted": step.counted, "reason": step.reason} for step in explanation.steps
                ],
                **_calculation_json(explanation.type_name, explanation.formula, explanation.params),
            }
            for explanation in diagnosis.explanations
        ],
    }


def render_why_json(diagnosis: Diagnosis) -> str:
    """One JSON document for ``why --format json``."""
    return json_text(diagnosis_to_dict(diagnosis), ensure_ascii=False)
