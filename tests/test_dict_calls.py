"""``dict(key=value, ...)`` and ``dict(**known, key=value)`` read as the dict literal of the same keys, in
PyTorch and Keras code alike (the shared evaluator, lstm_calc/readers/evaluate.py): a probe found
``cfg = dict(n_in=4, hidden=8)``, a common way to write a config, asked for with --set."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from lstm_calc.cli import main

TORCH = (
    "import torch.nn as nn\n\nBASE = {BASE}\ncfg = {CFG}\n\n\nclass Net(nn.Module):\n"
    "    def __init__(self, cfg, out={OUT}):\n        super().__init__()\n"
    "        self.rnn = nn.LSTM(cfg['n_in'], cfg['hidden'], batch_first=True)\n"
    "        self.fc = nn.Linear(cfg['hidden'], out['classes'])\n\n"
    "    def forward(self, x):\n        return self.fc(self.rnn(x)[0])\n\n\nmodel = Net(cfg)\n"
)
KERAS = (
    "import keras\nfrom keras import layers\n\nBASE = {BASE}\nparams = {CFG}\n"
    "inputs = keras.Input(shape=(10,))\nx = layers.Embedding(params['n_in'], 8)(inputs)\n"
    "x = layers.LSTM(params['hidden'])(x)\nmodel = keras.Model(inputs, layers.Dense({OUT}['classes'])(x))\n"
)
LITERALS = {"BASE": "{'n_in': 4}", "CFG": "{'n_in': 4, 'hidden': 8}", "OUT": "{'classes': 3}"}
CALLS = {"BASE": "dict(n_in=4)", "CFG": "dict(**{'n_in': 4}, hidden=8)", "OUT": "dict(classes=3)"}


def _summary(tmp_path: Path, name: str, code: str) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(code, encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--format", "json"])
    return result.exit_code, result.stdout.replace(name, "model.py"), result.stderr


@pytest.mark.parametrize("template", [TORCH, KERAS], ids=["pytorch", "keras"])
def test_a_dict_call_reads_as_its_literal(tmp_path: Path, template: str) -> None:
    literal = _summary(tmp_path, "literal.py", template.format(**LITERALS))
    called = _summary(tmp_path, "called.py", template.format(**CALLS))
    assert literal[0] == 0 and '"total_params"' in literal[1]
    assert called == literal


def test_a_dict_of_other_keys_is_asked_for(tmp_path: Path) -> None:
    code = TORCH.format(BASE="{}", CFG="dict([('n_in', 4), ('hidden', 8)])", OUT="dict(classes=3)")
    exit_code, stdout, stderr = _summary(tmp_path, "model.py", code)
    assert (exit_code, stdout) == (2, "")
    assert "cannot know the value of cfg['n_in']" in stderr
