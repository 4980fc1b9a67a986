"""The cases of tests/torch_loss_cases.py in torch 2.13: torchinfo prints the golden tables, the state_dict holds
the buffers the case names (and no other of a loss), torch refuses in the words the case names, the loss forward
calls is a row of torchinfo's as lstmcalc shows it, and each loss's parameters are torch's."""

from __future__ import annotations

import inspect

import pytest

from lstm_calc.layers import LAYER_TYPES
from tests.test_torch_code import as_torch_gives, summarize
from tests.test_torch_losses import GOLDEN
from tests.torch_code_cases import built_module, golden_table_holds, held_in_torch, refusal_when_run, run_in_torch
from tests.torch_loss_cases import BUFFERS, CALLED_IN_FORWARD, NOT_BROADCAST, READ, REFUSED

# NLLLoss2d is deprecated, size_average and reduce too; a target of another shape is broadcast with a warning.
pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore::FutureWarning", "ignore::UserWarning")]
torch = pytest.importorskip("torch")
pytest.importorskip("torchinfo")


def _imports_it(code: str) -> None:
    if "import pytorch_lightning" in code:
        pytest.importorskip("pytorch_lightning")


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    _imports_it(READ[name][0])
    assert golden_table_holds(GOLDEN, name, *READ[name])


@pytest.mark.parametrize("name", sorted(READ))
def test_the_state_dict_holds_the_buffers_and_lstmcalc_all_of_it(name: str) -> None:
    code, shapes = READ[name]
    _imports_it(code)
    held = held_in_torch(built_module(code))
    buffers = {key: shape for key, shape in held["state_dict"].items() if key not in held["named_parameters"]}
    assert buffers == BUFFERS[name]
    assert as_torch_gives(summarize(code, shapes))["state_dict"] == held["state_dict"]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_torch_refuses_it(name: str) -> None:
    code, _, _, words = REFUSED[name]
    assert words in refusal_when_run(code, [[2, 4]], (ValueError, TypeError))


def test_the_loss_forward_calls_is_a_row_of_torchinfo_s() -> None:
    # lstmcalc's rows up to the loss's are torch's, and the loss's input; its output lstmcalc leaves unknown.
    ran = run_in_torch(CALLED_IN_FORWARD, [[2, 4]])
    read = as_torch_gives(summarize(CALLED_IN_FORWARD, [[2, 4]]))
    assert [path for path, _, _ in ran["calls"]] == [path for path, _, _ in read["calls"]] == ["", "fc", "crit", "out"]
    assert ran["calls"][1] == read["calls"][1] and ran["calls"][3] == read["calls"][3]
    assert ran["call_inputs"][2] == read["call_inputs"][2]


@pytest.mark.parametrize("name", ["MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss"])
def test_an_element_wise_loss_s_layout_is_torch_s(name: str) -> None:
    # As tests/oracle/test_torch_kind_layouts_oracle.py checks the kinds: an input or a target permuted in memory.
    from types import SimpleNamespace

    from lstm_calc.readers.torch_forward_values import Tensor
    from lstm_calc.readers.torch_layout import CONTIGUOUS, strides_of
    from lstm_calc.readers.torch_loss_kinds import loss_result
    from lstm_calc.readers.torch_modules import ModuleNode

    module = ModuleNode(name, None)  # type: ignore[arg-type]
    module.layer = LAYER_TYPES[name.lower()]({"reduction": "none"}, framework="pytorch")
    permuted = torch.randn(3, 2).t()
    for pair in ((permuted, torch.zeros(2, 3)), (torch.randn(2, 3), torch.zeros(3, 2).t()), (permuted, torch.ones(3))):
        produced = getattr(torch.nn, name)(reduction="none")(*pair)
        given = [Tensor(tuple(t.shape), False, CONTIGUOUS if t.is_contiguous() else t.stride()) for t in pair]
        ours = loss_result(SimpleNamespace(), module, given, None)  # type: ignore[arg-type]
        assert strides_of(tuple(produced.shape), ours.layout) == produced.stride()


def test_torch_refuses_an_element_wise_loss_of_tensors_that_do_not_broadcast() -> None:
    code, shapes, _, _, words = NOT_BROADCAST
    assert words in refusal_when_run(code, shapes, RuntimeError)


def test_each_loss_s_parameters_are_torch_s() -> None:
    from lstm_calc.layers.torch_losses import LOSSES

    losses = set(torch.nn.modules.loss.__all__)
    assert losses - set(LOSSES) == {"LinearCrossEntropyLoss"}  # it holds an nn.Linear: not read
    for name, parameters in LOSSES.items():
        expected: list[tuple[str, object]] = []
        for parameter in list(inspect.signature(getattr(torch.nn, name).__init__).parameters.values())[1:]:
            if parameter.kind == inspect.Parameter.KEYWORD_ONLY and ("*", None) not in expected:
                expected.append(("*", None))
            expected.append((parameter.name, parameter.default))
        assert list(parameters) == expected, name
