"""The cases of tests/torch_gaps_d_cases.py in torch 2.13: torchinfo prints the golden tables of the models
lstmcalc reads, and torch refuses, in the words the case names, what lstmcalc refuses."""

from __future__ import annotations

import pytest

from tests.test_torch_gaps_d import GOLDEN
from tests.torch_code_cases import golden_table_holds, refusal_when_run
from tests.torch_gaps_d_cases import READ, REFUSED

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
pytest.importorskip("torchinfo")


def _imports_it(code: str) -> None:
    if "import pytorch_lightning" in code:
        pytest.importorskip("pytorch_lightning")


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    _imports_it(READ[name][0])
    assert golden_table_holds(GOLDEN, name, *READ[name])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_torch_refuses_it(name: str) -> None:
    code, shapes, _, _, words = REFUSED[name]
    _imports_it(code)
    errors = (RuntimeError, ValueError, NotImplementedError, TypeError, IndexError)
    assert words in refusal_when_run(code, shapes, errors)


@pytest.mark.parametrize(
    ("keywords", "shape"),
    [({"scale_factor": 2}, (2, 4, 6)), ({"size": (3, 9), "mode": "bilinear"}, (2, 4, 6, 6))],
)
def test_upsample_s_declared_layout_is_torch_s(keywords: dict, shape: tuple[int, ...]) -> None:
    # As tests/oracle/test_torch_kind_layouts_oracle.py checks the other kinds: contiguous and permuted inputs.
    from lstm_calc.readers.torch_forward_values import Tensor
    from lstm_calc.readers.torch_kinds import TORCH_KINDS
    from lstm_calc.readers.torch_layout import CONTIGUOUS, strides_of
    from lstm_calc.readers.torch_layout_values import module_output

    module = torch.nn.Upsample(**keywords).eval()
    for given in (torch.randn(*shape), torch.randn(shape[1], shape[0], *shape[2:]).transpose(0, 1)):
        produced = module(given)
        layout = CONTIGUOUS if given.is_contiguous() else tuple(given.stride())
        result = Tensor(tuple(produced.shape))
        ours = module_output(TORCH_KINDS["Upsample"], dict(keywords), [Tensor(shape, False, layout)], result)
        claimed = strides_of(tuple(produced.shape), ours.layout)
        assert claimed in (None, tuple(produced.stride()))
        assert claimed is not None or not given.is_contiguous()
