"""``lstmcalc summary``: one model's layers, shapes and parameters, as a table, JSON or Markdown
(``check`` is in :mod:`lstm_calc.cli.check_command`, each imported only when the command line
names it)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from lstm_calc.cli.options import (
    DTYPES,
    INPUT_PATH,
    LstmcalcCommand,
    framework_option,
    input_shape_option,
    model_format_option,
    model_input_options,
    summary_layout_options,
)
from lstm_calc.cli.output import reported_errors, without_cycle_collector
from lstm_calc.summary_output import print_table, terminal_columns

if TYPE_CHECKING:
    from lstm_calc.summary import ModelSummary


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
        torchinfo_table = output_format == "table" and not stats  # where torchinfo's table may be printed
        result = summarize_file(
            spec, framework, input_format, assignments, count_macs, model_name, input_shapes, False, torchinfo_table
        )
        if expand_nested:
            _refuse_expanding_a_nested_model(result)
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


def _refuse_expanding_a_nested_model(result: ModelSummary) -> None:
    """``--expand-nested`` over a Sequential model used as a layer: Keras then draws a row for each of its layers
    (``└ lstm (LSTM)``), which lstmcalc does not."""
    nested = [row.name for row in result.layers if row.type == "Sequential"]
    if nested:
        raise click.UsageError(
            f"--expand-nested: Keras draws a row for each layer inside the nested model '{nested[0]}', which "
            "lstmcalc does not; leave the option out for the model's own rows"
        )


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
