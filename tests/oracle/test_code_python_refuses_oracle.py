"""The call-binding cases (tests.test_code_python_refuses.py) in real torch 2.13 and Keras 3: each call lstmcalc
refuses makes Python raise a TypeError when the model is built, and each call it reads gives the pinned
total parameter count."""

from __future__ import annotations

import math
import os
from typing import Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")
np = pytest.importorskip("numpy")

from tests.test_code_python_refuses import (  # noqa: E402
    CLASS_HEADER,
    FAILING_INITS,
    PASSING_INITS,
    READ_CALLS,
    READ_TOTALS,
    REFUSED,
    REFUSED_CLASSES,
    TEMPLATES,
)

pytestmark = pytest.mark.oracle


def _built(template: str, parameters: str, arguments: str) -> Any:
    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    code = TEMPLATES[template][0].format(parameters=parameters, arguments=arguments)
    exec(compile(code, "model.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
    return namespace["model"]


def _total(model: Any) -> int:
    if isinstance(model, keras.Model):
        if not model.built or not model.weights:  # a subclassed model: built by its first call
            model(np.zeros((1, 3), dtype="float32"))
        return sum(math.prod(weight.shape) for weight in model.weights)
    return sum(parameter.numel() for parameter in model.parameters())


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_python_refuses_the_call(template: str, name: str) -> None:
    parameters, arguments, _ = REFUSED[name]
    with pytest.raises(TypeError):
        _built(template, parameters, arguments)


@pytest.mark.parametrize("template", sorted(TEMPLATES))
@pytest.mark.parametrize(("parameters", "arguments"), READ_CALLS)
def test_the_frameworks_give_the_pinned_totals(template: str, parameters: str, arguments: str) -> None:
    assert _total(_built(template, parameters, arguments)) == READ_TOTALS[template]


@pytest.mark.parametrize("name", sorted(REFUSED_CLASSES))
def test_python_refuses_to_create_the_class(name: str) -> None:
    classes, _, message = REFUSED_CLASSES[name]
    python_words = message.split("(TypeError: ")[1].split(")")[0]
    with pytest.raises(TypeError) as raised:
        exec(compile(CLASS_HEADER + classes, "model.py", "exec"), {"__name__": "__main__"})
    assert python_words in " ".join(str(raised.value).split())  # Python folds its MRO message


@pytest.mark.parametrize("name", sorted(FAILING_INITS))
def test_torch_makes_no_model_when_init_raises(name: str) -> None:
    with pytest.raises((AssertionError, ValueError, RuntimeError)):
        exec(compile(CLASS_HEADER + FAILING_INITS[name][0] + "\nNet()\n", "model.py", "exec"), {"__name__": "__main__"})


@pytest.mark.parametrize("name", sorted(PASSING_INITS))
def test_torch_gives_the_pinned_total_when_init_runs(name: str) -> None:
    code, total = PASSING_INITS[name]
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(CLASS_HEADER + code + "\nmodel = Net()\n", "model.py", "exec"), namespace)
    assert _total(namespace["model"]) == total
