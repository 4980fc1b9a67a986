"""What ``lstmcalc explain`` shows for a kind without a recurrent cell (MultiHeadAttention): steps
grouped in sections, each step an equation with the shapes of its terms.

A kind answers :meth:`~lstm_calc.layers.base.Layer.explained_lesson` with these records; the
explain renderer lays them out at any width and writes them as JSON as they are.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LessonStep:
    """One step: what it is (``query``), its equation, and its terms with their shapes
    (``W^Q_h (64, 16)``; the last one the result, ``-> Q_h (16,)``)."""

    label: str
    equation: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class LessonSection:
    """A heading, its steps, and sentences after them."""

    heading: str
    steps: tuple[LessonStep, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    """A paragraph on the sizes, then the sections."""

    intro: str
    sections: tuple[LessonSection, ...]
