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
from lstm_calc.readers.evaluate import Environment
from lstm_calc.readers.functional_objects import CodeInput, CodeLayer, CodeTensor, cannot_follow

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.errors import Location
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


class TensorSlicing(Environment):
    """The subscripts of tensors in functional code, for the functional code reader."""

    if TYPE_CHECKING:
        made_objects: dict[tuple[int, int], object]

        def _mentions_object(self, node: ast.AST) -> bool: ...

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
        ) -> CodeTensor: ...

    def sliced(self, node: ast.Subscript, base: CodeTensor) -> CodeTensor:
        """``x[key]``: Keras's ``GetItem`` called on ``x`` with the key, made once per pass of the code."""
        from lstm_calc.layers.get_item import key_text

        made = self.made_objects.get(self._made_key(node))
        if isinstance(made, CodeTensor):
            return made
        text = key_text(*self._key(node))
        keyword = ast.keyword(arg="key", value=ast.copy_location(ast.Constant(value=text), node.slice))
        function = ast.copy_location(ast.Name(id="GetItem", ctx=ast.Load()), node)
        call = ast.copy_location(ast.Call(func=function, args=[], keywords=[ast.copy_location(keyword, node)]), node)
        tensor = self.call_node(self._construct(call, "GetItem"), call, [node.value], {})
        self.made_objects[self._made_key(node)] = tensor
        return tensor

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
