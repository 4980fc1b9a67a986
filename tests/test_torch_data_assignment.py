"""A parameter's or buffer's ``.data`` replaced in ``__init__`` (tests/torch_data_cases.py): lstmcalc holds the
new tensor's shape, under every name of a tied parameter, as torch does; a tensor of unknown shape is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_data_cases import READ, REFUSED


@pytest.mark.parametrize("name", sorted(READ))
def test_the_parameter_takes_the_new_tensor(name: str) -> None:
    code, held = READ[name]
    summary = summarize(code)
    read = as_torch_gives(summary)
    assert read["state_dict"] == held["state_dict"]
    tied = set(held["state_dict"]) - set(held["named_parameters"]) - {"mask"}
    if not tied:
        assert (summary.total_params, summary.trainable_params) == (held["parameters"], held["trainable"])
    else:  # torchinfo's totals count a tied parameter under each name; a note gives torch's own count
        assert any(f"torch's parameters() counts {held['parameters']:,} in all" in note for note in summary.notes)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_tensor_of_unknown_shape_is_refused(tmp_path: Path, name: str) -> None:
    code, where, message = REFUSED[name]
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")
