"""The rules ``forward`` is followed by, one focused case each (tests/torch_forward_ops_cases.py,
pinned from real torch 2.13): every module call's output as torch's forward hooks see it, with no
note; and where a value is not certain, one note at its line instead of a guess."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from lstm_calc.errors import SpecError
from lstm_calc.readers.torch_code import read_torch_model
from lstm_calc.readers.torch_kinds import TORCH_KINDS
from lstm_calc.readers.torch_loss_kinds import LOSS_PARAMETERS
from lstm_calc.readers.torch_module_attributes import torch_attribute
from lstm_calc.readers.torch_refusal import ShapeRefusal
from lstm_calc.readers.torch_tensor_ops import einsum
from lstm_calc.readers.torch_windows import pooled
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_forward_ops_cases import (
    EINSUM_CASES,
    EXPECTED,
    FORWARD_OPS_CASES,
    MODULE_ATTRIBUTE_CASES,
    POOLING_CASES,
    UNKNOWN_SIZES_CODE,
    UNKNOWN_SIZES_INPUT,
)
from tests.torch_gaps_d_cases import READ as GAPS_D_READ


def _refused(tmp_path: Path, code: str, *arguments: str) -> tuple[Path, str]:
    """``lstmcalc summary`` of ``code`` as model.py: it must end with exit 2, nothing on stdout; its
    file's path and stderr."""
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), *arguments])
    assert (result.exit_code, result.stdout) == (2, "")
    return path, result.stderr


@pytest.mark.parametrize("name", FORWARD_OPS_CASES)
def test_each_call_as_torch_runs_it(name: str) -> None:
    code, shapes = FORWARD_OPS_CASES[name]
    summary = summarize(code, shapes)
    found = as_torch_gives(summary)
    assert found == EXPECTED[name]
    assert list(found["state_dict"]) == list(EXPECTED[name]["state_dict"])  # in torch's order too
    assert summary.notes == ()


def _state_model(init: str, extra: str = "") -> str:
    return f"""
import torch
import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 6)
{init}
{extra}
    def forward(self, x):
        out, h = self.gru(x, self.state)
        return h
"""


@pytest.mark.parametrize(
    ("init", "extra"),
    [
        # assigned twice: which value forward sees is __init__'s order, read only where it is one
        (
            "        self.state = self.cold()\n        self.state = self.warm()",
            "    def cold(self):\n        return torch.zeros(1, 3, 6)\n\n"
            "    def warm(self):\n        return torch.ones(1, 2, 6)\n",
        ),
        # made from __init__'s own local name, which forward cannot see
        (
            "        batch = 2\n        self.state = self.make(batch)",
            "    def make(self, batch):\n        return torch.zeros(1, batch, 6)\n",
        ),
        # made by calling a module: a call of __init__'s, not forward's
        (
            "        self.fc = nn.Linear(6, 6)\n        self.state = self.make()",
            "    def make(self):\n        return self.fc(torch.zeros(1, 2, 6))\n",
        ),
        # read through another value that reads it back
        ("        self.state = self.other\n        self.other = self.state", ""),
    ],
    ids=["assigned_twice", "from_an_init_local", "by_a_module_call", "reading_itself"],
)
def test_a_state_init_makes_is_read_only_where_certain(init: str, extra: str) -> None:
    code = _state_model(init, extra)
    summary = summarize(code, [[5, 2, 4]])
    line = code.splitlines().index("        out, h = self.gru(x, self.state)") + 1
    assert summary.notes == (
        f"forward does not follow line {line} (the value of self.state); the shapes that depend on it are unknown (?)",
    )
    assert [call.path for call in summary.module_calls] == ["", "gru"]
    assert summary.module_calls[1].inputs is None


def _linear_model(body: str, prelude: str = "") -> str:
    return f"""
import torch.nn as nn
{prelude}
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
{body}
"""


@pytest.mark.parametrize(
    ("body", "prelude", "line", "what"),
    [
        # an item() is some number: a list of different values indexed by it is not known
        (
            "        choices = [x, x.mean(1)]\n        return self.fc(choices[x.argmax().item()])",
            "",
            11,
            "choices[x.argmax().item()]",
        ),
        # nor which branch a comparison of it takes
        (
            "        if x.sum().item() > 0:\n            x = x.mean(1)\n        return self.fc(x)",
            "",
            10,
            "which branch of 'if x.sum().item() > 0' runs",
        ),
        # a function of the file whose name is bound again is not followed
        ("        return self.fc(helper(x))", "\ndef helper(x):\n    return x\n\nhelper = print\n", 15, "helper(x)"),
    ],
    ids=["list_at_an_item", "branch_on_an_item", "function_name_rebound"],
)
def test_plain_python_not_certain_is_one_note(body: str, prelude: str, line: int, what: str) -> None:
    summary = summarize(_linear_model(body, prelude), [[3, 5, 4]])
    if what.startswith("which branch"):  # forward stops at a branch it cannot decide
        assert summary.notes == (
            f"forward is followed up to line {line} ({what}); the shapes after it are unknown (?)",
        )
    else:  # the value is unknown, and what depends on it
        assert summary.notes == (
            f"forward does not follow line {line} ({what}); the shapes that depend on it are unknown (?)",
        )
    assert summary.module_calls[0].outputs is None


@pytest.mark.parametrize(
    ("pool", "shape", "message"),
    [
        (
            "nn.MaxPool1d(2)",
            "2,3,4,5",
            "needs a 2-D or 3-D input (batch, channels, length), pooling the last axis as torch does, "
            "but receives (2, 3, 4, 5)",
        ),
        (
            "nn.AvgPool1d(5)",
            "2,3,4",
            "would output 0 positions: a window of kernel_size 5 is longer than the 4 input positions",
        ),
    ],
)
def test_a_pool_torch_refuses_is_refused_at_its_call(pool: str, shape: str, message: str, tmp_path: Path) -> None:
    code = f"""import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = {pool}

    def forward(self, x):
        return self.pool(x)
"""
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", shape])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"{path}:9:16: error: torch would refuse this call: {message}\n"
    with pytest.raises(SpecError, match="torch would refuse this call"):
        summarize(code, [[int(size) for size in shape.split(",")]])


def test_each_kind_shaped_by_its_layer_class_is_called_in_a_case() -> None:
    # A kind whose entry has no shape rule of its own takes its layer class's: each is followed above.
    by_layer_class = {name for name, kind in TORCH_KINDS.items() if kind.shapes is None and kind.composite is None}
    by_layer_class -= set(LOSS_PARAMETERS)  # a loss's result is not followed (tests/test_torch_losses.py)
    cases = ("pools_flatten_unflatten", "conv2d_and_pooling_functions", "activation_modules_and_adaptive_pools_2d")
    code = "".join(FORWARD_OPS_CASES[case][0] for case in cases) + GAPS_D_READ["upsample_of_images"][0]
    pools = {"MaxPool1d", "AvgPool1d", "AdaptiveAvgPool1d", "AdaptiveMaxPool1d", "MaxPool2d", "AvgPool2d"}
    # The activation modules that take arguments: their layer classes refuse what torch refuses when called.
    activations = {"ReLU", "GELU", "LeakyReLU", "ELU", "CELU", "SiLU", "SELU", "Mish", "ReLU6", "Hardswish"}
    activations |= {"Hardsigmoid", "Softplus", "Hardtanh", "Softshrink", "Hardshrink", "Threshold", "GLU"}
    activations |= {"Softmax", "LogSoftmax", "Softmin"}
    resizing = {"Flatten", "Unflatten", "Upsample"}
    assert by_layer_class == {*pools, "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", *resizing, *activations}
    assert all(f"nn.{name}(" in code for name in by_layer_class)


@pytest.mark.parametrize(
    ("equation", "shapes", "expected"), EINSUM_CASES, ids=[f"{case[0]}-{case[1]}" for case in EINSUM_CASES]
)
def test_einsum_gives_torchs_shape_or_its_refusal(
    equation: str, shapes: list[tuple[int, ...]], expected: tuple[int, ...] | str
) -> None:
    if isinstance(expected, str):
        with pytest.raises(ShapeRefusal) as refused:
            einsum(equation, shapes)
        assert str(refused.value) == f"einsum(): {expected}"
    else:
        assert einsum(equation, shapes) == expected


@pytest.mark.parametrize(
    ("function", "shape", "arguments", "keywords", "expected"),
    POOLING_CASES,
    ids=[f"{case[0]}-{case[1]}-{case[2]}-{case[3]}" for case in POOLING_CASES],
)
def test_a_pooling_function_gives_torchs_shape_or_refuses(
    function: str, shape: tuple[int, ...], arguments: list[Any], keywords: dict[str, Any], expected: Any
) -> None:
    if expected is None:
        with pytest.raises(ShapeRefusal):
            pooled(function, shape, arguments, keywords)
        return
    single = expected[0] if isinstance(expected[0], tuple) else expected
    assert pooled(function, shape, arguments, keywords) == single


@pytest.mark.parametrize(
    ("call", "shape", "message"),
    [
        (
            "F.max_pool1d(x, 3, 1, 2)",
            "2,3,5",
            "max_pool1d() has padding: 2, but torch takes at most half the kernel (1) for kernel_size 3",
        ),
        (
            "F.max_pool2d(x, 5)",
            "2,3,4,5",
            "would output 0 positions: a window of kernel_size 5 is longer than the 4 input positions",
        ),
        (
            "F.avg_pool1d(x, 2)",
            "2,3,4,5",
            "avg_pool1d() takes (batch, channels, length) or (channels, length), not a 4-D input",
        ),
    ],
)
def test_a_pooling_function_torch_refuses_is_refused_at_its_line(
    call: str, shape: str, message: str, tmp_path: Path
) -> None:
    code = f"""import torch.nn as nn
import torch.nn.functional as F

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(5, 2)

    def forward(self, x):
        return self.fc({call})
"""
    path, stderr = _refused(tmp_path, code, "--input-shape", shape)
    assert stderr == f"{path}:10:24: error: torch would refuse this: {message}\n"


def test_an_einsum_torch_refuses_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(_linear_model("        return self.fc(torch.einsum('ij,jk->ik', x, x))", "import torch\n"))
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "3,4"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:11:24: error: torch would refuse this: einsum(): subscript j has size 3 for operand 1 which does "
        "not broadcast with previously seen size 4\n"
    )


@pytest.mark.parametrize(
    ("body", "line", "what", "output"),
    [
        # torch.where's shape is all three broadcast: a condition not known leaves it unknown
        ("        return self.fc(torch.where(x.isclose(x), x, 0.0))", 11, "x.isclose(x)", None),
        # a sum of more terms than forward's loops may take is not added up: the size it gives is unknown
        (
            "        n = sum(range(10 ** 9))\n        return self.fc(x.view(n, -1))",
            11,
            "sum(range(10 ** 9))",
            ((None, 2),),
        ),
        # nor a power too large for a size
        ("        return self.fc(x.view(10 ** 100, -1))", 11, "10 ** 100", ((None, 2),)),
        # torch.tensor of lists nested deeper than any literal (made by a loop)
        (
            "        rows = [1]\n        for _ in range(40):\n            rows = [rows]\n"
            "        return self.fc(x + torch.tensor(rows))",
            14,
            "torch.tensor(rows)",
            None,
        ),
    ],
    ids=["where_on_an_unknown_condition", "sum_beyond_the_loop_bound", "power_beyond_its_bound", "deep_literal"],
)
def test_element_wise_values_not_certain_are_one_note(body: str, line: int, what: str, output: Any) -> None:
    summary = summarize(_linear_model(body, "import torch\n"), [[3, 4]])
    assert summary.notes == (
        f"forward does not follow line {line} ({what}); the shapes that depend on it are unknown (?)",
    )
    assert summary.module_calls[-1].outputs == output


def test_unknown_input_sizes_are_set_before_forward_is_followed(golden: Any) -> None:
    from lstm_calc.render.torchinfo_table import render_torchinfo

    summary = summarize(UNKNOWN_SIZES_CODE, UNKNOWN_SIZES_INPUT)
    # The summary itself keeps what is not known (JSON's null); torchinfo's table takes 1 and 8.
    assert [call.outputs for call in summary.module_calls[:2]] == [((None, None),), ((None, 6, None),)]
    assert [call.outputs for call in summary.torchinfo_calls[:2]] == [((1, 6),), ((1, 6, 3),)]
    golden("torchinfo/unknown_sizes_followed.out", render_torchinfo(summary))


def test_a_size_forward_cannot_follow_is_shown_unknown_never_set() -> None:
    from lstm_calc.render.torchinfo_table import render_torchinfo

    code = _linear_model(
        "        steps = int(x.sum().item())\n        return self.fc(torch.zeros(x.size(0), steps, 4))",
        "import torch\n",
    )
    lines = render_torchinfo(summarize(code, [[2, 4]])).splitlines()
    assert lines[3:5] == [f"{'M':<41}{'[2, ?, 2]':<26}--", f"{'├─Linear: 1-1':<41}{'[2, ?, 2]':<26}10"]
    assert lines[9:16] == [
        "Total mult-adds: ?",
        "=" * 90,
        "Input size (MB): ?",
        "Forward/backward pass size (MB): ?",
        "Params size (MB): 0.00",
        "Estimated Total Size (MB): ?",
        "=" * 90,
    ]


@pytest.mark.parametrize(("class_name", "positional", "keywords", "expected"), MODULE_ATTRIBUTE_CASES)
def test_a_torch_module_s_attributes_as_torch_holds_them(
    class_name: str, positional: list[Any], keywords: dict[str, Any], expected: dict[str, Any]
) -> None:
    given = ", ".join([*map(repr, positional), *(f"{key}={value!r}" for key, value in keywords.items())])
    code = (
        "import torch.nn as nn\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        f"        self.m = nn.{class_name}({given})\n\n    def forward(self, x):\n        return self.m(x)\n"
    )
    options = read_torch_model(ast.parse(code), "model.py").root.children["m"].options
    read = {attribute: torch_attribute(class_name, attribute, options) for attribute in expected}
    assert [(type(value), value) for value in read.values()] == [(type(value), value) for value in expected.values()]


def _submodule_model(child: str, forward: str) -> str:
    return f"""
import random

import torch
import torch.nn as nn

class Child(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 5)
        self.fc = nn.Linear(4, 4)
        self.state = None
{child}

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.child = Child()
        self.out = nn.Linear(5, 2)

    def forward(self, x):
{forward}
"""


@pytest.mark.parametrize(
    ("child", "forward", "marker", "what", "called"),
    [
        # a value the child's forward sets is not its __init__'s: not known from outside
        (
            "    def forward(self, x):\n        out, self.state = self.lstm(x)\n        return out",
            "        out = self.child(x)\n        h, c = self.child.state\n        return self.out(h[-1])",
            "h, c = self.child.state",
            "the value of self.child.state",
            ["", "child", "child.lstm", "out"],
        ),
        # an attribute of a torch.nn module lstmcalc does not hold as torch does
        (
            "",
            "        return self.out(x[..., : self.child.lstm.mode])",
            "self.child.lstm.mode",
            "the value of self.child.lstm.mode",
            ["", "out"],
        ),
        # a choice not known, one branch calling a module: neither call is recorded
        (
            "",
            "        y = self.child.fc(x) if random.random() < 0.5 else x\n        return self.out(y)",
            "y = self.child.fc(x)",
            "which value 'self.child.fc(x) if random.random() < 0.5 else x' takes",
            ["", "out"],
        ),
        # a choice not known between tensors of two shapes
        (
            "",
            "        y = x if random.random() < 0.5 else x[:, :1]\n        return self.out(y)",
            "y = x if",
            "which value 'x if random.random() < 0.5 else x[:, :1]' takes",
            ["", "out"],
        ),
        # a choice not known whose branch would change a list: neither is run, as only one would be
        (
            "",
            "        kept = [x]\n        y = kept.pop() if random.random() < 0.5 else x\n"
            "        return self.out(torch.zeros(len(kept), 5))",
            "y = kept.pop()",
            "which value 'kept.pop() if random.random() < 0.5 else x' takes",
            ["", "out"],
        ),
    ],
    ids=[
        "set_by_the_child_s_forward",
        "torch_attribute_not_held",
        "choice_calling_a_module",
        "choice_of_two_shapes",
        "choice_changing_a_list",
    ],
)
def test_a_submodule_value_or_choice_not_certain_is_one_note(
    child: str, forward: str, marker: str, what: str, called: list[str]
) -> None:
    code = _submodule_model(child, forward)
    line = next(number for number, text in enumerate(code.splitlines(), 1) if marker in text)
    summary = summarize(code, [[3, 2, 4]])
    assert summary.notes == (
        f"forward does not follow line {line} ({what}); the shapes that depend on it are unknown (?)",
    )
    assert [call.path for call in summary.module_calls if call.called] == called


@pytest.mark.parametrize(
    ("made", "message"),
    [
        ("weight_norm(nn.LSTM(4, 4))", "nn.LSTM has no parameter 'weight' of its own to normalise (its parameters: "),
        (
            "weight_norm(weight_norm(nn.Linear(4, 4)))",
            "weight_norm is already applied to 'weight' (torch: \"Cannot register two weight_norm hooks on the "
            'same parameter weight")',
        ),
        ("weight_norm(nn.Linear(4, 4), dim=2)", "dim 2 of weight_norm is not an axis of 'weight'"),
    ],
    ids=["no_such_parameter", "applied_twice", "dim_out_of_range"],
)
def test_a_weight_norm_torch_refuses_is_refused_at_its_call(made: str, message: str) -> None:
    code = (
        "import torch.nn as nn\nfrom torch.nn.utils import weight_norm\n\nclass M(nn.Module):\n"
        f"    def __init__(self):\n        super().__init__()\n        self.m = {made}\n\n"
        "    def forward(self, x):\n        return self.m(x)\n"
    )
    with pytest.raises(SpecError) as refused:
        summarize(code, [[2, 4]])
    assert f"torch would refuse this: {message}" in str(refused.value)


def _init_model(init: str, prelude: str, instantiation: str) -> str:
    return f"""from dataclasses import dataclass

import torch
import torch.nn as nn
{prelude}

class M(nn.Module):
    def __init__(self, flag, config=None):
        super().__init__()
        self.fc = nn.Linear(4, 2)
{init}

    def forward(self, x):
        return self.fc(x)

{instantiation}
"""


@pytest.mark.parametrize(
    ("init", "prelude", "instantiation", "marker", "message"),
    [
        # which parameter a conditional expression makes hangs on a value not known: asked for
        (
            "        self.scale = nn.Parameter(torch.ones(4)) if flag else None",
            "",
            "",
            "flag else",
            "lstmcalc cannot know the value of flag to decide which module or parameter __init__ makes without "
            "running the code; give it with --set 'flag=VALUE'",
        ),
        # a parameter inside what lstmcalc does not follow is refused, never left out of the counts
        (
            "        self.scale = [nn.Parameter(torch.ones(4))][0]",
            "",
            "",
            "[nn.Parameter",
            "lstmcalc cannot follow what makes self.scale: [nn.Parameter(torch.ones(4))][0] makes a module or "
            "nn.Parameter lstmcalc would not count; write it as self.name = nn.Class(...) or "
            "nn.Parameter(torch.zeros(...)), one per statement",
        ),
        # a configuration __init__ changes is not read as it was before the change
        (
            "        config.width = 16\n        self.out = nn.Linear(config.width, 2)",
            "\n@dataclass\nclass Config:\n    width: int = 8\n",
            "model = M(True, Config())",
            "config.width, 2",
            "lstmcalc cannot know the value of config.width for in_features of nn.Linear without running the "
            "code; give it with --set 'config.width=VALUE'",
        ),
    ],
    ids=["conditional_parameter_on_an_unknown", "parameter_in_an_unfollowed_expression", "changed_configuration"],
)
def test_a_weight_lstmcalc_cannot_be_sure_of_is_asked_for(
    init: str, prelude: str, instantiation: str, marker: str, message: str, tmp_path: Path
) -> None:
    code = _init_model(init, prelude, instantiation)
    line, column = next(
        (number, text.index(marker) + 1) for number, text in enumerate(code.splitlines(), 1) if marker in text
    )
    path = tmp_path / "model.py"
    path.write_text(code)
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "3,4"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{path}:{line}:{column}: error: {message}\n"


@pytest.mark.parametrize(
    ("forward", "expected"),
    [
        # a 2-D mask: whether it drops two axes or keeps one depends on its dtype, so the rank is unknown
        ("        mask = x.abs().sum(-1) > 0\n        return self.fc(x[mask])", None),
        # two index tensors broadcast together: the rank is not each's
        ("        i = torch.zeros(3).long()\n        return self.fc(x[i, i])", None),
        # one index of one axis keeps it, its length
        ("        i = torch.zeros(2).long()\n        return self.fc(x[:, i])", ((3, 2, 2),)),
        # a slice to a number forward cannot know keeps its axis, of unknown size
        ("        n = int(x.sum().item())\n        return self.fc(x[:, :n])", ((3, None, 2),)),
        # two bools make one axis together, and a bool with an index tensor broadcasts: not followed
        ("        return self.fc(x[True, True])", None),
        ("        return self.fc(x[True, :, [0, 1]])", None),
    ],
    ids=[
        "two_axis_mask",
        "two_index_tensors",
        "one_index_tensor",
        "slice_to_an_item",
        "two_bools",
        "a_bool_and_a_list",
    ],
)
def test_an_index_whose_rank_is_not_known_leaves_the_shape_unknown(forward: str, expected: Any) -> None:
    summary = summarize(_linear_model(forward, "import torch\n"), [[3, 5, 4]])
    assert summary.module_calls[-1].outputs == expected


@pytest.mark.parametrize(
    ("step", "refusal"), [("0", "slice step cannot be zero"), ("-1", "step must be greater than zero")]
)
def test_a_slice_step_torch_refuses_is_refused(step: str, refusal: str) -> None:
    with pytest.raises(SpecError, match=f"torch would refuse this: {refusal}"):
        summarize(_linear_model(f"        return self.fc(x[:, ::{step}])"), [[3, 5, 4]])


#: Convolutions torch refuses to construct (ValueError), with lstmcalc's message and the column of
#: the value of the argument it names (tests/oracle/test_torch_code_oracle.py checks that torch refuses each).
CONVOLUTIONS_TORCH_REFUSES = [
    (
        "nn.Conv1d(3, 4, 3, stride=2, padding='same')",
        58,
        "nn.Conv1d has padding: same with a stride above 1, which torch.nn.Conv1d refuses",
    ),
    (
        "nn.Conv2d(3, 4, (3, 2), stride=(1, 2), padding='same')",
        68,
        "nn.Conv2d has padding: same with a stride above 1, which torch.nn.Conv2d refuses",
    ),
    ("nn.Conv2d(3, 4, 3, groups=3)", 47, "nn.Conv2d has groups: 3, which must divide filters (4)"),
]


@pytest.mark.parametrize(("made", "column", "message"), CONVOLUTIONS_TORCH_REFUSES)
def test_a_convolution_torch_refuses_to_make_is_refused_at_its_argument(
    made: str, column: int, message: str, tmp_path: Path
) -> None:
    code = f"""import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = {made}

    def forward(self, x):
        return self.conv(x)
"""
    path, stderr = _refused(tmp_path, code)
    assert stderr == f"{path}:6:{column}: error: {message}\n"


@pytest.mark.parametrize(
    ("made", "column", "message"),
    [
        ("torch.tril(torch.ones(5))", 38, "tril: input tensor must have at least 2 dimensions"),
        ("torch.ones(2, 3, 4).view(5, -1)", 38, "shape (5, -1) is invalid for an input of size 24"),
        ("torch.ones(2, 3).reshape(-1, -1)", 38, "only one dimension can be inferred (-1)"),
    ],
)
def test_a_buffer_torch_refuses_to_make_is_refused_at_its_call(
    made: str, column: int, message: str, tmp_path: Path
) -> None:
    code = f"""import torch
import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("mask", {made})
"""
    path, stderr = _refused(tmp_path, code)
    assert stderr == f"{path}:7:{column}: error: torch would refuse this: {message}\n"


def _registering_model(init: str, prelude: str = "") -> str:
    return f"""import torch
import torch.nn as nn
{prelude}

class M(nn.Module):
    def __init__(self, size=4, names=("a",)):
        super().__init__()
        self.shared = nn.Linear(size, size)
{init}

    def forward(self, x):
        return x
"""


@pytest.mark.parametrize(
    ("init", "prelude", "marker", "message"),
    [
        # a function of the file registering on what it is given: it would be missing from the count
        (
            "        add_head(self, size)",
            "\ndef add_head(module, size):\n    module.add_module('head', nn.Linear(size, 2))\n",
            "add_head(self",
            "lstmcalc cannot follow add_head(self, size) in __init__ yet: it makes modules or parameters lstmcalc "
            "would not count; make each with self.name = nn.Class(...) in __init__ or a method of the class",
        ),
        # a name setattr cannot know is asked for
        (
            "        setattr(self, name_of(size), nn.Linear(size, 2))",
            "",
            "name_of(size)",
            "lstmcalc cannot know the value of name_of(size) to know the attribute setattr sets without running "
            "the code; give it with --set 'name_of(size)=VALUE'",
        ),
        # a name with a dot: torch's setattr takes it (add_module would not), lstmcalc does not follow it
        (
            "        setattr(self, 'a.b', nn.Linear(size, 2))",
            "",
            "'a.b'",
            "lstmcalc cannot follow an attribute named 'a.b': torch holds it (add_module would refuse it), but its "
            'state_dict keys would read as another module\'s; name it without "."',
        ),
        # a branch lstmcalc cannot decide that registers something is asked for, not skipped
        (
            "        if torch.cuda.is_available():\n            self.extra = nn.Linear(size, 2)",
            "",
            "torch.cuda.is_available()",
            "lstmcalc cannot know the value of torch.cuda.is_available() to decide which branch __init__ runs "
            "without running the code; give it with --set 'torch.cuda.is_available()=VALUE'",
        ),
        # a method calling itself
        (
            "        self.grow()\n\n    def grow(self):\n        self.grow()",
            "",
            "def grow",
            "classes and methods are nested more than 50 deep",
        ),
        # a method whose return lstmcalc cannot decide: asked for, never taken as falling through
        (
            "        self.head = self.pick()\n\n    def pick(self):\n        if torch.cuda.is_available():\n"
            "            return nn.Identity()\n        return nn.Linear(4, 2)",
            "",
            "torch.cuda.is_available()",
            "lstmcalc cannot know the value of torch.cuda.is_available() to decide which branch __init__ runs "
            "without running the code; give it with --set 'torch.cuda.is_available()=VALUE'",
        ),
        # a pretrained tensor whose shape lstmcalc cannot know
        (
            "        self.emb = nn.Embedding.from_pretrained(load_vectors())",
            "",
            "load_vectors()",
            "lstmcalc cannot know the shape of load_vectors() for nn.Embedding.from_pretrained without running the "
            "code; make the tensor with known sizes (torch.zeros(rows, columns)), or write nn.Embedding(rows, columns)",
        ),
        (
            "        self.emb = nn.Embedding.from_pretrained(torch.zeros(3, 4, 5))",
            "",
            "torch.zeros(3, 4, 5)",
            "torch would refuse this: Embeddings parameter is expected to be 2-dimensional",
        ),
        # modules unpacked from what a function of the file returns
        (
            "        self.enc, self.dec = make_pair(size)",
            "\ndef make_pair(width):\n    return nn.Linear(width, 2), nn.Linear(2, width)\n",
            "make_pair(size)",
            "lstmcalc cannot follow this unpacking in __init__ yet; make each module with self.name = ... in a "
            "statement of its own",
        ),
        # a copy of a module whose weight is another's: whether the copy shares it depends on where that is
        (
            "        fc = nn.Linear(size, size)\n        fc.weight = self.shared.weight\n"
            "        self.copies = nn.ModuleList([copy.deepcopy(fc) for _ in range(2)])",
            "import copy\n",
            "copy.deepcopy(fc)",
            "lstmcalc cannot copy a module with tied weights yet",
        ),
        # a copy of the module being built, with what it holds so far
        (
            "        self.twin = copy.deepcopy(self)",
            "import copy\n",
            "copy.deepcopy(self)",
            "lstmcalc cannot copy the module __init__ is building",
        ),
        # changes to a container torch numbers again, or that lstmcalc cannot follow, are refused
        (
            "        self.layers = nn.ModuleList([nn.Linear(size, size) for _ in range(3)])\n"
            "        del self.layers[0]",
            "",
            "self.layers[0]",
            "lstmcalc cannot follow this del in __init__ yet: it changes which modules the model holds",
        ),
        (
            "        self.layers = nn.ModuleList([nn.Linear(size, size) for _ in range(3)])\n"
            "        self.layers.pop(0)",
            "",
            "self.layers.pop(0)",
            "lstmcalc cannot follow self.layers.pop(0) in __init__ yet: it changes which modules the model "
            "holds; build the container with the modules it keeps",
        ),
        (
            "        layers = [nn.Linear(size, size) for _ in range(3)]\n        layers.pop()\n"
            "        self.seq = nn.Sequential(*layers)",
            "",
            "layers.pop()",
            "lstmcalc cannot follow layers.pop() in __init__ yet: it changes which modules the model holds; "
            "build the container with the modules it keeps",
        ),
        (
            "        self.seq = nn.Sequential(nn.Linear(size, size), nn.ReLU())\n"
            "        self.seq = self.seq.get_submodule('0')",
            "",
            "self.seq.get_submodule",
            "lstmcalc cannot tell which module self.seq is now: self.seq.get_submodule('0') is not known without "
            "running the code; make the module it should be in one statement",
        ),
        # a method that gives no module where nn.ModuleList takes one
        (
            "        self.blocks = nn.ModuleList([self.width(i) for i in range(2)])\n\n    def width(self, i):\n"
            "        return nn.Linear(4, 4) if i else self.missing",
            "",
            "self.width(i)",
            "lstmcalc cannot tell which module this is",
        ),
    ],
    ids=[
        "file_function_registers",
        "unknown_setattr_name",
        "dotted_name",
        "undecided_branch",
        "recursive_method",
        "undecided_return",
        "pretrained_of_unknown_shape",
        "pretrained_of_three_axes",
        "unpacked_from_a_function",
        "copy_of_tied_weights",
        "copy_of_self",
        "del_of_an_item",
        "pop_of_a_container",
        "pop_of_a_list_of_modules",
        "submodule_got",
        "method_gives_no_module",
    ],
)
def test_what_init_registers_out_of_sight_is_refused_or_asked_for(
    init: str, prelude: str, marker: str, message: str, tmp_path: Path
) -> None:
    code = _registering_model(init, prelude)
    line, column = next(
        (number, text.index(marker) + 1) for number, text in enumerate(code.splitlines(), 1) if marker in text
    )
    path, stderr = _refused(tmp_path, code)
    assert stderr == f"{path}:{line}:{column}: error: {message}\n"


@pytest.mark.parametrize(
    "name",
    [
        '"{:>999999999}".format(1)',  # a width of a billion: not formatted, asked for
        "text",  # doubled by a loop past any name's length
    ],
)
def test_a_name_too_long_to_make_is_asked_for_never_built(name: str, tmp_path: Path) -> None:
    init = "        text = 'ab'\n        for _ in range(40):\n            text = f'{text}{text}'\n"
    code = _registering_model(f"{init}        setattr(self, {name}, nn.Linear(size, 2))")
    assert "to know the attribute setattr sets without running the code" in _refused(tmp_path, code)[1]


def test_setattr_on_another_object_still_makes_module_names_unknown(tmp_path: Path) -> None:
    # setattr(self, ...) sets an instance's attribute; on any other object it may be a module's name.
    code = """import sys
import torch.nn as nn

size = 4
setattr(sys.modules[__name__], "size", 8)


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(size, 2)

    def forward(self, x):
        return self.fc(x)
"""
    assert "lstmcalc cannot know the value of size for in_features of nn.Linear" in _refused(tmp_path, code)[1]


@pytest.mark.parametrize(
    ("init", "method", "expected"),
    [
        # made in __init__: there; set only in a branch __init__ did not take: not there
        ("        self.drop = nn.Dropout(0.1)", "", ((3, 2),)),
        ("        if False:\n            self.drop = nn.Dropout(0.1)", "", ((3, 2),)),
        # set by another method, which forward may have run: not certain, one note
        ("", "    def enable(self):\n        self.drop = nn.Dropout(0.1)\n", None),
    ],
    ids=["made", "branch_not_taken", "set_elsewhere"],
)
def test_hasattr_of_self_is_read_where_certain(init: str, method: str, expected: Any) -> None:
    code = f"""import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
{init}

{method}
    def forward(self, x):
        if hasattr(self, "drop"):
            x = self.drop(x)
        return self.fc(x)
"""
    summary = summarize(code, [[3, 4]])
    assert summary.module_calls[-1].outputs == expected
    assert bool(summary.notes) == (expected is None)
