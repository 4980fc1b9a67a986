"""Keras code that never gives its input: an Embedding first reads any length (``None`` and a
note), else ``--input-shape`` gives the per-sample shape; every refusal is located.

Real Keras 3 builds the same models on the same input in tests/oracle/test_code_input_oracle.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.code_input_cases import UNBUILT


def _file(tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.py"
    path.write_text(UNBUILT[name][0])
    return str(path)


def _given(name: str) -> tuple[str, ...]:
    shape = UNBUILT[name][1]
    return () if shape is None else ("--input-shape", ",".join("None" if size is None else str(size) for size in shape))


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        (
            "embedding_first",
            [("embedding", [None, None, 32], 160_000), ("lstm", [None, 100], 53_200), ("dense", [None, 1], 101)],
        ),
        (
            "window_from_data",
            [("lstm", [None, 60, 50], 10_400), ("lstm_1", [None, 50], 20_200), ("dense", [None, 1], 51)],
        ),
        ("list_of_layers", [("gru", [None, 16], 1_440), ("dense", [None, 4], 68)]),
    ],
)
def test_the_input_the_code_never_gives(
    run, tmp_path: Path, name: str, rows: list[tuple[str, list[int | None], int]]
) -> None:
    result = run("summary", _file(tmp_path, name), *_given(name), "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    document = json.loads(result.stdout)
    assert [(layer["name"], layer["output_shape"], layer["params"]) for layer in document["layers"]] == rows


def test_an_embedding_first_says_the_length_is_unknown(run, tmp_path: Path) -> None:
    result = run("summary", _file(tmp_path, "embedding_first"))
    assert result.stdout.endswith(
        " Note: the code gives no input length: shown as None (any length); no count depends on it\n"
    )


def test_without_it_the_input_is_asked_for_at_the_model(run, tmp_path: Path) -> None:
    path = _file(tmp_path, "window_from_data")
    result = run("summary", path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:4:9: error: the model has no input shape: the code never gives one (an Input(...), input_shape= "
        "on the first layer, or model.build(...)); give the per-sample shape with --input-shape, e.g. "
        "--input-shape 60,1 (batch excluded)\n"
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "import keras\nmodel = keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(4)])\n",
            "2:9: error: --input-shape: the code gives the model's input shape already; leave --input-shape out",
        ),
        (
            "import keras\nx = keras.Input((5, 3))\nmodel = keras.Model(x, keras.layers.LSTM(4)(x))\n",
            "3:9: error: --input-shape gives the input of a Sequential model that has none; this model's inputs "
            "are its Input(...) calls",
        ),
    ],
)
def test_an_input_shape_the_code_already_has_is_refused(run, tmp_path: Path, code: str, message: str) -> None:
    path = tmp_path / "model.py"
    path.write_text(code)
    result = run("summary", str(path), "--input-shape", "5,3")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:{message}\n")
