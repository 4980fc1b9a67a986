"""Count-neutral arguments given as code in Keras code: ``convert`` keeps their text, ``export --to keras``
leaves them out (see tests/keras_code_arguments_cases.py; the oracle module runs the exported files in
Keras 3 and compares their summaries with the original code's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.keras_code_arguments_cases import CODE, EXPORTED_LAYERS


def _written(tmp_path: Path, text: str, name: str = "model.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _layer_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "layers." in line and "import" not in line]


@pytest.mark.parametrize("name", sorted(CODE))
def test_export_leaves_out_what_keras_cannot_take_as_written(run, tmp_path: Path, name: str) -> None:
    exported = run("export", str(_written(tmp_path, CODE[name])), "--to", "keras")
    assert (exported.exit_code, exported.stderr) == (0, "")
    assert _layer_lines(exported.stdout) == EXPORTED_LAYERS[name]


@pytest.mark.parametrize("name", sorted(CODE))
def test_the_converted_spec_exports_the_same(run, tmp_path: Path, name: str) -> None:
    converted = run("convert", str(_written(tmp_path, CODE[name])))
    assert converted.exit_code == 0
    exported = run("export", str(_written(tmp_path, converted.stdout, "model.yaml")), "--to", "keras")
    assert (exported.exit_code, exported.stderr) == (0, "")
    assert _layer_lines(exported.stdout) == EXPORTED_LAYERS[name]


@pytest.mark.parametrize("name", sorted(CODE))
def test_the_exported_code_has_the_same_summary(run, tmp_path: Path, name: str) -> None:
    original = run("summary", str(_written(tmp_path, CODE[name])))
    exported = run("export", str(_written(tmp_path, CODE[name])), "--to", "keras")
    again = run("summary", str(_written(tmp_path, exported.stdout, "exported.py")))
    assert (original.exit_code, again.exit_code) == (0, 0)
    assert again.stdout == original.stdout


def test_convert_keeps_the_text_of_the_code_a_name_is_bound_to(run, tmp_path: Path) -> None:
    converted = run("convert", str(_written(tmp_path, CODE["functional"])))
    assert converted.exit_code == 0
    assert (
        "  layer: {type: LSTM, units: 8, kernel_initializer: keras.initializers.HeNormal(seed=1), "
        "bias_constraint: keras.constraints.NonNeg(),\n" in converted.stdout
    )
