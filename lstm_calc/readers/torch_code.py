"""PyTorch code: an ``nn.Module`` class read with :mod:`ast`, never imported nor run.

The class is the one ``--model`` names, else the one the file instantiates at module
level (of several, the one whose instance no other instantiation is given: ``Seq2Seq(enc, dec)``),
else the only top-level ``nn.Module`` subclass no other class uses. Its ``__init__``
gives the tree of modules torch would hold (:mod:`~lstm_calc.readers.torch_builder`), with its
parameters bound to the instantiation's arguments or their defaults; its ``forward``, fed
the ``--input-shape`` tensors, gives each module call as torch makes it
(:mod:`~lstm_calc.readers.torch_forward`). The result is a :class:`TorchCodeModel`, which
gives the :class:`~lstm_calc.summary.ModelSummary` directly: one row per module holding
weights, named by its path, and every module call in ``module_calls``.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.amount import Amount
from lstm_calc.errors import Location, SpecError
from lstm_calc.module_calls import ModuleCall, torchinfo_size
from lstm_calc.readers.evaluate import BUILTINS, Evaluator, Snapshot, Unknown, is_mutable
from lstm_calc.readers.set_values import (
    ask,
    parse_assignments,
    refuse_set_values_the_code_gives,
    refuse_unknown_overrides,
)
from lstm_calc.readers.syntax_walk import made_node, nodes_of, walk
from lstm_calc.readers.torch_binding_times import BeforeRebinding, end_of, last_bindings, module_bindings
from lstm_calc.readers.torch_builder import ModuleBuilder, made_by_module_code
from lstm_calc.readers.torch_calls import evaluate
from lstm_calc.readers.torch_class_attributes import ClassAttributes
from lstm_calc.readers.torch_classes import method, module_classes, no_module_class, refuse_bases_defined_later
from lstm_calc.readers.torch_containers import unregistered_module_notes
from lstm_calc.readers.torch_dtypes import converted_dtype
from lstm_calc.readers.torch_file_facts import dataclass_fields, file_names, namespace_makers
from lstm_calc.readers.torch_forward import Follow, ForwardFollower
from lstm_calc.readers.torch_forward_values import Tensor, all_known, returned_shapes
from lstm_calc.readers.torch_inner_calls import with_containers
from lstm_calc.readers.torch_kinds import CONTAINERS, TORCH_KINDS
from lstm_calc.readers.torch_layout import CONTIGUOUS
from lstm_calc.readers.torch_model_changes import refuse_changes_after_making
from lstm_calc.readers.torch_module_level import ModuleWalker, build_sequential, wrapping_sequential
from lstm_calc.readers.torch_modules import torch_class, torch_imports
from lstm_calc.readers.torch_sharing_notes import shared_module_notes, tied_parameter_notes, tied_rows
from lstm_calc.readers.torch_unknown_modules import file_imports, plain_names
from lstm_calc.readers.torch_values import TorchEvaluator
from lstm_calc.sizes import DTYPE_BYTES
from lstm_calc.summary import LayerSummary, ModelSummary

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from lstm_calc.readers.evaluate import Environment
    from lstm_calc.readers.torch_modules import ModuleNode
    from lstm_calc.shapes import Shape


def is_torch_code(tree: ast.Module, torch_names: dict[str, str] | None = None) -> bool:
    """Whether the code is read as PyTorch code: it imports torch, and defines a class based on
    ``nn.Module`` (or a torch.nn module or container) or imports no Keras (a Keras script may import
    torch for its backend). ``torch_names`` is :func:`torch_imports` of ``tree``, if the caller has it."""
    imported = {
        name.split(".")[0]
        for node in nodes_of(tree, (ast.Import, ast.ImportFrom))
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    }
    if "torch" not in imported:
        return False
    torch_names = torch_imports(tree) if torch_names is None else torch_names
    bases = [base for node in nodes_of(tree, ast.ClassDef) for base in node.bases]
    modules = any(torch_class(base, torch_names) in ("Module", *CONTAINERS, *TORCH_KINDS) for base in bases)
    return modules or not imported & {"keras", "tensorflow", "tf_keras"}


class TorchCodeModel:
    """A PyTorch model read from its code: its module tree, its calls, and the note where forward stopped."""

    def __init__(
        self,
        name: str,
        root: ModuleNode,
        calls: list[ModuleCall],
        notes: list[str],
        inputs: list[Shape | None],
        outputs: list[Shape | None],
        location: Location,
        dtype: str = "float32",
        followed: bool = False,
        torchinfo_calls: list[ModuleCall] | None = None,
    ) -> None:
        self.name = name
        #: torch's default dtype unless the code converts the model (``model.double()``).
        self.dtype = dtype
        #: Whether forward was followed to its end on known shapes: every module call is known.
        self.followed = followed
        self.root = root
        self.calls = calls
        self.notes = notes
        self.inputs = inputs
        self.outputs = outputs
        self.location = location
        #: The calls again on the sizes torchinfo's input_size takes, where an input size is unknown.
        self.torchinfo_calls = torchinfo_calls or []

    def summary(self, count_macs: bool = False) -> ModelSummary:
        """The summary torch's own counts give: rows by module path, every module call; with
        ``count_macs``, each row's MACs over its calls (for the whole input), or why not."""
        macs: dict[str, Amount] = {}
        uncounted: str | None = None
        if count_macs:
            from lstm_calc.readers.torch_macs import Uncounted, module_macs

            try:
                unfollowed = None if self.followed else (self.notes or ["forward is not followed"])[0]
                macs = module_macs(self.root, self.calls, unfollowed)
                uncounted = ""
            except Uncounted as reason:
                uncounted = str(reason)
        first_calls: dict[str, ModuleCall] = {}
        for call in self.calls:
            if call.called:
                first_calls.setdefault(call.path, call)
        rows = []
        for module in self.root.modules():
            if not module.own_weights and not module.buffers:
                continue
            first = first_calls.get(module.hook_path)
            inputs = first.inputs if first is not None else None
            outputs = first.outputs if first is not None else None
            rows.append(
                LayerSummary(
                    name=module.path,
                    type=module.class_name,
                    input_shape=_one_or_list(inputs),  # type: ignore[arg-type]
                    output_shape=outputs[0] if outputs else None,  # type: ignore[arg-type]
                    weights=tuple(module.own_weights),
                    bytes_per_param=DTYPE_BYTES[self.dtype],
                    buffers=tuple(module.buffers),
                    trainable=not module.own_weights or any(weight.trainable for weight in module.own_weights),
                    macs=macs.get(module.path, Amount()),
                )
            )
        return ModelSummary(
            self.name,
            "pytorch",
            self.dtype,
            _one_or_list(self.inputs),  # type: ignore[arg-type]
            tuple(rows),
            output_shape=_one_or_list(self.outputs),  # type: ignore[arg-type]
            counts_macs=uncounted == "",
            module_calls=tuple(self.calls),
            notes=tuple(self.notes),
            whole_input_stats=uncounted,
            torchinfo_calls=tuple(self.torchinfo_calls),
            call_aliases=tuple(
                (module.hook_path, module.path) for module in self.root.modules() if module.hook_path != module.path
            ),
            tied=tied_rows(self.root),
        )


def _one_or_list(shapes: Sequence[Shape | None] | None) -> Shape | list[Shape | None] | None:
    if shapes is None:
        return None
    return shapes[0] if len(shapes) == 1 else list(shapes)


def read_torch_model(
    tree: ast.Module,
    filename: str,
    assignments: Iterable[str] = (),
    input_shapes: Sequence[Sequence[int | None]] = (),
    model_name: str | None = None,
    torch_names: dict[str, str] | None = None,
) -> TorchCodeModel:
    """The model the ``nn.Module`` class of the code builds, followed through ``forward`` on ``input_shapes``.

    ``input_shapes`` are the shapes ``forward``'s tensor arguments receive, batch included, in
    order; without them every shape is unknown, and the parameters exact all the same.
    ``torch_names`` is :func:`torch_imports` of ``tree``, if the caller has it.
    """
    overrides = parse_assignments(assignments)
    refuse_unknown_overrides(tree, overrides, filename, parameters=True)
    evaluator = TorchEvaluator(filename, overrides)
    torch_names = torch_imports(tree) if torch_names is None else torch_names
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    evaluator.file_classes = frozenset(classes)
    evaluator.torch_names = frozenset(name for name, full in torch_names.items() if full == "torch")
    evaluator.torch_imports = torch_names
    evaluator.imports = file_imports(tree)
    evaluator.plain_classes = frozenset(name for name, node in classes.items() if not node.bases and not node.keywords)
    refuse_bases_defined_later(tree, classes, evaluator.loc)
    walker = ModuleWalker(evaluator, tree, set(classes))
    walker.run()
    evaluator.bound_names = walker.facts.all_bound
    evaluator.class_names_at_def = walker.class_names_at_def
    evaluator.plain_names = plain_names(tree, evaluator)
    modules = module_classes(classes, torch_names)
    made = [made for made, _ in walker.instantiations if isinstance(made.func, ast.Name) and made.func.id in modules]
    wrapper = None if model_name is not None else wrapping_sequential(tree, walker, made)
    if wrapper is None:
        chosen, call, call_environment = _choose(modules, walker, model_name, filename)
    else:  # model = nn.Sequential(model, nn.Linear(8, 2)): the model is that nn.Sequential
        call, call_environment = wrapper
        chosen = made_node(ast.ClassDef("Sequential", [], [], [], []), call)
    known_names = module_bindings(walker.module, walker.facts)
    module_environment: Environment = Snapshot(known_names, builtins=frozenset(BUILTINS - walker.facts.all_bound))
    evaluator.last_bindings = last_bindings(tree)
    if call is not None:  # __init__ reads the module's names as they are when the model is made
        evaluator.made_at = end_of(call)
        module_environment = BeforeRebinding(module_environment, evaluator.last_bindings, evaluator.made_at)
    builder = ModuleBuilder(evaluator, torch_names, modules, module_environment)
    evaluator.class_attributes = ClassAttributes(classes, builder.orders, walker.class_bodies, tree, torch_names)
    evaluator.file_functions, evaluator.math_names, evaluator.random_names, evaluator.partials = file_names(tree)
    evaluator.dataclasses = dataclass_fields(tree)
    evaluator.namespaces = namespace_makers(tree)
    refuse_changes_after_making(
        tree,
        made + ([wrapper[0]] if wrapper else []),
        evaluator.file_functions,
        evaluator.loc,
        frozenset(modules),
        None if model_name else torch_names,
        wrapper[0] if wrapper else None,
    )
    try:
        if wrapper is not None:
            root = build_sequential(builder, wrapper[0], wrapper[1])
        else:
            call = _with_set_arguments(builder, chosen, call, evaluator)
            root = builder.build(chosen, call, call_environment or module_environment)
    except Unknown as unknown:  # a value the reader needed and did not ask for itself: asked for here
        raise ask(evaluator, unknown.node, "to build the model") from None
    root.set_paths()
    forward = root.forward
    runs_its_modules = forward is None and root.container == "Sequential"  # nn.Sequential.forward(self, input)
    if forward is None and input_shapes and not runs_its_modules:
        raise SpecError(
            f"class {chosen.name} has no forward method, so --input-shape has nothing to follow", evaluator.loc(chosen)
        )
    if forward is None:  # torch makes such a module all the same (only calling it fails): its parameters are known
        stand_in = made_node(ast.parse(f"def forward(self{', input' if runs_its_modules else ''}):\n    pass").body[0])
        assert isinstance(stand_in, ast.FunctionDef)
        forward = ast.increment_lineno(stand_in, chosen.lineno - 1)
    parameters = [argument for argument in [*forward.args.posonlyargs, *forward.args.args][1:]]
    required = parameters[: len(parameters) - len(forward.args.defaults)]
    most = None if forward.args.vararg is not None else len(parameters)  # forward(self, *inputs): any number
    if input_shapes and not len(required) <= len(input_shapes) <= (most if most is not None else len(input_shapes)):
        raise SpecError(
            f"--input-shape is given {len(input_shapes)} time(s), but forward takes {len(required)} tensor(s): "
            + ", ".join(argument.arg for argument in required),
            evaluator.loc(forward),
            "--input-shape",
        )
    given: list[Shape | None] = [tuple(shape) for shape in input_shapes] or [None] * len(required)
    calls, note, outputs, read_training = _followed(builder, root, chosen.name, forward, given)
    torchinfo_calls: list[ModuleCall] = []
    if input_shapes and any(None in shape for shape in input_shapes):
        try:  # torchinfo's table: forward followed again on the sizes its input_size takes
            sizes: list[Shape | None] = [torchinfo_size(tuple(shape)) for shape in input_shapes]
            torchinfo_calls = _followed(builder, root, chosen.name, forward, sizes)[0]
        except SpecError:
            pass  # torch refuses those sizes: the table shows the unknown ones as unknown
    refuse_set_values_the_code_gives(evaluator, [*required, *filter(None, [forward.args.vararg])])
    notes = [note for note in (note, _EVAL_MODE if read_training else None) if note]
    if not input_shapes:
        starred = [f"*{forward.args.vararg.arg}"] if forward.args.vararg is not None else []
        names = ", ".join([*(argument.arg for argument in required), *starred])
        notes = [f"shapes are shown with --input-shape B,T,... for each tensor forward takes ({names})"]
    if root.forward is None and not runs_its_modules:
        notes = [f"{chosen.name} has no forward method: its parameters are exact; it has no shapes to show"]
    notes += shared_module_notes(root, evaluator.loc) + tied_parameter_notes(root) + unregistered_module_notes(root)
    followed = bool(input_shapes) and note is None
    return TorchCodeModel(
        chosen.name,
        root,
        calls,
        notes,
        list(given),
        outputs or [None],
        evaluator.loc(chosen),
        converted_dtype(tree, frozenset(modules if wrapper else {chosen.name}), evaluator.loc, bool(wrapper)),
        followed,
        torchinfo_calls,
    )


#: The note of a forward with a branch on ``self.training``.
_EVAL_MODE = "forward branches on self.training: it is followed in eval mode (False), as torchinfo runs it"


def _followed(
    builder: ModuleBuilder, root: ModuleNode, name: str, forward: ast.FunctionDef, given: list[Shape | None]
) -> tuple[list[ModuleCall], str | None, list[Shape | None] | None, bool]:
    """``forward`` followed on tensors of the ``given`` shapes: every module call (containers
    included, the model's own first), the note where it stopped, the shapes it returns, and whether it
    branches on ``self.training``."""
    follow = Follow(builder, evaluate)
    follower = ForwardFollower(follow, root)
    follow.calls.append(ModuleCall("", name, 0, None, None, (), 0, 0))
    tensors = [Tensor(shape, layout=CONTIGUOUS) for shape in given]  # torchinfo's inputs: torch.rand(*size)
    returned = follow.root(root, follower, tensors, forward)
    outputs = returned_shapes(returned)
    follow.calls[0] = ModuleCall(
        "",
        name,
        0,
        all_known(given),
        None if outputs is None else all_known(outputs),
        tuple(root.own_weights),
        *root.distinct_counts(),
    )
    return with_containers(follow.calls, root), follow.note, outputs, follow.read_training


def _with_set_arguments(
    builder: ModuleBuilder, chosen: ast.ClassDef, call: ast.Call | None, evaluator: TorchEvaluator
) -> ast.Call | None:
    """The model's instantiation with each ``--set NAME=VALUE`` for a parameter of its ``__init__`` as that
    argument, over what the instantiation or the default gives (every instance's, where the class is made
    more than once): it binds that parameter alone, not another class's parameter or a local of that name."""
    found = builder.defining(chosen, "__init__")
    if found is None:
        return call
    arguments = found[1].args
    positional = [argument.arg for argument in [*arguments.posonlyargs, *arguments.args][1:]]
    by_keyword = [argument.arg for argument in [*arguments.args[1:], *arguments.kwonlyargs]]
    made = call if call is not None else made_node(ast.Call(ast.Name(chosen.name, ast.Load()), [], []), chosen)
    args, keywords = list(made.args), list(made.keywords)
    spread = any(isinstance(argument, ast.Starred) for argument in args) or any(k.arg is None for k in keywords)
    for key, (text, value) in evaluator.overrides.items():
        name = text.strip()
        if spread or name not in positional + by_keyword:
            continue
        given = made_node(ast.parse(repr(value), mode="eval").body, made)
        if name in positional and positional.index(name) < len(args):
            args[positional.index(name)] = given
        elif name in by_keyword:
            keywords = [keyword for keyword in keywords if keyword.arg != name] + [made_node(ast.keyword(name, given))]
        else:
            continue  # a positional-only parameter the instantiation does not give: read where asked
        evaluator.set_arguments.add(key)
    if call is None and not keywords:
        return None  # made nowhere, with nothing given: its parameters are asked for where they are read
    return made_node(ast.Call(made.func, args, keywords), made)


def _choose(
    modules: dict[str, ast.ClassDef], walker: ModuleWalker, model_name: str | None, filename: str
) -> tuple[ast.ClassDef, ast.Call | None, Environment | None]:
    """The class to read, and its module-level instantiation (with the names it saw) if any."""
    calls = [
        (call, environment)
        for call, environment in walker.instantiations
        if isinstance(call.func, ast.Name) and call.func.id in modules
    ]
    if model_name is not None:
        if model_name not in modules:
            listed = ", ".join(modules) or "none"
            raise SpecError(
                f"--model {model_name!r}: the code has no nn.Module class of that name (classes: {listed})",
                Location(filename, 1, 1),
                "--model",
            )
        chosen = modules[model_name]
    else:
        instantiated = {call.func.id for call, _ in calls if isinstance(call.func, ast.Name)}
        if len(instantiated) > 1:  # enc = Encoder(...); model = Seq2Seq(enc, dec): the model is the outermost
            instantiated -= _given_to_others(calls)
        if len(instantiated) == 1:
            chosen = modules[instantiated.pop()]
        else:
            used = {
                part.id
                for node in modules.values()
                for part in walk(node)
                if isinstance(part, ast.Name) and part.id in modules and part.id != node.name
            }
            candidates = sorted(instantiated) if instantiated else [name for name in modules if name not in used]
            if len(candidates) != 1:
                if not modules:
                    raise no_module_class(walker.tree, file_imports(walker.tree), filename)
                listed = ", ".join(f"{name} (line {modules[name].lineno})" for name in candidates or modules)
                raise SpecError(
                    f"cannot tell which nn.Module class is the model: {listed}; name it with --model",
                    Location(filename, modules[(candidates or list(modules))[0]].lineno, 1),
                )
            chosen = modules[candidates[0]]
    own = [(call, environment) for call, environment in calls if call.func.id == chosen.name]  # type: ignore[attr-defined]
    if not own:
        return chosen, None, None
    _refuse_different_instances(chosen, own, walker.evaluator)
    return chosen, own[0][0], own[0][1]


def _refuse_different_instances(
    chosen: ast.ClassDef, own: Sequence[tuple[ast.Call, Environment]], evaluator: Evaluator
) -> None:
    """Refuse a class made twice at module level where the two may differ (``small = Net(1)``, then
    ``model = Net(100)``; or a list default that the first instance changes): lstmcalc cannot tell which
    is the model. Arguments given with --set are every instance's, which settles it."""
    init = method(chosen, "__init__")
    parameters = (
        {argument.arg for argument in [*init.args.posonlyargs, *init.args.args, *init.args.kwonlyargs]}
        if init
        else set()
    )
    if len(own) < 2 or any(text.strip() in parameters for text, _ in evaluator.overrides.values()):
        return
    first = own[0][0]
    shared_default = init is not None and any(
        is_mutable(default) for default in [*init.args.defaults, *filter(None, init.args.kw_defaults)]
    )
    for call, environment in own[1:]:
        if shared_default or _arguments(first, own[0][1], evaluator) != _arguments(call, environment, evaluator):
            raise SpecError(
                f"{chosen.name} is made more than once at module level (lines {first.lineno} and {call.lineno}), "
                "and the instances may differ: lstmcalc cannot tell which is the model; keep one instantiation, "
                "or give __init__'s arguments with --set (they then hold for every instance)",
                evaluator.loc(call),
            )


def _arguments(call: ast.Call, environment: Environment, evaluator: Evaluator) -> list[Any]:
    """The values of ``call``'s arguments, with their keywords; the text of one that is not known."""
    values: list[Any] = []
    for keyword, node in [(None, argument) for argument in call.args] + [(k.arg, k.value) for k in call.keywords]:
        try:
            values.append((keyword, evaluator.evaluate(node, environment)))
        except Unknown:
            values.append((keyword, ast.dump(node)))  # Net(a) and Net(b): not known to be alike
    return values


def _given_to_others(calls: Sequence[tuple[ast.Call, Environment]]) -> set[str]:
    """The classes whose module-level instances are given to another class's instantiation."""
    given: set[str] = set()
    for call, environment in calls:
        for argument in [*call.args, *(keyword.value for keyword in call.keywords)]:
            made = made_by_module_code(environment, argument) if isinstance(argument, ast.Name) else None
            if made is not None and isinstance(made[0].func, ast.Name):
                given.add(made[0].func.id)
    return given
