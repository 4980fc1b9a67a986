"""Keras 3's ``GetItem``: ``x[:, -1, :]`` on a tensor of a functional model, an operation with a row of its
own in the summary (``get_item (GetItem)``, no weights), not a layer.

Its argument is the key, written as Python writes a subscript: ``"[:, -1, :]"`` (``"[-1]"``, ``"[..., 0]"``,
``"[:, None]"``, ``"[:, 2:8:2]"``). Each item is an int, a slice of ints, ``None`` (numpy's newaxis) or
``...``. The output shape is ``GetItem.compute_output_spec``'s (``keras/src/ops/numpy.py``): an implicit
``...`` at the end, one ``...`` at most, ``None`` adds an axis of 1, an int removes its axis, a slice keeps
``len(range(*slice.indices(n)))``, unknown where the axis is; the batch axis is an axis like the others.
"""

from __future__ import annotations

import ast
import json
from typing import TYPE_CHECKING, Any

from lstm_calc.arguments import Argument, arguments, is_integer, json_schema, layer_name
from lstm_calc.layers.base import Layer, LayerInputError
from lstm_calc.layers.keras_masks import DROPS
from lstm_calc.shapes import Shape, describe_shape

if TYPE_CHECKING:
    from lstm_calc.shapes import Shapes

#: One item of a key: an int, a slice, None (newaxis) or Ellipsis.
Item = Any
EXAMPLE = '"[:, -1, :]"'


def parse_key(text: str) -> tuple[tuple[Item, ...], bool]:
    """The items of a key written as Python's subscript (``"[:, -1]"``, brackets optional), and whether it
    is one item rather than a tuple (``x[0]`` takes ``0``, ``x[0, :]`` a tuple): raises ValueError."""
    inner = text.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    try:
        subscript = ast.parse(f"_[{inner}]", mode="eval").body
    except (SyntaxError, ValueError):  # ValueError: a null character
        subscript = None
    if not (isinstance(subscript, ast.Subscript) and isinstance(subscript.value, ast.Name)):
        raise ValueError(f"cannot read {text!r} as Python's subscript, such as {EXAMPLE}")
    node = subscript.slice
    if isinstance(node, ast.Tuple):
        return tuple(_item(part) for part in node.elts), False
    return (_item(node),), True


def _item(node: ast.expr) -> Item:
    if isinstance(node, ast.Slice):
        return slice(*(None if part is None else _number(part) for part in (node.lower, node.upper, node.step)))
    if isinstance(node, ast.Constant) and node.value is Ellipsis:
        return Ellipsis
    return _number(node)


def _number(node: ast.expr) -> int | None:
    value: Any = None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        value = node.operand.value
        if is_integer(value):
            return -int(value)
    elif isinstance(node, ast.Constant):
        value = node.value
        if is_integer(value) or value is None:
            return None if value is None else int(value)
    raise ValueError(f"{ast.unparse(node)!r} is no index: each is an int, a slice of ints, None or ...")


def key_text(items: tuple[Item, ...], single: bool) -> str:
    """A key as its canonical text, Python's subscript in brackets: ``"[:, -1, :]"``."""
    parts = [_item_text(item) for item in items]
    return "[" + ", ".join(parts) + ("," if len(parts) == 1 and not single else "") + "]"


def _item_text(item: Item) -> str:
    if item is Ellipsis:
        return "..."
    if isinstance(item, slice):
        bounds = ["" if part is None else str(part) for part in (item.start, item.stop)]
        return ":".join(bounds) + ("" if item.step is None else f":{item.step}")
    return str(item)


def _saved_item(item: Any) -> Item:
    if item is None or is_integer(item):
        return item
    kind = item.get("class_name") if isinstance(item, dict) else None
    if kind == "__ellipsis__":
        return Ellipsis
    config = item.get("config") if isinstance(item, dict) else None
    if kind == "__slice__" and isinstance(config, dict):
        bounds = [config.get(part) for part in ("start", "stop", "step")]
        if all(bound is None or is_integer(bound) for bound in bounds):
            return slice(*bounds)
    raise ValueError(f"{item!r} is no index: each is an int, a slice of ints, None or an ellipsis")


def keras_key(items: tuple[Item, ...], single: bool) -> Any:
    """The key as Python code gives it to Keras (``(slice(None, None, None), -1)``), whose repr Keras's
    messages show."""
    return items[0] if single else items


@json_schema(
    {
        "anyOf": [
            {"type": "integer"},
            {"type": "string", "pattern": r"^[\s\[\]0-9:,.-]*(?:None[\s\[\]0-9:,.-]*)*$"},
        ]
    }
)
def _key(value: Any) -> str | None:
    if is_integer(value):
        return None
    if not isinstance(value, str):
        return f"expected a subscript such as {EXAMPLE} or an int, got {value!r}"
    try:
        items, single = parse_key(value)
    except ValueError as error:
        return str(error)
    if sum(item is Ellipsis for item in items) > 1:
        key = keras_key(items, single)
        return f'has two ellipses; Keras: "Slice should only have one ellipsis. Received: `{key!r}`"'
    return None


def _normalized_key(value: Any) -> str:
    if is_integer(value):
        return f"[{value}]"
    return key_text(*parse_key(value))


vars(_key)["normalize"] = _normalized_key


class GetItem(Layer[Shape]):
    """``x[key]`` on a tensor: no weights, no multiply-accumulates, no mask on its output (Keras's
    operations attach none)."""

    class_name = "GetItem"
    keras_mask = DROPS
    arguments = arguments(Argument("key", _key), Argument("name", layer_name, None))
    keras_positional = ("key",)
    input_axes = ("batch", "...")
    only_in_graph = (
        "is Keras's tensor slicing (x[:, -1, :]), an operation on a tensor, not a layer: only a functional "
        "model holds it, as a graph spec's entry (a top-level inputs: mapping, and inputs: on the entry that slices)"
    )
    keras_call_constants = ("key",)

    @classmethod
    def keras_call_constant(cls, argument: str, value: Any) -> Any:
        """The key's text from a saved config's ``args[1]``: an int, or a list of ints, ``None``,
        ``{"class_name": "__slice__", ...}`` and ``{"class_name": "__ellipsis__"}``."""
        if is_integer(value):
            return f"[{value}]"
        if not isinstance(value, list):
            raise ValueError(f"expected a list of indices, got {value!r}")
        return key_text(tuple(_saved_item(item) for item in value), False)

    @property
    def key(self) -> tuple[tuple[Item, ...], bool]:
        """The key's items, and whether it is one item rather than a tuple."""
        return parse_key(str(self.config["key"]))

    def output_shape(self, input_shape: Shape) -> Shapes:
        items, single = self.key
        key = keras_key(items, single)
        remaining, shape = list(input_shape), []
        pending = list(items) if Ellipsis in items else [*items, Ellipsis]
        while pending:
            item = pending.pop(0)
            if item is Ellipsis:
                consumed = len(remaining) - (len(pending) - pending.count(None))
                shape += remaining[:consumed]
                remaining = remaining[consumed:]
                continue
            if item is None:
                shape.append(1)
                continue
            if not remaining:
                raise LayerInputError(
                    f'indexes more axes than {describe_shape(input_shape)} has; Keras: "Array has shape '
                    f'{tuple(input_shape)!r} but slice has to many indices. Received: `{key!r}`"',
                    argument="key",
                )
            axis = len(input_shape) - len(remaining)
            length = remaining.pop(0)
            if isinstance(item, slice) and length is not None and item.step == 0:
                raise LayerInputError(
                    f'slices axis {axis} of {describe_shape(input_shape)} with a step of 0; Keras: "slice step '
                    'cannot be zero"',
                    argument="key",
                )
            if isinstance(item, slice):
                shape.append(None if length is None else len(range(*item.indices(length))))
            elif length is not None and not -length <= item < length:
                raise LayerInputError(
                    f"takes index {item} of axis {axis} of {describe_shape(input_shape)}, which has {length}; "
                    f'Keras: "Array has shape {tuple(input_shape)!r} but out-of-bounds index {key!r} was requested."',
                    argument="key",
                )
        return tuple(shape)

    def keras_call_code(self, tensor: str, name: str | None) -> str | None:
        """``lstm[:, -1, :]``; a name other than Keras's automatic one takes the operation's class, which
        Keras's public API does not export (Python's subscript is named ``get_item``, ``get_item_1``...)."""
        items, single = self.key
        if name is None:
            return f"{tensor}{key_text(items, single)}"
        return f"keras.src.ops.numpy.GetItem(name={json.dumps(name)})({tensor}, {keras_key(items, single)!r})"
