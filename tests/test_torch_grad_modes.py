"""``with torch.no_grad():`` and the other autograd switches in ``forward`` (tests/torch_grad_mode_cases.py):
followed into, torchinfo's table printed; other managers stop the shapes at their line."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.test_torch_probe_findings import assert_prints_golden, summary_of
from tests.torch_grad_mode_cases import READ, STOPPED

GOLDEN = ROOT / "tests" / "golden" / "torch_grad_modes"


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path, name: str) -> None:
    assert_prints_golden(tmp_path, GOLDEN / f"{name}.txt", *READ[name])


@pytest.mark.parametrize("name", sorted(STOPPED))
def test_another_manager_stops_the_shapes_at_its_line(tmp_path, name: str) -> None:
    code, shapes, note = STOPPED[name]
    _, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.rstrip("\n").endswith(note)
    assert "Total params: 10\n" in result.stdout
