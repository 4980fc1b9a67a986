"""``check --quiet`` and ``check``'s defaults from ``[tool.lstmcalc]`` in the nearest ``pyproject.toml``."""

from __future__ import annotations

import pytest

from tests.conftest import SPECS

WITHIN = (SPECS / "gesture_classifier.yaml").read_text(encoding="utf-8")  # 203,459 params
INVALID = "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM}\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project whose specs/ holds one spec of 203,459 parameters; the tests run in its sub/ directory."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "specs" / "model.yaml").write_text(WITHIN, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "sub")
    return tmp_path


def _pyproject(project, table: str) -> None:
    (project / "pyproject.toml").write_text(f'[project]\nname = "demo"\n\n[tool.lstmcalc]\n{table}', encoding="utf-8")


def test_quiet_prints_nothing_when_all_pass(run):
    result = run("check", "--quiet", str(SPECS))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_quiet_prints_only_the_failures(run, project):
    (project / "specs" / "bad.yaml").write_text(INVALID, encoding="utf-8")
    result = run("check", "-q", "--max-params", "100000", "../specs")
    assert (result.exit_code, result.stderr) == (2, "")
    assert result.stdout == (
        "../specs/bad.yaml:3:5: error: LSTM needs 'units'\n"
        "../specs/model.yaml: error: the model has 203,459 params, over --max-params 100,000 (203.4%)\n"
    )


def test_quiet_github_leaves_out_the_count_line(run, project):
    passing = run("check", "-q", "--format", "github", "../specs")
    assert (passing.exit_code, passing.stdout) == (0, "")
    failing = run("check", "-q", "--format", "github", "--max-params", "100000", "../specs")
    assert (failing.exit_code, failing.stdout) == (
        1,
        "::error file=../specs/model.yaml::the model has 203,459 params, over --max-params 100,000 (203.4%25)\n",
    )


@pytest.mark.parametrize("output_format", ["json", "junit"])
def test_quiet_is_for_people_not_documents(run, output_format):
    result = run("check", "-q", "--format", output_format, str(SPECS))
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"Error: --quiet leaves out what passed from text; --format {output_format} is for tools" in result.stderr


def test_paths_max_params_and_format_from_the_nearest_pyproject(run, project):
    _pyproject(project, 'paths = ["specs"]\nmax-params = 100000\nformat = "github"\n')
    result = run("check")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == (
        "::error file=../specs/model.yaml::the model has 203,459 params, over --max-params 100,000 (203.4%25)\n"
        "1 spec: 0 within budget, 1 over budget, 0 invalid\n"
    )


def test_the_command_line_wins(run, project):
    _pyproject(project, 'paths = ["missing"]\nmax-params = 100000\nformat = "github"\n')
    result = run("check", "--max-params", "300000", "--format", "text", "../specs")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        # The spec's own max_params (250,000) is the closest limit; --max-params 300,000 replaced 100,000.
        "STATUS  SPEC                 MODEL                PARAMS   BUDGET   USED\n"
        "ok      ../specs/model.yaml  gesture_classifier  203,459  250,000  81.3%\n"
        "\n"
        "1 spec: 1 within budget, 0 over budget, 0 invalid\n"
    )


def test_a_pyproject_without_the_table_is_passed_by(run, project):
    _pyproject(project, 'paths = ["specs"]\n')
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "inner"\n', encoding="utf-8")
    result = run("check", "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_without_paths_anywhere(run, project):
    _pyproject(project, "max-params = 100000\n")
    result = run("check")
    assert result.exit_code == 2
    assert "Error: give a PATH to check, or paths in [tool.lstmcalc] of pyproject.toml" in result.stderr


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "max_params = 3\n",
            "../pyproject.toml:5:1: error: unknown key 'max_params' in [tool.lstmcalc]; "
            "it takes paths, max-params, format",
        ),
        (
            'paths = ["specs"]\n  "colour" = "red"\n',
            "../pyproject.toml:6:3: error: unknown key 'colour' in [tool.lstmcalc]; it takes paths, max-params, format",
        ),
        ("max-params = 0\n", "../pyproject.toml:5:1: error: max-params must be a whole number of at least 1, got 0"),
        (
            "max-params = true\n",
            "../pyproject.toml:5:1: error: max-params must be a whole number of at least 1, got True",
        ),
        ('paths = "specs"\n', '../pyproject.toml:5:1: error: paths must be a list of paths, e.g. paths = ["specs"]'),
        (
            'format = "xml"\n',
            "../pyproject.toml:5:1: error: format must be one of text, json, github, junit, got 'xml'",
        ),
        ("max-params = \n", "../pyproject.toml:5:14: error: invalid TOML: Invalid value"),
        (
            'paths = ["specs", "../outside"]\n',
            "../pyproject.toml:5:1: error: paths are held to the directory of pyproject.toml; '../outside' leaves it",
        ),
        (
            'paths = ["/etc"]\n',
            "../pyproject.toml:5:1: error: paths are held to the directory of pyproject.toml; '/etc' leaves it",
        ),
        (
            'paths = ["specs\\u0000x"]\n',
            "../pyproject.toml:5:1: error: 'specs\\x00x' holds a NUL character, which no path can",
        ),
    ],
)
def test_a_wrong_table_is_a_located_error(run, project, table, message):
    _pyproject(project, table)
    result = run("check", "../specs")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


@pytest.mark.parametrize(
    "written",
    [
        '[tool]\nlstmcalc.paths = ["specs"]\nlstmcalc.max-params = 100000\n',
        'tool.lstmcalc.paths = ["specs"]\ntool.lstmcalc.max-params = 100000\n',
        '[tool]\nlstmcalc = { paths = ["specs"], max-params = 100000 }\n',
    ],
    ids=["dotted-under-tool", "dotted", "inline-table"],
)
def test_the_table_set_with_dotted_keys_is_read_as_its_header_is(run, project, written):
    # A budget written so would otherwise be passed by, and check would pass a model over it.
    (project / "pyproject.toml").write_text(written, encoding="utf-8")
    result = run("check", "-q")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == (
        "../specs/model.yaml: error: the model has 203,459 params, over --max-params 100,000 (203.4%)\n"
    )


def test_a_table_that_is_no_table_is_a_located_error(run, project):
    (project / "pyproject.toml").write_text('[project]\nname = "demo"\n\n[tool]\nlstmcalc = [1]\n', encoding="utf-8")
    result = run("check", "../specs")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "../pyproject.toml:5:1: error: tool.lstmcalc must be a table\n",
    )


def test_a_pyproject_naming_the_table_only_in_a_string_is_passed_by(run, project):
    _pyproject(project, 'paths = ["specs"]\nmax-params = 100000\n')
    inner = '[project]\nname = "inner"\ndescription = """\n[tool.lstmcalc]\n"""\n'
    (project / "sub" / "pyproject.toml").write_text(inner, encoding="utf-8")
    result = run("check", "-q")
    assert (result.exit_code, result.stderr) == (1, "")
    assert "over --max-params 100,000" in result.stdout


def test_a_pyproject_without_the_table_costs_no_toml_parser():
    from tests.test_startup import command, modules_after

    # The repository's own pyproject.toml has no [tool.lstmcalc]: it is passed by unparsed.
    assert "tomllib" not in modules_after(command("check", str(SPECS)))


def test_a_pyproject_that_is_a_fifo_is_never_opened(run, project):
    import os

    os.mkfifo(project / "pyproject.toml")
    result = run("check", "../specs")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "../pyproject.toml:1:1: error: is not a regular file; not opened\n"
