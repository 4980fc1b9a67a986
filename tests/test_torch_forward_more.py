"""More torch operations ``forward`` is followed through (tests/torch_forward_more_cases.py, pinned
from real torch 2.13): each case's module calls as torch's forward hooks see them, with no note; a
size the data decides is unknown (``?``), never a number; what torch refuses is refused at its call."""

from __future__ import annotations

from typing import Any

import pytest

from lstm_calc.errors import SpecError
from lstm_calc.render.torchinfo_table import render_torchinfo
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_forward_more_cases import EXPECTED, FORWARD_MORE_CASES


@pytest.mark.parametrize("name", FORWARD_MORE_CASES)
def test_each_call_as_torch_runs_it(name: str) -> None:
    code, shapes = FORWARD_MORE_CASES[name]
    summary = summarize(code, shapes)
    found = as_torch_gives(summary)
    assert found == EXPECTED[name]
    assert list(found["state_dict"]) == list(EXPECTED[name]["state_dict"])  # in torch's order too
    assert summary.notes == ()


def _model(expression: str) -> str:
    """A model whose forward hands ``expression`` (of ``x``, of shape (2, 3, 4)) to an nn.Identity."""
    return f"""import torch
import torch.nn as nn
import torch.nn.functional as F

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(5, 4))
        self.out = nn.Identity()

    def forward(self, x):
        n = int(x.sum().item())
        return self.out({expression})
"""


#: Integers as an index pick as many as they are: (expression of ``x`` of shape (2, 3, 4), torch's shape).
INTEGER_INDEXES = [
    ("x[:, torch.arange(2)]", (2, 2, 4)),
    ("x[x[:, 0, 0].argsort()]", (2, 3, 4)),
    ("x[:, x[0, :, 0].topk(2).indices]", (2, 2, 4)),
    ("x[x[:, 0, 0].max(0, keepdim=True).indices]", (1, 3, 4)),
    ("x[:, x[0, :, 0].abs().long().clamp(max=2)]", (2, 3, 4)),
]

#: expand and flatten as torch shapes them on x of shape (2, 3, 4) (the oracle checks each in torch).
EXPANDED = [
    ("x[:, :1].expand(-1, 5, -1)", (2, 5, 4)),
    ("x.expand(6, 2, 3, 4)", (6, 2, 3, 4)),
    ("x.unsqueeze(1).expand(2, 7, -1, 4)", (2, 7, 3, 4)),
    ("x.expand(2, 3, 4)", (2, 3, 4)),
    ("x.flatten(1, 1)", (2, 3, 4)),
    ("torch.flatten(x, -2, -1)", (2, 12)),
]

#: The line of ``self.out(...)`` in :func:`_model`'s code.
_LINE = 13


@pytest.mark.parametrize(
    ("expression", "output"),
    [
        # F.one_hot without num_classes (or -1) takes the largest class in the data plus one
        ("F.one_hot(x.argmax(-1))", (2, 3, None)),
        ("F.one_hot(x.argmax(-1), num_classes=-1)", (2, 3, None)),
        ("F.one_hot(x.argmax(-1), n)", (2, 3, None)),
        # a k, length, width or index length the data gives
        ("x.topk(n).values", (2, 3, None)),
        ("torch.topk(x, n, dim=1).indices", (2, None, 4)),
        ("x.narrow(1, 0, n)", (2, None, 4)),
        ("x.narrow(1, n, 2)", (2, 2, 4)),  # where it starts changes no size
        ("x.index_select(1, torch.arange(n))", (2, None, 4)),
        ("F.pad(x, (0, n))", (2, 3, None)),
        ("F.pad(x, (1, 1, 0, n))", (2, None, 6)),
        ("torch.gather(x, 1, x.argmax(1, keepdim=True)[:, :, :n])", (2, 1, None)),
        # a dim the data gives: which axis goes is not known, nor the rank
        ("x.mean(dim=n)", None),
        ("x.max(n).values", None),
        ("x.topk(2, dim=n).values", None),
        ("torch.tensordot(x, self.weight, dims=n)", None),
        # a dim the data gives that changes no shape: the shape is torch's whichever it is
        ("x.sort(n).values + x.cumsum(n) + x.flip(n) + torch.roll(x, 1, n)", (2, 3, 4)),
        # a mask, or a tensor not known to hold integers, as an index: how many it picks is the data's
        ("x[x[:, 0, 0] > 0]", (None, 3, 4)),
        ("x[:, x[0, :, 0].float()]", (2, None, 4)),
        *INTEGER_INDEXES,
    ],
)
def test_a_size_the_data_decides_is_unknown(expression: str, output: Any) -> None:
    summary = summarize(_model(expression), [[2, 3, 4]])
    assert summary.notes == ()
    assert summary.module_calls[-1].outputs == (None if output is None else (output,))


@pytest.mark.parametrize(("expression", "output"), EXPANDED)
def test_expand_and_flatten_shape_as_torch_does(expression: str, output: tuple[int, ...]) -> None:
    summary = summarize(_model(expression), [[2, 3, 4]])
    assert (summary.notes, summary.module_calls[-1].outputs) == ((), (output,))


def test_an_unknown_size_is_shown_as_a_question_mark() -> None:
    lines = render_torchinfo(summarize(_model("F.one_hot(x.argmax(-1))"), [[2, 3, 4]])).splitlines()
    assert lines[3:5] == [f"{'M':<41}{'[2, 3, ?]':<26}20", f"{'├─Identity: 1-1':<41}{'[2, 3, ?]':<26}--"]


@pytest.mark.parametrize(
    ("expression", "what"),
    [
        # a padding mode other than constant that cuts: not checked as torch checks it
        ("F.pad(x, (-1, -1), mode='reflect')", "F.pad(x, (-1, -1), mode='reflect')"),
        # a bias of more than one axis: how torch broadcasts it is not followed
        ("F.linear(x, self.weight, torch.zeros(3, 5))", "F.linear(x, self.weight, torch.zeros(3, 5))"),
        # logsumexp over no dims, norm over three
        ("torch.logsumexp(x, [])", "torch.logsumexp(x, [])"),
        ("x.norm(dim=(0, 1, 2))", "x.norm(dim=(0, 1, 2))"),
        # an index that is a list, not a tensor
        ("x.index_select(1, [0, 1])", "x.index_select(1, [0, 1])"),
        # the named tuple has no field of that name
        ("x.max(1).value", "x.max(1).value"),
    ],
)
def test_what_is_not_followed_is_one_note(expression: str, what: str) -> None:
    summary = summarize(_model(expression), [[2, 3, 4]])
    assert summary.notes == (
        f"forward does not follow line {_LINE} ({what}); the shapes that depend on it are unknown (?)",
    )
    assert summary.module_calls[-1].outputs is None


#: Calls torch refuses on x of shape (2, 3, 4) (weight (5, 4)), with lstmcalc's message
#: (torch's own where it is plain; test_torch_refuses_each_call checks that torch refuses them).
REFUSED = [
    (
        "x.expand(4, -1, -1)",
        "the expanded size of the tensor (4) must match the existing size (2) at non-singleton dimension 0: "
        "target sizes [4, -1, -1], tensor sizes [2, 3, 4]",
    ),
    ("x.expand(3, 4)", "expand takes at least as many sizes (2 given) as the tensor has axes (3)"),
    ("x.expand(-1, 2, 3, 4)", "the expanded size -1 isn't allowed in a leading, non-existing dimension 0"),
    ("x.flatten(2, 1)", "flatten() has invalid args: start_dim cannot come after end_dim"),
    ("torch.flatten(x, -1, 0)", "flatten() has invalid args: start_dim cannot come after end_dim"),
    ("torch.topk(x, 5)", "selected index k out of range"),
    ("x.topk(2, dim=3).values", "dimension 3 is out of range for a 3-D tensor"),
    ("torch.sort(x, dim=-4).values", "dimension -4 is out of range for a 3-D tensor"),
    ("torch.flip(x, (0, -3))", "dim 0 appears multiple times in the list of dims"),
    ("torch.flip(x, 1)", "flip(): argument 'dims' must be tuple of ints, not int"),
    ("torch.roll(x, (1, 2), (0,))", "shifts and dimensions must align. shifts: 2, dims:1"),
    ("torch.roll(x, (1, 2))", "shifts and dimensions must align. shifts: 2, dims:0"),
    ("x.cumsum(3)", "dimension 3 is out of range for a 3-D tensor"),
    ("x.narrow(2, 1, 4)", "start (1) + length (4) exceeds dimension size (4)."),
    ("x.narrow(2, -5, 2)", "start out of range (expected to be in range of [-4, 4], but got -5)"),
    ("x.narrow(2, 0, -1)", "narrow(): length must be non-negative."),
    (
        "torch.index_select(x, 1, torch.zeros(1, 1, dtype=torch.long))",
        "index_select(): Index is supposed to be a vector",
    ),
    (
        "torch.gather(x, 1, torch.zeros(2, 2, 5, dtype=torch.long))",
        "Size does not match at dimension 2 expected index [2, 2, 5] to be no larger than self [2, 3, 4] apart "
        "from dimension 1",
    ),
    (
        "torch.gather(x, 1, torch.zeros(2, 2, dtype=torch.long))",
        "Index tensor must have the same number of dimensions as input tensor",
    ),
    ("F.pad(x, (1,))", "Padding length must be divisible by 2"),
    ("F.pad(x, (-3, -2))", "narrow(): length must be non-negative."),
    (
        "F.pad(x, (1, 1, 1, 1, 1, 1, 1, 1))",
        "Padding length should be less than or equal to two times the input dimension but got padding length 8 "
        "and input of dimension 3",
    ),
    (
        "F.pad(x, (4, 4), mode='reflect')",
        "Padding size should be less than the corresponding input dimension, but got: padding (4, 4) at dimension "
        "2 of input [2, 3, 4]",
    ),
    ("F.pad(x, (5, 5), mode='circular')", "Padding value causes wrapping around more than once."),
    ("F.pad(x, (1, 1, 1, 1, 1, 1), mode='reflect')", "Padding size 6 is not supported for 3D input tensor."),
    ("F.pad(x, (1, 1), mode='wrap')", "Unrecognised padding mode wrap"),
    ("F.one_hot(x.argmax(-1), 0)", "Class values must be smaller than num_classes."),
    ("F.linear(x, self.weight.T)", "sizes 4 and 5 do not match"),
    ("F.linear(x, self.weight, torch.zeros(3))", "the bias's size 3 is not the weight's 5 outputs"),
    ("F.linear(x, torch.zeros(2, 5, 4))", "t() expects a tensor with <= 2 dimensions, but self is 3D"),
    ("torch.mean(x, dim=(1, -2))", "dim 1 appears multiple times in the list of dims"),
    ("x.max(dim=[1]).values", "max() takes dim as one int, not a list"),
    ("torch.argmax(x, dim=(1,))", "argmax() takes dim as one int, not a tuple"),
    ("x[0, 0].mT", "tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor."),
    ("torch.diag_embed(x, 0, 1, -3)", "diagonal dimensions cannot be identical 1, -3"),
    (
        "torch.tensordot(x, self.weight, dims=([1], [0]))",
        "contracted dimensions need to match, but first has size 3 in dim 1 and second has size 5 in dim 0",
    ),
    (
        "torch.tensordot(x, self.weight.T, dims=2)",
        "contracted dimensions need to match, but first has size 3 in dim -2 and second has size 4 in dim 0",
    ),
    ("torch.tensordot(x, self.weight, dims=3)", "tensordot expects dims < ndim_a or ndim_b, but got dims=3"),
    ("torch.tensordot(x, self.weight, dims=([2], [0, 1]))", "both dimension lists should have same length"),
]


@pytest.mark.parametrize(("expression", "message"), REFUSED)
def test_what_torch_refuses_is_refused_at_its_call(expression: str, message: str) -> None:
    with pytest.raises(SpecError) as refused:
        summarize(_model(expression), [[2, 3, 4]])
    assert str(refused.value) == f"model.py:{_LINE}:25: error: torch would refuse this: {message}"
