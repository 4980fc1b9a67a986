"""``lstmcalc diff``: real changes pinned in every output format, exit codes, REV:PATH, refusals."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lstm_calc.model_diff import ADDED, CHANGED, REMOVED, UNCHANGED, diff_models
from lstm_calc.spec_mapping import model_from_mapping
from tests.conftest import ROOT

DIFF_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "diff"
CHANGES = ("units", "added", "frozen", "split")
SUFFIXES = {"table": "out", "json": "json", "markdown": "md"}


@pytest.fixture
def in_fixtures(monkeypatch):
    monkeypatch.chdir(DIFF_FIXTURES)


@pytest.mark.parametrize("output_format", SUFFIXES)
@pytest.mark.parametrize("change", CHANGES)
def test_each_change_in_each_format(run, golden, in_fixtures, change, output_format):
    result = run("diff", "old.yaml", f"{change}.yaml", "--format", output_format)
    assert (result.exit_code, result.stderr) == (0, "")
    golden(f"diff/{change}.{SUFFIXES[output_format]}", result.stdout)


def test_a_narrowed_lstm_changes_it_and_the_next_one(run, in_fixtures):
    result = run("diff", "old.yaml", "units.yaml")
    assert result.stdout.splitlines()[3:6] == [
        "STATUS   LAYER (TYPE)             PARAMS   CHANGE  OUTPUT SHAPE                     TRAINABLE",
        "changed  lstm_1 (LSTM)  98,816 -> 33,024  -65,792  (None, 5, 128) -> (None, 5, 64)  all",
        "changed  lstm_2 (LSTM)  49,408 -> 33,024  -16,384  (None, 64)                       all",
    ]
    assert "Total params:         203,459 (794.76 KB) -> 121,283 (473.76 KB)  -82,176 (-321.00 KB)" in result.stdout


def test_an_inserted_layer_is_added_and_the_shifted_name_pairs_with_its_old_self(run, in_fixtures):
    document = json.loads(run("diff", "old.yaml", "added.yaml", "--format", "json").stdout)
    assert document["counts"] == {ADDED: 1, REMOVED: 0, CHANGED: 1, UNCHANGED: 5}
    changed = [layer for layer in document["layers"] if layer["status"] != UNCHANGED]
    assert [(layer["status"], (layer["old"] or {}).get("name"), layer["new"]["name"]) for layer in changed] == [
        (ADDED, None, "lstm_2"),
        (CHANGED, "lstm_2", "lstm_3"),
    ]
    # The old last LSTM took 128 features, the new one takes the inserted LSTM's 32.
    assert (changed[1]["old"]["params"], changed[1]["new"]["params"], changed[1]["changes"]) == (
        49408,
        24832,
        ["params"],
    )


def test_a_frozen_layer_moves_its_count_to_non_trainable(run, in_fixtures):
    document = json.loads(run("diff", "old.yaml", "frozen.yaml", "--format", "json").stdout)
    (frozen,) = [layer for layer in document["layers"] if layer["status"] == CHANGED]
    assert (frozen["old"]["trainable"], frozen["new"]["trainable"], frozen["changes"]) == ("all", "none", ["trainable"])
    assert document["totals"]["total_params"] == {"old": 203459, "new": 203459, "change": 0}
    assert document["totals"]["non_trainable_params"] == {"old": 0, "new": 4160, "change": 4160}
    assert document["totals"]["non_trainable_bytes"] == {"old": 0, "new": 16640, "change": 16640}
    assert document["total_increased"] is False


def test_a_dense_replaced_by_two(run, in_fixtures):
    document = json.loads(run("diff", "old.yaml", "split.yaml", "--format", "json").stdout)
    rows = [
        (layer["status"], (layer["old"] or {}).get("name"), (layer["new"] or {}).get("name"), layer["params_change"])
        for layer in document["layers"]
        if layer["status"] != UNCHANGED
    ]
    assert rows == [
        (CHANGED, "dense_1", "dense_1", 1040),
        (ADDED, None, "dense_2", 784),
        (CHANGED, "dense_2", "dense_3", -48),
    ]
    assert document["totals"]["total_params"] == {"old": 203459, "new": 205235, "change": 1776}


@pytest.mark.parametrize(
    ("new", "flag", "status"),
    [
        ("split.yaml", "--fail-on-increase", 1),  # +1,776
        ("split.yaml", None, 0),
        ("units.yaml", "--fail-on-increase", 0),  # -82,176
        ("frozen.yaml", "--fail-on-increase", 0),  # the same total
        ("old.yaml", "--fail-on-increase", 0),
    ],
)
def test_exit_status(run, in_fixtures, new, flag, status):
    result = run("diff", "old.yaml", new, *([flag] if flag else []))
    assert (result.exit_code, result.stderr) == (status, "")


def test_identical_models(run, in_fixtures):
    result = run("diff", "old.yaml", "old.yaml")
    assert "No layer added, removed or changed.\n\n6 layers unchanged\n" in result.stdout


def test_a_removed_layer_and_a_keras_json_side(run):
    keras_json = str(ROOT / "tests" / "fixtures" / "keras" / "gesture_classifier.json")
    result = run("diff", keras_json, str(DIFF_FIXTURES / "added.yaml"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["counts"][ADDED] == 1
    reverse = json.loads(run("diff", str(DIFF_FIXTURES / "added.yaml"), keras_json, "--format", "json").stdout)
    assert reverse["counts"][REMOVED] == 1
    assert [layer["old"]["name"] for layer in reverse["layers"] if layer["status"] == REMOVED] == ["lstm_2"]


def _summary(layers):
    return model_from_mapping({"input": {"shape": [5, 8]}, "layers": layers})


def _pairs(old_layers, new_layers):
    from lstm_calc.graph import infer

    diff = diff_models(infer(_summary(old_layers)), infer(_summary(new_layers)))
    return [(change.status, change.old and change.old.name, change.new and change.new.name) for change in diff.layers]


def test_a_chosen_name_pairs_only_with_that_name():
    lstm = {"type": "LSTM", "units": 4, "return_sequences": True}
    old = [{**lstm, "name": "encoder"}, {"type": "Dense", "units": 2}]
    new = [{**lstm, "name": "renamed"}, {"type": "Dense", "units": 2}]
    assert _pairs(old, new) == [
        (REMOVED, "encoder", None),
        (ADDED, None, "renamed"),
        (UNCHANGED, "dense", "dense"),
    ]


def test_an_automatic_name_pairs_by_place_among_its_class():
    lstm = {"type": "LSTM", "units": 4, "return_sequences": True}
    old = [lstm, lstm]
    new = [{**lstm, "units": 6}, lstm, lstm]
    # The inserted LSTM(6) first: it is the one with another output shape.
    assert _pairs(old, new) == [
        (ADDED, None, "lstm"),
        (CHANGED, "lstm", "lstm_1"),  # now takes 6 features, not 8
        (UNCHANGED, "lstm_1", "lstm_2"),
    ]


# REV:PATH


def _git(repository: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *arguments],
        cwd=repository,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A git repository whose first commit holds models/model.yaml (old.yaml), changed since to units.yaml."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "models").mkdir()
    shutil.copy(DIFF_FIXTURES / "old.yaml", tmp_path / "models" / "model.yaml")
    shutil.copy(ROOT / "tests" / "fixtures" / "keras" / "text_tagger.keras", tmp_path / "models" / "tagger.keras")
    (tmp_path / "models" / "broken.yaml").write_text("input: {shape: [5, 8]}\nlayers:\n  - {type: LSTM, units: -3}\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "first")
    shutil.copy(DIFF_FIXTURES / "units.yaml", tmp_path / "models" / "model.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_file_against_itself_at_a_revision(run, repository, golden):
    result = run("diff", "HEAD:models/model.yaml", "models/model.yaml")
    assert (result.exit_code, result.stderr) == (0, "")
    expected = (DIFF_FIXTURES / ".." / ".." / "golden" / "diff" / "units.out").resolve().read_text()
    assert result.stdout == expected.replace("old.yaml -> units.yaml", "HEAD:models/model.yaml -> models/model.yaml")


def test_the_path_is_relative_to_the_current_directory(run, repository, monkeypatch):
    monkeypatch.chdir(repository / "models")
    result = run("diff", "HEAD:model.yaml", "model.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["total_params"] == {"old": 203459, "new": 121283, "change": -82176}
    assert run("diff", "HEAD:../models/model.yaml", "model.yaml").exit_code == 0


def test_a_keras_archive_at_a_revision(run, repository):
    result = run("diff", "HEAD:models/tagger.keras", "models/tagger.keras", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["counts"][CHANGED] == 0


def test_an_invalid_model_at_a_revision_is_located_there(run, repository):
    result = run("diff", "HEAD:models/broken.yaml", "models/model.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "HEAD:models/broken.yaml:3:25: error: LSTM argument 'units': expected a positive integer, got -3\n"
    )


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("--output=x:models/model.yaml", "a revision cannot start with '-'"),
        ("-c:models/model.yaml", "a revision cannot start with '-'"),
        ("HEAD:../outside.yaml", "the path of REV:PATH leaves the repository"),
        ("HEAD:models/../../outside.yaml", "the path of REV:PATH leaves the repository"),
        ("HEAD:/etc/passwd", "the path of REV:PATH is relative to the current directory, not absolute"),
        (":models/model.yaml", "REV:PATH needs a revision before the colon (a branch, tag or commit)"),
        ("HEAD:", "REV:PATH needs a path after the colon"),
        ("no-such-branch:models/model.yaml", "no revision 'no-such-branch' in this repository"),
        ("HEAD:models/missing.yaml", "no file 'models/missing.yaml' at revision 'HEAD'"),
        ("HEAD:models", "cannot tell the format of 'models' from its extension; give --input-format"),
        ("HEAD:models/x.txt", "cannot tell the format of 'models/x.txt' from its extension; give --input-format"),
    ],
)
def test_refused_revision_arguments(run, repository, argument, message):
    # After --, as a command line must pass an argument that starts with '-'.
    result = run("diff", "--", argument, "models/model.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{argument}:1:1: error: {message}\n"


def test_a_directory_at_a_revision_is_no_file(run, repository):
    result = run("diff", "--input-format", "yaml", "HEAD:models", "models/model.yaml")
    assert result.stderr == "HEAD:models:1:1: error: 'models' at revision 'HEAD' is not a file\n"


def test_outside_a_repository(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    shutil.copy(DIFF_FIXTURES / "old.yaml", tmp_path / "model.yaml")
    result = run("diff", "HEAD:model.yaml", "model.yaml")
    assert (result.exit_code, result.stderr) == (
        2,
        "HEAD:model.yaml:1:1: error: the current directory is not in a git repository\n",
    )


def test_a_file_with_a_colon_in_its_name_is_that_file(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(DIFF_FIXTURES / "old.yaml", tmp_path / "v1:model.yaml")
    result = run("diff", "v1:model.yaml", str(DIFF_FIXTURES / "old.yaml"))
    assert result.exit_code == 0, result.stderr


def test_file_errors_as_the_other_commands_report_them(run, in_fixtures):
    result = run("diff", "old.yaml", "missing.yaml")
    assert (result.exit_code, result.stderr) == (2, "missing.yaml:1:1: error: no such file\n")


def test_both_from_standard_input_is_refused(run):
    result = run("diff", "-", "-", stdin="")
    assert result.exit_code == 2
    assert "OLD and NEW cannot both be standard input" in result.stderr


def test_diff_imports_neither_rich_nor_a_toml_parser():
    from tests.test_startup import command, modules_after

    loaded = modules_after(command("diff", str(DIFF_FIXTURES / "old.yaml"), str(DIFF_FIXTURES / "units.yaml")))
    # Only what lstmcalc itself would import: click 8.5 imports uuid, whose platform imports subprocess on 3.10.
    assert not {"rich", "tomllib", "subprocess"} & (loaded - modules_after("import click, yaml"))


def test_docs_diff_example_is_the_real_output(run, monkeypatch):
    from tests.test_ci_docs import docs_block

    monkeypatch.chdir(ROOT)
    command = "diff tests/fixtures/diff/old.yaml tests/fixtures/diff/added.yaml"
    example = docs_block("reference/diff.md", "is inserted before the last LSTM:")
    assert example == f"$ lstmcalc {command}\n" + run(*command.split()).stdout


def test_docs_workflow_posts_the_markdown_diff(run, repository):
    import shlex

    import yaml

    from tests.test_ci_docs import docs_block

    workflow = yaml.safe_load(docs_block("ci/github-actions.md", "posts what a pull request does to a model", "yaml"))
    steps = workflow["jobs"]["diff"]["steps"]
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    diff_step, comment_step = steps[3], steps[4]
    assert diff_step["env"] == {"BASE": "${{ github.base_ref }}"}
    arguments = shlex.split(
        diff_step["run"].replace("origin/$BASE", "HEAD").replace("specs/gesture_classifier", "models/model")
    )
    assert (arguments[:2], arguments[-2]) == (["lstmcalc", "diff"], ">")
    result = run(*arguments[1:-2])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!-- lstmcalc-diff -->\n### lstmcalc diff: `HEAD:models/model.yaml`")
    assert "--body-file model-diff.md" in comment_step["run"] and arguments[-1] == "model-diff.md"


@pytest.mark.parametrize("where", [0, 1, 500, 1000])
def test_one_layer_inserted_into_a_long_run_of_identical_ones(where):
    from lstm_calc.graph import infer

    dense = {"type": "Dense", "units": 8}
    old = infer(_summary([dense] * 1000))
    new = infer(
        _summary([dense] * where + [{"type": "Dense", "units": 8, "name": "inserted"}] + [dense] * (1000 - where))
    )
    diff = diff_models(old, new)
    assert [diff.count(status) for status in (ADDED, REMOVED, CHANGED, UNCHANGED)] == [1, 0, 0, 1000]
    assert [change.new.name for change in diff.layers if change.status == ADDED] == ["inserted"]
