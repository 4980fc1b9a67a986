"""``x.view(...)`` decided by the tensor's strides, as torch decides it (tests/torch_view_layout_cases.py): what torch
takes prints torchinfo's table (the golden files, from tests/oracle/test_torch_view_layout_oracle.py), what torch
refuses is refused at the view, and a view whose answer depends on strides lstmcalc does not know is named under
the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_calc.readers.torch_layout import view_strides
from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.test_torch_probe_findings import summary_of
from tests.torch_view_layout_cases import READ, REFUSED, net

GOLDEN = ROOT / "tests" / "golden" / "torch_view_layout"


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path: Path, name: str) -> None:
    _, result = summary_of(tmp_path, *READ[name])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == as_torchinfo_prints_here((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_torch_refuses_is_refused_at_the_view(tmp_path: Path, name: str) -> None:
    code, shapes, where, message = REFUSED[name]
    path, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


_LINEAR = "        self.proj = nn.Linear(4, 6)\n        self.head = nn.Linear(6, 2)\n"


@pytest.mark.parametrize(
    "made",
    [
        'torch.einsum("bij->bji", self.proj(x))',  # einsum may hand back a permuted view
        "self.proj(x).cumsum(1)",  # an operation whose layout lstmcalc does not derive
    ],
)
def test_a_view_of_a_layout_not_known_is_named_under_the_table(tmp_path: Path, made: str) -> None:
    code = net(_LINEAR, f"        h = {made}\n        return self.head(h.view(-1, 6))\n")
    _, result = summary_of(tmp_path, code, [[2, 4, 4]])
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "forward does not follow line 14 (h.view(-1, 6), a view of a tensor whose memory layout is not known); the "
        "shapes that depend on it are unknown (?)\n"
    )


def test_a_view_adding_an_axis_of_one_is_followed_whatever_the_layout(tmp_path: Path) -> None:
    code = net(
        _LINEAR,
        '        h = torch.einsum("bij->bji", self.proj(x))\n'
        "        return self.head(h.view(2, 1, 6, 4).transpose(-1, -2))\n",
    )
    _, result = summary_of(tmp_path, code, [[2, 4, 4]])
    assert (result.exit_code, result.stderr) == (0, "")
    assert "does not follow" not in result.stdout
    assert "[2, 1, 4, 2]" in result.stdout


@pytest.mark.parametrize(
    ("shape", "strides", "new_shape", "torch_gives"),
    [  # torch 2.13's x.as_strided(shape, strides).view(new_shape).stride(), None where it refuses the view
        ((3, 4, 5), (20, 1, 4), (3, 20), None),  # a transposed pair of axes cannot merge
        ((3, 4, 5), (20, 1, 4), (3, 2, 2, 5), (20, 2, 1, 4)),  # but each may split
        ((3, 5, 8), (8, 24, 1), (15, 8), None),  # a batch_first RNN's output: batch and time do not merge
        ((3, 5, 8), (8, 24, 1), (3, 5, 2, 4), (8, 24, 4, 1)),
        ((2, 5, 6), (6, 0, 1), (2, 5, 2, 3), (6, 0, 3, 1)),  # expanded
        ((2, 5, 6), (6, 0, 1), (2, 30), None),
        ((4, 5), (10, 2), (20,), (2,)),  # every other column of 10: still evenly spaced
        ((4, 5), (20, 2), (20,), None),  # every other of the first 10 columns of 20: not
        ((4, 1, 5), (5, 99, 1), (20,), (1,)),  # an axis of 1 never decides
        ((), (), (1, 1), (1, 1)),
        ((2, 0, 3), (3, 3, 1), (0, 7), (7, 1)),  # an empty tensor takes any view of no elements
    ],
)
def test_view_strides_are_torch_s(
    shape: tuple[int, ...],
    strides: tuple[int, ...],
    new_shape: tuple[int, ...],
    torch_gives: tuple[int, ...] | None,
) -> None:
    assert view_strides(shape, strides, new_shape) == torch_gives
