"""What runs around a module's ``forward`` that lstmcalc does not follow: a forward hook or pre-hook
registered on it (``self.fc.register_forward_hook(...)`` in ``__init__``), or its class's own
``__call__``. Either may change what the module is given or returns, so ``forward``'s shapes are
followed no further from its call on: the shapes after it are unknown (?), never guessed; the
parameters are not changed. Imported only where a module has one (they are rare).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.torch_forward_values import UNKNOWN_VALUE, Tensor
from lstm_calc.readers.torch_modules import ModuleNode, is_self

if TYPE_CHECKING:
    from lstm_calc.readers.torch_forward import Follow

#: The methods that register a hook on one module, and what the note calls each.
HOOKS = {
    "register_forward_hook": "a forward hook",
    "register_forward_pre_hook": "a forward pre-hook",
}
#: Those that register one on every module: refused, as lstmcalc cannot tell which calls they change.
GLOBAL_HOOKS = frozenset(("register_module_forward_hook", "register_module_forward_pre_hook"))
#: What changes the module's output only (its arguments and the calls inside it are followed).
_OUTPUT_ONLY = "a forward hook"


def register_hook(
    module: ModuleNode, owner: ModuleNode | None, call: ast.Call, where: Any, torch_made: ModuleNode | None = None
) -> None:
    """``owner.register_forward_hook(...)`` (``call``) in ``module``'s ``__init__``: kept on ``owner``; on a
    part of a torch.nn module (``torch_made``), on that module; where lstmcalc cannot tell which module
    ``owner`` is, on ``module``; both as a pre-hook would be (nothing inside it is followed)."""
    assert isinstance(call.func, ast.Attribute)
    if call.func.attr in GLOBAL_HOOKS:
        raise SpecError(
            f"lstmcalc cannot follow {call.func.attr} yet: a hook on every module changes what each returns; "
            "summarise the model without it",
            where,
        )
    what = HOOKS[call.func.attr]
    if torch_made is not None:
        owner, what = torch_made, f"{what} on a module inside it"
    elif owner is None and not is_self(call.func.value):
        owner, what = module, f"{what} on a module lstmcalc cannot tell"
    target = owner or module
    target.call_changes = (*target.call_changes, (what, call.lineno))  # a new tuple: copies keep their own


def changed_arguments(
    follow: Follow, module: ModuleNode, arguments: list[Any], keywords: dict[str, Any], node: ast.AST
) -> tuple[list[Any], dict[str, Any]]:
    """What ``module``'s forward is given, as far as lstmcalc can tell, when something it does not follow
    runs around it, or ran around a module called before (``follow.halted``): the tensors are unknown from
    there on. The note names the first such thing and its line."""
    if module.call_changes and not follow.halted:
        what, line = module.call_changes[0]
        name = module.hook_path or module.class_name
        follow.fail(node, f"{name} has {what}, at line {line}, which lstmcalc does not follow", stopped=True)
        if all(what == _OUTPUT_ONLY for what, _ in module.call_changes):
            return arguments, keywords  # what it is given is known; what it returns is not
    follow.halted = True
    return [_unknown(value) for value in arguments], {key: _unknown(value) for key, value in keywords.items()}


def _unknown(value: Any) -> Any:
    """``value`` with every tensor in it of unknown shape."""
    if isinstance(value, Tensor):
        return UNKNOWN_VALUE
    if isinstance(value, (tuple, list)):
        return type(value)(_unknown(item) for item in value)
    return value
