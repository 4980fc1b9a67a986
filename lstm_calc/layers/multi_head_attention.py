"""Keras 3's MultiHeadAttention over [query, value] or [query, value, key], with its per-head projections."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar

from lstm_calc.amount import Amount, positions
from lstm_calc.arguments import (
    KERAS,
    PYTORCH,
    Argument,
    _describe,
    arguments,
    boolean,
    fraction,
    is_integer,
    json_schema,
    kept,
    optional_positive_int,
    positive_int,
)
from lstm_calc.layers.base import COMMON_ARGUMENTS, LayerInputError, Weight
from lstm_calc.layers.multi_head_attention_torch import TORCH_ARGUMENTS, TorchMultiheadAttention
from lstm_calc.layers.multi_input import MultiInputLayer
from lstm_calc.layers.quick_options import QuickOptions
from lstm_calc.layers.torch_code import TorchModule
from lstm_calc.shapes import Shape, Shapes, describe_shape

if TYPE_CHECKING:
    from lstm_calc.formula_expressions import Expr
    from lstm_calc.layers.lessons import Lesson


@json_schema(
    {
        "anyOf": [
            {"type": "null"},
            {"type": "integer", "minimum": 0},
            {"type": "array", "items": {"type": "integer", "minimum": 1}},
        ]
    }
)
def _projected_shape(value: Any) -> str | None:
    """Keras's ``output_shape``: null, one size or a list of sizes; 0 and [] mean null (Keras tests it for truth)."""
    if value is None or (is_integer(value) and value >= 0):
        return None
    if isinstance(value, list) and all(is_integer(item) and item > 0 for item in value):
        return None
    return (
        f"expected a positive integer or a list of them (the axes after the query's positions), got {_describe(value)}"
    )


@json_schema({"anyOf": [{"type": "null"}, {"type": "integer"}, {"type": "array", "items": {"type": "integer"}}]})
def _axes(value: Any) -> str | None:
    """Keras's ``attention_axes``: null (every axis between batch and features), one axis or a list of them."""
    if value is None or is_integer(value):
        return None
    if isinstance(value, list) and all(is_integer(item) for item in value):
        return None
    return f"expected an axis number or a list of them, got {_describe(value)}"


@json_schema({"type": ["boolean", "null"]})
def _optional_boolean(value: Any) -> str | None:
    return None if value is None or isinstance(value, bool) else f"expected true, false or null, got {_describe(value)}"


class MultiHeadAttention(TorchMultiheadAttention, MultiInputLayer):
    """Multi-head dot-product attention, as ``keras.layers.MultiHeadAttention`` builds it.

    Inputs, as a graph spec lists them: ``[query, value]`` or ``[query, value, key]`` (the key
    defaults to the value); Keras calls it ``layer(query, value, key)``. With E the query's last
    axis, H ``num_heads``, dk ``key_dim`` and dv ``value_dim`` (dk by default), Keras's
    ``EinsumDense`` projections create, in this order:

    - ``query/kernel`` (E, H, dk) and ``query/bias`` (H, dk)
    - ``key/kernel`` (key features, H, dk) and ``key/bias`` (H, dk)
    - ``gate/kernel`` (E, H, dv) and ``gate/bias`` (H, dv), with ``use_gate`` only
    - ``value/kernel`` (value features, H, dv) and ``value/bias`` (H, dv)
    - ``attention_output/kernel`` (H, dv, *out) and ``attention_output/bias`` (*out), where out
      is ``output_shape`` or (E,)

    no bias at all with ``use_bias: false``. The output is the query's shape with its last axis
    replaced by ``output_shape`` (the query's own by default). Under ``framework: pytorch`` the
    kind is ``torch.nn.MultiheadAttention``, with torch's arguments, inputs (query, key, value),
    outputs and parameters (:mod:`lstm_calc.layers.multi_head_attention_torch`); what ``params``
    and ``explain`` teach about it is in :mod:`lstm_calc.layers.multi_head_attention_lessons`.

    ``return_attention_scores`` is a *call* argument in Keras 3 (``layer(q, v,
    return_attention_scores=True)``), which a spec gives as the layer's own (the Keras readers
    take it from the call, the exporter writes it there): the layer then outputs [output,
    scores], the scores shaped as Keras's forward pass shapes them, (batch, unattended axes...,
    H, attended query axes..., attended value axes...), (batch, H, Tq, Tv) by default. Keras's
    symbolic call, and so its summary, says (batch, H, Tq, Tq) instead (``compute_output_spec``
    takes the query's length for the value's, and ignores other ranks): lstmcalc prints the
    shape the layer really returns.

    Keras builds three things its forward pass then fails on, which lstmcalc refuses: inputs
    of rank 2 (batch, features), a query, value and key of different ranks, and position axes
    ``attention_axes`` leaves out that differ between query and value.

    MACs per sample, with Pq the query's positions (the axes between batch and features) and
    Pv the value's: Pq·E·H·dk (query) + Pv·Ek·H·dk (key) + Pv·Ev·H·dv (value) [+ Pq·E·H·dv
    (gate)] + Pq·Pv·H·dk (scores) + Pq·Pv·H·dv (weighted sum of values) + Pq·H·dv·prod(out)
    (output projection); with ``attention_axes`` naming only some position axes, Pv counts
    the value's sizes on those axes alone, the others pairing one to one with the query's.
    Softmax, scaling and biases are not multiply-accumulates.
    """

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config;
    # ``output_shape`` is read from config, as the name is the shape rule's).
    num_heads: int
    key_dim: int
    value_dim: int | None
    dropout: float
    use_bias: bool
    use_gate: bool
    attention_axes: int | list[int] | None
    flash_attention: bool | None
    return_attention_scores: bool

    class_name = "MultiHeadAttention"
    torch_class_name = "MultiheadAttention"
    input_count = (2, 3)
    keras_call_arguments = ("query", "value", "key")
    torch_call_arguments = ("query", "key", "value")
    keras_built_sublayers = ("Softmax", "Dropout")  # _build_attention(): named after the model's own layers so far
    keras_call_options = ("return_attention_scores",)
    keras_optional_call_tensors = ("key", "query_mask", "value_mask", "key_mask", "attention_mask")
    # Keras's arguments are accepted under PyTorch too: a layer written in Keras's terms (it gives
    # key_dim, which Keras requires and torch has not) is torch.nn.MultiheadAttention where torch can
    # compute the same thing (TorchMultiheadAttention.torch_check_input says where not).
    arguments = arguments(
        Argument("num_heads", positive_int),
        Argument("key_dim", positive_int, required_under=KERAS),
        Argument("value_dim", optional_positive_int, None),
        Argument("dropout", fraction, 0.0),
        Argument("use_bias", boolean, True, aliases=("bias",)),
        Argument("output_shape", _projected_shape, None),
        Argument("attention_axes", _axes, None),
        Argument("sliding_window", optional_positive_int, None),
        Argument("flash_attention", _optional_boolean, None),
        *kept(
            "kernel_initializer",
            "bias_initializer",
            "kernel_regularizer",
            "bias_regularizer",
            "kernel_constraint",
            "bias_constraint",
        ),
        Argument("use_gate", boolean, False),
        *kept("seed"),
        # A call argument that specs give the layer (keras=False: not the constructor's).
        Argument("return_attention_scores", boolean, False, keras=False),
        *TORCH_ARGUMENTS,
        *COMMON_ARGUMENTS,
    )
    keras_positional = (
        "num_heads",
        "key_dim",
        "value_dim",
        "dropout",
        "use_bias",
        "output_shape",
        "attention_axes",
        "sliding_window",
        "flash_attention",
    )

    # -- sizes ------------------------------------------------------------------------

    @property
    def head_value_dim(self) -> int:
        """dv: ``value_dim``, or ``key_dim`` when it is left out (Keras's ``value_dim if value_dim else key_dim``)."""
        return self.value_dim or self.key_dim

    def projected_axes(self, query: Shape) -> tuple[int, ...]:
        """The output's axes after the query's positions: ``output_shape``, or the query's features."""
        wanted = self.config["output_shape"]
        if not wanted:
            return (_features(query, "query"),)
        return tuple(wanted) if isinstance(wanted, list) else (wanted,)

    # -- shape rules -----------------------------------------------------------------

    def check_input(self, input_shapes: list[Shape]) -> None:
        if self.framework == PYTORCH:
            self.torch_check_input(input_shapes)
            return
        super().check_input(input_shapes)
        if self.flash_attention and self.return_attention_scores:
            raise LayerInputError(
                "returns attention scores with flash_attention: true, which Keras refuses (flash attention "
                "computes no scores); set flash_attention: null",
                argument="return_attention_scores",
            )
        if self.flash_attention and self.dropout > 0:
            raise LayerInputError(
                "has dropout with flash_attention: true, which Keras refuses (flash attention has no dropout); "
                "set dropout: 0 or flash_attention: null",
                argument="dropout",
            )
        query, value, key = _roles(input_shapes)
        # Keras builds these three but its forward pass fails on them: lstmcalc follows the forward pass.
        if len(query) < 3:
            raise LayerInputError(
                f"needs a query of at least 3 dimensions (batch, positions, features) but receives "
                f"{describe_shape(query)}; Keras builds it on (batch, features) but cannot run it",
                wants_more_axes=True,
            )
        if len({len(shape) for shape in input_shapes}) > 1:
            raise LayerInputError(
                "needs a query, value and key of one rank but receives "
                + ", ".join(describe_shape(shape) for shape in input_shapes)
                + "; Keras builds it but cannot run it"
            )
        if value[1:-1] != key[1:-1]:
            raise LayerInputError(
                "needs a value and a key that agree on every axis but the last, as Keras requires, but receives "
                f"value {describe_shape(value)} and key {describe_shape(key)}"
            )
        attended = self.attended_axes(query)
        for axis in range(1, len(query) - 1):
            if axis not in attended and None not in (query[axis], value[axis]) and query[axis] != value[axis]:
                raise LayerInputError(
                    f"attends over axes {attended}, so axis {axis} pairs the query's positions with the value's one "
                    f"to one, but receives query {describe_shape(query)} and value {describe_shape(value)}; "
                    "Keras builds it but cannot run it"
                )

    def output_shape(self, input_shapes: list[Shape]) -> Shapes:
        if self.framework == PYTORCH:
            return self.torch_output_shape(input_shapes)
        query, value = input_shapes[0], input_shapes[1]
        output = query if not self.config["output_shape"] else (*query[:-1], *self.projected_axes(query))
        if not self.return_attention_scores:
            return output
        attended = self.attended_axes(query)
        # The unattended axes pair the query's positions with the value's one to one (check_input).
        unattended = [
            value[axis] if query[axis] is None else query[axis]
            for axis in range(1, len(query) - 1)
            if axis not in attended
        ]
        scores = (
            query[0],
            *unattended,
            self.num_heads,
            *(query[axis] for axis in attended),
            *(value[axis] for axis in attended),
        )
        return [output, scores]

    def keras_disputed_outputs(self, input_shapes: list[Shape]) -> dict[int, str]:
        if self.framework == PYTORCH or not self.return_attention_scores:
            return {}
        produced = self.output_shape(input_shapes)
        assert isinstance(produced, list)  # [output, scores]
        forward = produced[1]
        query = input_shapes[0]
        summary = (query[0], self.num_heads, query[1], query[1])  # Keras's compute_output_spec, whatever the axes
        if tuple(forward) == summary:
            return {}
        return {
            1: f"Keras's summary gives its attention scores {describe_shape(summary)}, its forward pass "
            f"{describe_shape(forward)}"
        }

    @classmethod
    def keras_call_gives_several_outputs(cls, options: dict[str, Any]) -> bool:
        """With ``return_attention_scores=True``, Keras's call returns [output, scores]."""
        return options.get("return_attention_scores") is True

    def weights(self, input_shapes: list[Shape]) -> list[Weight]:
        if self.framework == PYTORCH:
            return self.torch_weights(input_shapes)
        query, value, key = _roles(input_shapes)
        heads, key_dim, value_dim = self.num_heads, self.key_dim, self.head_value_dim
        features = _features(query, "query")
        projections = [
            ("query", features, key_dim),
            ("key", _features(key, _key_role(input_shapes)), key_dim),
            *([("gate", features, value_dim)] if self.use_gate else []),
            ("value", _features(value, "value"), value_dim),
        ]
        weights = []
        for name, size_in, head_size in projections:
            weights.append(Weight(f"{name}/kernel", (size_in, heads, head_size)))
            if self.use_bias:
                weights.append(Weight(f"{name}/bias", (heads, head_size)))
        projected = self.projected_axes(query)
        weights.append(Weight("attention_output/kernel", (heads, value_dim, *projected)))
        if self.use_bias:
            weights.append(Weight("attention_output/bias", projected))
        return weights

    def macs(self, input_shapes: list[Shape], output_shape: Shapes) -> Amount:
        """The projections, the scores and the weighted sum (see the class docstring for the formula)."""
        if self.framework == PYTORCH:
            return self.torch_macs(input_shapes)
        query, value, key = _roles(input_shapes)
        heads, key_dim, value_dim = self.num_heads, self.key_dim, self.head_value_dim
        features = _features(query, "query")
        query_positions, value_positions = positions(query[1:-1]), positions(value[1:-1])
        attended = positions(value[axis] for axis in self.attended_axes(query))
        pairs = query_positions.times(attended)
        total = query_positions * (features * heads * key_dim)
        total = total + value_positions * (_features(key, _key_role(input_shapes)) * heads * key_dim)
        total = total + value_positions * (_features(value, "value") * heads * value_dim)
        if self.use_gate:
            total = total + query_positions * (features * heads * value_dim)
        total = total + pairs * (heads * key_dim) + pairs * (heads * value_dim)
        return total + query_positions * (heads * value_dim * math.prod(self.projected_axes(query)))

    def attended_axes(self, query: Shape) -> list[int]:
        """The value's axes the scores run over, from ``attention_axes`` as Keras normalises them.

        Keras counts axes on the projected query (batch, positions..., heads, dk) and refuses
        an axis past its end; it lets the batch and heads axes through, which add no position.
        """
        rank = len(query) + 1
        given = self.attention_axes
        if given is None:
            return list(range(1, len(query) - 1))
        axes = [given] if isinstance(given, int) else list(given)
        normalised = [axis if axis >= 0 else rank - 1 + axis for axis in axes]
        for place in normalised:
            if not -rank <= place < rank:
                raise LayerInputError(
                    f"has attention_axes {given}, but the projected query (batch, positions, heads, key_dim) has "
                    f"{rank} axes; attend over the query's positions, axes 1 to {len(query) - 2}",
                    argument="attention_axes",
                )
        return [place for place in dict.fromkeys(normalised) if 1 <= place <= len(query) - 2]

    # -- export --to pytorch ------------------------------------------------------------

    torch_module_takes_tensors = True
    # forward calls F.multi_head_attention_forward with out_proj's weights, never out_proj itself.
    torch_has_uncalled_submodules = True

    def torch_module(self, input_shapes: list[Shape]) -> TorchModule | None:
        """``nn.MultiheadAttention(E, H, ...)`` under the PyTorch convention; none for Keras's layer yet."""
        return self.torch_module_of(input_shapes) if self.framework == PYTORCH else None

    def torch_node_lines(
        self, module: str, name: str, tensors: list[str], states: list[str], input_shape: Shape, shape: str
    ) -> list[str]:
        return [f"{name} = {self.torch_call_of(module, tensors)}{shape}"]

    # -- --compare --------------------------------------------------------------------

    def counterpart_params(self, input_shapes: list[Shape]) -> int | None:
        """torch.nn.MultiheadAttention(E, H, kdim, vdim, bias)'s count, where it can be the same layer.

        torch projects query, key and value to E = H·head_dim and back to E, so it needs
        H·dk = E, dv = dk, no other output size and no gate: in_proj_weight (3E, E) when kdim =
        vdim = E (else q/k/v_proj_weight (E, E), (E, kdim), (E, vdim)), in_proj_bias (3E,),
        out_proj.weight (E, E) and out_proj.bias (E,).
        """
        if self.framework == PYTORCH:
            return self.keras_twin_params(input_shapes)
        query, value, key = _roles(input_shapes)
        embed = _features(query, "query")
        if not self.torch_can_match(embed):
            return None
        kdim, vdim = _features(key, _key_role(input_shapes)), _features(value, "value")
        bias = 3 * embed + embed if self.use_bias else 0
        return embed * embed + kdim * embed + vdim * embed + embed * embed + bias

    def torch_can_match(self, embed: int) -> bool:
        """Whether torch.nn.MultiheadAttention can be this layer: H·dk = E, dv = dk, out E, no gate."""
        projected = self.projected_axes((None, embed))
        return (
            self.num_heads * self.key_dim == embed
            and self.head_value_dim == self.key_dim
            and (projected == (embed,) and not self.use_gate)
        )

    def count_note(self, keras: int | None, torch: int | None) -> str:
        if keras is None:
            return "keras.layers.MultiHeadAttention adds no key and value positions (add_bias_kv, add_zero_attn)"
        if torch is None:
            return (
                "torch.nn.MultiheadAttention only when num_heads × key_dim = value_dim × num_heads = the query's "
                "features, with no output_shape or gate"
            )
        return self.weights_note(keras, torch)

    def weights_note(self, keras: int | None, torch: int | None) -> str:
        return (
            "the same count: torch packs Keras's per-head query/key/value kernels (E, heads, key_dim) into "
            "in_proj_weight (3E, E) (q/k/v_proj_weight when kdim or vdim differ from E) and "
            "attention_output/kernel (heads, key_dim, E) into out_proj.weight (E, E)"
        )

    # -- lstmcalc params and explain: their functions are imported only when asked ------------

    quick_options: ClassVar[QuickOptions | None] = QuickOptions(
        ("embed_dim", "num_heads"),
        ("key_dim", "value_dim", "use_bias"),
        "embed_dim",
        {"key_dim": KERAS, "value_dim": KERAS},
        kind="mha",
    )
    explains_lesson = True

    @classmethod
    def quick_layer(cls, options: Any) -> tuple[dict[str, Any], list[int | None]]:
        from lstm_calc.layers import multi_head_attention_lessons

        return multi_head_attention_lessons.quick_layer(cls, options)

    def params_formula(self, input_shapes: list[Shape]) -> Expr:
        from lstm_calc.layers import multi_head_attention_lessons

        return multi_head_attention_lessons.params_formula(self, input_shapes)

    def params_note(self, input_shapes: list[Shape]) -> str | None:
        from lstm_calc.layers import multi_head_attention_lessons

        return multi_head_attention_lessons.params_note(self, input_shapes)

    def explained_lesson(self, input_shapes: list[Shape]) -> Lesson | None:
        from lstm_calc.layers import multi_head_attention_lessons

        return multi_head_attention_lessons.explained_lesson(self, input_shapes)


def _key_role(input_shapes: list[Shape]) -> str:
    """What messages call the tensor the key projection reads: the value, when no key is given."""
    return "key" if len(input_shapes) > 2 else "value"


def _roles(input_shapes: list[Shape]) -> tuple[Shape, Shape, Shape]:
    """(query, value, key): Keras takes the value as the key when no key is given."""
    query, value = input_shapes[0], input_shapes[1]
    return query, value, input_shapes[2] if len(input_shapes) > 2 else value


def _features(shape: Shape, role: str) -> int:
    """The last axis of the query, value or key, which sizes a projection and so must be known."""
    features = shape[-1]
    if features is None:
        raise LayerInputError(
            f"needs a known last axis (features) on the {role} to size its projections "
            f"but receives {describe_shape(shape)}"
        )
    return features
