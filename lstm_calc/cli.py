"""The ``lstmcalc`` command: reads specs through the library, prints results, picks exit codes.

Exit codes: 0 success, 1 a spec over its budget (``check``), 2 a bad spec or bad usage,
3 an internal error (a bug in lstmcalc).
"""

from __future__ import annotations

import os
import shutil
import sys

import click

from lstm_calc import __version__

EXIT_OVER_BUDGET = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 3

FORMATS = ("table", "json", "markdown")
CHECK_FORMATS = ("text", "json", "github", "junit")


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
      lstmcalc check specs/
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
@click.option(
    "--framework",
    type=click.Choice(("keras", "pytorch")),
    default=None,
    help="Count and name weights as Keras or torch.nn does; overrides the spec's framework: key.",
)
@click.pass_context
def summary(context: click.Context, spec: str, output_format: str, framework: str | None) -> None:
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
      lstmcalc summary specs/gesture_classifier.yaml --framework pytorch
      lstmcalc summary - --format json < model.yaml
    """
    with _reported_errors(context):
        from lstm_calc.api import summarize_file

        result = summarize_file(spec, framework)
        if output_format == "json":
            from lstm_calc.render.json_output import render_json

            click.echo(render_json(result), nl=False)
        elif output_format == "markdown":
            from lstm_calc.render.markdown import render_markdown

            click.echo(render_markdown(result), nl=False)
        else:
            _print_table(result)


@main.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True)
@click.option(
    "--max-params",
    type=click.IntRange(min=1),
    metavar="N",
    help="Fail any spec with more than N parameters, on top of its own budget.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(CHECK_FORMATS),
    default="text",
    show_default=True,
    help="text: a line per spec; json: one document; github: Actions annotations; junit: JUnit XML.",
)
@click.pass_context
def check(context: click.Context, paths: tuple[str, ...], max_params: int | None, output_format: str) -> None:
    """Check specs against their parameter budgets: the 'budget:' block of each spec
    (max_params, max_trainable_params, max_param_bytes, expect_params), each layer's
    max_params, and --max-params.

    PATH is a spec file, a directory (searched recursively for *.yaml and *.yml), or -
    for standard input.

    \b
    Exit status: 0 every spec within budget; 1 a spec over budget;
    2 an invalid spec (the other specs are still checked and reported).

    \b
    Example budget, in a spec:
      budget:
        max_params: 250000
        max_param_bytes: 1 MB
        expect_params: 203459

    \b
    Examples:
      lstmcalc check specs/
      lstmcalc check --max-params 1000000 specs/*.yaml
      lstmcalc check --format github specs/
    """
    with _reported_errors(context):
        from lstm_calc.api import check_paths
        from lstm_calc.budget import INVALID, OVER_BUDGET, WITHIN_BUDGET

        report = check_paths(paths, max_params)
        if output_format == "json":
            from lstm_calc.render.check_json import render_check_json

            click.echo(render_check_json(report), nl=False)
        elif output_format == "github":
            from lstm_calc.render.check_github import render_check_github

            click.echo(render_check_github(report), nl=False)
        elif output_format == "junit":
            from lstm_calc.render.check_junit import render_check_junit

            click.echo(render_check_junit(report), nl=False)
        elif _stdout_is_terminal():
            _print_check_table(report)
        else:
            from lstm_calc.render.check_text import render_text

            click.echo(render_text(report), nl=False)
        exit_code = {WITHIN_BUDGET: 0, OVER_BUDGET: EXIT_OVER_BUDGET, INVALID: EXIT_BAD_INPUT}[report.status]
    context.exit(exit_code)


def _stdout_is_terminal() -> bool:
    # rich's own test (TTY_COMPATIBLE, FORCE_COLOR, then isatty), made without importing rich,
    # which a pipe never needs.
    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    if "FORCE_COLOR" in os.environ:
        return os.environ["FORCE_COLOR"] != ""
    return sys.stdout.isatty()


def _print_check_table(report) -> None:
    import rich.console

    from lstm_calc.render.check_table import render_check_table

    render_check_table(report, rich.console.Console(highlight=False, force_terminal=True, file=sys.stdout))


def _print_table(result) -> None:
    import rich.console

    from lstm_calc.render.table import line_length_for, render_table

    columns = shutil.get_terminal_size().columns
    line_length = line_length_for(columns, result)
    console = rich.console.Console(highlight=False, width=max(columns, line_length), file=sys.stdout)
    render_table(result, console, line_length)


class _reported_errors:
    """Turn library errors into a message on stderr and an exit code; never show a traceback for them."""

    def __init__(self, context: click.Context) -> None:
        self.debug = bool(context.obj and context.obj.get("debug"))

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if error is None or isinstance(error, (click.exceptions.Exit, click.ClickException, click.Abort)):
            return False
        from lstm_calc.errors import SpecError

        if isinstance(error, SpecError):
            click.echo(str(error), err=True)
            sys.exit(EXIT_BAD_INPUT)
        if isinstance(error, (KeyboardInterrupt, SystemExit)) or self.debug:
            return False
        click.echo(
            f"lstmcalc: internal error: {type(error).__name__}: {error}. This is a bug in lstmcalc; "
            "please report it on the lstmcalc issue tracker with the spec (--debug shows the traceback).",
            err=True,
        )
        sys.exit(EXIT_INTERNAL_ERROR)
