"""``trainable`` set after a layer or model is made, which the Keras code readers do not follow (but
for a layer the functional reader knows by name): refused at its line, never a trainable count that
Keras contradicts. Each refused form's counts in Keras 3 are noted beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main
from lstm_calc.readers.keras_trainable import TRAINABLE_SET_LATER
from tests.code_summaries import read_summary
from tests.keras_trainable_later_cases import SET_LATER

SEQUENTIAL = (
    "import keras\nfrom keras import layers\n\n"
    "model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4), layers.Dense(2)])\n"
)
FUNCTIONAL = (
    "import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(3,))\ndense = layers.Dense(4)\n"
    "model = keras.Model(inputs, layers.Dense(2)(dense(inputs)))\n"
)


@pytest.mark.parametrize(
    ("code", "where"),
    [
        # Keras: 26 parameters, 10 trainable (lstmcalc counted 26 trainable)
        (SEQUENTIAL + "model.layers[0].trainable = False\n", "5:1"),
        # Keras: 26 parameters, 10 trainable (lstmcalc counted 26 trainable)
        (SEQUENTIAL + "for layer in model.layers[:1]:\n    layer.trainable = False\n", "6:5"),
        # Keras: 26 parameters, 0 trainable
        (SEQUENTIAL + "model.trainable = False\n", "5:1"),
        # Keras: 26 parameters, 10 trainable
        (FUNCTIONAL + "model.layers[1].trainable = False\n", "7:1"),
        # Keras: 26 parameters, 10 trainable
        (FUNCTIONAL + "for layer in model.layers[1:2]:\n    layer.trainable = False\n", "8:5"),
        # Keras: 26 parameters, 10 trainable (lstmcalc counted 26 trainable)
        (FUNCTIONAL + 'setattr(dense, "trainable", False)\n', "7:1"),
        (SEQUENTIAL + 'setattr(model.layers[0], "trainable", False)\n', "5:1"),
        (FUNCTIONAL + "flag = 'trainable'\nsetattr(dense, flag, False)\n", "8:1"),
    ],
    ids=[
        "sequential_item",
        "sequential_loop",
        "sequential_model",
        "functional_item",
        "functional_loop",
        "functional_setattr",
        "sequential_setattr",
        "setattr_of_a_name_lstmcalc_does_not_read",
    ],
)
def test_trainable_set_where_lstmcalc_cannot_tell_on_what_is_refused(code: str, where: str, tmp_path: Path) -> None:
    path = tmp_path / "model.py"
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"{path}:{where}: error: {TRAINABLE_SET_LATER}\n",
    )


def test_a_layer_known_by_name_is_still_frozen_in_functional_code(tmp_path: Path) -> None:
    # Keras: 26 parameters, 10 trainable, 16 non-trainable
    path = tmp_path / "model.py"
    path.write_text(FUNCTIONAL.replace("model = ", "dense.trainable = False\nmodel = "), encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"trainable_params": 10' in result.stdout
    assert '"non_trainable_params": 16' in result.stdout


@pytest.mark.parametrize("name", sorted(SET_LATER))
def test_a_wrapper_set_later_sets_the_layers_inside_as_keras_does(tmp_path: Path, name: str) -> None:
    code, (total, trainable) = SET_LATER[name]
    summary = read_summary(tmp_path, code)
    assert (summary["total_params"], summary["trainable_params"]) == (total, trainable)
