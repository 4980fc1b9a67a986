"""``lstmcalc explain --format svg``: the layer unrolled over time and its cell, checked from the
layout's own coordinates (no box or label over another, an arrow from box to box crossing none),
its content (a copy of the cell per step shown, every weight's name and shape, h and c carried from
step to step), a real renderer drawing it, escaping, golden files and the CLI's answers."""

from __future__ import annotations

import itertools
import re

import pytest

from lstm_calc.api import build, build_file
from lstm_calc.explain import Explanation, explain_layer, explain_options, recurrent_layers
from lstm_calc.explain_layout import ELLIPSIS, MAX_DRAWN_STEPS, cell_type, explain_parts, shown_steps
from lstm_calc.formulas import LayerOptions
from lstm_calc.render.explain_svg import render_explanations_svg
from lstm_calc.shapes import describe_shape
from tests.conftest import ROOT, SPECS
from tests.test_diagram import SVG, crosses_inside, on_border, overlaps, svg_texts

SEED_SPEC = ROOT / "docs/pictures/lstm3_four_steps.yaml"
SEED_PICTURE = ROOT / "docs/pictures/lstm3_four_steps.svg"


def spec_explanations(path) -> list[Explanation]:
    model, result = build_file(str(path), None)
    pairs = recurrent_layers(model.layers, result.layers)
    return [e for e in (explain_layer(spec, row) for spec, row in pairs) if isinstance(e, Explanation)]


def text_explanations(text: str) -> list[Explanation]:
    from lstm_calc.readers import read_text

    model, result = build(read_text("yaml", text, "inline.yaml"), "inline.yaml")
    return [explain_layer(spec, row) for spec, row in recurrent_layers(model.layers, result.layers)]


def option_cases():
    for kind in ("lstm", "gru", "simplernn"):
        for framework in ("keras", "pytorch"):
            yield f"{kind}-{framework}", LayerOptions(kind, framework, units=3, input_dim=1)
            yield (
                f"{kind}-{framework}-bidirectional",
                LayerOptions(kind, framework, units=5, input_dim=7, bidirectional=True),
            )
            yield f"{kind}-{framework}-no-bias", LayerOptions(kind, framework, units=4, input_dim=2, use_bias=False)
        yield f"{kind}-pytorch-2-layers", LayerOptions(kind, "pytorch", units=8, input_dim=3, num_layers=2)
    yield "gru-keras-reset-before", LayerOptions("gru", "keras", units=3, input_dim=1, reset_after=False)
    yield "lstm-pytorch-proj", LayerOptions("lstm", "pytorch", units=6, input_dim=2, proj_size=2)
    yield "convlstm2d", LayerOptions("convlstm2d", "keras", filters=2, kernel_size=3, input_dim=1)


SEQUENCES = """\
name: sequences
input: {shape: [%d, 2]}
layers:
  - {type: LSTM, units: 4, return_sequences: true, return_state: true}
"""


def cases():
    for name, options in option_cases():
        yield name, [explain_options(options)]
    for path in sorted(SPECS.glob("*.yaml")):
        explanations = spec_explanations(path)
        if explanations:
            yield path.stem, explanations
    yield "seed", spec_explanations(SEED_SPEC)
    for steps in (1, MAX_DRAWN_STEPS, MAX_DRAWN_STEPS + 1, 1000):
        yield f"sequences-{steps}", text_explanations(SEQUENCES % steps)


CASES = list(cases())
CASE_IDS = [name for name, _ in CASES]


@pytest.mark.parametrize(("name", "explanations"), CASES, ids=CASE_IDS)
def test_no_box_or_label_overlaps_another_and_every_arrow_joins_two_boxes(name, explanations):
    width, height, parts = explain_parts(explanations)
    assert len(parts) == 2 * len(explanations)
    everything = []
    for graph, placed in parts:
        boxes = placed.boxes
        assert sorted(box.node for box in boxes) == list(range(len(graph.nodes)))
        by_node = {box.node: box for box in boxes}
        labels = [route.label for route in placed.routes if route.label is not None]
        everything += [placed.title, *boxes, *labels]
        assert sorted(route.edge for route in placed.routes) == list(range(len(graph.edges)))
        for route in placed.routes:
            edge = graph.edges[route.edge]
            assert on_border(route.points[0], by_node[edge.source]), (route, edge)
            assert on_border(route.points[-1], by_node[edge.target]), (route, edge)
            for start, end in zip(route.points, route.points[1:]):
                for box in boxes:
                    assert not crosses_inside(start, end, box), (name, route, box)
    for first, second in itertools.combinations(everything, 2):
        assert not overlaps(first, second), (first, second)
    for item in everything:
        assert 0 <= item.x and item.x + item.width <= width
        assert 0 <= item.y and item.y + item.height <= height


def cell_copies(explanation, graph) -> list[str]:
    prefix = f"{cell_type(explanation)} cell, step "
    return [node.lines[0].removeprefix(prefix) for node in graph.nodes if node.lines[0].startswith(prefix)]


@pytest.mark.parametrize(("name", "explanations"), CASES, ids=CASE_IDS)
def test_a_copy_of_the_cell_per_step_shown_with_its_weights_and_the_states_carried(name, explanations):
    _, _, parts = explain_parts(explanations)
    for explanation, (graph, _) in zip(explanations, parts[::2]):
        steps = shown_steps(explanation.time_steps)
        drawn = [step for step in steps if step != ELLIPSIS]
        assert cell_copies(explanation, graph) == drawn
        chains = explanation.num_layers * explanation.directions if explanation.framework == "pytorch" else 1
        weights = explanation.weights[: len(explanation.weights) // chains]
        for node in graph.nodes:
            if node.lines[0].startswith(f"{cell_type(explanation)} cell"):
                assert node.lines[1:] == tuple(f"{w.name} {describe_shape(w.shape)}" for w in weights)
        # An arrow per carried state between each two neighbours of the row, labelled with its shape.
        carried = [edge.label for edge in graph.edges if edge.label]
        symbols = [state.symbol for state in explanation.states]
        assert len(carried) == len(symbols) * (len(steps) + 1)
        before = ["0", *[step if step != ELLIPSIS else None for step in steps]]
        for number, label in enumerate(carried):
            symbol = symbols[number % len(symbols)]
            step = before[number // len(symbols)]
            assert label.startswith(f"{symbol}_"), label
            if step is not None and len(step) == 1:
                assert label.startswith(f"{symbol}_{step} ("), label
        # x_t into each copy, and h_t out of those whose h the layer hands on.
        inputs = [node.lines[0] for node in graph.nodes if node.lines[0].startswith("x_")]
        assert inputs == [f"x_{step}" if len(step) == 1 else f"x_{{{step}}}" for step in drawn]
        outputs = [node for node in graph.nodes if node.is_output and node.lines[0].startswith("h_")]
        assert len(outputs) == (len(drawn) if explanation.return_sequences else 1)
        assert "output: " in outputs[-1].lines[-1]


@pytest.mark.parametrize(("name", "explanations"), CASES, ids=CASE_IDS)
def test_the_cell_has_an_equation_per_box_with_its_shapes_and_an_arrow_per_use(name, explanations):
    _, _, parts = explain_parts(explanations)
    for explanation, (graph, _) in zip(explanations, parts[1::2]):
        equations = [node for node in graph.nodes if not node.is_input]
        assert [node.lines[:2] for node in equations] == [(eq.meaning, eq.text) for eq in explanation.equations]
        for node, equation in zip(equations, explanation.equations):
            shapes = " ".join(node.lines[2:])
            for term in equation.terms:
                assert f"{term.symbol} {describe_shape(term.shape)}" in shapes
        uses = sum(
            1
            for index, equation in enumerate(explanation.equations)
            for term in equation.terms
            if term.symbol in {"x_t", "h_{t-1}", "c_{t-1}"}
            or term.symbol in {earlier.result.symbol for earlier in explanation.equations[:index]}
        )
        assert len(graph.edges) == uses


@pytest.mark.parametrize(("name", "explanations"), CASES, ids=CASE_IDS)
def test_the_svg_has_every_weight_and_arrow_and_a_renderer_draws_it(name, explanations):
    document = render_explanations_svg(explanations)
    width, height, parts = explain_parts(explanations)
    root, texts = svg_texts(document)
    for explanation in explanations:
        assert any(text.startswith(f"{explanation.name} ({explanation.type_name}") for text in texts)
        assert any(f"{explanation.params:,} params" in text for text in texts)
        for weight in explanation.weights[:1]:
            assert f"{weight.name} {describe_shape(weight.shape)}" in texts
    assert len(root.findall(f".//{SVG}path[@class='edge']")) == sum(len(graph.edges) for graph, _ in parts)
    assert len(root.findall(f".//{SVG}g[@data-node]")) == sum(len(graph.nodes) for graph, _ in parts)
    resvg_py = pytest.importorskip("resvg_py")
    png = bytes(resvg_py.svg_to_bytes(svg_string=document))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    drawn = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert drawn == (round(width), round(height))


def test_the_seed_lstm_is_four_copies_of_one_cell_with_60_params():
    (explanation,) = spec_explanations(SEED_SPEC)
    _, texts = svg_texts(render_explanations_svg([explanation]))
    assert texts[0].startswith("lstm (LSTM, Keras): 60 params;")
    assert [text for text in texts if text.startswith("LSTM cell")] == [f"LSTM cell, step {n}" for n in (1, 2, 3, 4)]
    assert texts.count("kernel (1, 12)") == texts.count("recurrent_kernel (3, 12)") == texts.count("bias (12,)") == 4
    assert ["h_0 = 0  (3,)", "c_0 = 0  (3,)"] == [text for text in texts if " = 0 " in text]
    assert [text for text in texts if re.fullmatch(r"[hc]_\d \(3,\)", text)] == [
        f"{symbol}_{step} (3,)" for step in range(5) for symbol in "hc"
    ]
    assert "output: only this h, (None, 3)" in texts
    assert "i_t = σ(W_i·x_t + U_i·h_{t-1} + b_i)" in texts


def test_a_keras_bidirectional_layer_draws_copies_of_its_wrapped_cell():
    explanation = spec_explanations(SPECS / "bidirectional_encoder.yaml")[0]
    _, texts = svg_texts(render_explanations_svg([explanation]))
    assert texts[0].startswith("bidirectional (Bidirectional, Keras): 8,928 params;")
    assert "LSTM cell, step 1" in texts and "inside the LSTM cell" in " ".join(texts)
    assert "forward direction" in texts[0]


def test_torch_draws_the_first_layers_forward_chain_with_its_own_names():
    explanation = explain_options(
        LayerOptions("lstm", "pytorch", units=3, input_dim=1, num_layers=2, bidirectional=True)
    )
    _, texts = svg_texts(render_explanations_svg([explanation]))
    assert "weight_ih_l0 (12, 1)" in texts and "weight_hh_l0 (12, 3)" in texts
    assert not any("reverse" in text or "_l1" in text for text in texts)
    assert "h_0 = 0  (3,)" in texts
    assert "forward direction" in texts[0] and "layer 0 of 2" in texts[0]


HOSTILE = """\
name: hostile
input: {shape: [3, 2]}
layers:
  - {name: "a<\\\\title><script>&amp;\\"", type: GRU, units: 2}
"""


def test_hostile_layer_names_are_escaped():
    document = render_explanations_svg(text_explanations(HOSTILE))
    root, texts = svg_texts(document)
    assert root.find(f".//{SVG}script") is None
    assert "<script>" not in document
    assert texts[0].startswith('a<\\title><script>&amp;" (GRU, Keras)')


@pytest.mark.parametrize(
    ("golden_name", "arguments"),
    [
        ("gru_units3.svg", ("gru", "--units", "3", "--input-dim", "1")),
        ("lstm_units3_pytorch.svg", ("lstm", "--units", "3", "--input-dim", "1", "--framework", "pytorch")),
        ("gesture_classifier.svg", (str(SPECS / "gesture_classifier.yaml"),)),
    ],
)
def test_explain_svg_matches_golden(run, golden, golden_name, arguments):
    result = run("explain", *arguments, "--format", "svg")
    assert result.exit_code == 0, result.stderr
    golden(f"explain/{golden_name}", result.stdout)


def test_the_docs_picture_is_the_real_output_and_o_writes_it(run, tmp_path):
    target = tmp_path / "cell.svg"
    result = run("explain", str(SEED_SPEC), "--format", "svg", "-o", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8") == SEED_PICTURE.read_text(encoding="utf-8")
    assert run("explain", str(SEED_SPEC), "--format", "svg").stdout == SEED_PICTURE.read_text(encoding="utf-8")


def test_svg_refuses_a_layer_without_a_cell_and_o_reports_unwritable_files(run, tmp_path):
    result = run("explain", "mha", "--embed-dim", "8", "--num-heads", "2", "--format", "svg")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: --format svg draws recurrent layers, and this layer has none; try --format text\n"
    )
    missing = tmp_path / "no" / "cell.svg"
    result = run("explain", "lstm", "--units", "3", "--input-dim", "1", "--format", "svg", "-o", str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"{missing}:1:1: error: cannot write the file: No such file or directory\n"


def test_o_writes_text_too(run, tmp_path):
    target = tmp_path / "explain.txt"
    result = run("explain", "lstm", "--units", "3", "--input-dim", "1", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == run("explain", "lstm", "--units", "3", "--input-dim", "1").stdout


def test_the_readme_shows_the_unrolled_lstm_before_its_first_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    picture = readme.index("](docs/pictures/lstm3_four_steps.svg)")
    first_table = re.search(r"^\| ", readme, re.MULTILINE)
    assert first_table is not None and picture < first_table.start()
    assert readme.index("## What `units` means") < picture


@pytest.mark.parametrize(
    "command",
    [["convert", str(SEED_SPEC)], ["explain", "lstm", "--units", "3", "--input-dim", "1"], ["schema"]],
    ids=["convert", "explain", "schema"],
)
def test_an_empty_o_is_a_usage_error(run, command):
    # -o "$OUT" of an unset variable: it said ":1:1: error: cannot write the file", a location with no name.
    result = run(*command, "-o", "")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith("Error: Invalid value for '-o' / '--output': needs a file name, not an empty one\n")
