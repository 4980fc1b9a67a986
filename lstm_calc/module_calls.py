"""A PyTorch model as torchinfo shows it: each module call of ``forward``, in order, with its depth.

A :class:`~lstm_calc.summary.ModelSummary` keeps its layers (the rows JSON, ``check`` and
``diff`` read: each module that owns weights, named by its module path) and, for a PyTorch
model, these calls too: what torchinfo's table is drawn from. The model itself is the first
call, at depth 0; containers (``nn.Sequential``, the user's own modules) are calls of their
own, followed by the calls made inside them, deeper (those torch.nn modules make themselves
too: :func:`inner_calls`); a container nothing calls (a ``ModuleList``) is put above the
modules called from it, as torchinfo puts it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.records import record

if TYPE_CHECKING:
    from typing import Any, NamedTuple

    from lstm_calc.layers.base import Weight
    from lstm_calc.shapes import Shape

    class ModuleCall(NamedTuple):
        """One module called once (a module called again is a second call, as in torchinfo).

        ``path`` is the module's path in the model (torchinfo's var_name, the state_dict
        prefix): ``""`` for the model itself, ``"lstm"``, ``"head.0"``. ``class_name`` is its
        class (``"LSTM"``, ``"Sequential"``, the user's own class). ``depth`` is 0 for the
        model and one more per level of the module tree (torchinfo's: a ModuleList's module
        is two below the model, whoever calls it). ``inputs`` and ``outputs`` are the tensors the
        call takes and returns, flattened in order (an LSTM's ``out, (h_n, c_n)`` gives three);
        ``None`` where ``forward`` was not followed this far. ``own_weights`` are the
        parameters the module holds itself, named as in its own state_dict
        (``weight_ih_l0``); ``params`` and ``trainable_params`` count the module and every
        module inside it. ``uncalled_submodules`` is true for a module holding submodules its
        ``forward`` never calls (MultiheadAttention's out_proj): torchinfo then treats it as a
        container (no leaf), whose Mult-Adds, pass size and parameter bytes it leaves out.
        ``called`` is false for a container torchinfo shows though nothing calls it (a ModuleList
        whose modules are called, put above them as torchinfo's ``add_missing_container_layers``
        does): it takes and returns no tensor, ``()``.
        """

        path: str
        class_name: str
        depth: int
        inputs: tuple[Shape, ...] | None
        outputs: tuple[Shape, ...] | None
        own_weights: tuple[Weight, ...]
        params: int
        trainable_params: int
        uncalled_submodules: bool = False
        called: bool = True

else:
    ModuleCall = record(
        "ModuleCall",
        (
            "path",
            "class_name",
            "depth",
            "inputs",
            "outputs",
            "own_weights",
            "params",
            "trainable_params",
            "uncalled_submodules",
            "called",
        ),
        defaults=(False, True),
    )


#: The shape asked of a layer for a tensor not known (its calls inside are shown, without shapes).
_UNKNOWN_SEQUENCE = (None, None, None)


def tree_depth(path: str) -> int:
    """A module's depth in the module tree, torchinfo's depth: 0 for the model, 1 for its children..."""
    return path.count(".") + 1 if path else 0


def inner_calls(layer: Any, path: str, shapes: list[Shape | None], weights: Any) -> list[ModuleCall]:
    """The calls torch.nn module ``path``'s own forward makes (its layer class's
    ``torch_submodule_calls``) on tensors of ``shapes`` (None: not known), each with the parameters
    of ``weights`` (the module's, named from it: ``layers.0.linear1.weight``) under its path; none
    when the layer cannot say (a module whose forward calls no submodule, an input it refuses)."""
    from lstm_calc.layers import LayerInputError

    known = all(shape is not None for shape in shapes)
    given = [shape if shape is not None else _UNKNOWN_SEQUENCE for shape in shapes]
    several = layer.input_count is not None
    if not given or (several and len(given) < 2):
        return []
    try:
        inner = layer.torch_submodule_calls(given[:2] if several else given[0])
    except (LayerInputError, TypeError, IndexError):
        return []
    calls = []
    for call in inner:
        prefix = f"{call.path}."
        held = [
            weight._replace(name=weight.name[len(prefix) :]) for weight in weights if weight.name.startswith(prefix)
        ]
        full_path = f"{path}.{call.path}" if path else call.path
        tensors = call.called and known
        calls.append(
            ModuleCall(
                full_path,
                call.class_name,
                tree_depth(full_path),
                call.inputs if tensors else None if call.called else (),
                call.outputs if tensors else None if call.called else (),
                tuple(weight for weight in held if "." not in weight.name),
                sum(weight.size for weight in held),
                sum(weight.size for weight in held if weight.trainable),
                call.uncalled_submodules,
                call.called,
            )
        )
    return calls


#: torch.long: the bytes of each integer id an Embedding takes.
ID_BYTES = 8
#: The modules that take integer tensors, and how many of their first tensors are: an Embedding's ids,
#: an EmbeddingBag's ids and offsets.
_ID_TENSORS = {"Embedding": 1, "EmbeddingBag": 2}


def takes_ids(calls: tuple[ModuleCall, ...], shape: Shape) -> bool:
    """Whether a model input is integer ids: an Embedding takes it (torchinfo's dtypes=[torch.long])."""
    return any(call.inputs and shape in call.inputs[: _ID_TENSORS.get(call.class_name, 0)] for call in calls[1:])


#: torchinfo needs every input size: an unknown batch is 1, any other unknown axis 8 (the size of
#: ``export --to pytorch``'s example input). Shapes are then computed from those sizes, as torchinfo
#: computes them, never set afterwards: a strided convolution over 8 steps gives 3, not 8.
UNKNOWN_BATCH = 1
UNKNOWN_SIZE = 8


def torchinfo_size(shape: Shape) -> Shape:
    """An input's shape as torchinfo's ``input_size`` takes it: its unknown sizes set (batch first)."""
    if not shape:
        return shape
    batch = UNKNOWN_BATCH if shape[0] is None else shape[0]
    return (batch, *(UNKNOWN_SIZE if axis is None else axis for axis in shape[1:]))
