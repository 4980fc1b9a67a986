"""A Keras model class made with ``*args`` or ``**config``: a spread lstmcalc knows gives each
parameter its value; one it does not know makes every parameter it may give unknown, asked for.
Before, ``**config`` was passed over and each parameter kept its default (8 where Keras has 24)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from lstm_calc.cli import main

MODEL = """import json

import keras
from keras import layers


class M(keras.Model):
    def __init__(self, units=2, **kw):
        super().__init__(**kw)
        self.d1 = layers.Dense(units)

    def call(self, x):
        return self.d1(x)


{made}
model.build((None, 3))
"""


def _summary(tmp_path: Path, made: str) -> tuple[int, str, str]:
    path = tmp_path / "model.py"
    path.write_text(MODEL.format(made=made), encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "json"])
    return result.exit_code, result.stdout, result.stderr.replace(str(path), "model.py")


def test_a_known_spread_gives_each_parameter_its_value(tmp_path: Path) -> None:
    # Keras 3: 24 parameters (Dense(6) on 3 features)
    exit_code, stdout, stderr = _summary(tmp_path, "model = M(*[6])")
    assert (exit_code, stderr) == (0, "")
    assert json.loads(stdout)["total_params"] == 24


def test_a_spread_of_what_lstmcalc_cannot_read_asks_for_the_parameters(tmp_path: Path) -> None:
    exit_code, stdout, stderr = _summary(tmp_path, "config = json.load(open('config.json'))\nmodel = M(**config)")
    assert (exit_code, stdout) == (2, "")
    assert stderr == (
        "model.py:10:32: error: cannot evaluate 'units' (Dense's units) without running the code; give its value "
        "with --set 'units=VALUE'\n"
    )
