"""Calls of layers on tensors in Keras functional code (``LSTM(8)(x)``, ``d([a, b])``): each is a new
node of its layer (Keras's ``Node``), with the tensors it takes, its ``initial_state`` and its call
options, read by :class:`~lstm_calc.readers.functional_code.FunctionalCodeReader`.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, cast

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import Environment
from lstm_calc.readers.functional_objects import (
    MERGE_FUNCTIONS,
    CodeLayer,
    CodeNode,
    CodeTensor,
    TensorList,
    cannot_follow,
    custom_class,
    model_as_layer,
    not_a_tensor,
    set_call_options,
)
from lstm_calc.readers.keras_call_results import stacked_states
from lstm_calc.readers.keras_config import (
    NEUTRAL_CALL_ARGUMENTS,
    SEQUENTIAL,
    absent_when_none,
    built_sublayers,
    call_options,
    callee,
    calls_with_initial_state,
    first_call_argument,
    refuse_tensor_by_name,
    separate_call_arguments,
)
from lstm_calc.readers.keras_layer_uses import CALLED
from lstm_calc.readers.syntax_walk import is_none, made_node
from lstm_calc.spec_records import call_gap

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from lstm_calc.errors import Location
    from lstm_calc.readers.functional_code import FunctionalCodeReader
    from lstm_calc.readers.functional_objects import NameDoubts
    from lstm_calc.readers.keras_layer_uses import LayerUses


class LayerCalls(Environment):
    """The layer calls of functional code, for the functional code reader."""

    if TYPE_CHECKING:
        layer_uses: LayerUses
        unroll_pass: int
        order: int
        doubts: NameDoubts
        made_objects: dict[tuple[int, int], object]
        made: dict[tuple[int, int], CodeLayer]
        custom_classes: dict[str, int]
        aliases: dict[str, str]

        def _mentions_object(self, node: ast.AST) -> bool: ...

        def loc(self, node: ast.AST) -> Location: ...

        def object(self, node: ast.expr) -> Any: ...

        def required(self, node: ast.expr, what: str, environment: Environment) -> Any: ...

        def _next_order(self) -> int: ...

        def _automatic_name(self, class_name: str, call: ast.Call) -> str: ...

        def _made_key(self, call: ast.AST) -> tuple[int, int]: ...

        def _construct(self, call: ast.Call, class_name: str) -> CodeLayer: ...

        def _is_custom(self, call: ast.Call) -> bool: ...

    def apply(self, layer: CodeLayer, call: ast.Call) -> CodeTensor:
        """``layer(x)``: a new call of ``layer`` on the tensors of the call's arguments."""
        try:
            return self._apply(layer, call)
        except SpecError as error:
            # A call on data (layer(numpy_array)) makes no node in Keras; one on a tensor lstmcalc cannot
            # follow does, and its shape may be the one the summary shows (keras_last_calls).
            if any(self._mentions_object(part) for part in [*call.args, *(k.value for k in call.keywords)]):
                layer.unfollowed_calls.append((self.order, error))
            raise

    def _apply(self, layer: CodeLayer, call: ast.Call) -> CodeTensor:
        if layer.call is not None:
            self.layer_uses.note(layer.call, call, CALLED, layer.made_pass, self.unroll_pass)
        separate = separate_call_arguments(layer.class_name)
        absent = absent_when_none(layer.class_name) or ()
        keywords = {
            keyword.arg: keyword.value
            for keyword in call.keywords
            if keyword.arg is not None and not (keyword.arg in absent and is_none(keyword.value))
        }
        if any(keyword.arg is None for keyword in call.keywords) or any(
            isinstance(arg, ast.Starred) for arg in call.args
        ):
            raise SpecError(
                "*arguments and **keyword arguments of a layer call cannot be read; write them out", self.loc(call)
            )
        if separate:
            gap = call_gap(separate, len(call.args), keywords)
            if gap is not None:
                raise SpecError(
                    f"layer '{layer.name}' is given its {gap[0]} but not its {gap[1]} "
                    f"(Python refuses such a call: missing argument '{gap[1]}')",
                    self.loc(keywords[gap[0]]),
                )
            written = [*call.args]
            while 1 < len(written) <= len(separate) and separate[len(written) - 1] in absent and is_none(written[-1]):
                written.pop()  # MultiHeadAttention(q, v, None): its key is the value, as when left out
            by_name = [parameter for parameter in separate[len(written) :] if parameter in keywords]
            given = [*written, *(keywords.pop(parameter) for parameter in by_name)]
            return self.call_node(layer, call, given, keywords, on_list=True, by_name=tuple(by_name))
        arguments = [*call.args]
        first = first_call_argument(layer.class_name)
        if not arguments and first in keywords:
            others = [key for key in ("initial_state", "mask") if key in keywords and not is_none(keywords[key])]
            refuse_tensor_by_name(layer.name, first, others, self.loc(keywords[first]))
            arguments.append(keywords.pop(first))
        elif not arguments and "inputs" in keywords:
            raise SpecError(
                f"layer '{layer.name}' takes its tensor as '{first}', not 'inputs' (Python refuses such a call: "
                f"missing a required argument: '{first}')",
                self.loc(keywords["inputs"]),
            )
        if len(arguments) == 2 and calls_with_initial_state(layer.class_name) and "initial_state" not in keywords:
            if not is_none(state := arguments.pop()):  # LSTM(8)(x, None): no state given
                keywords["initial_state"] = state
        if len(arguments) != 1:
            where = arguments[1] if len(arguments) > 1 else call
            raise SpecError(
                f"layer '{layer.name}' is called on {len(arguments)} tensors; it takes one, or one list",
                self.loc(where),
            )
        return self.call_node(layer, call, arguments, keywords)

    def call_node(
        self,
        layer: CodeLayer,
        call: ast.Call,
        arguments: list[ast.expr],
        keywords: dict[str, ast.expr],
        on_list: bool = False,
        by_name: tuple[str, ...] = (),
        tensors: list[tuple[CodeTensor, Location]] | None = None,
    ) -> CodeTensor:
        """A new call of ``layer`` on the tensors of ``arguments`` (``tensors``: those the caller has already
        found in its one argument; evaluated again, a layer call in it would be a second call)."""
        node = CodeNode(layer, len(layer.nodes), self.loc(call), 0)
        node.keywords = by_name
        if tensors is not None:
            node.inputs = tensors
        elif len(arguments) == 1 and not on_list:
            node.inputs, node.on_list = self.tensors(arguments[0], f"layer '{layer.name}'")
        else:
            node.on_list = True
            for argument in arguments:
                node.inputs += self.tensors(argument, f"layer '{layer.name}'")[0]
        options: dict[str, tuple[Any, Location]] = {}
        for key, value in keywords.items():
            if key == "initial_state" and calls_with_initial_state(layer.class_name):
                stacked = stacked_states(layer, self.object(value), value, self.loc)
                node.initial_state = stacked if stacked is not None else self.tensors(value, f"layer '{layer.name}'")[0]
                node.state_location = self.loc(value)
            elif key == "mask" and not is_none(value):  # Keras lists it last in Connected to
                node.mask, _ = self.tensors(value, f"the mask of layer '{layer.name}'")
            elif key == "mask" and absent_when_none(layer.class_name) is not None:  # None, on a layer taking none
                raise SpecError(
                    f"layer '{layer.name}' is called with mask=None, which Keras's {layer.class_name} does not take "
                    "(Python refuses such a call: unexpected keyword argument 'mask'); leave it out",
                    self.loc(value),
                )
            elif key in NEUTRAL_CALL_ARGUMENTS:
                continue
            elif key in call_options(layer.class_name):
                options[key] = (self.required(value, f"{key} of layer '{layer.name}'", self), self.loc(value))
            else:
                raise SpecError(
                    f"layer '{layer.name}' is called with {key}=..., which lstmcalc does not support", self.loc(value)
                )
        set_call_options(layer, node, options)
        if layer.nodes and layer.class_name == SEQUENTIAL:
            from lstm_calc.readers.functional_nested import refuse_other_build

            refuse_other_build(cast("FunctionalCodeReader", self), layer, node)
        if not layer.nodes:  # built by its first call, Keras makes its own unnamed layers, which take names
            for inner in built_sublayers(layer.class_name, layer.spec):
                self._automatic_name(inner, call)
        node.order = self._next_order()
        node.index = len(layer.nodes)  # counted now: in d(d(x)) the inner call is the layer's first
        layer.nodes.append(node)
        return CodeTensor(node)

    def _foreign_layer(self, made_by: ast.Call, call: ast.Call) -> CodeLayer:
        """A layer object of a class lstmcalc lacks (``CuDNNLSTM(64)``), called on tensors by ``call``:
        listed, then refused; a custom class or a Sequential model is refused at once."""
        name = callee(made_by, self.aliases) or ast.unparse(made_by.func)
        if self._is_custom(made_by):
            raise custom_class(self.loc(made_by), name, self.custom_classes, made_by)
        if name == SEQUENTIAL:
            raise model_as_layer(self.loc, call)
        made = self.made.get(self._made_key(made_by))
        if made is None:
            where = self.loc(made_by.func)
            made = CodeLayer(name, name, None, self.loc(made_by), [(name, where)], made_by)
            made.made_pass = self.unroll_pass
            self.made[self._made_key(made_by)] = made
        return made

    def _operation(self, node: ast.BinOp | ast.Call, class_name: str, operands: list[ast.expr]) -> CodeTensor:
        """``x + y``, ``x - y``, ``x * y`` of two tensors, or ``keras.ops.add(x, y)`` that they call: Keras 3 makes
        an operation of that class, named from the same counter as the merge layers, and its summary shows it as
        their row (``add (Add)``, 0 weights)."""
        made = self.made_objects.get(self._made_key(node))
        if isinstance(made, CodeTensor):
            return made
        function = made_node(ast.Name(id=class_name, ctx=ast.Load()), node)
        call = made_node(ast.Call(func=function, args=[], keywords=[]), node)
        tensor = self.call_node(self._construct(call, class_name), call, operands, {}, on_list=True)
        self.made_objects[self._made_key(node)] = tensor
        return tensor

    def _unfollowed_operation(self, node: ast.expr, class_name: str) -> None:
        """An operation on a tensor that lstmcalc does not follow, refused where a model needs it: Keras names it
        from the counter of the layers of its class all the same, so their automatic names after it are unknown."""
        self.doubts.note(class_name, self.order, self.loc(node), "by an operation on a tensor lstmcalc does not follow")
        raise cannot_follow(self.loc, node)

    def _merge(self, call: ast.Call, function: str) -> CodeTensor:
        """``concatenate([a, b], axis=1)``: a new ``Concatenate(axis=1)`` layer called on ``[a, b]``."""
        made, tensors = merge_layer_call(call, function, self.loc)
        return self.call_node(self._construct(made, MERGE_FUNCTIONS[function][0]), call, [tensors], {})

    def tensors(
        self, node: ast.expr, owner: str, nested: bool = False
    ) -> tuple[list[tuple[CodeTensor, Location]], bool]:
        """The tensors of a call argument (one, or a list), each with where the code writes it; ``nested``:
        a list in the list gives its tensors too (a model's outputs, [y, lstm_states] of a stacked RNN)."""
        made = self.object(node)
        if isinstance(made, CodeTensor):
            return [(made, self.loc(node))], False
        if isinstance(made, TensorList) and made.items:
            found: list[tuple[CodeTensor, Location]] = []
            for item, where in zip(made.items, made.nodes):
                if nested and isinstance(item, TensorList) and item.items:
                    for part in item.items:
                        if not isinstance(part, CodeTensor):
                            raise not_a_tensor(self.loc, where, owner)
                        found.append((part, self.loc(where)))
                    continue
                if not isinstance(item, CodeTensor):
                    raise not_a_tensor(self.loc, where, owner)
                found.append((item, self.loc(where)))
            return found, True
        raise not_a_tensor(self.loc, node, owner)


def merge_layer_call(call: ast.Call, function: str, loc: Callable[[ast.AST], Location]) -> tuple[ast.Call, ast.expr]:
    """For ``concatenate([a, b], 1)``: the layer call it stands for, ``Concatenate(axis=1)`` (at the same
    place), and the tensors, ``[a, b]``."""
    positional = MERGE_FUNCTIONS[function][1]
    given = [keyword.value for keyword in call.keywords if keyword.arg == "inputs"]
    if not call.args and not given:
        raise SpecError(f"{function}() needs the tensors to merge, as a list", loc(call))
    if len(call.args) > len(positional) + 1:
        raise SpecError(
            f"{function}() takes the tensors and {len(positional)} more positional argument(s); "
            "pass the others by keyword",
            loc(call.args[len(positional) + 1]),
        )
    keywords = [made_node(ast.keyword(arg=key, value=node)) for key, node in zip(positional, call.args[1:])]
    for keyword, node in zip(keywords, call.args[1:]):
        made_node(keyword, node)
    keywords += [keyword for keyword in call.keywords if keyword.arg != "inputs"]
    return made_node(ast.Call(func=call.func, args=[], keywords=keywords), call), (
        call.args[0] if call.args else given[0]
    )
