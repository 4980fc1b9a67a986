"""Run the PyTorch code ``export --to pytorch`` writes for a graph spec, and compare it with what
lstmcalc claims: the parameter count and every output's shape (imports torch: oracle modules only,
after their skips)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
import yaml

from lstm_calc.api import export_file, summarize_text


def assert_exported_code_runs_as_claimed(spec: dict[str, Any], directory: Path) -> None:
    """The exported module has the count lstmcalc gives under PyTorch and outputs of its shapes."""
    text = yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)
    path = directory / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    namespace: dict[str, Any] = {"__name__": "exported"}
    exec(compile(export_file(str(path), "pytorch"), "exported.py", "exec"), namespace)  # noqa: S102 - our own code
    model = namespace["model"]
    summary = summarize_text(text, "graph.yaml", "pytorch")
    assert sum(p.numel() for p in model.parameters()) == summary.total_params
    with torch.no_grad():
        output = model(*namespace["example_inputs"]())
    outputs = list(output) if isinstance(output, tuple) else [output]
    stated = summary.output_shape if isinstance(summary.output_shape, list) else [summary.output_shape]
    assert [len(tensor.shape) for tensor in outputs] == [len(shape) for shape in stated]
    for tensor, shape in zip(outputs, stated):
        assert all(axis is None or axis == size for axis, size in zip(shape[1:], tensor.shape[1:])), (shape, tensor)
