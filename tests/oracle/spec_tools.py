"""Spec helpers shared by the Keras and the torch.nn oracle tests; no framework imported here.

A spec is a plain Python dict. It is dumped to YAML for lstmcalc and translated into
framework code by ``keras_side.py`` or ``test_torch_oracle.py``, so the two sides can
only differ where lstmcalc and the framework disagree.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from lstm_calc.api import summarize_text
from lstm_calc.render.json_output import summary_to_dict

SPEC_FILE = "spec.yaml"


def dump_spec(spec: dict[str, Any]) -> str:
    """The YAML text lstmcalc reads for ``spec``, keys in the order they were written."""
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


def seq_spec(*layers: dict[str, Any], shape: list, batch_size: int | None = None, **top: Any) -> dict[str, Any]:
    """A spec with an ``input:`` block; ``top`` adds top-level keys such as ``name`` or ``framework``."""
    block: dict[str, Any] = {"shape": shape}
    if batch_size is not None:
        block["batch_size"] = batch_size
    return {**top, "input": block, "layers": list(layers)}


def lstmcalc_document(spec: dict[str, Any], framework: str | None = None) -> dict[str, Any]:
    """lstmcalc's JSON document for ``spec`` (as ``--format json`` prints it), from the library."""
    return summary_to_dict(summarize_text(dump_spec(spec), SPEC_FILE, framework))


ERROR_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): error: \S")


def assert_cli_refuses(result: Any) -> None:
    """Exit 2, nothing on stdout, and one ``file:line:col: error: ...`` line on stderr."""
    assert result.exit_code == 2, f"exit {result.exit_code}, stdout:\n{result.stdout}"
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, repr(result.stderr)
    match = ERROR_LINE.match(result.stderr)
    assert match, repr(result.stderr)
    assert match["file"] == result.spec_path
    assert int(match["line"]) >= 1 and int(match["column"]) >= 1


def is_annotation(class_name: str, spelling: str, convention: str) -> bool:
    """A count-neutral argument lstmcalc keeps under either convention (one the other framework lacks)."""
    from lstm_calc.arguments import anything
    from lstm_calc.layers import LAYER_TYPES

    for argument in LAYER_TYPES[class_name.lower()].arguments.values():
        if spelling in (argument.name, *argument.aliases):
            return argument.check is anything or (convention == "keras" and not argument.keras)
    return False
