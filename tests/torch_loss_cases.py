"""torch.nn's loss modules held by a model (``self.criterion = nn.CrossEntropyLoss(...)``), which lstmcalc
refused: no parameters, a ``weight`` (``pos_weight``) tensor a buffer of its shape, no row in torchinfo's
table unless forward calls it. Shared by tests/test_torch_losses.py and its oracle module, which runs each
in torch 2.13 (the golden tables are torchinfo's, the held names and shapes its state_dict's)."""

from __future__ import annotations

HEADER = "import torch\nimport torch.nn as nn\n\n\n"

_HELD_FOR_TRAINING = (
    HEADER
    + """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(4, 8, batch_first=True)
        self.fc = nn.Linear(8, 3)
        self.criterion = nn.CrossEntropyLoss(weight=torch.ones(3))
        self.mse = nn.MSELoss()
        self.bce = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))
        self.nll = nn.NLLLoss(ignore_index=0)
        self.ctc = nn.CTCLoss(blank=0)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1])


model = Net()
"""
)
#: Every loss of torch 2.13's torch/nn/modules/loss.py but LinearCrossEntropyLoss (an nn.Linear inside), each
#: with arguments, positional ones too; tensors made at module level, moved, 0-D and 2-D.
_EVERY_LOSS = (
    HEADER
    + """device = torch.device("cpu")
class_weights = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float)


class Net(nn.Module):
    def __init__(self, classes=3):
        super().__init__()
        self.fc = nn.Linear(6, classes)
        self.losses = nn.ModuleDict(
            {
                "l1": nn.L1Loss(),
                "nll": nn.NLLLoss(torch.rand(classes), None, 0),
                "nll2d": nn.NLLLoss2d(),
                "poisson": nn.PoissonNLLLoss(False, True, eps=1e-6),
                "gaussian": nn.GaussianNLLLoss(full=True, eps=1e-3, reduction="sum"),
                "kl": nn.KLDivLoss(reduction="batchmean", log_target=True),
                "mse": nn.MSELoss(reduction="none"),
                "bce": nn.BCELoss(weight=torch.tensor(2.0)),
                "bce_logits": nn.BCEWithLogitsLoss(torch.ones(2, classes), reduction="sum", pos_weight=torch.ones(3)),
                "hinge": nn.HingeEmbeddingLoss(0.5),
                "multilabel_margin": nn.MultiLabelMarginLoss(),
                "smooth_l1": nn.SmoothL1Loss(beta=0.3),
                "huber": nn.HuberLoss("sum", 0.5),
                "soft_margin": nn.SoftMarginLoss(),
                "ce": nn.CrossEntropyLoss(weight=class_weights.to(device), label_smoothing=0.1),
                "multilabel_soft_margin": nn.MultiLabelSoftMarginLoss(torch.ones(classes) * 0.5),
                "cosine": nn.CosineEmbeddingLoss(margin=0.2),
                "ranking": nn.MarginRankingLoss(0.1),
                "multi_margin": nn.MultiMarginLoss(2, 0.5, torch.zeros(classes)),
                "triplet": nn.TripletMarginLoss(0.5, 1.0, swap=True),
                "triplet_distance": nn.TripletMarginWithDistanceLoss(margin=2.0, swap=True),
                "ctc": nn.CTCLoss(0, "sum", True),
            }
        )

    def forward(self, x):
        return self.fc(x)


model = Net()
"""
)
_LIGHTNING = """import pytorch_lightning as pl
import torch
import torch.nn as nn


class LitClassifier(pl.LightningModule):
    def __init__(self, vocab=100, dim=16, hidden=32, classes=4):
        super().__init__()
        self.save_hyperparameters()
        self.embedding = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(dim, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, classes)
        self.criterion = nn.CrossEntropyLoss(weight=torch.ones(classes), ignore_index=0)

    def forward(self, x):
        out, _ = self.lstm(self.embedding(x))
        return self.fc(out[:, -1])

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = self.criterion(self(x), y)
        self.log("train_loss", loss)
        return loss

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters(), lr=1e-3)


model = LitClassifier()
"""

#: torch.tensor of written numbers, with a dtype, moved with .to(device) or .cpu(): tensors of known shape in __init__.
_LITERALS = (
    HEADER
    + """device = torch.device("cpu")


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("scale", torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float32).to(device))
        self.fc = nn.Linear(2, 4)
        self.criterion = nn.NLLLoss(torch.tensor([1, 2, 3, 4]).cpu())
        self.bce = nn.BCEWithLogitsLoss(pos_weight=torch.as_tensor(5.0))

    def forward(self, x):
        return self.fc(x @ self.scale)


model = Net()
"""
)

#: The element-wise losses forward calls: the broadcast shape with reduction "none" (a target of another shape
#: or an integer one too, as torch takes them), a 0-D tensor with "mean" or "sum" (torchinfo shows no shape), the
#: deprecated size_average and reduce deciding where given. The sizes are torchinfo's, each 0-D result included.
_ELEMENT_WISE_CALLED = (
    HEADER
    + """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(400, 3000)
        self.mse = nn.MSELoss()
        self.l1 = nn.L1Loss(reduction="none")
        self.sl1 = nn.SmoothL1Loss(reduction="sum")
        self.hub = nn.HuberLoss(reduction="none")
        self.legacy = nn.MSELoss(size_average=False)
        self.legacy_none = nn.L1Loss(None, False)

    def forward(self, x):
        y = self.fc(x)
        a = self.mse(y, torch.zeros_like(y))
        b = self.l1(y, torch.zeros(3000))
        c = self.sl1(y, y)
        d = self.hub(y, torch.ones(64, 1, dtype=torch.long))
        e = self.legacy(y, y) + self.legacy_none(y, y)
        return y + a + b + c + d + e


model = Net()
"""
)

#: name -> (code making ``model``, input shapes): torchinfo's table is the golden file tests/golden/torch_losses/NAME.
READ: dict[str, tuple[str, list[list[int]]]] = {
    "losses_held_for_the_training_step": (_HELD_FOR_TRAINING, [[2, 5, 4]]),
    "every_loss_held_in_a_module_dict": (_EVERY_LOSS, [[2, 6]]),
    "criterion_of_a_lightning_module": (_LIGHTNING, [[2, 7]]),
    "tensors_written_out_and_moved": (_LITERALS, [[3, 2]]),
    "element_wise_losses_called_in_forward": (_ELEMENT_WISE_CALLED, [[64, 400]]),
}

#: name -> the buffers torch's state_dict holds of READ[name]'s model beside its parameters, names and shapes.
BUFFERS: dict[str, dict[str, tuple[int, ...]]] = {
    "losses_held_for_the_training_step": {"criterion.weight": (3,), "bce.pos_weight": (1,)},
    "every_loss_held_in_a_module_dict": {
        "losses.nll.weight": (3,),
        "losses.bce.weight": (),
        "losses.bce_logits.weight": (2, 3),
        "losses.bce_logits.pos_weight": (3,),
        "losses.ce.weight": (3,),
        "losses.multilabel_soft_margin.weight": (3,),
        "losses.multi_margin.weight": (3,),
    },
    "criterion_of_a_lightning_module": {"criterion.weight": (4,)},
    "tensors_written_out_and_moved": {"scale": (2, 2), "criterion.weight": (4,), "bce.pos_weight": ()},
    "element_wise_losses_called_in_forward": {},
}


def _held(line: str) -> str:
    """A model whose ``__init__`` makes ``self.crit = LINE`` (``w``: a list of three numbers) beside an nn.Linear."""
    return (
        HEADER + "class Net(nn.Module):\n    def __init__(self, w):\n        super().__init__()\n"
        f"        self.fc = nn.Linear(4, 3)\n        self.crit = {line}\n\n    def forward(self, x):\n"
        "        return self.fc(x)\n\n\nmodel = Net([1.0, 2.0, 3.0])\n"
    )


#: What torch refuses when the loss is made: name -> (code, where, lstmcalc's message, torch's words).
REFUSED: dict[str, tuple[str, str, str, str]] = {
    "multi_margin_p_of_3": (
        _held("nn.MultiMarginLoss(p=3)"),
        "9:42",
        "nn.MultiMarginLoss has p: 3, which torch refuses (ValueError: only p == 1 and p == 2 supported)",
        "only p == 1 and p == 2 supported",
    ),
    "multi_margin_weight_of_two_axes": (
        _held("nn.MultiMarginLoss(weight=torch.ones(2, 2))"),
        "9:47",
        "nn.MultiMarginLoss has a 2-D weight, which torch refuses (ValueError: MultiMarginLoss: expected weight to "
        "be None or 1D tensor, got 2D instead)",
        "MultiMarginLoss: expected weight to be None or 1D tensor, got 2D instead",
    ),
    "triplet_margin_of_0": (
        _held("nn.TripletMarginLoss(margin=0)"),
        "9:49",
        "nn.TripletMarginLoss has margin: 0, which torch refuses (ValueError: TripletMarginLoss: expected margin to "
        "be greater than 0, got 0 instead)",
        "TripletMarginLoss: expected margin to be greater than 0, got 0 instead",
    ),
    "triplet_with_distance_negative_margin": (
        _held("nn.TripletMarginWithDistanceLoss(margin=-1.5)"),
        "9:61",
        "nn.TripletMarginWithDistanceLoss has margin: -1.5, which torch refuses (ValueError: "
        "TripletMarginWithDistanceLoss: expected margin to be greater than 0, got -1.5 instead)",
        "TripletMarginWithDistanceLoss: expected margin to be greater than 0, got -1.5 instead",
    ),
    "huber_delta_of_a_string": (
        _held("nn.HuberLoss(delta='a')"),
        "9:40",
        "nn.HuberLoss has delta: 'a', which torch refuses (TypeError: delta must be a float or int, got: "
        "<class 'str'>)",
        "delta must be a float or int, got: <class 'str'>",
    ),
    "weight_of_a_list": (
        _held("nn.CrossEntropyLoss(weight=w)"),
        "9:48",
        "torch refuses this (TypeError: cannot assign 'list' object to buffer 'weight' (torch Tensor or None "
        "required))",
        "cannot assign 'list' object to buffer 'weight' (torch Tensor or None required)",
    ),
    "pos_weight_of_a_number": (
        _held("nn.BCEWithLogitsLoss(pos_weight=3.0)"),
        "9:53",
        "torch refuses this (TypeError: cannot assign 'float' object to buffer 'pos_weight' (torch Tensor or None "
        "required))",
        "cannot assign 'float' object to buffer 'pos_weight' (torch Tensor or None required)",
    ),
    "keyword_only_given_by_position": (
        _held("nn.GaussianNLLLoss(True)"),
        "9:21",
        "too many positional arguments for nn.GaussianNLLLoss",
        "GaussianNLLLoss.__init__() takes 1 positional argument but 2 were given",
    ),
}

#: A tensor whose shape lstmcalc cannot know: asked at it. name -> (code, where, message).
ASKED: dict[str, tuple[str, str, str]] = {
    "weight_of_a_parameter": (
        _held("nn.CrossEntropyLoss(weight=torch.load('weights.pt'))"),
        "9:48",
        "lstmcalc cannot tell the shape of nn.CrossEntropyLoss's weight without running the code (a buffer of the "
        "loss: give a tensor of known sizes, torch.ones(3) or torch.tensor([1.0, 2.0, 0.5]))",
    ),
}

#: A loss forward calls whose result lstmcalc does not follow (CrossEntropyLoss checks its target's shape and
#: type): its row has its inputs; what depends on its result is unknown, with a note.
CALLED_IN_FORWARD = (
    HEADER
    + """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.crit = nn.CrossEntropyLoss()
        self.out = nn.Linear(3, 3)

    def forward(self, x):
        y = self.fc(x)
        loss = self.crit(y, torch.zeros(2, dtype=torch.long))
        return self.out(y) + loss


model = Net()
"""
)
#: An element-wise loss of tensors that do not broadcast: (code, input shapes, where, message, torch's words).
NOT_BROADCAST = (
    HEADER
    + """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.mse = nn.MSELoss()

    def forward(self, x):
        y = self.fc(x)
        return y + self.mse(y, torch.zeros(2, 4))


model = Net()
""",
    [[2, 4]],
    "13:20",
    "torch would refuse this call: shapes (2, 3) and (2, 4) do not broadcast (sizes 3 and 4)",
    "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
)
