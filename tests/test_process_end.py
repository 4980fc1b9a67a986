"""How a process that runs lstmcalc ends: the command's status and every byte of its output,
the exit handlers run, and no interpreter teardown when lstmcalc itself is the program
(``python -m lstm_calc`` or the console script); any other caller of the group keeps its own
ending."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from lstm_calc.api import summarize_file
from lstm_calc.render.json_output import render_json
from tests.conftest import ROOT, SPECS

GESTURE = str(SPECS / "gesture_classifier.yaml")
OVER_BUDGET_SPEC = "input: {shape: [5, 3]}\nlayers:\n  - {type: LSTM, units: 8}\nbudget: {max_params: 10}\n"
#: Written to stderr when the interpreter tears its modules down: a module of its own, which
#: teardown frees (a global of the program could outlive it, in a cycle lstmcalc's frozen objects keep).
TEARDOWN_PROBE = (
    "import atexit, os, runpy, sys, types\n"
    "class Probe:\n"
    "    def __del__(self, write=os.write):\n"
    "        write(2, b'[torn down]')\n"
    "sys.modules['teardown_probe'] = types.ModuleType('teardown_probe')\n"
    "sys.modules['teardown_probe'].probe = Probe()\n"
    "atexit.register(lambda: os.write(2, b'[exit handler]'))\n"
)
#: The console script pip writes for ``lstmcalc = "lstm_calc.launcher:main"``.
CONSOLE_SCRIPT = (
    "import re\n"
    "import sys\n"
    "from lstm_calc.launcher import main\n"
    "if __name__ == '__main__':\n"
    "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
    "    sys.exit(main())\n"
)


def run(arguments: list[str], cwd=ROOT) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, *arguments], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120
    )


def as_module(*args: str, finally_: str = "pass") -> list[str]:
    """A -c program that runs ``python -m lstm_calc ARGS`` as runpy does, then ``finally_``."""
    return [
        "-c",
        f"{TEARDOWN_PROBE}sys.argv = ['lstmcalc', *{list(args)!r}]\n"
        f"try:\n    runpy.run_module('lstm_calc', run_name='__main__', alter_sys=True)\nfinally:\n    {finally_}\n",
    ]


@pytest.mark.parametrize(
    ("args", "status"),
    [(["summary", GESTURE, "--format", "json"], 0), (["check", "over.yaml"], 1), (["summary", "missing.yaml"], 2)],
    ids=["summary", "over-budget", "missing"],
)
def test_python_m_ends_with_the_status_the_output_and_the_exit_handlers_but_no_teardown(tmp_path, args, status):
    (tmp_path / "over.yaml").write_text(OVER_BUDGET_SPEC, encoding="utf-8")
    completed = run(as_module(*args), cwd=tmp_path)
    assert completed.returncode == status
    assert completed.stderr.endswith("[exit handler]")
    assert "[torn down]" not in completed.stderr
    if status == 0:
        assert completed.stdout == render_json(summarize_file(GESTURE))
    if status == 1:
        assert "1 spec: 0 within budget, 1 over budget, 0 invalid\n" in completed.stdout
    if status == 2:
        assert completed.stderr.startswith("missing.yaml:1:1: error: no such file")


@pytest.mark.parametrize(
    ("args", "printed"),
    [
        (["check", GESTURE], "1 spec: 1 within budget, 0 over budget, 0 invalid\n"),
        (["summary", GESTURE, "--format", "json"], render_json(summarize_file(GESTURE))),
    ],
    ids=["check", "quick summary"],
)
def test_the_console_script_ends_without_teardown(tmp_path, args, printed):
    script = tmp_path / "lstmcalc"
    script.write_text(TEARDOWN_PROBE + CONSOLE_SCRIPT, encoding="utf-8")
    completed = run([str(script), *args])
    assert completed.returncode == 0
    assert printed in completed.stdout
    assert completed.stderr == "[exit handler]"


def test_a_big_output_into_a_pipe_arrives_whole(tmp_path):
    lines = "".join(f"  - {{type: Dense, units: {index % 7 + 1}}}\n" for index in range(3_000))
    (tmp_path / "big.yaml").write_text(f"input: {{shape: [4]}}\nlayers:\n{lines}", encoding="utf-8")
    completed = run(["-m", "lstm_calc", "summary", "--format", "json", "big.yaml"], cwd=tmp_path)
    assert completed.returncode == 0
    assert completed.stdout == render_json(summarize_file(str(tmp_path / "big.yaml")))


def test_an_error_after_the_command_is_reported_as_python_reports_it():
    completed = run(as_module("summary", GESTURE, "--format", "json", finally_="raise RuntimeError('after')"))
    assert completed.returncode == 1
    assert "RuntimeError: after\n" in completed.stderr
    assert completed.stderr.endswith("[exit handler][torn down]")


def test_another_program_that_calls_the_group_keeps_its_own_ending(tmp_path):
    (tmp_path / "over.yaml").write_text(OVER_BUDGET_SPEC, encoding="utf-8")
    program = (
        TEARDOWN_PROBE + "from lstm_calc.cli import main\n"
        "try:\n    main(['check', 'over.yaml'], prog_name='lstmcalc')\n"
        "except SystemExit as exit:\n    print('status', exit.code)\n"
    )
    completed = run(["-c", program], cwd=tmp_path)
    assert completed.returncode == 0  # the over-budget status was caught: the program's own ending
    assert completed.stdout.endswith("status 1\n")
    assert completed.stderr == "[exit handler][torn down]"
