"""An ``nn.Module``'s ``forward`` followed with :mod:`ast` as torch computes it, never run.

Each value of ``forward`` is a :class:`Tensor` (its shape as torch gives it, batch included,
``None`` where not known), a module of the tree, a number or a tuple of them. Every call of a
module is recorded in order as a :class:`~lstm_calc.module_calls.ModuleCall` with its depth,
the tensors it takes and returns (an LSTM's ``out, (h_n, c_n)`` in full); tensor operations
(indexing, ``permute``, ``view``, ``torch.cat``...) change tensors, never a module's own
output. What cannot be followed makes one note naming its line, and the shapes from there on
are unknown; ``forward`` goes on being read while it can tell which modules it calls.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.module_calls import ModuleCall, tree_depth
from lstm_calc.readers.code_names import local_names, ran_bindings
from lstm_calc.readers.code_names import parameters as parameter_names
from lstm_calc.readers.evaluate import UNKNOWN, Binding, Environment, Unknown, unbound
from lstm_calc.readers.syntax_walk import held_in_name, made_node
from lstm_calc.readers.torch_arguments import default_value
from lstm_calc.readers.torch_call_tensors import encoder_keywords, keyword_tensors, nesting_words, positional_options
from lstm_calc.readers.torch_decorators import harmful_decorator, unfollowed_function
from lstm_calc.readers.torch_follow_bounds import FollowBudget
from lstm_calc.readers.torch_forward_values import (
    UNKNOWN_VALUE,
    Packed,
    Tensor,
    UnknownNumber,
    grad_mode_only,
    hooked_shapes,
    items_of,
    layer_output,
    result_value,
    unpacked_values,
)
from lstm_calc.readers.torch_inner_calls import submodule_calls
from lstm_calc.readers.torch_kinds import module_result
from lstm_calc.readers.torch_layout_values import module_output
from lstm_calc.readers.torch_loss_kinds import loss_result
from lstm_calc.readers.torch_modules import ModuleNode
from lstm_calc.readers.torch_packing import packed_refusal
from lstm_calc.readers.torch_recurrent import refuse_wrong_states
from lstm_calc.readers.torch_refusal import ShapeRefusal
from lstm_calc.readers.torch_unfollowed import Unfollowed, _short

if TYPE_CHECKING:
    from collections.abc import Callable

    from lstm_calc.readers.torch_builder import ModuleBuilder

#: How many module calls one model may make while followed (loops unrolled included).
MAX_CALLS = 100_000
#: How deep forward methods may call each other (a method calling itself would never end).
MAX_NESTING = 50
#: The most steps forward's loops may take in all (each step also bounded by MAX_CALLS' calls).
MAX_LOOP_STEPS = 100_000


class Stop(Exception):
    """``forward`` cannot be read further: which module it calls next is not known."""


class Follow:
    """What following one model records: its module calls in order, and the note where it stopped."""

    def __init__(self, builder: ModuleBuilder, evaluate: Callable[[ForwardFollower, ast.expr], Any]) -> None:
        self.builder = builder
        #: The expression reader (:func:`lstm_calc.readers.torch_calls.evaluate`).
        self.evaluate = evaluate
        self.calls: list[ModuleCall] = []
        self.note: str | None = None
        #: Whether a branch of forward depends on ``self.training``: followed as False, torchinfo's eval mode.
        self.read_training = False
        #: Each module's mode where forward changed it (``self.train()``; torch_modes), by id: else eval.
        self.training: dict[int, bool] = {}
        #: How many forward (or helper) methods are being followed inside each other.
        self.nesting = 0
        #: The ``self.x`` values of ``__init__`` being read (module, name): one reading itself is not known.
        self.init_values_read: set[tuple[int, str]] = set()
        #: Steps taken by forward's loops so far (bounded: MAX_LOOP_STEPS).
        self.loop_steps = 0
        self.budget = FollowBudget()
        #: Whether a module with a hook or its own __call__ has been called: the tensors after it are unknown.
        self.halted = False

    def fail(self, node: ast.AST, what: str, stopped: bool = False) -> None:
        """Keep the first note: the line whose value is unknown, and so the shapes that depend on it, or
        every shape after it where following ``stopped`` there."""
        if self.note is None:
            line = getattr(node, "lineno", 1)
            self.note = (
                f"forward is followed up to line {line} ({what}); the shapes after it are unknown (?)"
                if stopped
                else f"forward does not follow line {line} ({what}); the shapes that depend on it are unknown (?)"
            )

    def call(self, module: ModuleNode, arguments: list[Any], keywords: dict[str, Any], node: ast.AST) -> Any:
        """Record ``module`` called on ``arguments`` at its depth in the module tree and return its result."""
        if len(self.calls) >= MAX_CALLS:
            raise SpecError(f"forward calls modules more than {MAX_CALLS} times", self.builder.evaluator.loc(node))
        index = len(self.calls)
        depth = tree_depth(module.hook_path)
        self.calls.append(ModuleCall(module.hook_path, module.class_name, depth, None, None, (), 0, 0))
        if module.call_changes or self.halted:  # a hook or __call__ lstmcalc does not follow (rare: imported then)
            from lstm_calc.readers.torch_call_changes import changed_arguments

            arguments, keywords = changed_arguments(self, module, arguments, keywords, node)
        inputs = hooked_shapes(arguments)  # as a forward hook receives them: positional only
        result = self.result(module, arguments, keywords, node)
        if module.call_changes:
            self.halted, result = True, UNKNOWN_VALUE  # what the hook or __call__ makes of it is not known
        outputs = hooked_shapes([result])
        if any(isinstance(argument, Packed) for argument in arguments):
            inputs = outputs = None
        self.calls[index] = ModuleCall(
            module.hook_path,
            module.class_name,
            depth,
            inputs,
            outputs,
            tuple(module.own_weights),
            *module.distinct_counts(),
            module.uncalled_submodules,
        )
        return result

    def result(self, module: ModuleNode, arguments: list[Any], keywords: dict[str, Any], node: ast.AST) -> Any:
        if module.container == "Sequential" and module.forward is None:
            return self.sequence(module, arguments, keywords, node)
        if module.forward is not None:
            follower = ForwardFollower(self, module)
            return follower.run(module.forward, arguments, keywords, node)
        return self.kind_result(module, arguments, keywords, node)

    def kind_result(self, module: ModuleNode, arguments: list[Any], keywords: dict[str, Any], node: ast.AST) -> Any:
        """What the torch.nn class of ``module`` gives for ``arguments``: its own forward, or its base's where a
        class of the file based on it calls ``super().forward(...)``."""
        if arguments and isinstance(arguments[0], (tuple, list)) and not (module.kind and module.kind.passes_input):
            kind = type(arguments[0]).__name__  # nn.Sequential(nn.LSTM(...), nn.Linear(...)): the LSTM's tuple
            raise SpecError(
                f"torch would refuse this call: nn.{module.class_name} is given a {kind}, not a tensor "
                "(an nn.LSTM, nn.GRU or nn.RNN returns a tuple: (output, h_n))",
                self.builder.evaluator.loc(node),
            )
        given = [*arguments, *keyword_tensors(module.kind, len(arguments), keywords, module.class_name)]
        if (refused := packed_refusal(module.kind, module.class_name, given)) is not None:
            raise SpecError(refused, self.builder.evaluator.loc(node))
        tensors = [argument for argument in given if isinstance(argument, Tensor)]
        if module.kind is None and module.layer is not None:
            # A part of a composite module (nn.Transformer's encoder): its layer gives its output.
            shapes = [tensor.shape for tensor in tensors]
            if nested := nesting_words(module.layer, module.class_name, module.options, arguments, keywords):
                self.fail(node, nested)
            self.calls += submodule_calls(module, [None] * len(shapes) if nested else shapes)
            return layer_output(module.layer, shapes)
        if module.kind is None:
            self.fail(node, f"nn.{module.class_name} is not called")
            return UNKNOWN_VALUE
        if module.kind.composite is not None and tensors:
            # nn.Transformer's forward: encoder(src), then decoder(tgt, memory).
            value, masks = tensors[0], encoder_keywords(arguments, keywords)
            for position, part in enumerate(module.children.values()):
                target = tensors[position] if position < len(tensors) else UNKNOWN_VALUE
                value = self.call(part, [value] if position == 0 else [target, value], {} if position else masks, node)
        options = {**module.options, **positional_options(module.class_name, arguments)}
        options |= {key: value for key, value in keywords.items() if not isinstance(value, Tensor)}
        options["training"] = self.training.get(id(module), False)  # a norm's statistics are the batch's
        shapes = [tensor.shape for tensor in tensors]
        if not shapes:  # torch would refuse this, or its tensor is unknown; or a --set stands in for it: refused
            self.fail(*self.builder.evaluator.no_tensor(node, module.class_name))
            return UNKNOWN_VALUE
        if getattr(module.layer, "torch_call_note", None) is not None:  # a loss: its result where followed
            return loss_result(self, module, tensors, node)
        packed = tensors[0] if isinstance(tensors[0], Packed) else None
        if packed is not None:
            options["batch_first"] = packed.batch_first
        else:  # an initial state torch would refuse (h0 of a bidirectional LSTM without its * 2)
            states = arguments[1] if len(arguments) > 1 else keywords.get("hx")
            refuse_wrong_states(module.kind, module.class_name, options, shapes[0], states)
        produced = module_result(module.kind, options, shapes, self.builder.evaluator.loc(node), module.layer)
        if produced is None and module.kind.shapes is None and module.layer is None:
            self.fail(node, f"lstmcalc has no shape rule for nn.{module.class_name}")
        if nested := nesting_words(module.layer, module.class_name, module.options, arguments, keywords):
            self.fail(node, nested)
            shapes = [None] * len(shapes)
        if packed is None:
            self.calls += submodule_calls(module, shapes)
        result = module_output(module.kind, options, tensors, result_value(produced))
        if packed is not None and isinstance(result, tuple) and isinstance(result[0], Tensor):
            result = (Packed(result[0].shape, packed.batch_first), *result[1:])
        return result

    def root(self, root: ModuleNode, follower: ForwardFollower, tensors: list[Any], forward: ast.FunctionDef) -> Any:
        """The model's own ``forward`` (``follower``'s) on torchinfo's ``tensors``, as ``model(*tensors)`` runs it."""
        if root.call_changes:  # a hook on the model, or its class's own __call__ (rare: imported then)
            from lstm_calc.readers.torch_call_changes import changed_arguments

            tensors = changed_arguments(self, root, tensors, {}, forward)[0]
        if root.forward is None and root.container == "Sequential":
            returned = self.sequence(root, tensors, {}, forward)  # nn.Sequential's forward: each module in turn
        else:
            returned = follower.run(forward, tensors, {}, forward)
        return UNKNOWN_VALUE if root.call_changes else returned

    def sequence(self, module: ModuleNode, arguments: list[Any], keywords: dict[str, Any], node: ast.AST) -> Any:
        """nn.Sequential's forward: its one input through each of its modules in turn."""
        value = arguments[0] if len(arguments) == 1 and not keywords else UNKNOWN_VALUE
        for child in module.children.values():
            value = self.call(child, [value], {}, node)
        return value


class _Scope(Environment):
    """Known plain values of ``forward`` for the evaluator (``self.x`` from ``__init__``)."""

    def __init__(self, follower: ForwardFollower) -> None:
        self.follower = follower

    def lookup(self, name: str) -> Binding:
        if name.startswith("self."):
            return self.follower.module.attributes.get(name, self.follower.follow.builder.module_scope.lookup(name))
        if name not in self.follower.values:
            if name in self.follower.local_names:  # never the module's name of the same spelling
                return UNKNOWN if name in self.follower.reached else unbound(self.follower.qualified_name)
            return self.follower.follow.builder.module_scope.lookup(name)
        # None too is known: forward(self, x, steps=None) reads None, as model(x) does (not a --set value)
        value = self.follower.values[name]
        if isinstance(value, (Tensor, ModuleNode, tuple, UnknownNumber)):
            return Binding(Binding.UNKNOWN)
        return Binding(Binding.KNOWN, value)


class ForwardFollower:
    """Follows one ``forward`` (or a helper method it calls) of one module."""

    def __init__(self, follow: Follow, module: ModuleNode) -> None:
        self.follow = follow
        self.module = module
        self.values: dict[str, Any] = {}
        self.scope = _Scope(self)
        #: The method (or function) followed, and whether its first parameter is the module (``self``).
        self.function: ast.FunctionDef | None = None
        self.takes_self = False
        #: The function's local names, and those the statements followed so far may have bound (as InitScope's).
        self.local_names: frozenset[str] = frozenset()
        self.reached: set[str] = set()

    def run(
        self,
        function: ast.FunctionDef,
        arguments: list[Any],
        keywords: dict[str, Any],
        node: ast.AST,
        takes_self: bool = True,
    ) -> Any:
        """Bind the call's arguments to ``function``'s parameters and follow its body to its return."""
        self.function, self.takes_self = function, takes_self
        self.local_names, self.reached = local_names(function), set(parameter_names(function.args))
        parameters = [*function.args.posonlyargs, *function.args.args][1 if takes_self else 0 :]
        defaults = dict(
            zip([p.arg for p in parameters][len(parameters) - len(function.args.defaults) :], function.args.defaults)
        )
        for parameter in parameters:
            self.values[parameter.arg] = UNKNOWN_VALUE  # not given (torch would refuse the call)
            if parameter.arg in defaults:
                self.values[parameter.arg] = self.default(function, defaults[parameter.arg])
        for parameter, argument in zip(parameters, arguments):
            self.values[parameter.arg] = argument
        if function.args.vararg is not None:  # forward(self, *inputs): a tuple of the rest
            self.values[function.args.vararg.arg] = tuple(arguments[len(parameters) :])
        for name, argument in keywords.items():
            self.values[name] = argument
        for parameter, default in zip(function.args.kwonlyargs, function.args.kw_defaults):
            self.values.setdefault(
                parameter.arg, self.default(function, default) if default is not None else UNKNOWN_VALUE
            )
        if self.follow.nesting >= MAX_NESTING:
            raise SpecError(
                f"forward methods call each other more than {MAX_NESTING} deep", self.follow.builder.evaluator.loc(node)
            )
        self.follow.nesting += 1
        self.follow.budget.calls += 1
        try:
            self.refuse_unseen_body(function)
            returned = self.block(function.body)
        except Stop:
            return UNKNOWN_VALUE
        finally:
            self.follow.nesting -= 1
        return returned if returned is not _NO_RETURN else None

    @property
    def qualified_name(self) -> str:
        """The followed function's ``__qualname__`` (``Net.forward``)."""
        from lstm_calc.readers.torch_builder import name_of_method

        assert self.function is not None
        return name_of_method(self.function, self.follow.builder.classes)

    def refuse_unseen_body(self, function: ast.FunctionDef) -> None:
        """Stop before a function whose body is not what calling it does: a decorator may wrap its result, or
        code outside the class may replace the method (``Net.forward = last_step``)."""
        decorator = harmful_decorator(function)
        if decorator is not None:
            self.stop(decorator, unfollowed_function(function) or "")
        attributes = self.follow.builder.evaluator.class_attributes
        if self.takes_self and attributes is not None and attributes.assigned_elsewhere(function.name):
            name = function.name
            self.stop(function, f"{name} may be replaced by code outside the class, which assigns .{name}")

    def default(self, function: ast.FunctionDef, node: ast.expr) -> Any:
        """The default ``node`` of a parameter of ``function``, as Python made it when the ``def`` ran."""
        builder = self.follow.builder
        binding = default_value(function, node, builder.evaluator, builder.module_scope)
        return binding.value if binding.kind == Binding.KNOWN else UNKNOWN_VALUE

    def block(self, statements: list[ast.stmt]) -> Any:
        """Follow ``statements``; what a ``return`` among them gives, else :data:`_NO_RETURN`."""
        for statement in statements:
            if spent := self.follow.budget.spent():
                self.stop(statement, spent)
            returned = self.statement(statement)
            self.reached |= ran_bindings(statement)
            if returned is not _NO_RETURN:
                return returned
        return _NO_RETURN

    def statement(self, statement: ast.stmt) -> Any:
        """Follow one statement."""
        if isinstance(statement, ast.Return):
            return self.attempt(statement.value) if statement.value is not None else None
        if isinstance(statement, ast.Assign):
            value = self.attempt(statement.value)
            for target in statement.targets:
                self.bind(target, value)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            self.bind(statement.target, self.attempt(statement.value))
        elif isinstance(statement, ast.AugAssign):
            operation = made_node(ast.BinOp(left=statement.target, op=statement.op, right=statement.value))
            made_node(operation, statement)
            self.bind(statement.target, self.attempt(operation))
        elif isinstance(statement, ast.Expr):
            self.attempt(statement.value)
        elif isinstance(statement, ast.If):
            return self.block(statement.body if self.decide(statement.test) else statement.orelse)
        elif isinstance(statement, ast.For):
            return self.loop(statement)
        elif isinstance(statement, ast.With) and grad_mode_only(statement, self.follow.builder.torch_names):
            return self.block(statement.body)  # torch.no_grad(): the same shapes, as torchinfo shows them
        elif not isinstance(statement, (ast.Pass, ast.Assert)):
            self.stop(statement, "a statement lstmcalc does not follow")
        return _NO_RETURN

    def stop(self, node: ast.AST, what: str) -> None:
        self.follow.fail(node, what, stopped=True)
        raise Stop

    def decide(self, test: ast.expr) -> bool:
        reads = any(isinstance(node, ast.Attribute) and node.attr == "training" for node in ast.walk(test))
        if reads and not self.follow.training:  # once forward set a mode (torch_modes), the branch is exact
            self.follow.read_training = True  # a branch of train or eval mode: the note says which is shown
        truth = self.truth(test)
        if truth is None:
            self.stop(test, f"which branch of 'if {_short(test)}' runs")
        return bool(truth)

    def truth(self, test: ast.expr) -> bool | None:
        """Whether ``test`` holds, as Python decides it; None where lstmcalc cannot tell (a tensor's truth)."""
        try:
            return bool(self.follow.builder.evaluator.evaluate(test, self.scope))
        except Unknown:
            pass
        value = self.attempt(test)
        if isinstance(value, (bool, int)):
            return bool(value)
        return False if value is None else None

    def loop(self, statement: ast.For) -> Any:
        """A loop over a known range, a tuple, or the modules of a container: unrolled."""
        items = items_of(self.attempt(statement.iter))
        if items is None:
            self.stop(statement, f"how many times 'for ... in {_short(statement.iter)}' runs")
            return _NO_RETURN
        if statement.orelse:
            self.stop(statement, "a for ... else")
        for item in items:
            self.count_step(statement)
            self.bind(statement.target, item)
            returned = self.block(statement.body)
            if returned is not _NO_RETURN:
                return returned
        return _NO_RETURN

    def count_step(self, node: ast.AST) -> None:
        """One more step of forward's loops and comprehensions, bounded by :data:`MAX_LOOP_STEPS` in all."""
        self.follow.loop_steps += 1
        if self.follow.loop_steps > MAX_LOOP_STEPS:
            raise SpecError(
                f"forward's loops run more than {MAX_LOOP_STEPS:,} times in all",
                self.follow.builder.evaluator.loc(node),
            )

    def attempt(self, node: ast.expr) -> Any:
        """The value of ``node``; unknown, with the note, where lstmcalc cannot follow it."""
        try:
            return self.follow.evaluate(self, node)
        except Unfollowed as unfollowed:
            self.follow.fail(unfollowed.node, unfollowed.what)
            return UNKNOWN_VALUE
        except (TypeError, IndexError, ValueError, OverflowError):
            # An argument no tensor method takes (.transpose(0, "a"), a dim of 10**30):
            # torch fails here, in words lstmcalc does not guess; the shapes after it are unknown.
            self.follow.fail(node, _short(node))
            return UNKNOWN_VALUE
        except ShapeRefusal as refusal:
            where = self.follow.builder.evaluator.loc(refusal.node or node)
            raise SpecError(f"torch would refuse this: {refusal}", where) from None

    def bind(self, target: ast.expr, value: Any) -> None:
        """Bind an assignment target, unpacking tuples (an LSTM's ``out, (h, c)``)."""
        if isinstance(target, ast.Name):
            self.values[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            try:
                items = unpacked_values(target.elts, value)
            except ValueError as refused:
                where = self.follow.builder.evaluator.loc(target)
                raise SpecError(f"Python refuses this (ValueError: {refused})", where) from None
            if items is None and value is not UNKNOWN_VALUE:
                self.follow.fail(target, f"unpacking into {_short(target)}")
            for index, item in enumerate(target.elts):
                # None is a tuple's own item (attention weights not asked for), or a tensor's row not known
                bound = items[index] if items is not None else UNKNOWN_VALUE
                if bound is None and not isinstance(value, (tuple, list)):
                    bound = UNKNOWN_VALUE
                self.bind(item.value if isinstance(item, ast.Starred) else item, bound)  # a, *rest = x.shape
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
            self.values[f"self.{target.attr}"] = value
        elif isinstance(target, ast.Subscript) and held_in_name(target):
            return  # an item of a list or tensor set in place: the container keeps its shape
        else:
            self.follow.fail(target, f"the assignment to {_short(target)}")


_NO_RETURN = object()  # what a block that ran to its end without return gives
