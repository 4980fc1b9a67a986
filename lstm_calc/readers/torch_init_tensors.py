"""The tensors an ``__init__`` makes: ``nn.Parameter(torch.zeros(...))`` with known sizes, a tensor
made earlier and given to it (``pretrained``), writes into such a tensor, which keep its shape, a
parameter's or buffer's ``.data`` replaced, which takes the new tensor's shape; the buffers it registers,
and sets again (``self.pe = pe.unsqueeze(0)``)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.errors import SpecError
from lstm_calc.layers import Weight
from lstm_calc.readers.evaluate import Unknown, known
from lstm_calc.readers.syntax_walk import is_none, shortened
from lstm_calc.readers.torch_init_none import take_vacated_place
from lstm_calc.readers.torch_known_tensors import KnownTensor
from lstm_calc.readers.torch_modules import ModuleNode, is_self, torch_class
from lstm_calc.readers.torch_tensor_data import made_shape

if TYPE_CHECKING:
    from lstm_calc.readers.torch_builder import InitScope, ModuleBuilder
    from lstm_calc.readers.torch_values import TorchEvaluator

_TENSOR_MAKERS = frozenset({"zeros", "ones", "randn", "rand", "empty", "Tensor", "FloatTensor", "full"})


class InitTensors:
    """The tensors of ``__init__``, for its reader (see :class:`~lstm_calc.readers.torch_init.InitReader`)."""

    builder: ModuleBuilder
    evaluator: TorchEvaluator
    scope: InitScope
    module: ModuleNode

    if TYPE_CHECKING:

        def module_of(self, node: ast.expr) -> ModuleNode | None: ...

        def flag(self, node: ast.expr) -> bool: ...

        def set_requires_grad(
            self, target: ast.expr, trainable: bool, node: ast.AST, module_too: bool = True
        ) -> None: ...

        def named_attribute(
            self,
            owner: ast.expr,
            name_node: ast.expr,
            purpose: str,
            kind: str | None = None,
            where: ast.AST | None = None,
        ) -> ast.Attribute: ...

        def refuse_before_module_init(self, what: str, node: ast.expr) -> None: ...

        def assign(self, target: ast.expr, value: ast.expr) -> None: ...

        def makes_weights(self, node: ast.expr, anywhere: bool = False) -> bool: ...

        def is_module_expression(self, node: ast.expr) -> bool: ...

    def sets_tensor_attribute(self, target: ast.Attribute, value: ast.expr) -> bool:
        """``p.requires_grad = False``, or ``self.embedding.weight.data = pretrained``, which gives the
        parameter that tensor whatever its shape (torch compares none); False for any other attribute."""
        if target.attr == "requires_grad":
            self.set_requires_grad(target.value, self.flag(value), target, module_too=False)
            return True
        owner = target.value
        if target.attr != "data" or not isinstance(owner, ast.Attribute):
            return False
        holder = self.module if is_self(owner.value) else self.module_of(owner.value)
        held = None if holder is None else holder.held(owner.attr)
        if holder is None or held is None:
            return False
        shape = self.tensor_shape(value)
        if shape is None:
            raise SpecError(
                f"lstmcalc cannot know the shape of {ast.unparse(value)} without running the code, and it becomes "
                f"{ast.unparse(owner)}'s: make the tensor with known sizes (torch.zeros(rows, columns)), or make "
                "the module with those sizes",
                self.evaluator.loc(value),
            )
        from lstm_calc.readers.torch_ties import tied_names  # the tensor is every name it is held under

        for module, name in tied_names(holder, owner.attr):
            replaced = module.held(name)
            assert replaced is not None
            if replaced in module.buffers:
                module.buffers = [
                    Weight(name, shape, weight.trainable) if weight is replaced else weight for weight in module.buffers
                ]
            else:
                module.put_weight(Weight(name, shape, replaced.trainable))
        return True

    def register_buffer(self, call: ast.Call) -> None:
        """``self.register_buffer(name, tensor)``, its name checked as torch checks it."""
        self.refuse_before_module_init("buffer", call)
        assert isinstance(call.func, ast.Attribute)
        name = self.named_attribute(call.func.value, call.args[0], "register_buffer names", "buffer", call).attr
        self.set_buffer(name, call.args[1], registering=True)

    def set_buffer(self, name: str, tensor: ast.expr, registering: bool = False) -> None:
        """The buffer ``name`` is now ``tensor``, of known shape, in the place of the one it replaces (torch's
        ``_buffers`` keeps a key's place); None holds the name and its place with no tensor. A plain value is
        refused as torch refuses it (``registering``: by ``register_buffer``, else by ``self.name = value``)."""
        shape = self.tensor_shape(tensor)
        if shape is None and not is_none(tensor):
            message = f"lstmcalc cannot tell the shape of buffer '{name}' without running the code"
            kind = _plain_kind(tensor, self.evaluator, self.scope)
            if kind is not None:  # in the words of each of torch's checks
                message = (
                    f"torch refuses this (TypeError: cannot assign '{kind}' object to buffer '{name}' (torch Tensor "
                    "or None required))"
                    if registering
                    else f"torch refuses this (TypeError: cannot assign '{kind}' as buffer '{name}' (torch.nn.Buffer, "
                    "torch.Tensor or None expected))"
                )
            raise SpecError(message, self.evaluator.loc(tensor))
        names = [buffer.name for buffer in self.module.buffers]
        before = self.module.vacated.pop(f"~{name}", None)
        at = names.index(name) if name in names else len(names) if before is None else len(before)
        if shape is None:
            self.module.vacated[f"~{name}"] = names[:at]
            self.scope.bindings[f"self.{name}"] = known(None)
        else:
            self.scope.bindings.pop(f"self.{name}", None)
        made = [] if shape is None else [Weight(name, shape, False)]
        self.module.buffers[at : at + (name in names)] = made

    def sets_held(self, attribute: str | None, value: ast.expr) -> bool:
        """``self.<attribute> = value`` over a buffer or a parameter, as torch's ``__setattr__`` takes it: a
        tensor or None is the buffer now; None empties a parameter's name (its place kept) and a plain tensor
        there is refused; a module or an nn.Parameter takes the name from either (False: the caller registers
        it, as for any other assignment)."""
        if attribute is None:
            return False
        module = self.module
        buffer = f"~{attribute}" in module.vacated or any(held.name == attribute for held in module.buffers)
        weights = [weight.name for weight in module.own_weights]
        parameter = attribute in weights or f".{attribute}" in module.vacated
        if self.makes_weights(value):  # torch takes the name out of _parameters and _buffers first
            if buffer:
                module.buffers = [held for held in module.buffers if held.name != attribute]
                module.vacated.pop(f"~{attribute}", None)
            if parameter and self.is_module_expression(value):  # torch checks _parameters before modules
                made = shortened(value.func if isinstance(value, ast.Call) else value, 40)
                raise SpecError(
                    f"torch refuses this (TypeError: cannot assign a module ({made}) as parameter '{attribute}' "
                    f"(torch.nn.Parameter or None expected)): del self.{attribute} first",
                    self.evaluator.loc(value),
                )
            return False
        if buffer:
            self.set_buffer(attribute, value)
            return True
        if not parameter:
            return False
        if is_none(value):
            if attribute in weights:
                module.vacated[f".{attribute}"] = weights[: weights.index(attribute)]
                module.own_weights = [weight for weight in module.own_weights if weight.name != attribute]
            self.scope.bindings[f"self.{attribute}"] = known(None)
            return True
        tensor = self.tensor_shape(value) is not None
        kind = _typename(value) if tensor else _plain_kind(value, self.evaluator, self.scope)
        if kind is None and not tensor:
            return False
        what = f"'{kind}'" if kind else "a tensor"
        raise SpecError(
            f"torch refuses this (TypeError: cannot assign {what} as parameter "
            f"'{attribute}' (torch.nn.Parameter or None expected)): wrap it in nn.Parameter(...)",
            self.evaluator.loc(value),
        )

    def register_parameter(self, call: ast.Call) -> None:
        """``self.register_parameter(name, nn.Parameter(...))``, refused as torch refuses a plain tensor."""
        assert isinstance(call.func, ast.Attribute)
        target = self.named_attribute(call.func.value, call.args[0], "register_parameter names", "parameter", call)
        value = call.args[1]
        if torch_class(value.func if isinstance(value, ast.Call) else value, self.builder.torch_names) != "Parameter":
            if self.tensor_shape(value) is not None:
                typename = f"'{_typename(value)}' object" if _typename(value) else "a plain tensor"
                raise SpecError(
                    f"torch refuses this (TypeError: cannot assign {typename} to parameter '{target.attr}' "
                    "(torch.nn.Parameter or None required)): wrap it in nn.Parameter(...)",
                    self.evaluator.loc(value),
                )
        self.assign(target, value)

    def fills_known_tensor(self, target: ast.expr) -> bool:
        """``table[:, 0::2] = ...``: writing into a tensor of known shape leaves its shape."""
        if not isinstance(target, ast.Subscript) or not isinstance(target.value, ast.Name):
            return False
        return isinstance(self.scope.lookup(target.value.id).value, KnownTensor)

    def parameter(self, name: str, call: ast.Call, holder: ModuleNode | None = None) -> bool:
        """``self.w = nn.Parameter(torch.zeros(3, 4), requires_grad=False)``: one of the module's own weights."""
        if torch_class(call.func, self.builder.torch_names) != "Parameter":
            return False
        holder = holder or self.module
        tensor = call.args[0] if call.args else None
        known_tensor = self.known_tensor(tensor)
        if known_tensor is None and (not isinstance(tensor, ast.Call) or not self.makes_tensor(tensor)):
            raise SpecError(
                "lstmcalc reads nn.Parameter(torch.zeros(...)) and the like with known sizes", self.evaluator.loc(call)
            )
        trainable = True
        for keyword in call.keywords:
            if keyword.arg == "requires_grad":
                trainable = bool(self.evaluator.evaluate(keyword.value, self.scope))
        if len(call.args) > 1:
            trainable = bool(self.evaluator.evaluate(call.args[1], self.scope))
        if known_tensor is None:
            assert isinstance(tensor, ast.Call)
            known_tensor = made_shape(tensor, self.evaluator, self.scope)
        holder.put_weight(Weight(name, known_tensor, trainable))
        take_vacated_place(holder, name)  # registered None before
        holder.buffers = [buffer for buffer in holder.buffers if buffer.name != name]  # as torch's __setattr__
        holder.vacated.pop(f"~{name}", None)
        return True

    def known_tensor(self, node: ast.expr | None) -> tuple[int, ...] | None:
        """The shape of a tensor the code made earlier with known sizes (``pretrained``), if ``node`` is one."""
        if node is None or (isinstance(node, ast.Call) and self.makes_tensor(node)):
            return None
        try:
            value = self.evaluator.evaluate(node, self.scope)
        except Unknown:
            return None
        return value.shape if isinstance(value, KnownTensor) else None

    def tensor_shape(self, node: ast.expr | None) -> tuple[int, ...] | None:
        """The shape of the tensor ``node`` is (made earlier, or here by ``torch.zeros(...)`` and the like) if known."""
        if isinstance(node, ast.Call) and self.makes_tensor(node):
            return made_shape(node, self.evaluator, self.scope)
        return self.known_tensor(node)

    def makes_tensor(self, call: ast.Call) -> bool:
        function = call.func
        return (
            isinstance(function, ast.Attribute)
            and isinstance(function.value, ast.Name)
            and self.builder.torch_names.get(function.value.id) == "torch"
            and function.attr in _TENSOR_MAKERS
        )


#: The tensor type torch names a tensor of each dtype (``torch.typename``).
_TENSOR_TYPES = {
    **dict.fromkeys(("float", "float32"), "torch.FloatTensor"),
    **dict.fromkeys(("double", "float64"), "torch.DoubleTensor"),
    **dict.fromkeys(("half", "float16"), "torch.HalfTensor"),
    **dict.fromkeys(("long", "int64"), "torch.LongTensor"),
    **dict.fromkeys(("int", "int32"), "torch.IntTensor"),
    "bfloat16": "torch.BFloat16Tensor",
    "bool": "torch.BoolTensor",
}


def _typename(tensor: ast.expr) -> str | None:
    """``torch.typename`` of the tensor ``torch.zeros(...)`` and the like make (float32 unless a ``dtype``
    says otherwise); None where it is not plain to see."""
    if not isinstance(tensor, ast.Call) or getattr(tensor.func, "attr", None) == "full":
        return None  # torch.full's dtype follows its fill value
    dtype = next((keyword.value for keyword in tensor.keywords if keyword.arg == "dtype"), None)
    if dtype is None:
        return "torch.FloatTensor"
    return _TENSOR_TYPES.get(dtype.attr) if isinstance(dtype, ast.Attribute) else None


def _plain_kind(node: ast.expr, evaluator: TorchEvaluator, scope: InitScope) -> str | None:
    """The type of the plain Python value ``node`` is (a number, a string, a list, tuple or dict written out), as
    torch names it refusing it for a tensor; None where it may be a tensor or is not known."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Dict)):
        return type(node).__name__.lower()
    try:
        value = evaluator.evaluate(node, scope)
    except Unknown:
        return None
    return type(value).__name__ if isinstance(value, (bool, int, float, str)) else None
