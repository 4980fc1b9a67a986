"""The quick summary (lstm_calc.launcher): a plain ``lstmcalc summary FILE`` printed without click
prints what click's command prints, byte for byte, and leaves everything else to click's run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_calc import launcher
from lstm_calc.launcher import SummaryRequest, plain_summary_request
from tests.case_ids import args_id
from tests.conftest import ROOT, SPECS
from tests.keras_code_corpus import CORPUS as KERAS_CODE
from tests.torch_corpus_cases import CASES as TORCH_CASES

GESTURE = str(SPECS / "gesture_classifier.yaml")
TORCH_BENCHMARK = TORCH_CASES["mpi_lstm_classifier"]


@pytest.mark.parametrize(
    ("arguments", "request_read"),
    [
        (["summary", "m.yaml"], SummaryRequest("m.yaml")),
        (["summary", "--format", "json", "m.yaml"], SummaryRequest("m.yaml", output_format="json")),
        (["summary", "m.yaml", "--format=json"], SummaryRequest("m.yaml", output_format="json")),
        (
            ["summary", "m.py", "--set", "a=1", "--set=b['c']=x=y", "--model", "Net", "--input-shape", "4,?,None"],
            SummaryRequest("m.py", "Net", ("a=1", "b['c']=x=y"), ([4, None, None],)),
        ),
        (
            ["summary", "--input-shape", "2,3", "--input-shape=5", "m.py", "--depth", " 1", "--framework", "pytorch"],
            SummaryRequest("m.py", input_shapes=([2, 3], [5]), framework="pytorch", depth=1),
        ),
        (["summary", "m", "--input-format", "python", "--model="], SummaryRequest("m", "", input_format="python")),
    ],
    ids=lambda value: args_id(value) if isinstance(value, list) else "",
)
def test_a_plain_summary_is_read_as_click_reads_it(arguments, request_read):
    assert plain_summary_request(arguments) == request_read


@pytest.mark.parametrize(
    "arguments",
    [
        [],
        ["check", "m.yaml"],
        ["--debug", "summary", "m.yaml"],
        ["summary"],
        ["summary", "-"],  # standard input can be read once only
        ["summary", "a.yaml", "b.yaml"],
        ["summary", "m.yaml", "--help"],
        ["summary", "m.yaml", "-h"],
        ["summary", "m.yaml", "--stats"],
        ["summary", "m.yaml", "--compare"],
        ["summary", "m.yaml", "--columns", "params"],
        ["summary", "m.yaml", "--format", "markdown"],
        ["summary", "m.yaml", "--format", "yaml"],
        ["summary", "m.yaml", "--format", "JSON"],
        ["summary", "m.yaml", "--framework", "torch"],
        ["summary", "m.yaml", "--input-format", "yml"],
        ["summary", "m.yaml", "--depth", "-1"],
        ["summary", "m.yaml", "--depth=-1"],
        ["summary", "m.yaml", "--depth", "one"],
        ["summary", "m.py", "--input-shape", "0,3"],
        ["summary", "m.py", "--input-shape", "4,x"],
        ["summary", "m.py", "--model"],
        ["summary", "m.py", "--model", "--set"],
        ["summary", "m.py", "--model", "A", "--model", "B"],
        ["summary", "m.py", "--format", "json", "--format", "table"],
        ["summary", "m.py", "--se", "a=1"],
        ["summary", "--", "m.py"],
        ["summary", "m.py", "-m", "Net"],
    ],
    ids=args_id,
)
def test_everything_else_is_left_to_click(arguments):
    assert plain_summary_request(arguments) is None


def _code_file(directory: Path, name: str, code: str) -> str:
    path = directory / f"{name}.py"
    path.write_text(code, encoding="utf-8")
    return str(path)


def _command_lines(directory: Path) -> list[list[str]]:
    """The command lines compared: every spec, Keras file, Keras code and PyTorch corpus case as a
    table and as JSON, with --depth where torchinfo's table is printed, and commands that fail."""
    files = [*sorted(SPECS.glob("*.yaml")), *sorted((ROOT / "tests" / "fixtures" / "keras").glob("*.[jk]*"))]
    lines = [[str(path)] for path in files]
    lines += [[str(path), "--framework", "pytorch"] for path in sorted(SPECS.glob("*.yaml"))]
    for name, case in sorted(KERAS_CODE.items()):
        lines.append([_code_file(directory, name, case.code), *(f"--set={value}" for value in case.sets)])
    for case in TORCH_CASES.values():
        arguments = case.arguments(str(ROOT / case.path))[:-2]  # less --format json
        lines.append(arguments)
    lines = [[*line, *output] for line in lines for output in ([], ["--format", "json"])]
    return [
        *lines,
        *([*case.arguments(str(ROOT / case.path))[:-2], "--depth", "1"] for case in TORCH_CASES.values()),
        [GESTURE, "--framework=pytorch", "--depth=0"],
        [GESTURE, "--depth", "2"],  # a Keras model has no depth
        [str(directory / "missing.yaml")],
        [str(SPECS / "gesture_classifier.py")],  # asks for actions.shape[0]
        [str(SPECS / "gesture_classifier.py"), "--set", "actions.shape[0]=zero"],
        [str(ROOT / TORCH_BENCHMARK.path), "--input-shape", "4,20"],  # vocab_size unknown
        [str(ROOT / TORCH_BENCHMARK.path), "--model", "Nothing"],
        [GESTURE, "--input-format", "python"],
    ]


def test_the_quick_summary_prints_what_clicks_command_prints(run, tmp_path, capsys):
    compared = _command_lines(tmp_path)
    quick_failures = []
    for arguments in compared:
        request = plain_summary_request(["summary", *arguments])
        assert request is not None, arguments
        printed = launcher._printed_summary(request)
        quick = capsys.readouterr()
        clicks = run("summary", *arguments)
        if printed:
            assert (clicks.exit_code, clicks.stderr) == (0, ""), arguments
            assert quick.out == clicks.stdout, arguments
        else:  # left to click's run, which reports the problem: having printed nothing
            quick_failures.append(arguments)
            assert clicks.exit_code == 2, arguments
            assert clicks.stderr, arguments
            assert quick.out == "", arguments
        assert quick.err == "", arguments
    # The commands made to fail, and three Keras fixtures lstmcalc refuses (their own tests say why).
    assert compared[-7:] == quick_failures[-7:]
    assert len(compared) - len(quick_failures) > 300


def _processes_end(arguments: list[str], program: str, **variables: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80"}
    environment.pop("FORCE_COLOR", None)
    environment.update(variables)
    script = f"import sys\nsys.argv = ['lstmcalc', *{arguments!r}]\n{program}"
    return subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=120, check=False
    )


#: Runs lstmcalc as the console script does, and says on stderr whether click was imported.
QUICK = (
    "from lstm_calc.launcher import main\n"
    "try:\n    main()\nfinally:\n    print('click' in sys.modules, file=sys.stderr)\n"
)
#: Runs lstmcalc's click command line itself.
CLICKS = "from lstm_calc.cli import main\nmain(prog_name='lstmcalc')\n"


@pytest.mark.parametrize(
    "arguments",
    [
        [str(ROOT / TORCH_BENCHMARK.path), *TORCH_BENCHMARK.arguments()[1:-2]],
        [GESTURE, "--format", "json"],
        [GESTURE],
        [str(SPECS / "seq2seq.yaml")],
    ],
    ids=["torch table", "json", "table", "rich table"],
)
def test_a_plain_summary_never_imports_click(arguments):
    # The rich table: as on a terminal, in colour, as wide as the table.
    colour = {"FORCE_COLOR": "1", "COLUMNS": "60"} if "seq2seq" in arguments[0] else {}
    quick = _processes_end(["summary", *arguments], QUICK, **colour)
    clicks = _processes_end(["summary", *arguments], CLICKS, **colour)
    assert (quick.returncode, quick.stdout, quick.stderr) == (0, clicks.stdout, "False\n")
    assert clicks.returncode == 0
    assert ("\x1b[" in quick.stdout) == bool(colour)


@pytest.mark.parametrize(
    "arguments",
    [
        ["summary", "missing.yaml"],
        ["summary", str(SPECS / "gesture_classifier.py")],
        ["summary", GESTURE, "--depth", "1"],
        ["summary", GESTURE, "--input-shape", "0"],
        ["summary", GESTURE, "--format", "markdown"],
        ["summary", "--help"],
        ["check", GESTURE],
    ],
    ids=args_id,
)
def test_anything_else_is_clicks_run_from_the_start(arguments):
    quick = _processes_end(arguments, QUICK)
    clicks = _processes_end(arguments, CLICKS)
    assert quick.returncode == clicks.returncode
    assert (quick.stdout, quick.stderr) == (clicks.stdout, clicks.stderr + "True\n")


def test_an_interrupted_quick_summary_ends_as_click_ends_it(monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("lstm_calc.api.summarize_file", interrupted)
    with pytest.raises(SystemExit) as ended:
        launcher._printed_summary(SummaryRequest(GESTURE))
    assert ended.value.code == 1
    assert capsys.readouterr() == ("", "\nAborted!\n")


def test_the_quick_summary_reads_options_click_declares_alike():
    # What each option does when left out, the comparisons above hold to click's.
    from lstm_calc.cli.summary_command import summary

    declared = {name: option for option in summary.params for name in option.opts}
    for name, field in launcher._OPTIONS.items():
        option = declared[name]
        repeatable = field in ("assignments", "input_shapes")
        assert (option.name, option.multiple, option.is_flag, option.nargs) == (field, repeatable, False, 1)
