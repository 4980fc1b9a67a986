"""The cases of tests/torch_probe_cases.py in torch 2.13: what lstmcalc refuses, torch refuses (building the
model or calling it, in the words the case names), and torchinfo prints the golden tables of the others."""

from __future__ import annotations

import pytest

from tests.test_torch_probe_findings import GOLDEN
from tests.torch_code_cases import torchinfo_text
from tests.torch_probe_cases import READ, REFUSED

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_torch_refuses_it(name: str) -> None:
    from tests.torch_code_cases import built_module

    code, shapes, _, _, words = REFUSED[name]
    with pytest.raises((AssertionError, RuntimeError, IndexError, AttributeError, TypeError)) as refused:
        built_module(code)(*(torch.zeros(*shape) for shape in shapes))
    assert words in str(refused.value)


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    code, shapes = READ[name]
    assert torchinfo_text(code, shapes) == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")


def test_torchinfo_runs_forward_in_eval_mode():
    # Why lstmcalc follows forward with self.training False (tests/test_torch_code.py): torchinfo's mode=None.
    import torchinfo

    seen = []

    class Probe(torch.nn.Module):
        def forward(self, x):
            seen.append(self.training)
            return x

    torchinfo.summary(Probe(), input_size=(1, 2), verbose=0)
    assert seen == [False]
