"""nn.TransformerDecoderLayer and nn.TransformerDecoder in PyTorch code (tests/torch_decoder_cases.py):
state_dict names and shapes, totals and module calls as torch 2.13 gives them (pinned there; the
oracle module runs real torch), the table's rows, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from lstm_calc.errors import SpecError
from tests.conftest import as_torchinfo_prints_here
from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_decoder_cases import EXPECTED, TORCH_DECODER_CASES, TRANSFORMERS, outside_transformers

GOLDEN = Path(__file__).resolve().parent / "golden" / "torch_decoder"


@pytest.mark.parametrize("name", TORCH_DECODER_CASES)
def test_a_decoder_in_code_is_counted_as_torch_counts_it(name: str) -> None:
    code, shapes = TORCH_DECODER_CASES[name]
    summary = summarize(code, shapes)
    # The calls inside the decoders are torch's own order (the oracle compares them all); pinned
    # here are the calls around them.
    inside = tuple(call.path for call in summary.module_calls if call.class_name in TRANSFORMERS)
    read = outside_transformers(as_torch_gives(summary), inside)
    expected = EXPECTED[name]
    assert list(read["state_dict"].items()) == list(expected["state_dict"].items())
    assert (read["params"], read["trainable"]) == (expected["params"], expected["trainable"])
    assert read["calls"] == expected["calls"]
    assert read["call_inputs"] == expected["call_inputs"]


def test_the_table_is_torchinfo_s_text_with_the_calls_inside_the_decoder(tmp_path: Path) -> None:
    code, _ = TORCH_DECODER_CASES["decoder_stack_with_template"]
    path = tmp_path / "model.py"
    path.write_text(code)
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "3,5,16", "--input-shape", "3,7,16"])
    assert (result.exit_code, result.stderr) == (0, "")
    # Recorded from torchinfo 1.8 at its default depth (the oracle module checks it still is).
    assert result.stdout == as_torchinfo_prints_here((GOLDEN / "decoder_stack_with_template.torchinfo.txt").read_text())


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


_ENCODER = """
{imports}
import torch.nn as nn


class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.TransformerEncoderLayer(8, 2, 16, activation={activation}, batch_first=True)

    def forward(self, x):
        return self.encoder(x)
"""


@pytest.mark.parametrize(
    ("imports", "activation", "name"),
    [
        ("import torch.nn.functional as F", "F.relu", "relu"),
        ("from torch.nn import functional as F", "F.gelu", "gelu"),
        ("import torch", "torch.nn.functional.gelu", "gelu"),
        ("", "nn.functional.gelu", "gelu"),
        ("import torch", "torch.relu", "relu"),
    ],
)
def test_torch_s_activation_functions_read_as_their_names(imports: str, activation: str, name: str) -> None:
    # torch takes F.relu and F.gelu where it takes "relu" and "gelu"; neither changes a weight.
    by_function = summarize(_ENCODER.format(imports=imports, activation=activation), [[2, 5, 8]])
    by_name = summarize(_ENCODER.format(imports=imports, activation=repr(name)), [[2, 5, 8]])
    assert as_torch_gives(by_function) == as_torch_gives(by_name)


@pytest.mark.parametrize(
    ("imports", "activation"),
    [
        ("import torch.nn.functional as F", "F.silu"),  # torch takes any function: lstmcalc reads two
        ("import torch", "torch.gelu"),  # torch has no torch.gelu
        ("from mylib import F", "F.gelu"),  # not torch's
        ("import torch.nn.functional as F", "choose(F.gelu)"),
    ],
)
def test_other_activation_functions_are_asked_for(imports: str, activation: str) -> None:
    message = _refusal(_ENCODER.format(imports=imports, activation=activation), [[2, 5, 8]])
    assert message == (
        f"model.py:9:72: error: lstmcalc cannot know the value of {activation} "
        f"for activation of nn.TransformerEncoderLayer without running the code; give it with --set "
        f"'{activation}=VALUE' (relu or gelu: an activation has no weights, so either gives the same count)"
    )
