"""The cases of tests/torch_python_scope_cases.py in torch 2.13: torchinfo prints the golden tables of those
read, and Python refuses the others (building the model or calling it) in the words the case names."""

from __future__ import annotations

import pytest

from tests.test_torch_python_scopes import GOLDEN
from tests.torch_code_cases import golden_table_holds, refusal_when_run
from tests.torch_python_scope_cases import KERAS_REFUSED, READ, REFUSED, WORDS

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    assert golden_table_holds(GOLDEN, name, *READ[name])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_python_refuses_it(name: str) -> None:
    code, shapes, _, _, words = REFUSED[name]
    assert words in refusal_when_run(code, shapes, (NameError, TypeError, RuntimeError))


@pytest.mark.parametrize("name", sorted(KERAS_REFUSED))
def test_python_refuses_the_keras_code(name: str) -> None:
    pytest.importorskip("keras")
    code, _, _, read = KERAS_REFUSED[name]
    with pytest.raises(UnboundLocalError) as refused:
        exec(compile(code, "<case>", "exec"), {})  # noqa: S102 - the test's own code
    assert str(refused.value) == WORDS.format(name=read)
