"""Defects of the PyTorch code reader, each pinned (tests/torch_reader_defect_cases.py; the totals are torch
2.13's, checked by tests/oracle/test_torch_reader_defects_oracle.py): --set over a tensor forward passes
to a module, and --stats; --set without an expression or a value; forward's helpers calling each other
twice per level and splits of a huge axis, followed up to a bound; a class attribute holding a torch.nn
class; a list default spread with ``*``; ``super().__init__(**kwargs)``."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.code_summaries import assert_refused, read_summary, summarize_code
from tests.torch_reader_defect_cases import (
    BOUNDED_CASES,
    CLASS_ATTRIBUTE_CASES,
    HEADER,
    HUGE_SPLITS,
    KWARGS_CASES,
    KWARGS_REFUSED,
    LIST_DEFAULT_CASES,
    NONE_DEFAULT,
    split_code,
)

#: forward passing x on to a Linear, and taking a second argument it slices with.
SLICING = (
    HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.fc = nn.Linear(8, 4)\n\n    def forward(self, x, steps):\n        return self.fc(x)[:, -steps:]\n"
)
#: An Embedding given its ids by keyword: a forward hook receives no positional tensor.
BY_KEYWORD = (
    HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.emb = nn.Embedding(100, 8)\n\n    def forward(self, x):\n        return self.emb(input=x)\n"
)
STATS_REFUSED = "Error: --stats cannot count this model's MACs exactly: "


def _stats_refusal(result_stderr: str) -> str:
    """The last line of a refusal click prints after its usage lines."""
    return result_stderr.strip().splitlines()[-1]


def test_a_set_value_for_forward_s_second_tensor_stands_in_its_slice(tmp_path: Path) -> None:
    summary = read_summary(tmp_path, SLICING, "--input-shape", "2,5,8", "--input-shape", "1", "--set", "steps=1")
    assert [layer["output_shape"] for layer in summary["layers"]] == [[2, 5, 4]]
    assert "notes" not in summary


def test_a_forward_argument_given_no_shape_is_still_a_tensor(tmp_path: Path) -> None:
    for stats in ((), ("--stats",)):
        path, result = summarize_code(tmp_path, SLICING, "--input-shape", "2,5,8", "--set", "steps=1", *stats)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            f"{path}:10:5: error: --input-shape is given 1 time(s), but forward takes 2 tensor(s): x, steps\n"
        )


def test_a_set_value_over_a_tensor_a_module_takes_is_refused_at_it(tmp_path: Path) -> None:
    # It was a note (forward not followed there); --set gives no tensor: the shape is --input-shape's.
    arguments = ("--input-shape", "2,5,8", "--input-shape", "1", "--set", "x=1")
    for stats in ((), ("--stats",)):
        path, result = summarize_code(tmp_path, SLICING, *arguments, *stats)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            f"{path}:11:24: error: --set x: nn.Linear takes x here as its tensor, which --set cannot give; give "
            "the shape of a tensor forward takes with --input-shape B,T,... (and no --set)\n"
        )


def test_a_module_given_its_tensor_by_keyword_is_followed_and_stats_refuses(tmp_path: Path) -> None:
    # Its output is torchinfo's (tests/test_torch_keyword_tensors.py); a forward hook receives no
    # positional tensor, so its MACs are not counted from one.
    summary = read_summary(tmp_path, BY_KEYWORD, "--input-shape", "2,5")
    assert (summary["total_params"], summary["layers"][0]["output_shape"]) == (800, [2, 5, 8])
    assert "notes" not in summary
    _, result = summarize_code(tmp_path, BY_KEYWORD, "--input-shape", "2,5", "--stats")
    assert (result.exit_code, result.stdout) == (2, "")
    assert _stats_refusal(result.stderr) == (
        STATS_REFUSED + "emb (Embedding) is called with fewer tensors than lstmcalc reads (give them by position)"
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("=1", "--set '=1' is not EXPRESSION=VALUE, e.g. --set 'actions.shape[0]=3'"),
        ("steps", "--set 'steps' is not EXPRESSION=VALUE, e.g. --set 'actions.shape[0]=3'"),
        ("steps=", "--set 'steps=' is not EXPRESSION=VALUE: VALUE is empty (the empty string is written '')"),
        ("steps= ", "--set 'steps= ' is not EXPRESSION=VALUE: VALUE is empty (the empty string is written '')"),
    ],
)
def test_a_set_without_expression_or_value_is_refused_as_the_option_s_other_errors(
    tmp_path: Path, given: str, message: str
) -> None:
    _, result = summarize_code(tmp_path, SLICING, "--set", given)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message}\n")


def test_the_empty_string_is_still_given_as_quotes(tmp_path: Path) -> None:
    code = SLICING.replace("nn.Linear(8, 4)", "nn.Linear(8, 4)\n        self.tag = tag").replace(
        "def __init__(self)", "def __init__(self, tag)"
    )
    assert read_summary(tmp_path, code, "--set", "tag=''")["total_params"] == 36


@pytest.mark.parametrize("name", sorted(BOUNDED_CASES))
def test_helpers_calling_each_other_twice_per_level_are_followed_up_to_a_bound(tmp_path: Path, name: str) -> None:
    code, shape, total, note = BOUNDED_CASES[name]
    started = time.perf_counter()
    summary = read_summary(tmp_path, code, "--input-shape", shape)
    assert time.perf_counter() - started < 5  # unbounded, the calls would be 2**30 and more
    assert (summary["total_params"], summary["notes"]) == (total, [note])


@pytest.mark.parametrize("expression", sorted(HUGE_SPLITS))
def test_a_split_of_a_huge_axis_is_not_made(tmp_path: Path, expression: str) -> None:
    started = time.perf_counter()
    summary = read_summary(tmp_path, split_code(expression), "--input-shape", "2,100000000")
    assert time.perf_counter() - started < 5  # unbounded, 10**8 tensors: minutes and gigabytes
    note = f"forward does not follow line 12 ({HUGE_SPLITS[expression]}); the shapes that depend on it are unknown (?)"
    assert (summary["total_params"], summary["notes"]) == (6, [note])
    assert summary["layers"][0]["output_shape"] == [100000000, 2]


def test_splits_in_a_loop_are_bounded_in_all(tmp_path: Path) -> None:
    started = time.perf_counter()
    summary = read_summary(tmp_path, split_code("x.unbind(1)", 100000), "--input-shape", "2,50000")
    assert time.perf_counter() - started < 5
    assert summary["notes"] == [
        "forward does not follow line 12 (split, chunk and unbind make more than 100,000 tensors in all); "
        "the shapes that depend on it are unknown (?)"
    ]


def test_a_few_splits_are_followed_to_the_end(tmp_path: Path) -> None:
    summary = read_summary(tmp_path, split_code("x.unbind(1)", 3), "--input-shape", "2,5000")
    assert "notes" not in summary
    assert summary["layers"][0]["output_shape"] == [5000, 2]


@pytest.mark.parametrize("name", sorted(CLASS_ATTRIBUTE_CASES))
def test_a_class_attribute_holding_a_torch_class_makes_it(tmp_path: Path, name: str) -> None:
    code, total = CLASS_ATTRIBUTE_CASES[name]
    assert read_summary(tmp_path, code)["total_params"] == total


def test_a_class_attribute_bound_twice_is_not_read(tmp_path: Path) -> None:
    code = CLASS_ATTRIBUTE_CASES["through_self"][0].replace(
        "    rnn_cls = nn.GRU\n", "    rnn_cls = nn.GRU\n    rnn_cls = nn.LSTM\n"
    )
    assert_refused(tmp_path, code, "11:20", "lstmcalc cannot follow self.rnn_cls(8, 16): ")


@pytest.mark.parametrize("name", sorted(LIST_DEFAULT_CASES))
def test_a_list_default_is_the_list(tmp_path: Path, name: str) -> None:
    code, total = LIST_DEFAULT_CASES[name]
    assert read_summary(tmp_path, code)["total_params"] == total


def test_an_unknown_spread_is_asked_for(tmp_path: Path) -> None:
    code = LIST_DEFAULT_CASES["spread_list_default"][0].replace("sizes=[32, 16]", "sizes")
    assert_refused(
        tmp_path,
        code,
        "8:30",
        "lstmcalc cannot know the value of sizes for *sizes of nn.Linear without running the code; "
        "give it with --set 'sizes=VALUE'",
    )


@pytest.mark.parametrize("name", sorted(KWARGS_CASES))
def test_kwargs_given_on_by_super_init(tmp_path: Path, name: str) -> None:
    code, total = KWARGS_CASES[name]
    assert read_summary(tmp_path, code)["total_params"] == total


@pytest.mark.parametrize("name", sorted(KWARGS_REFUSED))
def test_nn_module_given_arguments_is_refused_as_torch_refuses_it(tmp_path: Path, name: str) -> None:
    code, where, message = KWARGS_REFUSED[name]
    path, result = summarize_code(tmp_path, code)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


def test_a_none_default_of_forward_is_read_as_none_and_a_set_over_it_refused(tmp_path: Path) -> None:
    summary = read_summary(tmp_path, NONE_DEFAULT, "--input-shape", "2,5,8")
    assert [layer["output_shape"] for layer in summary["layers"]] == [[2, 5, 16], [2, 5, 4]]
    path, result = summarize_code(tmp_path, NONE_DEFAULT, "--input-shape", "2,5,8", "--set", "steps=1")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:13:32: error: --set steps: the code gives steps its value wherever lstmcalc reads it (as here), "
        "so --set would change nothing; --set is for what the code cannot give (to try another value, change the "
        "code)\n"
    )
