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
from lstm_calc.api import summarize_file, summarize_text
from lstm_calc.errors import Location, SpecError
from lstm_calc.readers import yaml_spec
from tests.case_ids import args_id
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
        f"{UNKNOWN_ARGUMENT_ERROR}\n 3 |   - {{type: LSTM, unit: 64}}\n   |                  ^\n"
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


def test_errors_in_keras_code_and_json_quote_their_line(tmp_path):
    # The spec check runs on what the readers make of the file; the caret still points into the file.
    (tmp_path / "model.py").write_text(
        "import keras\nmodel = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(0)])\n"
    )
    (tmp_path / "model.json").write_text(
        '{"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": '
        '{"batch_shape": [null, 3]}},\n {"class_name": "Dense", "config": {"units": -2}}]}}\n'
    )
    shown = []
    for name in ("model.py", "model.json"):
        with pytest.raises(SpecError) as raised:
            summarize_file(str(tmp_path / name))
        shown.append(raised.value.excerpt())
    assert shown == [
        " 2 | model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(0)])\n"
        "   |                                                                       ^",
        ' 2 |  {"class_name": "Dense", "config": {"units": -2}}]}}\n'
        "   |                                              ^",
    ]


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
    assert line[caret.index("^") :].startswith("unit: 1}]")


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
    (tmp_path / "bad.yaml").write_bytes("name: é\n  # ü\xff".encode().replace(b"\xc3\xbf", b"\xff"))
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
    """Run ``lstmcalc ARGS`` in a child; return it, its CPU seconds and its peak memory in MiB.

    The peak is the child's own (VmHWM, which starts afresh at exec): ru_maxrss would count
    the test process it was forked from, which grows as the suite runs.
    """
    program = (
        "import resource, sys\n"
        "from lstm_calc.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:], prog_name='lstmcalc')\n"
        "finally:\n"
        "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
        "    with open('/proc/self/status') as status:\n"
        "        peak = next(line.split()[1] for line in status if line.startswith('VmHWM:'))\n"
        "    sys.stderr.write(f'\\n{usage.ru_utime + usage.ru_stime} {peak}')\n"
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
    "merge keys": "\n".join(["m0: &m0 {k0: 1}"] + [f"m{i}: &m{i} {{<<: [*m{i - 1}], k{i}: 1}}" for i in range(1, 5000)])
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


def depth_of(value) -> int:
    """How many lists and mappings nest in ``value``, counted without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            pending += [(child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)]
    return deepest


def test_lists_and_mappings_nest_to_the_limit_without_recursion():
    # The spec's own levels (top mapping, layers, the layer) leave room for 997 more, or 995
    # indented ones. The loader builds them without recursion; a layer argument then takes at
    # most MAX_VALUE_DEPTH of them, since convert and export write values out recursively.
    depth = yaml_spec.MAX_DEPTH - 3
    refused = (
        "deep.yaml:3:41: error: Dense argument 'activation': expected a value nested at most 32 levels deep "
        "(a Keras config takes a few)"
    )
    for opening, closing in (("[", "]"), ("{a: ", "}")):
        value = nested(depth, opening, closing)
        text = f"input: {{shape: [4, 1]}}\nlayers:\n  - {{type: Dense, units: 1, activation: {value}}}\n"
        assert depth_of(yaml_spec.load_spec_text(text, "deep.yaml")["layers"][0]["activation"]) == depth
        with pytest.raises(SpecError) as raised:
            summarize_text(text, "deep.yaml")
        assert str(raised.value) == refused
    depth = yaml_spec.MAX_BLOCK_DEPTH - 3
    block = "".join("      " + "  " * level + "-\n" for level in range(depth))
    text = "input: {shape: [4, 1]}\nlayers:\n  - type: Dense\n    units: 1\n    activation:\n" + block
    assert depth_of(yaml_spec.load_spec_text(text, "deep.yaml")["layers"][0]["activation"]) == depth
    with pytest.raises(SpecError) as raised:
        summarize_text(text, "deep.yaml")
    assert str(raised.value) == refused.replace(":3:41:", ":6:7:")


@pytest.mark.parametrize(
    "command", [("summary",), ("convert",), ("export", "--to", "keras"), ("explain",)], ids=args_id
)
def test_a_kept_value_as_deep_as_allowed_goes_through_every_command(run, tmp_path, command):
    from lstm_calc.arguments import MAX_VALUE_DEPTH

    value = nested(MAX_VALUE_DEPTH)
    spec = f"input: {{shape: [4, 1]}}\nlayers:\n  - {{type: Dense, units: 1, activation: {value}}}\n"
    (tmp_path / "deep.yaml").write_text(spec)
    result = run(*command, str(tmp_path / "deep.yaml"))
    assert (result.exit_code, result.stderr) == (0, "")


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


def assert_linear(tmp_path: Path, spec_of, check_document) -> None:
    """``summary --format json`` of ``spec_of(10_000)`` and ``spec_of(100_000)``, each document
    checked by ``check_document(document, size)``: ten times the size must cost about ten
    times the time and memory (quadratic work would be a hundred)."""
    figures = {}
    for size in (10_000, 100_000):
        (tmp_path / "big.yaml").write_text(spec_of(size))
        completed, cpu, rss = measured("summary", "--format", "json", "big.yaml", cwd=tmp_path)
        assert completed.returncode == 0, completed.stderr
        check_document(json.loads(completed.stdout), size)
        figures[size] = cpu, rss
    (small_cpu, small_rss), (big_cpu, big_rss) = figures[10_000], figures[100_000]
    assert big_cpu / small_cpu < 16, figures
    assert big_rss / small_rss < 16, figures


def test_100000_layers_take_linear_time_and_memory(tmp_path):
    def check(document: dict, layers: int) -> None:
        assert len(document["layers"]) == layers
        assert document["total_params"] == layers // 5 * ROUND_PARAMS
        assert document["layers"][-1]["name"] == f"simple_rnn_{layers // 5 - 1}"

    assert_linear(tmp_path, scaled_spec, check)


def test_huge_counts_are_exact_in_every_format(run):
    spec = (
        "input: {shape: [3]}\nlayers:\n  - {type: Dense, units: 1000000000000}\n"
        "  - {type: Dense, units: 1000000, trainable: false}\n"
    )
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
    # Keras cuts a count wider than its column with an ellipsis; lstmcalc widens the column.
    assert "│ dense (Dense)        │ (None, 1000000000000) │         4,000,000,000,000 │\n" in table
    assert "│ dense_1 (Dense)      │ (None, 1000000)       │ 1,000,000,000,001,000,000 │\n" in table


# The pure-Python YAML parser, for PyYAML builds without libyaml


@pytest.mark.parametrize("spec", sorted(path.name for path in SPECS.glob("*.yaml")))
def test_the_pure_python_parser_reads_specs_the_same(monkeypatch, spec):
    text = (SPECS / spec).read_text()
    with_libyaml = summarize_text(text)
    monkeypatch.setattr(yaml_spec, "_Loader", yaml.SafeLoader)
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
    ids=["unknown_argument", "recursive_alias", "anchor_twice", "integer_key", "billion_laughs", "nested_1001"],
)
def test_the_pure_python_parser_gives_the_same_errors(monkeypatch, text):
    def error_of() -> str:
        with pytest.raises(SpecError) as raised:
            summarize_text(text, "bad.yaml")
        return str(raised.value)

    with_libyaml = error_of()
    monkeypatch.setattr(yaml_spec, "_Loader", yaml.SafeLoader)
    assert error_of() == with_libyaml


# Wrappers inside wrappers, counts too long to print, and graph specs of 100,000 nodes


def time_distributed(depth: int) -> str:
    """A spec with ``depth`` TimeDistributed wrappers around one Dense layer, on an input deep enough."""
    layer = "{type: Dense, units: 4}"
    for _ in range(depth):
        layer = f"{{type: TimeDistributed, layer: {layer}}}"
    return f"input: {{shape: [{', '.join(['2'] * (depth + 1))}]}}\nlayers:\n  - {layer}\n"


@pytest.mark.parametrize(
    "command",
    [
        ("summary",),
        ("summary", "--stats"),
        ("summary", "--compare"),
        ("check",),
        ("convert",),
        ("export", "--to", "keras"),
        ("explain",),
    ],
    ids=args_id,
)
def test_wrappers_nested_to_the_limit_work_in_every_command_in_linear_time(tmp_path, command):
    from lstm_calc.spec_layers import MAX_WRAPPER_DEPTH

    (tmp_path / "deep.yaml").write_text(time_distributed(MAX_WRAPPER_DEPTH))
    completed, cpu, rss = measured(*command, "deep.yaml", cwd=tmp_path)
    assert (completed.returncode, completed.stderr) == (0, "")
    # Each wrapper once: asking the inner layer for shapes, weights and MACs separately used to double per level.
    assert cpu < 2.0, f"{cpu:.2f} s of CPU"


def test_wrappers_nested_to_the_limit_count_as_keras_does():
    from lstm_calc.spec_layers import MAX_WRAPPER_DEPTH

    (layer,) = summarize_text(time_distributed(MAX_WRAPPER_DEPTH)).layers
    # Keras names the innermost layer first: dense, time_distributed, time_distributed_1, ...
    inner = "/".join(f"time_distributed_{index}" for index in range(MAX_WRAPPER_DEPTH - 2, 0, -1))
    assert (layer.name, layer.output_shape, layer.params) == (
        f"time_distributed_{MAX_WRAPPER_DEPTH - 1}",
        (None, *[2] * MAX_WRAPPER_DEPTH, 4),
        12,
    )
    assert [weight.name for weight in layer.weights] == [
        f"{inner}/time_distributed/dense/kernel",
        f"{inner}/time_distributed/dense/bias",
    ]


@pytest.mark.parametrize("depth", [101, 300, 990])
def test_deeper_wrappers_are_refused_at_once_where_they_pass_the_limit(tmp_path, depth):
    (tmp_path / "deep.yaml").write_text(time_distributed(depth))
    completed, cpu, rss = measured("summary", "deep.yaml", cwd=tmp_path)
    # At the 'layer:' of the 101st wrapper, each written as {type: TimeDistributed, layer: ...}.
    column = len("  - ") + len("{type: TimeDistributed, layer: ") * 101 + 1
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        2,
        "",
        f"deep.yaml:3:{column}: error: wrappers are nested more than 100 deep\n",
    )
    assert cpu < 1.0, f"{cpu:.2f} s of CPU"


BIG = "9" * 999  # the longest integer a spec may write


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            f"input: {{shape: [{BIG}, {BIG}, {BIG}, {BIG}]}}\nlayers:\n  - {{type: Flatten}}\n",
            "bad.yaml:1:8: error: the input has more than 10^3000 values per sample; no real model is that large",
        ),
        (
            f"input: {{shape: [{BIG}, {BIG}, {BIG}]}}\nlayers:\n"
            f"  - {{type: Flatten}}\n  - {{type: Dense, units: {BIG}}}\n",
            "bad.yaml:4:5: error: layer 'dense' (Dense) would have more than 10^3000 parameters; "
            "no real model is that large",
        ),
        (
            f"input: {{shape: [{BIG}, {BIG}]}}\nlayers:\n  - {{type: RepeatVector, n: {BIG}}}\n",
            "bad.yaml:3:5: error: layer 'repeat_vector' (RepeatVector) needs a 2-D input (batch, features) but "
            # A message shortens each long number to its ends; a count this long still prints.
            f"receives (None, {BIG[:100]}...{BIG[-49:]}, {BIG[:100]}...{BIG[-49:]})",
        ),
        (
            f"input: {{shape: [{BIG}, {BIG}]}}\nlayers:\n  - {{type: Flatten}}\n  - {{type: RepeatVector, n: {BIG}}}\n"
            f"  - {{type: Dense, units: {BIG}}}\n",
            "bad.yaml:5:5: error: layer 'dense' (Dense) would have more than 10^3000 multiply-accumulates per sample; "
            "no real model is that large",
        ),
        (
            f"inputs: {{x: {{shape: [{BIG}, {BIG}, {BIG}, {BIG}]}}}}\nlayers:\n  - {{type: Flatten}}\n",
            "bad.yaml:1:13: error: input 'x' has more than 10^3000 values per sample; no real model is that large",
        ),
    ],
    ids=["input", "params", "shape-in-a-message", "macs", "graph-input"],
)
def test_counts_too_long_to_print_are_refused_where_they_arise(run, monkeypatch, spec, message):
    # Python prints integers of at most 4,300 digits; the counts of one layer stay under
    # 10^3000, so that totals, bytes and --stats figures (times the batch size) still print.
    monkeypatch.setenv("COLUMNS", "1000")  # check's problem on one line
    for args in (("summary", "-", "--format", "json"), ("summary", "-", "--stats"), ("check", "-")):
        result = run(*args, stdin=spec)
        expected = message.replace("bad.yaml", "<stdin>")
        if args[0] == "check":
            assert result.exit_code == 2 and f"\n{expected}\n" in result.stdout
        else:
            assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected + "\n")


def test_the_largest_counts_allowed_print_in_every_view(run):
    spec = (
        f"input: {{batch_size: {BIG}, shape: [{BIG}, {BIG}]}}\n"
        f"layers:\n  - {{type: Conv1D, filters: {BIG}, kernel_size: 3}}\n"
    )
    views = [("--format", "json"), ("--format", "markdown"), ("--stats",), ("--stats", "--format", "json")]
    views.append(("--compare",))
    for args in views:
        result = run("summary", "-", *args, stdin=spec)
        assert (result.exit_code, result.stderr) == (0, ""), args
    assert json.loads(run("summary", "-", "--format", "json", stdin=spec).stdout)["total_params"] == (
        3 * (10**999 - 1) ** 2 + 10**999 - 1
    )


def test_a_batch_size_too_long_for_the_figures_is_a_usage_error(run):
    result = run("summary", str(SPECS / "lstm_1_unit.yaml"), "--stats", "--batch-size", "9" * 1001)
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --batch-size has at most 1,000 digits, as integers in a spec do\n")


def graph_spec(nodes: int) -> str:
    """A graph of ``nodes`` entries: Dense, LSTM, shared layers and Add merges, each taking the entries above."""
    lines = ["inputs: {x: {shape: [10, 8]}}", "layers:", "  - {type: Dense, units: 8, name: n0, inputs: x}"]
    kinds = [
        "{{type: Add, name: n{i}, inputs: [n{previous}, n{before}]}}",
        "{{shares: n0, name: n{i}, inputs: n{previous}}}",
        "{{type: LSTM, units: 8, return_sequences: true, name: n{i}}}",
        "{{type: Dense, units: 8, name: n{i}}}",
    ]
    for i in range(1, nodes):
        lines.append("  - " + kinds[i % 4].format(i=i, previous=i - 1, before=i - 2))
    return "\n".join([*lines, f"outputs: [n{nodes - 1}]"]) + "\n"


def test_a_graph_of_100000_nodes_takes_linear_time_and_memory(tmp_path):
    def check(document: dict, nodes: int) -> None:
        # The input, and every entry but the shared ones, which add no row.
        assert len(document["layers"]) == 1 + nodes - nodes // 4

    assert_linear(tmp_path, graph_spec, check)


# Keras model JSON, .keras archives and Keras code: the other readers, as hostile as YAML


def keras_model(*layers: dict, batch_shape: list | None = None) -> str:
    """``model.to_json()`` of a Sequential model with an InputLayer and ``layers``."""
    first = {"class_name": "InputLayer", "config": {"batch_shape": batch_shape or [None, 3]}}
    return json.dumps({"class_name": "Sequential", "config": {"name": "m", "layers": [first, *layers]}})


def archive(path: Path, members: dict[str, bytes]) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as written:
        for name, data in members.items():
            written.writestr(name, data)


def keras_code(units: str) -> str:
    return f"import keras\nmodel = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense({units})])\n"


TOO_MANY_DIGITS = "integers in a spec have at most 1,000 digits"
DOUBLED_NAME = (
    "import keras\n\n\nclass Doubler(keras.layers.Layer):\n    def build(self, input_shape):\n"
    "        name = 'w'\n"
    + "        name = f'{name}{name}'\n"
    * 34
    + "        self.w = self.add_weight(name=name, shape=(input_shape[-1], 3))\n\n"
    "    def call(self, x):\n        return x @ self.w\n\n\n"
    "inputs = keras.Input(shape=(10, 4))\nmodel = keras.Model(inputs, Doubler()(inputs))\n"
)
CODE_TOO_DEEP = (
    "the code nests more than 1,000 levels deep (operators in a row, brackets, calls, elif); lstmcalc "
    "reads a model's code, not generated code of that depth"
)
NOT_A_MODEL = 'not a Keras model: expected the JSON of model.to_json(), {"class_name": "Sequential", "config": ...}'
LONG_UNITS = keras_model({"class_name": "Dense", "config": {"units": int("9" * 1000)}}).replace("9" * 1000, "9" * 5000)
LONG_AXIS = keras_model(batch_shape=[None, int("9" * 1001)])
NESTED = keras_model({"class_name": "TimeDistributed", "config": {"layer": {"config": {}}}})
EMPTY_CONFIG = '{"config": {}}'
QUOTED_TYPE = '"type"'
TYPE_KEY = keras_model({"class_name": "Dense", "config": {"units": 2, "type": "LSTM"}})
READER_CASES = {
    # Keras model JSON
    "json-list": ("model.json", "[]", f"model.json:1:1: error: {NOT_A_MODEL}"),
    "json-number": ("model.json", "3", f"model.json:1:1: error: {NOT_A_MODEL}"),
    "json-string": ("model.json", '"Sequential"', f"model.json:1:1: error: {NOT_A_MODEL}"),
    "json-null": ("model.json", "null", f"model.json:1:1: error: {NOT_A_MODEL}"),
    "json-empty": ("model.json", "", "model.json:1:1: error: invalid JSON: Expecting value"),
    "json-a-million-brackets": (
        "model.json",
        "[" * 1_000_000 + "]" * 1_000_000,
        "model.json:1:1: error: the JSON is nested too deeply to be a model",
    ),
    "json-201-levels": (
        "model.json",
        '{"a": ' * 201 + "1" + "}" * 201,
        "model.json:1:1201: error: the JSON is nested more than 200 deep",
    ),
    "json-5000-digits": (
        "model.json",
        LONG_UNITS,
        f"model.json:1:{LONG_UNITS.index('9') + 1}: error: integers in a spec have at most 1,000 digits",
    ),
    "json-1001-digits": (
        "model.json",
        LONG_AXIS,
        f"model.json:1:{LONG_AXIS.index('9') + 1}: error: integers in a spec have at most 1,000 digits",
    ),
    "json-nested-layer-not-a-config": (
        "model.json",
        NESTED,
        f"model.json:1:{NESTED.index(EMPTY_CONFIG) + 1}: error: TimeDistributed's layer is not a "
        'Keras layer config ({"class_name": ..., "config": {...}})',
    ),
    # Keras code
    "code-250-parentheses": (
        # Python's own parser stops at the 200th parenthesis or bracket of the line.
        "model.py",
        keras_code("(" * 250 + "4" + ")" * 250),
        "model.py:2:268: error: invalid Python: too many nested parentheses",
    ),
    "code-100000-terms": (
        # Refused before ast.parse, which would crash Python 3.10 (see test_code_reader_flow.py).
        "model.py",
        keras_code(" + ".join(["1"] * 100_000)),
        f"model.py:2:4029: error: {CODE_TOO_DEEP}",
    ),
    "code-500-terms": (
        "model.py",
        keras_code(" + ".join(["1"] * 500)),
        "model.py:2:71: error: the expression nests more than 100 levels deep; lstmcalc reads literals, "
        "names bound to them and arithmetic on them",
    ),
    # Python refuses a literal of more than 4,300 digits while parsing, at the line's start.
    "code-5000-digits": ("model.py", keras_code("9" * 5000), f"model.py:2:1: error: {TOO_MANY_DIGITS}"),
    "code-1001-digits": ("model.py", keras_code("9" * 1001), f"model.py:2:71: error: {TOO_MANY_DIGITS}"),
    "code-arithmetic-past-1000-digits": (
        "model.py",
        keras_code(f"{'9' * 999} * {'9' * 999}"),
        "model.py:2:71: error: integers in a spec have at most 1,000 digits",
    ),
    "code-not-a-literal": (
        "model.py",
        "import keras\nn = int(input())\n" + keras_code("n").split("\n", 1)[1],
        "model.py:3:71: error: cannot evaluate 'n' (Dense's units) without running the code; "
        "give its value with --set 'n=VALUE'",
    ),
    "code-add-without-a-layer": (
        "model.py",
        "import keras\nmodel = keras.Sequential()\nmodel.add()\n",
        "model.py:3:1: error: model.add() needs the layer to add, as in model.add(LSTM(64))",
    ),
    # Python warns about '1if' on stderr while parsing; the one error line is all that may go there.
    "code-python-warns": (
        "model.py",
        "import keras\nx = 1if True else 2\nmodel = keras.Sequential()\nmodel.add(keras.layers.Dense(n))\n",
        "model.py:4:30: error: cannot evaluate 'n' (Dense's units) without running the code; "
        "give its value with --set 'n=VALUE'",
    ),
    "json-a-key-of-lstmcalcs-own": (
        "model.json",
        TYPE_KEY,
        f"model.json:1:{TYPE_KEY.index(QUOTED_TYPE) + 1}: error: Dense has no argument 'type'",
    ),
    "code-over-1-mib": (
        "model.py",
        keras_code("4, activation=[" + "1, " * 400_000 + "1]"),
        "model.py:1:1: error: the code is larger than 1 MiB; lstmcalc reads a model's code, not a whole program "
        "(or give the model as a YAML spec)",
    ),
    "code-a-name-doubled-past-any-length": (
        # 2 ** 34 characters if built: the 14th f-string (16,384 characters) passes the 10,000 allowed.
        "model.py",
        DOUBLED_NAME,
        "model.py:20:16: error: custom layer 'Doubler' defined at line 4: lstmcalc cannot count its weights: "
        "cannot follow \"f'{name}{name}'\" without running the code in its build() (line 20); give the model "
        "as a YAML graph spec with Keras layers in its place",
    ),
    # Loops: unrolled only over known values, and only so far.
    "code-loop-over-a-billion": (
        "model.py",
        "import keras\nmodel = keras.Sequential([keras.Input(shape=(3,))])\nfor i in range(10 ** 9):\n"
        "    model.add(keras.layers.Dense(4))\n",
        "model.py:3:10: error: lstmcalc follows a range of at most 10,000 steps here; this one has 1,000,000,000",
    ),
    "code-nested-loops-past-the-bound": (
        # Each range is short enough; the passes of the inner loop in all are not (a billion layers).
        "model.py",
        "import keras\nmodel = keras.Sequential([keras.Input(shape=(3,))])\nfor i in range(10000):\n"
        "    for j in range(10000):\n        for k in range(10):\n            model.add(keras.layers.Dense(4))\n",
        "model.py:3:10: error: the loops of this code take more than 100,000 steps in all (a step: a statement "
        "or expression of one pass); lstmcalc unrolls no more",
    ),
    "code-loop-over-input": (
        "model.py",
        "import keras\nmodel = keras.Sequential([keras.Input(shape=(3,))])\nfor units in input().split():\n"
        "    model.add(keras.layers.Dense(int(units)))\n",
        "model.py:3:14: error: cannot tell what this loop iterates over without running the code: "
        "'input().split()' is not known; give its value with --set 'input().split()=VALUE', or write each layer "
        "out, or give the model as a YAML spec",
    ),
    "code-a-long-call": (
        "model.py",
        keras_code(f"f({', '.join(['1'] * 100)})"),
        "model.py:2:71: error: cannot evaluate 'f(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1'... "
        "(301 characters) (Dense's units) without running the code; give its value with --set 'EXPRESSION=VALUE'",
    ),
}


@pytest.mark.parametrize("case", sorted(READER_CASES))
def test_hostile_keras_json_and_code_get_one_located_error_at_once(tmp_path, case):
    name, text, message = READER_CASES[case]
    (tmp_path / name).write_text(text)
    completed, cpu, rss = measured("summary", name, cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (2, "", message + "\n")
    assert cpu < 2.0, f"{cpu:.2f} s of CPU"


def test_an_unused_expression_too_deep_to_evaluate_does_not_stop_set(run, tmp_path):
    # --set names an expression of the code; the reader looks for it without recursing
    # through an expression nested past the limit elsewhere in the file.
    code = "import keras\nunused = " + " + ".join(["1"] * 900) + "\n" + keras_code("actions").split("\n", 1)[1]
    (tmp_path / "model.py").write_text(code)
    result = run("summary", str(tmp_path / "model.py"), "--set", "actions=3", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout)["total_params"] == 12


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            {"model.weights.h5": b""},
            "model.keras:1:1: error: the archive has no config.json; is it a Keras 3 .keras file?",
        ),
        (
            {f"f{index}": b"" for index in range(1_001)},
            "model.keras:1:1: error: the archive holds 1,001 files; a .keras archive holds a few",
        ),
        ({"config.json": b"\xff\xfe"}, "model.keras/config.json:1:1: error: config.json is not UTF-8 text"),
        ({"config.json": b"[]"}, f"model.keras/config.json:1:1: error: {NOT_A_MODEL}"),
        (
            {"config.json": b"[" * 1_000_000 + b"]" * 1_000_000},
            "model.keras/config.json:1:1: error: the JSON is nested too deeply to be a model",
        ),
    ],
    ids=["no-config", "many-files", "not-utf-8", "not-a-model", "deep-json"],
)
def test_broken_keras_archives_get_one_located_error(tmp_path, members, message):
    archive(tmp_path / "model.keras", members)
    completed, cpu, rss = measured("summary", "model.keras", cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (2, "", message + "\n")


def test_a_damaged_archive_whose_error_says_nothing_is_named_by_the_error():
    import io

    from lstm_calc.readers.keras_archive import _config_text_of

    class Cut(io.BytesIO):
        def read(self, size=-1):
            raise EOFError  # as zipfile raises for a member cut short: no message

    with pytest.raises(SpecError) as raised:
        _config_text_of(Cut(bytes(100)), "model.keras", Location("model.keras", 1, 1))
    assert raised.value.message == "cannot read the archive: EOFError"


@pytest.mark.parametrize("method", ["ZIP_LZMA", "ZIP_BZIP2", "ZIP_DEFLATED"])
def test_a_member_of_damaged_compressed_data_gets_one_located_error(tmp_path, method):
    import zipfile

    config = b'{"class_name": "Sequential", "config": {"name": "s", "layers": []}}' * 10
    with zipfile.ZipFile(tmp_path / "model.keras", "w", getattr(zipfile, method)) as written:
        written.writestr("config.json", config)
    damaged = bytearray((tmp_path / "model.keras").read_bytes())
    start = 30 + len("config.json") + 12  # past the local header and the compressor's own header
    damaged[start : start + 20] = bytes(byte ^ 0x5A for byte in damaged[start : start + 20])
    (tmp_path / "model.keras").write_bytes(damaged)
    (tmp_path / "ok.yaml").write_text("name: ok\ninput: {shape: [4, 2]}\nlayers: [{type: LSTM, units: 3}]\n")
    completed, cpu, rss = measured("check", "ok.yaml", "model.keras", cwd=tmp_path)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr == ""
    assert "model.keras:1:1: error: cannot read config.json from the archive: " in completed.stdout
    assert "ok.yaml" in completed.stdout and "internal error" not in completed.stdout


def test_a_zip_bomb_is_refused_without_inflating_it(tmp_path):
    import zipfile

    # 1 GiB of config.json in about 1 MiB of archive.
    with zipfile.ZipFile(tmp_path / "model.keras", "w", zipfile.ZIP_DEFLATED) as written:
        with written.open("config.json", "w", force_zip64=True) as member:
            block = b" " * (1024 * 1024)
            for _ in range(1024):
                member.write(block)
    completed, cpu, rss = measured("summary", "model.keras", cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        2,
        "",
        "model.keras:1:1: error: config.json is larger than 8 MiB; is this a Keras model?\n",
    )
    # Inflating the gigabyte would take seconds. (Peak memory is not asserted: a child's
    # ru_maxrss counts the test process it was forked from.)
    assert cpu < 1.0, f"{cpu:.2f} s of CPU"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"PK\x03\x04 not really a zip",
            "not a .keras archive (not a zip file); Keras 3 writes one with model.save('model.keras')",
        ),
        (None, "is a directory, not a model file"),
    ],
    ids=["not-a-zip", "a-directory"],
)
def test_what_is_not_an_archive_gets_one_located_error(tmp_path, content, message):
    if content is None:
        (tmp_path / "model.keras").mkdir()
    else:
        (tmp_path / "model.keras").write_bytes(content)
    completed, cpu, rss = measured("summary", "model.keras", cwd=tmp_path)
    assert (completed.returncode, completed.stdout, completed.stderr) == (2, "", f"model.keras:1:1: error: {message}\n")
