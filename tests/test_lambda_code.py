"""Simple Lambda functions in Keras code (issue 14, item 5): the code reader follows the output shape
of indexing, reductions, expand_dims and squeeze, and asks for output_shape where it cannot be sure.

tests/oracle/test_lambda_code_oracle.py builds every followed case in real Keras 3.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_calc.api import build
from lstm_calc.readers import PYTHON, read_text
from tests.lambda_code_cases import FOLLOWED, REFUSED, sequential_code

CANNOT_BE_SURE = (
    "20:18: error: layer 'lambda' (Lambda) has no output_shape, and lstmcalc cannot be sure what its "
    "function returns for its input {shape} (it follows indexing such as x[:, -1], mean/sum/max over literal "
    "axes, expand_dims and squeeze); give the shape it returns, without the batch axis: "
    "Lambda(..., output_shape=(8,))\n"
)

FUNCTIONAL_CODE = """\
import keras
from keras import layers
from keras import backend as K


def last_step(x):
    return x[:, -1]


inputs = keras.Input(shape=(12, 6))
x = layers.LSTM(16, return_sequences=True)(inputs)
x = layers.Lambda(lambda t: K.mean(t, axis=1, keepdims=True))(x)
x = layers.Lambda(last_step, name="last")(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
"""


def _code_file(tmp_path: Path, code: str) -> str:
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("name", sorted(FOLLOWED))
def test_a_simple_function_gives_the_lambda_its_output_shape(name: str) -> None:
    function, _, input_shape, expected = FOLLOWED[name]
    code = sequential_code(function, input_shape)
    summary = build(read_text(PYTHON, code, "case.py"), "case.py")[1]
    assert summary.layers[-1].output_shape == (None, *expected)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_cannot_be_sure_asks_for_output_shape(run, tmp_path: Path, name: str) -> None:
    function, input_shape = REFUSED[name]
    path = _code_file(tmp_path, sequential_code(function, input_shape))
    result = run("summary", path)
    assert (result.exit_code, result.stdout) == (2, "")
    shape = "(None, " + ", ".join(str(size) for size in input_shape) + ")"
    assert result.stderr == f"{path}:" + CANNOT_BE_SURE.format(shape=shape)


def test_functional_code_with_lambdas_prints_keras_summary(run, tmp_path: Path) -> None:
    # Keras 3.15.1 (torch backend), COLUMNS=80: model.summary() of FUNCTIONAL_CODE.
    result = run("summary", _code_file(tmp_path, FUNCTIONAL_CODE))
    assert result.exit_code == 0
    assert result.stdout == (
        'Model: "functional"\n'
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
        "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
        "│ input_layer (InputLayer)        │ (None, 12, 6)          │             0 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ lstm (LSTM)                     │ (None, 12, 16)         │         1,472 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ lambda (Lambda)                 │ (None, 1, 16)          │             0 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ last (Lambda)                   │ (None, 16)             │             0 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ dense (Dense)                   │ (None, 1)              │            17 │\n"
        "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
        " Total params: 1,489 (5.82 KB)\n"
        " Trainable params: 1,489 (5.82 KB)\n"
        " Non-trainable params: 0 (0.00 B)\n"
    )


def test_convert_writes_the_followed_shape_as_output_shape(run, tmp_path: Path) -> None:
    path = _code_file(tmp_path, FUNCTIONAL_CODE)
    result = run("convert", path)
    assert result.exit_code == 0
    assert (
        "- type: Lambda\n  function: 'lambda t: K.mean(t, axis=1, keepdims=True)'\n  output_shape: [1, 16]\n"
        "  name: lambda\n  inputs: lstm\n"
        "- type: Lambda\n  function: last_step\n  name: last\n  output_shape: [16]\n  inputs: lambda\n"
    ) in result.stdout


def test_a_function_defined_twice_is_not_followed(run, tmp_path: Path) -> None:
    code = sequential_code("last_step", (10, 8)) + "\n\ndef last_step(x):\n    return x\n"
    result = run("summary", _code_file(tmp_path, code))
    assert result.exit_code == 2
    assert "has no output_shape, and lstmcalc never runs a Lambda's function" in result.stderr


def test_a_module_name_assigned_in_the_code_is_not_followed(run, tmp_path: Path) -> None:
    code = sequential_code("lambda x: K.mean(x, axis=1)", (10, 8)).replace("time_axis = 1", "K = None")
    result = run("summary", _code_file(tmp_path, code))
    assert result.exit_code == 2
    assert "cannot be sure what its function returns" in result.stderr


def test_a_given_output_shape_is_kept(tmp_path: Path) -> None:
    code = sequential_code("lambda x: x[:, -1], output_shape=(3,)", (10, 8))
    summary = build(read_text(PYTHON, code, "case.py"), "case.py")[1]
    assert summary.layers[-1].output_shape == (None, 3)
