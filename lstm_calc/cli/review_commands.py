"""``lstmcalc diff``: what a change does to a model, for reviewers."""

from __future__ import annotations

import click

from lstm_calc.cli.options import (
    INPUT_PATH,
    LstmcalcCommand,
    framework_option,
    model_format_option,
    model_input_options,
)
from lstm_calc.cli.output import reported_errors, without_cycle_collector
from lstm_calc.exits import EXIT_OVER_BUDGET

#: --fail-on-increase's status when the new model has more parameters: check's "over budget".
EXIT_INCREASED = EXIT_OVER_BUDGET


@click.command(cls=LstmcalcCommand)
@click.argument("old", metavar="OLD", type=INPUT_PATH)
@click.argument("new", metavar="NEW", type=INPUT_PATH)
@model_input_options
@model_format_option("table: aligned text; json: one document for tools; markdown: a pull-request comment.")
@framework_option("Count and name weights as Keras or torch.nn does; overrides each spec's framework: key.")
@click.option("--fail-on-increase", is_flag=True, help="Exit with status 1 when NEW has more parameters than OLD.")
@click.pass_context
def diff(
    context: click.Context,
    old: str,
    new: str,
    input_format: str | None,
    assignments: tuple[str, ...],
    model_name: str | None,
    output_format: str,
    framework: str | None,
    fail_on_increase: bool,
) -> None:
    """Compare two models layer by layer: added, removed and changed layers (parameters,
    output shape, trainable), then the totals before and after.

    OLD and NEW are anything 'lstmcalc summary' reads, or REV:PATH for the file PATH
    (relative to the current directory) as it is at the git revision REV, read with git
    from the repository of the current directory. An argument naming an existing file is
    that file, even with a colon in its name.

    Layers are paired by name; a name Keras made up (lstm_1) is paired by the layer's
    place among those of its class, so inserting a layer does not show every later one
    of its class as changed.

    \b
    Exit status: 0 compared (--fail-on-increase: and NEW has no more parameters
    than OLD); 1 NEW has more parameters, with --fail-on-increase; 2 a bad model or argument.

    \b
    Examples:
      lstmcalc diff old.yaml new.yaml
      lstmcalc diff main:specs/model.yaml specs/model.yaml --format markdown
      lstmcalc diff HEAD~1:model.keras model.keras --fail-on-increase
    """
    if old == "-" and new == "-":
        raise click.UsageError("OLD and NEW cannot both be standard input")
    with reported_errors(context), without_cycle_collector():
        from lstm_calc.api import diff_files

        comparison = diff_files(old, new, framework, input_format, assignments, model_name)
        exit_code = EXIT_INCREASED if fail_on_increase and comparison.total_increased else 0
        context.obj["status_on_broken_pipe"] = exit_code
        if output_format == "json":
            from lstm_calc.render.diff_text import render_diff_json

            click.echo(render_diff_json(comparison), nl=False)
        elif output_format == "markdown":
            from lstm_calc.render.diff_text import render_diff_markdown

            click.echo(render_diff_markdown(comparison), nl=False)
        else:
            from lstm_calc.render.diff_text import render_diff_table

            click.echo(render_diff_table(comparison), nl=False)
    context.exit(exit_code)
