"""One module under two names in PyTorch code (tests/torch_shared_module_cases.py): counted once, as
torch's parameters() and named_parameters() give it, the state_dict's second names told in a note,
and torchinfo's table (tests/golden/torchinfo/shared_*.out, recorded from torchinfo 1.8), its
second call ``(recursive)``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from lstm_calc.render.torchinfo_table import render_torchinfo
from tests.conftest import as_torchinfo_prints_here
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_shared_module_cases import EXPECTED, TIED_EXPECTED, TIED_LANGUAGE_MODEL, TIED_VIEWS, TORCH_SHARED_CASES

GOLDEN_TORCHINFO = Path(__file__).resolve().parent / "golden" / "torchinfo"

#: Each case's notes: the second names (and, where torchinfo would draw the calls elsewhere, that).
NOTES = {
    "second_name_called_twice": [
        "fc (Linear) is also held as again: one module, whose 20 parameters torch's parameters() counts once; "
        "its state_dict lists them under each name (again.weight, again.bias)"
    ],
    "shared_block_frozen": [
        "block (Block) is also held as shared: one module, whose 78 parameters torch's parameters() counts once; "
        "its state_dict lists them under each name (shared.inner.weight, shared.inner.bias, shared.gate.weight)"
    ],
    "kept_then_in_sequential": [
        "fc (Linear) is also held as body.0: one module, whose 15 parameters torch's parameters() counts once; "
        "its state_dict lists them under each name (body.0.weight, body.0.bias)"
    ],
    "in_sequential_then_kept": [
        "body.0 (Linear) is also held as fc: one module, whose 15 parameters torch's parameters() counts once; "
        "its state_dict lists them under each name (fc.weight, fc.bias)"
    ],
    "module_level_block_given_twice": [
        "first (Block) is also held as second: one module, whose 30 parameters torch's parameters() counts once; "
        "its state_dict lists them under each name (second.inner.weight, second.inner.bias)"
    ],
}


@pytest.mark.parametrize("name", TORCH_SHARED_CASES)
def test_a_module_under_two_names_is_counted_once(name: str) -> None:
    code, shapes = TORCH_SHARED_CASES[name]
    summary = summarize(code, shapes)  # type: ignore[arg-type]
    read = as_torch_gives(summary)
    expected = EXPECTED[name]
    assert list(read["state_dict"].items()) == list(expected["named_parameters"].items())
    assert (read["params"], read["trainable"]) == (expected["parameters"], expected["trainable"])
    assert list(summary.notes) == NOTES[name]
    # Every state_dict key is a row's weight or one a note names under the second name.
    told = {
        key
        for note in summary.notes
        if "lists them under each name" in note
        for key in note.rsplit("(", 1)[1].rstrip(")").split(", ")
    }
    assert set(expected["state_dict"]) == set(read["state_dict"]) | told


@pytest.mark.parametrize("name", [name for name in TORCH_SHARED_CASES if name != "in_sequential_then_kept"])
def test_torchinfo_s_table_with_the_second_call_recursive(name: str, golden: Any) -> None:
    code, shapes = TORCH_SHARED_CASES[name]
    text = render_torchinfo(summarize(code, shapes))  # type: ignore[arg-type]
    table, notes = text[: text.rindex("=" * 90) + 91], text[text.rindex("=" * 90) + 91 :]
    golden(f"torchinfo/shared_{name}.out", table)
    assert notes.splitlines() == NOTES[name]


def test_the_command_line_prints_the_note_under_the_table(tmp_path: Path) -> None:
    code, _ = TORCH_SHARED_CASES["second_name_called_twice"]
    path = tmp_path / "model.py"
    path.write_text(code)
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "2,4", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"total_params": 30,' in result.output
    assert '"notes": [\n    "fc (Linear) is also held as again: one module' in result.output


def test_a_tied_parameter_is_named_twice_counted_as_torchinfo_counts_it_and_told(tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(TIED_LANGUAGE_MODEL)
    summary = summarize(TIED_LANGUAGE_MODEL, [[2, 5]])
    assert as_torch_gives(summary)["state_dict"] == TIED_EXPECTED["state_dict"]
    assert summary.total_params == TIED_EXPECTED["torchinfo_total"]
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "2,5"])
    assert (result.exit_code, result.stderr) == (0, "")
    # The table is torchinfo 1.8's text (recorded; the oracle checks it), then the note.
    assert result.stdout == as_torchinfo_prints_here(
        (GOLDEN_TORCHINFO / "tied_language_model.out").read_text(encoding="utf-8")
    ) + (
        "decoder.weight is encoder.weight (tied weights): one parameter that the state_dict lists under both "
        "names and torchinfo counts twice, as the totals here do; torch's parameters() counts 3,876 in all\n"
    )


@pytest.mark.parametrize("value", ["self.encoder.nope", "pretrained", "make_weight()"])
def test_a_parameter_set_to_what_lstmcalc_cannot_follow_is_asked_for(value: str, tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(
        TIED_LANGUAGE_MODEL.replace("self.decoder.weight = self.encoder.weight", f"self.decoder.weight = {value}")
    )
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "2,5"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:14:35: error: lstmcalc cannot tell what self.decoder.weight becomes (a parameter of nn.Linear): "
        "tie it to another module's parameter (self.decoder.weight = self.encoder.weight), make it "
        "nn.Parameter(torch.zeros(...)) of known sizes, or give the model as a YAML spec\n"
    )


@pytest.mark.parametrize("view", sorted(TIED_VIEWS))
def test_a_row_counts_a_parameter_tied_inside_it_once_as_torchinfo_does(tmp_path: Path, view: str) -> None:
    path = tmp_path / "model.py"
    path.write_text(TIED_LANGUAGE_MODEL)
    options, _, _ = TIED_VIEWS[view]
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "2,5", *options])
    assert result.exit_code == 0, result.stderr
    table = result.stdout[: result.stdout.rindex("=" * 90) + 91]
    golden = GOLDEN_TORCHINFO / f"tied_language_model.{view}.out"
    assert table == as_torchinfo_prints_here(golden.read_text(encoding="utf-8"))
