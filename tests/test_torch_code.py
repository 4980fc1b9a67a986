"""PyTorch code read with ast (lstm_calc.readers.torch_code): numbers pinned from torch 2.13
(tests/oracle/test_torch_code_oracle.py runs the same modules in real torch), and located refusals."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lstm_calc.api import build
from lstm_calc.cli import main
from lstm_calc.errors import SpecError
from lstm_calc.readers.python_model import read_python_model
from tests.torch_code_cases import TORCH_CODE_CASES


def summarize(code: str, shapes: list[list[int]] = (), **options: object) -> dict[str, tuple[list[int], int]]:
    summary = build(read_python_model(code, "model.py", (), shapes, **options), "model.py")[1]  # type: ignore[arg-type]
    return {
        layer.name: (
            list(layer.output_shape[0] if isinstance(layer.output_shape[0], tuple) else layer.output_shape),
            layer.params,
        )
        for layer in summary.layers
        if layer.type != "InputLayer"
    }


@pytest.mark.parametrize("name", TORCH_CODE_CASES)
def test_shapes_and_counts_as_torch_gives_them(name: str) -> None:
    code, shapes, expected = TORCH_CODE_CASES[name]
    assert summarize(code, shapes) == expected


def test_summary_table_exactly(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "model.py"
    path.write_text(TORCH_CODE_CASES["last_step_head"][0])
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "4,12,5"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[4:9] == [
        "│ x (InputLayer)                  │ (4, 12, 5)             │             0 │",
        "├─────────────────────────────────┼────────────────────────┼───────────────┤",
        "│ lstm (LSTM)                     │ (4, 32)                │        13,440 │",
        "├─────────────────────────────────┼────────────────────────┼───────────────┤",
        "│ fc (Linear)                     │ (4, 1)                 │            33 │",
    ]
    assert " Total params: 13,473 (52.63 KB)" in result.stdout


def test_input_shape_implied_by_the_first_module() -> None:
    code = TORCH_CODE_CASES["last_step_head"][0]
    assert summarize(code)["lstm"] == ([None, 32], 13440)


UNKNOWN_HIDDEN = """
import torch.nn as nn

class Net(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.lstm = nn.LSTM(4, hidden, batch_first=True)

    def forward(self, x):
        out, _ = self.lstm(x)
        return out
"""


def test_unknown_constructor_value_is_asked_for_at_its_line() -> None:
    with pytest.raises(SpecError) as caught:
        summarize(UNKNOWN_HIDDEN)
    assert str(caught.value.location) == "model.py:7:32"
    assert caught.value.message == (
        "lstmcalc cannot know the value of hidden for hidden_size of nn.LSTM without running the code; "
        "give it with --set 'hidden=VALUE'"
    )


def test_set_gives_the_value(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "model.py"
    path.write_text(UNKNOWN_HIDDEN)
    result = CliRunner().invoke(main, ["summary", str(path), "--set", "hidden=8", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"total_params": 448' in result.stdout


def test_refusals_exit_2_at_line_and_column(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "model.py"
    path.write_text(UNKNOWN_HIDDEN.replace("hidden, batch_first=True", "8").replace("self, hidden", "self"))
    result = CliRunner().invoke(main, ["summary", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{path}:7:21: error: lstmcalc follows batch-first modules only: give nn.LSTM batch_first=True"
    )


def test_forward_it_cannot_follow_is_located() -> None:
    code = UNKNOWN_HIDDEN.replace("return out", "return out.view(out.size(0), -1)").replace("hidden)", "hidden=8)")
    with pytest.raises(SpecError) as caught:
        summarize(code.replace("self, hidden)", "self, hidden=8)"))
    assert str(caught.value.location) == "model.py:11:16"
    assert caught.value.message == "lstmcalc cannot follow out.view(out.size(0), -1) in forward"


TWO_MODELS = """
import torch.nn as nn

class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)

    def forward(self, x):
        return self.fc(x)

class B(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(5, 2)

    def forward(self, x):
        return self.fc(x)
"""


def test_ambiguous_class_lists_the_candidates() -> None:
    with pytest.raises(SpecError) as caught:
        summarize(TWO_MODELS, [[1, 3]])
    assert caught.value.message == (
        "cannot tell which nn.Module class is the model: A (line 4), B (line 12); name it with --model"
    )


def test_model_name_chooses_the_class() -> None:
    assert summarize(TWO_MODELS, [[1, 5]], model_name="B") == {"fc": ([1, 2], 12)}
