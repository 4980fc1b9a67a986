"""How the lstmcalc process ends: its exit codes, and its end without the interpreter's teardown
when lstmcalc is the program (:mod:`lstm_calc.launcher` and :mod:`lstm_calc.cli` both end so).

Exit codes: 0 success, 1 a spec over its budget (``check``) or a count no known mistake explains
(``why``), 2 a bad spec or bad usage, 3 an internal error (a bug in lstmcalc).
"""

from __future__ import annotations

import atexit
import os
import sys

EXIT_OVER_BUDGET = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 3

#: The status the command ended with, for :func:`_end_without_teardown`.
_exit_status: list[int] = []


def end_without_teardown_at_exit(status: int) -> None:
    """Have the process end with ``status`` after the exit handlers, without tearing the interpreter down."""
    _exit_status[:] = [status]
    atexit.unregister(_end_without_teardown)
    atexit.register(_end_without_teardown)


def lstmcalc_is_the_program(group: object = None) -> bool:
    """Whether the process runs lstmcalc itself: ``python -m lstm_calc``, or the console script (a
    file named ``lstmcalc`` that imported :func:`lstm_calc.launcher.main`, or the click ``group`` as
    an older one did)."""
    program = sys.modules.get("__main__")
    spec = getattr(program, "__spec__", None)
    if spec is not None:
        return bool(spec.name == "lstm_calc.__main__")
    script = getattr(program, "__file__", None) or ""
    entry = getattr(program, "main", None)
    launcher_main = (getattr(entry, "__module__", None), getattr(entry, "__name__", None)) == (
        "lstm_calc.launcher",
        "main",
    )
    named = os.path.splitext(os.path.basename(script))[0] == "lstmcalc"
    return named and entry is not None and (launcher_main or entry is group)


def _end_without_teardown() -> None:
    """At exit, after the program and every other exit handler have run: flush the standard
    streams and end the process with the command's status, without tearing the interpreter
    down. Freeing every module and object one by one is a twentieth of a small command's CPU
    time, for memory the process's end frees anyway."""
    if hasattr(sys, "last_value"):  # an error after the command: Python reports it and picks the status
        return
    atexit.unregister(_end_without_teardown)
    atexit._run_exitfuncs()  # those registered before this one, which would otherwise run after it
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # Python's own exit reports a stream it cannot flush, as it always has
        return
    os._exit(_exit_status[0])
