"""Configuration dicts read the way real code reads them: ``config.get("hidden", 64)`` and
``config["units"]`` on several lines, in PyTorch and Keras code. Each case's totals are what torch 2.13
and Keras 3 (backend torch) give for it (tests/oracle/test_config_reads_oracle.py checks they still do);
each refused case changes the dict between two reads, or a function changes a module-level name when
called, so reading it as written first would be wrong.
"""

from __future__ import annotations

#: name -> (framework, code, (total parameters, trainable parameters) as the framework counts them).
READ_CASES: dict[str, tuple[str, str, tuple[int, int]]] = {
    # The configuration idiom of many PyTorch repositories: a dict passed to the constructor,
    # read with defaults for the keys it may lack.
    "torch_get_in_init": (
        "torch",
        """import torch.nn as nn


class Model(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.lstm = nn.LSTM(config.get("n_in", 8), config.get("hidden", 32), bias=config.get("bias", True))
        self.fc = nn.Linear(config.get("hidden", 32), 2)

    def forward(self, x):
        return self.fc(self.lstm(x)[0])


cfg = {"hidden": 16}
model = Model(cfg)
""",
        (1698, 1698),
    ),
    # Module-level reads: one by item, one with get, the dict passed on as well.
    "torch_get_at_module_level": (
        "torch",
        """import torch.nn as nn


class M(nn.Module):
    def __init__(self, c, width):
        super().__init__()
        self.a = nn.LSTM(c["n"], c.get("h", 3))
        self.b = nn.Linear(width, c["h"])
        self.c = nn.Linear(c.get("h"), c.get("n"))

    def forward(self, x):
        return self.c(x)


cfg = {"n": 4, "h": 12}
first = cfg["h"]
width = cfg.get("h", 1)
model = M(cfg, width)
""",
        (1072, 1072),
    ),
    "keras_get": (
        "keras",
        """import keras
from keras import layers

cfg = {"units": 12}
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(cfg.get("units", 3), return_sequences=cfg.get("sequences", False))(inputs)
x = layers.Dense(cfg.get("classes", 5))(x)
model = keras.Model(inputs, x)
""",
        (881, 881),
    ),
    # Before, the first read forgot the dict: the second line was asked for.
    "keras_items_on_two_lines": (
        "keras",
        """import keras
from keras import layers

cfg = {"units": 12, "classes": 5}
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(cfg["units"])(inputs)
x = layers.Dense(cfg["classes"])(x)
model = keras.Model(inputs, x)
""",
        (881, 881),
    ),
    # Dicts __init__ knows spread into torch.nn modules, as torch takes them (were refused: "cannot read **").
    "torch_dicts_spread_into_modules": (
        "torch",
        """import torch.nn as nn

class Tagger(nn.Module):
    def __init__(self, extra=None):
        super().__init__()
        rnn_args = {"batch_first": True, "bidirectional": True}
        options = {"num_layers": 2, "dropout": 0.1}
        self.rnn = nn.LSTM(4, 5, **rnn_args, **options)
        self.fc = nn.Linear(10, 3, **{"bias": False})

    def forward(self, x):
        return self.fc(self.rnn(x)[0])


model = Tagger()
""",
        (1150, 1150),
    ),
    # A dict that also holds a list: reading a number from it changes nothing (was asked for on the second line).
    "keras_numbers_read_beside_a_list": (
        "keras",
        """import keras
from keras import layers

cfg = {"units": 12, "classes": 5, "kernel_sizes": [3, 5]}
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(cfg.get("units", 3))(inputs)
x = layers.Dense(cfg["classes"])(x)
model = keras.Model(inputs, x)
""",
        (881, 881),
    ),
}

_KERAS_CHANGED = """import keras
from keras import layers

cfg = {{"units": 12, "classes": 5}}
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(cfg["units"], return_sequences=True)(inputs)
{change}
x = layers.LSTM(cfg.get("units", 3))(x)
x = layers.Dense(5)(x)
model = keras.Model(inputs, x)
"""

_TORCH_CHANGED = """import torch.nn as nn


class M(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.a = nn.LSTM(c["n"], c.get("h", 3))

    def forward(self, x):
        return self.a(x)[0]


cfg = {{"n": 4, "h": 12}}
first = cfg["h"]
{change}
model = M(cfg)
"""

_TORCH_CALLED = """import torch.nn as nn

H = 8
SIZES = [8]
CFG = {{"hidden": 8}}
{before}


class M(nn.Module):
    def __init__(self):
        super().__init__()
{call}        self.lstm = nn.LSTM(6, {read})

    def forward(self, x):
        return self.lstm(x)[0]


model = M()
"""

_TORCH_DATACLASS = """from dataclasses import dataclass

import torch.nn as nn


@dataclass
class Cfg:
    hidden: int = 8

    {method}


class M(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.lstm = nn.LSTM(6, cfg.hidden)

    def forward(self, x):
        return self.lstm(x)[0]


model = M(Cfg())
"""

#: name -> (framework, code, (line, column) of the value asked for, its text, totals the framework gives):
#: each changes the dict between two reads, where the second read would be wrong if read as the first.

# Configurations as typing.NamedTuple classes, read as a dataclass's instance is read: by their fields' names.
READ_CASES["torch_named_tuple_config"] = (
    "torch",
    """from typing import NamedTuple

import torch.nn as nn


class Config(NamedTuple):
    vocab: int
    hidden: int = 32
    classes: int = 4


class Tagger(nn.Module):
    def __init__(self, cfg: Config):
        super().__init__()
        self.emb = nn.Embedding(cfg.vocab, cfg.hidden)
        self.rnn = nn.GRU(cfg.hidden, cfg.hidden, batch_first=True)
        self.fc = nn.Linear(cfg.hidden, cfg.classes)

    def forward(self, x):
        return self.fc(self.rnn(self.emb(x))[0])


model = Tagger(Config(100, classes=5))
""",
    (9701, 9701),
)
READ_CASES["torch_typing_named_tuple_default"] = (
    "torch",
    """import typing

import torch.nn as nn


class Hyper(typing.NamedTuple):
    n_in: int = 8
    hidden: int = 16


class Net(nn.Module):
    def __init__(self, hp=Hyper()):
        super().__init__()
        self.lstm = nn.LSTM(hp.n_in, hp.hidden)

    def forward(self, x):
        return self.lstm(x)[0]


model = Net()
""",
    (1664, 1664),
)

#: name -> (code, (line, column) and expression asked for): a record read other than by its fields' names.
#: Python refuses len() and items of a dataclass's instance (TypeError), where lstmcalc counted its fields
#: and read its items as a dict's; a NamedTuple's position is asked for.
RECORD_ASKED: dict[str, tuple[str, tuple[int, int], str]] = {
    name: (
        f"""from dataclasses import dataclass
from typing import NamedTuple

import torch.nn as nn


@dataclass
class Config:
    vocab: int = 100
    hidden: int = 32


class Pair(NamedTuple):
    width: int = 8
    depth: int = 2


class Net(nn.Module):
    def __init__(self, cfg: Config, pair: Pair):
        super().__init__()
        self.fc = nn.Linear({read}, 3)

    def forward(self, x):
        return self.fc(x)


model = Net(Config(), Pair())
""",
        (21, 29),
        read,
    )
    for name, read in [
        ("len_of_a_dataclass", "len(cfg)"),
        ("item_of_a_dataclass", "cfg['hidden']"),
        ("position_in_a_named_tuple", "pair[0]"),
    ]
}


CHANGED_CASES: dict[str, tuple[str, str, tuple[int, int], str, tuple[int, int]]] = {
    "keras_item_set": (
        "keras",
        _KERAS_CHANGED.format(change='cfg["units"] = 20'),
        (8, 17),
        "cfg.get('units', 3)",
        (3561, 3561),
    ),
    "keras_update": (
        "keras",
        _KERAS_CHANGED.format(change="cfg.update(units=20)"),
        (8, 17),
        "cfg.get('units', 3)",
        (3561, 3561),
    ),
    "keras_changed_inside_an_item_read": (
        "keras",
        _KERAS_CHANGED.format(change='noop = cfg[(cfg.update(units=20), "units")[1]]'),
        (8, 17),
        "cfg.get('units', 3)",
        (3561, 3561),
    ),
    "keras_list_item_read_then_changed": (
        "keras",
        """import keras
from keras import layers

cfg = {"units": 12, "sizes": [4]}
inputs = keras.Input(shape=(10, 4))
x = layers.LSTM(cfg["units"], return_sequences=True)(inputs)
cfg.get("sizes").append(20)
x = layers.LSTM(cfg["sizes"][-1])(x)
x = layers.Dense(5)(x)
model = keras.Model(inputs, x)
""",
        (8, 17),
        "cfg['sizes'][-1]",
        (3561, 3561),
    ),
    "keras_changed_by_a_function": (
        "keras",
        _KERAS_CHANGED.format(change='def change(c):\n    c["units"] = 20\nchange(cfg)'),
        (10, 17),
        "cfg.get('units', 3)",
        (3561, 3561),
    ),
    "torch_item_set": ("torch", _TORCH_CHANGED.format(change='cfg["h"] = 20'), (7, 26), "c['n']", (2080, 2080)),
    "torch_changed_in_a_default": (
        "torch",
        _TORCH_CHANGED.format(change='noop = cfg.get("h", cfg.update(h=20))'),
        (7, 26),
        "c['n']",
        (2080, 2080),
    ),
    "torch_through_another_name": (
        "torch",
        _TORCH_CHANGED.format(change='other = cfg\nother["h"] = 20'),
        (7, 26),
        "c['n']",
        (2080, 2080),
    ),
    # A module-level name a function changes when called (code_flow's global and shared values): before,
    # read as first written, 8 where torch reads 20.
    "torch_global_set_by_a_function": (
        "torch",
        _TORCH_CALLED.format(before="def setup():\n    global H\n    H = 20\n\n\nsetup()", call="", read="H"),
        (17, 32),
        "H",
        (2240, 2240),
    ),
    "torch_global_set_by_a_function_in_init": (
        "torch",
        _TORCH_CALLED.format(before="def bump():\n    global H\n    H = 20", call="        bump()\n", read="H"),
        (15, 32),
        "H",
        (2240, 2240),
    ),
    "torch_list_appended_by_a_function": (
        "torch",
        _TORCH_CALLED.format(before="def grow():\n    SIZES.append(20)\n\n\ngrow()", call="", read="SIZES[-1]"),
        (16, 32),
        "SIZES[-1]",
        (2240, 2240),
    ),
    "torch_dict_item_set_through_a_returned_dict": (
        "torch",
        _TORCH_CALLED.format(
            before='def get():\n    return CFG\n\n\nget()["hidden"] = 20', call="", read='CFG["hidden"]'
        ),
        (16, 32),
        "CFG['hidden']",
        (2240, 2240),
    ),
    "torch_list_appended_by_a_class_decorator": (
        "torch",
        _TORCH_CALLED.format(
            before="def register(cls):\n    SIZES.append(20)\n    return cls", call="", read="SIZES[-1]"
        ).replace("class M(", "@register\nclass M("),
        (15, 32),
        "SIZES[-1]",
        (2240, 2240),
    ),
    # A dataclass with a method that changes its fields: before, its defaults were read, 8 where torch
    # reads 20 (nanoGPT-like configurations that derive a field in __post_init__ are asked for too).
    "torch_dataclass_post_init": (
        "torch",
        _TORCH_DATACLASS.format(method="def __post_init__(self):\n        self.hidden = 20"),
        (17, 32),
        "cfg.hidden",
        (2240, 2240),
    ),
    "torch_dataclass_own_init": (
        "torch",
        _TORCH_DATACLASS.format(method="def __init__(self):\n        self.hidden = 20"),
        (17, 32),
        "cfg.hidden",
        (2240, 2240),
    ),
    "torch_dataclass_setattr": (
        "torch",
        _TORCH_DATACLASS.format(
            method='def __setattr__(self, k, v):\n        object.__setattr__(self, k, 20 if k == "hidden" else v)'
        ),
        (17, 32),
        "cfg.hidden",
        (2240, 2240),
    ),
    "torch_dataclass_getattribute": (
        "torch",
        _TORCH_DATACLASS.format(
            method="def __getattribute__(self, k):\n"
            + '        return 20 if k == "hidden" else object.__getattribute__(self, k)'
        ),
        (17, 32),
        "cfg.hidden",
        (2240, 2240),
    ),
}
