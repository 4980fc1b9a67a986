"""torch.nn's loss modules (torch 2.13's ``torch/nn/modules/loss.py``): no parameters; the tensors given
for ``weight`` (and BCEWithLogitsLoss's ``pos_weight``) are buffers, which torch registers as given,
none for None. A model holds one for its training step (``self.criterion = nn.CrossEntropyLoss()``):
it changes neither the count nor torchinfo's table, where only a module forward calls has a row.

One class, :class:`Loss`, for the family: each loss's constructor parameters, in torch's order and with
torch's defaults, are a :data:`LOSSES` entry, from which its subclass is made. A tensor argument is
given by its shape (``weight: [3]`` for ``torch.ones(3)``). What a loss returns when forward calls it is
followed for the element-wise ones (:data:`ELEMENT_WISE`); of the others, which check their target's
shape and type, forward's note says it is not. nn.LinearCrossEntropyLoss, which holds an nn.Linear, is
not one of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar

from lstm_calc.arguments import Argument, _describe, anything, arguments, is_integer, json_schema
from lstm_calc.layers.base import COMMON_ARGUMENTS, LayerInputError, Weight
from lstm_calc.layers.torch_code import unless
from lstm_calc.layers.torch_only import PythonCode, TorchOnlyLayer
from lstm_calc.shapes import Shape, Shapes

#: The deprecated pair every loss but a few still takes before ``reduction``.
_LEGACY = (("size_average", None), ("reduce", None))
_REDUCTION = ("reduction", "mean")
_PLAIN = (*_LEGACY, _REDUCTION)
#: Each loss's constructor parameters with their defaults, in order; ``*`` starts keyword-only ones.
LOSSES: dict[str, tuple[tuple[str, Any], ...]] = {
    "L1Loss": _PLAIN,
    "NLLLoss": (("weight", None), ("size_average", None), ("ignore_index", -100), ("reduce", None), _REDUCTION),
    "NLLLoss2d": (("weight", None), ("size_average", None), ("ignore_index", -100), ("reduce", None), _REDUCTION),
    "PoissonNLLLoss": (
        *(("log_input", True), ("full", False), ("size_average", None), ("eps", 1e-8), ("reduce", None)),
        _REDUCTION,
    ),
    "GaussianNLLLoss": (("*", None), ("full", False), ("eps", 1e-6), _REDUCTION),
    "KLDivLoss": (*_PLAIN, ("log_target", False)),
    "MSELoss": _PLAIN,
    "BCELoss": (("weight", None), *_PLAIN),
    "BCEWithLogitsLoss": (("weight", None), *_PLAIN, ("pos_weight", None)),
    "HingeEmbeddingLoss": (("margin", 1.0), *_PLAIN),
    "MultiLabelMarginLoss": _PLAIN,
    "SmoothL1Loss": (*_PLAIN, ("beta", 1.0)),
    "HuberLoss": (_REDUCTION, ("delta", 1.0)),
    "SoftMarginLoss": _PLAIN,
    "CrossEntropyLoss": (
        *(("weight", None), ("size_average", None), ("ignore_index", -100), ("reduce", None), _REDUCTION),
        ("label_smoothing", 0.0),
    ),
    "MultiLabelSoftMarginLoss": (("weight", None), *_PLAIN),
    "CosineEmbeddingLoss": (("margin", 0.0), *_PLAIN),
    "MarginRankingLoss": (("margin", 0.0), *_PLAIN),
    "MultiMarginLoss": (("p", 1), ("margin", 1.0), ("weight", None), *_PLAIN),
    "TripletMarginLoss": (("margin", 1.0), ("p", 2.0), ("eps", 1e-6), ("swap", False), *_PLAIN),
    "TripletMarginWithDistanceLoss": (
        *(("*", None), ("distance_function", None), ("margin", 1.0), ("swap", False)),
        _REDUCTION,
    ),
    "CTCLoss": (("blank", 0), _REDUCTION, ("zero_infinity", False)),
}
#: The arguments that take a tensor, which torch registers as a buffer of that name.
TENSOR_ARGUMENTS = ("weight", "pos_weight")
#: The losses of the input and the target element by element, broadcast as torch broadcasts them (warning where
#: their shapes differ): the broadcast shape out with ``reduction="none"``, else one number (a 0-D tensor).
ELEMENT_WISE = frozenset({"L1Loss", "MSELoss", "SmoothL1Loss", "HuberLoss"})


@json_schema({"anyOf": [{"type": "null"}, {"type": "array", "items": {"type": "integer", "minimum": 0}}]})
def tensor_shape(value: Any) -> str | None:
    """A tensor given to a loss, by its shape (``[3]`` for ``torch.ones(3)``), or null for none."""
    if value is None or isinstance(value, list) and all(is_integer(size) and size >= 0 for size in value):
        return None
    return f"expected the shape of the tensor (a list of sizes, [3] for torch.ones(3)) or null, got {_describe(value)}"


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


class Loss(TorchOnlyLayer):
    """A torch.nn loss module: its :data:`LOSSES` entry's arguments; buffers for the tensors it is given."""

    #: What following forward says of a call whose result lstmcalc does not compute.
    torch_call_note: ClassVar[str] = "what this loss returns is not followed"
    #: Whether it is one of :data:`ELEMENT_WISE`, whose result forward follows.
    element_wise: ClassVar[bool] = False

    def reduction(self) -> Any:
        """The reduction torch keeps: the deprecated ``size_average`` and ``reduce`` decide it where either is
        given (``_Reduction.legacy_get_string``, each None read as True)."""
        size_average, reduce = self.config.get("size_average"), self.config.get("reduce")
        if size_average is None and reduce is None:
            return self.config["reduction"]
        size_average, reduce = size_average is None or size_average, reduce is None or reduce
        return "mean" if size_average and reduce else "sum" if reduce else "none"

    def output_shape(self, input_shape: Shape) -> Shapes:
        raise LayerInputError(
            "is a loss, which torch calls on an output and its target; as a layer of the spec it is given one tensor"
        )

    def weights(self, input_shape: Any) -> list[Weight]:
        check = _CHECKS.get(self.class_name)
        if check is not None:  # what torch 2.13's constructor refuses, in its words
            check(self.config, self.class_name)
        return []

    def buffers(self, input_shape: Any) -> list[Weight]:
        return [
            Weight(name, tuple(self.config[name]), False)
            for name in TENSOR_ARGUMENTS
            if name in self.arguments and self.config[name] is not None
        ]

    def torch_options(self) -> dict[str, Any]:
        given = [name for name, _ in LOSSES[self.class_name] if name != "*"]
        options = {name: unless(self.config[name], self.arguments[name].default) for name in given}
        for name in TENSOR_ARGUMENTS:  # a tensor of that shape
            if options.get(name) is not None:
                shape = options[name]
                options[name] = PythonCode(
                    f"torch.ones({', '.join(map(str, shape))})" if shape else "torch.tensor(1.0)"
                )
        return options


def _refused(config: dict[str, Any], argument: str, words: str) -> LayerInputError:
    return LayerInputError(
        f"has {argument}: {_describe(config[argument])}, which torch refuses ({words})", argument=argument
    )


def _multi_margin(config: dict[str, Any], name: str) -> None:
    if config["p"] != 1 and config["p"] != 2:
        raise _refused(config, "p", "ValueError: only p == 1 and p == 2 supported")
    if config["weight"] is not None and len(config["weight"]) != 1:
        dims = len(config["weight"])
        raise LayerInputError(
            f"has a {dims}-D weight, which torch refuses (ValueError: {name}: expected weight to be None or 1D "
            f"tensor, got {dims}D instead)",
            argument="weight",
        )


def _triplet(config: dict[str, Any], name: str) -> None:
    margin = config["margin"]
    if _number(margin) and margin <= 0:
        raise _refused(
            config, "margin", f"ValueError: {name}: expected margin to be greater than 0, got {margin} instead"
        )


def _huber(config: dict[str, Any], name: str) -> None:
    if not isinstance(config["delta"], (float, int)):  # True passes, as in torch
        kind = type(config["delta"]).__name__
        raise _refused(config, "delta", f"TypeError: delta must be a float or int, got: <class '{kind}'>")


#: The checks of the losses whose constructor refuses some arguments.
_CHECKS: dict[str, Callable[[dict[str, Any], str], None]] = {
    "MultiMarginLoss": _multi_margin,
    "TripletMarginLoss": _triplet,
    "TripletMarginWithDistanceLoss": _triplet,
    "HuberLoss": _huber,
}


def _loss(name: str) -> type[Loss]:
    """The :class:`Loss` of torch's class ``name``, its arguments its :data:`LOSSES` entry."""
    entry = LOSSES[name]
    given = [(argument, default) for argument, default in entry if argument != "*"]
    declared = [
        Argument(argument, tensor_shape if argument in TENSOR_ARGUMENTS else anything, default, keras=False)
        for argument, default in given
    ]
    keyword_only = next((index for index, (argument, _) in enumerate(entry) if argument == "*"), len(entry))
    body = {
        "__doc__": f"``nn.{name}``: {', '.join(f'{argument}={default!r}' for argument, default in given)}.",
        "class_name": name,
        "torch_class_name": name,
        "element_wise": name in ELEMENT_WISE,
        "arguments": arguments(*declared, *COMMON_ARGUMENTS),
        "torch_positional": tuple(argument for argument, _ in entry[:keyword_only]),
    }
    return type(name, (Loss,), body)


L1Loss = _loss("L1Loss")
NLLLoss = _loss("NLLLoss")
NLLLoss2d = _loss("NLLLoss2d")
PoissonNLLLoss = _loss("PoissonNLLLoss")
GaussianNLLLoss = _loss("GaussianNLLLoss")
KLDivLoss = _loss("KLDivLoss")
MSELoss = _loss("MSELoss")
BCELoss = _loss("BCELoss")
BCEWithLogitsLoss = _loss("BCEWithLogitsLoss")
HingeEmbeddingLoss = _loss("HingeEmbeddingLoss")
MultiLabelMarginLoss = _loss("MultiLabelMarginLoss")
SmoothL1Loss = _loss("SmoothL1Loss")
HuberLoss = _loss("HuberLoss")
SoftMarginLoss = _loss("SoftMarginLoss")
CrossEntropyLoss = _loss("CrossEntropyLoss")
MultiLabelSoftMarginLoss = _loss("MultiLabelSoftMarginLoss")
CosineEmbeddingLoss = _loss("CosineEmbeddingLoss")
MarginRankingLoss = _loss("MarginRankingLoss")
MultiMarginLoss = _loss("MultiMarginLoss")
TripletMarginLoss = _loss("TripletMarginLoss")
TripletMarginWithDistanceLoss = _loss("TripletMarginWithDistanceLoss")
CTCLoss = _loss("CTCLoss")
