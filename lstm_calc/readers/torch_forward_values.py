"""The values ``forward`` holds as lstmcalc follows it: tensors of known or unknown shape, packed sequences,
numbers it cannot know; and the shapes torchinfo reads off them, as its hooks see a module's arguments
and result and as it shows what the model returns."""

from __future__ import annotations

import ast
from itertools import repeat
from typing import TYPE_CHECKING, Any

from lstm_calc.layers import LayerInputError
from lstm_calc.located import LocatedDict, LocatedList
from lstm_calc.readers.syntax_walk import dotted, unpacked_positions, unpacking_error
from lstm_calc.readers.torch_kinds import ABSENT
from lstm_calc.readers.torch_layout import CONTIGUOUS, Layout
from lstm_calc.readers.torch_modules import ModuleNode
from lstm_calc.readers.torch_recurrent import UNKNOWN_TENSOR

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lstm_calc.layers.base import Layer
    from lstm_calc.shapes import Shape


class Tensor:
    """A tensor of ``forward``: its shape, or ``None`` where it is not known; ``integer`` where it is known to
    hold integers (``torch.arange``, ``argmax``, ``.long()``), so that as an index it selects by position
    rather than being, for all lstmcalc knows, a mask whose length the data decides; ``layout`` its strides
    as far as known (:mod:`lstm_calc.readers.torch_layout`; None: not known), which decide ``x.view(...)``."""

    __slots__ = ("integer", "layout", "shape")

    def __init__(self, shape: tuple[int | None, ...] | None, integer: bool = False, layout: Layout = None) -> None:
        self.shape = shape
        self.integer = integer
        self.layout = layout


class Packed(Tensor):
    """A packed sequence: the padded tensor it was packed from, time first unless ``batch_first``.

    Its own data is (total length of the sequences, features), which only the lengths give;
    module calls on it are recorded without shapes.
    """

    __slots__ = ("batch_first",)

    def __init__(self, shape: tuple[int | None, ...] | None, batch_first: bool) -> None:
        super().__init__(shape)
        self.batch_first = batch_first


#: A value lstmcalc does not know (a number read from an unknown shape, an unknown call's result).
UNKNOWN_VALUE = Tensor(None)


class UnknownNumber:
    """A Python number ``forward`` computes that lstmcalc does not know (``x.item()``): as an
    index it drops its axis, as an integer does."""


#: The one :class:`UnknownNumber`.
UNKNOWN_NUMBER = UnknownNumber()


#: The Python values forward holds as themselves (a module's own list or dict too, as __init__ read it).
_PLAIN = (bool, int, float, str, tuple, list, dict, type(None))


def is_plain(value: Any) -> bool:
    """Whether ``value`` is one Python would hold as it is: not a stand-in for another (a dataclass
    instance held as a dict, a tensor, a module)."""
    return type(value) in _PLAIN or isinstance(value, (LocatedList, LocatedDict))


def hooked_shapes(values: list[Any]) -> tuple[tuple[int | None, ...], ...] | None:
    """The shapes of the tensors among ``values`` as torchinfo's hooks see them (nested tuples flattened, a
    dict's last value), or None if one is not known."""
    if not _sized_by_a_tensor(values):
        return ()
    found: list[tuple[int | None, ...]] = []
    stack = list(reversed(values))
    while stack:
        value = stack.pop()
        if isinstance(value, Tensor):
            if value.shape is None:
                return None
            found.append(value.shape)
        elif isinstance(value, (tuple, list)):
            stack.extend(reversed(value))
        elif isinstance(value, dict) and value:  # torchinfo reads a dict's last value alone
            stack.append(list(value.values())[-1])
    return tuple(found)


def items_of(value: Any) -> Iterable[Any] | None:
    """What iterating over a value of forward gives, as Python gives it; None where it is not known.
    A range and a tensor's rows are taken a step at a time: range(10**9) is never made whole."""
    if isinstance(value, ModuleNode):
        return value.iterated()
    if isinstance(value, range):
        return value
    if isinstance(value, (tuple, list)):
        return list(value)
    if isinstance(value, Tensor) and value.shape and isinstance(value.shape[0], int):
        layout = value.layout if value.layout in (None, CONTIGUOUS) else value.layout[1:]  # x[i]: axis 0 dropped
        return repeat(Tensor(value.shape[1:], layout=layout), value.shape[0])
    return None


#: The most rows of a tensor a starred target is given as a list (``first, *rest = x``); more are not known.
MAX_UNPACKED_ROWS = 10_000


def unpacked_values(targets: list[ast.expr], value: Any) -> list[Any] | None:
    """What each of ``targets`` (``out, (h, c) = value``) is bound to as Python unpacks ``value``, a tuple or list
    of forward or a tensor along its first axis (a starred target's items as a list); None where the items are
    not known. :class:`ValueError`, in Python's words, where Python refuses it (``h, c = cell(x)[0]``)."""
    row: Tensor | None = None
    if isinstance(value, (tuple, list)):
        length = len(value)
    elif type(value) is Tensor and value.shape and isinstance(value.shape[0], int):
        length = value.shape[0]
        row = next(iter(items_of(value) or ()), None) if length else None
    else:
        return None
    places = unpacked_positions(targets, length)
    if places is None:
        raise ValueError(unpacking_error(targets, length))
    if row is None:
        return [list(value[place]) if isinstance(place, slice) else value[place] for place in places]
    taken = [len(range(length)[place]) if isinstance(place, slice) else None for place in places]
    return [row if rows is None else [row] * rows if rows <= MAX_UNPACKED_ROWS else None for rows in taken]


def all_known(shapes: list[Shape | None]) -> tuple[Shape, ...] | None:
    known = [shape for shape in shapes if shape is not None]
    return tuple(known) if len(known) == len(shapes) else None


def returned_shapes(returned: object) -> list[Shape | None] | None:
    # Flattened in order, as torchinfo reads a nested return (out, (h_n, c_n)); of a dict, torchinfo
    # reads the last value alone.
    if isinstance(returned, dict):
        returned = list(returned.values())[-1] if returned else None
    if isinstance(returned, (tuple, list)) and not _sized_by_a_tensor(returned):
        return []
    values = list(returned) if isinstance(returned, (tuple, list)) else [returned]
    shapes: list[Shape | None] = []
    for value in values:
        if isinstance(value, (tuple, list, dict)):
            inner = returned_shapes(value)
            if inner is None:
                return None
            shapes.extend(inner)
        elif isinstance(value, Tensor):
            shapes.append(value.shape)
        elif not (value is None or value is UNKNOWN_NUMBER or isinstance(value, (int, float, str))):
            return None  # a plain Python value is no tensor of torchinfo's (a Viterbi path's tag ids)
    return shapes


def _sized_by_a_tensor(values: tuple[Any, ...] | list[Any]) -> bool:
    """Whether torchinfo sizes ``values`` by a tensor: it takes a tuple's or list's first item, and that
    item's first where it is one too (``nested_list_size``); a first ``None``, number or string gives no
    size (``return loss, logits`` with loss None shows ``--``)."""
    first: Any = values
    while isinstance(first, (tuple, list)) and first:
        first = first[0]
    return isinstance(first, (Tensor, dict)) or not values


def layer_output(layer: Layer[Any], shapes: list[tuple[int | None, ...] | None]) -> Any:
    """What ``layer`` (a part of a composite torch.nn module) gives on inputs of ``shapes``; unknown where one is."""
    if not shapes or any(shape is None for shape in shapes):
        return UNKNOWN_VALUE
    try:
        produced = layer.output_shape(shapes if layer.input_count is not None else shapes[0])
    except LayerInputError:
        return UNKNOWN_VALUE
    return result_value(tuple(produced))


def result_value(produced: Any) -> Any:
    """A shape rule's result as forward's values: shapes become tensors, nested tuples stay tuples."""
    if produced == ABSENT:
        return None
    if produced is None or produced == UNKNOWN_TENSOR:
        return UNKNOWN_VALUE
    if isinstance(produced, tuple) and all(isinstance(size, int) or size is None for size in produced):
        return Tensor(produced)
    return tuple(result_value(part) for part in produced)


#: The context managers that switch autograd alone: a ``with`` of them changes no shape and no row of
#: torchinfo's table (which runs forward under ``torch.no_grad()`` itself).
GRAD_MODES = frozenset(
    {
        "torch.no_grad",
        "torch.enable_grad",
        "torch.inference_mode",
        "torch.set_grad_enabled",
        "torch.autograd.no_grad",
        "torch.autograd.enable_grad",
        "torch.autograd.inference_mode",
        "torch.autograd.set_grad_enabled",
    }
)


def grad_mode_only(statement: ast.With, torch_names: dict[str, str]) -> bool:
    """Whether ``statement`` is ``with torch.no_grad():`` (or another of :data:`GRAD_MODES`, bound to no name, of
    arguments that call nothing), whose body runs as it would without it."""
    return all(
        item.optional_vars is None
        and isinstance(item.context_expr, ast.Call)
        and dotted(item.context_expr.func, torch_names) in GRAD_MODES
        and not any(isinstance(node, ast.Call) for node in ast.walk(item.context_expr) if node is not item.context_expr)
        for item in statement.items
    )
