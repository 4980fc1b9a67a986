"""torch.nn's Transformer blocks: TransformerEncoderLayer, TransformerDecoderLayer and the
TransformerEncoder and TransformerDecoder that stack ``num_layers`` deep copies of one.

A layer is built from the kinds lstmcalc already has, asked for their weights and MACs under the
PyTorch convention: ``self_attn`` (and, in a decoder, ``multihead_attn`` over the memory) is a
MultiheadAttention(d_model, nhead, bias=bias); ``linear1`` Linear(d_model, dim_feedforward),
``linear2`` Linear(dim_feedforward, d_model); ``norm1``, ``norm2`` (``norm3``) LayerNorm(d_model,
bias=bias). Its state_dict is theirs, prefixed, in that order; ``norm_first``, ``activation`` and
``dropout`` change no weight. A stack's is ``layers.0.self_attn.in_proj_weight``... then, with a final
``norm`` (any one-tensor module; LayerNorm in practice), ``norm.weight``. Shapes are batch-first
(``batch_first: true``, as lstmcalc shows every PyTorch shape); the output has the target's shape.
"""

from __future__ import annotations

from typing import Any, ClassVar

from lstm_calc.amount import Amount, total
from lstm_calc.arguments import PYTORCH, Argument, arguments, boolean, fraction, kept_torch, positive_int
from lstm_calc.layers.base import COMMON_ARGUMENTS, Layer, LayerInputError, Weight
from lstm_calc.layers.core import Dense
from lstm_calc.layers.multi_head_attention import MultiHeadAttention
from lstm_calc.layers.multi_head_attention_torch import _batch_first_only
from lstm_calc.layers.multi_input import MultiInputLayer
from lstm_calc.layers.normalization import LayerNormalization
from lstm_calc.layers.stacked_layers import stacked_layer_count
from lstm_calc.layers.torch_code import SubmoduleCall, TorchModule, off, unless
from lstm_calc.layers.torch_only import PythonCode, TorchOnly, TorchOnlyLayer, real_number
from lstm_calc.layers.transformer_activation import activation_argument, activation_calls, activation_code
from lstm_calc.layers.wrappers import layer_mapping, optional_layer_mapping
from lstm_calc.shapes import Shape, Shapes, describe_shape

#: The arguments of TransformerEncoderLayer and TransformerDecoderLayer, torch's defaults but batch_first.
BLOCK_ARGUMENTS = arguments(
    Argument("d_model", positive_int),
    Argument("nhead", positive_int),
    Argument("dim_feedforward", positive_int, 2048),
    Argument("dropout", fraction, 0.1),
    Argument("activation", activation_argument, "relu"),  # a function's name, or a module: {type: GELU}
    Argument("layer_norm_eps", real_number, 1e-5),
    Argument("batch_first", _batch_first_only, True),
    Argument("norm_first", boolean, False),
    Argument("bias", boolean, True),
    *kept_torch("device"),
    *COMMON_ARGUMENTS,
)
#: torch's positional parameters, device and dtype aside (as for every kind: code passes them by keyword).
BLOCK_POSITIONAL = (
    "d_model",
    "nhead",
    "dim_feedforward",
    "dropout",
    "activation",
    "layer_norm_eps",
    "batch_first",
    "norm_first",
    "bias",
)


def _built(kind: type[Layer[Any]], **options: Any) -> Any:
    """A ``kind`` layer under PyTorch with ``options`` over its defaults."""
    defaults, _ = kind.config_template()
    return kind({**defaults, **options}, PYTORCH)


def _prefixed(prefix: str, weights: list[Weight]) -> list[Weight]:
    return [Weight(f"{prefix}.{weight.name}", weight.shape) for weight in weights]


class TransformerBlock(TorchOnly):
    """What the encoder and decoder layers share: their sizes, parts and refusals."""

    config: dict[str, Any]
    attentions: ClassVar[tuple[str, ...]]
    norms: ClassVar[int]
    torch_class_name: ClassVar[str | None]
    torch_positional = BLOCK_POSITIONAL
    nested_arguments: ClassVar[tuple[str, ...]] = ("activation",)  # when it is a module

    def checked_sequence(self, role: str, shape: Shape) -> None:
        """A (batch, positions, d_model) tensor, as torch's attention checks it."""
        if len(shape) != 3:
            raise LayerInputError(
                f"needs a 3-D {role} (batch, positions, d_model) but receives {describe_shape(shape)} "
                "(torch would read a 2-D one as one unbatched sequence, which lstmcalc does not show)",
                wants_more_axes=len(shape) < 3,
                axes=("batch", "positions", "d_model"),
            )
        self.checked_heads()
        d_model = self.config["d_model"]
        if shape[-1] != d_model:
            raise LayerInputError(
                f"has d_model: {d_model} but receives a {role} of {shape[-1] or 'unknown'} features "
                f"{describe_shape(shape)}",
                argument="d_model",
            )

    def checked_heads(self) -> None:
        """torch's constructor refuses heads that do not divide d_model."""
        d_model, heads = self.config["d_model"], self.config["nhead"]
        if d_model % heads:
            raise LayerInputError(
                f"has nhead {heads}, which does not divide d_model {d_model} "
                "(torch: embed_dim must be divisible by num_heads)",
                argument="nhead",
            )

    def attention(self) -> Any:
        return _built(
            MultiHeadAttention,
            num_heads=self.config["nhead"],
            dropout=self.config["dropout"],
            use_bias=self.config["bias"],
            need_weights=False,
        )

    def linears(self) -> tuple[Any, Any]:
        return (
            _built(Dense, units=self.config["dim_feedforward"], use_bias=self.config["bias"]),
            _built(Dense, units=self.config["d_model"], use_bias=self.config["bias"]),
        )

    def norm(self) -> Any:
        return _built(LayerNormalization, bias=self.config["bias"])

    def block_weights(self, target: Shape, memory: Shape) -> list[Weight]:
        """self_attn (multihead_attn), linear1, linear2, norm1... as torch registers them."""
        self.checked_heads()
        attention, weights = self.attention(), []
        for name, keys in zip(self.attentions, (target, memory)):
            weights += _prefixed(name, attention.weights([target, keys, keys]))
        first, second = self.linears()
        hidden = first.output_shape(target)
        activation_calls(self.config["activation"], hidden)  # refused here unless it is read
        weights += _prefixed("linear1", first.weights(target)) + _prefixed("linear2", second.weights(hidden))
        for index in range(1, self.norms + 1):
            weights += _prefixed(f"norm{index}", self.norm().weights(target))
        return weights

    def block_macs(self, target: Shape, memory: Shape) -> Amount:
        """The attentions', the two linears' and the norms' MACs, as those kinds count them."""
        attention = self.attention()
        amounts = [attention.macs([target, keys, keys], target) for keys in (target, memory)[: len(self.attentions)]]
        first, second = self.linears()
        hidden = first.output_shape(target)
        amounts += [first.macs(target, hidden), second.macs(hidden, target)]
        amounts += [self.norm().macs(target, target)] * self.norms
        return total(amounts)

    def block_calls(self, target: Shape, memory: Shape | None = None) -> list[SubmoduleCall]:
        """The submodule calls of torch's ``forward`` on ``target`` (and ``memory``), shapes in any layout.

        The slow path's: under torchinfo's hooks torch never takes its fast path (it refuses one
        when a submodule has hooks). MultiheadAttention never calls its out_proj.
        """
        hidden = (*target[:-1], self.config["dim_feedforward"])
        same = (target,)

        def dropout(name: str, shape: Shape) -> SubmoduleCall:
            return SubmoduleCall(name, "Dropout", (shape,), (shape,))

        def norm(index: int) -> list[SubmoduleCall]:
            return [SubmoduleCall(f"norm{index}", "LayerNorm", same, same)]

        def attention(name: str, keys: Shape, index: int) -> list[SubmoduleCall]:
            called = SubmoduleCall(name, "MultiheadAttention", (target, keys, keys), same, uncalled_submodules=True)
            return [called, dropout(f"dropout{index}", target)]

        blocks = [attention("self_attn", target, 1)]
        if memory is not None:
            blocks.append(attention("multihead_attn", memory, 2))
        feed_forward = [
            SubmoduleCall("linear1", "Linear", same, (hidden,)),
            *activation_calls(self.config["activation"], hidden),
            dropout("dropout", hidden),
            SubmoduleCall("linear2", "Linear", (hidden,), same),
            dropout(f"dropout{len(blocks) + 1}", target),
        ]
        blocks.append(feed_forward)
        calls: list[SubmoduleCall] = []
        for index, block in enumerate(blocks, 1):
            # x + block(norm(x)) with norm_first, else norm(x + block(x))
            calls += norm(index) + block if self.config["norm_first"] else block + norm(index)
        return calls

    def block_module(self) -> TorchModule:
        """``nn.TransformerEncoderLayer(d_model, nhead, ..., batch_first=True)``."""
        config = self.config
        options = {
            "dim_feedforward": unless(config["dim_feedforward"], 2048),
            "dropout": unless(config["dropout"], 0.1),
            "activation": activation_code(config["activation"]),
            "layer_norm_eps": unless(config["layer_norm_eps"], 1e-5),
            "batch_first": True,
            "norm_first": unless(config["norm_first"], False),
            "bias": off(config["bias"]),
        }
        return TorchModule(f"nn.{self.torch_class_name}", [config["d_model"], config["nhead"]], options)


class TransformerEncoderLayer(TransformerBlock, TorchOnlyLayer):
    """``nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu',
    layer_norm_eps=1e-5, batch_first, norm_first=False, bias=True)`` on (batch, positions, d_model)."""

    class_name = torch_class_name = "TransformerEncoderLayer"
    arguments = BLOCK_ARGUMENTS
    attentions = ("self_attn",)
    norms = 2

    def check_input(self, input_shape: Shape) -> None:
        self.checked_sequence("source", input_shape)

    def output_shape(self, input_shape: Shape) -> Shapes:
        return input_shape

    def weights(self, input_shape: Shape) -> list[Weight]:
        return self.block_weights(input_shape, input_shape)

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        return self.block_macs(input_shape, input_shape)

    def torch_module(self, input_shape: Shape) -> TorchModule | None:
        return self.block_module()

    def torch_submodule_calls(self, input_shape: Shape) -> list[SubmoduleCall]:
        return self.block_calls(input_shape)


class TransformerDecoderLayer(TransformerBlock, MultiInputLayer):
    """``nn.TransformerDecoderLayer(d_model, nhead, ...)``, called on [tgt, memory]: (batch, T, d_model)
    and (batch, S, d_model); the output has tgt's shape."""

    class_name = torch_class_name = "TransformerDecoderLayer"
    arguments = BLOCK_ARGUMENTS
    input_count = (2, 2)
    torch_module_takes_tensors = True
    attentions = ("self_attn", "multihead_attn")
    norms = 3

    def check_input(self, input_shapes: list[Shape]) -> None:
        super().check_input(input_shapes)
        for role, shape in zip(("target", "memory"), input_shapes):
            self.checked_sequence(role, shape)
        if None not in (input_shapes[0][0], input_shapes[1][0]) and input_shapes[0][0] != input_shapes[1][0]:
            raise LayerInputError(
                "needs a target and a memory of one batch size but receives "
                + ", ".join(describe_shape(shape) for shape in input_shapes)
            )

    def output_shape(self, input_shapes: list[Shape]) -> Shapes:
        return input_shapes[0]

    def weights(self, input_shapes: list[Shape]) -> list[Weight]:
        return self.block_weights(*input_shapes)

    def macs(self, input_shapes: list[Shape], output_shape: Shapes) -> Amount:
        return self.block_macs(*input_shapes)

    def torch_module(self, input_shapes: list[Shape]) -> TorchModule | None:
        return self.block_module()

    def torch_submodule_calls(self, input_shapes: list[Shape]) -> list[SubmoduleCall]:
        return self.block_calls(input_shapes[0], input_shapes[1])

    def torch_node_lines(
        self, module: str, name: str, tensors: list[str], states: list[str], input_shape: Shape, shape: str
    ) -> list[str]:
        return [f"{name} = {module}({', '.join(tensors)}){shape}"]


class TransformerStack(TorchOnly):
    """``num_layers`` deep copies of ``block`` (its argument ``layer_argument``), then an optional ``norm``."""

    config: dict[str, Any]
    torch_class_name: ClassVar[str | None]
    layer_argument: ClassVar[str]
    nested_arguments: ClassVar[tuple[str, ...]]

    @property
    def block(self) -> Any:
        """The one layer the stack copies, refused (at its line) unless it is the kind torch expects."""
        block = self.config[self.layer_argument]
        wanted = self.layer_argument_kind
        if block.type_name != wanted:
            raise LayerInputError(
                f"has {self.layer_argument}: {block.type_name}, but torch.nn.{self.torch_class_name} copies a {wanted}",
                argument=self.layer_argument,
            )
        return block

    def check_block(self, received: Any) -> None:
        """The copied layer's refusals, pointing at its argument (its nhead...) in the nested spec."""
        block = self.block
        try:
            block.check_input(received)
        except LayerInputError as error:
            declaration = block.declaration
            if declaration is None or error.location is not None:
                raise
            where = declaration.argument_location(error.argument) if error.argument else declaration.location
            raise LayerInputError(
                f"has {'an' if self.layer_argument[0] in 'aeiou' else 'a'} {self.layer_argument} that {error.message}",
                wants_more_axes=error.wants_more_axes,
                location=where,
            ) from None

    @property
    def layer_argument_kind(self) -> str:
        return str(self.torch_class_name) + "Layer"

    def final_norm(self, shape: Shape) -> tuple[Shapes, list[Weight], Amount]:
        """The final ``norm``'s output, weights (``norm.weight``...) and MACs; none without one."""
        norm = self.config["norm"]
        if norm is None:
            return shape, [], Amount()
        location = norm.declaration.location if norm.declaration else None
        try:
            norm.check_input(shape)
            output = norm.output_shape(shape)
            weights = _prefixed("norm", norm.weights(shape))
            return output, weights, norm.macs(shape, output)
        except LayerInputError as error:
            raise LayerInputError(
                f"has a final norm ({norm.type_name}) that {error.message}", location=location
            ) from None

    def stacked_weights(self, block_weights: list[Weight]) -> list[Weight]:
        return [
            weight
            for index in range(self.config["num_layers"])
            for weight in _prefixed(f"layers.{index}", block_weights)
        ]

    def stack_calls(self, inputs: list[Shape]) -> list[SubmoduleCall]:
        """``layers`` (shown, never called), each copy and the calls inside it, then ``norm``."""
        block, target = self.block, inputs[0]
        calls = [SubmoduleCall("layers", "ModuleList", (), (), called=False)]
        for index in range(self.config["num_layers"]):
            prefix = f"layers.{index}"
            calls.append(SubmoduleCall(prefix, str(block.torch_class_name), tuple(inputs), (target,)))
            inner = block.torch_submodule_calls(inputs if len(inputs) > 1 else target)
            calls += [call._replace(path=f"{prefix}.{call.path}") for call in inner]
        norm = self.config["norm"]
        if norm is not None:
            calls.append(SubmoduleCall("norm", str(norm.torch_class_name), (target,), (target,)))
        return calls

    def stack_module(self) -> TorchModule:
        """``nn.TransformerEncoder(nn.TransformerEncoderLayer(...), num_layers, norm=nn.LayerNorm(...))``."""
        block = self.block.block_module()
        options: dict[str, Any] = {"norm": None}
        norm = self.config["norm"]
        if norm is not None:
            module = norm.torch_module((None, None, self.block.config["d_model"]))
            options["norm"] = PythonCode(_code(module)) if module else None
        return TorchModule(
            f"nn.{self.torch_class_name}", [PythonCode(_code(block)), self.config["num_layers"]], options
        )


def _code(module: TorchModule) -> str:
    """A module's constructor call as Python (ints, floats, booleans and strings only)."""
    parts = [repr(value) for value in module.positional]
    parts += [f"{name}={value!r}" for name, value in module.options.items() if value is not None]
    return f"{module.torch_class}({', '.join(parts)})"


def _stack_arguments(layer_argument: str) -> dict[str, Argument]:
    return arguments(
        Argument(layer_argument, layer_mapping),
        Argument("num_layers", stacked_layer_count),
        Argument("norm", optional_layer_mapping, None),
        *(
            [Argument("enable_nested_tensor", boolean, True), Argument("mask_check", boolean, True)]
            if layer_argument == "encoder_layer"
            else []
        ),
        *COMMON_ARGUMENTS,
    )


class TransformerEncoder(TransformerStack, TorchOnlyLayer):
    """``nn.TransformerEncoder(encoder_layer, num_layers, norm=None, enable_nested_tensor=True,
    mask_check=True)``, its encoder_layer a nested spec: ``{type: TransformerEncoderLayer, ...}``."""

    class_name = torch_class_name = "TransformerEncoder"
    layer_argument = "encoder_layer"
    nested_arguments = ("encoder_layer", "norm")
    arguments = _stack_arguments("encoder_layer")
    torch_positional = ("encoder_layer", "num_layers", "norm", "enable_nested_tensor", "mask_check")
    torch_nesting_keyword = "src_key_padding_mask"

    def check_input(self, input_shape: Shape) -> None:
        self.check_block(input_shape)

    def output_shape(self, input_shape: Shape) -> Shapes:
        return self.final_norm(input_shape)[0]

    def weights(self, input_shape: Shape) -> list[Weight]:
        return self.stacked_weights(self.block.weights(input_shape)) + self.final_norm(input_shape)[1]

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        per_layer: Amount = self.block.macs(input_shape, input_shape)
        return per_layer * int(self.config["num_layers"]) + self.final_norm(input_shape)[2]

    def torch_module(self, input_shape: Shape) -> TorchModule | None:
        return self.stack_module()

    def torch_submodule_calls(self, input_shape: Shape) -> list[SubmoduleCall]:
        return self.stack_calls([input_shape])


class TransformerDecoder(TransformerStack, MultiInputLayer):
    """``nn.TransformerDecoder(decoder_layer, num_layers, norm=None)`` on [tgt, memory]."""

    class_name = torch_class_name = "TransformerDecoder"
    layer_argument = "decoder_layer"
    nested_arguments = ("decoder_layer", "norm")
    arguments = _stack_arguments("decoder_layer")
    torch_positional = ("decoder_layer", "num_layers", "norm")
    input_count = (2, 2)
    torch_module_takes_tensors = True

    def check_input(self, input_shapes: list[Shape]) -> None:
        super().check_input(input_shapes)
        self.check_block(input_shapes)

    def output_shape(self, input_shapes: list[Shape]) -> Shapes:
        return self.final_norm(input_shapes[0])[0]

    def weights(self, input_shapes: list[Shape]) -> list[Weight]:
        return self.stacked_weights(self.block.weights(input_shapes)) + self.final_norm(input_shapes[0])[1]

    def macs(self, input_shapes: list[Shape], output_shape: Shapes) -> Amount:
        per_layer: Amount = self.block.macs(input_shapes, input_shapes[0])
        return per_layer * int(self.config["num_layers"]) + self.final_norm(input_shapes[0])[2]

    def torch_module(self, input_shapes: list[Shape]) -> TorchModule | None:
        return self.stack_module()

    def torch_submodule_calls(self, input_shapes: list[Shape]) -> list[SubmoduleCall]:
        return self.stack_calls(input_shapes)

    def torch_node_lines(
        self, module: str, name: str, tensors: list[str], states: list[str], input_shape: Shape, shape: str
    ) -> list[str]:
        return [f"{name} = {module}({', '.join(tensors)}){shape}"]
