"""What a Keras 3 layer does with a mask (a part of every Layer).

Keras attaches a mask to a tensor: ``Embedding(mask_zero=True)`` and ``Masking`` compute one
with operations of their own (``ops.not_equal``, ``ops.any``), which a functional model's
summary lists as rows; a layer called on a masked tensor keeps that mask on its output,
drops it, or (merge layers, attention) computes another with more operations
(``Layer._set_mask_metadata`` calling the layer's ``compute_mask``). A layer whose call
takes a ``mask`` is handed the mask, which its row then lists in Connected to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from collections.abc import Mapping

    from lstm_calc.shapes import Shape

#: The first output carries the mask the input does (Keras's default ``compute_mask``).
KEEPS = "keeps"
#: No output carries a mask (a layer without ``supports_masking``, or whose ``compute_mask`` gives None).
DROPS = "drops"

#: For a layer taking several tensors: no mask out where one of them carries none; where every one carries
#: one, the merge layers' ``compute_mask`` joins them with operations (``logical_or``), not followed.
UNLESS_ALL = "drops unless all"

#: One operation a layer's ``compute_mask`` records: Keras's class name (``NotEqual``) and its output
#: shape. Each takes the output of the one before it; the first takes the layer's input.
MaskOperation = tuple[str, "Shape"]

#: What a layer does with a mask: :data:`KEEPS`, :data:`DROPS`, the operations that make its own mask
#: from its input (whatever mask the input carries), :data:`UNLESS_ALL`, or None where lstmcalc does not know.
MaskRule = str | tuple[MaskOperation, ...] | None


class KerasMasks:
    """What Keras 3's ``compute_mask`` does for a layer kind, as checked against real Keras."""

    #: The rule for a kind whose rule does not depend on its arguments; None: a masked tensor
    #: reaching the layer is refused rather than guessed at.
    keras_mask: ClassVar[MaskRule] = None

    def keras_mask_rule(self, input_shape: Shape) -> MaskRule:
        """What the layer does with a mask when called on a tensor of ``input_shape``
        (:data:`KEEPS`, :data:`DROPS`, the operations making its own, or None: not known)."""
        return self.keras_mask

    @classmethod
    def keras_makes_mask(cls, arguments: Mapping[str, Any]) -> bool:
        """Whether a call of this kind, given ``arguments``, makes a mask with operations of its own whatever
        its input (Keras names them from its counters, even where no layer takes the mask)."""
        return False
