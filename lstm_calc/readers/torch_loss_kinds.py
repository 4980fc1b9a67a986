"""torch.nn's loss modules as :data:`~lstm_calc.readers.torch_kinds.TORCH_KINDS` entries: each one's
positional parameters (torch 2.13), its keyword-only ones and the arguments that take a tensor, which
torch registers as a buffer; the shape of the tensor given there, and what a loss forward calls returns.
Their layer class is :mod:`lstm_calc.layers.torch_losses`' (imported when code makes one), whose
``LOSSES`` table holds the same names with torch's defaults (tests/test_torch_losses.py checks they agree).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError

if TYPE_CHECKING:
    from lstm_calc.readers.evaluate import Environment, Evaluator
    from lstm_calc.readers.torch_forward import Follow
    from lstm_calc.readers.torch_modules import ModuleNode

_LEGACY = ("size_average", "reduce", "reduction")
_WEIGHTED = ("weight", *_LEGACY)
#: Each loss by its positional parameters, then its keyword-only ones.
LOSS_PARAMETERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "L1Loss": (_LEGACY, ()),
    "NLLLoss": (("weight", "size_average", "ignore_index", "reduce", "reduction"), ()),
    "NLLLoss2d": (("weight", "size_average", "ignore_index", "reduce", "reduction"), ()),
    "PoissonNLLLoss": (("log_input", "full", "size_average", "eps", "reduce", "reduction"), ()),
    "GaussianNLLLoss": ((), ("full", "eps", "reduction")),
    "KLDivLoss": ((*_LEGACY, "log_target"), ()),
    "MSELoss": (_LEGACY, ()),
    "BCELoss": (_WEIGHTED, ()),
    "BCEWithLogitsLoss": ((*_WEIGHTED, "pos_weight"), ()),
    "HingeEmbeddingLoss": (("margin", *_LEGACY), ()),
    "MultiLabelMarginLoss": (_LEGACY, ()),
    "SmoothL1Loss": ((*_LEGACY, "beta"), ()),
    "HuberLoss": (("reduction", "delta"), ()),
    "SoftMarginLoss": (_LEGACY, ()),
    "CrossEntropyLoss": (("weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing"), ()),
    "MultiLabelSoftMarginLoss": (_WEIGHTED, ()),
    "CosineEmbeddingLoss": (("margin", *_LEGACY), ()),
    "MarginRankingLoss": (("margin", *_LEGACY), ()),
    "MultiMarginLoss": (("p", "margin", *_WEIGHTED), ()),
    "TripletMarginLoss": (("margin", "p", "eps", "swap", *_LEGACY), ()),
    "TripletMarginWithDistanceLoss": ((), ("distance_function", "margin", "swap", "reduction")),
    "CTCLoss": (("blank", "reduction", "zero_infinity"), ()),
}


def tensor_argument(
    evaluator: Evaluator, environment: Environment, node: ast.expr, name: str, class_name: str
) -> list[int] | None:
    """The shape of the tensor ``node`` gives a loss's ``name`` (``weight=torch.ones(3)``), which torch registers
    as a buffer; None for None. One of unknown shape is refused at it, a plain value as torch refuses it."""
    from lstm_calc.readers.evaluate import Unknown
    from lstm_calc.readers.torch_known_tensors import KnownTensor

    try:
        value = evaluator.evaluate(node, environment)
    except Unknown:
        value = Unknown
    if value is None or isinstance(value, KnownTensor):
        return None if value is None else list(value.shape)
    plain = next((kind for kind in (bool, int, float, str, list, tuple, dict) if isinstance(value, kind)), None)
    if plain is not None:  # a list written out is a LocatedList
        raise SpecError(
            f"torch refuses this (TypeError: cannot assign '{plain.__name__}' object to buffer '{name}' (torch "
            "Tensor or None required))",
            evaluator.loc(node),
        )
    raise SpecError(
        f"lstmcalc cannot tell the shape of nn.{class_name}'s {name} without running the code (a buffer of the "
        "loss: give a tensor of known sizes, torch.ones(3) or torch.tensor([1.0, 2.0, 0.5]))",
        evaluator.loc(node),
    )


def loss_result(follower: Follow, module: ModuleNode, tensors: list[Any], node: ast.AST) -> Any:
    """What the loss ``module`` returns of forward's ``tensors`` (input, target), where lstmcalc follows it: an
    element-wise loss's, its input a float tensor; else unknown, with forward's note saying so."""
    from lstm_calc.readers.torch_forward_values import UNKNOWN_VALUE, Packed, Tensor
    from lstm_calc.readers.torch_layout import CONTIGUOUS
    from lstm_calc.readers.torch_layout_values import elementwise_layout
    from lstm_calc.readers.torch_refusal import ShapeRefusal
    from lstm_calc.readers.torch_tensor_ops import broadcast

    layer: Any = module.layer  # a Loss (lstm_calc.layers.torch_losses)
    reduction = layer.reduction()
    known = len(tensors) == 2 and all(tensor.shape is not None and not isinstance(tensor, Packed) for tensor in tensors)
    if not (layer.element_wise and known and not tensors[0].integer and reduction in ("mean", "sum", "none")):
        follower.fail(node, f"nn.{module.class_name}: {layer.torch_call_note}")
        return UNKNOWN_VALUE
    try:
        shape = broadcast(tensors[0].shape, tensors[1].shape)
    except ShapeRefusal as refusal:
        raise SpecError(f"torch would refuse this call: {refusal}", follower.builder.evaluator.loc(node)) from None
    if reduction != "none":
        return Tensor((), layout=CONTIGUOUS)
    return Tensor(shape, layout=elementwise_layout(shape, tensors))  # as torch's a - b lays it out
