"""The ``lstmcalc`` command: reads specs through the library, prints results, picks exit codes.

Exit codes: 0 success, 1 a spec over its budget (``check``), 2 a bad spec or bad usage,
3 an internal error (a bug in lstmcalc).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from lstm_calc import __version__, terminal

EXIT_OVER_BUDGET = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 3

FORMATS = ("table", "json", "markdown")
CHECK_FORMATS = ("text", "json", "github", "junit")
# Kept here rather than imported from lstm_calc.readers so that --help never imports the readers.
INPUT_FORMATS = ("yaml", "keras-json", "keras", "python")
EXPORT_TARGETS = ("keras", "pytorch")
#: A file argument: the shell completes file names; lstmcalc itself reports a missing or unreadable file.
INPUT_PATH = click.Path(allow_dash=True, readable=False)


def _model_input_options(command):
    """--input-format and --set, shared by every command that reads one model."""
    command = click.option(
        "--set",
        "assignments",
        multiple=True,
        metavar="EXPR=VALUE",
        help="For Python code: the value of an expression lstmcalc cannot evaluate without running the code, "
        "e.g. --set 'actions.shape[0]=3'. Repeatable.",
    )(command)
    return click.option(
        "--input-format",
        type=click.Choice(INPUT_FORMATS),
        default=None,
        help="Read MODEL as this format instead of deciding by its extension (.yaml/.yml, .json, .keras, .py); "
        "standard input is yaml unless given.",
    )(command)


TEXT_FORMATS = ("text", "json")
FRAMEWORKS = ("keras", "pytorch")
PARAMS_KINDS = ("lstm", "gru", "simplernn", "dense", "embedding", "conv1d")
EXPLAIN_KINDS = ("lstm", "gru", "simplernn")
#: Parameter dtypes for --dtype (kept in step with lstm_calc.sizes.DTYPE_BYTES by a test).
DTYPES = ("float32", "float16", "bfloat16", "float64", "int8")


class _Lstmcalc(click.Group):
    """The command group; standard output that fails or closes ends click's own --help and --version
    as it ends every command (:func:`_output_errors`)."""

    def __call__(self, *args, **kwargs):
        # The console script and `python -m lstm_calc` call the group itself, and the process
        # ends with the command. What lstmcalc builds is acyclic, so the cycle collector would
        # only rescan the heap once a command re-enabled it: about 2% of a small command.
        # Library callers and tests (CliRunner) call .main() and keep their collector.
        gc.disable()
        return super().__call__(*args, **kwargs)

    def make_context(self, *args, **kwargs) -> click.Context:
        terminal.stand_in_for_closed_stdout()
        with _output_errors(None):
            return super().make_context(*args, **kwargs)

    def invoke(self, context: click.Context):
        with _output_errors(context):
            return super().invoke(context)


@click.group(cls=_Lstmcalc, context_settings={"help_option_names": ["-h", "--help"]})
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
      lstmcalc summary model.keras
      lstmcalc summary specs/gesture_classifier.py --set 'actions.shape[0]=3'
      lstmcalc check specs/
      lstmcalc convert model.json -o model.yaml
      lstmcalc export specs/gesture_classifier.yaml --to pytorch -o model_torch.py
      lstmcalc params lstm --units 12 --input-dim 80
      lstmcalc explain lstm --units 12 --input-dim 80
    """
    context.obj = {"debug": debug}


@main.command()
@click.argument("spec", metavar="MODEL", type=INPUT_PATH)
@_model_input_options
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
    type=click.Choice(FRAMEWORKS),
    default=None,
    help="Count and name weights as Keras or torch.nn does; overrides the spec's framework: key.",
)
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
@click.pass_context
def summary(
    context: click.Context,
    spec: str,
    input_format: str | None,
    assignments: tuple[str, ...],
    output_format: str,
    framework: str | None,
    stats: bool,
    batch_size: int | None,
    dtype: str | None,
    compare: bool,
) -> None:
    """Print the layers, output shapes and parameter counts of the model in MODEL.

    MODEL is a YAML spec (.yaml, .yml), Keras model JSON from model.to_json() (.json),
    a Keras 3 archive from model.save() (.keras), Keras Python code (.py), or - to read
    a YAML spec from standard input. Keras files and code are read, never run.

    --stats adds multiply-accumulates per layer and sample (per time step where the
    time axis is unknown) and a footer: total MACs, input, forward/backward pass,
    parameter and estimated total sizes for --batch-size and --dtype.

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
      lstmcalc summary model.keras
      lstmcalc summary specs/gesture_classifier.py --set 'actions.shape[0]=3'
      lstmcalc summary specs/gesture_classifier.yaml --stats --batch-size 32
      lstmcalc summary specs/gesture_classifier.yaml --compare
    """
    if not stats and (batch_size is not None or dtype is not None):
        option = "--batch-size" if batch_size is not None else "--dtype"
        raise click.UsageError(f"{option} sets a figure of --stats; add --stats")
    if compare and stats:
        raise click.UsageError("--compare and --stats are separate views; use one at a time")
    if compare and output_format == "markdown":
        raise click.UsageError("--compare prints a table or JSON; use --format table or --format json")
    with _reported_errors(context), _without_cycle_collector():
        if compare:
            _print_comparison(spec, framework, output_format)
            return
        from lstm_calc.api import summarize_file

        result = summarize_file(spec, framework, input_format, assignments)
        figures = None
        if stats:
            from lstm_calc.stats import StatsError, model_stats

            try:
                figures = model_stats(result, batch_size, dtype)
            except StatsError as error:
                raise click.UsageError(str(error)) from None
        if output_format == "json":
            from lstm_calc.render.json_output import iter_json

            sys.stdout.writelines(iter_json(result, figures))
        elif output_format == "markdown":
            from lstm_calc.render.markdown import render_markdown

            click.echo(render_markdown(result, figures), nl=False)
        else:
            _print_table(result, figures)


def _print_comparison(spec: str, framework: str | None, output_format: str) -> None:
    from lstm_calc.api import build_file
    from lstm_calc.compare import compare_model

    comparison = compare_model(*build_file(spec, framework))
    if output_format == "json":
        from lstm_calc.render.compare_text import render_compare_json

        click.echo(render_compare_json(comparison), nl=False)
    else:
        from lstm_calc.render.compare_text import render_compare

        click.echo(render_compare(comparison, _terminal_columns()), nl=False)


@main.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=INPUT_PATH)
@_model_input_options
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
def check(context: click.Context, paths: tuple[str, ...], max_params: int | None, output_format: str, **inputs) -> None:
    """Check specs against their parameter budgets: the 'budget:' block of each spec
    (max_params, max_trainable_params, max_param_bytes, expect_params), each layer's
    max_params, and --max-params.

    PATH is a spec file, a directory (searched recursively for *.yaml and *.yml), or -
    for standard input. --input-format applies to the PATHs given, --set to Python code.
    Symbolic links leading out of the tree, FIFOs, devices and sockets are never read.

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
    Examples:
      lstmcalc check specs/
      lstmcalc check --max-params 1000000 specs/*.yaml
      lstmcalc check --format github specs/
      lstmcalc check specs/gesture_classifier.py --set 'actions.shape[0]=3'
    """
    with _reported_errors(context), _without_cycle_collector():
        from lstm_calc.api import check_paths
        from lstm_calc.budget import INVALID, OVER_BUDGET, WITHIN_BUDGET

        report = check_paths(paths, max_params, **inputs)  # input_format and assignments, as summary's
        exit_code = {WITHIN_BUDGET: 0, OVER_BUDGET: EXIT_OVER_BUDGET, INVALID: EXIT_BAD_INPUT}[report.status]
        context.obj["status_on_broken_pipe"] = exit_code  # a reader that stops early changes no verdict
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
    context.exit(exit_code)


@main.command()
@click.argument("model", metavar="MODEL", type=INPUT_PATH)
@_model_input_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the spec to this file, not stdout.")
@click.pass_context
def convert(
    context: click.Context, model: str, input_format: str | None, assignments: tuple[str, ...], output: str | None
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
    with _reported_errors(context):
        from lstm_calc.api import convert_file

        _refuse_overwriting_input(model, output)
        _write(convert_file(model, input_format, assignments), output)


@main.command()
@click.argument("model", metavar="MODEL", type=INPUT_PATH)
@click.option(
    "--to", "target", type=click.Choice(EXPORT_TARGETS), required=True, help="The framework to write code for."
)
@_model_input_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the code to this file, not stdout.")
@click.pass_context
def export(
    context: click.Context,
    model: str,
    target: str,
    input_format: str | None,
    assignments: tuple[str, ...],
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
    with _reported_errors(context):
        from lstm_calc.api import export_file

        _refuse_overwriting_input(model, output)
        _write(export_file(model, target, input_format, assignments), output)


@main.command()
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
    with _reported_errors(context):
        from lstm_calc.schema import render_schema

        _write(render_schema(), output)


def _refuse_overwriting_input(model: str, output: str | None) -> None:
    if output and model != "-" and all(map(os.path.exists, (model, output))) and os.path.samefile(model, output):
        raise click.UsageError(f"-o {output} is the input file; write to another file")


def _write(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from lstm_calc.errors import Location, SpecError
    from lstm_calc.output_files import write_file

    try:
        write_file(output, text)
    except OSError as error:
        raise SpecError(f"cannot write the file: {error.strerror}", Location(output, 1, 1)) from None


def _recurrent_options(command):
    """The options ``params`` and ``explain`` share, named after the Keras (and torch.nn) arguments."""
    options = [
        click.option(
            "--units", type=click.IntRange(min=1), metavar="N", help="Width of the hidden state (Dense: outputs)."
        ),
        click.option(
            "--input-dim", type=click.IntRange(min=1), metavar="N", help="Input features (Embedding: vocabulary size)."
        ),
        click.option("--no-bias", is_flag=True, help="The layer has no bias (use_bias=False, bias=False)."),
        click.option("--no-reset-after", is_flag=True, help="Keras GRU with reset_after=False (one bias vector)."),
        click.option(
            "--bidirectional", is_flag=True, help="Both directions: Keras's Bidirectional, torch's bidirectional=True."
        ),
        click.option(
            "--framework",
            type=click.Choice(FRAMEWORKS),
            default="keras",
            show_default=True,
            help="Count and name the weights as Keras 3 or torch.nn does.",
        ),
        click.option(
            "--num-layers", type=click.IntRange(min=1), metavar="N", help="PyTorch: stacked layers in one module."
        ),
        click.option("--proj-size", type=click.IntRange(min=0), metavar="N", help="PyTorch LSTM: project h down to N."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _text_or_json(help_text: str):
    """The ``--format text|json`` option of ``params`` and ``explain``."""
    return click.option(
        "--format", "output_format", type=click.Choice(TEXT_FORMATS), default="text", show_default=True, help=help_text
    )


def _layer_options(kind: str, framework: str, **given):
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


@main.command()
@click.argument("kind", metavar="KIND", type=click.Choice(PARAMS_KINDS, case_sensitive=False))
@_recurrent_options
@click.option("--output-dim", type=click.IntRange(min=1), metavar="N", help="Embedding: the vector width.")
@click.option("--filters", type=click.IntRange(min=1), metavar="N", help="Conv1D: output channels.")
@click.option("--kernel-size", type=click.IntRange(min=1), metavar="N", help="Conv1D: the window length.")
@click.option(
    "--max-params",
    type=click.IntRange(min=1),
    metavar="N",
    help="Find the largest units (Conv1D: filters, Embedding: output_dim) with at most N params.",
)
@_text_or_json("text: the formula and the weights; json: the number, the formula's terms and the weights.")
@click.pass_context
def params(
    context: click.Context, kind: str, framework: str, max_params: int | None, output_format: str, **given
) -> None:
    """The parameter count of one layer: the formula, the formula with your numbers, the result.

    KIND is lstm, gru, simplernn, dense, embedding or conv1d. The count comes from the
    same layer classes as 'summary', and the formula is checked against it.

    \b
    Examples:
      lstmcalc params lstm --units 12 --input-dim 80
      lstmcalc params lstm --units 12 --input-dim 80 --framework pytorch
      lstmcalc params gru --units 64 --input-dim 64 --no-reset-after --bidirectional
      lstmcalc params embedding --input-dim 10000 --output-dim 128
      lstmcalc params conv1d --filters 32 --kernel-size 3 --input-dim 80
      lstmcalc params lstm --input-dim 126 --max-params 50000
    """
    with _reported_errors(context):
        from lstm_calc.formulas import OptionError, calculate, solve_max_params
        from lstm_calc.render import params_text

        options = _layer_options(kind.lower(), framework, **given)
        try:
            if max_params is not None:
                solution = solve_max_params(options, max_params)
            else:
                calculation = calculate(options)
        except OptionError as error:
            raise click.UsageError(str(error)) from None
        if max_params is not None:
            if output_format == "json":
                click.echo(params_text.render_solution_json(solution), nl=False)
            else:
                click.echo(params_text.render_solution(solution, _terminal_columns()), nl=False)
        else:
            render = params_text.render_params_json if output_format == "json" else params_text.render_params
            click.echo(render(calculation), nl=False)


@main.command()
@click.argument("target", metavar="SPEC|KIND", type=INPUT_PATH)
@_recurrent_options
@_text_or_json("text: for reading; json: the same facts as one document.")
@click.pass_context
def explain(context: click.Context, target: str, framework: str, output_format: str, **given) -> None:
    """Explain what each recurrent layer computes: its cell equations with the shape of
    every term, its states, how it unrolls over time, and how the framework packs its gates
    into weight tensors.

    SPEC|KIND is a spec file (or - for standard input), or lstm, gru or simplernn with
    --units and --input-dim.

    \b
    Examples:
      lstmcalc explain lstm --units 12 --input-dim 80
      lstmcalc explain lstm --units 12 --input-dim 80 --framework pytorch
      lstmcalc explain gru --units 12 --input-dim 80 --no-reset-after
      lstmcalc explain specs/gesture_classifier.yaml
    """
    with _reported_errors(context):
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
                f"explain covers recurrent layers (lstm, gru, simplernn); for {kind}, try: lstmcalc params {kind}"
            )
        else:
            layer_options = [f"--{name.replace('_', '-')}" for name, value in given.items() if value]
            if layer_options:
                raise click.UsageError(f"{layer_options[0]} describes a KIND (lstm, gru, simplernn), not a spec")
            from lstm_calc.api import build_file

            model, result = build_file(target, framework if _given(context, "framework") else None)
            model_name = result.name
            explanations = [explain_layer(spec, row) for spec, row in recurrent_layers(model.layers, result.layers)]
        if output_format == "json":
            click.echo(render_explanations_json(explanations), nl=False)
        else:
            click.echo(render_explanations(explanations, model_name, _terminal_columns()), nl=False)


def _given(context: click.Context, name: str) -> bool:
    """Whether the option was given on the command line rather than left at its default."""
    return context.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE


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
    from lstm_calc.render.check_table import render_check_table

    render_check_table(report, terminal.rich_console(highlight=False, force_terminal=True))


def _print_table(result, stats=None) -> None:
    from lstm_calc.render.table import line_length_for, plain_table

    columns = _terminal_columns()
    line_length = line_length_for(columns, result)
    width = max(columns, line_length)
    if _colourless_output():
        text = plain_table(result, width, line_length, stats, ascii_only=terminal.ascii_only(sys.stdout))
        if text is not None:
            sys.stdout.write(text)
            return
    from lstm_calc.render.table import render_table

    console = terminal.rich_console(highlight=False, width=width)
    render_table(result, console, line_length, stats)


def _colourless_output() -> bool:
    # When rich would print without colour: stdout is no terminal and no variable forces one.
    return not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR") and "TTY_COMPATIBLE" not in os.environ


def _terminal_columns() -> int:
    # shutil.get_terminal_size()'s rule (COLUMNS, else the terminal's width, else 80) without
    # importing shutil, which brings bz2, lzma and fnmatch: 5 ms of a table's start-up.
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


@contextmanager
def _output_errors(context: click.Context | None) -> Iterator[None]:
    """End the command when standard output fails: quietly, with the status the command would
    have had (check's verdict), when the reader stops early (| head); with one line on stderr
    and exit status 2 when the write fails (a full disk, an encoding without a character)."""
    try:
        try:
            yield
        finally:
            terminal.flush_stdout()
    except (OSError, UnicodeEncodeError) as error:
        message = terminal.output_failure(error)
        if message is None and not terminal.is_broken_pipe(error):
            raise
        terminal.stop_writing()
        if message is None:
            sys.exit((context.obj or {}).get("status_on_broken_pipe", 0) if context else 0)
        try:
            click.echo(message, err=True)
        except OSError:  # stderr fails too (2>&1): the status still tells
            pass
        sys.exit(EXIT_BAD_INPUT)


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
        if terminal.is_broken_pipe(error) or terminal.output_failure(error):
            return False  # for _output_errors, around every command
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
