"""The pieces a layer kind writes PyTorch code with: its module, its call in ``forward``.

Each kind answers :meth:`~lstm_calc.layers.base.Layer.torch_module` and
:meth:`~lstm_calc.layers.base.Layer.torch_call` with these records; the exporter
(:mod:`lstm_calc.export.pytorch`) names the modules, casts dtypes and writes the lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from lstm_calc.records import record
from lstm_calc.shapes import Shape, Shapes, format_shapes, listed_shapes

#: Keras activation names and the torch call that applies them to ``{x}``.
ACTIVATIONS = {
    "relu": "torch.relu({x})",
    "tanh": "torch.tanh({x})",
    "sigmoid": "torch.sigmoid({x})",
    "softmax": "torch.softmax({x}, dim=-1)",
    "log_softmax": "torch.log_softmax({x}, dim=-1)",
    "exponential": "torch.exp({x})",
    "gelu": "nn.functional.gelu({x})",
    "elu": "nn.functional.elu({x})",
    "selu": "nn.functional.selu({x})",
    "softplus": "nn.functional.softplus({x})",
    "softsign": "nn.functional.softsign({x})",
    "silu": "nn.functional.silu({x})",
    "swish": "nn.functional.silu({x})",
    "relu6": "nn.functional.relu6({x})",
    "leaky_relu": "nn.functional.leaky_relu({x}, 0.2)",
}
NO_ACTIVATION = (None, "linear")


# The type checker reads the fields' types from a typing.NamedTuple; at run time each record is
# a lstm_calc.records record with the same fields, quicker to define (every layer kind imports this
# module). tests/test_typed_records.py keeps the two alike.
if TYPE_CHECKING:
    from typing import NamedTuple

    class _TorchModule(NamedTuple):
        torch_class: str
        positional: list[Any]
        options: dict[str, Any]
        notes: tuple[str, ...] = ()

    class _TorchCall(NamedTuple):
        expression: str
        note: str = ""
        comments: tuple[str, ...] = ()

    class SubmoduleCall(NamedTuple):
        """One call torch.nn's own ``forward`` makes to a submodule, as torchinfo's hooks see it.

        ``path`` is relative to the module (``layers.0.self_attn``); ``inputs`` and ``outputs``
        the tensors, flattened (as torchinfo measures them). ``called`` is false for a container
        torchinfo shows above the submodules called (the ModuleList ``layers``): no tensors.
        ``uncalled_submodules`` as :class:`~lstm_calc.module_calls.ModuleCall`'s.
        """

        path: str
        class_name: str
        inputs: tuple[Shape, ...]
        outputs: tuple[Shape, ...]
        called: bool = True
        uncalled_submodules: bool = False

else:
    _TorchModule = record("TorchModule", ("torch_class", "positional", "options", "notes"), defaults=((),))
    _TorchCall = record("TorchCall", ("expression", "note", "comments"), defaults=("", ()))
    SubmoduleCall = record(
        "SubmoduleCall",
        ("path", "class_name", "inputs", "outputs", "called", "uncalled_submodules"),
        defaults=(True, False),
    )


class TorchModule(_TorchModule):
    """``nn.Linear(80, 12, bias=False)``: the class, its positional arguments and its keyword options
    (``None`` values are left out), and comment lines ``forward`` carries about it."""

    __slots__ = ()


class TorchCall(_TorchCall):
    """A one-tensor layer applied in ``forward``: the expression, a note for the line's comment, and
    comment lines to write before it."""

    __slots__ = ()


def activated(activation: Any, call: str) -> TorchCall:
    """``call`` followed by a Keras ``activation``, as torch writes it."""
    if activation in NO_ACTIVATION:
        return TorchCall(call)
    # A spec may give any value (a Keras config mapping, say); only names are translated.
    if isinstance(activation, str) and activation in ACTIVATIONS:
        return TorchCall(ACTIVATIONS[activation].format(x=call))
    return TorchCall(
        call, comments=(f"# activation {activation!r}: lstmcalc has no torch translation; apply it below",)
    )


def off(flag: bool) -> bool | None:
    """``False`` when an option that defaults to true is off, else nothing to write."""
    return None if flag else False


def unless(value: Any, default: Any) -> Any:
    """``value``, or nothing to write when it is the default."""
    return None if value == default else value


def channels_first_call(module: str, x: str, rank: int, class_name: str) -> TorchCall:
    """``module`` applied to ``x``, a (batch, ..., channels) tensor of ``rank`` axes, as a torch.nn
    module that takes channels first (axis 1) applies: moved there and back."""
    if rank < 3:
        return TorchCall(f"{module}({x})")
    if rank == 3:
        return TorchCall(f"{module}({x}.transpose(1, 2)).transpose(1, 2)", f", {class_name} takes features first")
    inward = ", ".join(map(str, (0, rank - 1, *range(1, rank - 1))))
    outward = ", ".join(map(str, (0, *range(2, rank), 1)))
    return TorchCall(f"{module}({x}.permute({inward})).permute({outward})", f", {class_name} takes channels first")


class TorchTensors:
    """A layer's torch.nn side in exported PyTorch code (a part of every Layer): the module, its lines in
    ``forward``, and what torchinfo measures of it."""

    #: Whether the module holds submodules its ``forward`` never calls (MultiheadAttention's
    #: out_proj): torchinfo then counts it as a container, not a leaf.
    torch_has_uncalled_submodules: ClassVar[bool] = False
    #: A keyword of the module's call whose tensor may make torch run the calls inside it on nested
    #: tensors (TransformerEncoder's src_key_padding_mask, in eval without gradients: torchinfo's
    #: run), whose sizes torchinfo cannot take: their shapes are then not shown.
    torch_nesting_keyword: ClassVar[str | None] = None

    def torch_call_shapes(self, input_shape: Any, output_shape: Shapes) -> tuple[list[Shape], list[Shape]]:
        """The tensors the layer's torch.nn module is called on and returns in exported PyTorch code,
        flattened in order (what torchinfo measures); by default the layer's own shapes."""
        return listed_shapes(input_shape), listed_shapes(output_shape)

    def torch_submodule_calls(self, input_shape: Any) -> list[SubmoduleCall]:
        """The submodule calls the torch.nn module's own ``forward`` makes on ``input_shape`` (its
        tensors in torch's own layout), in order, each with the calls inside it after it: what
        torchinfo's hooks record below the module. None by default: a module whose forward calls
        no submodule (an LSTM, a Linear)."""
        return []

    def torch_module(self, input_shape: Any) -> TorchModule | None:
        """The torch.nn module exported PyTorch code builds for this layer on ``input_shape`` (all its
        tensors' shapes for a :attr:`torch_module_takes_tensors` layer); None for a kind with no
        PyTorch code, which export then refuses."""
        return None

    def torch_call(self, module: str, x: str, input_shape: Shape) -> TorchCall:
        """This layer's module applied to the tensor ``x`` in ``forward``."""
        return TorchCall(f"{module}({x})")

    def torch_stack_lines(
        self, module: str, x: str, tensors: list[str], input_shape: Shape, output_shape: Shapes
    ) -> tuple[list[str], list[str]]:
        """``forward``'s lines for this layer in a stack, where the previous layer's ``tensors`` are
        named x (h, c), and the names of the tensors it passes on."""
        shape = f"  # {format_shapes(output_shape)}"
        if len(tensors) > 1:
            calls = ", ".join(f"{module}({name})" for name in tensors)
            return [f"{', '.join(tensors)} = {calls}{shape}"], tensors
        call = self.torch_call(module, x, input_shape)
        return [*call.comments, f"x = {call.expression}{shape}{call.note}"], ["x"]

    def torch_node_lines(
        self, module: str, name: str, tensors: list[str], states: list[str], input_shape: Shape, shape: str
    ) -> list[str]:
        """``forward``'s lines binding the graph entry ``name`` to this layer applied to ``tensors``
        (and, for recurrent layers, started from ``states``); ``shape`` is the line's comment."""
        if len(tensors) > 1:
            # Keras applies a one-tensor layer given several tensors (Dropout) to each of them.
            return [f"{name} = ({', '.join(f'{module}({tensor})' for tensor in tensors)}){shape}"]
        call = self.torch_call(module, tensors[0], input_shape)
        return [*call.comments, f"{name} = {call.expression}{shape}{call.note}"]
