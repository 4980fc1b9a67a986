"""Spec data from any reader, written back as an editable YAML spec (``lstmcalc convert``)."""

from __future__ import annotations

from typing import Any

import yaml

from lstm_calc.located import to_plain

#: Written above ``summary_rows:`` (a subclassed model's), which a reader of the spec would not guess.
SUMMARY_ROWS_COMMENT = (
    "# Keras's summary of this subclassed model lists these layers, in this order, and no others:\n"
    "# no input row, no Connected to, no row for a merge made in call() (such as x + y).\n"
)


def spec_to_yaml(data: Any, source: str) -> str:
    """The YAML text of a spec; ``source`` names where it came from, in a first comment line.

    Small mappings and lists stay on one line (``- {type: LSTM, units: 64}``), as the
    example specs are written.
    """
    body = yaml.safe_dump(to_plain(data), sort_keys=False, default_flow_style=None, allow_unicode=True, width=100)
    if isinstance(data, dict) and "summary_rows" in data:
        # A top-level key starts a line; no value of another key can (YAML indents or quotes it).
        body = body.replace("\nsummary_rows:", f"\n{SUMMARY_ROWS_COMMENT}summary_rows:", 1)
    return f"# Converted by lstmcalc from {source}\n{body}"
