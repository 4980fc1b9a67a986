"""A Keras model saved after ``compile()``: Keras's load_model and model_from_json compile it again and build
its optimizer, and the summary's Total counts the optimizer's variables, with an ``Optimizer params`` line.
The tables are Keras 3.15.1's own (tests/golden/compiled_keras, from tests/fixtures/keras/make_fixtures.py;
tests/oracle/test_compiled_keras_oracle.py holds them to a live Keras)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.compiled_keras_cases import CASES, LINE_LENGTH, REFUSED
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "keras" / "compiled"
GOLDEN = ROOT / "tests" / "golden" / "compiled_keras"
FILES = sorted(
    f"{name}{suffix}"
    for name, (_, archive) in CASES.items()
    if name not in REFUSED
    for suffix in ((".json", ".keras") if archive else (".json",))
)


@pytest.mark.parametrize("file", FILES)
def test_the_summary_is_keras_summary_of_the_loaded_model(run, file: str) -> None:
    result = run("summary", str(FIXTURES / file), "--line-length", LINE_LENGTH)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (GOLDEN / f"{Path(file).stem}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "class_name", "params", "size"),
    [
        ("adam", "Adam", 852, 3408),  # m and v for 425 weights, the iteration and the learning rate
        ("sgd", "SGD", 2, 8),  # no momentum: only the iteration and the learning rate
        ("adam_amsgrad_schedule", "Adam", 4 * 170 + 1, 4 * 170 * 4 + 4),  # m, v, vhat, accumulator; no rate
        ("nadam_float16", "Nadam", 2 * 138 + 3, 2 * 138 * 2 + 4 + 4 + 2),  # u_product in the weights' float16
        ("loss_scale_mixed", "LossScaleOptimizer", 3 * 138 + 2 + 4, 3 * 138 * 4 + 8 + 16),
    ],
)
def test_the_json_document_has_the_optimizer_beside_the_model_counts(
    run, name: str, class_name: str, params: int, size: int
) -> None:
    document = json.loads(run("summary", str(FIXTURES / f"{name}.json"), "--format", "json").stdout)
    assert document["optimizer"] == {"class_name": class_name, "params": params, "bytes": size}
    model_params = sum(layer["params"] for layer in document["layers"])
    assert document["total_params"] == model_params  # the model's own count, as check's budget counts


def test_a_model_saved_uncompiled_has_no_optimizer(run) -> None:
    path = ROOT / "tests" / "fixtures" / "keras" / "functional.json"
    document = json.loads(run("summary", str(path), "--format", "json").stdout)
    assert "optimizer" not in document
    assert "Optimizer params" not in run("summary", str(path)).stdout


def test_markdown_has_the_optimizer_line(run) -> None:
    text = run("summary", str(FIXTURES / "adam.keras"), "--format", "markdown").stdout
    assert "Optimizer params" in text and "1,277" in text


def test_check_budgets_the_model_not_its_optimizer(run) -> None:
    path = str(FIXTURES / "adam.json")
    assert run("check", path, "--max-params", "425").exit_code == 0
    over = run("check", path, "--max-params", "424")
    assert over.exit_code == 1, over.output


def _edited(tmp_path: Path, name: str, change) -> str:
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    change(data["compile_config"])
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return str(path)


def _line_of(path: str, text: str) -> int:
    return next(number for number, line in enumerate(Path(path).read_text().splitlines(), 1) if text in line)


def _set(key: str, value):
    def change(compile_config):
        compile_config["optimizer"]["config"][key] = value

    return change


@pytest.mark.parametrize(
    ("name", "change", "marker", "message"),
    [
        ("muon", lambda c: None, '"class_name": "Muon"', "Muon gives each weight a velocity or not"),
        (
            "adam",
            lambda c: c["optimizer"].update(module="my_optimizers", registered_name="Custom>Adam"),
            '"class_name": "Adam"',
            "not one of Keras's own",
        ),
        ("adam", lambda c: c["optimizer"].update(class_name="Shampoo"), '"class_name": "Shampoo"', "not one of"),
        ("adam", _set("fancy_slots", 3), '"fancy_slots"', "optimizer option 'fancy_slots' is not one Keras 3.15"),
        ("adam", _set("amsgrad", "yes"), '"amsgrad"', "amsgrad must be true or false"),
        ("adam", _set("learning_rate", 1), '"learning_rate"', "learning_rate must be a float or a schedule"),
        ("sgd", _set("gradient_accumulation_steps", 1), '"gradient_accumulation_steps"', "an integer >= 2"),
        ("adam", lambda c: c.update(optimizer="shampoo"), '"optimizer"', "unknown optimizer 'shampoo'"),
    ],
)
def test_what_lstmcalc_cannot_count_exactly_is_refused_at_its_key(
    run, tmp_path: Path, name: str, change, marker: str, message: str
) -> None:
    path = _edited(tmp_path, name, change)
    result = run("summary", path)
    assert result.exit_code == 2
    assert f"{path}:{_line_of(path, marker)}:" in result.stderr
    assert message in result.stderr


def test_an_optimizer_given_by_name_is_keras_default_one(run, tmp_path: Path) -> None:
    path = _edited(tmp_path, "adam", lambda c: c.update(optimizer="RMSprop"))
    document = json.loads(run("summary", path, "--format", "json").stdout)
    assert document["optimizer"] == {"class_name": "RMSprop", "params": 427, "bytes": 1708}


def test_compiled_without_an_optimizer_has_none(run, tmp_path: Path) -> None:
    path = _edited(tmp_path, "adam", lambda c: c.update(optimizer=None))
    assert "optimizer" not in json.loads(run("summary", path, "--format", "json").stdout)
