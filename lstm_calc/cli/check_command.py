"""``lstmcalc check``: parameter budgets of many specs, as a CI gate (``summary`` is in
:mod:`lstm_calc.cli.summary_command`, each imported only when the command line names it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lstm_calc.cli.options import CHECK_FORMATS, INPUT_PATH, LstmcalcCommand, model_input_options
from lstm_calc.cli.output import print_check_table, reported_errors, without_cycle_collector
from lstm_calc.exits import EXIT_BAD_INPUT, EXIT_OVER_BUDGET
from lstm_calc.terminal import stdout_is_terminal

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.budget import CheckReport


@click.command(cls=LstmcalcCommand)
@click.argument("paths", metavar="[PATH]...", nargs=-1, type=INPUT_PATH)
@model_input_options
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
    default=None,
    help="text (the default): a line per spec; json: one document; github: Actions annotations; junit: JUnit XML.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Print only the failures (text and github formats): nothing when all pass."
)
@click.pass_context
def check(
    context: click.Context,
    /,
    paths: tuple[str, ...],
    max_params: int | None,
    output_format: str | None,
    quiet: bool,
    **inputs: Any,
) -> None:
    """Check specs against their parameter budgets: the 'budget:' block of each spec
    (max_params, max_trainable_params, max_param_bytes, expect_params), each layer's
    max_params, and --max-params.

    PATH is a spec file, a directory (searched recursively for *.yaml and *.yml), or -
    for standard input. --input-format applies to the PATHs given, --set to Python code.
    Symbolic links leading out of the tree, FIFOs, devices and sockets are never read.

    Defaults come from [tool.lstmcalc] in the nearest pyproject.toml (this directory or
    above): paths (checked when no PATH is given, relative to that file), max-params and
    format. Options given here win.

    \b
    Exit status: 0 every spec within budget; 1 a spec over budget;
    2 an invalid spec or refused file (the others are still checked and reported).

    \b
    Example budget, in a spec:
      budget:
        max_params: 250000
        max_param_bytes: 1 MB
        expect_params: 203459

    \b
    Example pyproject.toml:
      [tool.lstmcalc]
      paths = ["specs"]
      max-params = 1000000

    \b
    Examples:
      lstmcalc check specs/
      lstmcalc check --max-params 1000000 specs/*.yaml
      lstmcalc check --format github specs/
      lstmcalc check --quiet
      lstmcalc check specs/gesture_classifier.py --set 'actions.shape[0]=3'
    """
    with reported_errors(context), without_cycle_collector():
        from lstm_calc.api import check_paths
        from lstm_calc.budget import INVALID, OVER_BUDGET, WITHIN_BUDGET
        from lstm_calc.project_config import find_check_defaults

        defaults = find_check_defaults(CHECK_FORMATS)
        if defaults is not None:
            paths = paths or defaults.paths
            max_params = max_params if max_params is not None else defaults.max_params
            output_format = output_format or defaults.format
        output_format = output_format or "text"
        if not paths:
            raise click.UsageError("give a PATH to check, or paths in [tool.lstmcalc] of pyproject.toml")
        if quiet and output_format in ("json", "junit"):
            raise click.UsageError(f"--quiet leaves out what passed from text; --format {output_format} is for tools")
        report = check_paths(paths, max_params, **inputs)  # input_format, assignments and model_name, as summary's
        exit_code = {WITHIN_BUDGET: 0, OVER_BUDGET: EXIT_OVER_BUDGET, INVALID: EXIT_BAD_INPUT}[report.status]
        context.obj["status_on_broken_pipe"] = exit_code  # a reader that stops early changes no verdict
        _print_check(report, output_format, quiet)
    context.exit(exit_code)


def _print_check(report: CheckReport, output_format: str, quiet: bool) -> None:
    if output_format == "json":
        from lstm_calc.render.check_json import render_check_json

        click.echo(render_check_json(report), nl=False)
    elif output_format == "github":
        from lstm_calc.render.check_github import render_check_github

        click.echo(render_check_github(report, quiet), nl=False)
    elif output_format == "junit":
        from lstm_calc.render.check_junit import render_check_junit

        click.echo(render_check_junit(report), nl=False)
    elif quiet:
        from lstm_calc.render.check_text import problem_lines

        click.echo("".join(line + "\n" for line in problem_lines(report)), nl=False)
    elif stdout_is_terminal():
        print_check_table(report)
    else:
        from lstm_calc.render.check_text import render_text

        click.echo(render_text(report), nl=False)
