"""Keras code run in real Keras 3 for the oracle, and the figures its summary prints: each case's code is
run (for the oracle only: lstmcalc never runs code). Import this module only after
``pytest.importorskip("keras")``."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402


def run_model_code(code: str) -> Any:
    """The ``model`` the code makes, in a fresh Keras session."""
    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(code, "case.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
    return namespace["model"]


def loaded_model(path: Path) -> Any:
    """The model Keras loads from ``path``, in a fresh Keras session: a .keras archive with
    keras.saving.load_model, model JSON with keras.models.model_from_json."""
    keras.utils.clear_session(free_memory=False)
    if path.suffix == ".keras":
        return keras.saving.load_model(path)
    return keras.models.model_from_json(path.read_text(encoding="utf-8"))


def summary_totals(model: Any) -> tuple[int, int, int]:
    """The totals Keras's summary prints: each weight once, frozen by its own flag or the model's."""
    trainable = sum(math.prod(weight.shape) for weight in model.trainable_weights)
    frozen = sum(math.prod(weight.shape) for weight in model.non_trainable_weights)
    return model.count_params(), trainable, frozen


def summary_rows(model: Any, operations: bool = False) -> tuple[tuple[str, tuple[int | None, ...], int], ...]:
    """Each row of Keras's summary: the layer's name, output shape and count; with ``operations``, the rows
    of a functional model's operations too (``x + y``: an ``Add`` operation, with no weights)."""
    shown = model.operations if operations and hasattr(model, "operations") else model.layers
    # Keras's summary shows a layer's shape from its last call (summary_utils.format_layer_shape).
    return tuple(
        (
            layer.name,
            tuple(layer._inbound_nodes[-1].output_tensors[0].shape),
            layer.count_params() if hasattr(layer, "count_params") else 0,
        )
        for layer in shown
    )


def keras_table(model: Any, line_length: int, show_trainable: bool = False) -> str:
    """Keras's summary table of ``model``, as it prints it ``line_length`` wide (set COLUMNS wider first:
    rich draws it no wider than the terminal), with its Trainable column if ``show_trainable``."""
    lines: list[str] = []
    model.summary(
        line_length=line_length,
        show_trainable=show_trainable,
        print_fn=lambda text, line_break=None: lines.append(text),
    )
    return "".join(lines)
