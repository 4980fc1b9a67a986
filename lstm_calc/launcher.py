"""The ``lstmcalc`` program: ``python -m lstm_calc`` and the console script start here.

A plain ``lstmcalc summary FILE`` printed as text (a table in a pipe, torchinfo's table, JSON) is
computed and written without importing click, whose import is a third of such a command's time;
everything else, and any such command that meets a problem, goes to click's command line
(:mod:`lstm_calc.cli`), which runs it from the start, so that its messages, exit statuses and
help stay click's. The quick summary handles only what it spells the way click reads it: long
options of ``summary`` with their values, and one file.
"""

from __future__ import annotations

import gc
import os
import stat
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING

from lstm_calc.exits import EXIT_BAD_INPUT, end_without_teardown_at_exit, lstmcalc_is_the_program

if TYPE_CHECKING:
    from typing import NoReturn


class SummaryRequest(SimpleNamespace):
    """``lstmcalc summary``'s file and options, as its click command receives them.

    A namespace, not a NamedTuple: making a NamedTuple class is a millisecond of every command's start."""

    spec: str
    model_name: str | None
    assignments: tuple[str, ...]
    input_shapes: tuple[list[int | None], ...]
    input_format: str | None
    framework: str | None
    output_format: str
    depth: int | None

    def __init__(
        self,
        spec: str,
        model_name: str | None = None,
        assignments: tuple[str, ...] = (),
        input_shapes: tuple[list[int | None], ...] = (),
        input_format: str | None = None,
        framework: str | None = None,
        output_format: str = "table",
        depth: int | None = None,
    ) -> None:
        super().__init__(
            spec=spec,
            model_name=model_name,
            assignments=assignments,
            input_shapes=input_shapes,
            input_format=input_format,
            framework=framework,
            output_format=output_format,
            depth=depth,
        )


#: The options the quick summary reads: their names -> SummaryRequest's fields. Repeatable ones are tuples there.
_OPTIONS = {
    "--model": "model_name",
    "--set": "assignments",
    "--input-shape": "input_shapes",
    "--input-format": "input_format",
    "--framework": "framework",
    "--format": "output_format",
    "--depth": "depth",
}


def main(prog_name: str | None = None) -> NoReturn:
    """Run ``lstmcalc`` with the process's arguments and end the process with its status."""
    request = plain_summary_request(sys.argv[1:]) if _reads_plainly() else None
    if request is not None:
        collecting = gc.isenabled()
        gc.disable()  # the work builds acyclic data (lstm_calc.cli says why)
        if _printed_summary(request):
            end_command(0)
        if collecting:
            gc.enable()
            gc.collect()  # what the attempt left, before click's run builds it all again
    from lstm_calc.cli import main as command_line

    command_line(prog_name=prog_name)
    raise AssertionError("click's command line ends the process")  # pragma: no cover


def _reads_plainly() -> bool:
    """Whether the process is one the quick summary may serve: standard streams to write to, no
    shell completion asked of click, and no Windows (whose command lines click expands)."""
    return (
        sys.stdout is not None
        and sys.stderr is not None
        and os.name != "nt"
        and not any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)
    )


def plain_summary_request(arguments: list[str]) -> SummaryRequest | None:
    """``arguments`` (after the program's name) as a summary the quick path prints, or None for
    anything else: another command, a flag, a short option, standard input, a value click would
    refuse or read otherwise, an option given twice that is not repeatable."""
    if not arguments or arguments[0] != "summary":
        return None
    fields: dict[str, object] = {}
    remaining = iter(arguments[1:])
    for argument in remaining:
        if not argument.startswith("-"):
            if "spec" in fields:
                return None
            fields["spec"] = argument
            continue
        name, equals, value = argument.partition("=")
        field = _OPTIONS.get(name)
        if field is None:
            return None  # -, --, -h, --stats, an unknown option: click's to read or refuse
        if not equals:
            value = next(remaining, "-")
            if value.startswith("-"):
                return None
        converted = _converted(field, value)
        if converted is None:
            return None
        if field in ("assignments", "input_shapes"):
            fields[field] = (*fields.get(field, ()), converted)  # type: ignore[misc]
        elif field in fields:
            return None
        else:
            fields[field] = converted
    if "spec" not in fields:
        return None
    return SummaryRequest(**fields)  # type: ignore[arg-type]


def _converted(field: str, value: str) -> object | None:
    """An option's value as click converts it, or None where click would refuse it or the quick
    summary leaves the option to click (Markdown, which click.echo writes)."""
    from lstm_calc.option_values import FRAMEWORKS, INPUT_FORMATS, input_shape

    if field == "input_shapes":
        try:
            return input_shape(value)
        except ValueError:
            return None
    if field == "depth":
        try:
            depth = int(value)
        except ValueError:
            return None
        return depth if depth >= 0 else None
    choices = {"input_format": INPUT_FORMATS, "framework": FRAMEWORKS, "output_format": ("table", "json")}
    if field in choices and value not in choices[field]:
        return None
    return value


def _printed_summary(request: SummaryRequest) -> bool:
    """Print what ``lstmcalc summary`` prints for ``request``; False, having printed nothing, where
    click's run must: a problem (which that run meets again and reports) or an option's usage error."""
    from lstm_calc import summary_output, terminal

    if not _regular_file(request.spec):
        return False  # a pipe (<(cat model.yaml)) can be read once only: click's run reads it
    table = request.output_format == "table"
    try:
        from lstm_calc.api import summarize_file

        result = summarize_file(
            request.spec,
            request.framework,
            request.input_format,
            request.assignments,
            False,
            request.model_name,
            list(request.input_shapes),
            False,
            table,
        )
        if request.depth is not None and not (result.module_calls and table):
            return False  # --depth where torchinfo's table is not printed
        # Every write below comes after the text is made: a problem in making it has printed nothing.
        with terminal.ending_on_output_failure(lambda: 0, EXIT_BAD_INPUT):
            if result.module_calls and table:
                from lstm_calc.render.torchinfo_table import torchinfo_columns

                sys.stdout.write(summary_output.torchinfo_text(result, request.depth, torchinfo_columns(None, False)))
            elif table:
                summary_output.print_table(result)
            else:
                from lstm_calc.render.json_output import iter_json

                sys.stdout.write("".join(iter_json(result, None, False)))
    except SystemExit as exit:  # standard output failed
        end_command(exit.code if isinstance(exit.code, int) else EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted!\n")  # click's words and status for an interrupted command
        end_command(1)
    except Exception:  # noqa: BLE001 - every problem is reported by click's run of the command
        return False
    return True


def _regular_file(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):  # missing, unreadable, or a name the system cannot take
        return False


def end_command(status: int) -> NoReturn:
    """End the command with ``status``; without the interpreter's teardown where lstmcalc is the program."""
    if not sys.flags.inspect and lstmcalc_is_the_program():
        end_without_teardown_at_exit(status)
        gc.freeze()  # as lstm_calc.cli's group does: should the teardown run after all, it skips these
    sys.exit(status)
