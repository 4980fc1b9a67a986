"""Subclassed Keras models with branches (tests/subclassed_code_cases.py), converted to a graph spec
by ``lstmcalc convert``: the spec's summary is Keras 3's summary of the subclassed model, and the
code ``export`` writes from the spec builds, in real Keras 3 and torch, a model of the counts
lstmcalc gives.
"""

from __future__ import annotations

import os
import runpy
from typing import TYPE_CHECKING, Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import yaml  # noqa: E402

from lstm_calc.api import convert_file, export_file, summarize_file  # noqa: E402
from tests.oracle.exported_torch import assert_exported_code_runs_as_claimed  # noqa: E402
from tests.oracle.test_subclassed_code_oracle import keras_model  # noqa: E402
from tests.subclassed_code_cases import CASES  # noqa: E402

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.oracle

#: The cases whose call() branches, merges or applies a layer twice: converted with summary_rows.
BRANCHING = ("residual_add_layer", "residual_plus", "two_paths_concatenate", "shared_layer", "merges_in_call")


def _converted(name: str, tmp_path: Path) -> Path:
    code = tmp_path / "model.py"
    code.write_text(CASES[name].code, encoding="utf-8")
    spec = tmp_path / "converted.yaml"
    spec.write_text(convert_file(str(code), model_name=CASES[name].picked), encoding="utf-8")
    return spec


def _keras_model(name: str, input_shape: tuple[int | None, ...]) -> Any:
    """The case's model in Keras 3, called once: a subclassed model's build() builds none of its layers."""
    model = keras_model(CASES[name])
    if not all(layer.built for layer in model.layers):
        model(keras.Input(shape=input_shape[1:]))
    return model


@pytest.mark.parametrize("name", BRANCHING)
def test_the_converted_spec_lists_the_layers_keras_lists(name: str, tmp_path: Path) -> None:
    spec = _converted(name, tmp_path)
    assert "summary_rows:" in spec.read_text(encoding="utf-8")
    summary = summarize_file(str(spec))
    model = _keras_model(name, summary.input_shape)
    assert summary.name == model.name
    assert [(row.name, row.type, row.params) for row in summary.layers] == [
        (layer.name, type(layer).__name__, layer.count_params()) for layer in model.layers
    ]
    assert summary.total_params == model.count_params()


@pytest.mark.parametrize("name", BRANCHING)
def test_exported_keras_code_of_the_converted_spec_counts_as_keras_does(name: str, tmp_path: Path) -> None:
    spec = _converted(name, tmp_path)
    code = tmp_path / "exported.py"
    code.write_text(export_file(str(spec), "keras"), encoding="utf-8")
    summary = summarize_file(str(spec))
    theirs = _keras_model(name, summary.input_shape).count_params()
    keras.utils.clear_session(free_memory=False)
    exported = runpy.run_path(str(code), run_name="exported")["model"]
    assert exported.count_params() == summary.total_params == theirs


@pytest.mark.parametrize("name", [name for name in BRANCHING if name != "merges_in_call"])
def test_exported_pytorch_code_of_the_converted_spec_counts_as_lstmcalc_does(name: str, tmp_path: Path) -> None:
    # merges_in_call ends in GlobalAveragePooling1D, which has no torch.nn counterpart (refused, located).
    spec = yaml.safe_load(_converted(name, tmp_path).read_text(encoding="utf-8"))
    assert_exported_code_runs_as_claimed(spec, tmp_path)
