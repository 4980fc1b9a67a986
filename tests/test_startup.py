"""Start-up cost: each command imports only what it uses (benchmarks/bench.py has the timings).

Checked in a fresh interpreter each time, since this test session has imported everything.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lstm_calc.layers import LAYER_SPELLINGS
from lstm_calc.naming import to_snake_case
from lstm_calc.project_config import _table_line
from tests.conftest import SPECS

GESTURE = str(SPECS / "gesture_classifier.yaml")


def modules_after(program: str, top_level: bool = True) -> set[str]:
    """The modules a fresh interpreter holds after running ``program``: the top-level names, or all."""
    completed = subprocess.run(
        [sys.executable, "-c", program + "\nimport sys\nprint(' '.join(sorted(sys.modules)), file=sys.stderr)"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return {name.split(".")[0] if top_level else name for name in completed.stderr.split()}


def command(*args: str) -> str:
    return (
        "from lstm_calc.cli import main\n"
        "try:\n"
        f"    main({list(args)!r}, prog_name='lstmcalc')\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
    )


@pytest.mark.parametrize("output_format", ["json", "markdown"])
def test_json_and_markdown_never_import_rich(output_format):
    loaded = modules_after(command("summary", "--format", output_format, GESTURE))
    assert "yaml" in loaded
    assert "rich" not in loaded


def test_a_plain_table_in_a_pipe_does_not_import_rich():
    assert "rich" not in modules_after(command("summary", GESTURE))


def test_a_coloured_table_imports_rich_and_a_wrapping_one_does_not(monkeypatch):
    assert "rich" not in modules_after(command("summary", str(SPECS / "seq2seq.yaml")))  # a shape wraps at 80 columns
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "rich" in modules_after(command("summary", GESTURE))


def test_help_and_version_import_neither_yaml_nor_rich():
    loaded = modules_after(command("--version"))
    assert not {"yaml", "rich"} & loaded


def test_the_library_never_imports_click_or_rich():
    loaded = modules_after(
        "from lstm_calc.api import summarize_file\n"
        "from lstm_calc.render.json_output import render_json\n"
        "from lstm_calc.render.markdown import render_markdown\n"
        f"summary = summarize_file({GESTURE!r})\n"
        "render_json(summary), render_markdown(summary)\n"
    )
    assert not {"click", "rich"} & loaded


@pytest.mark.parametrize("args", [("summary", "--format", "json", GESTURE), ("check", GESTURE)], ids=["json", "check"])
def test_a_good_spec_imports_nothing_only_errors_need(args):
    loaded = modules_after(command(*args), top_level=False)
    # did-you-mean (difflib), excerpt widths (unicodedata), petabyte sizes (decimal) and the
    # line and column of a character (lstm_calc.source_lines) would cost start-up time for
    # nothing on a good spec.
    assert not {"difflib", "unicodedata", "decimal", "lstm_calc.source_lines"} & loaded


def test_a_summary_builds_no_other_command_and_teaches_nothing():
    from tests.conftest import ROOT

    # Figure 7 of benchmarks/bench.py: PyTorch code holding a MultiheadAttention and an LSTM, as a
    # table without MACs. It needs neither the check command, nor the merge layers, nor what params
    # and explain teach, nor the MAC counter.
    code = ROOT / "tests" / "torch_corpus" / "21_config_dict_attention.py"
    settings = ["config['vocab']=100", "config['hidden_size']=32", "config['dropout']=0.1", "config['num_layers']=2"]
    args = ["summary", str(code), "--input-shape", "4,12", "--set", "config['output_size']=3"]
    loaded = modules_after(command(*args, *(f"--set={setting}" for setting in settings)), top_level=False)
    assert "lstm_calc.layers.multi_head_attention" in loaded
    unwanted = {
        "lstm_calc.cli.check_command",
        "lstm_calc.layers.merging",
        "lstm_calc.layers.multi_head_attention_lessons",
        "lstm_calc.readers.torch_macs",
    }
    assert not unwanted & loaded
    assert "lstm_calc.cli.summary_command" not in modules_after(command("check", GESTURE), top_level=False)


@pytest.mark.parametrize(
    "args",
    [
        ("summary", GESTURE),
        ("check", GESTURE),
        ("summary", str(SPECS / "gesture_classifier.py"), "--set", "actions.shape[0]=3"),
        ("--version",),
    ],
    ids=["summary", "check", "code", "version"],
)
def test_commands_look_nothing_up_with_gettext(args):
    # click's help option, version option and Path type look their texts up with gettext, whose first
    # lookup imports locale (lstm_calc.cli.options.LstmcalcCommand makes them with their texts given).
    assert "locale" not in modules_after(command(*args)) - modules_after("import click, yaml")


#: What a YAML spec never needs: the other formats' readers (json, ast, zipfile with bz2 and
#: lzma), pathlib, shutil, dataclasses and inspect, each a few milliseconds to import.
NOT_FOR_YAML = {"json", "ast", "zipfile", "bz2", "lzma", "pathlib", "shutil", "dataclasses", "inspect"}


@pytest.mark.parametrize(
    "args",
    [
        ("summary", GESTURE),
        ("summary", "--format", "json", GESTURE),
        ("summary", "--format", "markdown", GESTURE),
        ("check", GESTURE),
    ],
    ids=["table", "json", "markdown", "check"],
)
def test_a_yaml_spec_imports_no_other_reader_and_nothing_slow(args):
    # click imports inspect itself in some versions: count only what lstmcalc adds.
    baseline = modules_after("import click, yaml, rich.console, rich.table")
    assert NOT_FOR_YAML - baseline & modules_after(command(*args)) == set()


@pytest.mark.parametrize(
    ("spec", "brings"),
    [("fixtures/keras/gesture_classifier.json", "json"), ("fixtures/keras/text_tagger.keras", "zipfile")],
)
def test_other_formats_import_their_reader_when_read(spec, brings):
    from tests.conftest import ROOT

    assert brings in modules_after(command("summary", "--format", "json", str(ROOT / "tests" / spec)))


def test_a_summary_reads_a_budget_without_importing_the_rules_that_check_it():
    program = command("summary", "--format", "json", GESTURE) + (
        "import sys\nprint(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    # The gesture classifier has a budget: block, which its summary still checks is well formed.
    assert "lstm_calc.spec_budget" in completed.stderr.split()
    assert "lstm_calc.budget" not in completed.stderr.split()
    # Nor how check finds files in a tree: a summary opens the one file it is given.
    assert "lstm_calc.discovery" not in completed.stderr.split()


@pytest.mark.parametrize(
    "class_name",
    [*LAYER_SPELLINGS, "ConvLSTM2D", "Conv1d", "GlobalMaxPooling1D", "ABC", "A", "a", "aB", "X1y", "My_Layer", "Añb"],
)
def test_snake_case_names_without_the_patterns_are_the_patterns_names(class_name):
    assert to_snake_case(class_name) == _keras_snake_case(class_name)


@given(st.text(alphabet="aAbBzZ019_", max_size=12))
def test_snake_case_names_of_any_ascii_class_are_the_patterns_names(class_name):
    assert to_snake_case(class_name) == _keras_snake_case(class_name)


def _keras_snake_case(class_name):
    """keras.src.utils.naming.to_snake_case, its three patterns as Keras 3 writes them."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[tool.lstmcalc]\npaths = ['specs']\n", 1),
        ("[project]\nname = 'x'\n\n  [ tool . \"lstmcalc\" ]  # defaults\nformat = 'json'\n", 4),
        ("# [tool.lstmcalc] is read by check\n[project]\nname = 'lstmcalc'\n", None),
        ("[tool.lstmcalc.extra]\n", 1),
        ("[[tool.lstmcalc]]\n", 1),
        ("[project]\r\n[tool.lstmcalc]\r\n", 2),
        ("[tool]\nruff.line-length = 99\nlstmcalc.max-params = 10\n", 3),
        ("tool.lstmcalc.paths = ['specs']\n", 1),
        ("[tool]\n'lstmcalc' = { format = 'json' }\n", 2),
        ("[project.scripts]\nlstmcalc = 'lstm_calc.cli:main'\n", None),
        ("[tool.other]\nx = 'lstmcalc = 1'\n", None),
        ("", None),
    ],
)
def test_the_table_is_found_by_its_header_or_its_dotted_keys_without_parsing(text, line):
    # Parsing TOML (and importing tomllib) is left to the files that set the table.
    assert _table_line(text) == line


@pytest.mark.parametrize("collecting", [True, False])
def test_importing_the_command_leaves_the_cycle_collector_as_it_found_it(collecting):
    # lstm_calc.cli switches the collector off while click and its modules are imported (start-up
    # speed); a library caller or a test that imports it keeps its own setting.
    program = f"import gc\ngc.enable() if {collecting} else gc.disable()\nimport lstm_calc.cli\nprint(gc.isenabled())\n"
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert (completed.returncode, completed.stdout, completed.stderr) == (0, f"{collecting}\n", "")
