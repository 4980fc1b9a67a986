"""``lstmcalc check`` as CI drives it: every format (golden files), every exit status, every budget rule."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.case_ids import args_id
from tests.conftest import SPECS

WITHIN = (SPECS / "gesture_classifier.yaml").read_text(encoding="utf-8")

# 82,115 params: LSTM 48,896 + frozen LSTM 33,024 + Dense 195; 49,091 trainable; float16, so 164,230 bytes.
# Every rule but max_params fails.
OVER = """\
name: over_everything
dtype: float16
input: {shape: [5, 126]}
layers:
  - {type: LSTM, units: 64, return_sequences: true, max_params: 40000}
  - {type: LSTM, units: 64, trainable: false}
  - {type: Dense, units: 3}
budget:
  max_params: 90000
  max_trainable_params: 45000
  max_param_bytes: 100 kB
  expect_params: 82000
"""

PINNED = """\
name: pinned
input: {shape: [4, 2]}
layers:
  - {type: LSTM, units: 3}
budget: {expect_params: 80}
"""

INVALID = "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM}\nbudget: {max_params: 10}\n"


@pytest.fixture
def models(tmp_path, monkeypatch):
    """A repository-like tree: specs within and over budget, an invalid one, and files check must skip."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models" / "nested").mkdir(parents=True)
    (tmp_path / "models" / ".hidden").mkdir()
    (tmp_path / "models" / "a_within.yaml").write_text(WITHIN, encoding="utf-8")
    (tmp_path / "models" / "b_over.yaml").write_text(OVER, encoding="utf-8")
    (tmp_path / "models" / "c_invalid.yml").write_text(INVALID, encoding="utf-8")
    (tmp_path / "models" / "nested" / "d_pinned.yaml").write_text(PINNED, encoding="utf-8")
    (tmp_path / "models" / ".hidden" / "skipped.yaml").write_text("not: a spec\n", encoding="utf-8")
    (tmp_path / "models" / ".skipped.yaml").write_text("not: a spec\n", encoding="utf-8")
    (tmp_path / "models" / "notes.txt").write_text("not a spec\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("output_format", ["text", "json", "github", "junit"])
def test_every_format_matches_golden(run, golden, models, output_format):
    result = run("check", "models", "--format", output_format)
    assert (result.exit_code, result.stderr) == (2, "")
    suffix = {"text": "out", "json": "json", "github": "github.out", "junit": "xml"}[output_format]
    golden(f"check/models.{suffix}", result.stdout)


def test_text_on_a_terminal_is_a_rich_table(run, golden, models, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    result = run("check", "models")
    assert result.exit_code == 2
    golden("check/models.terminal.out", result.stdout)


def test_narrow_terminal_folds_paths_without_cutting_them(run, golden, models, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "50")
    result = run("check", "models/nested", "models/a_within.yaml")
    assert "…" not in result.stdout
    golden("check/narrow.terminal.out", result.stdout)


def test_terminal_table_colours_the_status(run, models, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    stdout = run("check", "models/b_over.yaml").stdout
    assert re.search("\x1b\\[1;31mover *\x1b\\[0m", stdout)


def test_example_specs_are_within_budget(run, golden):
    result = run("check", str(SPECS.relative_to(SPECS.parent)))
    assert (result.exit_code, result.stderr) == (0, "")
    golden("check/specs.out", result.stdout)


def test_exit_1_when_over_budget_and_no_spec_is_invalid(run, models):
    result = run("check", "models/a_within.yaml", "models/b_over.yaml")
    assert result.exit_code == 1
    assert result.stdout.endswith("\n2 specs: 1 within budget, 1 over budget, 0 invalid\n")


def test_exit_0_when_all_within_budget(run, models):
    result = run("check", "models/a_within.yaml")
    assert (result.exit_code, result.stdout) == (
        0,
        "STATUS  SPEC                  MODEL                PARAMS   BUDGET   USED\n"
        "ok      models/a_within.yaml  gesture_classifier  203,459  250,000  81.3%\n"
        "\n"
        "1 spec: 1 within budget, 0 over budget, 0 invalid\n",
    )


def test_invalid_spec_does_not_stop_the_others(run, models, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for each problem to take one line
    result = run("check", "missing.yaml", "models/a_within.yaml", "models/nested")
    assert result.exit_code == 2
    assert result.stdout == (
        "STATUS   SPEC                         MODEL                PARAMS   BUDGET   USED\n"
        "invalid  missing.yaml                 -                         -        -      -\n"
        "ok       models/a_within.yaml         gesture_classifier  203,459  250,000  81.3%\n"
        "over     models/nested/d_pinned.yaml  pinned                   72        -      -\n"
        "\n"
        "missing.yaml:1:1: error: no such file\n"
        "models/nested/d_pinned.yaml:5:25: error: the model has 72 params but expect_params is 80 (-8); "
        "if the change is intended, update expect_params\n"
        "\n"
        "3 specs: 1 within budget, 1 over budget, 1 invalid\n"
    )


def test_max_params_option_applies_on_top_of_each_budget(run, models, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for each problem to take one line
    result = run("check", "--max-params", "200000", "models/a_within.yaml", "models/nested/d_pinned.yaml")
    assert result.exit_code == 1
    assert result.stdout == (
        "STATUS  SPEC                         MODEL                PARAMS   BUDGET    USED\n"
        "over    models/a_within.yaml         gesture_classifier  203,459  200,000  101.7%\n"
        "over    models/nested/d_pinned.yaml  pinned                   72  200,000    0.0%\n"
        "\n"
        "models/a_within.yaml: error: the model has 203,459 params, over --max-params 200,000 (101.7%)\n"
        "models/nested/d_pinned.yaml:5:25: error: the model has 72 params but expect_params is 80 (-8); "
        "if the change is intended, update expect_params\n"
        "\n"
        "2 specs: 0 within budget, 2 over budget, 0 invalid\n"
    )


def test_github_points_a_command_line_limit_at_the_file(run, models):
    result = run("check", "--format", "github", "--max-params", "200000", "models/a_within.yaml")
    assert (result.exit_code, result.stdout) == (
        1,
        "::error file=models/a_within.yaml::the model has 203,459 params, over --max-params 200,000 (101.7%25)\n"
        "1 spec: 0 within budget, 1 over budget, 0 invalid\n",
    )


def test_github_escapes_file_names(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a,b:c%.yaml").write_text(PINNED, encoding="utf-8")
    result = run("check", "--format", "github", "a,b:c%.yaml")
    assert result.stdout.splitlines()[0] == (
        "::error file=a%2Cb%3Ac%25.yaml,line=5,col=25::the model has 72 params but expect_params is 80 (-8); "
        "if the change is intended, update expect_params"
    )


def test_github_shows_control_characters_in_file_names_escaped(run, tmp_path, monkeypatch):
    # Raw, an escape sequence would be cut out of the line on its way to the log (click does off a
    # terminal): x<ESC>[1m.yaml's annotation was pinned on x.yaml, another file.
    monkeypatch.chdir(tmp_path)
    for name in ("x\x1b[1m.yaml", "x.yaml"):
        (tmp_path / name).write_text(PINNED, encoding="utf-8")
    result = run("check", "--format", "github", "x\x1b[1m.yaml", "x.yaml")
    assert result.stdout.splitlines()[:2] == [
        "::error file=x\\x1b[1m.yaml,line=5,col=25::the model has 72 params but expect_params is 80 (-8); "
        "if the change is intended, update expect_params",
        "::error file=x.yaml,line=5,col=25::the model has 72 params but expect_params is 80 (-8); "
        "if the change is intended, update expect_params",
    ]


@pytest.mark.parametrize(
    ("budget", "status", "budget_cell", "used"),
    [
        ("max_params: 72", "ok", "72", "100.0%"),  # at the limit is within it
        ("max_params: 71", "over", "71", "101.4%"),
        ("max_trainable_params: 100", "ok", "100 trainable", "72.0%"),
        ("max_param_bytes: 288", "ok", "288 B", "100.0%"),  # 72 float32 params
        ("max_param_bytes: 0.287 kB", "over", "0.287 kB", "100.3%"),
        ("max_param_bytes: 1 KiB", "ok", "1 KiB", "28.1%"),
        ("expect_params: 72", "ok", "-", "-"),
        ("{max_params: 1000, max_param_bytes: 300}", "ok", "300 B", "96.0%"),  # the limit closest to being reached
    ],
)
def test_each_rule_and_the_budget_column(run, budget, status, budget_cell, used):
    spec = f"name: m\ninput: {{shape: [4, 2]}}\nlayers: [{{type: LSTM, units: 3}}]\nbudget: {{{budget}}}\n"
    spec = spec.replace("{{", "{").replace("}}", "}")
    result = run("check", "-", stdin=spec)
    assert result.exit_code == (0 if status == "ok" else 1)
    cells = result.stdout.splitlines()[1].split("  ")
    assert [cell.strip() for cell in cells if cell.strip()] == [status, "<stdin>", "m", "72", budget_cell, used]


def test_layer_limit_message(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for each problem to take one line
    spec = "input: {shape: [4, 2]}\nlayers:\n  - {type: LSTM, units: 3, max_params: 71}\n  - {type: Dense, units: 1}\n"
    result = run("check", "-", stdin=spec)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[3] == (
        "<stdin>:3:40: error: layer 'lstm' (LSTM) has 72 params, over max_params 71 (101.4%)"
    )


def test_json_is_one_document_with_stable_keys(run, models):
    document = json.loads(run("check", "--format", "json", "models/a_within.yaml").stdout)
    assert list(document) == ["specs", "summary"]
    (spec,) = document["specs"]
    assert list(spec) == [
        "file",
        "status",
        "name",
        "total_params",
        "trainable_params",
        "param_bytes",
        "rules",
        "failures",
        "error",
    ]
    assert (spec["total_params"], spec["param_bytes"]) == (203_459, 813_836)
    assert document["summary"] == {
        "specs": 1,
        "within_budget": 1,
        "over_budget": 0,
        "invalid": 0,
        "status": "within_budget",
    }


def test_junit_is_valid_xml_with_one_case_per_spec(run, models):
    root = ET.fromstring(run("check", "--format", "junit", "models").stdout)
    assert root.tag == "testsuites"
    (suite,) = root
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "2", "1")
    cases = {case.get("name"): [child.tag for child in case] for case in suite.iter("testcase")}
    assert cases == {
        "models/a_within.yaml": [],
        "models/b_over.yaml": ["failure"],
        "models/c_invalid.yml": ["error"],
        "models/nested/d_pinned.yaml": ["failure"],
    }


def test_empty_directory_is_invalid(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = run("check", "empty")
    assert result.exit_code == 2
    assert "\nempty:1:1: error: the directory has no *.yaml or *.yml spec files\n" in result.stdout


def test_a_spec_named_twice_is_checked_once(run, models):
    result = run("check", "models/nested", "models/nested/d_pinned.yaml")
    assert result.stdout.endswith("\n1 spec: 0 within budget, 1 over budget, 0 invalid\n")


USAGE_ERRORS = [
    ([], "Error: give a PATH to check, or paths in [tool.lstmcalc] of pyproject.toml"),
    (["--max-params", "0", "x.yaml"], "Invalid value for '--max-params': 0 is not in the range x>=1."),
    (
        ["--format", "xml", "x.yaml"],
        "Invalid value for '--format': 'xml' is not one of 'text', 'json', 'github', 'junit'.",
    ),
]


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS, ids=[args_id(args) for args, _ in USAGE_ERRORS])
def test_usage_errors_exit_2(run, args, message):
    result = run("check", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr


def test_internal_error_is_one_line_and_exit_3(run, monkeypatch):
    import lstm_calc.api

    def broken(*args, **options):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(lstm_calc.api, "check_paths", broken)
    result = run("check", "specs")
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith("lstmcalc: internal error: ZeroDivisionError: division by zero.")


def test_help_documents_exit_statuses_and_an_example(run):
    result = run("check", "--help")
    assert result.exit_code == 0
    assert "Exit status: 0 every spec within budget; 1 a spec over budget;" in result.stdout
    assert "lstmcalc check specs/" in result.stdout


def test_check_in_a_pipe_never_imports_rich():
    code = (
        "import sys\nfrom lstm_calc.cli import main\n"
        "try:\n    main(['check', sys.argv[1]])\n"
        "except SystemExit as exit:\n    assert 'rich' not in sys.modules, 'rich was imported'\n    raise\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, str(SPECS / "gesture_classifier.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (completed.returncode, completed.stderr) == (0, "")
    assert re.search(r"gesture_classifier\s+203,459\s+250,000\s+81\.3%", completed.stdout)


def test_specs_longer_than_a_read_chunk_are_read_whole(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = "# " + "x" * 200_000 + "\n" + PINNED.replace("expect_params: 80", "expect_params: 72")
    (tmp_path / "long.yaml").write_text(spec, encoding="utf-8")
    assert run("check", "long.yaml").exit_code == 0
    assert run("check", "-", stdin=spec).exit_code == 0


def test_oversized_spec_is_invalid(run, tmp_path, monkeypatch):
    from lstm_calc.api import MAX_SPEC_BYTES

    monkeypatch.chdir(tmp_path)
    (tmp_path / "huge.yaml").write_bytes(b"#" * (MAX_SPEC_BYTES + 1))
    result = run("check", "huge.yaml")
    assert result.exit_code == 2
    assert "\nhuge.yaml:1:1: error: the spec is larger than 8 MiB; is this the right file?\n" in result.stdout
