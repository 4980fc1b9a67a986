"""``trainable`` set on a layer after a Bidirectional is made of it: Keras 3's Bidirectional builds its
layers afresh from that layer's config, so the flag does not reach them (a ``backward_layer``, a
TimeDistributed's layer and an RNN's cell are held, and it does). The tables, with the Trainable column,
are Keras 3.15.1's own (tests/golden/keras_bidirectional_copies, from
tests/oracle/test_keras_bidirectional_copies_oracle.py); convert, export and ``--format json`` keep them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.keras_bidirectional_copies_cases import CODE

GOLDEN = ROOT / "tests" / "golden" / "keras_bidirectional_copies"
LINE_LENGTH = "110"


def _written(tmp_path: Path, text: str, name: str = "model.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _table(run, path: Path) -> str:
    result = run("summary", str(path), "--line-length", LINE_LENGTH, "--show-trainable")
    assert (result.exit_code, result.stderr) == (0, "")
    return str(result.stdout)


def _golden(name: str) -> str:
    return (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_code_is_summarised_as_keras_summarises_it(run, tmp_path: Path, name: str) -> None:
    assert _table(run, _written(tmp_path, CODE[name])) == _golden(name)


@pytest.mark.parametrize("name", sorted(CODE))
def test_the_converted_spec_and_the_exported_code_keep_the_table(run, tmp_path: Path, name: str) -> None:
    source = _written(tmp_path, CODE[name])
    converted = run("convert", str(source))
    exported = run("export", str(source), "--to", "keras")
    assert (converted.exit_code, exported.exit_code) == (0, 0)
    assert _table(run, _written(tmp_path, converted.stdout, "model.yaml")) == _golden(name)
    assert _table(run, _written(tmp_path, exported.stdout, "exported.py")) == _golden(name)


def test_json_counts_the_copies_trainable(run, tmp_path: Path) -> None:
    # Keras 3.15.1: 225 parameters, all trainable (the GRU frozen after the Bidirectional is made of it)
    result = run("summary", str(_written(tmp_path, CODE["frozen_after_the_wrapper_is_made"])), "--format", "json")
    document = json.loads(result.stdout)
    assert (document["total_params"], document["trainable_params"], document["non_trainable_params"]) == (225, 225, 0)


def test_the_converted_spec_freezes_only_what_keras_freezes(run, tmp_path: Path) -> None:
    converted = run("convert", str(_written(tmp_path, CODE["called_and_wrapped"])))
    assert converted.exit_code == 0
    assert converted.stdout.splitlines()[6:9] == [
        "- {type: LSTM, units: 4, return_sequences: true, name: lstm, trainable: false, inputs: input_layer}",
        "- type: Bidirectional",
        "  layer: {type: LSTM, units: 4, return_sequences: true, name: lstm}",
    ]
