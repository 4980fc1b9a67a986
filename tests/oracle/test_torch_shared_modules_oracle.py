"""Each shared-module case (tests/torch_shared_module_cases.py) built in real torch: its state_dict,
named_parameters() and parameters() are the pinned ones, lstmcalc's rows are named_parameters(),
and torchinfo 1.8 prints the golden text lstmcalc's table is held to."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_code_cases import built_module, held_in_torch
from tests.torch_shared_module_cases import EXPECTED, TORCH_SHARED_CASES

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
torchinfo = pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", TORCH_SHARED_CASES)
def test_torch_counts_the_module_once_and_names_it_twice_in_its_state_dict(name: str) -> None:
    code, shapes = TORCH_SHARED_CASES[name]
    found = held_in_torch(built_module(code))
    assert found == EXPECTED[name]
    read = as_torch_gives(summarize(code, shapes))  # type: ignore[arg-type]
    assert read["state_dict"] == found["named_parameters"]
    assert (read["params"], read["trainable"]) == (found["parameters"], found["trainable"])


@pytest.mark.parametrize("name", [name for name in TORCH_SHARED_CASES if name != "in_sequential_then_kept"])
def test_torchinfo_prints_the_golden_text(name: str) -> None:
    code, shapes = TORCH_SHARED_CASES[name]
    text = str(torchinfo.summary(built_module(code), input_size=[tuple(shape) for shape in shapes], verbose=0)) + "\n"
    golden = ROOT / "tests" / "golden" / "torchinfo" / f"shared_{name}.out"
    assert text == as_torchinfo_prints_here(golden.read_text(encoding="utf-8"))


def test_a_tied_parameter_is_what_torch_and_torchinfo_give() -> None:
    from tests.torch_shared_module_cases import TIED_EXPECTED, TIED_LANGUAGE_MODEL

    model = built_module(TIED_LANGUAGE_MODEL)
    state_dict = {key: tuple(value.shape) for key, value in model.state_dict().items()}
    assert state_dict == TIED_EXPECTED["state_dict"]
    assert sum(parameter.numel() for parameter in model.parameters()) == TIED_EXPECTED["parameters"]
    text = str(torchinfo.summary(model, input_size=(2, 5), dtypes=[torch.long], verbose=0)) + "\n"
    assert f"Total params: {TIED_EXPECTED['torchinfo_total']:,}\n" in text
    golden = ROOT / "tests" / "golden" / "torchinfo" / "tied_language_model.out"
    assert as_torchinfo_prints_here(golden.read_text(encoding="utf-8")) == text


@pytest.mark.parametrize("view", ["depth0", "percent"])
def test_torchinfo_prints_the_tied_model_s_other_views(view: str) -> None:
    from tests.torch_shared_module_cases import TIED_LANGUAGE_MODEL, TIED_VIEWS

    _, depth, columns = TIED_VIEWS[view]
    model = built_module(TIED_LANGUAGE_MODEL)
    text = str(torchinfo.summary(model, (2, 5), dtypes=[torch.long], depth=depth, col_names=columns, verbose=0)) + "\n"
    golden = ROOT / "tests" / "golden" / "torchinfo" / f"tied_language_model.{view}.out"
    assert as_torchinfo_prints_here(golden.read_text(encoding="utf-8")) == text
