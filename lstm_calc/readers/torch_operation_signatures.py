"""Which of torch's functions and tensor methods :mod:`lstm_calc.readers.torch_more_functions`
follows, with their parameters in torch's order, and the named tuple some of them return.

Apart from that module so that the dispatch in :mod:`lstm_calc.readers.torch_functions` can tell
them by name and import their rules only when ``forward`` calls one of them.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class ValuesIndices(NamedTuple):
    """What ``torch.max(x, dim)``, ``torch.sort`` and ``torch.topk`` return, as torch's named tuple does:
    ``.values`` and ``.indices``, or by position and unpacked."""

    values: Any
    indices: Any


#: Each reduction's parameters after the tensor, in torch's order.
REDUCTIONS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("mean", "sum", "max", "min", "amax", "amin", "argmax", "argmin", "prod", "logsumexp"), ("dim", "keepdim")
    ),
    "std": ("dim", "unbiased", "keepdim"),
    "var": ("dim", "unbiased", "keepdim"),
    "norm": ("p", "dim", "keepdim"),
}
#: Reductions torch gives one int dim only (a list or tuple is a TypeError).
ONE_DIM = frozenset({"max", "min", "argmax", "argmin", "prod"})
#: With a dim, these give (values, indices).
PAIRED = frozenset({"max", "min"})

#: The parameters after the tensor of every operation followed.
SIGNATURES: dict[str, tuple[str, ...]] = {
    **REDUCTIONS,
    "topk": ("k", "dim", "largest", "sorted"),
    "sort": ("dim", "descending"),
    "argsort": ("dim", "descending"),
    "flip": ("dims",),
    "roll": ("shifts", "dims"),
    "cumsum": ("dim",),
    "cumprod": ("dim",),
    "narrow": ("dim", "start", "length"),
    "index_select": ("dim", "index"),
    "gather": ("dim", "index"),
    "diag_embed": ("offset", "dim1", "dim2"),
    "tensordot": ("b", "dims"),
    "pad": ("pad", "mode", "value"),
    "one_hot": ("num_classes",),
    "linear": ("weight", "bias"),
    "interpolate": ("size", "scale_factor", "mode", "align_corners", "recompute_scale_factor", "antialias"),
    "unfold": ("dimension", "size", "step"),
}
#: ``F.unfold``'s parameters after the tensor: torch.nn.functional's, not the tensor method's.
SLIDING_BLOCKS = ("kernel_size", "dilation", "padding", "stride")
#: torch and torch.nn.functional functions of a tensor that are no tensor method.
FUNCTIONS_ONLY = frozenset({"tensordot", "pad", "one_hot", "linear", "interpolate"})
#: Tensor methods (and the torch functions of the same name) followed.
TENSOR_OPERATIONS = frozenset(SIGNATURES) - FUNCTIONS_ONLY
