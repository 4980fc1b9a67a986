"""The commands that write a model as something else: ``convert`` (a YAML spec), ``export``
(Keras or PyTorch code), ``diagram`` (a picture) and ``schema`` (the spec format's JSON Schema).

Apart from :mod:`lstm_calc.cli.summary_command` and :mod:`lstm_calc.cli.check_command`, so that
``summary`` and ``check`` do not build these commands' options at every start.
"""

from __future__ import annotations

import os

import click

from lstm_calc.cli.options import (
    DIAGRAM_FORMATS,
    EXPORT_TARGETS,
    INPUT_PATH,
    LstmcalcCommand,
    framework_option,
    model_input_options,
)
from lstm_calc.cli.output import reported_errors, without_cycle_collector, write_output


@click.command(cls=LstmcalcCommand)
@click.argument("model", metavar="MODEL", type=INPUT_PATH)
@model_input_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the spec to this file, not stdout.")
@click.pass_context
def convert(
    context: click.Context,
    model: str,
    input_format: str | None,
    assignments: tuple[str, ...],
    model_name: str | None,
    output: str | None,
) -> None:
    """Write the model in MODEL as an editable YAML spec that summarises identically.

    MODEL is anything 'lstmcalc summary' reads: Keras model JSON, a .keras archive,
    Keras Python code, or a YAML spec.

    \b
    Examples:
      lstmcalc convert model.json -o model.yaml
      lstmcalc convert model.keras
      lstmcalc convert specs/gesture_classifier.py --set 'actions.shape[0]=3' -o gesture.yaml
    """
    with reported_errors(context):
        from lstm_calc.api import convert_file

        _refuse_overwriting_input(model, output)
        write_output(convert_file(model, input_format, assignments, model_name), output)


@click.command(cls=LstmcalcCommand)
@click.argument("model", metavar="MODEL", type=INPUT_PATH)
@click.option(
    "--to", "target", type=click.Choice(EXPORT_TARGETS), required=True, help="The framework to write code for."
)
@model_input_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the code to this file, not stdout.")
@click.pass_context
def export(
    context: click.Context,
    model: str,
    target: str,
    input_format: str | None,
    assignments: tuple[str, ...],
    model_name: str | None,
    output: str | None,
) -> None:
    """Write a standalone Python file that builds MODEL with Keras 3 or torch.nn.

    Run the file to check lstmcalc's numbers in the framework itself: the Keras file
    prints model.summary(), the PyTorch file prints the module, its parameter counts
    and its output shape. --to pytorch follows lstmcalc's PyTorch convention, as
    'summary --framework pytorch' does.

    \b
    Examples:
      lstmcalc export specs/gesture_classifier.yaml --to keras -o gesture_keras.py
      lstmcalc export specs/gru_sentiment.yaml --to pytorch -o gru_sentiment.py
    """
    with reported_errors(context):
        from lstm_calc.api import export_file

        _refuse_overwriting_input(model, output)
        write_output(export_file(model, target, input_format, assignments, model_name), output)


@click.command(cls=LstmcalcCommand)
@click.argument("model", metavar="MODEL", type=INPUT_PATH)
@model_input_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(DIAGRAM_FORMATS),
    default="svg",
    show_default=True,
    help="svg: a picture laid out by lstmcalc; mermaid: a flowchart GitHub draws; dot: for Graphviz.",
)
@framework_option("Count and name weights as Keras or torch.nn does; overrides the spec's framework: key.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the picture to this file, not stdout.")
@click.pass_context
def diagram(
    context: click.Context,
    model: str,
    input_format: str | None,
    assignments: tuple[str, ...],
    model_name: str | None,
    output_format: str,
    framework: str | None,
    output: str | None,
) -> None:
    """Draw the model in MODEL: a box per layer with its name, type, output shape and
    parameter count, and an arrow per connection.

    MODEL is anything 'lstmcalc summary' reads. Inputs and outputs are marked; an arrow
    from a layer with several outputs says which one it carries ([1]); a shared layer is
    drawn once. The SVG is laid out by lstmcalc itself (no Graphviz needed); --format
    mermaid writes a flowchart to paste into GitHub Markdown, --format dot a Graphviz graph.

    \b
    Examples:
      lstmcalc diagram specs/seq2seq.yaml -o seq2seq.svg
      lstmcalc diagram specs/gesture_classifier.yaml --format mermaid
      lstmcalc diagram model.keras --format dot | dot -Tpng -o model.png
    """
    with reported_errors(context), without_cycle_collector():
        from lstm_calc.api import diagram_file

        _refuse_overwriting_input(model, output)
        write_output(diagram_file(model, output_format, framework, input_format, assignments, model_name), output)


@click.command(cls=LstmcalcCommand)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the schema to this file, not stdout.")
@click.pass_context
def schema(context: click.Context, output: str | None) -> None:
    """Print the JSON Schema (draft 2020-12) of the YAML spec format, for editors.

    \b
    With the YAML language server (VS Code's YAML extension and others), start a spec with:
      # yaml-language-server: $schema=PATH_OR_URL_OF_THE_SCHEMA

    \b
    Example:
      lstmcalc schema -o lstmcalc-spec.schema.json
    """
    with reported_errors(context):
        from lstm_calc.schema import render_schema

        write_output(render_schema(), output)


def _refuse_overwriting_input(model: str, output: str | None) -> None:
    if output and model != "-" and all(map(os.path.exists, (model, output))) and os.path.samefile(model, output):
        raise click.UsageError(f"-o {output} is the input file; write to another file")
