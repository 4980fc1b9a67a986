"""``lstmcalc check`` on a tree anyone can push: docs/ci/untrusted-tree.md.

Real symbolic links, FIFOs, sockets and devices; ``check`` runs as a process with a timeout,
so that a regression that opens a FIFO fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SECRET = "ghp_SECRET123"
FORMATS = ("text", "json", "github", "junit")


def spec(name: str, budget: int = 100) -> str:
    """A spec of 72 params (LSTM 3 units on 2 features) with a max_params budget."""
    return (
        f"name: {name}\ninput: {{shape: [4, 2]}}\nlayers: [{{type: LSTM, units: 3}}]\n"
        f"budget: {{max_params: {budget}}}\n"
    )


def lstmcalc(*args: str, cwd: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """``lstmcalc ARGS`` in a pipe, in ``cwd``, killed after 20 s (a FIFO opened for reading blocks forever)."""
    environment = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    environment["COLUMNS"] = "1000"  # wide enough for each problem to take one line
    return subprocess.run(
        [*prefix, sys.executable, "-m", "lstm_calc", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A checked-out tree (returned) whose specs/ links to a secret outside it, every way a link can."""
    outside = tmp_path / "vault"
    (outside / "specs").mkdir(parents=True)
    # Each would be quoted in an error if it were read: YAML strings, where a mapping is expected.
    (outside / "creds").write_text(f"https://user:{SECRET}@github.com\n", encoding="utf-8")
    (outside / "secret.yaml").write_text(f"{SECRET}\n", encoding="utf-8")
    (outside / "specs" / "x.yaml").write_text(f"{SECRET}\n", encoding="utf-8")
    tree = tmp_path / "tree"
    specs = tree / "specs"
    (specs / "sub").mkdir(parents=True)
    (specs / "a.yaml").write_text(spec("a"), encoding="utf-8")
    (specs / "sub" / "b.yaml").write_text(spec("b"), encoding="utf-8")
    (specs / "sub" / "real.txt").write_text(spec("real"), encoding="utf-8")
    (tree / "shared.yaml").write_text(spec("shared"), encoding="utf-8")
    (specs / "creds.yaml").symlink_to("../../vault/creds")
    (specs / "absolute.yaml").symlink_to(outside / "secret.yaml")
    (specs / "gone.yaml").symlink_to("../../vault/missing")
    (specs / "null.yaml").symlink_to(os.devnull)
    (specs / "outdir").symlink_to("../../vault/specs", target_is_directory=True)
    (specs / "shared.yaml").symlink_to("../shared.yaml")  # inside the repository, outside the tree checked
    (specs / "same.yaml").symlink_to("a.yaml")
    (specs / "alias.yaml").symlink_to("sub/real.txt")
    return tree


HOSTILE_TEXT = """\
STATUS   SPEC                 MODEL  PARAMS  BUDGET   USED
ok       specs/a.yaml         a          72     100  72.0%
invalid  specs/absolute.yaml  -           -       -      -
ok       specs/alias.yaml     real       72     100  72.0%
invalid  specs/creds.yaml     -           -       -      -
invalid  specs/gone.yaml      -           -       -      -
invalid  specs/null.yaml      -           -       -      -
invalid  specs/shared.yaml    -           -       -      -
ok       specs/sub/b.yaml     b          72     100  72.0%

specs/absolute.yaml: error: is a symbolic link that leads outside 'specs'; not followed
specs/creds.yaml: error: is a symbolic link that leads outside 'specs'; not followed
specs/gone.yaml: error: is a symbolic link that leads outside 'specs'; not followed
specs/null.yaml: error: is a symbolic link that leads outside 'specs'; not followed
specs/shared.yaml: error: is a symbolic link that leads outside 'specs'; not followed

8 specs: 3 within budget, 0 over budget, 5 invalid
"""


def test_links_out_of_the_tree_are_refused_and_the_others_checked(hostile):
    result = lstmcalc("check", "specs", cwd=hostile)
    assert (result.returncode, result.stderr) == (2, "")
    assert result.stdout == HOSTILE_TEXT


@pytest.mark.parametrize("output_format", FORMATS)
def test_no_format_shows_anything_of_a_file_outside(hostile, output_format):
    for args in (["specs"], ["specs/"], [str(hostile / "specs")], ["."]):
        result = lstmcalc("check", "--format", output_format, *args, cwd=hostile)
        assert (result.returncode, result.stderr) == (2, "")
        for leak in (SECRET, "vault", "missing", os.devnull):
            assert leak not in result.stdout, (args, leak)


def test_github_annotates_each_refused_link_on_the_file(hostile):
    result = lstmcalc("check", "--format", "github", "specs", cwd=hostile)
    assert (result.returncode, result.stdout) == (
        2,
        "::error file=specs/absolute.yaml::is a symbolic link that leads outside 'specs'; not followed\n"
        "::error file=specs/creds.yaml::is a symbolic link that leads outside 'specs'; not followed\n"
        "::error file=specs/gone.yaml::is a symbolic link that leads outside 'specs'; not followed\n"
        "::error file=specs/null.yaml::is a symbolic link that leads outside 'specs'; not followed\n"
        "::error file=specs/shared.yaml::is a symbolic link that leads outside 'specs'; not followed\n"
        "8 specs: 3 within budget, 0 over budget, 5 invalid\n",
    )


def test_json_gives_the_refusal_without_a_position(hostile):
    document = json.loads(lstmcalc("check", "--format", "json", "specs/", cwd=hostile).stdout)
    refused = {entry["file"]: entry["error"] for entry in document["specs"] if entry["status"] == "invalid"}
    assert refused["specs/creds.yaml"] == {
        "message": "is a symbolic link that leads outside 'specs/'; not followed",
        "path": None,
        "location": None,
    }
    assert len(refused) == 5


def test_junit_reports_each_refused_link_as_an_error(hostile):
    root = ET.fromstring(lstmcalc("check", "--format", "junit", "specs", cwd=hostile).stdout)
    errors = {
        case.get("name"): case.find("error").text for case in root.iter("testcase") if case.find("error") is not None
    }
    assert errors["specs/null.yaml"] == (
        "specs/null.yaml: error: is a symbolic link that leads outside 'specs'; not followed"
    )
    assert sorted(errors) == [f"specs/{name}.yaml" for name in ("absolute", "creds", "gone", "null", "shared")]


@pytest.mark.parametrize("output_format", FORMATS)
def test_paths_given_that_leave_the_current_directory_through_a_link_are_refused(hostile, output_format):
    (hostile / "outdir").symlink_to("../vault", target_is_directory=True)
    names = ["specs/creds.yaml", "specs/absolute.yaml", "outdir/secret.yaml", "outdir", "specs/outdir/x.yaml"]
    result = lstmcalc("check", "--format", output_format, *names, "specs/a.yaml", cwd=hostile)
    assert (result.returncode, result.stderr) == (2, "")
    assert SECRET not in result.stdout and "vault" not in result.stdout
    if output_format == "text":
        assert result.stdout.split("\n\n")[1:] == [
            "\n".join(
                f"{name}: error: leads through a symbolic link to outside the current directory; not followed"
                for name in names
            ),
            "6 specs: 1 within budget, 0 over budget, 5 invalid\n",
        ]


def test_a_path_outside_as_written_is_the_users_choice(hostile):
    (hostile.parent / "vault" / "spec.yaml").write_text(spec("elsewhere"), encoding="utf-8")
    for name in ("../vault/spec.yaml", str(hostile.parent / "vault" / "spec.yaml")):
        result = lstmcalc("check", name, cwd=hostile)
        row = result.stdout.splitlines()[1].split()
        assert (result.returncode, row) == (0, ["ok", name, "elsewhere", "72", "100", "72.0%"])


def test_a_link_inside_the_tree_is_read_once_under_the_files_own_name(hostile):
    result = lstmcalc("check", "specs/same.yaml", cwd=hostile)
    assert result.returncode == 0 and result.stdout.splitlines()[1].split()[:3] == ["ok", "specs/same.yaml", "a"]
    assert "same.yaml" not in lstmcalc("check", "specs", cwd=hostile).stdout


def test_a_link_inside_the_tree_to_nothing_is_invalid(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "broken.yaml").symlink_to("missing.yaml")
    result = lstmcalc("check", "specs", cwd=tmp_path)
    assert (result.returncode, result.stdout.split("\n\n")[1:]) == (
        2,
        [
            "specs/broken.yaml: error: is a symbolic link to a file that does not exist",
            "1 spec: 0 within budget, 0 over budget, 1 invalid\n",
        ],
    )


def test_a_file_replaced_after_it_was_found_is_not_read(tmp_path):
    # The window between finding a file and opening it, made wide: the check of the open
    # descriptor refuses another file (here a FIFO, which must not block) in the found one's place.
    program = (
        "import os, sys\n"
        "from lstm_calc.api import check_file\n"
        "status = os.stat('a.yaml')\n"
        "os.remove('a.yaml')\n"
        "os.mkfifo('a.yaml')\n"
        "print(check_file('a.yaml', identity=(status.st_dev, status.st_ino)).error)\n"
        "os.remove('a.yaml')\n"
        "open('a.yaml', 'w').write(sys.argv[1])\n"
        "print(check_file('a.yaml', identity=(status.st_dev, status.st_ino)).error)\n"
    )
    (tmp_path / "a.yaml").write_text(spec("a"), encoding="utf-8")
    os.link(tmp_path / "a.yaml", tmp_path / "keep")  # keeps the inode taken: the new a.yaml gets another
    result = subprocess.run(
        [sys.executable, "-c", program, SECRET], cwd=tmp_path, capture_output=True, text=True, timeout=20, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"error: {FIFO_ERROR}\nerror: the file was replaced while lstmcalc checked it; check again\n"
    )


def test_one_file_named_many_ways_is_checked_once_under_the_first_name(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.yaml").write_text(spec("a"), encoding="utf-8")
    os.link(tmp_path / "d" / "a.yaml", tmp_path / "hard.yaml")
    names = ["d/a.yaml", "./d/a.yaml", "d//a.yaml", str(tmp_path / "d" / "a.yaml"), "d", "hard.yaml", "."]
    result = lstmcalc("check", *names, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "STATUS  SPEC      MODEL  PARAMS  BUDGET   USED\n"
        "ok      d/a.yaml  a          72     100  72.0%\n"
        "\n"
        "1 spec: 1 within budget, 0 over budget, 0 invalid\n",
    )
    assert lstmcalc("check", "hard.yaml", "d", cwd=tmp_path).stdout.splitlines()[1].split()[:2] == ["ok", "hard.yaml"]


FIFO_ERROR = "is a named pipe (FIFO), not a spec file; not opened (give - to check a spec from standard input)"


def test_a_fifo_is_never_opened(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(spec("a"), encoding="utf-8")
    os.mkfifo(tmp_path / "specs" / "x.yaml")
    os.mkfifo(tmp_path / "named.yaml")
    result = lstmcalc("check", "specs", "named.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "")
    assert result.stdout == (
        "STATUS   SPEC          MODEL  PARAMS  BUDGET   USED\n"
        "ok       specs/a.yaml  a          72     100  72.0%\n"
        "invalid  specs/x.yaml  -           -       -      -\n"
        "invalid  named.yaml    -           -       -      -\n"
        "\n"
        f"specs/x.yaml: error: {FIFO_ERROR}\n"
        f"named.yaml: error: {FIFO_ERROR}\n"
        "\n"
        "3 specs: 1 within budget, 0 over budget, 2 invalid\n"
    )


def test_a_pipe_from_process_substitution_is_refused_with_a_hint(tmp_path):
    read, write = os.pipe()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "lstm_calc", "check", f"/dev/fd/{read}"],
            pass_fds=(read,),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    finally:
        os.close(read)
        os.close(write)
    assert result.returncode == 2
    assert f"\n/dev/fd/{read}: error: {FIFO_ERROR}\n" in result.stdout.replace("\n    ", " ")


def test_a_socket_is_never_opened(tmp_path, monkeypatch):
    (tmp_path / "specs").mkdir()
    # A relative name: the absolute tmp_path can be longer than a socket address may be.
    monkeypatch.chdir(tmp_path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind("specs/s.yaml")
        server.listen()
        result = lstmcalc("check", "specs", "specs/s.yaml", cwd=tmp_path)
    finally:
        server.close()
    assert (result.returncode, result.stdout.split("\n\n")[1:]) == (
        2,
        [
            "specs/s.yaml: error: is a socket, not a spec file; not opened",
            "1 spec: 0 within budget, 0 over budget, 1 invalid\n",
        ],
    )


def test_devices_are_never_opened(tmp_path):
    (tmp_path / "specs").mkdir()
    try:
        os.mknod(tmp_path / "specs" / "zero.yaml", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("creating a device needs CAP_MKNOD")
    result = lstmcalc("check", "specs", os.devnull, "/dev/zero", cwd=tmp_path)
    assert (result.returncode, result.stdout.split("\n\n")[1:]) == (
        2,
        [
            "specs/zero.yaml: error: is a character device, not a spec file; not opened\n"
            f"{os.devnull}: error: is a character device, not a spec file; not opened\n"
            "/dev/zero: error: is a character device, not a spec file; not opened",
            "3 specs: 0 within budget, 0 over budget, 3 invalid\n",
        ],
    )


def test_an_unreadable_directory_is_an_error_for_a_real_unprivileged_user(tmp_path):
    # Root reads a mode-000 directory, so as root the check runs as 'nobody' through setpriv.
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv to drop privileges")
        prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
        # Some interpreters cannot start as 'nobody' (pyenv's 3.10 finds no libpython under
        # /root); test_an_unreadable_directory_given_is_an_error covers the rule there.
        probe = subprocess.run([*prefix, sys.executable, "-c", ""], capture_output=True, check=False)
        if probe.returncode != 0:
            pytest.skip(f"{sys.executable} cannot run as an unprivileged user on this machine")
    top = tmp_path / "t"
    (top / "specs" / "locked").mkdir(parents=True)
    (top / "specs" / "a.yaml").write_text(spec("a"), encoding="utf-8")
    (top / "specs" / "locked" / "hidden.yaml").write_text(spec("big", 1), encoding="utf-8")
    for directory in (tmp_path, top, top / "specs"):
        directory.chmod(0o755)
    (top / "specs" / "a.yaml").chmod(0o644)
    (top / "specs" / "locked").chmod(0)
    try:
        result = lstmcalc("check", "specs", cwd=top, prefix=prefix)
    finally:
        (top / "specs" / "locked").chmod(0o755)
    assert (result.returncode, result.stderr) == (2, "")
    assert result.stdout == (
        "STATUS   SPEC          MODEL  PARAMS  BUDGET   USED\n"
        "ok       specs/a.yaml  a          72     100  72.0%\n"
        "invalid  specs/locked  -           -       -      -\n"
        "\n"
        "specs/locked: error: cannot read the directory: Permission denied\n"
        "\n"
        "2 specs: 1 within budget, 0 over budget, 1 invalid\n"
    )


def test_an_unreadable_directory_given_is_an_error(run, tmp_path, monkeypatch):
    # Simulated, so that it runs as root too: os.scandir fails for that one directory as it
    # would for a user without read permission.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "locked").mkdir()
    (tmp_path / "a.yaml").write_text(spec("a"), encoding="utf-8")
    scandir = os.scandir

    def refusing(path="."):
        if os.path.basename(os.path.normpath(path)) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    result = run("check", "locked", "a.yaml")
    assert (result.exit_code, result.stdout.split("\n\n")[1:]) == (
        2,
        [
            "locked: error: cannot read the directory: Permission denied",
            "2 specs: 1 within budget, 0 over budget, 1 invalid\n",
        ],
    )


def test_a_file_that_fails_to_read_is_one_invalid_spec(run, tmp_path, monkeypatch):
    # Simulated: a disk error on read() (EIO) for one file found in the tree; the other is still checked.
    import lstm_calc.files

    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(spec("a"), encoding="utf-8")
    (tmp_path / "specs" / "b.yaml").write_text(spec("b"), encoding="utf-8")
    read_at_most = lstm_calc.files.read_at_most

    def failing(handle, limit):
        data = read_at_most(handle, limit)
        if b"name: b" in data:
            raise OSError(5, "Input/output error")
        return data

    monkeypatch.setattr(lstm_calc.files, "read_at_most", failing)
    result = run("check", "specs")
    assert (result.exit_code, result.stdout.split("\n\n")[1:]) == (
        2,
        [
            "specs/b.yaml:1:1: error: cannot read the file: Input/output error",
            "2 specs: 1 within budget, 0 over budget, 1 invalid\n",
        ],
    )


INJECTED = "x\n::error::pwned"


def _command_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("::")]


@pytest.mark.parametrize("output_format", FORMATS)
def test_no_line_starts_a_workflow_command_that_lstmcalc_did_not_mean(tmp_path, output_format):
    (tmp_path / f"{INJECTED}.yaml").write_text(spec("over", 10), encoding="utf-8")
    os.mkfifo(tmp_path / f"{INJECTED}.fifo.yaml")  # invalid without a position: the name alone is shown
    (tmp_path / "layer.yaml").write_text(
        'input: {shape: [4, 2]}\nlayers: [{type: LSTM, units: 3, name: "a\\n::error::pwned"}]\n', encoding="utf-8"
    )
    (tmp_path / "limit.yaml").write_text(
        "input: {shape: [4, 2]}\nlayers: [{type: LSTM, units: 3, name: '::error::pwned', max_params: 1}]\n",
        encoding="utf-8",
    )
    result = lstmcalc("check", "--format", output_format, ".", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "")
    if output_format == "github":
        assert result.stdout == (
            "::error file=./layer.yaml,line=2,col=39::LSTM argument 'name': expected a name of printable characters "
            "(no line breaks or control characters), got 'a\\n::error::pwned'\n"
            "::error file=./limit.yaml,line=2,col=69::layer '::error::pwned' (LSTM) has 72 params, over max_params 1 "
            "(7200.0%25)\n"
            "::error file=./x%0A%3A%3Aerror%3A%3Apwned.fifo.yaml::is a named pipe (FIFO), not a spec file; not opened "
            "(give - to check a spec from standard input)\n"
            "::error file=./x%0A%3A%3Aerror%3A%3Apwned.yaml,line=4,col=22::the model has 72 params, over max_params 10 "
            "(720.0%25)\n"
            "4 specs: 0 within budget, 2 over budget, 2 invalid\n"
        )
    else:
        assert _command_lines(result.stdout) == []
    if output_format == "text":
        assert result.stdout.split("\n\n")[1].splitlines() == [
            "./layer.yaml:2:39: error: LSTM argument 'name': expected a name of printable characters "
            "(no line breaks or control characters), got 'a\\n::error::pwned'",
            "./limit.yaml:2:69: error: layer '::error::pwned' (LSTM) has 72 params, over max_params 1 (7200.0%)",
            f"./x\\n::error::pwned.fifo.yaml: error: {FIFO_ERROR}",
            "./x\\n::error::pwned.yaml:4:22: error: the model has 72 params, over max_params 10 (720.0%)",
        ]
    if output_format == "json":
        files = [entry["file"] for entry in json.loads(result.stdout)["specs"]]
        assert files == ["./layer.yaml", "./limit.yaml", f"./{INJECTED}.fifo.yaml", f"./{INJECTED}.yaml"]


def test_check_takes_set_and_input_format_as_summary_does(tmp_path):
    root = Path(__file__).resolve().parent.parent
    code = root / "specs" / "gesture_classifier.py"
    shutil.copy(code, tmp_path / "model.txt")
    result = lstmcalc("check", str(code), "--set", "actions.shape[0]=3", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()[1].split()[:4]) == (
        0,
        ["ok", str(code), "gesture_classifier", "203,459"],
    )
    result = lstmcalc("check", "--input-format", "python", "model.txt", "--set", "actions.shape[0]=3", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()[1].split()[:2]) == (0, ["ok", "model.txt"])
    unset = lstmcalc("check", "--input-format", "python", "model.txt", cwd=tmp_path)
    assert unset.returncode == 2
    assert "give its value with --set 'actions.shape[0]=VALUE'" in unset.stdout
    (tmp_path / "a.yaml").write_text(spec("a"), encoding="utf-8")
    yaml_only = lstmcalc("check", "a.yaml", "--set", "x=1", cwd=tmp_path)
    assert (yaml_only.returncode, yaml_only.stdout, yaml_only.stderr) == (
        2,
        "",
        "error: --set gives values to Python code (a .py input) only; no input is Python code\n",
    )


OUT_OF_TREE = "leads through a symbolic link to outside the current directory; not followed"


@pytest.mark.parametrize(
    "command",
    [
        ("summary",),
        ("summary", "--format", "json"),
        ("explain",),
        ("convert",),
        ("export", "--to", "keras"),
        ("diagram",),
        ("summary", "--input-format", "python"),
        ("summary", "--input-format", "keras-json"),
        ("summary", "--input-format", "keras"),
    ],
)
@pytest.mark.parametrize("name", ["specs/creds.yaml", "specs/absolute.yaml", "specs/outdir/x.yaml"])
def test_every_command_refuses_a_model_that_leaves_the_current_directory_through_a_link(hostile, command, name):
    # A pull request's workflow may run `lstmcalc summary model.yaml` on its own tree: followed,
    # the link would have its target quoted in an error ("not str 'ghp_...'").
    result = lstmcalc(*command, name, cwd=hostile)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"{name}:1:1: error: {OUT_OF_TREE}\n"


def test_diff_refuses_either_side_that_leaves_the_current_directory_through_a_link(hostile):
    for old, new in (("specs/creds.yaml", "specs/a.yaml"), ("specs/a.yaml", "specs/absolute.yaml")):
        result = lstmcalc("diff", old, new, cwd=hostile)
        assert (result.returncode, result.stdout) == (2, "")
        assert SECRET not in result.stderr and OUT_OF_TREE in result.stderr


def test_summary_of_a_path_outside_as_written_or_a_link_within_is_read(hostile):
    (hostile.parent / "vault" / "spec.yaml").write_text(spec("elsewhere"), encoding="utf-8")
    for name in ("../vault/spec.yaml", "specs/same.yaml", "specs/shared.yaml"):
        result = lstmcalc("summary", "--format", "json", name, cwd=hostile)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["total_params"] == 72


def test_a_pyproject_that_leaves_its_directory_through_a_link_is_not_read(hostile):
    (hostile.parent / "vault" / "settings.toml").write_text(f'[tool.lstmcalc]\nformat = "{SECRET}"\n', encoding="utf-8")
    (hostile / "pyproject.toml").symlink_to("../vault/settings.toml")
    result = lstmcalc("check", "specs/a.yaml", cwd=hostile)
    assert (result.returncode, result.stdout) == (2, "")
    message = "leads through a symbolic link to outside its directory; not followed"
    assert result.stderr == f"pyproject.toml:1:1: error: {message}\n"
