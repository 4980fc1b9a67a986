"""``lstmcalc diagram``: the picture's content, its geometry (no box or label over another, an
arrow per connection), the SVG as a real renderer draws it, Mermaid and DOT syntax, escaping of
hostile names, determinism and golden files."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest

from lstm_calc.api import summarize_file, summarize_text
from lstm_calc.diagram import diagram_graph, params_text
from lstm_calc.diagram_layout import layout
from lstm_calc.render.diagram_svg import render_svg
from lstm_calc.render.diagram_text import render_dot, render_mermaid
from tests.conftest import ROOT, SPECS
from tests.docs_pages import all_docs, page

SVG = "{http://www.w3.org/2000/svg}"
SPEC_FILES = sorted(path.name for path in SPECS.glob("*.yaml"))


def generated_spec(layers: int, seed: int) -> str:
    """A graph spec of ``layers`` entries: Dense layers, Adds of two recent tensors, and later uses
    of earlier Dense layers (shared layers, which close cycles in the layer graph)."""
    chooser = random.Random(seed)
    lines = ["name: generated", "inputs:", "  a: {shape: [8]}", "  b: {shape: [8]}", "layers:"]
    names = ["a", "b"]
    dense: list[str] = []
    read: set[str] = set()
    for number in range(layers):
        pick = chooser.random()
        if number == 0 or (pick < 0.25 and number > 1):
            first, second = chooser.sample(names[-12:], 2)
            name, entry = f"add{number}", f"type: Add, inputs: [{first}, {second}]"
            read.update((first, second))
        else:
            source = chooser.choice(names[-6:])
            read.add(source)
            if pick < 0.35 and dense:
                name, entry = f"use{number}", f"shares: {chooser.choice(dense)}, inputs: {source}"
            else:
                name, entry = f"dense{number}", f"type: Dense, units: 8, inputs: {source}"
                dense.append(name)
        lines.append(f"  - {{name: {name}, {entry}}}")
        names.append(name)
    outputs = [name for name in names[2:] if name not in read] or [names[-1]]
    return "\n".join([*lines, f"outputs: [{', '.join(outputs)}]", ""])


SELF_LOOP = """\
inputs: {x: {shape: [8]}}
layers:
  - {name: step, type: Dense, units: 8, inputs: x}
  - {name: again, shares: step, inputs: step}
  - {name: twice, shares: step, inputs: again}
  - {name: head, type: Dense, units: 2, inputs: twice}
outputs: [head, step]
"""

GENERATED = [3, 10, 40, 120, 200]


def cases():
    for name in SPEC_FILES:
        yield name, summarize_file(str(SPECS / name))
    for size in GENERATED:
        yield f"generated{size}", summarize_text(generated_spec(size, size), "generated.yaml")
    yield "self_loop", summarize_text(SELF_LOOP, "self_loop.yaml")


CASES = list(cases())
CASE_IDS = [name for name, _ in CASES]


def overlaps(first, second) -> bool:
    return (
        first.x < second.x + second.width
        and second.x < first.x + first.width
        and first.y < second.y + second.height
        and second.y < first.y + first.height
    )


def crosses_inside(start, end, box) -> bool:
    """Whether the segment from ``start`` to ``end`` enters ``box``'s interior (Liang-Barsky clipping)."""
    (x0, y0), (x1, y1) = start, end
    low, high = 0.0, 1.0
    inset = 0.5
    for step, distance in (
        (-(x1 - x0), x0 - (box.x + inset)),
        (x1 - x0, box.x + box.width - inset - x0),
        (-(y1 - y0), y0 - (box.y + inset)),
        (y1 - y0, box.y + box.height - inset - y0),
    ):
        if step == 0:
            if distance < 0:
                return False
            continue
        ratio = distance / step
        if step < 0:
            low = max(low, ratio)
        else:
            high = min(high, ratio)
        if low > high:
            return False
    return True


def on_border(point, box) -> bool:
    x, y = point
    inside_x = box.x - 0.01 <= x <= box.x + box.width + 0.01
    inside_y = box.y - 0.01 <= y <= box.y + box.height + 0.01
    return (inside_x and y in (box.y, box.y + box.height)) or (inside_y and x in (box.x, box.x + box.width))


@pytest.mark.parametrize(("name", "summary"), CASES, ids=CASE_IDS)
def test_no_box_or_label_overlaps_another_and_every_connection_has_an_arrow(name, summary):
    graph = diagram_graph(summary)
    placed = layout(graph)
    boxes = placed.boxes
    labels = [placed.title] + [route.label for route in placed.routes if route.label is not None]
    assert len(boxes) == len(graph.nodes)
    for first, second in itertools.combinations([*boxes, *labels], 2):
        assert not overlaps(first, second), (first, second)
    for item in [*boxes, *labels]:
        assert 0 <= item.x and item.x + item.width <= placed.width
        assert 0 <= item.y and item.y + item.height <= placed.height
    # An arrow per connection (the summary's Connected to column), from its source to its target.
    connections = sum(len(layer.connected_to) for layer in summary.layers)
    assert len(graph.edges) == len(placed.routes) == connections
    assert sorted(route.edge for route in placed.routes) == list(range(connections))
    for route in placed.routes:
        edge = graph.edges[route.edge]
        assert on_border(route.points[0], boxes[edge.source])
        assert on_border(route.points[-1], boxes[edge.target])
        for start, end in zip(route.points, route.points[1:]):
            for box in boxes:
                assert not crosses_inside(start, end, box), (name, route, box)


@pytest.mark.parametrize(("name", "summary"), CASES, ids=CASE_IDS)
def test_every_layer_is_one_box_with_its_name_type_shape_and_count(name, summary):
    graph = diagram_graph(summary)
    names = [node.name for node in graph.nodes]
    assert len(names) == len(set(names))
    rows = {layer.name: layer for layer in summary.layers}
    assert set(rows) <= set(names)  # and a stack's input
    for node in graph.nodes:
        if node.name in rows:
            assert node.lines[0] == node.name and node.lines[1] == rows[node.name].type
            assert node.lines[-1] == params_text(rows[node.name].params)
    outputs = {connection.layer for connection in summary.outputs}
    assert {node.name for node in graph.nodes if node.is_output} == outputs
    assert any(node.is_input for node in graph.nodes)


def test_a_shared_layer_is_drawn_once_with_its_loops():
    summary = summarize_text(SELF_LOOP, "self_loop.yaml")
    graph = diagram_graph(summary)
    assert [node.name for node in graph.nodes] == ["x", "step", "head"]
    assert [(edge.source, edge.target, edge.label) for edge in graph.edges] == [
        (0, 1, ""),
        (1, 1, "[0][0]"),
        (1, 1, "[1][0]"),
        (1, 2, "[2][0]"),
    ]


def test_seq2seq_labels_the_states_the_decoder_starts_from():
    graph = diagram_graph(summarize_file(str(SPECS / "seq2seq.yaml")))
    names = [node.name for node in graph.nodes]
    edges = {(names[edge.source], names[edge.target], edge.label) for edge in graph.edges}
    assert edges == {
        ("encoder_inputs", "encoder", ""),
        ("decoder_inputs", "decoder_lstm", ""),
        ("encoder", "decoder_lstm", "[1]"),
        ("encoder", "decoder_lstm", "[2]"),
        ("decoder_lstm", "decoder_dense", "[0]"),
    }
    assert [node.name for node in graph.nodes if node.is_input] == ["encoder_inputs", "decoder_inputs"]
    assert [node.name for node in graph.nodes if node.is_output] == ["decoder_dense"]


def svg_texts(document: str) -> tuple[ET.Element, list[str]]:
    root = ET.fromstring(document)
    return root, [element.text or "" for element in root.iter(f"{SVG}text")]


@pytest.mark.parametrize(("name", "summary"), CASES, ids=CASE_IDS)
def test_the_svg_has_every_name_count_and_arrow_and_a_renderer_draws_it(name, summary):
    graph = diagram_graph(summary)
    placed = layout(graph)
    document = render_svg(graph, placed)
    root, texts = svg_texts(document)
    for node in graph.nodes:
        assert node.name in texts and params_text(node.params) in texts
    assert len(root.findall(f".//{SVG}path[@class='edge']")) == len(graph.edges)
    assert len(root.findall(f".//{SVG}g[@data-node]")) == len(graph.nodes)
    resvg_py = pytest.importorskip("resvg_py")
    png = bytes(resvg_py.svg_to_bytes(svg_string=document))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (round(placed.width), round(placed.height))


HOSTILE = """\
name: "x<\\\\title><script>\\"&#"
inputs:
  "in<\\">&#35;`": {shape: [4]}
layers:
  - {name: "w\\u6f22\\u5b57", type: Dense, units: 2, inputs: "in<\\">&#35;`"}
  - {name: "a\\" --> evil %% <b>`&amp;\\\\N;", type: Dense, units: 2, inputs: "w\\u6f22\\u5b57"}
"""
HOSTILE_NAMES = ['in<">&#35;`', "w\u6f22\u5b57", 'a" --> evil %% <b>`&amp;\\N;']


def test_hostile_names_are_escaped_in_every_format():
    graph = diagram_graph(summarize_text(HOSTILE, "hostile.yaml"))
    assert [node.name for node in graph.nodes] == HOSTILE_NAMES
    root, texts = svg_texts(render_svg(graph, layout(graph)))
    assert root.find(f"{SVG}title").text == 'x<\\title><script>"&#: 16 params'
    assert set(HOSTILE_NAMES) <= set(texts)
    assert root.find(f".//{SVG}script") is None
    mermaid = render_mermaid(graph)
    check_mermaid(mermaid)
    assert 'n2[["a#34; --#62; evil #37;#37; #60;b#62;#96;#38;amp;#92;N;<br>Dense' in mermaid
    dot = render_dot(graph)
    check_dot(dot)
    assert 'n2 [label="a\\" --> evil %% <b>`&amp;amp;\\\\N;\\nDense' in dot


def test_names_that_are_not_printable_are_written_as_escapes():
    from lstm_calc.diagram import printable

    assert printable("a\u202eb\nc\x00\ud800") == "a\\u202eb\\nc\\x00\\ud800"
    assert printable("w\u6f22\u5b57 é") == "w\u6f22\u5b57 é"


# The flowchart statements render_mermaid writes, as Mermaid's flowchart grammar reads them:
# a node with a quoted label in a rectangle, stadium or subroutine shape, an arrow with an
# optional quoted label, classDef and class lines. A quoted string is "[^"]*".
_QUOTED = r'"[^"\n]*"'
MERMAID_STATEMENT = re.compile(
    rf"    (n\d+(\[{_QUOTED}\]|\(\[{_QUOTED}\]\)|\[\[{_QUOTED}\]\])"
    rf"|n\d+ -->(\|{_QUOTED}\|)? n\d+"
    r"|classDef (input|output) [a-z-]+:[#0-9a-z]+(,[a-z-]+:[#0-9a-z]+)*"
    r"|class n\d+(,n\d+)* (input|output))"
)


def check_mermaid(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    for line in lines[1:]:
        assert MERMAID_STATEMENT.fullmatch(line), line
        # Inside labels, only Mermaid's entity codes and <br> between lines.
        for label in re.findall(_QUOTED, line):
            assert not re.search(r"[<>&`%]", label.replace("<br>", "")), label
            assert not re.search(r"#(?!\d+;)", label), label


_DOT_STRING = r'"(?:[^"\\\n]|\\.)*"'
DOT_STATEMENT = re.compile(
    rf"    (n\d+ \[label={_DOT_STRING}(, [a-z]+=(?:{_DOT_STRING}|\d+))*\];"
    rf"|n\d+ -> n\d+( \[label={_DOT_STRING}\])?;"
    rf"|(graph|node|edge) \[[a-z]+=(?:{_DOT_STRING}|[A-Za-z0-9]+)(, [a-z]+=(?:{_DOT_STRING}|[A-Za-z0-9]+))*\];)"
)


def check_dot(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == "digraph model {" and lines[-1] == "}"
    for line in lines[1:-1]:
        assert DOT_STATEMENT.fullmatch(line), line


#: A directory whose node_modules holds tests/mermaid/package.json's packages (.ci/run installs them).
MERMAID_MODULES = os.environ.get("LSTMCALC_MERMAID_MODULES")
MERMAID_SHAPES = {(False, False): "square", (True, False): "stadium", (False, True): "subroutine"}


@pytest.mark.skipif(not MERMAID_MODULES, reason="LSTMCALC_MERMAID_MODULES names no Mermaid install (.ci/run makes one)")
def test_mermaid_parser_reads_every_flowchart_as_written(tmp_path):
    graphs = {name: diagram_graph(summary) for name, summary in CASES}
    graphs["hostile"] = diagram_graph(summarize_text(HOSTILE, "hostile.yaml"))
    files = []
    for name, graph in graphs.items():
        (tmp_path / f"{name}.mmd").write_text(render_mermaid(graph), encoding="utf-8")
        files.append(str(tmp_path / f"{name}.mmd"))
    harness = (ROOT / "tests/mermaid/parse.mjs").read_text(encoding="utf-8")
    completed = subprocess.run(
        ["node", "--input-type=module", "-", *files],
        input=harness,
        capture_output=True,
        text=True,
        cwd=MERMAID_MODULES,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    parsed = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [item["file"] for item in parsed] == files
    for item, graph in zip(parsed, graphs.values()):
        assert item["type"] == "flowchart-v2"
        assert item["vertices"] == [
            [
                f"n{number}",
                MERMAID_SHAPES[node.is_input and not node.is_output, node.is_output],
                "<br>".join(node.lines),
            ]
            for number, node in enumerate(graph.nodes)
        ]
        assert item["edges"] == [[f"n{edge.source}", f"n{edge.target}", edge.label] for edge in graph.edges]


@pytest.mark.parametrize(("name", "summary"), CASES, ids=CASE_IDS)
def test_mermaid_and_dot_follow_their_grammars(name, summary):
    graph = diagram_graph(summary)
    mermaid = render_mermaid(graph)
    check_mermaid(mermaid)
    assert mermaid.count(" --> ") + mermaid.count(' -->|"') == len(graph.edges)
    dot = render_dot(graph)
    check_dot(dot)
    assert dot.count(" -> ") == len(graph.edges)


@pytest.mark.parametrize("spec", ["gesture_classifier.yaml", "seq2seq.yaml"])
@pytest.mark.parametrize(("output_format", "suffix"), [("svg", "svg"), ("mermaid", "mmd"), ("dot", "dot")])
def test_diagram_matches_golden(run, golden, spec, output_format, suffix):
    result = run("diagram", str(SPECS / spec), "--format", output_format)
    assert result.exit_code == 0, result.stderr
    golden(f"diagram/{spec.removesuffix('.yaml')}.{suffix}", result.stdout)


def test_svg_is_the_default_and_o_writes_the_file(run, tmp_path):
    printed = run("diagram", str(SPECS / "seq2seq.yaml"))
    assert printed.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    written = run("diagram", str(SPECS / "seq2seq.yaml"), "-o", str(tmp_path / "seq2seq.svg"))
    assert (written.exit_code, written.stdout) == (0, "")
    assert (tmp_path / "seq2seq.svg").read_text(encoding="utf-8") == printed.stdout


def test_diagram_reads_keras_code_with_set_and_reports_bad_specs(run, tmp_path):
    code = run("diagram", str(SPECS / "gesture_classifier.py"), "--set", "actions.shape[0]=3", "--format", "mermaid")
    assert code.exit_code == 0, code.stderr
    assert "dense_2<br>Dense<br>(None, 3)<br>99 params" in code.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("input: {shape: [5, 3]}\nlayers:\n  - {type: LSTM, units: 0}\n", encoding="utf-8")
    result = run("diagram", str(bad))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"{bad}:3:")
    same = run("diagram", str(bad), "-o", str(bad))
    assert same.exit_code == 2 and "is the input file" in same.stderr


def test_the_same_model_gives_the_same_bytes_in_any_process(tmp_path):
    (tmp_path / "big.yaml").write_text(generated_spec(200, 7), encoding="utf-8")
    program = "from lstm_calc.cli import main\nmain(['diagram', 'big.yaml'], prog_name='lstmcalc')\n"
    outputs = set()
    for seed in ("1", "2"):
        completed = subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
            timeout=120,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        outputs.add(completed.stdout)
    assert len(outputs) == 1


def test_summary_and_help_never_import_the_diagram_modules():
    program = (
        "import sys\n"
        "from lstm_calc.cli import main\n"
        "for args in (['--help'], ['summary', {spec!r}], ['summary', '--format', 'json', {spec!r}]):\n"
        "    try:\n"
        "        main(args, prog_name='lstmcalc')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    ).format(spec=str(SPECS / "seq2seq.yaml"))
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    loaded = set(completed.stderr.split())
    assert "lstm_calc.api" in loaded
    assert not {name for name in loaded if "diagram" in name}


def test_the_docs_flowchart_is_the_real_output(run):
    blocks = re.findall(r"```mermaid\n(.*?)```", all_docs(), re.DOTALL)
    assert blocks == [run("diagram", str(SPECS / "seq2seq.yaml"), "--format", "mermaid").stdout]


def test_the_docs_picture_of_seq2seq_is_the_real_output(run):
    # docs/learn/pictures.md shows it, with the command that draws it.
    assert "lstmcalc diagram specs/seq2seq.yaml -o docs/pictures/seq2seq.svg" in page("learn/pictures.md")
    picture = (ROOT / "docs/pictures/seq2seq.svg").read_text(encoding="utf-8")
    assert run("diagram", str(SPECS / "seq2seq.yaml")).stdout == picture


def test_a_keras_archive_with_a_shared_embedding_draws_it_once(run):
    result = run("diagram", str(ROOT / "tests/fixtures/keras/shared_embedding.keras"), "--format", "mermaid")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if "shared_embedding<br>" in line] == [
        '    n2["shared_embedding<br>Embedding<br>(None, 40, 8)<br>1,600 params"]'
    ]
    assert ["    n0 --> n2", "    n1 --> n2", '    n2 -->|"[0][0]"| n3', '    n2 -->|"[1][0]"| n4'] == lines[9:13]
    assert "    class n6,n7 output" in lines


def every_earlier_spec(layers: int) -> str:
    """A graph spec where every other layer concatenates every tensor before it (DenseNet taken to
    the limit): its arrows skip so many layers that the stand-ins grow with the cube of ``layers``."""
    lines = ["name: every_earlier", "inputs:", "  x: {shape: [8]}", "layers:"]
    names = ["x"]
    for number in range(layers):
        if number % 2 and len(names) > 1:
            lines.append(f"  - {{name: c{number}, type: Concatenate, inputs: [{', '.join(names)}]}}")
            names.append(f"c{number}")
        else:
            lines.append(f"  - {{name: d{number}, type: Dense, units: 4, inputs: {names[-1]}}}")
            names.append(f"d{number}")
    return "\n".join([*lines, f"outputs: [{names[-1]}]", ""])


def test_a_graph_too_dense_to_lay_out_is_refused_at_once_and_dot_still_draws_it(run, tmp_path):
    spec = tmp_path / "dense.yaml"
    spec.write_text(every_earlier_spec(100), encoding="utf-8")
    refused = run("diagram", str(spec))
    assert (refused.exit_code, refused.stdout) == (2, "")
    # Layer by layer in a chain, the concatenation at layer k + 1 reads tensors from layers 0..k-1:
    # k - layer bends each, k(k + 1)/2 in all.
    assert sum(k * (k + 1) // 2 for k in range(1, 100, 2)) == 84_575
    assert refused.stderr == (
        f"{spec}:1:1: error: too big to lay out as a picture: 101 boxes and 84,575 bends of arrows that skip "
        "layers (at most 20,000 in all); give --format dot for Graphviz to lay it out, or --format mermaid\n"
    )
    dot = run("diagram", str(spec), "--format", "dot")
    assert dot.exit_code == 0 and dot.stdout.count(" -> ") == sum(k + 1 for k in range(1, 100, 2)) + 50


def test_a_dense_graph_under_the_limit_is_laid_out_in_a_few_seconds():
    graph = diagram_graph(summarize_text(every_earlier_spec(50)))
    started = time.process_time()
    placed = layout(graph)
    assert len(placed.boxes) == 51 and time.process_time() - started < 10
