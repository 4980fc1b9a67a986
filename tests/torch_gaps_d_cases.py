"""PyTorch code lstmcalc misread or refused though torch 2.13 and torchinfo read it: class attributes read
through the instance's type (``type(self).HIDDEN``, ``self.__class__.rnn_cls``), a module shared by three
containers, nn.Upsample and F.interpolate, train() and eval() called in forward, a LightningModule's
save_hyperparameters() in a base class, x.unfold and F.unfold. Shared by
tests/test_torch_gaps_d.py and its oracle module, which runs each in real torch."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"

_TRAIN_MODE_SET = (
    HEADER
    + """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 16, batch_first=True)
        self.dropout = nn.Dropout(0.2)
        self.fc = nn.Linear(16, 3)
        self.extra = nn.Linear(16, 16)

    def forward(self, x):
        self.dropout.train()
        out, _ = self.lstm(x)
        out = self.dropout(out[:, -1])
        self.train()
        if self.training:
            out = self.extra(out)
        return self.fc(out)


model = Net()
"""
)
_MODES_SET = (
    HEADER
    + """class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 16)
        self.bn = nn.BatchNorm1d(16)

    def forward(self, x):
        if self.training:
            return self.bn(self.fc(x))
        return self.fc(x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 16, batch_first=True)
        self.block = Block()
        self.head = nn.Linear(16, 3)

    def forward(self, x):
        out, _ = self.lstm(x)
        y = self.block(out[:, -1])
        self.block.train()
        y = self.block(y)
        self.eval()
        y = self.block(y)
        self.block.train(mode=self.head.training)
        return self.head(self.block(y))


model = Net()
"""
)

LIGHTNING = "import torch\nimport torch.nn as nn\nimport pytorch_lightning as pl\n\n\n"
_BASE_SAVES = (
    LIGHTNING
    + """class Base(pl.LightningModule):
    def __init__(self, hidden=16, lr=1e-3):
        super().__init__()
        self.save_hyperparameters()


class Model(Base):
    def __init__(self, hidden=32, n_in=8):
        super().__init__(hidden=hidden)
        self.lstm = nn.LSTM(n_in, self.hparams.hidden, batch_first=True)
        self.fc = nn.Linear(self.hparams.hidden, 2)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1])


model = Model()
"""
)
_SUBCLASS_REBINDS = (
    LIGHTNING
    + """class B3(pl.LightningModule):
    def __init__(self, hidden=16):
        super().__init__()
        self.save_hyperparameters()


class M3(B3):
    def __init__(self, hidden=32):
        hidden = 7
        super().__init__(hidden=hidden + 1)
        self.fc = nn.Linear(8, self.hparams.hidden)

    def forward(self, x):
        return self.fc(x)


model = M3()
"""
)
_OUTER_LIGHTNING = (
    LIGHTNING
    + """class B4(pl.LightningModule):
    def __init__(self, hidden=16):
        super().__init__()
        self.save_hyperparameters('hidden')


class M4(B4):
    def __init__(self, hidden=32, n_in=8):
        super().__init__(hidden=hidden * 2)
        self.fc = nn.Linear(n_in, self.hparams.hidden)


class Outer(pl.LightningModule):
    def __init__(self, hidden=5):
        super().__init__()
        self.inner = M4(hidden=3)
        self.fc = nn.Linear(5, 2)

    def forward(self, x):
        return self.fc(self.inner.fc(x))


model = Outer()
"""
)
_NO_SUPER_ABOVE = (
    LIGHTNING
    + """class Base(pl.LightningModule):
    def __init__(self, hidden=16, lr=1e-3):
        super().__init__()
        self.save_hyperparameters()


class Model(Base):
    def __init__(self, hidden=32, n_in=8):
        Base.__init__(self, hidden=hidden // 2)
        self.fc = nn.Linear(n_in, self.hparams.hidden)
        self.out = nn.Linear(self.hparams.hidden, len(self.hparams))

    def forward(self, x):
        return self.out(self.fc(x))


model = Model()
"""
)

_UNFOLDED = (
    HEADER
    + """import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(5 * 8, 16)
        self.head = nn.Linear(6, 2)

    def forward(self, x):
        w = x.unfold(1, 5, 2)
        y = self.fc(w.reshape(w.size(0), w.size(1), -1))
        blocks = F.unfold(y.unsqueeze(1), (2, 3), stride=(1, 2), padding=1)
        return self.head(blocks.transpose(1, 2))


model = Net()
"""
)
_VIEW_OF_WINDOWS = (
    HEADER
    + """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(40, 16)

    def forward(self, x):
        w = x.unfold(1, 5, 2)
        return self.fc(w.view(4, 8, 40))


model = Net()
"""
)

#: Read as torchinfo reads them: name -> (code, input shapes); the golden tables are torchinfo's.
READ: dict[str, tuple[str, list[list[int]]]] = {
    # The subclass overrides both class attributes; the instance's own HIDDEN is not what type(self) reads.
    "class_attributes_through_type_of_self": (
        HEADER + "class Base(nn.Module):\n    rnn_cls = nn.LSTM\n    HIDDEN = 16\n\n"
        "    def __init__(self):\n        super().__init__()\n        self.HIDDEN = 5\n"
        "        self.rnn = type(self).rnn_cls(8, type(self).HIDDEN, batch_first=True)\n"
        "        self.head = nn.Linear(self.__class__.HIDDEN, 3)\n\n"
        "    def forward(self, x):\n        out, _ = self.rnn(x)\n        return self.head(out[:, -1])\n\n\n"
        "class GRUModel(Base):\n    rnn_cls = nn.GRU\n    HIDDEN = 12\n\n\nmodel = GRUModel()\n",
        [[4, 20, 8]],
    ),
    "class_attribute_read_in_forward_through_type_of_self": (
        HEADER + "class Base(nn.Module):\n    HIDDEN = 16\n    LAST = True\n\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        self.rnn = nn.GRU(8, self.__class__.HIDDEN, batch_first=True)\n\n"
        "    def forward(self, x):\n        out, _ = self.rnn(x)\n        if type(self).LAST:\n"
        "            return out[:, -1]\n        return out\n\n\n"
        "class Child(Base):\n    LAST = False\n\n\nmodel = Child()\n",
        [[4, 20, 8]],
    ),
    # torchinfo names the shared Linear's calls under the ModuleList, the last of its containers: the first
    # Sequential's row then has no row below it, and holds the Linear's 72 parameters as its own (was "?").
    "module_shared_by_three_containers": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        shared = nn.Linear(8, 8)\n        self.a = nn.Sequential(shared, nn.ReLU())\n"
        "        self.b = nn.Sequential(nn.Tanh(), shared)\n        self.c = nn.ModuleList([shared])\n\n"
        "    def forward(self, x):\n        x = self.a(x)\n        x = self.b(x)\n        return self.c[0](x)\n\n\n"
        "model = Net()\n",
        [[4, 20, 8]],
    ),
    # nn.Upsample and F.interpolate: floor(20 · 2), then 1.5 · 40 = 60, then the size asked for.
    "upsample_and_interpolate_of_a_sequence": (
        HEADER + "import torch.nn.functional as F\n\n\nclass Net(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n        self.conv = nn.Conv1d(8, 16, 3, padding=1)\n"
        "        self.up = nn.Upsample(scale_factor=2, mode='nearest')\n        self.fc = nn.Linear(16, 3)\n\n"
        "    def forward(self, x):\n        y = self.up(self.conv(x.transpose(1, 2)))\n"
        "        y = F.interpolate(y, scale_factor=1.5, mode='linear')\n        y = F.interpolate(y, size=50)\n"
        "        return self.fc(y.transpose(1, 2))\n\n\nmodel = Net()\n",
        [[4, 20, 8]],
    ),
    "upsample_of_images": (
        HEADER + "import torch.nn.functional as F\n\n\nclass Net(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n        self.up = nn.Upsample(size=(9, 14), mode='bilinear', align_corners=True)\n"
        "        self.conv = nn.Conv2d(3, 4, 3)\n        self.down = nn.Upsample(None, 0.3)\n\n"
        "    def forward(self, x):\n        y = self.conv(self.up(x))\n"
        "        return F.interpolate(self.down(y), scale_factor=(2, 1), mode='bicubic', antialias=True)\n\n\n"
        "model = Net()\n",
        [[2, 3, 5, 7]],
    ),
    # Dropout's mode changes no shape; self.train() makes the branch on self.training after it run (was skipped).
    "train_mode_set_in_forward": (
        _TRAIN_MODE_SET,
        [[4, 20, 8]],
    ),
    # block.train() then self.eval(), then block.train(mode=self.head.training): each branch of Block.forward
    # follows the mode set last; in training mode its BatchNorm1d computes the batch's statistics.
    "modes_set_on_a_submodule_in_forward": (
        _MODES_SET,
        [[4, 20, 8]],
    ),
    # save_hyperparameters() in the base's __init__: Lightning collects the subclass's __init__ arguments too,
    # each frame above overriding the one below: {hidden: 32, lr: 0.001, n_in: 8} (was refused).
    "hyperparameters_saved_in_a_base_class": (_BASE_SAVES, [[4, 20, 8]]),
    # The subclass's frame holds hidden = 7 when Lightning reads it, whatever it gave the base (8).
    "hyperparameters_of_a_frame_that_rebinds": (_SUBCLASS_REBINDS, [[4, 8]]),
    # Lightning walks on to the LightningModule whose __init__ makes M4: its hidden=5 is what M4 saves.
    "hyperparameters_collected_from_an_outer_lightning_module": (_OUTER_LIGHTNING, [[4, 8]]),
    # Base.__init__(self, ...) without super(): that frame holds no __class__, where Lightning stops.
    "hyperparameters_below_an_init_without_super": (_NO_SUPER_ABOVE, [[4, 8]]),
    # x.unfold(1, 5, 2): 8 windows of 5 steps; F.unfold: (2, 3) blocks of the padded (8, 16) image, 72 of them.
    "unfold_windows_and_sliding_blocks": (_UNFOLDED, [[4, 20, 8]]),
    # A pin, not a fix: flatten_parameters() changes no shape and was already followed.
    "flatten_parameters_in_forward": (
        _TRAIN_MODE_SET.replace("        self.dropout.train()\n", "        self.lstm.flatten_parameters()\n"),
        [[4, 20, 8]],
    ),
}

_SHARED = (
    "a.0 (Linear) is also held as b.1, c.0: one module, whose 72 parameters torch's parameters() counts once; its "
    "state_dict lists them under each name (b.1.weight, b.1.bias, c.0.weight, c.0.bias)\n"
)

_EVAL_MODE = "forward branches on self.training: it is followed in eval mode (False), as torchinfo runs it\n"

#: Notes lstmcalc prints under a golden table: name -> the notes.
READ_NOTES: dict[str, str] = {
    "module_shared_by_three_containers": _SHARED,
    "modes_set_on_a_submodule_in_forward": _EVAL_MODE,
}

#: Asked for with --set where the code changes what it reads, or refused where lstmcalc cannot follow what
#: Python does: name -> (code, input shapes, where, message).
ASKED: dict[str, tuple[str, list[list[int]], str, str]] = {
    # Lightning would read the frames above the helper as __init__'s (hparams {hidden: 32, lr: 0.001, n_in: 8}).
    "hyperparameters_saved_by_a_helper_method": (
        LIGHTNING
        + """class Base(pl.LightningModule):
    def __init__(self, hidden=16, lr=1e-3):
        super().__init__()
        self._save()

    def _save(self):
        self.save_hyperparameters()


class Model(Base):
    def __init__(self, hidden=32, n_in=8):
        super().__init__(hidden=hidden // 2)
        self.fc = nn.Linear(n_in, self.hparams.hidden)

    def forward(self, x):
        return self.fc(x)


model = Model()
""",
        [[4, 8]],
        "12:9",
        "lstmcalc reads self.save_hyperparameters() only in an __init__ of a LightningModule, not in a method it "
        "calls: Lightning collects the arguments of the frames above it; read the values from __init__'s arguments "
        "instead of self.hparams",
    ),
    "class_attribute_set_through_type_of_self": (
        HEADER + "class Base(nn.Module):\n    HIDDEN = 16\n\n    def __init__(self):\n        super().__init__()\n"
        "        type(self).HIDDEN = 7\n        self.rnn = nn.GRU(8, type(self).HIDDEN, batch_first=True)\n\n"
        "    def forward(self, x):\n        return self.rnn(x)[0]\n\n\nmodel = Base()\n",
        [[4, 20, 8]],
        "11:30",
        "lstmcalc cannot know the value of type(self).HIDDEN for hidden_size of nn.GRU without running the code; "
        "give it with --set 'type(self).HIDDEN=VALUE'",
    ),
}

#: Refused as torch refuses them: name -> (code, input shapes, where, lstmcalc's message, torch's words).
REFUSED: dict[str, tuple[str, list[list[int]], str, str, str]] = {
    "bilinear_upsample_of_a_sequence": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.up = nn.Upsample(scale_factor=2, mode='bilinear')\n\n"
        "    def forward(self, x):\n        return self.up(x)\n\n\nmodel = Net()\n",
        [[4, 8, 20]],
        "11:16",
        "torch would refuse this call: Got 3D input, but bilinear mode needs 4D input",
        "Got 3D input, but bilinear mode needs 4D input",
    ),
    "interpolate_given_size_and_scale_factor": (
        HEADER + "import torch.nn.functional as F\n\n\nclass Net(nn.Module):\n    def forward(self, x):\n"
        "        return F.interpolate(x, size=9, scale_factor=2)\n\n\nmodel = Net()\n",
        [[4, 8, 20]],
        "10:16",
        "torch would refuse this: only one of size or scale_factor should be defined",
        "only one of size or scale_factor should be defined",
    ),
    "upsample_to_nothing": (
        HEADER + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.up = nn.Upsample(scale_factor=0.1)\n\n"
        "    def forward(self, x):\n        return self.up(x)\n\n\nmodel = Net()\n",
        [[4, 8, 5]],
        "11:16",
        "torch would refuse this call: Input and output sizes should be greater than 0, but got input (W: 5) and "
        "output (W: 0)",
        "Input and output sizes should be greater than 0, but got input (W: 5) and output (W: 0)",
    ),
    "align_corners_of_nearest": (
        HEADER + "import torch.nn.functional as F\n\n\nclass Net(nn.Module):\n    def forward(self, x):\n"
        "        return F.interpolate(x, scale_factor=2, align_corners=False)\n\n\nmodel = Net()\n",
        [[4, 8, 5]],
        "10:16",
        "torch would refuse this: align_corners option can only be set with the interpolating modes: linear | "
        "bilinear | bicubic | trilinear",
        "align_corners option can only be set with the interpolating modes",
    ),
    # In training mode a BatchNorm computes its batch's statistics: one value per channel is refused.
    "batch_of_one_in_training_mode": (
        _MODES_SET,
        [[1, 20, 8]],
        "13:20",
        "torch would refuse this call: Expected more than 1 value per channel when training, got input size "
        "torch.Size([1, 16])",
        "Expected more than 1 value per channel when training, got input size torch.Size([1, 16])",
    ),
    # Without running statistics it computes them in eval mode too.
    "batch_of_one_without_running_statistics": (
        HEADER + "class N(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.bn = nn.BatchNorm1d(4, track_running_stats=False)\n\n"
        "    def forward(self, x):\n        return self.bn(x)\n\n\nmodel = N()\n",
        [[1, 4]],
        "11:16",
        "torch would refuse this call: Expected more than 1 value per channel when training, got input size "
        "torch.Size([1, 4])",
        "Expected more than 1 value per channel when training, got input size torch.Size([1, 4])",
    ),
    "train_given_a_number": (
        HEADER + "class N(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(8, 8)\n\n"
        "    def forward(self, x):\n        self.train(1)\n        return self.fc(x)\n\n\nmodel = N()\n",
        [[4, 8]],
        "11:9",
        "torch would refuse this: training mode is expected to be boolean",
        "training mode is expected to be boolean",
    ),
    # An nn.Module makes the LightningModule: Lightning's walk stops there, M4 saves hidden=3, and the Linear(5, 2)
    # after it is given 3 features.
    "hyperparameters_not_collected_from_an_outer_plain_module": (
        _OUTER_LIGHTNING.replace("class Outer(pl.LightningModule)", "class Outer(nn.Module)"),
        [[4, 8]],
        "25:16",
        "torch would refuse this call: in_features is 5, but the input's size there is 3",
        "mat1 and mat2 shapes cannot be multiplied (4x3 and 5x2)",
    ),
    # The windows of x.unfold are a view whose strides overlap: torch refuses to view them as (4, 8, 40).
    "view_of_unfolded_windows": (
        _VIEW_OF_WINDOWS,
        [[4, 20, 8]],
        "12:24",
        "torch would refuse this: view size is not compatible with input tensor's size and stride (at least one "
        "dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
        "view size is not compatible with input tensor's size and stride",
    ),
    "unfold_window_longer_than_the_axis": (
        _VIEW_OF_WINDOWS.replace("x.unfold(1, 5, 2)", "x.unfold(1, 21, 2)"),
        [[4, 20, 8]],
        "11:13",
        "torch would refuse this: maximum size for tensor at dimension 1 is 20 but size is 21",
        "maximum size for tensor at dimension 1 is 20 but size is 21",
    ),
    "sliding_blocks_larger_than_the_image": (
        _UNFOLDED.replace("padding=1", "padding=0").replace("(2, 3), stride", "(9, 3), stride"),
        [[4, 20, 8]],
        "17:18",
        "torch would refuse this: Given input with spatial size (8, 16), kernel_size=(9, 3), dilation=(1, 1), "
        "padding=(0, 0), calculated shape of the array of sliding blocks as (0, 7), but its components must be at "
        "least one.",
        "calculated shape of the array of sliding blocks as (0, 7), but its components must be at least one.",
    ),
}
