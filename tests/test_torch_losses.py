"""torch.nn's loss modules held by a model (tests/torch_loss_cases.py): the table is torchinfo's (golden files
from tests/oracle/test_torch_losses_oracle.py), a tensor given for ``weight`` or ``pos_weight`` is a buffer of its
shape as torch's state_dict holds it, what torch refuses when the loss is made is refused at its line, a tensor of
unknown shape is asked for there; a loss forward calls stops the shapes that depend on it, with a note."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.test_torch_code import summarize
from tests.test_torch_probe_findings import summary_of
from tests.torch_loss_cases import ASKED, BUFFERS, CALLED_IN_FORWARD, NOT_BROADCAST, READ, REFUSED

GOLDEN = ROOT / "tests" / "golden" / "torch_losses"


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path: Path, name: str) -> None:
    code, shapes = READ[name]
    _, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == as_torchinfo_prints_here((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(READ))
def test_the_tensors_given_are_buffers_of_their_shape(name: str) -> None:
    code, shapes = READ[name]
    summary = summarize(code, shapes)
    buffers = {
        f"{layer.name}.{buffer.name}" if layer.name else buffer.name: buffer.shape
        for layer in summary.layers
        for buffer in layer.buffers
    }
    assert buffers == BUFFERS[name]  # and no buffer for a weight left None
    losses = [layer for layer in summary.layers if layer.type.endswith(("Loss", "Loss2d"))]
    assert [layer.weights for layer in losses] == [()] * len(losses)  # no parameters


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_torch_refuses_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    code, where, message, _ = REFUSED[name]
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


@pytest.mark.parametrize("name", sorted(ASKED))
def test_a_tensor_of_unknown_shape_is_asked_for_at_it(tmp_path: Path, name: str) -> None:
    code, where, message = ASKED[name]
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


def test_a_loss_called_in_forward_is_a_row_whose_result_is_not_followed() -> None:
    summary = summarize(CALLED_IN_FORWARD, [[2, 4]])
    assert [(call.path, call.inputs, call.outputs) for call in summary.module_calls] == [
        ("", ((2, 4),), None),
        ("fc", ((2, 4),), ((2, 3),)),
        ("crit", ((2, 3), (2,)), None),
        ("out", ((2, 3),), ((2, 3),)),
    ]
    assert summary.notes == (
        "forward does not follow line 14 (nn.CrossEntropyLoss: what this loss returns is not followed); the shapes "
        "that depend on it are unknown (?)",
    )


def test_an_element_wise_loss_of_tensors_that_do_not_broadcast_is_refused(tmp_path: Path) -> None:
    code, shapes, where, message, _ = NOT_BROADCAST
    path, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


def test_the_kinds_positional_parameters_are_the_layer_classes() -> None:
    from lstm_calc.layers import LAYER_TYPES
    from lstm_calc.layers.torch_losses import LOSSES
    from lstm_calc.readers.torch_kinds import TORCH_KINDS
    from lstm_calc.readers.torch_loss_kinds import LOSS_PARAMETERS

    assert list(LOSS_PARAMETERS) == list(LOSSES)
    for name, (positional, keywords) in LOSS_PARAMETERS.items():
        layer_class = LAYER_TYPES[name.lower()]
        assert (TORCH_KINDS[name].positional, TORCH_KINDS[name].keywords) == (positional, keywords)
        assert layer_class.torch_positional == positional  # type: ignore[attr-defined]
        assert [argument for argument, _ in LOSSES[name] if argument != "*"] == [*positional, *keywords]
        assert layer_class.class_name == name


def test_a_spec_refuses_a_loss_as_a_layer(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(
        "framework: pytorch\ninput: {shape: [3, 5]}\nlayers:\n  - {type: Linear, out_features: 4}\n"
        "  - {type: CrossEntropyLoss, weight: [4]}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["summary", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"{path}:5:5: error: layer 'cross_entropy_loss' (CrossEntropyLoss) is a loss, which torch calls on an output "
        "and its target; as a layer of the spec it is given one tensor\n",
    )


def test_a_model_without_a_loss_does_not_import_the_loss_classes(tmp_path: Path) -> None:
    code, shapes = READ["losses_held_for_the_training_step"]
    program = (
        "import sys\nfrom lstm_calc.cli import main\n"
        "for path in sys.argv[1:]:\n"
        "    try:\n        main(['summary', path], prog_name='lstmcalc')\n"
        "    except SystemExit as exit:\n        assert exit.code in (0, None), exit.code\n"
        "    print('lstm_calc.layers.torch_losses' in sys.modules, file=sys.stderr)\n"
    )
    plain, held = tmp_path / "plain.py", tmp_path / "held.py"
    plain.write_text("\n".join(line for line in code.splitlines() if "Loss" not in line) + "\n", encoding="utf-8")
    held.write_text(code, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-c", program, str(plain), str(held)], capture_output=True, text=True, timeout=60, check=True
    )
    assert completed.stderr.split() == ["False", "True"]
