"""The options and choices of the ``lstmcalc`` commands, those they share declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lstm_calc.option_values import FORMATS, FRAMEWORKS, INPUT_FORMATS, input_shape

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from click.shell_completion import CompletionItem

    #: A command function, as click's decorators take and return it.
    Command = TypeVar("Command", bound=Callable[..., Any])

CHECK_FORMATS = ("text", "json", "github", "junit")
EXPORT_TARGETS = ("keras", "pytorch")
DIAGRAM_FORMATS = ("svg", "mermaid", "dot")


class LstmcalcCommand(click.Command):
    """A command of lstmcalc: click's, with its ``-h``/``--help`` option made as click makes it but
    with the text given. click looks its text up with gettext on every start, and gettext's first
    lookup imports :mod:`locale` and each one searches the disk for a catalogue that neither click
    nor lstmcalc ships: about 1 ms of a 60 ms start, for the same text."""

    _help_option_made: click.Option | None = None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        # Made once, as click does: the order in which callbacks run compares the option objects.
        if self._help_option_made is None:
            self._help_option_made = click.Option(
                names,
                is_flag=True,
                is_eager=True,
                expose_value=False,
                callback=_show_help,
                help="Show this message and exit.",
            )
        return self._help_option_made


def _show_help(context: click.Context, _parameter: click.Parameter, value: bool) -> None:
    if value and not context.resilient_parsing:
        click.echo(context.get_help(), color=context.color)
        context.exit()


class InputPath(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.5 on, not in 8.2
    """A model's file name, or ``-`` for standard input, passed on as typed: the shell completes file
    names, and lstmcalc itself reports a missing or unreadable file at the command's own error (not
    click.Path, which stats the file and looks its name up with gettext on every start)."""

    name = "path"

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="file")]


INPUT_PATH = InputPath()
TEXT_FORMATS = ("text", "json")
# The registry's kinds with a quick-command formula (lstm_calc.formulas.QUICK_KINDS) and those with a cell
# to explain, kept here, in registry order, so that --help never imports every layer kind; a test holds
# them to the registry.
PARAMS_KINDS = ("lstm", "gru", "simplernn", "dense", "embedding", "conv1d", "convlstm1d", "convlstm2d", "mha")
EXPLAIN_KINDS = ("lstm", "gru", "simplernn", "convlstm1d", "convlstm2d", "mha")
#: Parameter dtypes for --dtype (kept in step with lstm_calc.sizes.DTYPE_BYTES by a test).
DTYPES = ("float32", "float16", "bfloat16", "float64", "int8")


def model_input_options(command: Command) -> Command:
    """--input-format, --set and --model, shared by every command that reads one model."""
    command = click.option(
        "--model",
        "model_name",
        metavar="NAME",
        default=None,
        help="For Python code that builds several models: the one to read, by its variable or its name=. "
        "By default the one the code compiles, fits or summarises.",
    )(command)
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


def _input_shapes(
    context: click.Context, parameter: click.Parameter, values: tuple[str, ...]
) -> list[list[int | None]]:
    """``--input-shape 32,10,8`` as ``[32, 10, 8]``; ``None`` (or ``?``) for a size left open."""
    try:
        return [input_shape(value) for value in values]
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def input_shape_option(command: Command) -> Command:
    """--input-shape, for Python code: the shape of each tensor a torch forward receives, or a Keras model's input."""
    return click.option(
        "--input-shape",
        "input_shapes",
        multiple=True,
        metavar="B,T,...",
        callback=_input_shapes,
        help="For PyTorch code: the shape forward receives, batch included (if it has one), one per tensor "
        "argument (repeatable). For Keras code that gives no input: the per-sample shape, batch excluded.",
    )(command)


def recurrent_options(command: Command) -> Command:
    """The options ``params`` and ``explain`` share, named after the Keras (and torch.nn) arguments."""
    options = [
        click.option(
            "--units", type=click.IntRange(min=1), metavar="N", help="Width of the hidden state (Dense: outputs)."
        ),
        click.option(
            "--input-dim",
            type=click.IntRange(min=1),
            metavar="N",
            help="Input features (Embedding: vocabulary size; Conv1D, ConvLSTM: channels).",
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


def attention_options(command: Command) -> Command:
    """MultiHeadAttention's options of ``params``, named after its Keras (and torch.nn) arguments."""
    options = [
        click.option(
            "--embed-dim", type=click.IntRange(min=1), metavar="N", help="MultiHeadAttention: the query's features E."
        ),
        click.option("--num-heads", type=click.IntRange(min=1), metavar="N", help="MultiHeadAttention: heads H."),
        click.option(
            "--key-dim",
            type=click.IntRange(min=1),
            metavar="N",
            help="Keras MultiHeadAttention: each head's query and key size (default E / H).",
        ),
        click.option(
            "--value-dim",
            type=click.IntRange(min=1),
            metavar="N",
            help="Keras MultiHeadAttention: each head's value size (default key_dim).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def conv_options(command: Command) -> Command:
    """--filters and --kernel-size, for the convolutional kinds of ``params`` and ``explain``."""
    command = click.option(
        "--kernel-size",
        type=click.IntRange(min=1),
        metavar="N",
        help="Conv1D, ConvLSTM: the window (ConvLSTM2D: N × N).",
    )(command)
    return click.option(
        "--filters", type=click.IntRange(min=1), metavar="N", help="Conv1D, ConvLSTM: output channels."
    )(command)


def text_or_json(help_text: str) -> Callable[[Command], Command]:
    """The ``--format text|json`` option of ``params`` and ``explain``."""
    return click.option(
        "--format", "output_format", type=click.Choice(TEXT_FORMATS), default="text", show_default=True, help=help_text
    )


def model_format_option(help_text: str) -> Callable[[Command], Command]:
    """The ``--format table|json|markdown`` option of ``summary`` and ``diff``."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help=help_text,
    )


def framework_option(help_text: str) -> Callable[[Command], Command]:
    """The ``--framework keras|pytorch`` option of ``summary`` and ``diff``, which overrides a spec's own."""
    return click.option("--framework", type=click.Choice(FRAMEWORKS), default=None, help=help_text)


def _column_keys(context: click.Context, parameter: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    from lstm_calc.render.summary_columns import UnknownColumnError, parse_columns

    try:
        return parse_columns(value)
    except UnknownColumnError as error:
        raise click.BadParameter(str(error)) from None


def summary_layout_options(command: Command) -> Command:
    """``summary``'s table options, named after Keras's ``model.summary()`` and torchinfo's."""
    options = [
        click.option("--show-trainable", is_flag=True, help="Keras's Trainable column: Y, N (frozen), - (no weights)."),
        click.option(
            "--expand-nested",
            is_flag=True,
            help="Keras's expand_nested: rows for the layers of a nested model (Keras draws none for a "
            "wrapper's layer, and neither does lstmcalc; refused for a Sequential model used as a layer).",
        ),
        click.option(
            "--columns",
            metavar="NAME,...",
            callback=_column_keys,
            help="The columns after the name, in order: input_size, output_size, num_params, params_percent, "
            "mult_adds, trainable (torchinfo's col_names), or input_shape, output_shape, params, macs, "
            "connected_to.",
        ),
        click.option(
            "--line-length",
            type=click.IntRange(min=40),
            metavar="N",
            help="Keras's line_length: the table's width (default 88, 108 with Connected to, 12 more with "
            "Trainable, or the terminal's width less 4).",
        ),
        click.option(
            "--depth",
            type=click.IntRange(min=0),
            metavar="N",
            help="torchinfo's depth, for PyTorch models: rows nested deeper than N are left out (default 3).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command
