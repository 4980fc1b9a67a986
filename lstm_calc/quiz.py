"""``lstmcalc quiz``: practice questions on parameter counts, shapes, weights and MACs, and their answers.

A question is a small model (a plain spec mapping, built by
:func:`lstm_calc.spec_mapping.model_from_mapping` and summarised by the same classes as
``summary``), a layer of it and a fact about that layer; its answer is read from the
summary, never computed here. A wrong count is explained by :mod:`lstm_calc.why`.
The models themselves are drawn by :mod:`lstm_calc.quiz_models` from a seeded generator,
so ``--seed`` gives the same questions again.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.quiz_models import LEVELS, draw_model, one_line

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lstm_calc.shapes import Shape
    from lstm_calc.summary import LayerSummary
    from lstm_calc.why import Diagnosis

TOPICS = ("params", "shapes", "weights", "macs")
FRAMEWORK_CHOICES = ("keras", "pytorch", "both")

#: An answer: a count, or a shape (``None`` for an axis of any size, the batch).
Answer = int | tuple[int | None, ...]


@dataclass(frozen=True)
class Question:
    """One question: the model (a spec mapping), the layer asked about and what about it, and the answer."""

    number: int
    topic: str
    level: int
    framework: str
    spec: dict[str, Any]
    layer: str
    #: ``params``, ``macs``, ``output``, ``state N`` (the N-th state the layer returns) or ``weight NAME``.
    fact: str
    text: str
    answer: Answer
    #: How the answer comes about, shown after a wrong answer: the formula with its numbers, a shape rule.
    working: str

    @property
    def answer_text(self) -> str:
        return format_answer(self.answer)


@dataclass(frozen=True)
class Verdict:
    """An answer checked: right or not, what was read from it, and for a wrong count the diagnosis."""

    question: Question
    given: str
    right: bool
    read: Answer | None
    diagnosis: Diagnosis | None = None


def format_answer(answer: Answer) -> str:
    """``98,816`` or ``(None, 5, 64)``."""
    if isinstance(answer, int):
        return f"{answer:,}"
    return "(" + ", ".join(str(size) for size in answer) + ("," if len(answer) == 1 else "") + ")"


_TORCH_GROUP = re.compile(r"_l\d+(_reverse)?$")
# ASCII digits: str.isdigit() and \d take others that int() refuses (², ٤).
_NUMBER = re.compile(r"^[0-9][0-9,_' ]*$")
#: More digits than any count or size has: read as no answer (int() refuses over 4,300 digits).
_MAX_DIGITS = 30
_ANY_SIZE = {"none", "batch", "b", "?", "n", "null", "-1"}


def read_answer(text: str, shape: bool) -> Answer | None:
    """A count (``98816``, ``98,816``) or a shape (``(None, 64)``, ``None, 64``, ``[batch, 64]``), or None."""
    text = text.strip()
    if not shape:
        digits = re.sub(r"[,_' ]", "", text)
        return int(digits) if _NUMBER.match(text) and len(digits) <= _MAX_DIGITS else None
    inner = text.strip("()[] ")
    sizes: list[int | None] = []
    for part in (part.strip() for part in inner.split(",")):
        if part.lower() in _ANY_SIZE:
            sizes.append(None)
        elif _NUMBER.match(part) and part.isdigit() and len(part) <= _MAX_DIGITS:
            sizes.append(int(part))
        elif part:
            return None
    return tuple(sizes) if sizes else None


def split_answers(text: str) -> list[str]:
    """``--answers 49920,(None, 64),98816`` as its answers: commas inside brackets belong to a shape."""
    answers, depth, current = [], 0, ""
    for character in text:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(character, 0)
        if character == "," and depth <= 0:
            answers.append(current.strip())
            current = ""
        else:
            current += character
    return [*answers, current.strip()] if current.strip() or answers else []


def questions(count: int, seed: int, topic: str = "all", framework: str = "both", level: int = 1) -> list[Question]:
    """``count`` questions drawn from ``seed``: the same arguments give the same questions."""
    return list(drawn_questions(count, seed, topic, framework, level))


def drawn_questions(
    count: int, seed: int, topic: str = "all", framework: str = "both", level: int = 1
) -> Iterator[Question]:
    """:func:`questions`, each drawn when it is asked for."""
    generator = random.Random(seed)
    for number in range(1, count + 1):
        chosen_topic = generator.choice(TOPICS) if topic == "all" else topic
        chosen_framework = generator.choice((KERAS, PYTORCH)) if framework == "both" else framework
        yield _question(number, generator, chosen_topic, chosen_framework, level)


def _question(number: int, generator: random.Random, topic: str, framework: str, level: int) -> Question:
    from lstm_calc.graph import infer
    from lstm_calc.spec_mapping import model_from_mapping

    spec, asked = draw_model(generator, framework, level, topic)
    model = model_from_mapping(spec, "<quiz>")
    rows = list(infer(model).layers)
    row = rows[asked]
    fact, answer, working = _fact(generator, topic, row)
    if topic == "params":
        from lstm_calc.formulas import layer_calculation

        working = layer_calculation(model.layers[asked].layer, _first(row.input_shape), row.weights).line
    subject = f"`{row.name}`" if len(rows) == 1 else f"`{row.name}` (layer {asked + 1} of {len(rows)})"
    text = f"{one_line(spec)}\n{_asking(fact, subject, framework)}"
    return Question(number, topic, level, framework, spec, row.name, fact, text, answer, working)


def _fact(generator: random.Random, topic: str, row: LayerSummary) -> tuple[str, Answer, str]:
    """What is asked of ``row`` for ``topic``, its answer, and the working shown after a wrong answer."""
    if topic == "params":
        return "params", sum(weight.size for weight in row.weights), ""
    if topic == "macs":
        macs = row.macs.fixed
        matrices = " + ".join(
            f"{weight.name} {_times(weight.shape)}" for weight in row.weights if len(weight.shape) > 1
        )
        return "macs", macs, f"every element of {matrices} multiplies once per position of the input: {macs:,}"
    if topic == "weights":
        weight = generator.choice([weight for weight in row.weights if len(weight.shape) > 1])
        # torch.nn's stacked layers and directions: only the asked one's tensors (weight_ih_l1_reverse...).
        group = _TORCH_GROUP.search(weight.name)
        listed = ", ".join(
            f"{other.name} {format_answer(other.shape)}"
            for other in row.weights
            if group is None or other.name.endswith(group.group(0))
        )
        return f"weight {weight.name}", tuple(weight.shape), f"`{row.name}` holds {listed}"
    outputs: list[Shape] = row.output_shape if isinstance(row.output_shape, list) else [row.output_shape]
    index = generator.randrange(len(outputs))
    fact = "output" if index == 0 else f"state {index}"
    rule = f"`{row.name}` takes {format_answer(_first(row.input_shape))} and returns " + (
        ", ".join(format_answer(shape) for shape in outputs)
    )
    return fact, tuple(outputs[index]), rule


def _first(shapes: Any) -> Shape:
    first: Shape = shapes[0] if isinstance(shapes, list) else shapes
    return first


def _times(shape: tuple[int, ...]) -> str:
    return "×".join(str(size) for size in shape)


def _asking(fact: str, subject: str, framework: str) -> str:
    if fact == "params":
        return f"How many parameters does {subject} have?"
    if fact == "macs":
        return f"How many multiply-accumulates (MACs) does {subject} do for one sample?"
    if fact.startswith("weight "):
        return f"What is the shape of the weight `{fact.removeprefix('weight ')}` of {subject}?"
    if fact == "output":
        return f"What is the shape of {subject}'s output? (None for the batch)"
    names = {KERAS: ("the output", "h", "c"), PYTORCH: ("output", "h_n", "c_n")}[framework]
    state = int(fact.removeprefix("state "))
    return f"What is the shape of the state {names[min(state, 2)]} {subject} returns? (None for the batch)"


def check(question: Question, given: str) -> Verdict:
    """Check an answer; a wrong parameter count is diagnosed as ``lstmcalc why`` does."""
    read = read_answer(given, shape=not isinstance(question.answer, int))
    right = read == question.answer
    diagnosis = None
    if not right and question.fact == "params" and isinstance(read, int):
        from lstm_calc.graph import infer
        from lstm_calc.spec_mapping import model_from_mapping
        from lstm_calc.why import diagnose_model_layer

        model = model_from_mapping(question.spec, "<quiz>")
        diagnosis = diagnose_model_layer(model, infer(model), question.layer, read)
    return Verdict(question, given, right, read, diagnosis)


__all__ = [
    "FRAMEWORK_CHOICES",
    "LEVELS",
    "TOPICS",
    "Question",
    "Verdict",
    "check",
    "drawn_questions",
    "questions",
    "read_answer",
]
