"""The reduction cases (tests/reduction_cases.py) in a live Keras 3: each model's summary is the golden table
lstmcalc is held to (tests/golden/reductions), each JSON and ``.keras`` fixture is what that Keras writes and
loads into the same table, Keras refuses each refused case in the words lstmcalc quotes, and the Keras code
``lstmcalc export --to keras`` writes builds the same table."""

from __future__ import annotations

import inspect
import json
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("keras")

import keras  # noqa: E402

from lstm_calc.layers.keras_masks import DROPS  # noqa: E402
from lstm_calc.layers.reductions import Max, Mean, Min, Sum  # noqa: E402
from lstm_calc.readers.functional_reductions import REDUCTIONS  # noqa: E402
from lstm_calc.readers.keras_config import KERAS_OPERATION_NAMES  # noqa: E402
from tests.oracle.keras_code_run import keras_table, run_model_code  # noqa: E402
from tests.reduction_cases import CODE, REDUCED_IN_A_COMPREHENSION, REFUSED, SAVED_CASES, YAML_SPEC  # noqa: E402
from tests.test_reductions import FIXTURES, GOLDEN, LINE_LENGTH  # noqa: E402

pytestmark = pytest.mark.oracle


def _golden(name: str) -> str:
    return (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


def _operations(config: dict) -> list[dict]:
    return [layer for layer in config["config"]["layers"] if layer["class_name"] in KERAS_OPERATION_NAMES]


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_summary_is_the_golden_table(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert keras_table(run_model_code(CODE[name]), int(LINE_LENGTH)) == _golden(name)


@pytest.mark.parametrize("name", SAVED_CASES)
def test_the_fixtures_are_what_keras_writes_and_loads(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    written = (FIXTURES / f"{name}.json").read_text(encoding="utf-8")
    assert json.loads(run_model_code(CODE[name]).to_json()) == json.loads(written)
    with zipfile.ZipFile(FIXTURES / f"{name}.keras") as archive:
        saved = json.loads(archive.read("config.json"))
    assert _operations(saved) == _operations(json.loads(written))  # the archive adds build and compile configs
    assert _operations(saved)
    for loaded in (keras.models.model_from_json(written), keras.saving.load_model(FIXTURES / f"{name}.keras")):
        assert keras_table(loaded, int(LINE_LENGTH)) == _golden(name)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_keras_refuses_in_the_words_lstmcalc_quotes(name: str) -> None:
    code, message, _ = REFUSED[name]
    with pytest.raises(ValueError) as raised:
        run_model_code(code)
    assert str(raised.value) == message


def test_keras_names_a_reduction_after_those_of_a_comprehension_from_the_same_counter() -> None:
    assert [layer.name for layer in run_model_code(REDUCED_IN_A_COMPREHENSION).operations][-1] == "mean_2"


def test_the_classes_functions_and_arguments_are_keras_s() -> None:
    from keras.src.ops import numpy

    keras.utils.clear_session(free_memory=False)
    for kind in (Mean, Max, Min, Sum):
        operation = getattr(numpy, kind.class_name)()
        config = operation.get_config()
        assert (set(config), operation.name) == (set(kind.arguments), kind.function), kind.class_name
        assert all(config[name] == kind.arguments[name].default for name in config if name != "name")
        function = getattr(keras.ops, kind.function)
        class_name, parameters = REDUCTIONS[kind.function]
        assert function is getattr(keras.ops.numpy, kind.function) and class_name == kind.class_name
        assert tuple(inspect.signature(function).parameters) == ("x", *parameters) == ("x", *kind.keras_positional)


def test_keras_attaches_no_mask_to_a_reduction() -> None:
    keras.utils.clear_session(free_memory=False)
    embedded = keras.layers.Embedding(50, 8, mask_zero=True)(keras.Input((12,)))
    assert getattr(embedded, "_keras_mask", None) is not None
    assert getattr(keras.ops.mean(embedded, axis=2), "_keras_mask", None) is None
    assert all(kind.keras_mask == DROPS for kind in (Mean, Max, Min, Sum))


@pytest.mark.parametrize("name", [*sorted(CODE), "yaml_spec"])
def test_the_exported_keras_code_builds_the_golden_table(
    name: str, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / ("model.yaml" if name == "yaml_spec" else "model.py")
    source.write_text(YAML_SPEC if name == "yaml_spec" else CODE[name], encoding="utf-8")
    exported = run("export", str(source), "--to", "keras")
    assert exported.exit_code == 0
    monkeypatch.setenv("COLUMNS", "200")
    model = run_model_code(exported.stdout.replace('if __name__ == "__main__":', "if False:"))
    assert keras_table(model, int(LINE_LENGTH)) == _golden("lstm_mean_over_time" if name == "yaml_spec" else name)
