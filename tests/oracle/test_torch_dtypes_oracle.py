"""The dtype cases of tests/test_torch_dtypes.py in torch 2.13: each model read has its parameters in the
pinned dtype, and each refused one is a model whose parameters a float32 reading (or the last
conversion lstmcalc can see) would have sized wrong."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_torch_dtypes import BYTES, READ, REFUSED, code

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")


def _model(source: str) -> Any:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(source, "model.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
    model = namespace.get("model") or namespace["main"]()
    return model


def _parameter_bytes(model: Any) -> int:
    return sum(parameter.numel() * parameter.element_size() for parameter in model.parameters())


@pytest.fixture(autouse=True)
def _default_dtype() -> Any:
    saved = torch.get_default_dtype()
    yield
    torch.set_default_dtype(saved)


@pytest.mark.parametrize("name", sorted(READ))
def test_torch_gives_the_pinned_dtype(name: str) -> None:
    made, dtype = READ[name]
    model = _model(code(made))
    assert {str(parameter.dtype) for parameter in model.parameters()} == {f"torch.{dtype}"}
    assert _parameter_bytes(model) == 530 * BYTES[dtype]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_float32_reading_would_have_sized_the_refused_models_wrong(name: str) -> None:
    made, init, _, _ = REFUSED[name]
    if name == "maybe":  # whether it runs is the machine's: here it does not, with a GPU it does
        made = made.replace("torch.cuda.is_available()", "True")
    assert _parameter_bytes(_model(code(made, init))) != 530 * 4
