"""Hostile and huge specs: what a terminal shows, sizes that stay linear, aliases that cannot blow up.

The one-line messages themselves are pinned in ``test_errors.py``; this file covers
what a table of specs cannot: terminals, bytes, time, memory and the size of the input.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from benchmarks.bench import scaled_spec
from lstm_calc import source
from lstm_calc.api import summarize_file, summarize_text
from lstm_calc.errors import Location, SpecError
from tests.conftest import SPECS

UNKNOWN_ARGUMENT = "input: {shape: [4, 1]}\nlayers:\n  - {type: LSTM, unit: 64}\n"
UNKNOWN_ARGUMENT_ERROR = "bad.yaml:3:18: error: LSTM has no argument 'unit' (did you mean 'units'?)"


def lstmcalc(*args: str, cwd: Path, stderr=subprocess.PIPE) -> subprocess.CompletedProcess:
    """Run the real command in a child process, as a shell or CI would."""
    return subprocess.run(
        [sys.executable, "-m", "lstm_calc", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=stderr,
        timeout=120,
        check=False,
    )


# What a person sees


def test_a_terminal_shows_the_source_line_with_a_caret(tmp_path):
    pty = pytest.importorskip("pty")
    (tmp_path / "bad.yaml").write_text(UNKNOWN_ARGUMENT)
    controller, terminal = pty.openpty()
    try:
        completed = lstmcalc("summary", "bad.yaml", cwd=tmp_path, stderr=terminal)
    finally:
        os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal is closed once everything is read
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert (completed.returncode, completed.stdout) == (2, b"")
    assert shown.decode().replace("\r\n", "\n") == (
        f"{UNKNOWN_ARGUMENT_ERROR}\n"
        " 3 |   - {type: LSTM, unit: 64}\n"
        "   |                  ^\n"
    )


def test_a_pipe_gets_the_single_line(tmp_path):
    (tmp_path / "bad.yaml").write_text(UNKNOWN_ARGUMENT)
    completed = lstmcalc("summary", "bad.yaml", cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr.decode()) == (
        2,
        b"",
        UNKNOWN_ARGUMENT_ERROR + "\n",
    )


@pytest.mark.parametrize("output_format", ["json", "table", "markdown"])
def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path, output_format):
    (tmp_path / "big.yaml").write_text(scaled_spec(20_000))
    child = subprocess.Popen(
        [sys.executable, "-m", "lstm_calc", "summary", "--format", output_format, "big.yaml"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout.readline()  # then stop reading, as '| head -1' does
    child.stdout.close()
    assert (child.wait(timeout=120), child.stderr.read()) == (0, b"")


def excerpt_of(text: str) -> str:
    with pytest.raises(SpecError) as raised:
        summarize_text(text, "bad.yaml")
    return raised.value.excerpt()


def test_excerpt_lines_the_caret_up_under_wide_characters_and_tabs():
    wide = excerpt_of("input: {shape: [4, 1]}\nlayers:\n  - {name: 日本語, type: LSTMX, units: 64}\n")
    assert wide == " 3 |   - {name: 日本語, type: LSTMX, units: 64}\n   |                          ^"
    tab = excerpt_of("input: {shape: [4, 1]}\nlayers:\n  - {type:\tLSTMX, units: 64}\n")
    assert tab == " 3 |   - {type:      LSTMX, units: 64}\n   |                 ^"


def test_excerpt_of_a_long_line_shows_a_window_around_the_column():
    layers = ", ".join(["{type: Dense, units: 1}"] * 40)
    shown = excerpt_of(f"input: {{shape: [4, 1]}}\nlayers: [{layers}, {{type: Dense, unit: 1}}]\n")
    line, caret = shown.split("\n")
    assert line.startswith(" 2 | ...") and line.endswith("{type: Dense, unit: 1}]")
    assert len(line) < 120
    assert line[caret.index("^"):].startswith("unit: 1}]")


def test_excerpt_escapes_what_a_terminal_would_act_on():
    error = SpecError("bad", Location("bad.yaml", 1, 8))
    error.source_line = "name: a\x1b[2Jb"
    assert error.excerpt() == " 1 | name: a\\x1b[2Jb\n   |        ^"


def test_no_excerpt_without_a_line_to_show():
    assert excerpt_of("") == ""
    assert excerpt_of("input: {shape: [4, 1]\n") == ""  # the error is on the empty line after it


def test_an_error_is_one_line_whatever_the_file_name(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a\nb.yaml").write_text(UNKNOWN_ARGUMENT)
    result = run("summary", "a\nb.yaml")
    assert result.stderr == "a\\nb.yaml:3:18: error: LSTM has no argument 'unit' (did you mean 'units'?)\n"


# Bytes and characters


def test_non_utf8_bytes_are_located_in_characters(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_bytes("name: é\n  # ü\xff".encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    result = run("summary", "bad.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "bad.yaml:2:6: error: the spec is not UTF-8 text\n",
    )


def test_non_utf8_excerpt_shows_the_bad_byte(tmp_path):
    (tmp_path / "bad.yaml").write_bytes(b"name: caf\xe9\n")
    with pytest.raises(SpecError) as raised:
        summarize_file(str(tmp_path / "bad.yaml"))
    assert raised.value.excerpt() == " 1 | name: caf\\xe9\n   |          ^"


def test_a_byte_order_mark_is_read_past(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = (SPECS / "lstm_3_units.yaml").read_bytes()
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + spec)
    assert run("summary", "bom.yaml").stdout == run("summary", str(SPECS / "lstm_3_units.yaml")).stdout
    (tmp_path / "bad.yaml").write_bytes(b"\xef\xbb\xbf" + UNKNOWN_ARGUMENT.encode())
    assert run("summary", "bad.yaml").stderr == UNKNOWN_ARGUMENT_ERROR + "\n"


def test_a_lone_surrogate_from_a_library_caller_is_located():
    with pytest.raises(SpecError) as raised:
        summarize_text("name: a\ud800\n", "bad.yaml")
    assert str(raised.value) == (
        "bad.yaml:1:8: error: YAML does not allow the character U+D800 ('\\ud800') in a spec; remove it"
    )


def test_line_breaks_count_as_yaml_counts_them(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for newline in ("\r\n", "\r", "\u2028", "\x85"):
        (tmp_path / "bad.yaml").write_text(UNKNOWN_ARGUMENT.replace("\n", newline), encoding="utf-8", newline="")
        assert run("summary", "bad.yaml").stderr == UNKNOWN_ARGUMENT_ERROR + "\n", repr(newline)


# Anchors and aliases


def measured(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, float, int]:
    """Run ``lstmcalc ARGS`` in a child; return it, its CPU seconds and its peak memory in MiB."""
    program = (
        "import resource, sys\n"
        "from lstm_calc.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:], prog_name='lstmcalc')\n"
        "finally:\n"
        "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
        "    sys.stderr.write(f'\\n{usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}')\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    output, _, figures = completed.stderr.rpartition("\n")
    cpu, rss_kib = figures.split()
    completed.stderr = output
    return completed, float(cpu), int(rss_kib) // 1024


def billion_laughs(levels: int, fan_out: int) -> str:
    lines = [f"a0: &a0 [{', '.join(['lol'] * fan_out)}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fan_out)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


ALIAS_BOMBS = {
    "classic": billion_laughs(10, 10),
    "deep chain": billion_laughs(64, 2),
    "wide": billion_laughs(3, 2000),
    "in a layer argument": "input: {shape: [4, 1]}\nlayers:\n  - {type: Dense, units: 1, activation: ["
    + ", ".join(["&b0 [x, x]"] + [f"&b{i} [*b{i - 1}, *b{i - 1}]" for i in range(1, 64)])
    + "]}\n",
    "merge keys": "\n".join(
        ["m0: &m0 {k0: 1}"] + [f"m{i}: &m{i} {{<<: [*m{i - 1}], k{i}: 1}}" for i in range(1, 5000)]
    )
    + "\n",
}


@pytest.mark.parametrize("name", ALIAS_BOMBS)
def test_alias_bombs_are_refused_in_well_under_a_second_with_bounded_memory(tmp_path, name):
    (tmp_path / "bomb.yaml").write_text(ALIAS_BOMBS[name])
    completed, cpu, rss = measured("summary", "bomb.yaml", cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.startswith("bomb.yaml:")
    assert completed.stderr.endswith(
        ": error: the document expands to more than 200,000 YAML nodes through its aliases "
        "(are anchors and aliases nested into each other?)\n"
    )
    assert cpu < 0.8, f"{cpu:.2f} s of CPU"
    assert rss < 100, f"{rss} MiB"


def test_aliases_and_merge_keys_still_work():
    summary = summarize_text(
        "input: {shape: [5, 3]}\n"
        "layers:\n"
        "  - &encoder {type: LSTM, units: 4, return_sequences: true}\n"
        "  - *encoder\n"
        "  - {<<: *encoder, units: 2, return_sequences: false}\n"
        "  - {<<: [{units: 9, type: Dense}, {units: 1}], use_bias: false}\n"
    )
    assert [(layer.name, layer.output_shape, layer.params) for layer in summary.layers] == [
        ("lstm", (None, 5, 4), 128),
        ("lstm_1", (None, 5, 4), 144),
        ("lstm_2", (None, 2), 56),
        ("dense", (None, 9), 18),
    ]


def test_an_aliased_layer_is_located_where_the_alias_stands():
    with pytest.raises(SpecError) as raised:
        summarize_text(
            "input: {shape: [5, 3]}\nlayers:\n  - &encoder {type: LSTM, units: 4}\n  - *encoder\n", "bad.yaml"
        )
    assert str(raised.value).startswith("bad.yaml:4:5: error: layer 'lstm_1' (LSTM) needs a 3-D input")


# Size: nesting, layer counts and integers


def nested(depth: int, opening: str = "[", closing: str = "]") -> str:
    return opening * depth + "1" + closing * depth


def test_lists_and_mappings_nest_to_the_limit_without_recursion():
    # The spec's own levels (top mapping, layers, the layer) leave room for 997 more.
    depth = source.MAX_DEPTH - 3
    for opening, closing in (("[", "]"), ("{a: ", "}")):
        summary = summarize_text(
            "input: {shape: [4, 1]}\nlayers:\n"
            f"  - {{type: Dense, units: 1, activation: {nested(depth, opening, closing)}}}\n"
        )
        assert summary.total_params == 2
    block = "".join("      " + "  " * level + "-\n" for level in range(depth))
    summary = summarize_text(
        "input: {shape: [4, 1]}\nlayers:\n  - type: Dense\n    units: 1\n    activation:\n" + block
    )
    assert summary.total_params == 2


@pytest.mark.parametrize("depth", [1_001, 10_000, 1_000_000])
def test_deeper_nesting_is_refused_at_once(tmp_path, depth):
    (tmp_path / "deep.yaml").write_text(nested(depth))
    completed, cpu, rss = measured("summary", "deep.yaml", cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        2,
        "",
        "deep.yaml:1:1001: error: lists and mappings nest more than 1,000 deep here; a spec needs only a few levels\n",
    )
    assert cpu < 1.0, f"{cpu:.2f} s of CPU"


def test_many_entries_deep_inside_flow_collections_are_refused_at_once(tmp_path):
    # libyaml's cost per token grows with the [ ] and { } around it: 998 levels around
    # 100,000 entries would take seconds; the sum of depths is bounded instead.
    (tmp_path / "deep.yaml").write_text("[" * 998 + "1, " * 100_000 + "1" + "]" * 998 + "\n")
    completed, cpu, rss = measured("summary", "deep.yaml", cwd=tmp_path)
    assert (completed.returncode, completed.stdout) == (2, "")
    assert completed.stderr.startswith("deep.yaml:1:")
    assert completed.stderr.endswith(
        ": error: [ ] and { } collections nest too deep for all they hold; "
        "write the outer levels in block style, one item per line\n"
    )
    assert cpu < 1.0, f"{cpu:.2f} s of CPU"


#: Parameters of one round of the five layers of the benchmark's scaled spec, each on 8 features.
ROUND_PARAMS = 544 + 432 + 72 + 0 + 136


def test_100000_layers_take_linear_time_and_memory(tmp_path):
    figures = {}
    for layers in (10_000, 100_000):
        (tmp_path / "big.yaml").write_text(scaled_spec(layers))
        completed, cpu, rss = measured("summary", "--format", "json", "big.yaml", cwd=tmp_path)
        assert completed.returncode == 0, completed.stderr
        document = json.loads(completed.stdout)
        assert len(document["layers"]) == layers
        assert document["total_params"] == layers // 5 * ROUND_PARAMS
        assert document["layers"][-1]["name"] == f"simple_rnn_{layers // 5 - 1}"
        figures[layers] = cpu, rss
    (small_cpu, small_rss), (big_cpu, big_rss) = figures[10_000], figures[100_000]
    # Ten times the layers: about ten times the work. Quadratic work would be a hundred.
    assert big_cpu / small_cpu < 16, figures
    assert big_rss / small_rss < 16, figures


def test_huge_counts_are_exact_in_every_format(run):
    spec = "input: {shape: [3]}\nlayers:\n  - {type: Dense, units: 1000000000000}\n" \
           "  - {type: Dense, units: 1000000, trainable: false}\n"
    document = json.loads(run("summary", "-", "--format", "json", stdin=spec).stdout)
    assert (document["total_params"], document["non_trainable_params"], document["param_bytes"]) == (
        1_000_004_000_001_000_000,
        1_000_000_000_001_000_000,
        4_000_016_000_004_000_000,
    )
    totals = (
        "Total params: 1,000,004,000,001,000,000 (3552.73 PB)",
        "Trainable params: 4,000,000,000,000 (14.55 TB)",
        "Non-trainable params: 1,000,000,000,001,000,000 (3552.71 PB)",
    )
    table = run("summary", "-", stdin=spec).stdout
    markdown = run("summary", "-", "--format", "markdown", stdin=spec).stdout
    for line in totals:
        assert f" {line}\n" in table
        label, rest = line.split(": ", 1)
        assert f"- **{label}:** {rest}\n" in markdown
    assert "| dense_1 (Dense) | (None, 1000000) | 1,000,000,000,001,000,000 |\n" in markdown
    # As in Keras, a count wider than its column ends in an ellipsis; the totals are exact.
    assert "│ dense (Dense)                   │ (None, 1000000000000)  │ 4,000,000,00… │\n" in table


# The pure-Python YAML parser, for PyYAML builds without libyaml


@pytest.mark.parametrize("spec", sorted(path.name for path in SPECS.glob("*.yaml")))
def test_the_pure_python_parser_reads_specs_the_same(monkeypatch, spec):
    text = (SPECS / spec).read_text()
    with_libyaml = summarize_text(text)
    monkeypatch.setattr(source, "_Loader", yaml.SafeLoader)
    assert summarize_text(text) == with_libyaml


@pytest.mark.parametrize(
    "text",
    [
        UNKNOWN_ARGUMENT,
        "a: &a [1, *a]\n",
        "a: &x 1\nb: &x 2\n",
        "input: {shape: [4, 1]}\nlayers:\n  - {type: Dense, units: 1, 3: 4}\n",
        billion_laughs(10, 10),
        nested(1_001),
    ],
)
def test_the_pure_python_parser_gives_the_same_errors(monkeypatch, text):
    def error_of() -> str:
        with pytest.raises(SpecError) as raised:
            summarize_text(text, "bad.yaml")
        return str(raised.value)

    with_libyaml = error_of()
    monkeypatch.setattr(source, "_Loader", yaml.SafeLoader)
    assert error_of() == with_libyaml
