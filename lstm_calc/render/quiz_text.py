"""``lstmcalc quiz`` as text: a question, the verdict on an answer (with the mistake named), the score."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_calc.render.prose import DEFAULT_WIDTH
from lstm_calc.render.why_text import explanation_sentences

if TYPE_CHECKING:
    from lstm_calc.quiz import Question, Verdict

_FRAMEWORKS = {"keras": "Keras", "pytorch": "PyTorch"}


def render_opening(seed: int, count: int, topic: str, framework: str, level: int) -> str:
    """``Quiz: 5 questions, seed 7 (lstmcalc quiz --seed 7 asks them again).``"""
    topics = "all topics" if topic == "all" else topic
    frameworks = "Keras and PyTorch" if framework == "both" else _FRAMEWORKS[framework]
    return (
        f"Quiz: {count} question{'s' if count != 1 else ''} on {topics}, {frameworks}, level {level}; "
        f"seed {seed} (--seed {seed} asks them again).\n"
    )


def render_question(question: Question, count: int) -> str:
    """The heading, the model on one line, and what is asked."""
    heading = (
        f"Question {question.number} of {count} · {question.topic} · "
        f"{_FRAMEWORKS[question.framework]} · level {question.level}"
    )
    return f"\n{heading}\n{question.text}\n"


def render_verdict(verdict: Verdict, width: int = DEFAULT_WIDTH) -> str:
    """``Right.``, or ``Wrong: the answer is 98,816.`` with the mistake that gives the answer and the working."""
    question = verdict.question
    if verdict.right:
        return "Right.\n"
    lines = []
    if verdict.read is None and verdict.given.strip():
        expected = "a count" if isinstance(question.answer, int) else "a shape such as (None, 64)"
        lines.append(f"Not {expected}: {verdict.given.strip()!r}.")
    lines.append(f"Wrong: the answer is {question.answer_text}.")
    diagnosis = verdict.diagnosis
    if diagnosis is not None and diagnosis.explanations:
        lines += explanation_sentences(diagnosis, diagnosis.explanations[0], width)
    else:
        lines.append(question.working)  # a formula or shape rule stays whole, as params prints it
    return "\n".join(lines) + "\n"


def render_score(right: int, asked: int, count: int, stopped: str | None = None) -> str:
    """``Score: 3/5``; when the quiz ends early, why and ``Score so far``."""
    if stopped is None:
        return f"\nScore: {right}/{asked}\n"
    return f"\n{stopped}: stopped after {asked} of {count} questions.\nScore so far: {right}/{asked}\n"
