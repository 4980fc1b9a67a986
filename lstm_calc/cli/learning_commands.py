"""The commands that teach how a layer's parameters come about: ``params``, ``explain`` and ``why``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from lstm_calc.cli.options import (
    EXPLAIN_KINDS,
    INPUT_PATH,
    PARAMS_KINDS,
    LstmcalcCommand,
    attention_options,
    conv_options,
    recurrent_options,
    text_or_json,
)
from lstm_calc.cli.output import reported_errors, write_output
from lstm_calc.summary_output import terminal_columns

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
      lstmcalc params mha --embed-dim 64 --num-heads 4 --framework pytorch
      lstmcalc params convlstm2d --filters 32 --kernel-size 3 --input-dim 3
      lstmcalc params lstm --input-dim 126 --max-params 50000
    """

EXPLAIN_HELP = f"""Explain what each recurrent layer computes: its cell equations with the shape of
    every term, its states, how it unrolls over time, and how the framework packs its gates
    into weight tensors; and for multi-head attention, its projections per head and packed,
    its scores and weighted sums.

    SPEC|KIND is a spec file (or - for standard input), or {_spoken(EXPLAIN_KINDS)} with
    --units and --input-dim (ConvLSTM: --filters, --kernel-size and --input-dim; mha:
    --embed-dim and --num-heads).

    \b
    Examples:
      lstmcalc explain lstm --units 12 --input-dim 80
      lstmcalc explain lstm --units 12 --input-dim 80 --framework pytorch
      lstmcalc explain gru --units 12 --input-dim 80 --no-reset-after
      lstmcalc explain mha --embed-dim 64 --num-heads 4 --framework pytorch
      lstmcalc explain convlstm2d --filters 16 --kernel-size 3 --input-dim 1
      lstmcalc explain specs/gesture_classifier.yaml
      lstmcalc explain specs/gesture_classifier.yaml --format svg -o lstm.svg
    """


#: ``explain --format``'s choices.
EXPLAIN_FORMATS = ("text", "json", "svg")
FORMAT_HELP = (
    "text (the default): for reading; json: the same facts as one document; svg: each recurrent layer unrolled "
    "over time and its cell, as a picture."
)


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
        embed_dim=given.get("embed_dim"),
        num_heads=given.get("num_heads"),
        key_dim=given.get("key_dim"),
        value_dim=given.get("value_dim"),
    )


@click.command(cls=LstmcalcCommand, help=PARAMS_HELP)
@click.argument("kind", metavar="KIND", type=click.Choice(PARAMS_KINDS, case_sensitive=False))
@recurrent_options
@click.option("--output-dim", type=click.IntRange(min=1), metavar="N", help="Embedding: the vector width.")
@conv_options
@attention_options
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
                if output_format == "json":
                    text = params_text.render_params_json(calculation)
                else:
                    text = params_text.render_params(calculation, terminal_columns())
        except OptionError as error:
            raise click.UsageError(str(error)) from None
        click.echo(text, nl=False)


@click.command(cls=LstmcalcCommand, help=EXPLAIN_HELP)
@click.argument("target", metavar="SPEC|KIND", type=INPUT_PATH)
@recurrent_options
@conv_options
@attention_options
@click.option("--format", "output_format", type=click.Choice(EXPLAIN_FORMATS), default="text", help=FORMAT_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file, not stdout.")
@click.pass_context
def explain(
    context: click.Context, /, target: str, framework: str, output_format: str, output: str | None, **given: Any
) -> None:
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
                f"explain covers recurrent layers and attention ({', '.join(EXPLAIN_KINDS)}); for {kind}, "
                f"try: lstmcalc params {kind}"
            )
        else:
            layer_options = [f"--{name.replace('_', '-')}" for name, value in given.items() if value]
            if layer_options:
                raise click.UsageError(f"{layer_options[0]} describes a KIND ({', '.join(EXPLAIN_KINDS)}), not a spec")
            from lstm_calc.api import build_file

            model, result = build_file(target, framework if _given(context, "framework") else None)
            model_name = result.name
            explanations = [explain_layer(spec, row) for spec, row in recurrent_layers(model.layers, result.layers)]
        if output_format == "svg":
            text = _explanations_svg(explanations, model_name)
        elif output_format == "json":
            text = render_explanations_json(explanations)
        else:
            text = render_explanations(explanations, model_name, terminal_columns())
        write_output(text, output)


def _explanations_svg(explanations: list[Any], model_name: str | None) -> str:
    """The picture of the recurrent layers among ``explanations``; a usage error when there is none."""
    from lstm_calc.explain import Explanation
    from lstm_calc.render.explain_svg import render_explanations_svg

    drawn = [explanation for explanation in explanations if isinstance(explanation, Explanation)]
    if not drawn:
        subject = f'the model "{model_name}"' if model_name else "this layer"
        raise click.UsageError(f"--format svg draws recurrent layers, and {subject} has none; try --format text")
    return render_explanations_svg(drawn)


WHY_HELP = f"""Which known mistake, or pair of mistakes, gives the parameter count you have (from a
    blog, a colleague, a whiteboard), with your calculation and the right one side by side.

    SPEC|KIND is a spec file with --layer NAME, or {_spoken(PARAMS_KINDS)} with the options
    of 'lstmcalc params' (and --time-steps, --batch-size for the mistakes that involve them).

    \b
    Exit codes: 0 the number is right or a known mistake explains it; 1 no known mistake
    explains it; 2 bad usage or a bad spec.

    \b
    Examples:
      lstmcalc why specs/gesture_classifier.yaml --layer lstm_1 --got 48896
      lstmcalc why lstm --units 128 --input-dim 64 --got 98304
      lstmcalc why gru --units 64 --input-dim 32 --got 18624
      lstmcalc why lstm --units 64 --input-dim 126 --time-steps 5 --got 17920
    """

#: ``why``'s exit code when no known mistake explains the number.
EXIT_UNEXPLAINED = 1


@click.command(cls=LstmcalcCommand, help=WHY_HELP)
@click.argument("target", metavar="SPEC|KIND", type=INPUT_PATH)
@click.option("--got", type=click.IntRange(min=0), required=True, metavar="N", help="The count you have.")
@click.option("--layer", "layer_name", metavar="NAME", help="With a spec: the layer the count is for.")
@recurrent_options
@click.option("--output-dim", type=click.IntRange(min=1), metavar="N", help="Embedding: the vector width.")
@conv_options
@attention_options
@click.option("--time-steps", type=click.IntRange(min=1), metavar="N", help="KIND: the sequence length.")
@click.option("--batch-size", type=click.IntRange(min=1), metavar="N", help="KIND: the batch size.")
@text_or_json("text: the mistake and both calculations; json: the verdict, the right count and every explanation.")
@click.pass_context
def why(
    context: click.Context,
    /,
    target: str,
    got: int,
    layer_name: str | None,
    framework: str,
    time_steps: int | None,
    batch_size: int | None,
    output_format: str,
    **given: Any,
) -> None:
    """``lstmcalc why``: see WHY_HELP."""
    with reported_errors(context):
        from lstm_calc.formulas import OptionError
        from lstm_calc.render.why_text import render_why, render_why_json
        from lstm_calc.why import UNEXPLAINED, LayerChoiceError, diagnose_model_layer, diagnose_options

        kind = target.lower()
        try:
            if kind in PARAMS_KINDS and not os.path.exists(target):
                if layer_name is not None:
                    raise click.UsageError(f"--layer names a layer of a spec, not of a KIND ({kind})")
                options = _layer_options(kind, framework, **given)
                diagnosis = diagnose_options(options, got, time_steps, batch_size)
            else:
                layer_options = [f"--{name.replace('_', '-')}" for name, value in given.items() if value]
                if time_steps is not None or batch_size is not None:
                    layer_options.append("--time-steps" if time_steps is not None else "--batch-size")
                if layer_options:
                    raise click.UsageError(
                        f"{layer_options[0]} describes a KIND ({', '.join(PARAMS_KINDS)}), not a spec"
                    )
                if layer_name is None:
                    raise click.UsageError("with a spec, name the layer: --layer NAME")
                from lstm_calc.api import build_file

                model, result = build_file(target, framework if _given(context, "framework") else None)
                diagnosis = diagnose_model_layer(model, result, layer_name, got)
        except (OptionError, LayerChoiceError) as error:
            raise click.UsageError(str(error)) from None
        if output_format == "json":
            click.echo(render_why_json(diagnosis), nl=False)
        else:
            click.echo(render_why(diagnosis, terminal_columns()), nl=False)
        if diagnosis.verdict == UNEXPLAINED:
            context.exit(EXIT_UNEXPLAINED)


def _given(context: click.Context, name: str) -> bool:
    """Whether the option was given on the command line rather than left at its default."""
    return context.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
