"""Crafted scalars, YAML 1.1's extra booleans, nesting at libyaml's limit, and input files that are not regular files.

Each gives one located error (exit 2) for its spec, and ``check`` on a directory still
reports every other spec. The messages are the same with and without libyaml's nesting
limit (PyYAML 6.0.1 or 6.0.4) and with the pure-Python parser.
"""

from __future__ import annotations

import json
import os
import re
import warnings
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml

from lstm_calc.api import summarize_text
from lstm_calc.arguments import BOOLEAN_SCHEMA, BOOLEAN_SPELLINGS, boolean
from lstm_calc.errors import SpecError
from lstm_calc.readers import yaml_spec
from lstm_calc.schema import spec_schema
from tests.conftest import SPECS
from tests.test_hostile import keras_model, measured

LSTM = "input: {{shape: [4, 2]}}\nlayers:\n  - {{type: LSTM, units: 1, return_sequences: {value}}}\n"
BASE_60_FLOAT = ":".join(["0"] * 174) + ":0.0"


def _quoted_long(text: str) -> str:
    """How a message quotes a value longer than 60 characters."""
    return f"{text[:60]!r}... ({len(text):,} characters)"


# Scalars: each crafted one is one located error, never a crash

CRAFTED_SCALARS = {
    "empty !!int": ("a: !!int\n", "bad.yaml:1:4: error: the tag !!int needs an integer such as 12, got ''"),
    "empty !!float": ("a: !!float ''\n", "bad.yaml:1:4: error: the tag !!float needs a number such as 0.5, got ''"),
    "sign-only !!int": ("a: !!int '-'\n", "bad.yaml:1:4: error: the tag !!int needs an integer such as 12, got '-'"),
    "empty !!bool": ("a: !!bool ''\n", "bad.yaml:1:4: error: the tag !!bool needs true or false, got ''"),
    "text !!null": ("a: !!null x\n", "bad.yaml:1:4: error: the tag !!null needs null or nothing, got 'x'"),
    "hex !!float": ("a: !!float 0x1f\n", "bad.yaml:1:4: error: the tag !!float needs a number such as 0.5, got '0x1f'"),
    "binary without digits": (
        "a: 0b_\n",
        "bad.yaml:1:4: error: YAML 1.1 reads '0b_' as a number without digits; quote it if it is text",
    ),
    "base-60 integer": (
        "a: 1:30\n",
        "bad.yaml:1:4: error: '1:30' is a base-60 number in YAML 1.1 but text in "
        "YAML 1.2; write the number in decimal, or quote it if it is text",
    ),
    "base-60 float of 175 parts": (
        f"a: {BASE_60_FLOAT}\n",
        f"bad.yaml:1:4: error: {_quoted_long(BASE_60_FLOAT)} is a base-60 number in YAML 1.1 but text in "
        "YAML 1.2; write the number in decimal, or quote it if it is text",
    ),
    "tagged base-60 integer": (
        "a: !!int '1:0'\n",
        "bad.yaml:1:4: error: '1:0' is a base-60 number in YAML 1.1 "
        "but text in YAML 1.2; write the number in decimal, or quote it if it is text",
    ),
    "yes": (
        LSTM.format(value="yes"),
        "bad.yaml:3:46: error: 'yes' is the boolean true in YAML 1.1 but text in "
        "YAML 1.2 (editors checking the JSON Schema); write true, or quote it if it is text",
    ),
    "Off": (
        LSTM.format(value="Off"),
        "bad.yaml:3:46: error: 'Off' is the boolean false in YAML 1.1 but text in "
        "YAML 1.2 (editors checking the JSON Schema); write false, or quote it if it is text",
    ),
    "tagged no": (
        "a: !!bool no\n",
        "bad.yaml:1:4: error: 'no' is the boolean false in YAML 1.1 but text in "
        "YAML 1.2 (editors checking the JSON Schema); write false, or quote it if it is text",
    ),
    "on as a key": (
        "input: {shape: [4, 1]}\nlayers:\n  - {type: Dense, units: 1, on: 4}\n",
        "bad.yaml:3:29: error: 'on' is the boolean true in YAML 1.1 but text in YAML 1.2 "
        "(editors checking the JSON Schema); write true, or quote it if it is text",
    ),
    "graph layer named by a list": (
        "inputs:\n  x: {shape: [4]}\nlayers:\n  - {type: Dense, units: 2, name: [x], inputs: x}\noutputs: [x]\n",
        "bad.yaml:4:35: error: Dense argument 'name': expected a non-empty name without '/', got a list",
    ),
}


@pytest.mark.parametrize("case", sorted(CRAFTED_SCALARS))
def test_a_crafted_scalar_is_one_located_error(run, tmp_path, monkeypatch, case):
    text, message = CRAFTED_SCALARS[case]
    monkeypatch.chdir(tmp_path)
    Path("bad.yaml").write_text(text, encoding="utf-8")
    result = run("summary", "bad.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


@pytest.mark.parametrize("case", sorted(CRAFTED_SCALARS))
def test_the_pure_python_parser_reads_crafted_scalars_the_same(monkeypatch, case):
    text, message = CRAFTED_SCALARS[case]
    monkeypatch.setattr(yaml_spec, "_Loader", yaml.SafeLoader)
    with pytest.raises(SpecError) as raised:
        summarize_text(text, "bad.yaml")
    assert str(raised.value) == message


def test_check_reports_every_other_spec_beside_crafted_scalars(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("specs").mkdir()
    (Path("specs") / "good.yaml").write_text((SPECS / "lstm_1_unit.yaml").read_text())
    crafted = [
        "empty !!int",
        "empty !!float",
        "sign-only !!int",
        "empty !!bool",
        "base-60 float of 175 parts",
        "graph layer named by a list",
    ]
    for number, case in enumerate(crafted):
        (Path("specs") / f"bad{number}.yaml").write_text(CRAFTED_SCALARS[case][0])
    result = run("check", "specs")
    errors = "".join(
        CRAFTED_SCALARS[case][1].replace("bad.yaml", f"specs/bad{number}.yaml") + "\n"
        for number, case in enumerate(crafted)
    )
    assert (result.exit_code, result.stderr) == (2, "")
    assert result.stdout == (
        "STATUS   SPEC             MODEL        PARAMS  BUDGET  USED\n"
        + "".join(f"invalid  specs/bad{number}.yaml  -                 -       -     -\n" for number in range(6))
        + "ok       specs/good.yaml  lstm_1_unit      12       -     -\n\n"
        + errors
        + "\n7 specs: 1 within budget, 0 over budget, 6 invalid\n"
    )


#: Values of 320 KB to 4 MB, made in the test: held by pytest all session, they would
#: count in the peak memory of every child process measured after them.
LONG_NUMBERS = {
    # PyYAML's conversion took 4 s for this one, growing with the square of the length.
    "base-60": (
        lambda: ":".join(["1"] * 160_000),
        "is a base-60 number in YAML 1.1 but text in YAML 1.2; write the number in decimal, or quote it if it is text",
    ),
    "decimal": (lambda: "9" * 4_000_000, "integers in a spec have at most 1,000 digits"),
    "hexadecimal": (lambda: "0x" + "f" * 4_000_000, "integers in a spec have at most 1,000 digits"),
    "leading-zeros": (lambda: "0" * 4_000_000 + "7", None),  # YAML 1.1's octal 7
}


@pytest.mark.parametrize("case", sorted(LONG_NUMBERS))
def test_long_numbers_cost_little(tmp_path, case):
    make, message = LONG_NUMBERS[case]
    value = make()
    (tmp_path / "big.yaml").write_text(f"input: {{shape: [4, 1]}}\nlayers:\n  - {{type: Dense, units: {value}}}\n")
    completed, cpu, rss = measured("summary", "big.yaml", cwd=tmp_path)
    if message is None:
        assert (completed.returncode, completed.stderr) == (0, "")
        assert " Total params: 14 (56.00 B)\n" in completed.stdout  # 1 x 7 weights and 7 biases
    else:
        shown = _quoted_long(value) + " " if ":" in value else ""
        assert (completed.returncode, completed.stdout, completed.stderr) == (
            2,
            "",
            f"big.yaml:3:26: error: {shown}{message}\n",
        )
    assert cpu < 2.0, f"{cpu:.2f} s of CPU"


# Booleans: the spec checker and the JSON Schema follow one rule


#: The booleans of YAML 1.2's core schema, which editors validating a spec read.
YAML_1_2_BOOLEANS = ("true", "True", "TRUE", "false", "False", "FALSE")


class Yaml12Booleans(yaml.SafeLoader):
    """PyYAML reading booleans as YAML 1.2 does (as editors validating a spec do): true/false only."""


Yaml12Booleans.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Booleans.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(f"^(?:{'|'.join(YAML_1_2_BOOLEANS)})$"), list("tTfF")
)
VALIDATOR = jsonschema.Draft202012Validator(spec_schema())


def test_the_one_boolean_rule_is_yaml_1_2s():
    assert tuple(BOOLEAN_SPELLINGS) == YAML_1_2_BOOLEANS
    assert boolean.json_schema is BOOLEAN_SCHEMA == {"type": "boolean"}  # JSON's true and false


@pytest.mark.parametrize("word", YAML_1_2_BOOLEANS)
def test_booleans_both_yaml_versions_read_pass_the_checker_and_the_schema(run, word):
    text = LSTM.format(value=word)
    assert run("summary", "-", stdin=text).exit_code == 0
    assert list(VALIDATOR.iter_errors(yaml.load(text, Loader=Yaml12Booleans))) == []
    assert yaml.load(text, Loader=Yaml12Booleans) == yaml.safe_load(text)


@pytest.mark.parametrize("word", ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"])
def test_yaml_1_1_only_booleans_fail_the_checker_and_the_schema(run, word):
    text = LSTM.format(value=word)
    result = run("summary", "-", stdin=text)
    meaning = "true" if word.lower() in ("yes", "on") else "false"
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"<stdin>:3:46: error: '{word}' is the boolean {meaning} in YAML 1.1 but text in YAML 1.2 "
        f"(editors checking the JSON Schema); write {meaning}, or quote it if it is text\n",
    )
    errors = [error.message for error in VALIDATOR.iter_errors(yaml.load(text, Loader=Yaml12Booleans))]
    assert f"'{word}' is not of type 'boolean'" in errors


# Nesting: the same limit and message whether or not libyaml has a limit of its own


def _error(text: str) -> str:
    try:
        yaml_spec.load_spec_text(text, "deep.yaml")
    except SpecError as error:
        return str(error)
    return "ok"


BLOCK_TOO_DEEP = "error: indented lists and mappings nest more than 998 deep here; a spec needs only a few levels"


def _block_list(depth: int) -> str:
    return "".join("  " * level + "-\n" for level in range(depth))


def _indentless(depth: int) -> str:
    """``a:`` then ``-`` at the same column, ``depth`` times: a list at its key's indentation is no level."""
    return "".join(" " * (2 * level) + "a:\n" + " " * (2 * level) + "-\n" for level in range(depth // 2))


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (_block_list(998), "ok"),
        (_block_list(999), f"deep.yaml:999:1997: {BLOCK_TOO_DEEP}"),
        ("- " * 999 + "x\n", f"deep.yaml:1:1997: {BLOCK_TOO_DEEP}"),
        (
            "".join("  " * level + "a:\n" for level in range(999)) + "  " * 999 + "1\n",
            f"deep.yaml:999:1997: {BLOCK_TOO_DEEP}",
        ),
        (_indentless(1_500), "ok"),
        # [ and { up to libyaml's limit: 2 indented levels and 998 flow ones.
        ("a:\n  - " + "[" * 998 + "]" * 998 + "\n", "ok"),
        (
            "a:\n  - " + "[" * 999 + "]" * 999 + "\n",
            "deep.yaml:2:1003: error: lists and mappings nest more than "
            "1,000 deep here; a spec needs only a few levels",
        ),
        # libyaml reads a line ahead of what it has reported: its own limit is met first.
        (
            "a:\n- b:\n  - " + "[" * 1_010 + "]" * 1_010 + "\n",
            "deep.yaml:3:1003: error: lists and mappings nest "
            "more than 1,000 deep here; a spec needs only a few levels",
        ),
    ],
    ids=[
        "block-998",
        "block-999",
        "compact-999",
        "mappings-999",
        "indentless-1500",
        "flow-1000",
        "flow-1001",
        "flow-read-ahead",
    ],
)
@pytest.mark.parametrize("loader", ["libyaml", "python"])
def test_nesting_is_limited_alike_by_every_parser(monkeypatch, text, error, loader):
    if loader == "python":
        monkeypatch.setattr(yaml_spec, "_Loader", yaml.SafeLoader)
    assert _error(text) == error


# Input files: regular files only, read up to their limit


# Input files named on the command line: regular files only, opened as check opens what it
# finds (tests/test_untrusted_tree.py covers check's own search of a tree).

INPUT_NAMES = ["spec.yaml", "model.json", "model.py", "model.keras"]


@pytest.mark.parametrize("name", INPUT_NAMES)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path, name):
    os.mkfifo(tmp_path / name)
    completed, cpu, rss = measured("summary", name, cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        2,
        "",
        f"{name}:1:1: error: is a named pipe (FIFO), not a spec file; not opened "
        "(give - to check a spec from standard input)\n",
    )


@pytest.mark.parametrize("name", INPUT_NAMES)
def test_a_symlink_to_dev_zero_is_refused_without_reading_it(tmp_path, name):
    # Named from outside the link's directory, the link is followed (the user wrote the path)
    # and what it leads to is refused; named inside, it leads out of the tree and is not followed.
    (tmp_path / "links").mkdir()
    (tmp_path / "work").mkdir()
    os.symlink("/dev/zero", tmp_path / "links" / name)
    for cwd, path, message in (
        (tmp_path / "work", f"../links/{name}", "is a character device, not a spec file; not opened"),
        (tmp_path / "links", name, "leads through a symbolic link to outside the current directory; not followed"),
    ):
        completed, cpu, rss = measured("summary", path, cwd=cwd)
        assert (completed.returncode, completed.stdout, completed.stderr) == (2, "", f"{path}:1:1: error: {message}\n")
        assert cpu < 1.0, f"{cpu:.2f} s of CPU"


def test_a_directory_named_as_an_archive_is_no_model_file(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("model.keras").mkdir()
    result = run("summary", "model.keras")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "model.keras:1:1: error: is a directory, not a model file\n",
    )


def test_of_two_config_members_the_last_is_read_as_keras_reads_it(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = keras_model({"class_name": "Dense", "config": {"name": "d", "units": 1}})
    last = keras_model({"class_name": "Dense", "config": {"name": "d", "units": 5}})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name it writes
        with zipfile.ZipFile("model.keras", "w") as written:
            written.writestr("config.json", first)
            written.writestr("config.json", last)
    Path("last.json").write_text(last)
    archived, alone = run("summary", "--format", "json", "model.keras"), run("summary", "--format", "json", "last.json")
    assert (archived.exit_code, alone.exit_code) == (0, 0)
    assert json.loads(archived.stdout)["total_params"] == json.loads(alone.stdout)["total_params"] == 20
