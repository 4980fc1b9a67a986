"""Spec data from any reader, written back as an editable YAML spec (``lstmcalc convert``)."""

from __future__ import annotations

from typing import Any

import yaml

from lstm_calc.located import to_plain


def spec_to_yaml(data: Any, source: str) -> str:
    """The YAML text of a spec; ``source`` names where it came from, in a first comment line.

    Small mappings and lists stay on one line (``- {type: LSTM, units: 64}``), as the
    example specs are written.
    """
    body = yaml.safe_dump(to_plain(data), sort_keys=False, default_flow_style=None, allow_unicode=True, width=100)
    return f"# Converted by lstmcalc from {source}\n{body}"
