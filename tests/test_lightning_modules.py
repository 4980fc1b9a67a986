"""PyTorch Lightning's LightningModule read as the nn.Module it is: every import spelling of the base,
``save_hyperparameters`` and ``self.hparams`` as Lightning 2 gives them, and located refusals where
Lightning would raise or lstmcalc cannot be sure. The real-world cases are in the PyTorch corpus
(tests/torch_corpus/59_* and 60_*), held to torchinfo's own text there."""

from __future__ import annotations

import pytest

from lstm_calc.api import build
from lstm_calc.errors import SpecError
from lstm_calc.readers.python_model import read_python_model
from lstm_calc.summary import ModelSummary


def summarize(code: str, input_shapes: list[tuple[int, ...]] | None = None) -> ModelSummary:
    """The summary lstmcalc reads from ``code`` with ``--input-shape`` ``input_shapes``."""
    return build(read_python_model(code, "model.py", (), input_shapes=input_shapes or ()), "model.py")[1]


FORWARD = "\n    def forward(self, x):\n        return self.lstm(x)[0]\n"


def lightning(imports: str, base: str, init: str, tail: str = "") -> str:
    """A LightningModule with an LSTM made in ``init`` (the body of __init__ after super().__init__())."""
    body = "\n".join(f"        {line}" for line in init.splitlines())
    return (
        f"import torch.nn as nn\n{imports}\n\nclass Seq({base}):\n    def __init__(self, hidden=16, layers=2, "
        f"lr=1e-3):\n        super().__init__()\n{body}\n{FORWARD}\n    def training_step(self, batch, i):\n"
        f"        self.log('loss', 1.0)\n{tail}"
    )


@pytest.mark.parametrize(
    ("imports", "base"),
    [
        ("import pytorch_lightning as pl", "pl.LightningModule"),
        ("import lightning.pytorch as pl", "pl.LightningModule"),
        ("from lightning import LightningModule", "LightningModule"),
        ("import lightning as L", "L.LightningModule"),
        ("import lightning as L", "L.pytorch.LightningModule"),
        ("from pytorch_lightning import LightningModule as Base", "Base"),
        ("import pytorch_lightning", "pytorch_lightning.LightningModule"),
    ],
)
def test_each_spelling_of_the_base_is_an_nn_module(imports: str, base: str) -> None:
    model = summarize(lightning(imports, base, "self.lstm = nn.LSTM(8, hidden)"), input_shapes=[(2, 5, 8)])
    assert model.total_params == 1664


@pytest.mark.parametrize(
    ("init", "params"),
    [
        ("self.save_hyperparameters()\nself.lstm = nn.LSTM(8, self.hparams.hidden, self.hparams['layers'])", 3840),
        ("self.save_hyperparameters('hidden')\nself.lstm = nn.LSTM(8, self.hparams.hidden)", 1664),
        ("self.save_hyperparameters(ignore=['lr'])\nself.lstm = nn.LSTM(8, self.hparams.get('hidden', 4))", 1664),
        ("self.save_hyperparameters({'hidden': 4})\nself.lstm = nn.LSTM(8, self.hparams.hidden)", 224),
        ("hidden = 4\nself.save_hyperparameters()\nself.lstm = nn.LSTM(8, self.hparams.hidden)", 224),
        ("self.save_hyperparameters('hidden')\nself.lstm = nn.LSTM(8, 16, self.hparams.get('layers', 1))", 1664),
    ],
)
def test_saved_hyperparameters_read_the_init_arguments(init: str, params: int) -> None:
    model = summarize(lightning("import pytorch_lightning as pl", "pl.LightningModule", init))
    assert model.total_params == params


def test_a_namespace_given_is_what_hparams_holds() -> None:
    code = lightning(
        "import pytorch_lightning as pl\nfrom argparse import Namespace",
        "pl.LightningModule",
        "self.save_hyperparameters(hidden)\nself.lstm = nn.LSTM(8, self.hparams.size)",
    )
    model = summarize(code + "\nmodel = Seq(Namespace(size=4))\n")
    assert model.total_params == 224


def test_forward_reads_hparams_too() -> None:
    code = lightning(
        "import torch\nimport pytorch_lightning as pl",
        "pl.LightningModule",
        "self.save_hyperparameters()\nself.lstm = nn.LSTM(8, hidden, batch_first=True)",
    ).replace(
        "        return self.lstm(x)[0]",
        "        h = torch.zeros(1, x.size(0), self.hparams.hidden)\n        return self.lstm(x, (h, h))[0]",
    )
    model = summarize(code, input_shapes=[(2, 5, 8)])
    assert model.total_params == 1664 and not model.notes


def test_the_device_property_is_a_device() -> None:
    # LightningModule.device: torch.zeros(..., device=self.device) keeps its shape (it stopped forward there).
    code = lightning(
        "import torch\nimport pytorch_lightning as pl",
        "pl.LightningModule",
        "self.lstm = nn.LSTM(8, hidden, batch_first=True)",
    ).replace(
        "        return self.lstm(x)[0]",
        "        h = torch.zeros(1, x.size(0), 16, device=self.device)\n        return self.lstm(x, (h, h))[0]",
    )
    model = summarize(code, input_shapes=[(2, 5, 8)])
    assert not model.notes
    assert [(call.path, call.outputs) for call in model.module_calls] == [
        ("", ((2, 5, 16),)),
        ("lstm", ((2, 5, 16), (1, 2, 16), (1, 2, 16))),
    ]


@pytest.mark.parametrize(
    ("init", "where", "message"),
    [
        (
            "self.lstm = nn.LSTM(8, self.hparams.hidden)",
            (7, 32),
            "Lightning would refuse this (AttributeError: 'hidden'): self.save_hyperparameters() is not called "
            "before it",
        ),
        (
            "self.save_hyperparameters(ignore='hidden')\nself.lstm = nn.LSTM(8, self.hparams['hidden'])",
            (8, 32),
            "Lightning would refuse this (KeyError: 'hidden'): self.save_hyperparameters() at line 7 saves only "
            "layers, lr",
        ),
        (
            "self.save_hyperparameters('width')\nself.lstm = nn.LSTM(8, 4)",
            (7, 9),
            "Lightning would refuse this (KeyError: 'width'): width is not an argument of Seq.__init__",
        ),
        (
            "self.hparams = {'hidden': 4}\nself.lstm = nn.LSTM(8, 4)",
            (7, 9),
            "Lightning refuses this (AttributeError: property 'hparams' has no setter)",
        ),
    ],
)
def test_what_lightning_would_not_give_is_refused_where_it_is(init: str, where: tuple[int, int], message: str) -> None:
    with pytest.raises(SpecError) as raised:
        summarize(lightning("import pytorch_lightning as pl", "pl.LightningModule", init))
    assert raised.value.message.startswith(message)
    assert (raised.value.location.line, raised.value.location.column) == where


def test_save_hyperparameters_without_super_is_refused() -> None:
    code = lightning("import pytorch_lightning as pl", "pl.LightningModule", "self.lstm = nn.LSTM(8, 4)")
    code = code.replace("super().__init__()", "pl.LightningModule.__init__(self)\n        self.save_hyperparameters()")
    with pytest.raises(SpecError, match="never names super"):
        summarize(code)


def test_an_unknown_argument_is_asked_for() -> None:
    code = lightning(
        "import pytorch_lightning as pl",
        "pl.LightningModule",
        "self.save_hyperparameters()\nself.lstm = nn.LSTM(8, self.hparams.hidden)",
    ).replace("hidden=16", "hidden")
    with pytest.raises(SpecError, match="give it with --set 'self.hparams.hidden=VALUE'"):
        summarize(code)


def test_a_torchmetrics_metric_is_an_unknown_module_as_before() -> None:
    code = lightning(
        "import pytorch_lightning as pl\nimport torchmetrics",
        "pl.LightningModule",
        "self.acc = torchmetrics.Accuracy(task='binary')\nself.lstm = nn.LSTM(8, 4)",
    )
    with pytest.raises(SpecError, match="lstmcalc cannot tell which module self.acc is"):
        summarize(code)
