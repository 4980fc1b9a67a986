"""Core layers: Dense (PyTorch's Linear), Embedding, Dropout and the weightless ones (Masking, Activation, Lambda)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from lstm_calc.amount import Amount, positions
from lstm_calc.arguments import (
    KERAS,
    PYTORCH,
    Argument,
    _describe,
    anything,
    arguments,
    boolean,
    fraction,
    is_integer,
    json_schema,
    kept,
    kept_torch,
    optional_positive_int,
    positive_int,
)
from lstm_calc.layers.base import (
    COMMON_ARGUMENTS,
    KERNEL_LAYER_OPTIONS,
    Layer,
    LayerInputError,
    Weight,
    known_last_axis,
    torch_input_size,
)
from lstm_calc.layers.keras_masks import DROPS, KEEPS, MaskRule
from lstm_calc.layers.quick_options import QuickOptions
from lstm_calc.layers.torch_code import TorchCall, TorchModule, activated, off
from lstm_calc.shapes import Shape, Shapes, describe_shape

if TYPE_CHECKING:
    from collections.abc import Mapping

    from lstm_calc.formula_expressions import Expr


@json_schema({"type": ["integer", "null"]})
def _optional_int(value: Any) -> str | None:
    return None if value is None or is_integer(value) else f"expected an integer, got {value!r}"


class Dense(Layer[Shape]):
    """Acts on the last axis of an input of any rank >= 2.

    Keras: kernel (features, units) and bias (units,); torch.nn.Linear: weight (out, in), bias (out,).
    """

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    units: int
    use_bias: bool

    class_name = "Dense"
    torch_class_name = "Linear"
    keras_mask = KEEPS
    arguments = arguments(
        Argument("units", positive_int, aliases=("out_features",)),
        Argument("use_bias", boolean, True, aliases=("bias",)),
        torch_input_size("in_features"),
        *KERNEL_LAYER_OPTIONS,
        *COMMON_ARGUMENTS,
    )
    input_min_ndim = 2
    input_axes = ("batch", "...", "features")
    keras_positional = ("units", "activation", "use_bias")

    def output_shape(self, input_shape: Shape) -> Shapes:
        return (*input_shape[:-1], self.units)

    def weights(self, input_shape: Shape) -> list[Weight]:
        features = known_last_axis(input_shape)
        self.check_declared_size("in_features", features)
        if self.framework == PYTORCH:
            weights = [Weight("weight", (self.units, features))]
        else:
            weights = [Weight("kernel", (features, self.units))]
        if self.use_bias:
            weights.append(Weight("bias", (self.units,)))
        return weights

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """features × units at every position between the batch and the feature axis."""
        return positions(input_shape[1:-1]) * (known_last_axis(input_shape) * self.units)

    def weights_note(self, keras: int | None, torch: int | None) -> str:
        return "same weights; torch.nn.Linear stores the matrix transposed, (units, features)"

    quick_options = QuickOptions(("units", "input_dim"), ("use_bias",), "units")

    @classmethod
    def quick_layer(cls, options: Any) -> tuple[dict[str, Any], list[int | None]]:
        return {"type": cls.class_name, "use_bias": options.get("use_bias"), "units": options.units}, [
            options.input_dim
        ]

    def params_formula(self, input_shape: Shape) -> Expr:
        """``units × (input_dim + 1)``, or ``input_dim × units`` without a bias."""
        from lstm_calc.formula_expressions import Const, Product, Sum, Var

        features, units = Var("input_dim", known_last_axis(input_shape)), Var("units", self.units)
        if not self.use_bias:
            return Product((features, units))
        return Product((units, Sum((features, Const(1)))))

    def torch_module(self, input_shape: Shape) -> TorchModule:
        return TorchModule("nn.Linear", [input_shape[-1], self.units], {"bias": off(self.use_bias)})

    def torch_call(self, module: str, x: str, input_shape: Shape) -> TorchCall:
        return activated(self.config.get("activation"), f"{module}({x})")


class Embedding(Layer[Shape]):
    """Looks integer ids up in an (input_dim, output_dim) table, adding a last axis of output_dim."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    input_dim: int
    output_dim: int
    padding_idx: int | None

    class_name = "Embedding"
    torch_class_name = "Embedding"
    arguments = arguments(
        Argument("input_dim", positive_int, aliases=("num_embeddings",)),
        Argument("output_dim", positive_int, aliases=("embedding_dim",)),
        Argument(
            "mask_zero",
            boolean,
            False,
            convention=KERAS,
            other_convention_hint="torch.nn.Embedding marks padding with padding_idx",
        ),
        # Keras 2's input_length is still accepted by Keras 3, which ignores it.
        Argument(
            "input_length",
            optional_positive_int,
            None,
            convention=KERAS,
            other_convention_hint="give the input as input: {shape: [N]}",
        ),
        *kept("embeddings_initializer", "embeddings_regularizer", "embeddings_constraint"),
        # The table's starting values (weights=[embedding_matrix]): data, never a count; not written back.
        *kept("weights"),
        Argument("padding_idx", _optional_int, None, keras=False),
        *kept_torch("max_norm", "norm_type", "scale_grad_by_freq", "sparse"),
        *COMMON_ARGUMENTS,
    )
    keras_positional = ("input_dim", "output_dim")

    def output_shape(self, input_shape: Shape) -> Shapes:
        return (*input_shape, self.output_dim)

    def keras_mask_rule(self, input_shape: Shape) -> MaskRule:
        """``mask_zero``: ``ops.not_equal(inputs, 0)`` on the ids; otherwise no mask."""
        return (("NotEqual", input_shape),) if self.config["mask_zero"] else DROPS

    @classmethod
    def keras_makes_mask(cls, arguments: Mapping[str, Any]) -> bool:
        return arguments.get("mask_zero") is True

    #: torch.nn.Embedding takes integer ids only (Keras casts whatever it gets).
    takes_ids = True
    torch_casts_input = False

    def weights(self, input_shape: Shape) -> list[Weight]:
        if self.framework == PYTORCH:
            if self.padding_idx is not None and not -self.input_dim <= self.padding_idx < self.input_dim:
                raise LayerInputError(
                    f"has padding_idx: {self.padding_idx}, outside its {self.input_dim} embeddings, "
                    f"which torch.nn.{self.torch_class_name} refuses",
                    argument="padding_idx",
                )
            return [Weight("weight", (self.input_dim, self.output_dim))]
        return [Weight("embeddings", (self.input_dim, self.output_dim))]

    def macs(self, input_shape: Shape, output_shape: Shapes) -> Amount:
        """None: looking a row up in the table multiplies nothing."""
        return Amount()

    def weights_note(self, keras: int | None, torch: int | None) -> str:
        return "the same table, (input_dim, output_dim)"

    quick_options: ClassVar[QuickOptions | None] = QuickOptions(("input_dim", "output_dim"), (), "output_dim")

    @classmethod
    def quick_layer(cls, options: Any) -> tuple[dict[str, Any], list[int | None]]:
        return {"type": cls.class_name, "input_dim": options.input_dim, "output_dim": options.output_dim}, [None]

    def params_formula(self, input_shape: Shape) -> Expr:
        """``input_dim × output_dim``: one row per id."""
        from lstm_calc.formula_expressions import Product, Var

        return Product((Var("input_dim", self.input_dim), Var("output_dim", self.output_dim)))

    def torch_module(self, input_shape: Shape) -> TorchModule:
        options = {
            key: self.config[key]
            for key in ("padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse")
            if self.config[key] is not None
        }
        return TorchModule("nn.Embedding", [self.input_dim, self.output_dim], options)


class Dropout(Layer[Shape]):
    """Zeroes a fraction ``rate`` of its inputs while training; no weights, same shape out."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    rate: float

    class_name = "Dropout"
    torch_class_name: ClassVar[str | None] = "Dropout"
    keras_mask = KEEPS
    arguments = arguments(
        Argument("rate", fraction, aliases=("p",)),
        *kept("noise_shape", "seed"),
        *kept_torch("inplace"),
        *COMMON_ARGUMENTS,
    )
    keras_positional: ClassVar[tuple[str, ...]] = ("rate", "noise_shape", "seed")
    #: It takes any tensor as it comes (after an Embedding, integer ids stay ids).
    torch_casts_input = False

    # Keras applies it to each tensor of a list; torch.nn.Dropout takes one tensor.
    several_tensors_under: ClassVar[tuple[str, ...]] = (KERAS,)

    def output_shape(self, input_shape: Shape) -> Shapes:
        return input_shape

    def torch_module(self, input_shape: Shape) -> TorchModule:
        return TorchModule("nn.Dropout", [self.rate], {"inplace": self.config["inplace"] or None})


class SpatialDropout1D(Dropout):
    """Drops whole feature channels of a (batch, time_steps, features) input; no weights."""

    class_name = "SpatialDropout1D"
    torch_class_name = None
    several_tensors_under = ()
    # Its constructor is (rate, seed, name, dtype): none of Layer's other keyword arguments.
    arguments = arguments(
        Argument("rate", fraction), *kept("seed"), *(a for a in COMMON_ARGUMENTS if a.name in ("name", "dtype"))
    )
    keras_positional = ("rate", "seed")
    input_ndim = 3
    input_axes = ("batch", "time_steps", "features")


class Masking(Layer[Shape]):
    """Marks time steps equal to ``mask_value`` as padding for the layers after it; no weights."""

    class_name = "Masking"
    arguments = arguments(*kept("mask_value"), *COMMON_ARGUMENTS)
    keras_positional = ("mask_value",)

    def output_shape(self, input_shape: Shape) -> Shapes:
        return input_shape

    def keras_mask_rule(self, input_shape: Shape) -> MaskRule:
        """``ops.any(ops.not_equal(inputs, mask_value), axis=-1)``, whatever mask the input carries."""
        return ("NotEqual", input_shape), ("Any", input_shape[:-1])

    @classmethod
    def keras_makes_mask(cls, arguments: Mapping[str, Any]) -> bool:
        return True


class Activation(Layer[Shape]):
    """Applies an activation function element-wise; no weights."""

    class_name = "Activation"
    keras_mask = KEEPS
    several_tensors_under = (KERAS, PYTORCH)
    arguments = arguments(Argument("activation", anything), *COMMON_ARGUMENTS)
    keras_positional = ("activation",)

    def output_shape(self, input_shape: Shape) -> Shapes:
        return input_shape


def _is_sizes(value: Any) -> bool:
    """One shape without the batch axis: a list of positive sizes, unknown ones null."""
    return isinstance(value, list) and all(size is None or (is_integer(size) and size > 0) for size in value)


_SIZES_SCHEMA = {"type": "array", "items": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]}}


@json_schema({"anyOf": [_SIZES_SCHEMA, {"type": "array", "items": _SIZES_SCHEMA, "minItems": 1}, {"type": "null"}]})
def _lambda_output_shape(value: Any) -> str | None:
    """Keras's ``output_shape`` as data: one shape without the batch axis, or a list of them (several
    outputs); or, from Keras code, a function of the input shape the code reader followed."""
    if value is None or _is_sizes(value) or callable(value):
        return None
    if isinstance(value, list) and value and all(isinstance(item, list) and _is_sizes(item) for item in value):
        return None
    shapes = value if isinstance(value, list) and value and all(isinstance(item, list) for item in value) else [value]
    if any(isinstance(shape, list) and 0 in shape for shape in shapes):  # x[:, 8:2] of Keras code: empty
        return "has an axis of size 0 (as an empty slice gives), which Keras keeps but lstmcalc does not read"
    if isinstance(value, dict):
        # A Keras config writes a callable output_shape as a serialized function.
        return (
            "expected the output shape itself, without the batch axis (e.g. [8]), got a function of the input "
            "shape, which is code lstmcalc does not run"
        )
    return (
        "expected the output shape without the batch axis, as a list of sizes such as [8] "
        f"(or a list of such lists for several outputs), got {_describe(value)}"
    )


class Lambda(Layer[Shape]):
    """Keras's Lambda: a function of the input, which is code lstmcalc never reads, decodes or runs.

    Its ``output_shape`` (Keras's own argument: the shape without the batch axis, the batch
    axis being the input's) gives what it outputs; it has no weights. The ``function`` a
    Keras config carries (serialized bytecode or a function's name) is kept unread.
    """

    class_name = "Lambda"
    keras_takes_mask = True

    def keras_mask_rule(self, input_shape: Shape) -> MaskRule:
        """Without a ``mask`` argument, none (``compute_mask`` returns it); a given one is not followed."""
        return DROPS if self.config["mask"] is None else None

    arguments = arguments(
        *kept("function"),
        Argument("output_shape", _lambda_output_shape, None),
        *kept("mask", "arguments"),
        *COMMON_ARGUMENTS,
    )
    keras_positional = ("function", "output_shape", "mask", "arguments")
    #: The argument holding the function whose output shape Keras traces; code readers follow simple ones.
    keras_traced_function = "function"
    keras_export_refusal = (
        "is code: lstmcalc never reads its function, so it cannot write it as Keras code; "
        "export the model without it, or write the Lambda into the exported file by hand"
    )

    def output_shape(self, input_shape: Shape) -> Shapes:
        """``(batch, *output_shape)``, or one such shape per listed output, as Keras's
        ``compute_output_shape`` adds the input's batch axis."""
        wanted = self.config["output_shape"]
        if callable(wanted):
            # A rule the code reader followed (readers/lambda_shapes.py): the whole output shape, or
            # None where it cannot be sure.
            traced = wanted(input_shape)
            if traced is not None:
                return tuple(traced)
            raise LayerInputError(
                "has no output_shape, and lstmcalc cannot be sure what its function returns for its input "
                f"{describe_shape(input_shape)} (it follows indexing such as x[:, -1], mean/sum/max over "
                "literal axes, expand_dims and squeeze); give the shape it returns, without the batch axis: "
                "Lambda(..., output_shape=(8,))",
                argument="output_shape",
            )
        if wanted is None:
            raise LayerInputError(
                f"has no output_shape, and lstmcalc never runs a Lambda's function; give the shape it returns "
                f"for its input {describe_shape(input_shape)}, without the batch axis: output_shape: [8] in a "
                "spec, Lambda(..., output_shape=(8,)) in Keras",
                argument="output_shape",
            )
        batch = input_shape[0]
        if wanted and all(isinstance(item, list) for item in wanted):
            return [(batch, *item) for item in wanted]
        return (batch, *wanted)
