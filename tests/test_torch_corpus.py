"""lstmcalc on real-world PyTorch sequence models (tests/torch_corpus_cases.py): ``lstmcalc summary
FILE --model CLASS --set ... --input-shape ... --format json`` must name every state_dict entry
with torch's shape and give torch's totals, as recorded from real torch under
tests/golden/torch_corpus/ (tests/oracle/test_torch_corpus_oracle.py checks those records).

In the JSON each layer's ``name`` is its module path and its weights and buffers are named as in
the state_dict relative to it, so ``name + "." + weight`` is the state_dict key (a parameter the
model holds itself, on the layer named ``""``, is its own key).
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from tests.torch_corpus_cases import CASES

REPOSITORY = Path(__file__).resolve().parents[1]
GOLDEN_DIRECTORY = REPOSITORY / "tests" / "golden" / "torch_corpus"

#: The PyTorch code reader is not on this branch yet: the comparison waits for it.
PYTORCH_CODE_READER_ABSENT = importlib.util.find_spec("lstm_calc.readers.torch_code") is None
requires_pytorch_code_reader = pytest.mark.skipif(
    PYTORCH_CODE_READER_ABSENT, reason="lstmcalc has no PyTorch code reader (lstm_calc.readers.torch_code) yet"
)


def recorded_truth(name: str) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads((GOLDEN_DIRECTORY / f"{name}.json").read_text(encoding="utf-8"))
    return truth


def state_dict_of(document: dict[str, Any]) -> dict[str, list[int]]:
    """Every weight and buffer of lstmcalc's JSON under its state_dict key."""
    return {
        f"{layer['name']}.{entry['name']}" if layer["name"] else entry["name"]: entry["shape"]
        for layer in document["layers"]
        for entry in [*layer["weights"], *layer["buffers"]]
    }


@requires_pytorch_code_reader
@pytest.mark.parametrize("name", sorted(CASES))
def test_state_dict_and_totals_are_torch_s(name: str) -> None:
    case = CASES[name]
    truth = recorded_truth(name)
    result = CliRunner().invoke(main, ["summary", *case.arguments(str(REPOSITORY / case.path))])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert state_dict_of(document) == dict(truth["state_dict"])
    totals = ("total_params", "trainable_params", "non_trainable_params")
    assert {key: document[key] for key in totals} == {key: truth[key] for key in totals}


def test_corpus_spans_forty_models_from_twenty_repositories() -> None:
    repositories = {case.source.split(":")[0] for case in CASES.values()}
    assert len(CASES) >= 40
    assert len(repositories) >= 20
    assert "TylerYep/torchinfo" in repositories


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_file_names_its_source_and_has_its_truth(name: str) -> None:
    case = CASES[name]
    first_line = (REPOSITORY / case.path).read_text(encoding="utf-8").splitlines()[0]
    repository, paths = case.source.split(": ", 1)
    assert re.match(rf"# After {re.escape(repository)}: ", first_line), first_line
    assert paths.split(",")[0] in first_line, first_line
    assert (GOLDEN_DIRECTORY / f"{name}.json").is_file()
    assert (GOLDEN_DIRECTORY / f"{name}.torchinfo.txt").is_file()
