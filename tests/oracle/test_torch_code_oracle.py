"""Each PyTorch code case (tests/torch_code_cases.py, and tests/torch_forward_ops_cases.py for the
rules forward is followed by) instantiated and run in real torch: the state_dict's names and
shapes, the totals and each module call's output shapes (forward hooks) equal what lstmcalc reads
from the code without running it, and the pinned values (tests/torch_code_expected.py, the
forward cases' EXPECTED) are still torch's."""

from __future__ import annotations

import pytest

from tests import torch_forward_more_cases, torch_forward_ops_cases
from tests.test_torch_code import as_torch_gives, summarize
from tests.test_torch_forward_more import EXPANDED, INTEGER_INDEXES
from tests.test_torch_forward_more import REFUSED as FORWARD_CALLS_TORCH_REFUSES
from tests.test_torch_forward_ops import CONVOLUTIONS_TORCH_REFUSES
from tests.torch_code_cases import TORCH_CODE_CASES, run_in_torch
from tests.torch_code_expected import EXPECTED

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")

CASES = {
    **TORCH_CODE_CASES,
    **torch_forward_ops_cases.FORWARD_OPS_CASES,
    **torch_forward_more_cases.FORWARD_MORE_CASES,
}
PINNED = {**EXPECTED, **torch_forward_ops_cases.EXPECTED, **torch_forward_more_cases.EXPECTED}


@pytest.mark.parametrize("name", CASES)
def test_every_module_call_as_torch_runs_it(name: str) -> None:
    code, shapes = CASES[name]
    found = run_in_torch(code, shapes)
    assert as_torch_gives(summarize(code, shapes)) == found
    assert found == PINNED[name]


@pytest.mark.parametrize(
    ("equation", "shapes", "expected"),
    torch_forward_ops_cases.EINSUM_CASES,
    ids=[f"{case[0]}-{case[1]}" for case in torch_forward_ops_cases.EINSUM_CASES],
)
def test_einsum_shapes_and_refusals_are_torchs(
    equation: str, shapes: list[tuple[int, ...]], expected: tuple[int, ...] | str
) -> None:
    operands = [torch.zeros(shape) for shape in shapes]
    if isinstance(expected, str):
        with pytest.raises(RuntimeError) as refused:
            torch.einsum(equation, *operands)
        assert str(refused.value) == f"einsum(): {expected}"
    else:
        assert tuple(torch.einsum(equation, *operands).shape) == expected


@pytest.mark.parametrize(
    ("function", "shape", "arguments", "keywords", "expected"),
    torch_forward_ops_cases.POOLING_CASES,
    ids=[f"{case[0]}-{case[1]}-{case[2]}-{case[3]}" for case in torch_forward_ops_cases.POOLING_CASES],
)
def test_pooling_function_shapes_and_refusals_are_torchs(
    function: str, shape: tuple[int, ...], arguments: list[object], keywords: dict[str, object], expected: object
) -> None:
    pool = getattr(torch.nn.functional, function)
    if expected is None:
        with pytest.raises((RuntimeError, IndexError)):
            pool(torch.zeros(shape), *arguments, **keywords)
        return
    output = pool(torch.zeros(shape), *arguments, **keywords)
    found = tuple(tuple(part.shape) for part in output) if isinstance(output, tuple) else tuple(output.shape)
    assert found == expected


@pytest.mark.parametrize("expression", [case[0] for case in FORWARD_CALLS_TORCH_REFUSES])
def test_torch_refuses_each_forward_call_lstmcalc_refuses(expression: str) -> None:
    values = {"torch": torch, "F": torch.nn.functional, "x": torch.randn(2, 3, 4), "self": torch.nn.Module()}
    values["self"].weight = torch.nn.Parameter(torch.randn(5, 4))
    with pytest.raises((RuntimeError, IndexError, TypeError, NotImplementedError, ValueError)):
        eval(expression, values)  # noqa: S307 - the test's own expressions, in real torch


@pytest.mark.parametrize(("expression", "shape"), [*INTEGER_INDEXES, *EXPANDED])
def test_torch_gives_the_pinned_index_expand_and_flatten_shapes(expression: str, shape: tuple[int, ...]) -> None:
    found = eval(expression, {"torch": torch, "x": torch.randn(2, 3, 4)})  # noqa: S307 - the test's own expressions
    assert tuple(found.shape) == shape


@pytest.mark.parametrize("made", [case[0] for case in CONVOLUTIONS_TORCH_REFUSES])
def test_torch_refuses_to_make_the_convolutions_lstmcalc_refuses(made: str) -> None:
    with pytest.raises(ValueError):
        eval(made, {"nn": torch.nn})


def test_torchinfo_prints_the_table_for_the_sizes_set() -> None:
    import torchinfo

    from tests.conftest import ROOT, as_torchinfo_prints_here
    from tests.torch_code_cases import built_module

    code = torch_forward_ops_cases.UNKNOWN_SIZES_CODE
    sizes = [
        (1, *(8 if axis is None else axis for axis in shape[1:]))
        for shape in torch_forward_ops_cases.UNKNOWN_SIZES_INPUT
    ]
    text = torchinfo.summary(built_module(code), input_size=sizes, verbose=0)
    golden = (ROOT / "tests" / "golden" / "torchinfo" / "unknown_sizes_followed.out").read_text(encoding="utf-8")
    printed, note = golden.rstrip("\n").rsplit("\n", 1)
    assert f"{text}" == as_torchinfo_prints_here(printed)
    assert note == f"Unknown sizes set to 8 (batch 1) for torchinfo's input_size: {sizes[0]}"


@pytest.mark.parametrize(
    ("class_name", "positional", "keywords", "expected"), torch_forward_ops_cases.MODULE_ATTRIBUTE_CASES
)
def test_torch_holds_the_module_attributes_pinned(
    class_name: str, positional: list[object], keywords: dict[str, object], expected: dict[str, object]
) -> None:
    module = getattr(torch.nn, class_name)(*positional, **keywords)
    held = {attribute: getattr(module, attribute) for attribute in expected}
    assert [(type(value), value) for value in held.values()] == [(type(value), value) for value in expected.values()]
