"""The cases of tests/torch_gaps_a_cases.py in torch 2.13 and torchinfo 1.8: the counts pinned there are
theirs, what lstmcalc refuses Python refuses in the words pinned, and what it reads torch runs."""

from __future__ import annotations

import pytest

from tests.test_torch_gaps_a import GOLDEN
from tests.torch_code_cases import built_module, torchinfo_text
from tests.torch_gaps_a_cases import (
    ACTIVATION_HELD_AFTER,
    FORWARD_TENSOR_SETS_READ,
    ISINSTANCE_READ,
    ISINSTANCE_REFUSED,
    MODULE_DICTS_ASKED,
    MODULE_DICTS_READ,
    MODULE_DICTS_REFUSED,
    NOT_A_TYPE,
    TIED_FROZEN,
    TIED_FROZEN_COUNTS,
    TORCH_NN_IMPORTS,
    TRANSFORMER_ACTIVATIONS,
    TRANSFORMER_ACTIVATIONS_REFUSED,
)

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
torchinfo = pytest.importorskip("torchinfo")


def test_torch_counts_the_tied_parameter_once_and_torchinfo_twice() -> None:
    model = built_module(TIED_FROZEN)
    parameters = list(model.parameters())
    found = {
        "parameters": sum(p.numel() for p in parameters),
        "trainable": sum(p.numel() for p in parameters if p.requires_grad),
        "bytes": sum(p.numel() * p.element_size() for p in parameters),
    }
    statistics = torchinfo.summary(model, input_size=(2, 5), dtypes=[torch.long], verbose=0)
    found |= {
        "torchinfo_total": statistics.total_params,
        "torchinfo_trainable": statistics.trainable_params,
        "torchinfo_bytes": statistics.total_param_bytes,
    }
    assert found == TIED_FROZEN_COUNTS


@pytest.mark.parametrize("name", sorted(ISINSTANCE_REFUSED))
def test_python_refuses_isinstance_of_what_is_no_class(name: str) -> None:
    code, shapes, _ = ISINSTANCE_REFUSED[name]
    with pytest.raises(TypeError) as refused:
        built_module(code)(*(torch.zeros(*shape) for shape in shapes))
    assert str(refused.value) == NOT_A_TYPE


@pytest.mark.parametrize("name", sorted(ISINSTANCE_READ))
def test_python_never_reaches_what_follows_the_class_that_matches(name: str) -> None:
    code, shapes, output = ISINSTANCE_READ[name]
    assert tuple(built_module(code)(*(torch.zeros(*shape) for shape in shapes)).shape) == output


@pytest.mark.parametrize("name", sorted(MODULE_DICTS_READ))
def test_torch_counts_the_dict_s_model(name: str) -> None:
    code, parameters = MODULE_DICTS_READ[name]
    assert sum(p.numel() for p in built_module(code).parameters()) == parameters


@pytest.mark.parametrize("name", sorted(MODULE_DICTS_REFUSED))
def test_python_refuses_the_dict_call(name: str) -> None:
    code, _, message = MODULE_DICTS_REFUSED[name]
    with pytest.raises(TypeError) as refused:
        built_module(code)
    assert f"(TypeError: {refused.value})" in message


@pytest.mark.parametrize("name", sorted(MODULE_DICTS_ASKED))
def test_the_shared_list_does_change(name: str) -> None:
    # What lstmcalc asks for is what the change through the new dict made: the shared list's last item.
    code, _, _ = MODULE_DICTS_ASKED[name]
    assert built_module(code).fc.in_features == 32


@pytest.mark.parametrize("name", sorted([*TORCH_NN_IMPORTS, *TRANSFORMER_ACTIVATIONS]))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    code, shapes = {**TORCH_NN_IMPORTS, **TRANSFORMER_ACTIVATIONS}[name]
    assert torchinfo_text(code, shapes) == (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(TRANSFORMER_ACTIVATIONS_REFUSED))
def test_torch_counts_the_activation_s_weight_or_fails_on_its_shape(name: str) -> None:
    code, _, _, parameters = TRANSFORMER_ACTIVATIONS_REFUSED[name]
    model = built_module(code)
    if parameters is not None:
        assert sum(p.numel() for p in model.parameters()) == parameters
        assert "layer.activation.weight" in model.state_dict()
    else:
        with pytest.raises(RuntimeError, match="cannot be multiplied"):
            model(torch.zeros(2, 5, 16))


@pytest.mark.parametrize("name", sorted(FORWARD_TENSOR_SETS_READ))
def test_torch_gives_the_model_made_with_the_set_argument(name: str) -> None:
    code, arguments, parameters, output = FORWARD_TENSOR_SETS_READ[name]
    model = built_module(code.replace("model = Net()", "model = Net(x=3)"))
    assert sum(p.numel() for p in model.parameters()) == parameters
    assert tuple(model(torch.zeros(2, 5, 4)).shape) == output


def test_torchinfo_calls_the_activation_held_again_by_its_later_name() -> None:
    # Why lstmcalc refuses it: torchinfo's table shows the call inside the layer as the model's own act.
    code, _, _ = ACTIVATION_HELD_AFTER
    text = torchinfo_text(code, [[2, 5, 16]])
    assert "├─ReLU: 1-2                              [2, 5, 32]" in text
    assert sum(p.numel() for p in built_module(code).parameters()) == 2_224
    assert "Total params: 2,784" in text
