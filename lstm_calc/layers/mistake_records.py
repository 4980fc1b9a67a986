"""The records of ``lstmcalc why``'s catalogue: a layer on an input (:class:`Case`), where it sits
(:class:`Setting`), a mistake (:class:`Mistake`) and what it gives (:class:`Variation`), and the
varied layers mistakes are made of. The catalogue itself is :mod:`lstm_calc.layers.mistakes`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from lstm_calc.formula_expressions import Expr, product_of
from lstm_calc.layers.base import Layer
from lstm_calc.shapes import Shape, Shapes


@dataclass(frozen=True)
class Case:
    """A layer on an input shape, and a factor a mistake puts in front of its count (None: none)."""

    layer: Layer[Any]
    #: The layer's input; a list of shapes for a layer of several tensors (MultiHeadAttention).
    input_shape: Shapes
    factor: Expr | None = None

    def formula(self) -> Expr:
        """The layer's own formula on the input shape, times the factor."""
        own = self.layer.params_formula(self.input_shape)
        return own if self.factor is None else product_of(self.factor, own)

    def count(self) -> int:
        """What the formula comes to."""
        return self.formula().value()


@dataclass(frozen=True)
class Setting:
    """Where the layer sits, for the mistakes about its surroundings.

    ``name`` is the layer's name in the model (None for a layer described by options);
    ``source`` the layer feeding it and ``source_input`` that layer's input shape (None when
    the layer reads a model input); ``source_reads_input`` whether the source reads a model input.
    """

    name: str | None = None
    source: str | None = None
    source_input: Shape | None = None
    source_reads_input: bool = False

    @property
    def subject(self) -> str:
        """How sentences name the layer: ```lstm_1``` in a model, ``this layer`` alone."""
        return f"`{self.name}`" if self.name else "this layer"


@dataclass(frozen=True)
class Variation:
    """A mistake made on a case: the case it gives, what was counted, and what is right instead."""

    case: Case
    #: What the wrong count is: ``the count without the bias``.
    counted: str
    #: Why the right count differs: ``Keras's LSTM keeps a bias (use_bias: true)``.
    reason: str


@dataclass(frozen=True)
class Mistake:
    """One known mistake: a key for JSON and tests, and how it varies a case (None: it does not apply)."""

    key: str
    vary: Callable[[Case, Setting], Variation | None]


# ---------------------------------------------------------------------------------------------
# Varied layers: the same class and configuration, one thing changed


def with_config(varied: Layer[Any], /, **changes: Any) -> Layer[Any]:
    """``varied`` with some arguments changed, under the same convention."""
    return type(varied)({**varied.config, **changes}, varied.framework)


def with_declared(layer: Layer[Any], **declared: Any) -> Layer[Any]:
    """``layer`` whose kind declares something else (``gate_blocks = 3``, ``bias_vectors``):
    a subclass of its own class, so that its weights and formula change together."""
    varied = type(type(layer).__name__, (type(layer),), declared)
    return cast("Layer[Any]", varied(dict(layer.config), layer.framework))
