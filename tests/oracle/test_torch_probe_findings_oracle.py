"""The cases of tests/torch_probe_cases.py and tests/torch_base_forward_cases.py in torch 2.13: what lstmcalc
refuses, torch refuses (building the model or calling it, in the words the case names), and torchinfo prints the
golden tables of the others."""

from __future__ import annotations

import math

import pytest

from tests.conftest import ROOT
from tests.test_torch_probe_findings import COLLECTIONS, READ_CASES, REFUSED_CASES, STATE_DICT_CASES
from tests.torch_code_cases import built_module, golden_table_holds, held_in_torch, refusal_when_run

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize(("collection", "name"), REFUSED_CASES)
def test_torch_refuses_it(collection: str, name: str) -> None:
    code, shapes, _, _, words = COLLECTIONS[collection].REFUSED[name]
    errors = (AssertionError, RuntimeError, IndexError, KeyError, AttributeError, TypeError, ValueError)
    assert words in refusal_when_run(code, shapes, errors)


@pytest.mark.parametrize(("collection", "name"), READ_CASES)
def test_torchinfo_prints_the_golden_table(collection: str, name: str) -> None:
    golden = ROOT / "tests" / "golden" / collection
    assert golden_table_holds(golden, name, *COLLECTIONS[collection].READ[name])


@pytest.mark.parametrize(("collection", "name"), STATE_DICT_CASES)
def test_torch_s_state_dict_is_the_expected_one(collection: str, name: str) -> None:
    held = held_in_torch(built_module(COLLECTIONS[collection].READ[name][0]))
    assert held["state_dict"] == COLLECTIONS[collection].STATE_DICTS[name]
    assert held["parameters"] == held["trainable"] == sum(math.prod(shape) for shape in held["state_dict"].values())


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


@pytest.mark.parametrize("call", ["self.encoder(x, src_key_padding_mask=mask)", "self.encoder(x, None, mask)"])
def test_torchinfo_fails_on_an_encoder_given_a_padding_mask(call: str) -> None:
    # Why lstmcalc leaves the layers of such an encoder unsized (tests/test_torch_inner_calls.py): their input is
    # a nested tensor, by keyword or by position, and torchinfo fails.
    import torchinfo

    code = (
        "import torch\nfrom torch import nn\n\n\nclass PadMask(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n"
        "        layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)\n"
        "        self.encoder = nn.TransformerEncoder(layer, num_layers=2)\n\n    def forward(self, x):\n"
        f"        mask = torch.zeros(x.size(0), x.size(1), dtype=torch.bool)\n        return {call}\n\n\n"
        "model = PadMask()\n"
    )
    with pytest.raises(RuntimeError, match="Failed to run torchinfo"):
        torchinfo.summary(built_module(code), input_size=(2, 5, 8), verbose=0)


@pytest.mark.parametrize("call", ["src, tgt, src_key_padding_mask=pad", "src, tgt, None, None, None, pad"])
def test_torchinfo_fails_on_a_transformer_given_a_padding_mask(call: str) -> None:
    # nn.Transformer's encoder given the mask runs its layers on nested tensors (tests/test_torch_inner_calls.py).
    import torchinfo

    code = (
        "import torch\nfrom torch import nn\n\n\nclass Seq2Seq(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n        self.transformer = nn.Transformer(8, 2, 1, 1, 16, batch_first=True)\n\n"
        "    def forward(self, src, tgt):\n        pad = torch.zeros(src.size(0), src.size(1), dtype=torch.bool)\n"
        f"        return self.transformer({call})\n\n\nmodel = Seq2Seq()\n"
    )
    with pytest.raises(RuntimeError, match="Failed to run torchinfo"):
        torchinfo.summary(built_module(code), input_size=[(3, 6, 8), (3, 4, 8)], verbose=0)
