"""What changes which parameters are trainable, and which instance is the model, as torch 2.13 does it
(tests/oracle/test_torch_trainable_oracle.py checks every pinned figure). Read: ``requires_grad_()``
with its default (True) or a keyword, unfreezing after a freeze, ``module.requires_grad = False`` (a
plain attribute in torch: it freezes nothing), ``self.requires_grad_(...)`` and ``self.parameters()``.
Refused at their line: freezes through what lstmcalc cannot tell is which module (``getattr``,
``apply``, a function), changes made to a model inside a function, and a class made twice at module
level with different arguments. Each refused case's torch figures show the count a silent reading
would have got wrong.
"""

from __future__ import annotations

MODEL = """import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(100, 8)
        self.fc = nn.Linear(8, 2)
{init}
    def forward(self, x):
        return self.fc(self.emb(x))

{functions}
model = Net()
{after}"""


def model(init: str = "", functions: str = "", after: str = "") -> str:
    """Net (an Embedding(100, 8), 800 parameters, and a Linear(8, 2), 18) with ``init`` at the end of its
    ``__init__``, ``functions`` before ``model = Net()`` and ``after`` it."""
    return MODEL.format(init=init, functions=functions, after=after)


#: name -> (code, (parameters, trainable) as torch counts them).
READ_CASES: dict[str, tuple[str, tuple[int, int]]] = {
    "unfrozen_again": (
        model("        self.emb.requires_grad_(False)\n        self.emb.requires_grad_(True)\n"),
        (818, 818),
    ),
    "default_is_true": (
        model("        self.emb.requires_grad_(False)\n        self.emb.requires_grad_()\n"),
        (818, 818),
    ),
    "keyword": (model("        self.emb.requires_grad_(requires_grad=False)\n"), (818, 18)),
    "whole_model_unfrozen": (
        model("        self.emb.requires_grad_(False)\n        self.requires_grad_(True)\n"),
        (818, 818),
    ),
    "one_weight_unfrozen": (
        model("        self.requires_grad_(False)\n        self.fc.weight.requires_grad = True\n"),
        (818, 16),
    ),
    "loop_unfreezes": (
        model(
            "        for p in self.parameters():\n            p.requires_grad = False\n"
            "        for p in self.fc.parameters():\n            p.requires_grad = True\n"
        ),
        (818, 18),
    ),
    # A module's own requires_grad is a plain attribute in torch: its parameters stay trainable.
    "module_attribute_freezes_nothing": (model("        self.emb.requires_grad = False\n"), (818, 818)),
    # requires_grad_ freezes what the module holds then; a module added after is trainable.
    # A local name of the module is the module.
    "through_a_local_name": (model("        emb = self.emb\n        emb.requires_grad_(False)\n"), (818, 18)),
    "frozen_before_the_last_child": (
        model("        self.requires_grad_(False)\n        self.out = nn.Linear(2, 2)\n"),
        (824, 6),
    ),
}

#: name -> (code, "line:column" of the refusal, the start of its message, torch's (parameters, trainable)
#: or the exception it raises).
REFUSED_CASES: dict[str, tuple[str, str, str, tuple[int, int] | str]] = {
    "through_getattr": (
        model("        getattr(self, 'emb').requires_grad_(False)\n"),
        "9:9",
        "lstmcalc cannot follow which parameters this freezes",
        (818, 18),
    ),
    "through_apply": (
        model("        self.emb.apply(lambda m: m.requires_grad_(False))\n"),
        "9:9",
        "lstmcalc cannot follow which parameters this freezes",
        (818, 18),
    ),
    "through_a_function_of_the_file": (
        model(
            "        freeze(self.emb)\n",
            "def freeze(module):\n    for p in module.parameters():\n        p.requires_grad = False\n\n",
        ),
        "16:9",
        "this sets requires_grad outside the model's classes",
        (818, 18),
    ),
    "not_a_bool": (
        model("        self.emb.requires_grad_(0)\n"),
        "9:33",
        "torch refuses this: requires_grad must be a bool, not 0",
        "TypeError",  # what torch raises
    ),
    "applied_at_module_level": (
        model(
            functions="def freeze(m):\n    if isinstance(m, nn.Embedding):\n        m.requires_grad_(False)\n\n",
            after="model.apply(freeze)\n",
        ),
        "15:9",
        "this sets requires_grad outside the model's classes",
        (818, 18),
    ),
    "through_an_alias_at_module_level": (
        model(after="fc = model.fc\nfc.requires_grad_(False)\n"),
        "16:1",
        "this sets requires_grad outside the model's classes",
        (818, 800),
    ),
    "changed_in_a_function": (
        model(
            functions="def build():\n    made = Net()\n    made.fc = nn.Linear(8, 100)\n    return made\n\n",
            after="model = build()\n",
        ),
        "15:5",
        "lstmcalc reads made as its class's __init__ makes it; this statement changes it afterwards",
        (1700, 1700),
    ),
}

#: A class made twice with different arguments: which is the model? (code, "line:column", torch's figures
#: for ``model``.)
TWICE = (
    "import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self, hidden):\n        super().__init__()\n"
    "        self.fc = nn.Linear(4, hidden)\n\n    def forward(self, x):\n        return self.fc(x)\n\n\n"
    "small = Net(1)\nmodel = Net(100)\n"
)
TWICE_REFUSED = ("14:9", (500, 500))
#: The same class made twice alike: read, whichever instance is the model.
TWICE_ALIKE = (TWICE.replace("Net(1)", "Net(100)"), (500, 500))
#: Made twice alike, but a list default the first instance changes makes the second differ.
SHARED_DEFAULT = (
    "import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self, sizes=[]):\n        super().__init__()\n"
    "        sizes.append(4)\n        self.layers = nn.ModuleList([nn.Linear(s, s) for s in sizes])\n\n"
    "    def forward(self, x):\n        return x\n\n\nNet()\nmodel = Net()\n",
    "15:9",
    (40, 40),
)
