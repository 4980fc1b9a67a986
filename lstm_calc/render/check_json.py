"""``check`` as one JSON document: a record per spec, with a record per rule checked and per failed rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.budget import STATUSES
from lstm_calc.render.json_output import json_text

if TYPE_CHECKING:
    from lstm_calc.budget import CheckReport, Outcome, SpecCheck
    from lstm_calc.errors import Location


def _location(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {"file": location.file, "line": location.line, "column": location.column}


def _rule(outcome: Outcome, **detail: Any) -> dict[str, Any]:
    limit = outcome.limit
    return {
        "rule": limit.rule,
        "layer": limit.layer,
        "limit": limit.value,
        "actual": outcome.actual,
        **detail,
        "location": _location(limit.location),
    }


def _spec(spec: SpecCheck) -> dict[str, Any]:
    summary = spec.summary
    error = spec.error
    return {
        "file": spec.file,
        "status": spec.status,
        "name": summary.name if summary else None,
        "total_params": summary.distinct_params if summary else None,
        "trainable_params": summary.distinct_trainable_params if summary else None,
        "param_bytes": summary.distinct_param_bytes if summary else None,
        "rules": [_rule(outcome, passed=outcome.passed) for outcome in spec.outcomes],
        "failures": [_rule(outcome, message=outcome.message) for outcome in spec.failures],
        "error": (
            {"message": error.message, "path": error.path or None, "location": _location(error.location)}
            if error
            else None
        ),
    }


def check_to_dict(report: CheckReport) -> dict[str, Any]:
    """The report as plain JSON-ready data; its keys are a stable interface."""
    counts = {status: report.count(status) for status in STATUSES}
    return {
        "specs": [_spec(spec) for spec in report.specs],
        "summary": {"specs": len(report.specs), **counts, "status": report.status},
    }


def render_check_json(report: CheckReport) -> str:
    """One indented JSON document and a final newline."""
    return json_text(check_to_dict(report))
