"""lstmcalc's torchinfo table against real torchinfo 1.8: each case's spec is exported as PyTorch code,
its module summarised by ``torchinfo.summary(model, input_size=..., dtypes=..., depth=..., col_names=...)``,
and lstmcalc's ``summary`` must print that text byte for byte (then only its own lines: the sizes it
set for unknown axes). The plain suite's golden files (tests/golden/torchinfo) are held to it too."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
torchinfo = pytest.importorskip("torchinfo")

import yaml  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from lstm_calc.api import export_file  # noqa: E402
from lstm_calc.cli import main  # noqa: E402
from lstm_calc.module_calls import UNKNOWN_BATCH, UNKNOWN_SIZE  # noqa: E402
from tests.conftest import GOLDEN  # noqa: E402
from tests.torchinfo_table_cases import CASES, NESTED_COLUMNS, NESTED_DEPTHS, TorchinfoCase  # noqa: E402

pytestmark = pytest.mark.oracle


def _inputs(spec: dict[str, Any]) -> tuple[list[tuple[int, ...]], list[Any]]:
    """torchinfo's input_size and dtypes: unknown batch 1, other unknown axes 8; ids for an Embedding."""
    inputs = spec.get("inputs") or {"x": spec["input"]}
    first = spec["layers"][0]
    sizes, dtypes = [], []
    for name, entry in inputs.items():
        batch = entry.get("batch_size") or UNKNOWN_BATCH
        sizes.append((batch, *(UNKNOWN_SIZE if axis is None else axis for axis in entry["shape"])))
        takes_ids = first["type"] in ("Embedding", "EmbeddingBag") and first.get("inputs", [name])[0] == name
        dtypes.append(torch.long if takes_ids else torch.float)
    return sizes, dtypes


def _torchinfo_text(case: TorchinfoCase, path: Path) -> str:
    namespace: dict[str, Any] = {"__name__": "exported"}
    exec(compile(export_file(str(path), "pytorch"), "exported.py", "exec"), namespace)  # noqa: S102 - our own code
    sizes, dtypes = _inputs(case.spec)
    printed = io.StringIO()  # torchinfo prints when stdout is no terminal just as on one
    with contextlib.redirect_stdout(printed):
        torchinfo.summary(
            namespace["model"], input_size=sizes, dtypes=dtypes, depth=case.depth, col_names=case.col_names
        )
    return printed.getvalue()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_summary_prints_torchinfo_text(case: TorchinfoCase, tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(case.spec, sort_keys=False), encoding="utf-8")
    expected = _torchinfo_text(case, path)
    result = CliRunner().invoke(main, ["summary", str(path), *case.options], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output[: len(expected)] == expected
    extra = result.output[len(expected) :].splitlines()
    assert all(line.startswith("Unknown sizes set to ") for line in extra)
    assert (GOLDEN / "torchinfo" / f"{case.name}.out").read_text(encoding="utf-8") == result.output


class Nested(torch.nn.Module):
    """tests/torchinfo_table_cases.nested_calls's module."""

    def __init__(self) -> None:
        super().__init__()
        self.lstm = torch.nn.LSTM(10, 20, batch_first=True)
        self.head = torch.nn.Sequential(torch.nn.Linear(20, 30), torch.nn.ReLU(), torch.nn.Linear(30, 4))
        self.head[2].requires_grad_(False)

    def forward(self, x: Any) -> Any:
        x, _ = self.lstm(x)
        return self.head(x[:, -1])


@pytest.mark.parametrize("depth", NESTED_DEPTHS)
def test_nested_calls_golden_is_torchinfo_text(depth: int) -> None:
    """The golden text the plain suite renders from hand-written calls is torchinfo's for the module."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        torchinfo.summary(Nested(), input_size=(1, 7, 10), depth=depth, col_names=NESTED_COLUMNS)
    assert (GOLDEN / "torchinfo" / f"nested_calls.depth{depth}.out").read_text(encoding="utf-8") == printed.getvalue()
