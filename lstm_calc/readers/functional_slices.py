"""``x[:, -1, :]`` in Keras functional code: Python's subscript of a tensor makes Keras 3's ``GetItem``
operation (``KerasTensor.__getitem__``), named from its counter (``get_item``, ``get_item_1``...) where the
code makes it, and listed as a row of the summary (:mod:`lstm_calc.layers.get_item`).

A layer call that gives a list (an LSTM with ``return_state``) is indexed as a list (``outs[1]``): only a
single tensor is sliced. Each index is evaluated as the code gives it (``x[:, steps - 1]``); one lstmcalc
cannot know is asked for with ``--set``, one that is a tensor is refused.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.layers import LAYER_TYPES
from lstm_calc.readers.evaluate import UNKNOWN, Environment
from lstm_calc.readers.functional_objects import CodeInput, CodeLayer, CodeTensor, TensorList, cannot_follow
from lstm_calc.readers.functional_reductions import TensorReductions
from lstm_calc.readers.keras_call_results import subscripted
from lstm_calc.readers.keras_config import callee
from lstm_calc.readers.syntax_walk import made_node

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.errors import Location
    from lstm_calc.readers.evaluate import Binding
    from lstm_calc.readers.functional_objects import CodeNode

WHAT = "an index of the tensor"


def gives_one_tensor(tensor: CodeTensor) -> bool:
    """Whether ``tensor`` is one tensor, which Python's subscript slices, rather than the list a layer's call
    returns (an RNN's with ``return_state``, Bidirectional's with ``merge_mode=None``, MultiHeadAttention's
    with ``return_attention_scores``, a one-tensor layer's applied to a list)."""
    if tensor.index is not None or isinstance(tensor.node.owner, CodeInput):
        return True
    return _one_output(tensor.node)


def _one_output(node: CodeNode) -> bool:
    layer = node.owner
    assert isinstance(layer, CodeLayer)
    spec = layer.spec
    layer_class = LAYER_TYPES.get(layer.class_name.lower())
    if spec is None or layer_class is None:
        return False  # a layer lstmcalc lacks: refused where the model needs it
    inner = spec.get("layer")
    if spec.get("return_state") is True or (isinstance(inner, dict) and inner.get("return_state") is True):
        return False
    if "merge_mode" in spec and spec["merge_mode"] is None:
        return False
    if layer_class.keras_call_gives_several_outputs(dict(spec)):
        return False
    return not (node.on_list and layer_class.input_count is None)


class TensorSlicing(TensorReductions, Environment):
    """The subscripts of tensors in functional code, for the functional code reader (and, from
    :class:`TensorReductions`, the reductions)."""

    if TYPE_CHECKING:
        made_objects: dict[tuple[int, int], object]
        filename: str

        def _quiet_object(self, node: ast.expr) -> Any: ...

        def _mentions_object(self, node: ast.AST) -> bool: ...

        def object(self, node: ast.expr) -> Any: ...

        def binding_of(self, value: ast.expr) -> Binding: ...

        def loc(self, node: ast.AST) -> Location: ...

        def required(self, node: ast.expr, what: str, environment: Environment) -> Any: ...

        def _made_key(self, call: ast.AST) -> tuple[int, int]: ...

        def _construct(self, call: ast.Call, class_name: str) -> CodeLayer: ...

        def call_node(
            self,
            layer: CodeLayer,
            call: ast.Call,
            arguments: list[ast.expr],
            keywords: dict[str, ast.expr],
            on_list: bool = False,
            by_name: tuple[str, ...] = (),
            tensors: list[tuple[CodeTensor, Location]] | None = None,
        ) -> CodeTensor: ...

    def dimension(self, node: ast.Subscript) -> Binding:
        """``x.shape[i]`` of a tensor: its size where Keras knows it before the model runs (tensor_shapes)."""
        if isinstance(node.value, ast.Attribute) and node.value.attr == "shape" and self._mentions_object(node.value):
            from lstm_calc.readers.tensor_shapes import dimension

            return dimension(self._quiet_object(node.value.value), node, self.loc, self.filename)
        return UNKNOWN

    def subscript(self, node: ast.Subscript, base: Any) -> Any:
        """``base[...]``, ``base`` being what functional code makes: a tensor sliced (Keras's GetItem), or an item
        of a list of them (``[a, b][1]``, ``lstm_outputs[2]``)."""
        if isinstance(base, CodeTensor) and gives_one_tensor(base):
            return self.sliced(node, base)  # x[:, -1]: Keras's GetItem
        index = self.binding_of(node.slice).value  # a known number, or anything else: refused below
        if isinstance(index, bool) or not isinstance(index, int):
            raise cannot_follow(self.loc, node)
        if isinstance(base, TensorList) and -len(base.items) <= index < len(base.items):
            return base.items[index]  # a plain value among them is refused by the caller
        if isinstance(base, CodeTensor) and base.index is None and (item := subscripted(base, index, node)):
            return item
        raise cannot_follow(self.loc, node)

    def sliced(
        self,
        node: ast.Subscript,
        base: CodeTensor,
        named: list[ast.keyword] | None = None,
        written: ast.AST | None = None,
    ) -> CodeTensor:
        """``x[key]``: Keras's ``GetItem`` called on ``x`` with the key, made once per pass of the code
        (``named``: the ``name=`` keyword of a ``GetItem(name=...)(x, key)`` that stands for it; ``written``:
        the node of the file that ``node`` stands for, where ``node`` is made by the reader)."""
        from lstm_calc.layers.get_item import key_text

        # Remembered by a node of the file: a node made here is freed after the call, and the next one made
        # may have its id (ops.get_item(x, 0) was taken for the ops.get_item(x, -1) before it).
        made_key = self._made_key(node if written is None else written)
        made = self.made_objects.get(made_key)
        if isinstance(made, CodeTensor):
            return made
        text = key_text(*self._key(node))
        keyword = made_node(ast.keyword(arg="key", value=made_node(ast.Constant(value=text), node.slice)))
        function = made_node(ast.Name(id="GetItem", ctx=ast.Load()), node)
        keywords = [made_node(keyword, node), *(named or [])]
        call = made_node(ast.Call(func=function, args=[], keywords=keywords), node)
        given = [(base, self.loc(node.value))]
        tensor = self.call_node(self._construct(call, "GetItem"), call, [node.value], {}, tensors=given)
        self.made_objects[made_key] = tensor
        return tensor

    def operation_call(self, call: ast.Call) -> CodeTensor | CodeLayer | None:
        """``keras.ops.get_item(x, key)``, and ``keras.src.ops.numpy.GetItem(name="last")(x, key)`` as lstmcalc's
        Keras export writes a named ``x[key]``: Keras's ``x[key]``; a reduction (``keras.ops.mean(x, axis=1)``), or
        a reduction's operation (``keras.src.ops.numpy.Mean(axis=1)``); None for any other call."""
        if (reduced := self.reduction_call(call)) is not None:
            return reduced
        function, named = call.func, []
        if isinstance(function, ast.Call) and callee(function) == "GetItem" and not function.args:
            named = function.keywords  # GetItem(name="last")
            if any(keyword.arg != "name" for keyword in named):
                return None
        elif not (isinstance(function, ast.Attribute) and function.attr == "get_item"):
            return None
        elif ast.unparse(function.value).split(".")[-1] not in ("ops", "numpy"):
            return None  # keras.ops.get_item, ops.get_item, keras.ops.numpy.get_item
        if len(call.args) != 2 or call.keywords or not isinstance(base := self.object(call.args[0]), CodeTensor):
            return None
        key = call.args[1]
        parts = [_subscript_part(part) for part in (key.elts if isinstance(key, ast.Tuple) else [key])]
        written = made_node(ast.Tuple(elts=parts, ctx=ast.Load())) if isinstance(key, ast.Tuple) else parts[0]
        subscript = made_node(ast.Subscript(value=call.args[0], slice=written, ctx=ast.Load()), call)
        return self.sliced(subscript, base, list(named), written=call)

    def _key(self, node: ast.Subscript) -> tuple[tuple[Any, ...], bool]:
        """The key's items (ints, slices, None, Ellipsis) and whether it is one item rather than a tuple."""
        key = node.slice
        parts, single = (key.elts, False) if isinstance(key, ast.Tuple) else ([key], True)
        items: list[Any] = []
        for part in parts:
            if isinstance(part, ast.Slice):
                bounds = (part.lower, part.upper, part.step)
                items.append(slice(*(None if bound is None else self._index(bound, node) for bound in bounds)))
            elif isinstance(part, ast.Constant) and part.value is Ellipsis:
                items.append(Ellipsis)
            elif isinstance(part, (ast.Attribute, ast.Name)) and ast.unparse(part).split(".")[-1] == "newaxis":
                items.append(None)  # np.newaxis, tf.newaxis: None
            else:
                items.append(self._index(part, node))
        return tuple(items), single

    def _index(self, part: ast.expr, node: ast.Subscript) -> int | None:
        if isinstance(part, ast.Starred) or self._mentions_object(part):
            raise cannot_follow(self.loc, node)  # x[y] of a tensor y: gather, not a slice
        value = self.required(part, WHAT, self)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        raise SpecError(
            f"{ast.unparse(part)!r} is {value!r}; an index of a tensor lstmcalc follows is an int, a slice of ints, "
            "None (newaxis) or ...",
            self.loc(part),
        )


def _subscript_part(node: ast.expr) -> ast.expr:
    """``slice(a, b, c)`` as the subscript ``a:b:c`` writes it, ``Ellipsis`` as ``...``; any other part as it is."""
    if isinstance(node, ast.Name) and node.id == "Ellipsis":
        return made_node(ast.Constant(value=Ellipsis), node)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "slice" and not node.keywords:
        bounds: list[ast.expr | None] = [None if _is_none(arg) else arg for arg in node.args]
        if len(bounds) == 1:
            bounds = [None, bounds[0]]
        bounds += [None] * (3 - len(bounds))
        return made_node(ast.Slice(lower=bounds[0], upper=bounds[1], step=bounds[2]), node)
    return node


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None
