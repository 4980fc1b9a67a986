"""``lstmcalc convert`` on Keras code: the spec it writes summarises byte for byte as the code does.

Every Sequential, functional and subclassed case of the code corpora is converted and both are
summarised in every format. A subclassed model whose ``call`` branches keeps Keras's subclassed
layout through the spec's ``summary_rows:`` (its layers in creation order, no input rows, no
Connected to, no rows for merges made in ``call``), which a graph spec may also give by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import jsonschema
import pytest
import yaml

from lstm_calc.schema import spec_schema
from tests.keras_code_corpus import CORPUS as FUNCTIONAL
from tests.sequential_code_corpus import CORPUS as SEQUENTIAL
from tests.subclassed_code_cases import CASES as SUBCLASSED

if TYPE_CHECKING:
    from pathlib import Path

#: name -> (code, --set values, --model)
CODE_CASES: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    **{f"subclassed-{name}": (case.code, (), case.picked) for name, case in SUBCLASSED.items()},
    **{f"functional-{name}": (case.code, case.sets, None) for name, case in FUNCTIONAL.items()},
    **{f"sequential-{name}": (case.code, case.sets, None) for name, case in SEQUENTIAL.items()},
}


def _options(sets: tuple[str, ...], model: str | None) -> list[str]:
    return [*(part for value in sets for part in ("--set", value)), *(("--model", model) if model else ())]


@pytest.mark.parametrize("name", sorted(CODE_CASES))
def test_the_converted_spec_summarises_as_the_code_does_in_every_format(run, tmp_path: Path, name: str) -> None:
    code, sets, model = CODE_CASES[name]
    code_path = tmp_path / "model.py"
    code_path.write_text(code, encoding="utf-8")
    options = _options(sets, model)
    converted = run("convert", str(code_path), *options)
    assert (converted.exit_code, converted.stderr) == (0, "")
    assert list(jsonschema.Draft202012Validator(spec_schema()).iter_errors(yaml.safe_load(converted.stdout))) == []
    spec_path = tmp_path / "converted.yaml"
    spec_path.write_text(converted.stdout, encoding="utf-8")
    for output_format in ("table", "json", "markdown"):
        from_code = run("summary", str(code_path), *options, "--format", output_format)
        from_spec = run("summary", str(spec_path), "--format", output_format)
        assert (from_code.exit_code, from_code.stderr) == (0, "")
        assert from_spec.stdout.replace(str(spec_path), "FILE") == from_code.stdout.replace(str(code_path), "FILE")


def test_summary_rows_keep_a_subclassed_models_layout(run) -> None:
    # x + y made in call(): an entry of the graph, no row; the rows in the order written, without input rows.
    spec = """\
name: skip
inputs:
  x: {shape: [24, 3]}
layers:
- {type: LSTM, units: 32, return_sequences: true, name: lstm}
- {type: Dense, units: 32, activation: relu, name: dense}
- {type: Add, name: plus, inputs: [lstm, dense]}
- {type: Dense, units: 1, name: head}
summary_rows: [dense, lstm, head]
"""
    result = run("summary", "-", stdin=spec)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        'Model: "skip"\n'
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
        "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
        "│ dense (Dense)                   │ (None, 24, 32)         │         1,056 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ lstm (LSTM)                     │ (None, 24, 32)         │         4,608 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ head (Dense)                    │ (None, 24, 1)          │            33 │\n"
        "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
        " Total params: 5,697 (22.25 KB)\n"
        " Trainable params: 5,697 (22.25 KB)\n"
        " Non-trainable params: 0 (0.00 B)\n"
    )


GRAPH = """\
inputs:
  x: {shape: [10, 2]}
layers:
- {type: LSTM, units: 6, return_sequences: true, name: lstm}
- {type: Dense, units: 6, name: dense}
- {name: dense_again, shares: dense, inputs: dense}
"""

#: summary_rows as written -> the located error (after ``<stdin>:``).
SUMMARY_ROWS_ERRORS = {
    "summary_rows: [lstm, dens]\n": "7:22: error: 'summary_rows' lists 'dens', which is not a layer of this spec "
    "(did you mean 'dense'?)",
    "summary_rows: [x, lstm]\n": "7:16: error: 'summary_rows' lists 'x', which is an input; the summary of a "
    "subclassed model has no input rows",
    "summary_rows: [lstm, dense_again]\n": "7:22: error: 'summary_rows' lists 'dense_again', which applies 'dense' "
    "again (shares:); list the layer 'dense' once",
    "summary_rows: [lstm, dense, lstm]\n": "7:29: error: 'summary_rows' lists 'lstm', which is listed twice; the "
    "summary shows each layer once",
    "summary_rows: [lstm, 3]\n": "7:22: error: 'summary_rows' lists 3, which is not a layer name",
    "summary_rows: lstm\n": "7:15: error: 'summary_rows' must be a non-empty list of layer names, e.g. [lstm, dense]",
    "summary_rows: []\n": "7:15: error: 'summary_rows' must be a non-empty list of layer names, e.g. [lstm, dense]",
}


@pytest.mark.parametrize("rows", sorted(SUMMARY_ROWS_ERRORS))
def test_summary_rows_refusals_are_located(run, rows: str) -> None:
    result = run("summary", "-", stdin=GRAPH + rows)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == f"<stdin>:{SUMMARY_ROWS_ERRORS[rows]}"


def test_summary_rows_belong_to_a_graph_spec(run) -> None:
    result = run(
        "summary", "-", stdin="input: {shape: [4]}\nlayers:\n- {type: Dense, units: 1}\nsummary_rows: [dense]\n"
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == (
        "<stdin>:4:1: error: 'summary_rows' belongs to a graph spec, which names its inputs in 'inputs:'"
    )


def test_a_layer_left_out_of_summary_rows_is_not_counted(run) -> None:
    # As Keras counts a subclassed model: only the layers it tracks (a Dense made inside call() is not).
    spec = GRAPH.replace("- {name: dense_again, shares: dense, inputs: dense}\n", "") + "summary_rows: [lstm]\n"
    result = run("summary", "-", "--format", "json", stdin=spec)
    assert result.exit_code == 0
    assert '"total_params": 216' in result.stdout


def _residual_plus(tmp_path: Path) -> Path:
    """The subclassed model whose call() returns self.out(x + y), as a file."""
    path = tmp_path / "model.py"
    path.write_text(SUBCLASSED["residual_plus"].code, encoding="utf-8")
    return path


def test_export_writes_a_subclassed_models_merges_made_in_call(run, tmp_path: Path) -> None:
    # The code written builds a graph whose every entry is a layer, x + y made in call() included.
    path = _residual_plus(tmp_path)
    to_torch = run("export", str(path), "--to", "pytorch")
    assert (to_torch.exit_code, to_torch.stderr) == (0, "")
    assert "lstmcalc counts 5,825 parameters (22.75 KB), 5,825 of them trainable;\n" in to_torch.stdout
    assert "        add_at_line_15 = lstm + dense  # (None, 24, 32)\n" in to_torch.stdout
    to_keras = run("export", str(path), "--to", "keras")
    assert (to_keras.exit_code, to_keras.stderr) == (0, "")
    assert 'add_at_line_15 = layers.Add(name="add_at_line_15")([lstm, dense])\n' in to_keras.stdout


def test_the_diagram_of_a_subclassed_model_draws_its_whole_graph(run, tmp_path: Path) -> None:
    # Its merge made in call() is a box with its edges (it used to be drawn as a second input, unconnected).
    path = _residual_plus(tmp_path)
    result = run("diagram", str(path), "--format", "mermaid")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "flowchart TD\n"
        '    n0(["input_layer<br>InputLayer<br>(None, 24, 3)<br>0 params"])\n'
        '    n1["lstm<br>LSTM<br>(None, 24, 32)<br>4,608 params"]\n'
        '    n2["dense<br>Dense<br>(None, 24, 32)<br>1,056 params"]\n'
        '    n3["add_at_line_15<br>Add<br>(None, 24, 32)<br>0 params"]\n'
        '    n4[["dense_1<br>Dense<br>(None, 24, 1)<br>33 params"]]\n'
        "    n0 --> n1\n"
        "    n1 --> n2\n"
        "    n1 --> n3\n"
        "    n2 --> n3\n"
        "    n3 --> n4\n"
        "    classDef input fill:#e4f2e0,stroke:#3b7d33,stroke-width:2px\n"
        "    classDef output fill:#fdebd3,stroke:#b3641b,stroke-width:2px\n"
        "    class n0 input\n"
        "    class n4 output\n"
    )
