"""Simple Lambda functions in Keras code (tests/lambda_code_cases.py): real Keras 3 traces each
function on its input, and lstmcalc, following the code without running it, gives the same shape.
The Keras 2 and TensorFlow spellings (``K.mean``, ``tf.reduce_mean``) run as their ``keras.ops``
counterparts (no TensorFlow is installed; Keras 3 has no ``K.mean``)."""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from lstm_calc.api import build  # noqa: E402
from lstm_calc.readers import PYTHON, read_text  # noqa: E402
from tests.lambda_code_cases import FOLLOWED, REFUSED, sequential_code  # noqa: E402

pytestmark = pytest.mark.oracle

#: Refused cases that Keras 3 refuses too (the others Keras traces; lstmcalc asks for their shape).
#: Squeezing an axis of 10 is not among them: Keras on torch returns the tensor unchanged, where
#: TensorFlow refuses; a shape that depends on the backend is one lstmcalc cannot be sure of.
KERAS_REFUSES = ("index-past-rank", "index-out-of-range", "axis-past-rank")


def keras_lambda(function: str, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
    """The output shape of Keras's Lambda of ``function`` on a symbolic input, batch axis first."""
    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, Any] = {"keras": keras}
    made = eval(function, namespace)  # the oracle runs the function; lstmcalc never does
    return tuple(keras.layers.Lambda(made)(keras.Input(input_shape)).shape)


@pytest.mark.parametrize("name", sorted(FOLLOWED))
def test_followed_lambda_matches_keras(name: str) -> None:
    function, keras_function, input_shape, expected = FOLLOWED[name]
    keras_shape = keras_lambda(keras_function, input_shape)
    assert keras_shape == (None, *expected)
    summary = build(read_text(PYTHON, sequential_code(function, input_shape), "case.py"), "case.py")[1]
    assert summary.layers[-1].output_shape == keras_shape


@pytest.mark.parametrize("name", KERAS_REFUSES)
def test_what_keras_refuses_lstmcalc_refuses(name: str) -> None:
    function, input_shape = REFUSED[name]
    keras_function = function.replace("K.", "keras.ops.")
    with pytest.raises(Exception):  # noqa: B017,PT011 (Keras raises IndexError, ValueError...)
        keras_lambda(keras_function, input_shape)
