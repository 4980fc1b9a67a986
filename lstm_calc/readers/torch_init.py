"""An ``nn.Module``'s ``__init__`` followed with :mod:`ast`: the module tree it builds, never run.

``__init__`` is followed statement by statement with its parameters bound to the
instantiation's arguments, else to their defaults: ``self.x = nn.LSTM(...)`` adds a child,
``self.block = Block(...)`` reads the file's own class the same way, a parent class of the
file runs its ``__init__`` through ``super().__init__(...)``; ``nn.Sequential``,
``nn.ModuleList`` and ``nn.ModuleDict`` (also from lists, comprehensions and loops over known
ranges), ``nn.Parameter(torch.zeros(...))``, ``register_buffer`` and frozen parameters are
followed. A value that cannot be known is asked for with ``--set`` at its line and column.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.evaluate import UNKNOWN, Binding, Unknown, known
from lstm_calc.readers.loop_values import exits_loop, is_loop_target
from lstm_calc.readers.set_values import ask
from lstm_calc.readers.syntax_walk import augmented_value, is_super, made_node, shortened
from lstm_calc.readers.torch_arguments import device_made
from lstm_calc.readers.torch_container_insert import inserted as _inserted
from lstm_calc.readers.torch_dtypes import refuse_conversion_in_init
from lstm_calc.readers.torch_init_bases import InitBases
from lstm_calc.readers.torch_init_changes import own_expressions
from lstm_calc.readers.torch_init_flow import FREEZES_UNSEEN, LoopExit, freezes, sets_requires_grad
from lstm_calc.readers.torch_init_registration import CHANGING_METHODS, InitRegistration, Returned
from lstm_calc.readers.torch_init_tensors import InitTensors
from lstm_calc.readers.torch_init_unpacking import InitUnpacking
from lstm_calc.readers.torch_lightning import refuse_hparams_assignment, save_hyperparameters
from lstm_calc.readers.torch_module_expressions import ModuleExpressions
from lstm_calc.readers.torch_modules import (
    ModuleNode,
    TorchClass,
    calls_self_attribute,
    is_self,
    refuse_unknown_parameter,
    torch_class,
)
from lstm_calc.readers.torch_partial import partial_class
from lstm_calc.readers.torch_ties import tie
from lstm_calc.readers.torch_weight_norm import is_weight_norm

if TYPE_CHECKING:
    from lstm_calc.readers.torch_builder import InitScope, ModuleBuilder


class InitReader(InitBases, InitRegistration, InitUnpacking, ModuleExpressions, InitTensors):
    """Follows one ``__init__`` body on one module."""

    def __init__(self, builder: ModuleBuilder, module: ModuleNode, scope: InitScope, definition: ast.ClassDef) -> None:
        self.builder = builder
        self.evaluator = builder.evaluator
        self.module = module
        self.scope = scope
        self.definition = definition
        #: Local names bound to modules or lists of modules.
        self.local_modules: dict[str, Any] = {}

    def read(self, statements: list[ast.stmt]) -> None:
        """Follow ``statements`` in order."""
        outer, self.scope.module_of = self.scope.module_of, self.module_of
        outer_module, self.scope.own_module = self.scope.own_module, self.module
        outer_reader, self.scope.reader = self.scope.reader, self
        try:
            for statement in statements:
                self.statement(statement)
                self.scope.ran(statement)
        finally:
            self.scope.module_of, self.scope.own_module, self.scope.reader = outer, outer_module, outer_reader

    def statement(self, statement: ast.stmt) -> None:
        """Follow one statement of ``__init__``."""
        if (
            isinstance(statement, ast.AugAssign)
            and isinstance(statement.op, ast.Add)
            and self.is_module_expression(statement.value)
        ):  # layers += [Block(...)]: a list's +=, and an nn.ModuleList's, extend it
            self.follow_changes([statement.value])
            extend = made_node(ast.Attribute(statement.target, "extend", ast.Load()))
            self.append(statement.target, made_node(ast.Call(extend, [statement.value], []), statement))
            return
        if self.store_item(statement):  # cfg["hidden"] += 4 on a known dict: followed, the dict kept
            return
        self.follow_changes(own_expressions(statement))
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            self.assign(statement.targets[0], statement.value)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            self.assign(statement.target, statement.value)
        elif isinstance(statement, ast.AugAssign) and self.holds_number(statement):
            self.assign(statement.target, augmented_value(statement))  # h *= 2: h = h * 2, for numbers
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            self.expression(statement.value)
        elif isinstance(statement, ast.If):
            try:
                test = self.evaluator.evaluate(statement.test, self.scope)
            except Unknown as unknown:
                self.scope.ran(statement, whole=True)  # either branch may run
                if self.registers(statement) or any(isinstance(node, ast.Return) for node in ast.walk(statement)):
                    raise ask(self.evaluator, unknown.node, "to decide which branch __init__ runs") from None
                # if self.downsample is not None: self.downsample.weight.data.normal_(0, 0.01): registers nothing
                self.unfollowed(statement)
                return
            self.read(statement.body if test else statement.orelse)
        elif isinstance(statement, ast.For):
            self.loop(statement)
        elif isinstance(statement, ast.Return):
            raise Returned(None if statement.value is None else self.returned(statement.value))
        elif isinstance(statement, ast.Delete):
            self.delete(statement)
        elif isinstance(statement, (ast.Break, ast.Continue)):
            raise LoopExit(statement)
        elif isinstance(statement, ast.Raise):
            self.refuse_failing(statement, "raises")
        elif isinstance(statement, ast.Assert):
            try:
                holds = self.evaluator.evaluate(statement.test, self.scope)
            except Unknown:
                return  # if it fails, Python makes no model at all
            if not holds:
                self.refuse_failing(statement, "fails")
        elif isinstance(statement, (ast.Expr, ast.Pass)):
            return
        else:
            self.unfollowed(statement)

    def holds_number(self, statement: ast.AugAssign) -> bool:
        """Whether the target of ``target op= value`` (a name, or ``self.x``) holds a number, so that the
        statement binds a new one (a list's ``+=`` changes the list in place, under every name that holds it)."""
        if not isinstance(statement.target, (ast.Name, ast.Attribute)):
            return False
        try:
            value = self.evaluator.evaluate(augmented_value(statement).left, self.scope)
        except Unknown:
            return False
        return isinstance(value, (int, float))

    def refuse_failing(self, statement: ast.Raise | ast.Assert, what: str) -> None:
        """``raise`` reached, or an ``assert`` that fails, with the values read: Python makes no model."""
        raise SpecError(
            f"with the values lstmcalc read, __init__ {what} here ({shortened(statement, 60)}), so Python makes "
            "no model; if the code is given other values, give them with --set",
            self.evaluator.loc(statement),
        )

    def unfollowed(self, statement: ast.stmt) -> None:
        """A statement lstmcalc does not follow: refused if it makes a module, else its names forgotten."""
        self.scope.ran(statement, whole=True)  # it may have bound any of its names, or run none
        if self.registers(statement) or any(isinstance(node, ast.Return) for node in ast.walk(statement)):
            raise SpecError(
                "lstmcalc cannot follow this statement of __init__ yet; "
                "make each module with self.name = nn.Class(...)",
                self.evaluator.loc(statement),
            )
        if exits_loop(statement):
            raise SpecError(
                "lstmcalc cannot tell whether this leaves the loop, so how many modules the loop makes; "
                "give the values the test reads with --set, or build the modules without break or continue",
                self.evaluator.loc(statement),
            )
        if any(sets_requires_grad(node) for node in ast.walk(statement)):
            raise SpecError(FREEZES_UNSEEN, self.evaluator.loc(statement))
        self.follow_changes([statement], run=False)  # whatever it changes, it may change any number of times
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                self.scope.bindings[node.id] = UNKNOWN
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, (ast.Store, ast.Del)):
                self.scope.bindings[f"self.{node.attr}"] = UNKNOWN

    def loop(self, statement: ast.For) -> None:
        """``for i in range(n)`` unrolled; ``for p in self.x.parameters(): p.requires_grad = False`` freezes."""
        iterator = statement.iter
        if (
            isinstance(iterator, ast.Call)
            and isinstance(iterator.func, ast.Attribute)
            and iterator.func.attr == "parameters"
        ):
            owner = self.module if is_self(iterator.func.value) else self.module_of(iterator.func.value)
            trainable = freezes(statement.body, statement.target)
            if owner is not None and trainable is not None:
                owner.freeze(trainable=trainable)
                return
        if not is_loop_target(statement.target) or statement.orelse:
            self.unfollowed(statement)
            return
        try:
            values = self.iteration(iterator)
        except Unknown:
            self.unfollowed(statement)
            return
        for value in values:
            self.bind_target(statement.target, value)
            try:
                self.read(statement.body)
            except LoopExit as exit_:
                if isinstance(exit_.statement, ast.Break):
                    break

    def expression(self, call: ast.Call) -> None:
        """``super().__init__(...)``, ``self.register_buffer(...)``, ``.append``, ``requires_grad_(False)``."""
        function = call.func
        if is_weight_norm(call, self.builder.torch_names) and call.args:
            self.instantiate(call)  # weight_norm(self.conv): the module changed in place
            return
        if isinstance(function, ast.Name) and function.id == "setattr" and len(call.args) == 3 and not call.keywords:
            self.assign(self.named_attribute(call.args[0], call.args[1], "setattr sets"), call.args[2])
            return
        if not isinstance(function, ast.Attribute):
            self.refuse_unfollowed_maker(call)
            return
        if function.attr == "__init__":
            self.parent_init(call)
        elif (helper := self.helper_method(call)) is not None:
            self.run_helper(helper, call)
        elif (
            function.attr == "save_hyperparameters"
            and is_self(function.value)
            and "self.hparams" in self.scope.bindings
        ):
            save_hyperparameters(self, call)  # a LightningModule's (see torch_builder.build)
        elif self.registered_none(call):  # self.register_parameter("bias", None)
            return
        elif function.attr == "register_parameter" and is_self(function.value) and len(call.args) == 2:
            self.register_parameter(call)
        elif function.attr == "register_buffer" and is_self(function.value) and len(call.args) >= 2:
            self.register_buffer(call)
        elif (
            function.attr in ("add_module", "register_module")
            and len(call.args) == 2
            and (holder := self.module if is_self(function.value) else self.module_of(function.value))
        ):  # self.add_module(name, m), self.body.add_module(name, m) on an nn.Sequential()
            name = self.named_attribute(function.value, call.args[0], f"{function.attr} names", "module", call).attr
            holder.children[name] = self.one_module(call.args[1])
        elif function.attr in ("append", "extend"):
            self.append(function.value, call)
        elif function.attr == "insert" and _inserted(self, function.value, call):
            return
        elif function.attr == "requires_grad_":
            given = [*call.args, *(keyword.value for keyword in call.keywords if keyword.arg == "requires_grad")]
            self.set_requires_grad(function.value, self.flag(given[0]) if given else True, call)  # True by default
        elif function.attr in CHANGING_METHODS and (
            self.module_of(function.value) is not None
            or isinstance(function.value, ast.Name)
            and function.value.id in self.local_modules
        ):  # self.layers.pop(0), layers.pop() of a list of modules
            raise SpecError(
                f"lstmcalc cannot follow {shortened(call, 60)} in __init__ yet: it changes which modules the "
                "model holds; build the container with the modules it keeps",
                self.evaluator.loc(call),
            )
        else:  # self.encoder.add_module(...), self.apply(init): refused only where it registers something
            refuse_conversion_in_init(call, self.evaluator.loc)
            self.refuse_unfollowed_maker(call)

    def hold_unregistered(self, attribute: str, kind: str, modules: list[ModuleNode], value: ast.expr) -> None:
        """``self.layers = [nn.Linear(...), ...]``: a plain list, whose modules torch does not register."""
        if attribute in self.module.children:
            raise SpecError(
                f"torch refuses this: \"cannot assign '{kind}' as child module '{attribute}' (torch.nn.Module or "
                'None expected)"',
                self.evaluator.loc(value),
            )
        self.module.unregistered[attribute] = (kind, modules)
        self.scope.bindings[f"self.{attribute}"] = UNKNOWN

    def assign(self, target: ast.expr, value: ast.expr) -> None:
        """``self.x = <module>``, ``self.w = nn.Parameter(...)``, a value, or a local list of modules."""
        if isinstance(target, ast.Attribute) and is_self(target.value) and self.makes_weights(value):
            module = isinstance(value, ast.Call) and self.makes_module(value)
            self.refuse_before_module_init("module" if module else "parameters", value)
        if isinstance(value, ast.IfExp) and any(self.makes_weights(branch) for branch in (value.body, value.orelse)):
            try:  # self.downsample = nn.Conv1d(...) if n_in != n_out else None; nn.Parameter(...) if bias else None
                test = self.evaluator.evaluate(value.test, self.scope)
            except Unknown as unknown:
                raise ask(self.evaluator, unknown.node, "to decide which module or parameter __init__ makes") from None
            self.assign(target, value.body if test else value.orelse)
            return
        if isinstance(target, (ast.Tuple, ast.List)) and self.unpacked(target, value):
            return
        refuse_hparams_assignment(self, target)
        if is_self(value) and isinstance(target, ast.Attribute):  # self.me = self, self.head.owner = self
            raise SpecError(
                f"{self.module.class_name} would hold itself: torch cannot save or list such a module",
                self.evaluator.loc(value),
            )
        if isinstance(target, ast.Subscript) and self.module_of(target.value) is not None:
            self.set_item(target, value)  # self.seq[0] = nn.Linear(...)
            return
        attribute = target.attr if isinstance(target, ast.Attribute) and is_self(target.value) else None
        if self.sets_held(attribute, value):  # self.pe = pe.unsqueeze(0), self.bias = None
            return
        if attribute in self.module.children and not self.is_module_expression(value):
            self.replace_child(attribute, value)  # self.fc = None, self.seq = self.seq.get_submodule("0")
            return
        function = self.file_function(value) if isinstance(value, ast.Call) else None
        if function is not None and self.is_module_expression(value) and not self.registers(function):
            assert isinstance(value, ast.Call)  # self.layers = clones(layer, N)
            self.assign_returned(target, attribute, value, self.run_helper(function, value))
            return
        helper = self.helper_method(value) if isinstance(value, ast.Call) else None
        if helper is not None:
            assert isinstance(value, ast.Call)  # self.layer1 = self._make_layer(...): followed for what it makes
            makes = self.is_module_expression(value) or self.registers(helper)
            result = self.run_helper(helper, value)
            if makes or isinstance(result, (bool, int, float, str)):  # self.hidden = self._size(2): a number
                self.assign_returned(target, attribute, value, result)
                return  # a tensor, or what is not known, is bound as before: forward may read the method itself
        elif isinstance(value, ast.Call):
            self.refuse_unseen_method(value)  # self.fc = self.head(), head from a mixin the file does not show
        modules = self.modules_of(value) if self.is_module_expression(value) else None
        if attribute is not None and isinstance(value, ast.Call) and self.parameter(attribute, value):
            return
        if isinstance(target, ast.Attribute) and isinstance(value, ast.Call):
            # self.embedding.weight = nn.Parameter(pretrained): the child's parameter is that tensor.
            holder = self.module_of(target.value)
            if holder is not None and self.parameter(target.attr, value, holder):
                return
        if attribute is not None and modules is not None and (kind := self.iterable_kind(value)) is not None:
            self.hold_unregistered(attribute, kind, modules, value)
            return
        if attribute is not None and modules is not None:
            self.set_child(attribute, modules[0])
            return
        if isinstance(target, ast.Name) and modules is not None:
            one = isinstance(value, ast.Call) and len(modules) == 1
            # b = a, b = self.fc: the one module, not a list of it
            self.local_modules[target.id] = modules[0] if one else self.module_of(value) or modules
            return
        if isinstance(target, ast.Attribute) and self.sets_tensor_attribute(target, value):
            return  # p.requires_grad = False; self.embedding.weight.data = pretrained
        if isinstance(target, ast.Attribute) and (holder := self.module_of(target.value)) is not None:
            if isinstance(value, ast.Attribute) and (source := self.module_of(value.value)) is not None:
                if tie(holder, target.attr, source, value.attr):
                    return
            refuse_unknown_parameter(holder, target, self.evaluator.loc(value))
            if self.set_child_of(holder, target, value, modules):
                return
        if self.combines_modules(value):
            raise SpecError(  # make = lambda n: nn.Linear(n, n); self.seq = seq_a + seq_b
                f"lstmcalc cannot follow {shortened(value, 60)} yet: it makes or combines modules; write each "
                "module as nn.Class(...) or a method of the class that returns it",
                self.evaluator.loc(value),
            )
        binding = self.binding(value)
        if attribute is not None and binding is UNKNOWN and self.makes_weights(value, anywhere=True):
            # A parameter or module inside what lstmcalc cannot follow would be missing from every count.
            raise SpecError(
                f"lstmcalc cannot follow what makes self.{attribute}: {shortened(value, 60)} makes a module or "
                "nn.Parameter lstmcalc would not count; write it as self.name = nn.Class(...) or "
                "nn.Parameter(torch.zeros(...)), one per statement",
                self.evaluator.loc(value),
            )
        if (
            attribute is not None
            and binding is UNKNOWN
            and (
                calls_self_attribute(self.builder.orders.resolution_order(self.instance_class), attribute)
                or self.reaches(value, self.names_module_class)  # {"gru": nn.GRU}[kind](i, h) in a method
                or self.may_be_module(value)  # make() of a function defined twice, torch.load(...), an argument
            )
        ):
            # It may be a module, whose weights would then be missing from every count.
            raise SpecError(
                f"lstmcalc cannot tell which module self.{attribute} is: {ast.unparse(value)} is not known "
                "without running the code; make the module in __init__ (for example nn.GRU(...) or a class of "
                "this file), or give the model as a YAML spec",
                self.evaluator.loc(value),
            )
        if attribute is not None:
            self.scope.bindings[f"self.{attribute}"] = binding
        elif isinstance(target, ast.Name):
            self.scope.bindings[target.id] = binding
            self.local_modules.pop(target.id, None)
            if binding is UNKNOWN and self.may_be_module(value):
                self.scope.unknown_modules.add(target.id)
            else:
                self.scope.unknown_modules.discard(target.id)
        elif not self.unpacked_value(target, binding) and not self.fills_known_tensor(target):
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    self.scope.bindings[node.id] = UNKNOWN

    def refuse_before_module_init(self, what: str, node: ast.expr) -> None:
        """Refuse a module, parameters or a buffer (``what``) given to ``self`` before nn.Module.__init__ ran,
        as torch refuses it (``super().__init__()`` forgotten, or called after)."""
        if not self.module.torch_ready:
            raise SpecError(
                f"torch refuses this (AttributeError: cannot assign {what} before Module.__init__() call): call "
                "super().__init__() first in __init__",
                self.evaluator.loc(node),
            )

    def makes_weights(self, node: ast.expr, anywhere: bool = False) -> bool:
        """Whether ``node`` makes a module or an ``nn.Parameter`` (``anywhere``: or a part of it does)."""
        parts = [part for part in ast.walk(node) if isinstance(part, ast.Call)] if anywhere else [node]
        return any(
            isinstance(part, ast.Call)
            and (self.makes_module(part) or torch_class(part.func, self.builder.torch_names) == "Parameter")
            for part in parts
        )

    def combines_modules(self, value: ast.expr) -> bool:
        """Whether ``value`` is a lambda that makes modules, or ``+``, ``*``, ``or`` of modules (``a + b`` of
        two nn.Sequential), which lstmcalc does not follow; ``self.fc.out_features * 2`` is a number."""
        if isinstance(value, ast.Lambda):
            return self.makes_weights(value.body, anywhere=True)
        parts = [value.left, value.right] if isinstance(value, ast.BinOp) else getattr(value, "values", [])
        return isinstance(value, (ast.BinOp, ast.BoolOp)) and any(
            self.module_of(part) is not None
            or self.makes_weights(part)
            or isinstance(part, ast.Name)
            and part.id in self.local_modules
            or self.combines_modules(part)
            for part in parts
        )

    def binding(self, value: ast.expr) -> Binding:
        if (partial := partial_class(self, value)) is not None:  # rnn = functools.partial(nn.GRU, ...)
            return known(partial)
        held = self.class_value(value)
        if held is not None:
            return known(TorchClass(held))
        try:
            return known(self.evaluator.evaluate(value, self.scope))
        except Unknown:
            return device_made(value, self.scope, self.builder.torch_names)

    def module_of(self, node: ast.expr) -> ModuleNode | None:
        """The module ``self.x`` (or ``self.x.y``, ``self.x[0]``, a local name, a container's ``self``) is, if any."""
        if (is_self(node) or is_super(node)) and self.module.container is not None:
            return self.module  # self.append(...), super().append(...), self[0] in a class based on a container
        if isinstance(node, ast.Name):
            held = self.local_modules.get(node.id)
            return held if isinstance(held, ModuleNode) else None
        if isinstance(node, ast.Attribute):
            if is_self(node.value):
                return self.module.children.get(node.attr)
            owner = self.module_of(node.value)
            return owner.children.get(node.attr) if owner is not None else None
        if isinstance(node, ast.Subscript):
            owner = self.module_of(node.value)
            try:
                key = self.evaluator.evaluate(node.slice, self.scope)
            except Unknown:
                return None
            if owner is not None and not owner.own_protocol:
                index = str(key % len(owner.children)) if isinstance(key, int) and owner.children else str(key)
                return owner.children.get(index)
        return None
