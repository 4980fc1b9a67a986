"""The commands that read one model or many and report on them: ``summary`` and ``check``
(those that write one as something else are in :mod:`lstm_calc.cli.conversion_commands`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from lstm_calc.cli.options import (
    CHECK_FORMATS,
    DTYPES,
    INPUT_PATH,
    LstmcalcCommand,
    framework_option,
    input_shape_option,
    model_format_option,
    model_input_options,
    summary_layout_options,
)
from lstm_calc.cli.output import (
    EXIT_BAD_INPUT,
    EXIT_OVER_BUDGET,
    print_check_table,
    print_table,
    reported_errors,
    terminal_columns,
    without_cycle_collector,
)
from lstm_calc.terminal import stdout_is_terminal

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.budget import CheckReport


@click.command(cls=LstmcalcCommand)
@click.argument("spec", metavar="MODEL", type=INPUT_PATH)
@model_input_options
@input_shape_option
@model_format_option("table: Keras's layout (torchinfo's for PyTorch); json: one document for tools; markdown: for PRs")
@framework_option("Count and name weights as Keras or torch.nn does; overrides the spec's framework: key.")
@click.option("--stats", is_flag=True, help="Add a MACs column and compute and memory figures, as torchinfo does.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    metavar="N",
    help="With --stats: the batch the figures are for (default: the spec's fixed batch size, else 1).",
)
@click.option(
    "--dtype",
    type=click.Choice(DTYPES),
    help="With --stats: the dtype of input, activations and parameters (default: the spec's).",
)
@click.option("--compare", is_flag=True, help="Show each layer's Keras and PyTorch parameter counts side by side.")
@summary_layout_options
@click.pass_context
def summary(
    context: click.Context,
    spec: str,
    input_format: str | None,
    assignments: tuple[str, ...],
    model_name: str | None,
    input_shapes: list[list[int | None]],
    output_format: str,
    framework: str | None,
    stats: bool,
    batch_size: int | None,
    dtype: str | None,
    compare: bool,
    show_trainable: bool,
    expand_nested: bool,
    columns: tuple[str, ...] | None,
    line_length: int | None,
    depth: int | None,
) -> None:
    """Print the layers, output shapes and parameter counts of the model in MODEL.

    MODEL is a YAML spec (.yaml, .yml), Keras model JSON from model.to_json() (.json),
    a Keras 3 archive from model.save() (.keras), Keras Python code (.py), or - to read
    a YAML spec from standard input. Keras files and code are read, never run.

    --stats adds multiply-accumulates per layer and sample (per time step where the
    time axis is unknown) and a footer: total MACs, input, forward/backward pass,
    parameter and estimated total sizes for --batch-size and --dtype.

    A PyTorch model's table is torchinfo.summary(model, input_size, depth=--depth)'s
    for the module 'export --to pytorch' writes.

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
      lstmcalc summary specs/gesture_classifier.yaml --framework pytorch --depth 1
      lstmcalc summary - --format json < model.yaml
      lstmcalc summary model.keras
      lstmcalc summary specs/gesture_classifier.py --set 'actions.shape[0]=3'
      lstmcalc summary specs/gesture_classifier.yaml --stats --batch-size 32
      lstmcalc summary specs/gesture_classifier.yaml --compare
      lstmcalc summary specs/gru_sentiment.yaml --show-trainable
      lstmcalc summary specs/seq2seq.yaml --columns input_size,output_size,num_params,params_percent
    """
    if not stats and (batch_size is not None or dtype is not None):
        option = "--batch-size" if batch_size is not None else "--dtype"
        raise click.UsageError(f"{option} sets a figure of --stats; add --stats")
    if compare and stats:
        raise click.UsageError("--compare and --stats are separate views; use one at a time")
    if compare and output_format == "markdown":
        raise click.UsageError("--compare prints a table or JSON; use --format table or --format json")
    _check_layout_options(output_format, compare, show_trainable, columns, line_length)
    with reported_errors(context), without_cycle_collector():
        if compare:
            _print_comparison(spec, framework, output_format, input_format, assignments, model_name)
            return
        from lstm_calc.api import summarize_file

        # count_macs: only --stats and a MACs column show the MACs.
        count_macs = stats or "macs" in (columns or ())
        result = summarize_file(spec, framework, input_format, assignments, count_macs, model_name, input_shapes)
        if count_macs and result.uncounted_macs and not stats:
            raise click.UsageError(f"the MACs column cannot be counted exactly: {result.uncounted_macs}")
        figures = None
        if stats:
            from lstm_calc.stats import StatsError, model_stats

            try:
                figures = model_stats(result, batch_size, dtype)
            except StatsError as error:
                raise click.UsageError(str(error)) from None
        if result.module_calls or depth is not None:
            from lstm_calc.cli.torchinfo_output import printed_torchinfo

            if printed_torchinfo(result, output_format, stats, depth, columns, show_trainable, line_length):
                return
        if output_format == "json":
            from lstm_calc.render.json_output import iter_json

            sys.stdout.writelines(iter_json(result, figures, show_trainable))
            return
        if columns is not None or show_trainable:
            from lstm_calc.render.summary_columns import chosen_columns

            columns = chosen_columns(result, stats, columns, show_trainable)
        if output_format == "markdown":
            from lstm_calc.render.markdown import render_markdown

            click.echo(render_markdown(result, figures, columns), nl=False)
        else:
            print_table(result, figures, columns, line_length)


def _check_layout_options(
    output_format: str, compare: bool, show_trainable: bool, columns: tuple[str, ...] | None, line_length: int | None
) -> None:
    """Refuse a table option where it has no table to shape (``--expand-nested`` changes nothing anywhere)."""
    given = [
        name
        for name, value in (
            ("--show-trainable", show_trainable),
            ("--columns", columns),
            ("--line-length", line_length),
        )
        if value
    ]
    if compare and given:
        raise click.UsageError(f"{given[0]} shapes the summary table; --compare prints its own")
    if output_format == "json" and (columns or line_length):
        raise click.UsageError(f"{'--columns' if columns else '--line-length'} shapes a table; JSON has every field")
    if output_format == "markdown" and line_length:
        raise click.UsageError("--line-length sets the table's width in characters; Markdown has none")


def _print_comparison(
    spec: str,
    framework: str | None,
    output_format: str,
    input_format: str | None,
    assignments: tuple[str, ...],
    model_name: str | None,
) -> None:
    from lstm_calc.api import build_file
    from lstm_calc.compare import compare_model

    comparison = compare_model(*build_file(spec, framework, input_format, assignments, model_name))
    if output_format == "json":
        from lstm_calc.render.compare_text import render_compare_json

        click.echo(render_compare_json(comparison), nl=False)
    else:
        from lstm_calc.render.compare_text import render_compare

        click.echo(render_compare(comparison, terminal_columns()), nl=False)


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
