"""What ``lstmcalc params mha`` (and ``explain``) teach about MultiHeadAttention: the formula of
self-attention's count in each convention, and why Keras's per-head kernels and torch's packed
``in_proj_weight`` count the same or not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.errors import SpecError
from lstm_calc.layers.base import known_last_axis
from lstm_calc.layers.multi_head_attention_torch import TorchMultiheadAttention
from lstm_calc.layers.quick_options import QuickOptions
from lstm_calc.shapes import Shape

if TYPE_CHECKING:
    from lstm_calc.formula_expressions import Expr


class MultiHeadAttentionLessons(TorchMultiheadAttention):
    """The quick commands' side of the MultiHeadAttention kind (its class derives from this)."""

    key_dim: int
    class_name: ClassVar[str]
    torch_class_name: ClassVar[str | None]

    if TYPE_CHECKING:

        @property
        def head_value_dim(self) -> int: ...

        def torch_can_match(self, embed: int) -> bool: ...

    quick_options: ClassVar[QuickOptions | None] = QuickOptions(
        ("embed_dim", "num_heads"),
        ("key_dim", "value_dim", "use_bias"),
        "embed_dim",
        {"key_dim": KERAS, "value_dim": KERAS},
        kind="mha",
    )

    @classmethod
    def quick_layer(cls, options: Any) -> tuple[dict[str, Any], list[int | None]]:
        """Self-attention on (positions, embed_dim): Keras's ``layer(x, x)``, torch's ``mha(x, x, x)``;
        Keras's key_dim is embed_dim / num_heads when not given (a SpecError when they do not divide)."""
        embed, heads = options.embed_dim, options.num_heads
        layer: dict[str, Any] = {"num_heads": heads, "use_bias": options.get("use_bias")}
        if options.framework == PYTORCH:
            layer.update(type=cls.torch_class_name, embed_dim=embed, inputs=["x", "x", "x"])
        else:
            if not options.key_dim and embed % heads:
                raise SpecError(
                    f"--num-heads {heads} does not divide --embed-dim {embed}; give each head's size with --key-dim"
                )
            key_dim = options.key_dim or embed // heads
            layer.update(type=cls.class_name, inputs=["x", "x"])
            layer.update(
                {name: value for name, value in (("key_dim", key_dim), ("value_dim", options.value_dim)) if value}
            )
        return layer, [None, embed]

    def params_formula(self, input_shapes: list[Shape]) -> Expr:
        """Self-attention's count. Keras: ``num_heads × (2 × key_dim + value_dim) × (embed_dim + 1) +
        embed_dim × (num_heads × value_dim + 1)`` (no ``+ 1`` without a bias); torch: ``4 × embed_dim ×
        (embed_dim + 1)``."""
        from lstm_calc.formula_expressions import Const, Product, Sum, Var

        embed = Var("embed_dim", known_last_axis(input_shapes[0]))
        heads = Var("num_heads", self.num_heads)
        if self.framework == PYTORCH:
            return Product((Const(4), embed, Sum((embed, Const(1))) if self.use_bias else embed))
        key_dim, value_dim = Var("key_dim", self.key_dim), Var("value_dim", self.head_value_dim)
        projections = Sum((Product((Const(2), key_dim)), value_dim))
        if not self.use_bias:
            return Sum((Product((heads, projections, embed)), Product((heads, value_dim, embed))))
        return Sum(
            (
                Product((heads, projections, Sum((embed, Const(1))))),
                Product((embed, Sum((Product((heads, value_dim)), Const(1))))),
            )
        )

    def params_note(self, input_shapes: list[Shape]) -> str | None:
        """Why Keras's per-head kernels and torch's packed in_proj_weight count the same, or not."""
        embed = known_last_axis(input_shapes[0])
        heads = self.num_heads
        if self.framework == PYTORCH:
            head = embed // heads
            twin = self.keras_twin_params(input_shapes)
            return (
                f"keras.layers.MultiHeadAttention(num_heads={heads}, key_dim={head}) counts the same, {twin:,}: "
                f"torch's heads are embed_dim / num_heads = {head} wide, so num_heads × key_dim = embed_dim, and "
                f"Keras's per-head query, key and value kernels ({embed}, {heads}, {head}) are torch's "
                f"in_proj_weight ({3 * embed}, {embed}) in three, its attention_output/kernel ({heads}, {head}, "
                f"{embed}) torch's out_proj.weight ({embed}, {embed})."
            )
        # torch's weights on self-attention: the configuration has torch's defaults (no kdim, vdim...).
        torch_count = sum(weight.size for weight in self.torch_weights([input_shapes[0]] * 3))
        call = f"torch.nn.MultiheadAttention({embed}, {heads}{'' if self.use_bias else ', bias=False'})"
        width = f"num_heads × key_dim = {heads} × {self.key_dim} = {heads * self.key_dim}"
        if self.torch_can_match(embed):
            return (
                f"{call} counts the same, {torch_count:,}: {width} = embed_dim, so torch packs the query, key "
                f"and value kernels ({embed}, {heads}, {self.key_dim}) into in_proj_weight ({3 * embed}, {embed}) "
                f"and attention_output/kernel ({heads}, {self.key_dim}, {embed}) into out_proj.weight "
                f"({embed}, {embed})."
            )
        reasons = []
        if heads * self.key_dim != embed:
            reasons.append(f"{width}, not embed_dim {embed}")
        if self.head_value_dim != self.key_dim:
            reasons.append(f"value_dim {self.head_value_dim} is not key_dim {self.key_dim}")
        return (
            f"{call} counts {torch_count:,}: torch's heads are always embed_dim / num_heads wide for query, key "
            f"and value alike, while here {' and '.join(reasons)}."
        )
