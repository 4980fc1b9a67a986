"""The variables a compiled Keras model's optimizer holds once Keras has built it.

``keras.saving.load_model`` and ``keras.models.model_from_json`` compile a model saved after
``compile()`` again from its ``compile_config`` and build the optimizer on the model's trainable
weights (``Trainer.compile_from_config``); ``model.summary()`` then adds an ``Optimizer params``
line and counts those variables in its Total. What each optimizer makes is read from Keras 3.15's
``keras/src/optimizers``: every optimizer has an ``iteration`` counter and, unless the learning
rate is a schedule, a ``learning_rate`` variable; then copies of each trainable weight (same shape
and dtype: Adam's momentum and velocity...), and a few scalars of its own.

:class:`OptimizerSpec` is what a reader makes of the config
(:mod:`lstm_calc.readers.keras_optimizer`); :meth:`OptimizerSpec.state` counts its variables for
a model's weights, as an :class:`OptimizerState` the renderers read.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from lstm_calc.records import record

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import NamedTuple

# The type checker reads the fields from a typing.NamedTuple; at run time each is a record
# (lstm_calc.records) of the same fields, which tests/test_typed_records.py keeps alike.
if TYPE_CHECKING:

    class _OptimizerState(NamedTuple):
        class_name: str
        params: int
        bytes: int

    class _OptimizerSpec(NamedTuple):
        class_name: str
        slots: int
        scalars: tuple[int, ...]
        factored: bool = False
        first_weight_scalar: bool = False
        inner: OptimizerSpec | None = None

else:
    _OptimizerState = record("OptimizerState", ("class_name", "params", "bytes"))
    _OptimizerSpec = record(
        "OptimizerSpec",
        ("class_name", "slots", "scalars", "factored", "first_weight_scalar", "inner"),
        defaults=(False, False, None),
    )

#: Keras's ``dtype="int"`` (the iteration counter, LossScaleOptimizer's step counter, Adafactor's
#: placeholders): int32 on the torch and JAX backends, which this size follows (TensorFlow's int64
#: is 8 bytes).
INT_BYTES = 4
#: ``backend.floatx()``, the learning rate's and LossScaleOptimizer's scale's dtype: float32.
FLOATX_BYTES = 4


class OptimizerState(_OptimizerState):
    """A built optimizer: its ``class_name`` (``Adam``), how many numbers its variables hold
    (``params``, Keras's Optimizer params) and their size in ``bytes``."""

    __slots__ = ()


class OptimizerSpec(_OptimizerSpec):
    """What an optimizer makes when Keras builds it on a model's trainable weights.

    ``slots``: how many copies of each trainable weight (its shape, its dtype); ``scalars``: the
    byte size of each scalar variable of its own (the iteration counter, the learning rate...);
    ``factored``: Adafactor's factored second moments (a weight of two axes or more gets one
    variable of its shape without the last axis and one without the last but one; a smaller one
    gets two int placeholders); ``first_weight_scalar``: Nadam's ``u_product``, one number in the
    first trainable weight's dtype; ``inner``: the optimizer a LossScaleOptimizer wraps, whose
    variables it holds too.
    """

    __slots__ = ()

    def state(self, weights: Iterable[tuple[tuple[int, ...], int]]) -> OptimizerState:
        """The variables built on ``weights``, the model's trainable weights in order, each its
        ``(shape, bytes per number)``."""
        weights = list(weights)
        params, size = self._count(weights)
        return OptimizerState(self.class_name, params, size)

    def _count(self, weights: list[tuple[tuple[int, ...], int]], wrapped: bool = False) -> tuple[int, int]:
        # ``wrapped``: built by a LossScaleOptimizer, whose build tracks no variable assigned as a plain
        # attribute (``@tracking.no_automatic_dependency_tracking``): Nadam's u_product and Adafactor's int
        # placeholders exist but are not among its variables, nor in the summary's count.
        params = len(self.scalars)
        size = sum(self.scalars)
        for shape, element in weights:
            numbers = math.prod(shape)
            params += self.slots * numbers
            size += self.slots * numbers * element
            if self.factored:
                if len(shape) < 2:
                    if not wrapped:
                        params, size = params + 2, size + 2 * INT_BYTES
                else:
                    factors = math.prod(shape[:-1]) + math.prod(shape[:-2]) * shape[-1]
                    params, size = params + factors, size + factors * element
        if self.first_weight_scalar and not wrapped:
            params, size = params + 1, size + (weights[0][1] if weights else FLOATX_BYTES)
        if self.inner is not None:
            inner_params, inner_size = self.inner._count(weights, wrapped=True)
            params, size = params + inner_params, size + inner_size
        return params, size
