"""The process's edges, in real processes: closed standard input, a full disk (/dev/full), a
reader that stops early, an output encoding without box-drawing characters, file-size limits,
symbolic links at -o, and shell completion of file names."""

from __future__ import annotations

import io
import os
import shlex
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import rich.console

from lstm_calc.api import summarize_file, summarize_text
from lstm_calc.render import table
from lstm_calc.stats import model_stats
from tests.case_ids import args_id
from tests.conftest import ROOT, SPECS

GESTURE = str(SPECS / "gesture_classifier.yaml")
LSTMCALC = [sys.executable, "-m", "lstm_calc"]
FULL_DISK = "lstmcalc: error: cannot write to standard output: No space left on device\n"
#: rich's ASCII box for each of the box-drawing characters of the table.
ASCII_BORDERS = str.maketrans("┏━┳┓┃┡╇┩│├─┼┤└┴┘", "+--+||+|||-+|+-+")
OVER_BUDGET_SPEC = "input: {shape: [5, 3]}\nlayers:\n  - {type: LSTM, units: 8}\nbudget: {max_params: 10}\n"
WITHIN_BUDGET_SPEC = "input: {shape: [5, 3]}\nlayers:\n  - {type: LSTM, units: 8}\nbudget: {max_params: 1000}\n"
pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full, bash and POSIX limits")


def environment(**variables: str) -> dict[str, str]:
    """This environment without the variables that force colour, plus ``variables``."""
    base = {name: value for name, value in os.environ.items() if name not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    # PYTHONPATH: the lstm_calc of this tree, whatever the directory the command runs in.
    return {**base, "COLUMNS": "80", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT), **variables}


def lstmcalc(*args: str, cwd: Path = ROOT, env=None, **options) -> subprocess.CompletedProcess:
    options.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [*LSTMCALC, *args], cwd=cwd, env=env or environment(), stderr=subprocess.PIPE, timeout=120, **options
    )


def in_bash(script: str, cwd: Path = ROOT, env=None) -> subprocess.CompletedProcess:
    """Run ``script`` in bash, where ``$LSTMCALC`` runs lstmcalc."""
    return subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env={**(env or environment()), "LSTMCALC": shlex.join(LSTMCALC)},
        capture_output=True,
        timeout=120,
    )


# Standard input and output


@pytest.mark.parametrize("command", [["summary", "-"], ["convert", "-"], ["explain", "-"]], ids=args_id)
def test_closed_standard_input_is_a_located_error(command):
    completed = in_bash(f"$LSTMCALC {' '.join(command)} <&-")
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        2,
        b"",
        b"<stdin>:1:1: error: standard input is closed\n",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["summary", GESTURE],
        ["summary", "--format", "json", GESTURE],
        ["summary", "--format", "markdown", GESTURE],
        ["summary", "--stats", GESTURE],
        ["check", GESTURE],
        ["convert", GESTURE],
        ["schema"],
        ["params", "lstm", "--units", "2", "--input-dim", "3"],
        ["--version"],
        ["--help"],
        ["summary", "--help"],
    ],
    ids=args_id,
)
@pytest.mark.parametrize("colour", ["", "1"], ids=["plain", "rich"])
def test_a_full_disk_is_one_line_and_exit_2(args, colour):
    with open("/dev/full", "w") as full:
        completed = lstmcalc(*args, stdout=full, env=environment(FORCE_COLOR=colour))
    assert (completed.returncode, completed.stderr.decode()) == (2, FULL_DISK)


@pytest.mark.parametrize(
    "args",
    [["summary", GESTURE], ["summary", "--format", "json", GESTURE], ["check", GESTURE], ["--version"]],
    ids=args_id,
)
@pytest.mark.parametrize("colour", ["", "1"], ids=["plain", "rich"])
def test_closed_standard_output_is_one_line_and_exit_2(args, colour):
    completed = in_bash(f"$LSTMCALC {shlex.join(args)} >&-", env=environment(FORCE_COLOR=colour))
    assert (completed.returncode, completed.stderr) == (
        2,
        b"lstmcalc: error: cannot write to standard output: it is closed\n",
    )


def test_a_full_disk_that_takes_stderr_too_still_exits_2():
    completed = in_bash("$LSTMCALC summary specs/gesture_classifier.yaml > /dev/full 2>&1")
    assert (completed.returncode, completed.stdout, completed.stderr) == (2, b"", b"")


def test_closed_standard_output_is_no_matter_with_an_output_file(tmp_path):
    completed = in_bash("$LSTMCALC schema -o schema.json >&-", cwd=tmp_path)
    assert (completed.returncode, completed.stderr) == (0, b"")
    assert (tmp_path / "schema.json").read_bytes() == lstmcalc("schema").stdout


def run_into_closed_pipe(*args: str, cwd: Path = ROOT, **variables: str) -> subprocess.CompletedProcess:
    """Run lstmcalc with standard output a pipe whose reader has already gone."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        return lstmcalc(*args, cwd=cwd, stdout=writer, env=environment(**variables))
    finally:
        os.close(writer)


@pytest.mark.parametrize("colour", ["", "1"], ids=["plain", "rich"])
@pytest.mark.parametrize(
    "args",
    [["summary", GESTURE], ["summary", "--format", "json", GESTURE], ["--version"], ["--help"], ["schema"]],
    ids=args_id,
)
def test_a_closed_pipe_ends_quietly_with_status_0(args, colour):
    completed = run_into_closed_pipe(*args, FORCE_COLOR=colour)
    assert (completed.returncode, completed.stderr) == (0, b"")


@pytest.mark.parametrize("colour", ["", "1"], ids=["plain", "rich"])
@pytest.mark.parametrize("output_format", ["text", "json", "github", "junit"])
@pytest.mark.parametrize(
    "spec, verdict",
    [(WITHIN_BUDGET_SPEC, 0), (OVER_BUDGET_SPEC, 1), ("layers: 3\n", 2)],
    ids=["within_budget", "over_budget", "invalid"],
)
def test_check_into_a_closed_pipe_keeps_its_verdict(tmp_path, spec, verdict, output_format, colour):
    (tmp_path / "model.yaml").write_text(spec)
    completed = run_into_closed_pipe("check", "--format", output_format, "model.yaml", cwd=tmp_path, FORCE_COLOR=colour)
    assert (completed.returncode, completed.stderr) == (verdict, b"")


@pytest.mark.parametrize("colour", ["", "1"], ids=["plain", "rich"])
def test_check_piped_into_head_exits_with_the_verdict(tmp_path, colour):
    # Enough specs for the report to outgrow the pipe, so that head really closes it early.
    for number in range(400):
        (tmp_path / f"model_{number:03}.yaml").write_text(WITHIN_BUDGET_SPEC)
    completed = in_bash(
        "set -o pipefail; $LSTMCALC check . | head -1; echo status ${PIPESTATUS[0]}",
        cwd=tmp_path,
        env=environment(FORCE_COLOR=colour),
    )
    assert (completed.stdout.decode().splitlines()[-1], completed.stderr) == ("status 0", b"")


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("colour", ["", "1"], ids=["plain", "rich"])
def test_an_output_without_box_characters_gets_an_ascii_table(encoding, colour):
    utf8 = lstmcalc("summary", GESTURE, env=environment(FORCE_COLOR=colour))
    narrow = lstmcalc("summary", GESTURE, env=environment(FORCE_COLOR=colour, PYTHONIOENCODING=encoding))
    assert (narrow.returncode, narrow.stderr) == (0, b"")
    assert narrow.stdout.decode(encoding) == utf8.stdout.decode().translate(ASCII_BORDERS)
    assert narrow.stdout.decode(encoding).splitlines()[1] == "+" + "-" * 74 + "+"


def test_a_character_the_output_cannot_encode_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "model.yaml").write_text("name: modèle\ninput: {shape: [5, 3]}\nlayers:\n  - {type: LSTM, units: 8}\n")
    completed = lstmcalc("summary", "model.yaml", cwd=tmp_path, env=environment(PYTHONIOENCODING="ascii"))
    assert (completed.returncode, completed.stdout, completed.stderr.decode()) == (
        2,
        b"",
        "lstmcalc: error: cannot write '\\xe8' to standard output in its encoding (ascii); "
        "set PYTHONIOENCODING=utf-8\n",
    )


@pytest.mark.parametrize("with_stats", [False, True], ids=["summary", "stats"])
@pytest.mark.parametrize(
    "spec", [GESTURE, "inputs: {a: {shape: [4, 3]}}\nlayers:\n  - {type: LSTM, units: 8, name: l, inputs: a}\n"]
)
def test_the_ascii_table_written_directly_is_the_one_rich_draws(spec, with_stats):
    summary = summarize_file(spec) if spec == GESTURE else summarize_text(spec)
    stats = model_stats(summary, None, None) if with_stats else None
    line_length = table.line_length_for(120, summary)
    drawn = {}
    for draw in (table.render_table, table.render_rich_table):
        output = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
        console = rich.console.Console(file=output, width=120, highlight=False, color_system=None)
        draw(summary, console, line_length, stats)
        output.flush()
        drawn[draw] = output.buffer.getvalue().decode("ascii")
    direct = table.plain_table(summary, 120, line_length, stats, ascii_only=True)
    assert direct == drawn[table.render_table] == drawn[table.render_rich_table]
    assert "+" in direct


# Output files (-o)


def listing(directory: Path) -> dict[str, bytes]:
    """Every file in ``directory`` and its bytes; a link shows as where it points."""
    return {
        path.name: (b"-> " + os.readlink(path).encode()) if path.is_symlink() else path.read_bytes()
        for path in sorted(directory.iterdir())
    }


OUTPUT_COMMANDS = {
    "convert": ["convert", GESTURE],
    "export": ["export", GESTURE, "--to", "pytorch"],
    "diagram": ["diagram", GESTURE],
    "schema": ["schema"],
}


@pytest.mark.parametrize("command", ["convert", "export", "diagram"])
def test_a_failed_read_never_touches_the_output(tmp_path, command):
    (tmp_path / "existing.yaml").write_bytes(b"old contents\n")
    args = [command, "missing.yaml", *OUTPUT_COMMANDS[command][2:]]
    before = listing(tmp_path)
    for output in ("existing.yaml", "new.yaml"):
        completed = lstmcalc(*args, "-o", output, cwd=tmp_path)
        assert (completed.returncode, completed.stdout, completed.stderr) == (
            2,
            b"",
            b"missing.yaml:1:1: error: no such file\n",
        )
        assert listing(tmp_path) == before


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_a_link_at_the_output_is_replaced_never_written_through(tmp_path, command):
    (tmp_path / "victim.txt").write_bytes(b"precious\n")
    (tmp_path / "out.txt").symlink_to("victim.txt")
    expected = lstmcalc(*OUTPUT_COMMANDS[command]).stdout
    completed = lstmcalc(*OUTPUT_COMMANDS[command], "-o", "out.txt", cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, b"", b"")
    assert listing(tmp_path) == {"out.txt": expected, "victim.txt": b"precious\n"}


def limited_file_size(size: int):
    import resource

    def limit() -> None:
        # Ignored, SIGXFSZ lets write() fail with EFBIG instead of killing the process.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_a_file_size_limit_leaves_the_old_file_whole(tmp_path, command):
    (tmp_path / "out.txt").write_bytes(b"old contents\n")
    before = listing(tmp_path)
    completed = lstmcalc(*OUTPUT_COMMANDS[command], "-o", "out.txt", cwd=tmp_path, preexec_fn=limited_file_size(100))
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        2,
        b"",
        b"out.txt:1:1: error: cannot write the file: File too large\n",
    )
    assert listing(tmp_path) == before


def test_a_full_device_as_output_file_is_one_line_and_exit_2():
    completed = lstmcalc("schema", "-o", "/dev/full")
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        2,
        b"",
        b"/dev/full:1:1: error: cannot write the file: No space left on device\n",
    )


def test_a_device_as_output_file_is_written_in_place_not_replaced():
    completed = lstmcalc("schema", "-o", "/dev/null")
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, b"", b"")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_link_to_a_device_at_the_output_path_is_replaced_not_written_through(tmp_path):
    # As root, writing through out.txt -> /dev/sda would write to the disk.
    os.symlink("/dev/full", tmp_path / "out.txt")
    completed = lstmcalc("schema", "-o", "out.txt", cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, b"", b"")
    assert not os.path.islink(tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_bytes() == lstmcalc("schema").stdout
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_standard_output_as_output_file_is_written_through_its_link(tmp_path):
    completed = in_bash("$LSTMCALC schema -o /dev/stdout > schema.json", cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, b"", b"")
    assert (tmp_path / "schema.json").read_bytes() == lstmcalc("schema").stdout
    assert os.path.islink("/dev/stdout")


def test_a_new_output_file_gets_the_umask_permissions_and_an_old_one_keeps_its_own(tmp_path):
    def umask_027() -> None:
        os.umask(0o027)

    (tmp_path / "old.txt").write_bytes(b"old contents\n")
    os.chmod(tmp_path / "old.txt", 0o604)
    for output in ("new.txt", "old.txt"):
        completed = lstmcalc("schema", "-o", output, cwd=tmp_path, preexec_fn=umask_027)
        assert completed.returncode == 0, completed.stderr
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in tmp_path.iterdir()}
    assert modes == {"new.txt": 0o640, "old.txt": 0o604}


# Shell completion


@pytest.mark.parametrize(
    "words, expected",
    [
        ("lstmcalc summary specs/gest", "file,specs/gest\n"),
        ("lstmcalc check specs/gest", "file,specs/gest\n"),
        ("lstmcalc convert specs/gesture_classifier.py -o gest", "file,gest\n"),
        ("lstmcalc export specs/gest", "file,specs/gest\n"),
        ("lstmcalc explain specs/gest", "file,specs/gest\n"),
        ("lstmcalc export model.yaml --to ", "plain,keras\nplain,pytorch\n"),
    ],
)
def test_bash_completes_file_names(words, expected):
    # Click answers with the kind of completion; bash's own file-name completion fills it in.
    completed = lstmcalc(
        env=environment(_LSTMCALC_COMPLETE="bash_complete", COMP_WORDS=words, COMP_CWORD=str(len(words.split(" ")) - 1))
    )
    assert (completed.returncode, completed.stdout.decode(), completed.stderr) == (0, expected, b"")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_completion_script_of_each_shell(shell):
    completed = lstmcalc(env=environment(_LSTMCALC_COMPLETE=f"{shell}_source"))
    assert completed.returncode == 0
    assert "_LSTMCALC_COMPLETE=" in completed.stdout.decode()


# Process substitution: an anonymous pipe named on the command line


def test_process_substitution_reads_as_the_file_with_its_format_given():
    completed = in_bash(f'$LSTMCALC summary --input-format yaml <(cat "{GESTURE}")')
    assert (completed.returncode, completed.stderr) == (0, b"")
    assert completed.stdout == lstmcalc("summary", GESTURE).stdout


def test_a_process_substitution_is_read_once_and_its_problem_reported():
    # The quick summary (lstm_calc.launcher) leaves a pipe to click's run, which reads it: a pipe
    # read by both would give click's run nothing left to read.
    bad = "input: {shape: [5, 3]}\nlayers:\n  - {type: LSTM, units: 0}\n"
    completed = in_bash(f"$LSTMCALC summary --input-format yaml <(printf {shlex.quote(bad)})")
    assert (completed.returncode, completed.stdout) == (2, b"")
    assert completed.stderr.endswith(b":3:25: error: LSTM argument 'units': expected a positive integer, got 0\n")


def test_process_substitution_without_a_format_says_how_to_give_it():
    completed = in_bash(f'$LSTMCALC summary <(cat "{GESTURE}")')
    assert (completed.returncode, completed.stdout) == (2, b"")
    assert completed.stderr.endswith(
        b":1:1: error: cannot tell the input's format as its name has no extension: lstmcalc reads .yaml/.yml "
        b"specs, Keras model JSON (.json), .keras archives and Keras Python code (.py); or give --input-format "
        b"yaml, keras-json, keras or python\n"
    )


def test_check_never_reads_a_pipe_it_is_given():
    # check gates trees anyone can push: it reads regular files, and standard input as '-'.
    completed = in_bash(f'$LSTMCALC check <(cat "{GESTURE}")')
    assert completed.returncode == 2
    assert (
        b"error: is a named pipe (FIFO), not a spec file; not opened (give - to check a spec from standard input)"
        in (completed.stdout)
    )
