"""The README's commands are the ones CI runs, and its figures are the ones lstmcalc prints."""

from __future__ import annotations

from tests.conftest import ROOT, SPECS

README = (ROOT / "README.md").read_text(encoding="utf-8")
INSTALL_AND_RUN = (
    "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/lstmcalc summary specs/gesture_classifier.yaml"
)
TEST_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"


def test_readme_has_the_two_newcomer_commands():
    assert f"```sh\n{INSTALL_AND_RUN}\n```" in README
    assert f"```sh\n{TEST_COMMAND}\n```" in README


def test_ci_runs_the_readme_test_command():
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # .ci/run wraps pytest in run_pytest, which turns "no tests collected" into a failure.
    assert TEST_COMMAND.replace("&& .venv/bin/python", "&& run_pytest .venv/bin/python") + "\n" in ci_script


def test_readme_example_output_is_the_real_output(run):
    for spec in ("gesture_classifier.yaml", "stateful_char_model.yaml"):
        table = run("summary", str(SPECS / spec)).stdout
        assert table in README, f"README's example for {spec} is out of date"


def _readme_examples(wanted) -> list[tuple[str, str]]:
    """``(command, output)`` of each README block that starts with ``$ lstmcalc ...`` and matches ``wanted``."""
    import re

    examples = []
    for block in re.findall(r"```\n\$ lstmcalc (.+?)\n(.*?)```", README, flags=re.S):
        command, output = block
        if wanted(command.split()):
            examples.append((command, output))
    return examples


def test_readme_params_explain_stats_and_compare_are_real_output(run):
    examples = _readme_examples(
        lambda args: args[0] in ("params", "explain") or "--stats" in args or "--compare" in args
    )
    assert len(examples) == 8
    for command, output in examples:
        assert run(*command.split()).stdout == output, f"README's example of 'lstmcalc {command}' is out of date"


def test_readme_error_example_is_the_real_error():
    from lstm_calc.api import summarize_text
    from lstm_calc.errors import SpecError

    spec = "input: {shape: [5, 126]}\nlayers:\n  - {type: LSTM, units: 64}\n  - {type: LSTM, units: 3}\n"
    assert f"$ cat bad.yaml\n{spec}$ lstmcalc summary bad.yaml\n" in README
    try:
        summarize_text(spec, "bad.yaml")
    except SpecError as error:
        assert f"$ lstmcalc summary bad.yaml\n{error}\n{error.excerpt()}\n```" in README
    else:
        raise AssertionError("the README's bad.yaml is summarised without error")
