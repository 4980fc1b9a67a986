"""Configuration dicts read as Python reads them (tests/config_reads_cases.py, totals from torch 2.13 and
Keras 3), a dict changed between two reads asked for at the read, and the ``--set`` option each question
suggests: quoted so that a POSIX shell gives lstmcalc exactly the expression, and accepted as given."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from lstm_calc.readers.set_values import set_option
from tests.code_summaries import read_summary, summarize_code, totals
from tests.config_reads_cases import CHANGED_CASES, READ_CASES, RECORD_ASKED


@pytest.mark.parametrize("name", READ_CASES)
def test_a_config_dict_is_read_as_python_reads_it(tmp_path: Path, name: str) -> None:
    _, code, expected = READ_CASES[name]
    assert totals(read_summary(tmp_path, code)) == expected


@pytest.mark.parametrize("name", CHANGED_CASES)
def test_a_dict_changed_between_two_reads_is_asked_for_at_the_second(tmp_path: Path, name: str) -> None:
    _, code, (line, column), text, _ = CHANGED_CASES[name]
    path, result = summarize_code(tmp_path, code)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:{line}:{column}: error: ")
    assert f"{text}" in result.stderr
    assert set_option(text) in result.stderr


@pytest.mark.parametrize("name", RECORD_ASKED)
def test_a_record_read_other_than_by_its_fields_names_is_asked_for(tmp_path: Path, name: str) -> None:
    code, (line, column), text = RECORD_ASKED[name]
    path, result = summarize_code(tmp_path, code)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:{line}:{column}: error: lstmcalc cannot know the value of {text} for in_features of nn.Linear "
        f"without running the code; give it with {set_option(text)}\n"
    )


@pytest.mark.parametrize(
    ("expression", "option"),
    [
        ("hidden", "--set 'hidden=VALUE'"),
        ("self.hidden", "--set 'self.hidden=VALUE'"),
        ("cfg['units']", "--set \"cfg['units']=VALUE\""),
        ("config.get('n_in', 8)", "--set \"config.get('n_in', 8)=VALUE\""),
        ("f\"{a}\"['x']", "--set 'f\"{a}\"['\\''x'\\'']=VALUE'"),
        ("env['$HOME']", "--set 'env['\\''$HOME'\\'']=VALUE'"),
    ],
)
def test_the_suggested_option_reaches_lstmcalc_as_the_expression(expression: str, option: str) -> None:
    assert set_option(expression) == option
    assert shlex.split(option) == ["--set", f"{expression}=VALUE"]


def test_the_suggested_option_given_back_gives_the_count(tmp_path: Path) -> None:
    code = READ_CASES["torch_get_in_init"][1].replace('cfg = {"hidden": 16}\nmodel = Model(cfg)\n', "")
    path, result = summarize_code(tmp_path, code, "--model", "Model")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:7:29: error: lstmcalc cannot know the value of config.get('n_in', 8) for input_size of nn.LSTM "
        "without running the code; give it with --set \"config.get('n_in', 8)=VALUE\"\n"
    )
    given = [
        *shlex.split("--set \"config.get('n_in', 8)=8\""),
        *shlex.split("--set \"config.get('hidden', 32)=16\""),
        *shlex.split("--set \"config.get('bias', True)=True\""),
    ]
    summary = read_summary(tmp_path, code, "--model", "Model", *given)
    assert summary["total_params"] == READ_CASES["torch_get_in_init"][2][0]


@pytest.mark.parametrize(
    ("call", "where", "message"),
    [
        (
            'nn.Linear(10, 3, bias=True, **{"bias": False})',
            "8:47",
            "Python refuses this call (TypeError: nn.Linear got multiple values for keyword argument 'bias')",
        ),
        (
            'nn.Linear(10, 3, **{"in_features": 4})',
            "8:36",
            "Python refuses this call (TypeError: nn.Linear got multiple values for argument 'in_features')",
        ),
    ],
)
def test_a_keyword_given_twice_to_a_torch_module_is_refused_in_pythons_words(
    tmp_path: Path, call: str, where: str, message: str
) -> None:
    # torch 2.13 raises: Linear() got multiple values for keyword argument 'bias' / for argument 'in_features'.
    code = (
        "import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n\n"
        f"        self.fc = {call}\n\n\nmodel = Net()\n"
    )
    path, result = summarize_code(tmp_path, code)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{path}:{where}: error: {message}\n"
