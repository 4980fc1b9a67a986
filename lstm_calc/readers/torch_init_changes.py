"""The lists and dicts a module's ``__init__`` changes in place (``sizes.append(8)``), followed.

Where the arguments are known, a change is run as Python runs it, on the list itself, so that
every name holding the list sees it; anything lstmcalc cannot follow makes the list unknown
(:meth:`TorchEvaluator.forget <lstm_calc.readers.torch_values.TorchEvaluator.forget>`), asked
for with ``--set`` wherever it is read, never read as it was before the change.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.located import LocatedDict, LocatedList, put
from lstm_calc.readers.evaluate import KNOWN_METHODS, Binding, Unknown, known
from lstm_calc.readers.syntax_walk import shortened, walk
from lstm_calc.readers.torch_modules import is_self
from lstm_calc.readers.torch_refusal import HelperRefusal

if TYPE_CHECKING:
    from lstm_calc.readers.torch_builder import InitScope
    from lstm_calc.readers.torch_modules import ModuleNode
    from lstm_calc.readers.torch_values import TorchEvaluator

#: The longest list lstmcalc follows: longer, it is unknown (sizes.extend(sizes) in a loop doubles it).
MAX_LIST = 100_000
#: The methods that change a list in place, followed as Python runs them when their arguments are known.
_LIST_CHANGES = frozenset(("append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse"))
#: Those that change a dict in place: what they leave is unknown.
_DICT_CHANGES = frozenset(("update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"))
_CHANGES = _LIST_CHANGES | _DICT_CHANGES
#: torch's own dicts of what a module registers, and the methods that only read them.
_REGISTRIES = frozenset(("_modules", "_parameters", "_buffers"))
_READING_METHODS = frozenset(("items", "keys", "values", "get", "copy", "__contains__", "__len__", "__iter__"))
#: The methods that register a forward hook (see torch_call_changes).
_HOOKS = frozenset(
    ("register_forward_hook", "register_forward_pre_hook", "register_module_forward_hook",
     "register_module_forward_pre_hook")
)  # fmt: skip
#: Calls that never change the lists or dicts given to them.
_READING_CALLS = frozenset(
    ("len", "min", "max", "sum", "abs", "int", "float", "round", "range", "zip", "enumerate", "list", "tuple", "sorted",
     "reversed", "str", "isinstance", "print", "getattr", "hasattr", "OrderedDict", "dict")
)  # fmt: skip


class InitChanges:
    """What an ``__init__`` reader needs to follow the changes of its lists (see :class:`InitReader`)."""

    evaluator: TorchEvaluator
    scope: InitScope

    if TYPE_CHECKING:
        module: ModuleNode

        def module_of(self, node: ast.expr) -> ModuleNode | None: ...

        def is_module_expression(self, node: ast.expr) -> bool: ...

        def makes_module(self, node: ast.Call) -> bool: ...

    def follow_changes(self, parts: list[ast.AST], run: bool = True) -> None:
        """The known lists and dicts that ``parts`` of a statement change in place. A statement that is
        one change (``sizes.append(8)``, ``last = sizes.pop()``) is run as Python runs it when its
        arguments are known; anything else that may change one (a change inside another expression,
        whose order against the statement's reads lstmcalc does not follow; ``sizes[0] = 8``,
        ``sizes += [8]``, ``del``; a call lstmcalc does not follow given it) makes it unknown, under
        every name that holds it. Not ``run``, each change makes it unknown (a loop not unrolled)."""
        top = _whole_call(parts) if run else None
        augmented = any(isinstance(part, ast.AugAssign) for part in parts)
        for part in parts:
            if isinstance(part, ast.Assign) and _registry(part.value):
                self._refuse_registry_change(part, "names")  # d = self._modules; d["fc"] = ...
            for node in walk(part):
                if isinstance(node, ast.Call):
                    if isinstance(node.func, ast.Attribute) and _registry(node.func.value):
                        if node.func.attr not in _READING_METHODS:  # self._modules.pop("rnn")
                            self._refuse_registry_change(node, "changes")
                    if isinstance(node.func, ast.Attribute) and node.func.attr in _HOOKS:
                        self._hook(node)
                    self._call_changes(node, node is top)
                elif isinstance(node, (ast.Subscript, ast.Name, ast.Attribute)) and isinstance(
                    node.ctx, (ast.Store, ast.Del)
                ):
                    if _registry(node.value if isinstance(node, ast.Subscript) else node):
                        self._refuse_registry_change(node, "changes")  # self._modules["fc"] = ..., del ...
                    # a[0] = ..., del a[0], a += [...], config.n_embd = 64: what a (config) holds changes
                    if isinstance(node, ast.Subscript) or augmented:
                        self._forget(node.value if isinstance(node, ast.Subscript) else node, part)
                    elif isinstance(node, ast.Attribute) and not is_self(node.value):
                        self._forget(node.value, part)

    def store_item(self, statement: ast.stmt) -> bool:
        """``cfg["hidden"] = 12``, ``cfg["hidden"] += 4``, ``sizes[0] = 8``: an item of a known dict (a string
        key) or list set as Python sets it, on the dict or list itself, so that every name holding it (a
        mutable default shared by the instances, ``self.cfg`` and a local alias of it) reads the new value.
        False, having changed nothing, where the key or value is not known, the item is a list (``+=`` extends
        it in place) or modules are involved: :meth:`follow_changes` then makes the container unknown."""
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AugAssign):
            target, value = statement.target, statement.value
        else:
            return False
        if not isinstance(target, ast.Subscript) or isinstance(target.slice, ast.Slice) or _registry(target.value):
            return False
        if self.module_of(target.value) is not None or self.is_module_expression(value) or not self._plain(target):
            return False
        if not self._plain(value):
            return False
        try:
            container = self.evaluator.evaluate(target.value, self.scope)
            if id(container) in self.evaluator.set_objects:
                return False  # a --set value stands for one state: changed, it is unknown
            key = self.evaluator.evaluate(target.slice, self.scope)
            new = self.evaluator.evaluate(value, self.scope)
            if isinstance(statement, ast.AugAssign):
                current = _item(container, key)
                if current is None or isinstance(current, (list, dict)):
                    return False  # a list's += extends it in place; a missing key is Python's KeyError
                new = self.evaluator.binary(statement, statement.op, current, new)
        except Unknown:
            return False
        where = self.evaluator.loc(value)
        if type(container) in (dict, LocatedDict) and isinstance(key, str):
            if isinstance(container, LocatedDict):
                put(container, key, new, container.key_locations.get(key, self.evaluator.loc(target.slice)), where)
            else:
                container[key] = new
            return True
        if _item(container, key) is None or type(container) not in (list, LocatedList):
            return False  # a tuple's item (Python's TypeError), an index out of range (its IndexError)
        container[key] = new
        locations = getattr(container, "item_locations", None)
        if locations is not None:
            locations[key] = where
        return True

    def _plain(self, node: ast.expr) -> bool:
        """Whether ``node`` reads values only: no call but the builtins and methods the evaluator computes."""
        return not any(
            isinstance(part, (ast.NamedExpr, ast.Lambda, ast.Await, ast.Yield, ast.YieldFrom))
            or isinstance(part, ast.Call)
            and not self.scope.is_builtin(part)
            and not (isinstance(part.func, ast.Attribute) and part.func.attr in KNOWN_METHODS)
            for part in walk(node)
        )

    def _hook(self, call: ast.Call) -> None:
        """``self.fc.register_forward_hook(...)``: kept on the module it is registered on (rare: imported then)."""
        from lstm_calc.readers.torch_call_changes import register_hook

        assert isinstance(call.func, ast.Attribute)
        owner = call.func.value
        holder = self.module if is_self(owner) else self.module_of(owner)
        torch_made = None
        while isinstance(owner, (ast.Attribute, ast.Subscript)):  # on a part of a torch.nn module: torch calls
            owner = owner.value  # it, or not, inside that module's own forward, which lstmcalc does not follow
            outer = self.module_of(owner) if not is_self(owner) else None
            if outer is not None and (outer.kind is not None or outer.layer is not None):
                torch_made = outer
        register_hook(self.module, holder, call, self.evaluator.loc(call), torch_made)

    def _refuse_registry_change(self, node: ast.AST, does: str) -> None:
        """Refuse a write to torch's own dicts of a module's modules, parameters or buffers: what it
        registers or drops would be missing from, or wrongly kept in, every count."""
        raise SpecError(
            f"lstmcalc cannot follow {shortened(node, 50)} yet: it {does} torch's own dict of a module's "
            "modules, parameters or buffers; register with self.name = ..., setattr(self, name, ...), "
            "self.add_module(name, module) or self.register_buffer(name, tensor)",
            self.evaluator.loc(node),
        )

    def _call_changes(self, call: ast.Call, run: bool) -> None:
        function = call.func
        if isinstance(function, ast.Attribute) and function.attr in _CHANGES:
            target = self._known(function.value)
            if (
                function.attr in ("append", "extend", "insert")
                and call.args
                and self.is_module_expression(call.args[-1])
            ):
                # A module onto a list of modules (see append), onto an empty list that becomes one, or
                # onto what lstmcalc does not follow as one (values, a list on self: torch registers neither).
                if isinstance(target, list) and (target or not isinstance(function.value, ast.Name)):
                    self.evaluator.forget(target, call)
                return
            if id(target) in self.evaluator.set_objects:  # a --set value's: it stands for one state only
                self.evaluator.forget(target, call)
                return
            if target is None and self._changeable(function.value):
                self.evaluator.changed_unseen(call)  # cfg["layers"].append(n) of a cfg lstmcalc does not know
            if run and isinstance(target, list) and function.attr in _LIST_CHANGES and not call.keywords:
                try:
                    arguments = [self.evaluator.evaluate(argument, self.scope) for argument in call.args]
                    self._change(target, function.attr, arguments, call)
                except (Unknown, TypeError, ValueError, IndexError):
                    self.evaluator.forget(target, call)
                return  # what it was given is not changed (sizes.extend(other) leaves other)
            if isinstance(target, (list, dict)):
                self.evaluator.forget(target, call)
                return
        self._given_changes(call)

    def _given_changes(self, call: ast.Call) -> None:
        """The known lists and dicts given to a call lstmcalc does not follow: it may change them."""
        function = call.func
        given = [argument.value if isinstance(argument, ast.Starred) else argument for argument in call.args]
        given += [keyword.value for keyword in call.keywords]
        changeable = [value for value in map(self._held, given) if isinstance(value, (list, dict))]
        if not changeable or isinstance(function, ast.Name) and function.id in _READING_CALLS:
            return
        root = function
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and (
            root.id in self.evaluator.torch_imports or root.id in self.evaluator.math_names
        ):
            return  # torch.zeros(sizes), math.prod(sizes): torch and math read what they are given
        if self.makes_module(call) or isinstance(function, ast.Attribute) and function.attr == "__init__":
            return  # torch.nn classes read their arguments; the file's own and a parent's __init__ are followed
        if isinstance(function, ast.Attribute) and function.attr == "save_hyperparameters" and is_self(function.value):
            return  # Lightning's copies what it saves
        for value in changeable:
            self.evaluator.forget(value, call)

    def _change(self, target: list[Any], method: str, arguments: list[Any], call: ast.Call) -> None:
        """Run ``target.method(*arguments)``, its items' locations kept in step (a new item is where the
        change is written), in the time Python takes."""
        locations: list[Any] | None = getattr(target, "item_locations", None)
        where = self.evaluator.loc(call)
        size = len(target)
        added = len(arguments[0]) if method == "extend" and isinstance(arguments[0], list) else 1
        if size + added > MAX_LIST:  # sizes.extend(sizes) in a loop doubles it each time
            raise ValueError("a list longer than lstmcalc follows")
        removed = target.index(arguments[0]) if method == "remove" and len(arguments) == 1 else None
        self.scope.results[id(call)] = known(getattr(target, method)(*arguments))
        if locations is None:
            return
        if method in ("append", "extend"):
            locations += [where] * (len(target) - size)
        elif method == "insert":
            locations.insert(arguments[0], where)
        elif method == "pop":
            locations.pop(*arguments)
        elif removed is not None:
            del locations[removed]
        else:  # clear, sort, reverse
            locations[:] = [where] * len(target)

    def _held(self, node: ast.expr) -> Any:
        """The known value of a name, ``self.x`` or a subscript of a known list or dict; None otherwise."""
        if isinstance(node, ast.Name) or isinstance(node, ast.Attribute) and is_self(node.value):
            try:
                binding = self.scope.lookup(node.id if isinstance(node, ast.Name) else f"self.{node.attr}")
            except HelperRefusal as refusal:  # self.width of a @property that registers a module
                raise refusal.at(node, self.evaluator.loc(node)) from None
            return binding.value if binding.kind == Binding.KNOWN else None
        if isinstance(node, ast.Subscript) and isinstance(self._held(node.value), (list, dict)):
            return self._known(node)
        return None

    def _known(self, node: ast.expr) -> Any:
        try:
            return self.evaluator.evaluate(node, self.scope)
        except Unknown:
            return None

    def _forget(self, node: ast.expr, change: ast.AST | None = None) -> None:
        value = self._known(node)
        if isinstance(value, (list, dict)):
            self.evaluator.forget(value, change or node)
        elif value is None and self._changeable(node):
            self.evaluator.changed_unseen(change or node)  # cfg["hidden"] += 4 of a cfg lstmcalc does not know

    def _changeable(self, node: ast.expr) -> bool:
        """Whether ``node``, not known, may be a list, dict or object of values: not ``self``, nor a module or
        a part of one (``self.fc.weight``)."""
        if is_self(node) or self.is_module_expression(node):
            return False
        part: ast.expr = node
        while isinstance(part, (ast.Attribute, ast.Subscript)) and not is_self(part):
            if self.module_of(part) is not None:
                return False
            part = part.value
        return True


def _registry(node: ast.AST) -> bool:
    """Whether ``node`` is a module's ``_modules``, ``_parameters`` or ``_buffers`` (``self._modules``)."""
    return isinstance(node, ast.Attribute) and node.attr in _REGISTRIES


def _item(container: Any, key: Any) -> Any:
    """``container[key]`` of a dict (a string key) or a list (an index in range, not a bool); None otherwise."""
    if isinstance(container, dict) and isinstance(key, str):
        return container.get(key)
    if isinstance(container, list) and isinstance(key, int) and not isinstance(key, bool):
        return container[key] if -len(container) <= key < len(container) else None
    return None


def own_expressions(statement: ast.stmt) -> list[ast.AST]:
    """What a statement itself runs, not the statements inside it: a loop's iterable, a test, or all of it."""
    if isinstance(statement, (ast.For, ast.AsyncFor)):
        return [statement.iter]
    if isinstance(statement, (ast.If, ast.While)):
        return [statement.test]
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return [item.context_expr for item in statement.items]
    return [] if hasattr(statement, "body") else [statement]


def _whole_call(parts: list[ast.AST]) -> ast.Call | None:
    """The call a statement is (``sizes.append(8)``), or assigns (``last = sizes.pop()``), if any."""
    value = parts[0].value if len(parts) == 1 and isinstance(parts[0], (ast.Expr, ast.Assign, ast.AnnAssign)) else None
    return value if isinstance(value, ast.Call) else None
