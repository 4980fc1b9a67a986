"""Methods called on a model after making it (``model = Net(); model.grow(3)``), and torch's functions
that change a module given to them (``weight_norm(model.fc)``): which of them may change what the model
holds, so that :mod:`lstm_calc.readers.torch_model_changes` refuses the statement at its line rather than
count the model as ``__init__`` left it.

torch's own methods that only read a module, move it or switch its mode (``eval()``, ``to(device)``,
``flatten_parameters()``, ``state_dict()``...) change nothing lstmcalc counts. A method of the file's classes
is read: one whose body (or a method it calls on ``self``) sets or deletes an attribute or item, registers,
freezes or calls torch's changing functions may change the model. Any other method is one lstmcalc cannot
read, and may change it too. Imported only where module-level code calls a method of a model.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.readers.syntax_walk import shortened
from lstm_calc.readers.torch_init_flow import sets_requires_grad

if TYPE_CHECKING:
    from collections.abc import Iterable

#: nn.Module's methods (and those of torch.nn's classes) that leave what a module holds as it is: they read
#: it, move it, convert its dtype (read by torch_dtypes), switch its mode or reset its values in place.
HARMLESS = frozenset(
    {"eval", "train", "to", "cuda", "cpu", "float", "double", "half", "bfloat16", "type", "ipu", "xpu", "mtia"}
    | {"flatten_parameters", "zero_grad", "parameters", "named_parameters", "buffers", "named_buffers"}
    | {"children", "named_children", "modules", "named_modules", "state_dict", "load_state_dict"}
    | {"get_submodule", "get_parameter", "get_buffer", "get_extra_state", "extra_repr", "forward", "share_memory"}
    | {"to_empty", "reset_parameters", "reset_running_stats", "compile", "keys", "values", "items", "get"}
    | {"register_full_backward_hook", "register_full_backward_pre_hook", "register_backward_hook"}
    | {"register_state_dict_pre_hook", "register_state_dict_post_hook", "register_load_state_dict_pre_hook"}
    | {"register_load_state_dict_post_hook", "check_forward_args", "check_hidden_size", "check_input"}
    | {"get_expected_cell_size", "get_expected_hidden_size", "permute_hidden", "generate_square_subsequent_mask"}
    | {"merge_masks", "log_prob", "predict", "has_uninitialized_params", "numel", "size", "dim", "apply"}
)
#: nn.Module's methods that change what a module holds, besides those torch_model_changes names.
CHANGING = frozenset({"set_submodule", "initialize_parameters", "clear", "popitem", "setdefault"})
#: torch.nn.utils functions (also of prune and parametrize) that change the module they are given.
CHANGING_FUNCTIONS = frozenset(
    {"weight_norm", "spectral_norm", "remove_weight_norm", "remove_spectral_norm", "register_parametrization"}
    | {"remove_parametrizations", "l1_unstructured", "random_unstructured", "ln_structured", "random_structured"}
    | {"global_unstructured", "custom_from_mask", "convert_sync_batchnorm", "fuse_modules"}
)


def file_methods(tree: ast.Module, modules: frozenset[str]) -> dict[str, list[ast.FunctionDef]]:
    """The methods of the file's classes, by name (a name defined in two classes: both); one of torch's
    harmless names (``to``, ``train``) only from the file's module classes (``modules``), since a dataset's
    ``to`` is not what ``model.to(device)`` runs."""
    found: dict[str, list[ast.FunctionDef]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.FunctionDef) and (statement.name not in HARMLESS or node.name in modules):
                    found.setdefault(statement.name, []).append(statement)
    return found


def method_change(
    name: str, methods: dict[str, list[ast.FunctionDef]], changing: Iterable[str], unseen: bool
) -> str | None:
    """Why calling the method ``name`` of a model may change it (the words of a refusal), or None where it
    cannot: a method of the file's classes as its body shows (``apply`` of a function that changes modules
    is :func:`applied_change`'s); torch's own by name (``changing``: those torch_model_changes already knows
    change a module). A method neither defines is one lstmcalc cannot read: refused where ``unseen`` (called
    on the model itself, ``model.freeze()``; ``model.fc.weight.norm()`` is a tensor's), and where its name ends
    in ``_`` never (a tensor's in place change of values: ``model.emb.weight.data.copy_(vectors)``)."""
    if name in methods:
        for definition in methods[name]:
            change = _changes(definition, methods, changing, set())
            if change is not None:
                return f"runs {name} (line {definition.lineno}), which may change the model afterwards ({change})"
        return None
    if name in CHANGING:
        return f"may change the model afterwards (torch's {name} does)"
    if name in HARMLESS or not unseen or name.endswith("_"):
        return None
    return (
        f"calls {name}, which neither the file's classes nor torch's nn.Module define, so it may change the model "
        "afterwards"
    )


def _changes(
    function: ast.AST,
    methods: dict[str, list[ast.FunctionDef]],
    changing: Iterable[str],
    seen: set[str],
    freezes: bool = True,
) -> str | None:
    """The first part of ``function`` (a def or a lambda) that may change a module: an attribute or item set or
    deleted, a changing method or function called, ``requires_grad`` set (unless not ``freezes``: outside the
    classes, torch_model_changes refuses that in its own words), or a method of the file that does so."""
    if isinstance(function, ast.FunctionDef):
        seen.add(function.name)
    changing = frozenset(changing) | CHANGING
    for node in ast.walk(function):
        if sets_requires_grad(node):
            if not freezes:
                continue
            return f"line {getattr(node, 'lineno', 0)}: {shortened(node, 40)}"
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            return f"line {node.lineno} sets {shortened(node, 40)}"
        if not isinstance(node, ast.Call):
            continue
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if callee in ("setattr", "delattr", "__setattr__", "__delattr__") or callee in changing:
            return f"line {node.lineno}: {shortened(node, 40)}"
        if callee in CHANGING_FUNCTIONS:
            return f"line {node.lineno}: {shortened(node, 40)}"
        if callee in methods and callee not in seen:
            for definition in methods[callee]:
                inner = _changes(definition, methods, changing, seen)
                if inner is not None:
                    return inner
        elif (
            isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
            and callee not in methods
            and callee not in HARMLESS
        ):
            return f"line {node.lineno}: {shortened(node, 40)}, which lstmcalc cannot read"
        elif callee == "apply" and node.args and applied_change(node.args[0], methods, changing) is not None:
            return f"line {node.lineno}: {shortened(node, 40)}"
    return None


def applied_change(
    function: ast.expr,
    methods: dict[str, list[ast.FunctionDef]],
    changing: Iterable[str],
    functions: dict[str, ast.FunctionDef] | None = None,
) -> str | None:
    """Why ``module.apply(function)`` may change the modules (a function of the file, or a lambda, that sets
    an attribute or changes a module), or None: ``apply(init_weights)`` that fills weights in place changes
    no count. A function lstmcalc cannot read is let be, as any imported function given the model is."""
    if isinstance(function, ast.Lambda):
        return _changes(function, methods, changing, set(), freezes=False)
    if isinstance(function, ast.Name) and functions is not None and function.id in functions:
        return _changes(functions[function.id], methods, changing, set(), freezes=False)
    return None


def changing_function(call: ast.Call) -> bool:
    """Whether ``call`` is one of torch's functions that change the module they are given
    (``nn.utils.weight_norm(model.fc)``, ``prune.l1_unstructured(model.fc, "weight", 0.3)``)."""
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
    return name in CHANGING_FUNCTIONS
