"""The expression tree of a parameter-count formula: it prints itself and evaluates itself.

Every node answers the same four questions: :meth:`symbolic` (``4 × units × (input_dim + units + 1)``),
:meth:`substituted` (``4 × 12 × (80 + 12 + 1)``), :meth:`value` (``4464``) and :meth:`to_json`
(the tree for ``--format json``). The formulas themselves are in :mod:`lstm_calc.formulas`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Const:
    """A number that is part of the formula itself (the 4 gates of an LSTM, the 1 of a bias)."""

    number: int

    def symbolic(self) -> str:
        return str(self.number)

    def substituted(self) -> str:
        return str(self.number)

    def value(self) -> int:
        return self.number

    def to_json(self) -> Any:
        return self.number


@dataclass(frozen=True)
class Var:
    """An option of the layer, shown by name (``units``) and by value (``12``)."""

    name: str
    number: int

    def symbolic(self) -> str:
        return self.name

    def substituted(self) -> str:
        return str(self.number)

    def value(self) -> int:
        return self.number

    def to_json(self) -> Any:
        return {"name": self.name, "value": self.number}


@dataclass(frozen=True)
class Sum:
    """``a + b + ...``."""

    parts: tuple[Expr, ...]

    def symbolic(self) -> str:
        return " + ".join(part.symbolic() for part in self.parts)

    def substituted(self) -> str:
        return " + ".join(part.substituted() for part in self.parts)

    def value(self) -> int:
        return sum(part.value() for part in self.parts)

    def to_json(self) -> Any:
        return {"sum": [part.to_json() for part in self.parts]}


@dataclass(frozen=True)
class Difference:
    """``a - b``."""

    minuend: Expr
    subtrahend: Expr

    def symbolic(self) -> str:
        return f"{self.minuend.symbolic()} - {_factor(self.subtrahend, 'symbolic')}"

    def substituted(self) -> str:
        return f"{self.minuend.substituted()} - {_factor(self.subtrahend, 'substituted')}"

    def value(self) -> int:
        return self.minuend.value() - self.subtrahend.value()

    def to_json(self) -> Any:
        return {"difference": [self.minuend.to_json(), self.subtrahend.to_json()]}


@dataclass(frozen=True)
class Product:
    """``a × b × ...``; sums and differences among the factors are parenthesized."""

    parts: tuple[Expr, ...]

    def symbolic(self) -> str:
        return " × ".join(_factor(part, "symbolic") for part in self.parts)

    def substituted(self) -> str:
        return " × ".join(_factor(part, "substituted") for part in self.parts)

    def value(self) -> int:
        return math.prod(part.value() for part in self.parts)

    def to_json(self) -> Any:
        return {"product": [part.to_json() for part in self.parts]}


Expr = Const | Var | Sum | Difference | Product


def _factor(part: Expr, how: str) -> str:
    text = getattr(part, how)()
    return f"({text})" if isinstance(part, (Sum, Difference)) else text


def sum_of(*parts: Expr | None) -> Expr:
    """A sum of the given parts, leaving out ``None`` and zero constants."""
    kept = tuple(part for part in parts if part is not None and part != Const(0))
    return kept[0] if len(kept) == 1 else Sum(kept)


def product_of(*parts: Expr) -> Expr:
    """A product of the given parts, leaving out constant factors of 1."""
    kept = tuple(part for part in parts if part != Const(1))
    return kept[0] if len(kept) == 1 else Product(kept)


def renamed(expr: Expr, names: dict[str, str]) -> Expr:
    """``expr`` with each variable ``names`` maps renamed (the others kept): one formula per stacked cell
    says which cell's ``units`` it means."""
    if isinstance(expr, Var):
        return Var(names.get(expr.name, expr.name), expr.number)
    if isinstance(expr, Sum):
        return Sum(tuple(renamed(part, names) for part in expr.parts))
    if isinstance(expr, Product):
        return Product(tuple(renamed(part, names) for part in expr.parts))
    if isinstance(expr, Difference):
        return Difference(renamed(expr.minuend, names), renamed(expr.subtrahend, names))
    return expr
