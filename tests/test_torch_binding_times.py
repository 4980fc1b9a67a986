"""Module-level names read as Python reads them: the arguments a model is made with, spread with
``*`` and ``**``, and the module's constants as they are when the model is made and when a default
is made. Totals pinned from torch 2.13 (``sum(p.numel() for p in model.parameters())``); where a name
is bound again later, lstmcalc asks for it rather than read its later value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main

MODEL = """import torch.nn as nn
{before}

class M(nn.Module):
    def __init__(self, a=2, h={default}, g=0):
        super().__init__()
        self.fc = nn.Linear(a, h)

    def forward(self, x):
        return x


{after}
"""


ROLES = {"a": "in_features", "h": "out_features"}


def _summary(tmp_path: Path, code: str) -> tuple[int, str, str]:
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "json"])
    return result.exit_code, result.stdout, result.stderr.replace(str(path), "model.py")


@pytest.mark.parametrize(
    ("before", "after", "params"),
    [
        ("", "model = M(*[3])", 20),  # a=3, h=5
        ("", "sizes = [3]\nmodel = M(*sizes, h=4)", 16),  # a=3, h=4
        ("", "model = M(**{'h': 6}, g=1)", 18),  # a=2, h=6 (was 15: ** was passed over, h kept its default)
        ("", "H = 4\nmodel = M(H, H + 1)\nH = 99", 25),  # the arguments as they are at the call
    ],
    ids=["star_list", "star_name_and_keyword", "double_star_dict", "arguments_at_the_call"],
)
def test_arguments_spread_or_rebound_are_read_as_python_binds_them(
    before: str, after: str, params: int, tmp_path: Path
) -> None:
    code, stdout, stderr = _summary(tmp_path, MODEL.format(before=before, default=5, after=after))
    assert (code, stderr) == (0, "")
    assert json.loads(stdout)["total_params"] == params


@pytest.mark.parametrize(
    ("before", "default", "after", "where", "name"),
    [
        # torch: 12 parameters (**config of a file lstmcalc cannot read: any parameter may be in it)
        ("import json", 5, "config = json.load(open('config.json'))\nmodel = M(**config)", "7:29", "a"),
        # torch: 20 parameters (the default is made when the class is: HIDDEN was 4 then, not 16)
        ("HIDDEN = 4", "HIDDEN", "HIDDEN = 16\nmodel = M()", "7:32", "h"),
    ],
    ids=["double_star_unknown", "default_of_a_constant_bound_again"],
)
def test_what_python_binds_at_another_moment_is_asked_for(
    before: str, default: object, after: str, where: str, name: str, tmp_path: Path
) -> None:
    code, stdout, stderr = _summary(tmp_path, MODEL.format(before=before, default=default, after=after))
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"model.py:{where}: error: lstmcalc cannot know the value of {name} for {ROLES[name]} of nn.Linear "
        f"without running the code; give it with --set '{name}=VALUE'\n"
    )


def test_a_constant_bound_again_after_the_model_is_made_is_asked_for(tmp_path: Path) -> None:
    # torch: 20 parameters (__init__ ran while SIZE was 4; lstmcalc knows only its last value, 99)
    code = MODEL.format(before="SIZE = 4", default=5, after="model = M()\nSIZE = 99").replace(
        "nn.Linear(a, h)", "nn.Linear(SIZE, h)"
    )
    exit_code, stdout, stderr = _summary(tmp_path, code)
    assert (exit_code, stdout) == (2, "")
    assert stderr == (
        "model.py:7:29: error: lstmcalc cannot know the value of SIZE for in_features of nn.Linear without "
        "running the code; give it with --set 'SIZE=VALUE'\n"
    )


def test_names_swapped_in_one_statement_take_each_others_values(tmp_path: Path) -> None:
    # torch: 8 parameters (nn.Linear(3, 2)); assigning part by part made it nn.Linear(3, 3), 12
    code = MODEL.format(before="", default=5, after="model = M()").replace(
        "        self.fc = nn.Linear(a, h)",
        "        a, b = 2, 3\n        a, b = b, a\n        self.fc = nn.Linear(a, b)",
    )
    exit_code, stdout, stderr = _summary(tmp_path, code)
    assert (exit_code, stderr) == (0, "")
    assert json.loads(stdout)["total_params"] == 8


def test_modules_swapped_in_one_statement_are_refused_not_miscounted(tmp_path: Path) -> None:
    # torch: self.fc is nn.Linear(2, 2), 6 parameters. Read part by part (p = q, then q = p), both names
    # held nn.Linear(2, 2): right for p by luck, wrong for q. Refused until swaps of modules are followed.
    code = MODEL.format(before="", default=5, after="model = M()").replace(
        "        self.fc = nn.Linear(a, h)",
        "        p, q = nn.Linear(1, 1), nn.Linear(2, 2)\n        p, q = q, p\n        self.fc = p",
    )
    exit_code, stdout, stderr = _summary(tmp_path, code)
    assert (exit_code, stdout) == (2, "")
    assert stderr.startswith("model.py:8:16: error: lstmcalc cannot follow this unpacking in __init__ yet")
