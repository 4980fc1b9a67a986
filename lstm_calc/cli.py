"""The ``lstmcalc`` command: reads specs through the library, prints results, picks exit codes.

Exit codes: 0 success, 2 a bad spec or bad usage, 3 an internal error (a bug in lstmcalc).
"""

from __future__ import annotations

import gc
import io
import os
import sys
from contextlib import contextmanager
from typing import Iterator

import click

from lstm_calc import __version__

EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 3

FORMATS = ("table", "json", "markdown")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="lstmcalc")
@click.option("--debug", is_flag=True, help="Show the Python traceback of an internal error.")
@click.pass_context
def main(context: click.Context, debug: bool) -> None:
    """Shapes and parameter counts of LSTM/GRU models, exactly as Keras 3 computes them,
    from a short YAML spec and without installing a framework.

    \b
    Examples:
      lstmcalc summary specs/gesture_classifier.yaml
      lstmcalc summary --format json model.yaml
      cat model.yaml | lstmcalc summary -
    """
    context.obj = {"debug": debug}


@main.command()
@click.argument("spec", metavar="SPEC")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: Keras's summary layout; json: one document for tools; markdown: for pull requests.",
)
@click.pass_context
def summary(context: click.Context, spec: str, output_format: str) -> None:
    """Print the layers, output shapes and parameter counts of the model in SPEC.

    SPEC is a YAML model spec, or - to read it from standard input.

    \b
    Example spec:
      input: {shape: [5, 126]}
      layers:
        - {type: LSTM, units: 64, return_sequences: true}
        - {type: LSTM, units: 64}
        - {type: Dense, units: 3, activation: softmax}

    \b
    Examples:
      lstmcalc summary specs/gesture_classifier.yaml
      lstmcalc summary specs/gru_sentiment.yaml --format markdown
      lstmcalc summary - --format json < model.yaml
    """
    with _reported_errors(context), _without_cycle_collector():
        from lstm_calc.api import summarize_file

        result = summarize_file(spec)
        if output_format == "json":
            from lstm_calc.render.json_output import iter_json

            sys.stdout.writelines(iter_json(result))
        elif output_format == "markdown":
            from lstm_calc.render.markdown import render_markdown

            click.echo(render_markdown(result), nl=False)
        else:
            _print_table(result)


def _print_table(result) -> None:
    import shutil

    import rich.console

    from lstm_calc.render.table import line_length_for, render_table

    columns = shutil.get_terminal_size().columns
    line_length = line_length_for(columns)
    console = rich.console.Console(highlight=False, width=max(columns, line_length), file=sys.stdout)
    render_table(result, console, line_length)


def _stop_writing() -> None:
    # The reader went away (| head): stop quietly, as a command killed by SIGPIPE does,
    # and point stdout at /dev/null so that Python's final flush does not fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):  # not a real file (tests)
        pass


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    # The work builds acyclic data: the cycle collector would only rescan everything a
    # big spec allocates, several times over (a third of the time for 100,000 layers).
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _reported_errors:
    """Turn library errors into a message on stderr and an exit code; never show a traceback for them."""

    def __init__(self, context: click.Context) -> None:
        self.debug = bool(context.obj and context.obj.get("debug"))

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if error is None or isinstance(error, (click.exceptions.Exit, click.ClickException, click.Abort)):
            return False
        if isinstance(error, BrokenPipeError):
            _stop_writing()
            sys.exit(0)
        from lstm_calc.errors import SpecError, printable

        if isinstance(error, SpecError):
            click.echo(str(error), err=True)
            if sys.stderr.isatty() and error.excerpt():
                click.echo(error.excerpt(), err=True)
            sys.exit(EXIT_BAD_INPUT)
        if isinstance(error, (KeyboardInterrupt, SystemExit)) or self.debug:
            return False
        click.echo(
            f"lstmcalc: internal error: {type(error).__name__}: {printable(str(error))}. This is a bug in lstmcalc; "
            "please report it on the lstmcalc issue tracker with the spec (--debug shows the traceback).",
            err=True,
        )
        sys.exit(EXIT_INTERNAL_ERROR)
