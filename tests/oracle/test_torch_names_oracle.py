"""The cases of tests/torch_names_cases.py in torch 2.13: what lstmcalc refuses, torch refuses (building the model
or calling it, in the words the case names), the state_dicts are torch's, and torchinfo prints the golden tables."""

from __future__ import annotations

import pytest

from tests.test_torch_names import GOLDEN
from tests.torch_code_cases import built_module, golden_table_holds, refusal_when_run
from tests.torch_names_cases import READ, REFUSED, STATE_DICTS, TOKEN_INPUTS

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_torch_refuses_it(name: str) -> None:
    code, shapes, _, _, words = REFUSED[name]
    errors = (KeyError, TypeError, RuntimeError)
    if name in TOKEN_INPUTS:  # token ids, as an nn.Embedding takes them
        with pytest.raises(errors) as refused:
            built_module(code)(*(torch.zeros(*shape, dtype=torch.long) for shape in shapes))
        assert words in str(refused.value)
    else:
        assert words in refusal_when_run(code, shapes, errors)


@pytest.mark.parametrize("name", sorted(STATE_DICTS))
def test_the_state_dict_is_torch_s(name: str) -> None:
    code, state_dict = STATE_DICTS[name]
    assert [(key, tuple(value.shape)) for key, value in built_module(code).state_dict().items()] == list(
        state_dict.items()
    )


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    assert golden_table_holds(GOLDEN, name, *READ[name])
