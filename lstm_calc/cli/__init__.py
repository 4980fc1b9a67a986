"""The ``lstmcalc`` command: reads specs through the library, prints results, picks exit codes.

The command group is here, its commands in :mod:`lstm_calc.cli.summary_command`,
:mod:`lstm_calc.cli.check_command`, :mod:`lstm_calc.cli.conversion_commands` and others (listed
in :data:`COMMANDS`), what they share in :mod:`lstm_calc.cli.options` and
:mod:`lstm_calc.cli.output` (which lists the exit codes).
"""

# ruff: noqa: E402 - the cycle collector is switched off before the imports below

from __future__ import annotations

import gc

# Importing click and the command modules makes tens of thousands of objects and no garbage, yet
# the cycle collector would scan them several times meanwhile: about 1.5 ms of a 50 ms start.
# It is on again at the end of this module if it was on, so library callers and tests keep it.
_COLLECTING = gc.isenabled()
gc.disable()

import sys
from importlib import import_module
from typing import TYPE_CHECKING

import click

from lstm_calc import __version__, terminal
from lstm_calc.cli.options import DTYPES, LstmcalcCommand
from lstm_calc.cli.output import output_errors
from lstm_calc.exits import end_without_teardown_at_exit, lstmcalc_is_the_program

if TYPE_CHECKING:
    from typing import Any

# DTYPES is part of what lstm_calc.cli offers: a test keeps it in step with lstm_calc.sizes.
__all__ = ["COMMANDS", "DTYPES", "main"]

#: Every command: its name -> the module (under lstm_calc.cli) that defines it. A command's
#: module is imported when the command line names it (or --help lists them all), so that
#: ``summary`` does not build the options of ``params`` and ``explain``.
COMMANDS = {
    "summary": "summary_command",
    "check": "check_command",
    "convert": "conversion_commands",
    "export": "conversion_commands",
    "diagram": "conversion_commands",
    "schema": "conversion_commands",
    "diff": "review_commands",
    "params": "learning_commands",
    "explain": "learning_commands",
    "why": "learning_commands",
    "quiz": "quiz_command",
}


class _Lstmcalc(LstmcalcCommand, click.Group):
    """The command group; standard output that fails or closes ends click's own --help and --version
    as it ends every command (:func:`~lstm_calc.cli.output.output_errors`)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # The console script and `python -m lstm_calc` call the group itself, and the process
        # ends with the command. What lstmcalc builds is acyclic, so the cycle collector would
        # only rescan the heap once a command re-enabled it: about 2% of a small command. At
        # exit Python still runs it once, over every object click, yaml and lstmcalc made, to
        # free memory that the process's end frees anyway: frozen, they are skipped (a tenth
        # of a small command's CPU time; the standard streams are flushed all the same). When
        # lstmcalc is the program, the teardown after the exit handlers is skipped too.
        # Library callers and tests (CliRunner) call .main() and keep their collector.
        gc.disable()
        try:
            return super().__call__(*args, **kwargs)
        except SystemExit as exit:
            status = exit.code
            if (status is None or isinstance(status, int)) and not sys.flags.inspect and lstmcalc_is_the_program(self):
                end_without_teardown_at_exit(status or 0)
            raise
        finally:
            gc.freeze()

    def list_commands(self, context: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, context: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        command: click.Command = getattr(import_module(f"lstm_calc.cli.{COMMANDS[name]}"), name)
        return command

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        terminal.stand_in_for_closed_stdout()
        with output_errors(None):
            return super().make_context(*args, **kwargs)

    def invoke(self, context: click.Context) -> Any:
        with output_errors(context):
            return super().invoke(context)


def _show_version(context: click.Context, _parameter: click.Parameter, value: bool) -> None:
    # click.version_option's own text and behaviour, without its gettext lookups (LstmcalcCommand says why)
    if value and not context.resilient_parsing:
        click.echo(f"lstmcalc, version {__version__}", color=context.color)
        context.exit()


@click.group(cls=_Lstmcalc, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-V",
    "--version",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_show_version,
    help="Show the version and exit.",
)
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
      lstmcalc diff main:specs/model.yaml specs/model.yaml
      lstmcalc convert model.json -o model.yaml
      lstmcalc export specs/gesture_classifier.yaml --to pytorch -o model_torch.py
      lstmcalc diagram specs/seq2seq.yaml -o seq2seq.svg
      lstmcalc params lstm --units 12 --input-dim 80
      lstmcalc explain lstm --units 12 --input-dim 80
      lstmcalc why specs/gesture_classifier.yaml --layer lstm_1 --got 48896
      lstmcalc quiz --topic params --level 2
    """
    context.obj = {"debug": debug}


if _COLLECTING:
    gc.enable()
