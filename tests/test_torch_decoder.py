"""nn.TransformerDecoderLayer and nn.TransformerDecoder in PyTorch code (tests/torch_decoder_cases.py):
state_dict names and shapes, totals and module calls as torch 2.13 gives them (pinned there; the
oracle module runs real torch), the table's rows, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from lstm_calc.errors import SpecError
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_decoder_cases import EXPECTED, TORCH_DECODER_CASES


@pytest.mark.parametrize("name", TORCH_DECODER_CASES)
def test_a_decoder_in_code_is_counted_as_torch_counts_it(name: str) -> None:
    code, shapes = TORCH_DECODER_CASES[name]
    read = as_torch_gives(summarize(code, shapes))
    expected = EXPECTED[name]
    assert list(read["state_dict"].items()) == list(expected["state_dict"].items())
    assert (read["params"], read["trainable"]) == (expected["params"], expected["trainable"])
    assert read["calls"] == expected["calls"]
    assert read["call_inputs"] == expected["call_inputs"]


def test_the_table_shows_the_decoder_as_one_call_and_the_kept_template_on_the_model(tmp_path: Path) -> None:
    code, _ = TORCH_DECODER_CASES["decoder_stack_with_template"]
    path = tmp_path / "model.py"
    path.write_text(code)
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "3,5,16", "--input-shape", "3,7,16"])
    assert result.exit_code == 0, result.output
    # torchinfo 1.8's rows at depth 1 (its own widens the name column for the rows inside the
    # decoder, which lstmcalc does not record; so the totals needing them are "?").
    assert result.output.splitlines()[3:6] == [
        "Captioner                                [3, 5, 10]                3,080",
        "├─TransformerDecoder: 1-1                [3, 5, 16]                6,192",
        "├─Linear: 1-2                            [3, 5, 10]                170",
    ]
    assert "Total params: 9,442\n" in result.output
    assert "Total mult-adds: ?\n" in result.output


def _refusal(code: str, shapes: list[list[int]]) -> str:
    with pytest.raises(SpecError) as caught:
        summarize(code, shapes)  # type: ignore[arg-type]
    return str(caught.value)


_MODEL = """
import torch.nn as nn


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.decoder = {module}

    def forward(self, tgt, memory):
        return self.decoder({arguments})
"""


@pytest.mark.parametrize(
    ("module", "arguments", "message"),
    [
        # torch's constructors: "embed_dim must be divisible by num_heads"; a stack of the wrong layers
        # fails in torch at its first call (TransformerEncoderLayer.forward() has no tgt_mask).
        (
            "nn.TransformerDecoderLayer(8, 3, 16, batch_first=True)",
            "tgt, memory",
            "model.py:8:54: error: nn.TransformerDecoderLayer has nhead 3, which does not divide d_model 8 "
            "(torch: embed_dim must be divisible by num_heads)",
        ),
        (
            "nn.TransformerDecoder(nn.TransformerEncoderLayer(8, 2, 16), 2)",
            "tgt, memory",
            "model.py:8:46: error: nn.TransformerDecoder has decoder_layer: TransformerEncoderLayer, "
            "but torch.nn.TransformerDecoder copies a TransformerDecoderLayer",
        ),
        # torch: "mat1 and mat2 shapes cannot be multiplied (14x6 and 8x16)" on a memory of 6 features.
        (
            "nn.TransformerDecoderLayer(8, 2, 16, batch_first=True)",
            "tgt, memory",
            "model.py:11:16: error: torch would refuse this call: d_model is 8, but the input's size there is 6",
        ),
        # torch: forward() missing 1 required positional argument: 'memory'.
        (
            "nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), 2)",
            "tgt",
            "model.py:11:16: error: torch would refuse this call: takes a target and a memory (tgt, memory)",
        ),
    ],
)
def test_what_torch_refuses_is_refused_at_its_line(module: str, arguments: str, message: str) -> None:
    code = _MODEL.format(module=module, arguments=arguments)
    assert _refusal(code, [[2, 5, 8], [2, 7, 6]]) == message
