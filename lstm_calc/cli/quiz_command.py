"""``lstmcalc quiz``: practice in the terminal, or answers from ``--answers`` or standard input."""

from __future__ import annotations

import itertools
import sys
from typing import TYPE_CHECKING

import click

from lstm_calc.cli.options import LstmcalcCommand
from lstm_calc.cli.output import reported_errors
from lstm_calc.errors import Location, SpecError
from lstm_calc.files import STDIN_NAME
from lstm_calc.option_values import FRAMEWORKS
from lstm_calc.summary_output import terminal_columns

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from lstm_calc.quiz import Question

# Kept here, not imported from lstm_calc.quiz, so that --help does not import the quiz.
QUIZ_TOPICS = ("params", "shapes", "weights", "macs", "all")

#: The exit status after Ctrl-C, as a shell reports a process ended by SIGINT.
EXIT_INTERRUPTED = 130
#: The longest answer read from standard input: a count or a shape is a few dozen characters.
MAX_ANSWER_CHARACTERS = 1_000

QUIZ_HELP = """Practise: questions on parameter counts, output and state shapes, weight shapes and MACs
    of small Keras and PyTorch models; a wrong count is explained as 'lstmcalc why' does.

    In a terminal the questions are asked one by one (Ctrl-C ends with the score so far).
    Otherwise the answers come from --answers (comma-separated; write counts without
    thousands separators, shapes in brackets) or one per line on standard input.
    Exit codes: 0 at the end (whatever the score), 130 after Ctrl-C, 2 bad usage.

    \b
    Examples:
      lstmcalc quiz
      lstmcalc quiz --topic params --framework keras --level 2 -n 10
      lstmcalc quiz --seed 7 -n 2 --answers '4416,(None, 64)'
      printf '4416\\n(None, 64)\\n' | lstmcalc quiz --seed 7 -n 2
    """


@click.command(cls=LstmcalcCommand, help=QUIZ_HELP)
@click.option("--topic", type=click.Choice(QUIZ_TOPICS), default="all", show_default=True, help="What to ask.")
@click.option(
    "--framework",
    type=click.Choice((*FRAMEWORKS, "both")),
    default="both",
    show_default=True,
    help="Keras 3, torch.nn, or both.",
)
@click.option(
    "--level",
    type=click.IntRange(1, 3),
    default=1,
    show_default=True,
    help="1 one layer, 2 stacks, 3 directions and states.",
)
@click.option("--seed", type=click.IntRange(min=0), metavar="N", help="Ask the same questions again.")
@click.option("-n", "count", type=click.IntRange(min=1), default=5, show_default=True, help="How many questions.")
@click.option("--answers", metavar="A,B,...", help="Answer without a terminal: one answer per question.")
@click.pass_context
def quiz(
    context: click.Context, /, topic: str, framework: str, level: int, seed: int | None, count: int, answers: str | None
) -> None:
    """``lstmcalc quiz``: see QUIZ_HELP."""
    with reported_errors(context):
        import random

        from lstm_calc.quiz import check, drawn_questions, split_answers
        from lstm_calc.render.quiz_text import render_opening, render_question, render_score, render_verdict

        if seed is None:
            seed = random.SystemRandom().randrange(1_000_000)
        # Drawn as they are asked: -n may be large, and the answers may run out at the first.
        drawn = drawn_questions(count, seed, topic, framework, level)
        interactive = answers is None and sys.stdin is not None and sys.stdin.isatty()
        ask: Callable[[Question], str | None]
        if interactive:
            ask, say = _terminal()
        else:
            if answers is None and sys.stdin is None:  # started with standard input closed (<&-)
                raise SpecError("standard input is closed", Location(STDIN_NAME, 1, 1))
            given: Iterator[str] = _lines()
            if answers is not None:
                listed = split_answers(answers)
                given = iter(listed)
                if len(listed) > count:
                    # A longer list is almost always answers meant for another -n or --seed.
                    raise click.BadParameter(
                        f"{len(listed)} answers for {count} question{'s' if count > 1 else ''}; "
                        "give one answer per question (-n sets how many)",
                        param_hint="'--answers'",
                    )
            ask, say = _from(given), _plain
        say(render_opening(seed, count, topic, framework, level).rstrip("\n"))
        right = asked = 0
        width = terminal_columns()
        try:
            for question in drawn:
                say(render_question(question, count).rstrip("\n"))
                answer = ask(question)
                if answer is None:
                    say(render_score(right, asked, count, "No more answers").rstrip("\n"))
                    return
                verdict = check(question, answer)
                asked += 1
                right += verdict.right
                say(render_verdict(verdict, width).rstrip("\n"), verdict.right)
        except KeyboardInterrupt:
            say("")
            say(render_score(right, asked, count, "Interrupted").rstrip("\n"))
            context.exit(EXIT_INTERRUPTED)
        say(render_score(right, asked, count).rstrip("\n"))


def _plain(text: str, right: bool | None = None) -> None:
    click.echo(text)


def _lines() -> Iterator[str]:
    """Standard input's lines, an answer each; refused at the first longer than any answer could be
    (``quiz < /dev/zero`` would otherwise read one endless line)."""
    for number in itertools.count(1):
        line = sys.stdin.readline(MAX_ANSWER_CHARACTERS + 1)
        if not line:
            return
        answer = line.rstrip("\n")
        if len(answer) > MAX_ANSWER_CHARACTERS:
            raise SpecError(
                f"an answer is longer than {MAX_ANSWER_CHARACTERS:,} characters", Location(STDIN_NAME, number, 1)
            )
        yield answer


def _from(given: Iterator[str]) -> Callable[[Question], str | None]:
    """Answers taken in turn, each echoed after a ``>`` as if typed; None when they run out."""

    def ask(question: Question) -> str | None:
        answer = next(given, None)
        if answer is not None:
            click.echo(f"> {answer}")
        return answer

    return ask


def _terminal() -> tuple[Callable[[Question], str | None], Callable[..., None]]:
    """rich's prompt, and a printer that colours a verdict green when right and red when wrong."""
    from rich.markup import escape
    from rich.prompt import Prompt

    from lstm_calc import terminal

    class AnswerPrompt(Prompt):
        prompt_suffix = " "

    console = terminal.rich_console(highlight=False)

    def ask(question: Question) -> str | None:
        try:
            return AnswerPrompt.ask("[bold cyan]>[/]", console=console)
        except EOFError:
            return None

    def say(text: str, right: bool | None = None) -> None:
        style = {True: "bold green", False: "red", None: ""}[right]
        console.print(f"[{style}]{escape(text)}[/]" if style else escape(text), soft_wrap=True)

    return ask, say
