"""Attention layers over [query, value] or [query, value, key]: Attention and AdditiveAttention."""

from __future__ import annotations

from lstm_calc.arguments import Argument, arguments, boolean, fraction, kept, one_of
from lstm_calc.layers.base import COMMON_ARGUMENTS, LayerInputError, Weight
from lstm_calc.layers.multi_input import MultiInputLayer
from lstm_calc.shapes import Shape, Shapes, describe_shape


class BaseAttention(MultiInputLayer):
    """Output: the query's shape with the value's last axis, ``(batch, Tq, dim)``."""

    input_count = (2, 3)
    keras_takes_mask = True  # a list: the query's mask and the value's

    def output_shape(self, input_shapes: list[Shape]) -> Shapes:
        query, value = input_shapes[0], input_shapes[1]
        return (*query[:-1], value[-1])


class Attention(BaseAttention):
    """Dot-product (Luong) attention: a scalar ``scale`` with ``use_scale``, and one for ``score_mode: concat``."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    use_scale: bool
    score_mode: str

    class_name = "Attention"
    arguments = arguments(
        Argument("use_scale", boolean, False),
        Argument("score_mode", one_of("dot", "concat"), "dot"),
        Argument("dropout", fraction, 0.0),
        *kept("seed"),
        *COMMON_ARGUMENTS,
    )

    def weights(self, input_shapes: list[Shape]) -> list[Weight]:
        weights = []
        if self.use_scale:
            weights.append(Weight("scale", ()))
        if self.score_mode == "concat":
            weights.append(Weight("concat_score_weight", ()))
        return weights


class AdditiveAttention(BaseAttention):
    """Additive (Bahdanau) attention: a ``scale`` vector of the query's size with ``use_scale`` (the default)."""

    # The arguments this kind reads as attributes (Layer.__getattr__ serves them from config).
    use_scale: bool

    class_name = "AdditiveAttention"
    arguments = arguments(
        Argument("use_scale", boolean, True),
        Argument("dropout", fraction, 0.0),
        *kept("seed"),
        *COMMON_ARGUMENTS,
    )

    def weights(self, input_shapes: list[Shape]) -> list[Weight]:
        if not self.use_scale:
            return []
        size = input_shapes[0][-1]
        if size is None:
            raise LayerInputError(
                f"needs a known last axis on the query to size its scale but receives {describe_shape(input_shapes[0])}"
            )
        return [Weight("scale", (size,))]
