"""The cases of tests/torch_state_changes_cases.py in torch 2.13 and torchinfo: the golden tables and state_dicts
of the models read, torch's words for what lstmcalc refuses as torch does, torch building what lstmcalc refuses
to read, and lstmcalc's tables where a hook or ``__call__`` stops its shapes showing torchinfo's wherever
they show a shape."""

from __future__ import annotations

import re

import pytest

from tests.test_torch_state_changes import GOLDEN
from tests.torch_code_cases import built_module, golden_table_holds, held_in_torch, refusal_when_run, torchinfo_text
from tests.torch_state_changes_cases import READ, REFUSED, STATE_DICTS, STOPPED, UNFOLLOWED

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", sorted(READ))
def test_torchinfo_prints_the_golden_table(name: str) -> None:
    assert golden_table_holds(GOLDEN, name, *READ[name])


@pytest.mark.parametrize("name", sorted(STATE_DICTS))
def test_torch_holds_the_state_dict(name: str) -> None:
    state_dict = held_in_torch(built_module(READ[name][0]))["state_dict"]
    assert list(state_dict.items()) == list(STATE_DICTS[name].items())


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_torch_refuses_it(name: str) -> None:
    code, shapes, _, _, words = REFUSED[name]
    assert words in refusal_when_run(code, shapes, (AttributeError,))


@pytest.mark.parametrize("name", sorted(UNFOLLOWED))
def test_torch_builds_what_lstmcalc_refuses_to_read(name: str) -> None:
    assert isinstance(built_module(UNFOLLOWED[name][0]), torch.nn.Module)


@pytest.mark.parametrize("name", sorted(STOPPED))
def test_every_shape_lstmcalc_shows_is_torchinfo_s(name: str) -> None:
    ours = (GOLDEN / f"stopped_{name}.txt").read_text(encoding="utf-8").splitlines()
    theirs = torchinfo_text(*STOPPED[name]).splitlines()
    assert len(ours) == len(theirs) + 1  # and the note
    assert ours[-1].startswith("forward is followed up to line ")
    unknown = 0
    for mine, torch_s in zip(ours, theirs):
        if mine == torch_s or mine.endswith(": ?") and torch_s.startswith(mine[:-3]):
            continue  # Total mult-adds: ?, of torchinfo's Total mult-adds (Units.MEGABYTES): 0.01
        cells, torch_cells = re.split(r"\s{2,}|: ", mine), re.split(r"\s{2,}|: ", torch_s)
        assert len(cells) == len(torch_cells), (mine, torch_s)
        for cell, torch_cell in zip(cells, torch_cells):
            assert cell == torch_cell or cell in ("--", "?"), (mine, torch_s)
            unknown += cell != torch_cell
    assert unknown  # torchinfo's shapes there are not what forward says without the hook or __call__
