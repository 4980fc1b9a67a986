"""``lstmcalc quiz``: seeded questions whose answers come from the layer classes, checked answers
(a wrong count named through ``why``), the score; non-interactive and through a terminal (pty).

The answers are pinned to real Keras 3 / torch.nn over many seeds in tests/oracle/test_quiz_oracle.py.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time

import pytest

from lstm_calc.quiz import (
    FRAMEWORK_CHOICES,
    LEVELS,
    TOPICS,
    check,
    drawn_questions,
    questions,
    read_answer,
    split_answers,
)
from tests.conftest import ROOT

SEED_4 = ("quiz", "--seed", "4", "-n", "3", "--topic", "params", "--framework", "keras", "--level", "2")


def test_answers_given_on_the_command_line(run, golden):
    result = run(*SEED_4, "--answers", "600,1056,7")
    assert (result.exit_code, result.stderr) == (0, "")
    golden("quiz/seed_4_params_keras_level_2.out", result.stdout)
    # The textbook GRU count is named as the mistake it is, through why's catalogue.
    assert "600 is 3 × 8 × (16 + 8 + 1): the textbook GRU's count, with one bias vector" in result.stdout
    assert result.stdout.endswith("Right.\n\nQuestion 3 of 3 · params · Keras · level 2\n" + _QUESTION_3 + _END)


_QUESTION_3 = (
    "Keras: Input((20, 126)) → LSTM(units=12, return_sequences=True) → LSTM(units=4, return_sequences=False) "
    "→ Dense(units=128)\nHow many parameters does `dense` (layer 3 of 3) have?\n"
)
_END = "> 7\nWrong: the answer is 640.\nDense params = units × (input_dim + 1) = 128 × (4 + 1) = 640\n\nScore: 1/3\n"


def test_answers_on_standard_input_give_the_same_session(run):
    given = run(*SEED_4, "--answers", "600,1056,7").stdout
    assert run(*SEED_4, stdin="600\n1056\n7\n").stdout == given


def test_answers_that_run_out_end_with_the_score_so_far(run):
    result = run(*SEED_4, "--answers", "624")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "How many parameters does `dense` (layer 3 of 3) have?\n\n"
        "No more answers: stopped after 1 of 3 questions.\nScore so far: 1/1\n"
    )


def test_more_answers_than_questions_is_a_usage_error(run):
    result = run(*SEED_4, "--answers", "600,1056,7,(None, 64)")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "Error: Invalid value for '--answers': 4 answers for 3 questions; "
        "give one answer per question (-n sets how many)\n"
    )


def test_shapes_and_weights_answers(run):
    drawn = questions(4, 11, level=3)
    answers = ",".join(
        question.answer_text.replace(",", "") if question.topic in ("params", "macs") else question.answer_text
        for question in drawn
    )
    result = run("quiz", "--seed", "11", "-n", "4", "--level", "3", "--answers", answers)
    assert result.stdout.endswith("Score: 4/4\n"), result.stdout


@pytest.mark.parametrize(
    ("text", "shape", "read"),
    [
        ("98816", False, 98_816),
        ("98,816", False, 98_816),
        (" 98 816 ", False, 98_816),
        ("98k", False, None),
        ("(None, 64)", True, (None, 64)),
        ("[batch, 5, 64]", True, (None, 5, 64)),
        ("None,64", True, (None, 64)),
        ("(80, 48)", True, (80, 48)),
        ("(48,)", True, (48,)),
        ("(x, 48)", True, None),
        ("", True, None),
        # Digits int() refuses, and more digits than any count has, are no answer.
        ("(None, \u00b2)", True, None),
        ("\u0664\u0664", False, None),
        ("9" * 30, False, int("9" * 30)),
        ("9" * 31, False, None),
        ("9" * 5_000, False, None),
        (f"({'9' * 5_000},)", True, None),
    ],
)
def test_reading_answers(text, shape, read):
    assert read_answer(text, shape) == read


def test_splitting_answers_keeps_shapes_whole():
    assert split_answers("49920,(None, 64),[2, None, 12],98816") == ["49920", "(None, 64)", "[2, None, 12]", "98816"]
    assert split_answers("") == []


def test_the_same_seed_asks_the_same_questions():
    assert questions(5, 123) == questions(5, 123)
    assert questions(5, 123) != questions(5, 124)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("topic", [*TOPICS, "all"])
@pytest.mark.parametrize("framework", FRAMEWORK_CHOICES)
def test_every_kind_of_question_has_its_answer_right(level, topic, framework):
    for question in questions(12, 1000 + level, topic, framework, level):
        assert check(
            question,
            question.answer_text.replace(",", "") if isinstance(question.answer, int) else question.answer_text,
        ).right, question


def test_a_wrong_count_is_diagnosed_through_why():
    [question] = questions(1, 4, "params", "keras", 2)
    verdict = check(question, "600")
    assert not verdict.right
    assert verdict.diagnosis is not None
    assert verdict.diagnosis.explanations[0].steps[0].key == "reset_after_ignored"


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--level", "4"), "'--level': 4 is not in the range 1<=x<=3"), (("--topic", "size"), "'--topic'")],
)
def test_usage_errors(run, args, message):
    result = run("quiz", *args)
    assert result.exit_code == 2
    assert message in result.stderr


# ---------------------------------------------------------------------------------------------
# Through a terminal: rich's prompt, colours, and Ctrl-C


class _Screen:
    """What a pseudo-terminal has shown so far, read until a pattern appears (or 30 seconds pass)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.text = ""

    def wait_for(self, pattern: str, timeout: float = 30) -> None:
        assert self.shows(pattern, timeout), f"timed out waiting for {pattern!r} in {self.text!r}"

    def shows(self, pattern: str, timeout: float) -> bool:
        """Whether ``pattern`` appears within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.plain, re.DOTALL):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if select.select([self.fd], [], [], remaining)[0]:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the child has ended
                    chunk = b""
                assert chunk, f"the quiz ended before {pattern!r}: {self.text!r}"
                self.text += chunk.decode("utf-8", "replace")
        return True

    @property
    def plain(self) -> str:
        return re.sub(r"\x1b\[[0-9;]*m", "", self.text).replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_terminal_session_with_colours_and_ctrl_c():
    import pty
    import signal

    environment = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "TERM": "xterm-256color"}
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        environment.pop(name, None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal, so ^C is a SIGINT
        os.execvpe(sys.executable, [sys.executable, "-m", "lstm_calc", *SEED_4], environment)
    screen = _Screen(fd)
    status = None
    try:
        screen.wait_for(r"Question 1 of 3.*have\?\n> $")
        os.write(fd, b"624\r")
        screen.wait_for(r"Question 2 of 3.*have\?\n> $")
        assert "\x1b[1;32mRight.\x1b[0m" in screen.text  # rich colours the verdict
        # A ^C that lands just before Python's readline waits for input can go unseen until the next
        # key (Python's own race, worst on a loaded machine): press it again, as a user would.
        for _ in range(10):
            os.write(fd, b"\x03")
            if screen.shows(r"Score so far: 1/1", timeout=3):
                break
        screen.wait_for(r"Score so far: 1/1")
        _, status = os.waitpid(pid, 0)
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 130
    # The terminal echoes ^C, and line editing may redraw the prompt after it ("> ^C> "): that is the
    # terminal's output, not lstmcalc's, so only what follows the interrupt is pinned.
    before, _, after = re.sub(r"\^C(?:> )?(?=\^C)", "", screen.plain).rpartition("^C")
    assert before.endswith("> ")
    assert after.lstrip("> ") == "\n\nInterrupted: stopped after 1 of 3 questions.\nScore so far: 1/1\n"
    assert "Traceback" not in screen.text


@pytest.mark.parametrize(
    ("stdin", "stderr"),
    [
        ("<&-", "<stdin>:1:1: error: standard input is closed\n"),
        ("< /dev/zero", "<stdin>:1:1: error: an answer is longer than 1,000 characters\n"),
        ("< long", "<stdin>:2:1: error: an answer is longer than 1,000 characters\n"),
    ],
    ids=["closed", "endless-line", "long-second-answer"],
)
def test_standard_input_closed_or_endless_gets_one_located_error(tmp_path, stdin, stderr):
    (tmp_path / "long").write_text("624\n" + "9" * 100_000 + "\n", encoding="utf-8")
    completed = subprocess.run(
        ["sh", "-c", f'exec "$0" -m lstm_calc "$@" {stdin}', sys.executable, *SEED_4],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (completed.returncode, completed.stderr) == (2, stderr)


def test_questions_are_drawn_as_they_are_asked():
    drawn = drawn_questions(10**12, 4)
    assert next(drawn) == questions(1, 4)[0]
