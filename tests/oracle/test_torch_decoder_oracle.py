"""Each decoder case (tests/torch_decoder_cases.py) instantiated and run in real torch: the
state_dict's names and shapes, the totals and each module call's shapes, inside the decoders
too (forward hooks), equal what lstmcalc reads from the code, and the pinned values are still torch's;
the model's torchinfo rows at depth 1 are lstmcalc's."""

from __future__ import annotations

import pytest

from tests.test_torch_code import as_torch_gives, summarize
from tests.torch_code_cases import run_in_torch
from tests.torch_decoder_cases import EXPECTED, TORCH_DECODER_CASES, TRANSFORMERS, outside_transformers

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
torchinfo = pytest.importorskip("torchinfo")


@pytest.mark.parametrize("name", TORCH_DECODER_CASES)
def test_every_name_shape_and_call_as_torch_gives_them(name: str) -> None:
    code, shapes = TORCH_DECODER_CASES[name]
    summary = summarize(code, shapes)  # type: ignore[arg-type]
    inside = tuple(call.path for call in summary.module_calls if call.class_name in TRANSFORMERS)
    torch_gives = run_in_torch(code, shapes)
    assert as_torch_gives(summary) == torch_gives  # every call, those inside the decoders too
    assert outside_transformers(torch_gives, inside) == EXPECTED[name]


@pytest.mark.parametrize("name", TORCH_DECODER_CASES)
def test_torchinfo_s_rows_at_depth_one(name: str) -> None:
    from lstm_calc.render.torchinfo_table import render_torchinfo

    code, shapes = TORCH_DECODER_CASES[name]
    namespace: dict[str, object] = {}
    exec(compile(code, "<case>", "exec"), namespace)  # noqa: S102 - the test's own code
    model = next(value for value in namespace.values() if isinstance(value, torch.nn.Module))
    text = str(torchinfo.summary(model, input_size=[tuple(shape) for shape in shapes], depth=1, verbose=0))
    ours = render_torchinfo(summarize(code, shapes), depth=1)  # type: ignore[arg-type]

    def rows(table: str) -> list[list[str]]:
        lines = table.splitlines()
        return [line.split() for line in lines[3 : lines.index(lines[0], 3)]]

    assert rows(ours) == rows(text)
    assert [line for line in ours.splitlines() if line.startswith("Total params")] == [
        line for line in text.splitlines() if line.startswith("Total params")
    ]


def test_the_recorded_table_is_torchinfo_s() -> None:
    from pathlib import Path

    from tests.conftest import as_torchinfo_prints_here

    code, shapes = TORCH_DECODER_CASES["decoder_stack_with_template"]
    namespace: dict[str, object] = {}
    exec(compile(code, "<case>", "exec"), namespace)  # noqa: S102 - the test's own code
    model = next(value for value in namespace.values() if isinstance(value, torch.nn.Module))
    text = str(torchinfo.summary(model, input_size=[tuple(shape) for shape in shapes], verbose=0)) + "\n"
    golden = (
        Path(__file__).resolve().parents[1] / "golden" / "torch_decoder" / "decoder_stack_with_template.torchinfo.txt"
    )
    assert as_torchinfo_prints_here(golden.read_text()) == text
