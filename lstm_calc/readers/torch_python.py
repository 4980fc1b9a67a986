"""Plain Python inside ``forward``, as Python runs it: builtins, list methods, the file's own
functions, numbers read out of tensors (``x.item()``), devices, and the ``self.x`` values that
``__init__`` made with a call (``self.hidden = self.init_hidden()``).

A value here is known exactly where the code makes it so; anything else raises
:class:`~lstm_calc.readers.torch_forward.Unfollowed`, and the note names its line.
"""

from __future__ import annotations

import ast
from itertools import islice
from typing import Any

from lstm_calc.readers.conditions import compare
from lstm_calc.readers.evaluate import UNKNOWN, Unknown
from lstm_calc.readers.syntax_walk import made_node, walk
from lstm_calc.readers.torch_arguments import holds_device
from lstm_calc.readers.torch_forward import MAX_LOOP_STEPS, ForwardFollower
from lstm_calc.readers.torch_forward_values import UNKNOWN_NUMBER, UNKNOWN_VALUE, Tensor, is_plain, items_of
from lstm_calc.readers.torch_layout import CONTIGUOUS
from lstm_calc.readers.torch_missing_attributes import missing_attribute
from lstm_calc.readers.torch_module_attributes import torch_attribute
from lstm_calc.readers.torch_modules import ModuleNode, is_self
from lstm_calc.readers.torch_refusal import ShapeRefusal
from lstm_calc.readers.torch_unfollowed import Unfollowed, _short, broadcast_values
from lstm_calc.readers.torch_values import MATH_FUNCTIONS, math_of

#: The builtins whose result forward's values give.
BUILTINS = frozenset({"len", "range", "int", "float", "min", "max", "reversed", "enumerate", "zip", "sum"})
#: The list methods that change a list in place (what forward collects step by step).
LIST_METHODS = frozenset({"append", "extend", "pop", "reverse"})


class Opaque:
    """A value that changes no shape, only passed on: a device (``.to(device)``, ``device=``), a dtype."""

    __slots__ = ("what",)

    def __init__(self, what: str) -> None:
        self.what = what


DEVICE = Opaque("a device")
DTYPE = Opaque("a dtype")
#: A tensor's attributes that are such values.
TENSOR_OPAQUE_ATTRIBUTES = {"device": DEVICE, "dtype": DTYPE}
#: torch's dtypes, as ``torch.<name>``.
TORCH_DTYPES = frozenset(
    {
        "float", "float32", "double", "float64", "half", "float16", "bfloat16", "long", "int64", "int", "int32",
        "short", "int16", "int8", "uint8", "bool", "complex64", "complex128",
    }
)  # fmt: skip


def builtin(node: ast.Call, name: str, arguments: list[Any]) -> Any:
    """``len``, ``range``, ``int``, ``min``, ``max``, ``reversed``, ``enumerate``, ``zip`` and ``sum`` on
    forward's values."""
    if any(argument is UNKNOWN_VALUE for argument in arguments):
        return UNKNOWN_VALUE
    numbers = all(isinstance(argument, (int, float)) or argument is UNKNOWN_NUMBER for argument in arguments)
    if name in ("int", "float", "min", "max") and numbers and UNKNOWN_NUMBER in arguments:
        return UNKNOWN_NUMBER
    if name == "len" and len(arguments) == 1:
        value = arguments[0]
        if isinstance(value, Tensor):
            return UNKNOWN_VALUE if not value.shape or value.shape[0] is None else value.shape[0]
        if isinstance(value, (tuple, list)):
            return len(value)
        if isinstance(value, ModuleNode) and value.iterated() is not None:  # len(self.heads): its slots, as torch
            return len(value.iterated() or ())
    if name == "range" and all(isinstance(argument, int) for argument in arguments):
        return range(*arguments)
    if name == "int" and len(arguments) == 1 and isinstance(arguments[0], (int, float)):
        return int(arguments[0])
    if name == "float" and len(arguments) == 1 and isinstance(arguments[0], (int, float, str)):
        try:
            return float(arguments[0])
        except ValueError:
            raise Unfollowed(node, _short(node)) from None
    if name in ("min", "max") and all(isinstance(argument, (int, float)) for argument in arguments):
        return (min if name == "min" else max)(arguments)
    if name == "reversed" and len(arguments) == 1 and isinstance(arguments[0], (tuple, list, range)):
        return list(reversed(arguments[0]))
    if name == "enumerate" and len(arguments) in (1, 2):
        items = items_of(arguments[0])
        start = arguments[1] if len(arguments) == 2 else 0
        if items is not None and isinstance(start, int):
            return list(islice(enumerate(items, start), MAX_LOOP_STEPS + 1))  # a loop over more stops at its bound
    if name == "sum" and len(arguments) in (1, 2):
        return _sum(node, arguments[0], arguments[1] if len(arguments) == 2 else 0)
    if name == "zip" and arguments:
        every = [items_of(argument) for argument in arguments]
        if all(items is not None for items in every):
            return list(islice(zip(*every), MAX_LOOP_STEPS + 1))
    raise Unfollowed(node, _short(node))


def _sum(node: ast.Call, iterable: Any, start: Any) -> Any:
    """``sum(head(x) for head in self.heads)``: ``start + first + second...``, tensors broadcast as torch adds them."""
    items = items_of(iterable)
    terms = [start, *islice(items, MAX_LOOP_STEPS + 1)] if items is not None else []
    if not terms or len(terms) > MAX_LOOP_STEPS + 1:
        raise Unfollowed(node, _short(node))
    if all(isinstance(term, (int, float)) or term is UNKNOWN_NUMBER for term in terms):
        return UNKNOWN_NUMBER if UNKNOWN_NUMBER in terms else sum(terms)
    return broadcast_values(node, terms)


def has_attribute(module: ModuleNode, name: str, classes: list[ast.ClassDef]) -> bool | None:
    """``hasattr(self, name)`` for a module of the file's class (``classes``: it and its parents in the file):
    True where ``__init__`` made it or the class defines it, False where only ``__init__`` would set it
    and did not (a branch not taken), None where lstmcalc cannot be sure (set elsewhere, or maybe
    one of nn.Module's own attributes)."""
    if name in module.children or module.held(name) is not None:
        return True
    binding = module.attributes.get(f"self.{name}")
    if binding is not None:
        return None if binding is UNKNOWN else True
    defined = [item for cls in classes for item in cls.body if name in _names_defined(item)]
    if defined:
        return True
    stores = [
        (method.name, part)
        for cls in classes
        for method in cls.body
        if isinstance(method, ast.FunctionDef)
        for part in walk(method)
        if isinstance(part, ast.Attribute)
        and isinstance(part.ctx, ast.Store)
        and is_self(part.value)
        and part.attr == name
    ]
    return False if stores and all(method == "__init__" for method, _ in stores) else None


def _names_defined(item: ast.stmt) -> set[str]:
    """The names a statement of a class body defines: a method, or a class attribute."""
    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {item.name}
    targets = item.targets if isinstance(item, ast.Assign) else [item.target] if isinstance(item, ast.AnnAssign) else []
    return {target.id for target in targets if isinstance(target, ast.Name)}


def module_method(
    follower: ForwardFollower, node: ast.Call, module: ModuleNode, name: str, given: tuple[list[Any], dict[str, Any]]
) -> Any:
    """A method of a module that is not a call of it: ``self.lstm.flatten_parameters()``, ``train()`` and
    ``eval()`` (:mod:`lstm_calc.readers.torch_modes`), and an nn.ModuleDict's ``items()``, ``values()`` and
    ``keys()``, as a dict's."""
    if name in ("train", "eval"):
        from lstm_calc.readers.torch_modes import set_mode  # imported when forward changes a mode

        return set_mode(follower, node, module, name, given)
    if name == "flatten_parameters":
        return None
    if module.container == "ModuleDict" and given == ([], {}):
        if name == "items":
            return list(module.children.items())
        if name == "values":
            return list(module.children.values())
        if name == "keys":
            return list(module.children)
    raise Unfollowed(node, _short(node))


def boolean(follower: ForwardFollower, node: ast.BoolOp) -> Any:
    """``a and b``, ``a or b``: the operand Python gives, each evaluated only as far as they decide it;
    not followed where one's truth is not known (a tensor's depends on its data)."""
    value = None
    for operand in node.values:
        value = follower.follow.evaluate(follower, operand)
        if not is_plain(value):
            raise Unfollowed(node, _short(node))
        if bool(value) is isinstance(node.op, ast.Or):  # or stops at the first true operand, and at a false one
            return value
    return value


def comprehension(follower: ForwardFollower, node: ast.ListComp | ast.GeneratorExp) -> list[Any]:
    """``[head(x) for head in self.heads]``, a generator too (``torch.cat`` and ``sum`` take one): what
    each step gives, in order; its names are its own, as in Python 3."""
    names = {name.id for part in node.generators for name in ast.walk(part.target) if isinstance(name, ast.Name)}
    saved = {name: follower.values[name] for name in names if name in follower.values}
    made: list[Any] = []
    try:
        _comprehended(follower, node.elt, node.generators, made)
    finally:
        for name in names:
            follower.values.pop(name, None)
        follower.values.update(saved)
    return made


def _comprehended(
    follower: ForwardFollower, element: ast.expr, parts: list[ast.comprehension], made: list[Any]
) -> None:
    if not parts:
        made.append(follower.follow.evaluate(follower, element))
        return
    items = items_of(follower.follow.evaluate(follower, parts[0].iter))
    if items is None or parts[0].is_async:
        raise Unfollowed(parts[0].iter, f"how many times 'for ... in {_short(parts[0].iter)}' runs")
    for item in items:
        follower.count_step(parts[0].iter)
        follower.bind(parts[0].target, item)
        if all(_keeps(follower, condition) for condition in parts[0].ifs):
            _comprehended(follower, element, parts[1:], made)


def _keeps(follower: ForwardFollower, condition: ast.expr) -> bool:
    truth = follower.truth(condition)
    if truth is None:
        raise Unfollowed(condition, f"which steps 'if {_short(condition)}' keeps")
    return truth


def math_function(node: ast.Call, name: str, arguments: list[Any]) -> Any:
    """``math.sqrt(d_model)`` and the like: a number, not known where its argument is not."""
    if name in MATH_FUNCTIONS and len(arguments) == 1:
        if arguments[0] is UNKNOWN_NUMBER or arguments[0] is UNKNOWN_VALUE:
            return UNKNOWN_NUMBER
        value = math_of(name, arguments[0])
        if value is not None:
            return value
    raise Unfollowed(node, _short(node))


#: The functions of Python's random module that give a number (a different one each run).
RANDOM_NUMBERS = frozenset(
    {"random", "uniform", "randint", "randrange", "gauss", "normalvariate", "triangular", "betavariate"}
)


def random_number(node: ast.Call, name: str) -> Any:
    """``random.random()`` and the like: some number, as ``x.item()`` is (a branch on it is not known)."""
    if name in RANDOM_NUMBERS:
        return UNKNOWN_NUMBER
    raise Unfollowed(node, _short(node))


def compared(node: ast.Compare, left: Any, right: Any) -> Any:
    """``a < b`` of numbers or strings, as Python compares them (as ``__init__``'s values are
    compared); some truth value where a number is not known."""
    plain = all(isinstance(side, (int, float, str)) or side is UNKNOWN_NUMBER for side in (left, right))
    if not plain or not isinstance(node.ops[0], (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)):
        raise Unfollowed(node, _short(node))
    if UNKNOWN_NUMBER in (left, right):
        return UNKNOWN_NUMBER
    try:
        return compare(node.ops[0], left, right, node)
    except Unknown:  # "a" < 1
        raise Unfollowed(node, _short(node)) from None


def list_method(node: ast.Call, items: list[Any], name: str, arguments: list[Any]) -> Any:
    """``items.append(x)``, ``.extend(xs)``, ``.pop()`` / ``.pop(i)`` and ``.reverse()``, in place."""
    if name == "append" and len(arguments) == 1:
        items.append(arguments[0])
        return None
    if name == "extend" and len(arguments) == 1 and isinstance(arguments[0], (tuple, list)):
        items.extend(arguments[0])
        return None
    if name == "reverse" and not arguments:
        items.reverse()
        return None
    if name == "pop" and items and len(arguments) <= 1 and all(isinstance(index, int) for index in arguments):
        if not arguments or -len(items) <= arguments[0] < len(items):
            return items.pop(*arguments)
    raise Unfollowed(node, _short(node))


def item_at_unknown_index(node: ast.expr, items: tuple[Any, ...] | list[Any]) -> Any:
    """``items[i]`` for an ``i`` not known: known only when every item is the same value."""
    if items and all(item is items[0] for item in items):
        return items[0]
    if items and all(isinstance(item, Tensor) and item.shape is not None for item in items):
        shapes = {item.shape for item in items}
        layouts = {item.layout for item in items}
        if len(shapes) == 1:
            return Tensor(shapes.pop(), layout=layouts.pop() if len(layouts) == 1 else None)
    raise Unfollowed(node, _short(node))


def module_level_value(follower: ForwardFollower, node: ast.Name) -> Any:
    """A name the file binds at module level to ``torch.device(...)``: a device."""
    builder = follower.follow.builder
    if holds_device(builder.module_scope.lookup(node.id), builder.torch_names):
        return DEVICE
    raise Unfollowed(node, f"the value of {node.id}")


def run_function(
    follower: ForwardFollower, function: ast.FunctionDef, arguments: list[Any], keywords: dict[str, Any], node: ast.AST
) -> Any:
    """The file's function called from forward, followed as forward is (it has no ``self``)."""
    inner = ForwardFollower(follower.follow, follower.module)
    return inner.run(function, arguments, keywords, node, takes_self=False)


def without_effects(node: ast.expr) -> bool:
    """Whether evaluating ``node`` changes nothing forward holds: no call of a module, a method of self,
    a function of the file or a list's method, no ``:=``."""
    for part in ast.walk(node):
        if isinstance(part, ast.NamedExpr):
            return False
        if isinstance(part, ast.Call):
            function = part.func
            if isinstance(function, ast.Name) and function.id not in BUILTINS:
                return False
            if isinstance(function, ast.Attribute) and (function.attr in LIST_METHODS or is_self(function.value)):
                return False
    return True


def init_value(follower: ForwardFollower, node: ast.Attribute) -> Any:
    """``self.x`` as ``__init__`` left it, where ``__init__`` assigns it once, at its top level, with
    an expression forward can read (``self.hidden = self.init_hidden()``): read now, as forward reads.

    Only without module calls (``__init__``'s are not forward's) and without ``__init__``'s own
    local names (which forward cannot see). One that nothing in the file can set is torch's AttributeError.
    """
    if (missing := missing_attribute(follower.follow.builder, follower.module, node)) is not None:
        raise missing
    unknown = Unfollowed(node, f"the value of self.{node.attr}")
    if holds_device(follower.module.attributes.get(f"self.{node.attr}", UNKNOWN), follower.follow.builder.torch_names):
        return DEVICE  # self.device = device, given torch.device(...) by module-level code
    builder = follower.follow.builder
    definition = follower.module.node
    if not isinstance(definition, ast.ClassDef):
        raise unknown
    init = builder.find_method(definition, "__init__")
    chain = [definition, *builder.ancestors(definition)]
    inits = {id(function): function for function in (builder.find_method(cls, "__init__") for cls in chain) if function}
    if init is None:
        raise unknown
    assignments = [  # and what may change it in place, which a second assignment is as good as
        statement
        for function in inits.values()
        for statement in walk(function)
        if _assigns(statement, node.attr) or _changes(statement, node.attr)
    ]
    statement = assignments[0] if len(assignments) == 1 else None
    if not isinstance(statement, ast.Assign) or statement not in init.body or len(statement.targets) != 1:
        raise unknown
    if not isinstance(statement.targets[0], ast.Attribute):
        raise unknown
    value = statement.value
    local_names = {argument.arg for argument in walk(init.args) if isinstance(argument, ast.arg)} - {"self"}
    local_names |= {name.id for name in walk(init) if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store)}
    if any(isinstance(name, ast.Name) and name.id in local_names for name in walk(value)):
        raise unknown
    reading = (id(follower.module), node.attr)
    if reading in follower.follow.init_values_read:  # self.a = self.b, self.b = self.a
        raise unknown
    calls, note = len(follower.follow.calls), follower.follow.note
    inner = ForwardFollower(follower.follow, follower.module)
    follower.follow.init_values_read.add(reading)
    try:
        result = follower.follow.evaluate(inner, value)
    except Unfollowed:
        result = None
    finally:
        follower.follow.init_values_read.discard(reading)
    if result is None or len(follower.follow.calls) != calls or follower.follow.note != note:
        del follower.follow.calls[calls:]
        follower.follow.note = note
        raise unknown
    return result


def submodule_value(follower: ForwardFollower, node: ast.Attribute, module: ModuleNode) -> Any:
    """``self.decoder.output_dim``, ``self.lstm.hidden_size``, ``self.fc.weight``: a submodule's
    parameter or buffer (its shape), a torch.nn module's constructor argument as torch keeps it, or
    a value the user's module sets in ``__init__`` alone (read as its own forward reads ``self.x``;
    a value its other methods set, such as a state its forward keeps, is not known here)."""
    if node.attr == "training":  # as nn.Module.train() and eval() left it: eval mode, as torchinfo runs forward
        return follower.follow.training.get(id(module), False)
    held = module.held(node.attr)
    if held is not None:  # a torch.nn module's parameters are made contiguous
        return Tensor(held.shape, layout=CONTIGUOUS if module.kind is not None else None)
    unknown = Unfollowed(node, f"the value of {_short(node)}")
    if module.kind is not None:
        try:
            return torch_attribute(module.class_name, node.attr, module.options)
        except KeyError:
            raise unknown from None
    definition = module.node
    if not isinstance(definition, ast.ClassDef):
        raise unknown
    for cls in [definition, *follower.follow.builder.ancestors(definition)]:
        for method in cls.body:
            if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and method.name != "__init__":
                if any(_assigns(part, node.attr) or _changes(part, node.attr) for part in walk(method)):
                    raise unknown
    own = made_node(ast.Attribute(ast.Name("self", ast.Load()), node.attr, ast.Load()), node)
    return follower.follow.evaluate(ForwardFollower(follower.follow, module), own)


def _assigns(statement: ast.AST, attribute: str) -> bool:
    """Whether ``statement`` assigns ``self.<attribute>`` (alone or among a tuple's targets)."""
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
        targets = [statement.target]
    else:
        return False
    return any(
        isinstance(target, ast.Attribute) and target.attr == attribute and is_self(target.value)
        for top in targets
        for target in walk(top)
    )


def _changes(node: ast.AST, attribute: str) -> bool:
    """Whether ``node`` may change ``self.<attribute>`` in place: a call of its method
    (``self.blocks.append(...)``), or a call given it."""
    if not isinstance(node, ast.Call):
        return False
    function = node.func
    given = [function.value] if isinstance(function, ast.Attribute) else []
    given += [*node.args, *(keyword.value for keyword in node.keywords)]
    return any(isinstance(part, ast.Attribute) and part.attr == attribute and is_self(part.value) for part in given)


def dropped(module: ModuleNode, node: ast.Attribute) -> ShapeRefusal | None:
    """torch's AttributeError for ``self.x`` that nn.Module.__init__, run again, dropped and nothing set since."""
    if f"self.{node.attr}" in module.attributes or module.held(node.attr) is not None:
        return None
    refusal = ShapeRefusal(f"AttributeError: '{module.class_name}' object has no attribute '{node.attr}'")
    refusal.node = node
    return refusal
