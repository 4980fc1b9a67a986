"""Class attributes as PyTorch code uses them for sizes: ``hidden = 32`` in a module's class body read
as ``self.hidden`` (through the method resolution order) or ``Config.hidden`` of a plain class. Each
case's totals are torch 2.13's (tests/oracle/test_torch_class_attributes_oracle.py checks they still are).
The refused cases are those where the class attribute may not be what ``self.x`` gives when the model
is made: lstmcalc asks for the value at its use rather than read the class body.
"""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n"
FORWARD = "\n    def forward(self, x):\n        return self.fc(x)\n"


def _module(body: str, init: str = "", after: str = "", uses: str = "self.hidden") -> str:
    """A module class ``M`` with class body ``body``, whose ``__init__`` runs ``init`` and then makes
    ``nn.Linear(4, uses)``; ``after`` runs at module level before ``model = M()``."""
    return (
        HEADER
        + f"class M(nn.Module):\n{body}\n    def __init__(self):\n        super().__init__()\n{init}"
        + f"        self.fc = nn.Linear(4, {uses})\n"
        + FORWARD
        + f"\n{after}model = M()\n"
    )


#: name -> (code, (parameters, trainable) as torch counts them).
READ_CASES: dict[str, tuple[str, tuple[int, int]]] = {
    "annotated": (_module("    hidden: int = 24\n"), (120, 120)),
    "computed_in_the_body": (_module("    hidden = 16\n    hidden = hidden * 2\n"), (160, 160)),
    "walrus_in_the_body": (_module("    hidden = (h := 12)\n"), (60, 60)),
    "decided_if_in_the_body": (
        "BIG = False\n" + _module("    if BIG:\n        hidden = 64\n    else:\n        hidden = 16\n"),
        (80, 80),
    ),
    # The class body runs when the class is defined: HIDDEN bound again later does not change it.
    "module_constant_rebound_after": (
        "H = 8\n" + _module("    hidden = H\n", after="H = 99\n"),
        (40, 40),
    ),
    "set_on_the_instance_first": (_module("    hidden = 16\n", init="        self.hidden = 7\n"), (35, 35)),
    # The subclass's property comes first in the order: it gives self.hidden, followed as a pure helper
    # (torch_helper_values); it was asked for with --set.
    "a_property_in_a_subclass": (
        HEADER
        + "class Base(nn.Module):\n    hidden = 16\n\n    def __init__(self):\n        super().__init__()\n"
        + "        self.fc = nn.Linear(4, self.hidden)\n"
        + FORWARD
        + "\n\nclass M(Base):\n    @property\n    def hidden(self):\n        return 9\n\n\nmodel = M()\n",
        (45, 45),
    ),
    "a_tuple": (_module("    kernel = (3, 5)\n", uses="self.kernel[1]"), (25, 25)),
    # A method's own names are not the class body's: a bare hidden is the module's.
    "bare_name_is_the_modules": ("hidden = 5\n" + _module("    hidden = 32\n", uses="hidden"), (25, 25)),
    # The subclass's attribute, found first in the order, read by the parent's __init__.
    "overridden_by_a_subclass": (
        HEADER
        + "class Base(nn.Module):\n    hidden = 16\n\n    def __init__(self):\n        super().__init__()\n"
        + "        self.fc = nn.Linear(4, self.hidden)\n"
        + FORWARD
        + "\n\nclass M(Base):\n    hidden = 8\n\n\nmodel = M()\n",
        (40, 40),
    ),
    "plain_config_class": (
        HEADER
        + "class Config:\n    n_in = 4\n    hidden = 32\n\n\n"
        + "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.fc = nn.Linear(Config.n_in, Config.hidden)\n"
        + FORWARD
        + "\n\nmodel = M()\n",
        (160, 160),
    ),
}

#: The same read in forward, with input shapes: (code, --input-shape, totals, forward's output shape).
FORWARD_CASE = (
    HEADER
    + "class Base(nn.Module):\n    layers = 2\n\n\nclass M(Base):\n    hidden = 6\n\n"
    + "    def __init__(self):\n        super().__init__()\n"
    + "        self.lstm = nn.LSTM(4, self.hidden, self.layers)\n        self.fc = nn.Linear(self.hidden, 2)\n\n"
    + "    def forward(self, x):\n        h = torch.zeros(self.layers, x.size(1), self.hidden)\n"
    + "        return self.fc(self.lstm(x, (h, h))[0])\n\n\nmodel = M()\n",
    [[5, 3, 4]],
    (638, 638),
    (5, 3, 2),
)

#: name -> (code, (line, column) and text of the value asked for, totals torch gives).
ASKED_CASES: dict[str, tuple[str, tuple[int, int], str, tuple[int, int]]] = {
    "set_on_the_class_later": (
        _module("    hidden = 16\n", after="M.hidden = 64\n"),
        (9, 32),
        "self.hidden",
        (320, 320),
    ),
    "set_through_an_alias": (
        _module("    hidden = 16\n", after="Alias = M\nAlias.hidden = 30\n"),
        (9, 32),
        "self.hidden",
        (150, 150),
    ),
    "set_by_a_classmethod": (
        _module(
            "    hidden = 16\n\n    @classmethod\n    def configure(cls, size):\n        cls.hidden = size\n",
            after="M.configure(64)\n",
        ),
        (13, 32),
        "self.hidden",
        (320, 320),
    ),
    "set_with_setattr": (
        _module("    hidden = 16\n", after="setattr(M, 'hidden', 64)\n"),
        (9, 32),
        "self.hidden",
        (320, 320),
    ),
    "set_on_type_of_self": (
        _module("    hidden = 16\n", init="        type(self).hidden = 3\n"),
        (10, 32),
        "self.hidden",
        (15, 15),
    ),
    "class_dict_reached": (_module("    hidden = 16\n", after="M.__dict__\n"), (9, 32), "self.hidden", (80, 80)),
    # A list is one object for every instance: the first Block's append changes the second's sizes.
    "a_list_changed_in_place": (
        HEADER
        + "class Block(nn.Module):\n    sizes = [4]\n\n    def __init__(self):\n        super().__init__()\n"
        + "        self.sizes.append(self.sizes[-1] * 2)\n        self.fc = nn.Linear(self.sizes[-2], self.sizes[-1])\n"
        + FORWARD
        + "\n\nclass M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.a = Block()\n        self.b = Block()\n\n    def forward(self, x):\n        return x\n\n\n"
        + "model = M()\n",
        (10, 29),
        "self.sizes[-2]",
        (184, 184),
    ),
    # nn.Module.__init__ sets training on the instance: the class's False is not what self.training gives.
    "training_set_by_module_init": (
        _module("    training = False\n", uses="8 if self.training else 2"),
        (9, 37),
        "self.training",
        (40, 40),
    ),
    "plain_config_changed": (
        HEADER
        + "class Config:\n    n_in = 4\n    hidden = 32\n\n\n"
        + "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        + "        self.fc = nn.Linear(Config.n_in, Config.hidden)\n"
        + FORWARD
        + "\n\nConfig.hidden = 12\nmodel = M()\n",
        (12, 42),
        "Config.hidden",
        (60, 60),
    ),
}
