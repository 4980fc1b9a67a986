"""The README's commands are the ones CI runs, and the figures it and the docs pages show are the ones
lstmcalc prints."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, SPECS
from tests.docs_pages import page, readme

README = readme()
INSTALL_AND_RUN = (
    "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/lstmcalc summary specs/gesture_classifier.yaml"
)
TEST_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"


@pytest.mark.parametrize("where", ["README.md", "index.md"])
def test_readme_and_docs_home_have_the_two_newcomer_commands(where):
    text = README if where == "README.md" else page(where)
    assert f"```sh\n{INSTALL_AND_RUN}\n```" in text
    assert f"```sh\n{TEST_COMMAND}\n```" in text


def test_ci_runs_the_readme_test_command():
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # .ci/run wraps pytest in run_pytest, which turns "no tests collected" into a failure.
    assert TEST_COMMAND.replace("&& .venv/bin/python", "&& run_pytest .venv/bin/python") + "\n" in ci_script


def test_ci_times_lstmcalc_as_the_readme_installs_it():
    import re

    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # An editable install's import hook costs every start several per cent that no user pays.
    bench = re.search(r"^(\S+)/bin/python benchmarks/bench\.py", ci_script, flags=re.M)
    assert bench is not None
    installs = re.findall(rf"^.*{re.escape(bench[1])}/bin/pip install (.*)$", ci_script, flags=re.M)
    assert installs == ["-q ."], installs


@pytest.mark.parametrize(
    ("spec", "where"),
    [
        ("gesture_classifier.yaml", "README.md"),
        ("gesture_classifier.yaml", "index.md"),
        ("stateful_char_model.yaml", "learn/examples.md"),
    ],
)
def test_example_output_is_the_real_output(run, spec, where):
    table = run("summary", str(SPECS / spec)).stdout
    text = README if where == "README.md" else page(where)
    assert table in text, f"{where}'s example for {spec} is out of date"


def _doc_examples(text: str, wanted) -> list[tuple[str, str]]:
    """``(command, output)`` of each block of ``text`` that starts with ``$ lstmcalc ...`` and matches ``wanted``."""
    import re

    examples = []
    for block in re.findall(r"```\n\$ lstmcalc (.+?)\n(.*?)```", text, flags=re.S):
        command, output = block
        if wanted(command.split()):
            examples.append((command, output))
    return examples


def test_docs_params_explain_stats_and_compare_are_real_output(run):
    text = page("reference/params.md", "reference/explain.md", "reference/stats.md", "reference/compare.md")
    examples = _doc_examples(
        text, lambda args: args[0] in ("params", "explain") or "--stats" in args or "--compare" in args
    )
    assert len(examples) == 8
    for command, output in examples:
        assert run(*command.split()).stdout == output, f"the docs' example of 'lstmcalc {command}' is out of date"


def test_docs_error_example_is_the_real_error():
    from lstm_calc.api import summarize_text
    from lstm_calc.errors import SpecError

    errors = page("reference/errors.md")

    spec = "input: {shape: [5, 126]}\nlayers:\n  - {type: LSTM, units: 64}\n  - {type: LSTM, units: 3}\n"
    assert f"$ cat bad.yaml\n{spec}$ lstmcalc summary bad.yaml\n" in errors
    try:
        summarize_text(spec, "bad.yaml")
    except SpecError as error:
        assert f"$ lstmcalc summary bad.yaml\n{error}\n{error.excerpt()}\n```" in errors
    else:
        raise AssertionError("the docs' bad.yaml is summarised without error")


def test_the_unrolled_lstm_comes_before_the_first_table():
    # Issue 17: a newcomer sees the picture of the unrolled LSTM before any table.
    text = readme()
    assert "lstm3_four_steps.svg" in text
    assert text.index("lstm3_four_steps.svg") < text.index("┏")
