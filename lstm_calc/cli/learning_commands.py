"""The commands that teach how a layer's parameters come about: ``params`` and ``explain``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from lstm_calc.cli.options import (
    EXPLAIN_KINDS,
    INPUT_PATH,
    PARAMS_KINDS,
    conv_options,
    recurrent_options,
    text_or_json,
)
from lstm_calc.cli.output import reported_errors, terminal_columns

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.formulas import LayerOptions


def _spoken(kinds: tuple[str, ...]) -> str:
    """``lstm, gru or simplernn``."""
    return f"{', '.join(kinds[:-1])} or {kinds[-1]}"


PARAMS_HELP = f"""The parameter count of one layer: the formula, the formula with your numbers, the result.

    KIND is {_spoken(PARAMS_KINDS)}. The count comes from the
    same layer classes as 'summary', and the formula is checked against it.

    \b
    Examples:
      lstmcalc params lstm --units 12 --input-dim 80
      lstmcalc params lstm --units 12 --input-dim 80 --framework pytorch
      lstmcalc params gru --units 64 --input-dim 64 --no-reset-after --bidirectional
      lstmcalc params embedding --input-dim 10000 --output-dim 128
      lstmcalc params conv1d --filters 32 --kernel-size 3 --input-dim 80
      lstmcalc params convlstm2d --filters 32 --kernel-size 3 --input-dim 3
      lstmcalc params lstm --input-dim 126 --max-params 50000
    """

EXPLAIN_HELP = f"""Explain what each recurrent layer computes: its cell equations with the shape of
    every term, its states, how it unrolls over time, and how the framework packs its gates
    into weight tensors.

    SPEC|KIND is a spec file (or - for standard input), or {_spoken(EXPLAIN_KINDS)} with
    --units (ConvLSTM: --filters and --kernel-size) and --input-dim.

    \b
    Examples:
      lstmcalc explain lstm --units 12 --input-dim 80
      lstmcalc explain lstm --units 12 --input-dim 80 --framework pytorch
      lstmcalc explain gru --units 12 --input-dim 80 --no-reset-after
      lstmcalc explain convlstm2d --filters 16 --kernel-size 3 --input-dim 1
      lstmcalc explain specs/gesture_classifier.yaml
    """


def _layer_options(kind: str, framework: str, **given: Any) -> LayerOptions:
    """The command line's options as the library's ``LayerOptions``; flags not given are ``None``."""
    from lstm_calc.formulas import LayerOptions

    return LayerOptions(
        kind=kind,
        framework=framework,
        units=given.get("units"),
        input_dim=given.get("input_dim"),
        output_dim=given.get("output_dim"),
        filters=given.get("filters"),
        kernel_size=given.get("kernel_size"),
        use_bias=False if given.get("no_bias") else None,
        reset_after=False if given.get("no_reset_after") else None,
        bidirectional=True if given.get("bidirectional") else None,
        num_layers=given.get("num_layers"),
        proj_size=given.get("proj_size"),
    )


@click.command(help=PARAMS_HELP)
@click.argument("kind", metavar="KIND", type=click.Choice(PARAMS_KINDS, case_sensitive=False))
@recurrent_options
@click.option("--output-dim", type=click.IntRange(min=1), metavar="N", help="Embedding: the vector width.")
@conv_options
@click.option(
    "--max-params",
    type=click.IntRange(min=1),
    metavar="N",
    help="Find the largest units (Conv1D, ConvLSTM: filters; Embedding: output_dim) with at most N params.",
)
@text_or_json("text: the formula and the weights; json: the number, the formula's terms and the weights.")
@click.pass_context
def params(
    context: click.Context, /, kind: str, framework: str, max_params: int | None, output_format: str, **given: Any
) -> None:
    """``lstmcalc params``: see PARAMS_HELP."""
    with reported_errors(context):
        from lstm_calc.formulas import OptionError, calculate, solve_max_params
        from lstm_calc.render import params_text

        options = _layer_options(kind.lower(), framework, **given)
        try:
            if max_params is not None:
                solution = solve_max_params(options, max_params)
                if output_format == "json":
                    text = params_text.render_solution_json(solution)
                else:
                    text = params_text.render_solution(solution, terminal_columns())
            else:
                calculation = calculate(options)
                render = params_text.render_params_json if output_format == "json" else params_text.render_params
                text = render(calculation)
        except OptionError as error:
            raise click.UsageError(str(error)) from None
        click.echo(text, nl=False)


@click.command(help=EXPLAIN_HELP)
@click.argument("target", metavar="SPEC|KIND", type=INPUT_PATH)
@recurrent_options
@conv_options
@text_or_json("text: for reading; json: the same facts as one document.")
@click.pass_context
def explain(context: click.Context, /, target: str, framework: str, output_format: str, **given: Any) -> None:
    """``lstmcalc explain``: see EXPLAIN_HELP."""
    with reported_errors(context):
        from lstm_calc.explain import explain_layer, explain_options, recurrent_layers
        from lstm_calc.formulas import OptionError
        from lstm_calc.render.explain_text import render_explanations, render_explanations_json

        kind = target.lower()
        model_name = None
        if kind in EXPLAIN_KINDS and not os.path.exists(target):
            try:
                explanations = [explain_options(_layer_options(kind, framework, **given))]
            except OptionError as error:
                raise click.UsageError(str(error)) from None
        elif kind in PARAMS_KINDS and not os.path.exists(target):
            raise click.UsageError(
                f"explain covers recurrent layers ({', '.join(EXPLAIN_KINDS)}); for {kind}, try: lstmcalc params {kind}"
            )
        else:
            layer_options = [f"--{name.replace('_', '-')}" for name, value in given.items() if value]
            if layer_options:
                raise click.UsageError(f"{layer_options[0]} describes a KIND ({', '.join(EXPLAIN_KINDS)}), not a spec")
            from lstm_calc.api import build_file

            model, result = build_file(target, framework if _given(context, "framework") else None)
            model_name = result.name
            explanations = [explain_layer(spec, row) for spec, row in recurrent_layers(model.layers, result.layers)]
        if output_format == "json":
            click.echo(render_explanations_json(explanations), nl=False)
        else:
            click.echo(render_explanations(explanations, model_name, terminal_columns()), nl=False)


def _given(context: click.Context, name: str) -> bool:
    """Whether the option was given on the command line rather than left at its default."""
    return context.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
