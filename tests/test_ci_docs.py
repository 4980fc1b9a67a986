"""The docs' budget, check and CI examples (docs/ci/, docs/reference/check.md) are real, and the
pre-commit hook checks the files they say."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from lstm_calc.sizes import SIZE_UNITS
from tests.conftest import ROOT, SPECS
from tests.docs_pages import page

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def docs_block(where: str, after: str, language: str = "") -> str:
    """The first fenced block (```language) after the text ``after`` on the docs page ``where``."""
    text = page(where)
    start = text.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.DOTALL).search(text, start)
    return match.group(1)


def test_docs_budget_example_is_a_spec_within_its_budget(run):
    spec = docs_block("ci/index.md", "# Parameter budgets", "yaml")
    result = run("check", "--format", "json", "-", stdin=spec)
    assert result.exit_code == 0, result.stdout
    assert '"total_params": 203459' in result.stdout and '"param_bytes": 813836' in result.stdout
    assert result.stdout.count('"passed": true') == 5


def test_docs_check_output_is_the_real_output(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    block = docs_block("reference/check.md", "in a pipe or a file,")
    assert block == "$ lstmcalc check specs/\n" + run("check", "specs/").stdout


def test_docs_pinned_count_example_is_the_real_output(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    spec = (SPECS / "gesture_classifier.yaml").read_text(encoding="utf-8").replace("units: 64", "units: 65", 1)
    (tmp_path / "specs" / "gesture_classifier.yaml").write_text(spec, encoding="utf-8")
    text = run("check", "specs/gesture_classifier.yaml")
    assert text.exit_code == 1
    pinned = docs_block("reference/check.md", "the pin catches it")
    assert pinned == "$ lstmcalc check specs/gesture_classifier.yaml\n" + text.stdout
    github = run("check", "--format", "github", "specs/gesture_classifier.yaml").stdout
    assert docs_block("reference/check.md", "**`--format github`**") == github.replace("%25", "%")


def test_docs_github_actions_step_passes_on_this_repository(run, monkeypatch):
    workflow = yaml.safe_load(docs_block("ci/github-actions.md", "## Budgets on every push", "yaml"))
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[2] == {"run": "python -m pip install ."}
    command = shlex.split(steps[3]["run"])
    assert command[0] == "lstmcalc"
    monkeypatch.chdir(ROOT)
    result = run(*command[1:])
    count = len(list((ROOT / "specs").glob("*.yaml")))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{count} specs: {count} within budget, 0 over budget, 0 invalid\n",
    )


def test_docs_document_every_size_unit():
    budgets = page("ci/index.md")
    for unit in SIZE_UNITS:
        assert f"`{unit}`" in budgets


def test_hook_runs_the_check_command_of_this_package():
    (hook,) = HOOKS
    assert (hook["id"], hook["entry"], hook["language"]) == ("lstmcalc-check", "lstmcalc check", "python")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'lstmcalc = "lstm_calc.launcher:main"' in pyproject


@pytest.mark.parametrize(
    ("path", "by_hook", "by_local_hook"),
    [
        ("specs/gesture_classifier.yaml", True, True),
        ("specs/edge/tiny.yml", True, True),
        ("ml/keyword_spotting/specs/model.yaml", True, False),
        (".github/workflows/ci.yml", False, False),
        (".pre-commit-config.yaml", False, False),
        ("docker-compose.yaml", False, False),
        ("specs/README.md", False, False),
        ("specsheet.yaml", False, False),
    ],
)
def test_hooks_check_spec_files_only(path, by_hook, by_local_hook):
    # pre-commit matches 'files' with re.search against the path from the repository root.
    local = yaml.safe_load(docs_block("ci/pre-commit.md", "a local hook needs no URL", "yaml"))["repos"][0]["hooks"][0]
    assert (bool(re.search(HOOKS[0]["files"], path)), bool(re.search(local["files"], path))) == (
        by_hook,
        by_local_hook,
    )
