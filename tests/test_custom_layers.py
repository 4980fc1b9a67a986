"""The user's own Keras layer classes in Keras code (readers/custom_layers.py): weights from build()'s
add_weight calls, the output shape from compute_output_shape or call(), and a located refusal naming
the class and the line it could not follow. Numbers as real Keras 3 gives them
(tests/oracle/test_custom_layer_corpus_oracle.py builds every case).
"""

from __future__ import annotations

import pytest

from lstm_calc.api import build, summarize_file
from lstm_calc.readers import PYTHON, read_text
from tests.custom_layer_corpus import CORPUS, FEATURES

EXPECTED = {
    "attention_between_lstms": (
        104268,
        [("attention", "attention", (None, 7, 60), [("att_weight", (60, 1), True), ("att_bias", (7, 1), True)])],
    ),
    "attention_with_weights_out": (
        17331,
        [
            (
                "attention",
                "Attention",
                [(None, 64), (None, 50, 1)],
                [("att_weight", (64, 1), True), ("att_bias", (50, 1), True)],
            )
        ],
    ),
    "attention_tf_paths": (
        21145,
        [("attention", "Attention", (None, 64), [("att_weight", (64, 1), True), ("att_bias", (24, 1), True)])],
    ),
    "seq_weighted_attention": (
        4323,
        [
            (
                "seq_weighted_attention",
                "SeqWeightedAttention",
                [(None, 32), (None, 12)],
                [("seq_weighted_attention_W", (32, 1), True), ("seq_weighted_attention_b", (1,), True)],
            )
        ],
    ),
    "keras3_ops_projection": (
        490,
        [
            (
                "projection",
                "Projection",
                (None, 10, 6),
                [("variable", (8, 6), True), ("variable_1", (6,), True), ("scale", (1, 1), False)],
            ),
            ("narrow", "Projection", (None, 10, 3), [("variable_2", (6, 3), True), ("scale", (1, 1), False)]),
        ],
    ),
    "keras_own_keywords": (
        186,
        [
            ("scale", "Scale", (None, 6, 3), [("gain", (3,), False)]),
            ("centering", "Center", (None, 6, 3), [("offset", (3,), True)]),
        ],
    ),
    "subclassed_pooling": (
        750,
        [("time_pooling", "TimePooling", (None, 12), [("w", (12, 1), True), ("b", (15, 1), True)])],
    ),
}
KERAS_TYPES = {"LSTM", "GRU", "Dense", "Dropout", "Bidirectional", "GlobalAveragePooling1D", "InputLayer"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_custom_layers_are_counted_from_their_code(name: str) -> None:
    case = (CORPUS | FEATURES)[name]
    summary = build(read_text(PYTHON, case.code, "case.py", case.sets), "case.py", None)[1]
    custom = [
        (row.name, row.type, row.output_shape, [(w.name, w.shape, w.trainable) for w in row.weights])
        for row in summary.layers
        if row.type not in KERAS_TYPES
    ]
    assert (summary.total_params, custom) == EXPECTED[name]


def test_a_converted_custom_layer_is_plain_data_that_summarises_the_same(run, tmp_path) -> None:
    code = tmp_path / "model.py"
    code.write_text(CORPUS["attention_with_weights_out"].code)
    converted = run("convert", str(code))
    assert converted.exit_code == 0, converted.stderr
    assert (
        "- type: CustomLayer\n  keras_class: Attention\n  weights:\n  - name: att_weight\n    shape: [64, 1]\n"
        "  - name: att_bias\n    shape: [50, 1]\n  output_shape:\n  - [64]\n  - [50, 1]\n  name: attention\n"
    ) in converted.stdout
    spec = tmp_path / "model.yaml"
    spec.write_text(converted.stdout)
    assert run("summary", str(spec)).stdout == run("summary", str(code)).stdout


HEADER = "import keras\nfrom keras import layers, ops\n\n\n"
MODEL = "\n\nmodel = keras.Sequential([keras.Input(INPUT), layers.LSTM(8, return_sequences=True), Pool(ARGUMENTS)])\n"


def pool(build: str, call: str = "        return ops.sum(x, axis=1)\n", init: str = "") -> str:
    return (
        HEADER
        + "class Pool(layers.Layer):\n"
        + init
        + "    def build(self, input_shape):\n"
        + build
        + ("\n    def call(self, x):\n" + call + MODEL)
    )


REFUSALS = {
    "attribute-never-set": (
        pool("        self.w = self.add_weight(shape=(input_shape[-1], self.size))\n"),
        "7:58: error: custom layer 'Pool' defined at line 5: lstmcalc cannot count its weights: 'self.size' is not set "
        "before it is read in its build() (line 7); give the model as a YAML graph spec with Keras layers in its place",
    ),
    "keras2-name-first": (
        pool("        self.w = self.add_weight('w', (input_shape[-1], 1))\n"),
        "7:34: error: custom layer 'Pool' defined at line 5: lstmcalc cannot count its weights: add_weight() takes "
        "the name first in Keras 2 only; Keras 3 takes the shape first and refuses it: write add_weight(shape=..., "
        "name=...) in its build() (line 7); give the model as a YAML graph spec with Keras layers in its place",
    ),
    "unknown-time-steps": (
        pool("        self.b = self.add_weight(shape=(input_shape[1], 1))\n").replace("INPUT", "(None, 3)"),
        "7:40: error: custom layer 'Pool' defined at line 5: lstmcalc cannot count its weights: the weight's shape "
        "'(input_shape[1], 1)' is (None, 1); Keras needs every size in its build() (line 7); give the model as a "
        "YAML graph spec with Keras layers in its place",
    ),
    "undecided-branch-with-weights": (
        pool(
            "        if self.gated:\n            self.g = self.add_weight(shape=(1,))\n",
            init="    def __init__(self, gated, **kwargs):\n        super().__init__(**kwargs)\n"
            "        self.gated = gated\n\n",
        ).replace("ARGUMENTS", "gated=SETTINGS['gated']"),
        "11:12: error: custom layer 'Pool' defined at line 5: lstmcalc cannot count its weights: cannot tell whether "
        "'self.gated' holds, and a branch creates weights in its build() (line 11); give the model as a YAML graph "
        "spec with Keras layers in its place",
    ),
    # Keras 3 no longer tracks a weight whose attribute is deleted: 0 parameters (lstmcalc counted 8)
    "weight-deleted": (
        pool("        self.w = self.add_weight(shape=(input_shape[-1], 1))\n        del self.w\n"),
        "8:9: error: custom layer 'Pool' defined at line 5: lstmcalc cannot count its weights: cannot follow the "
        "delete statement at its line in its build() (line 8); give the model as a YAML graph spec with Keras "
        "layers in its place",
    ),
    "layer-inside": (
        pool("        self.dense = layers.Dense(4)\n"),
        "13:87: error: custom layer 'Pool' defined at line 5 makes a Dense layer of its own (line 7): lstmcalc "
        "cannot count its weights; give the model as a YAML graph spec with Keras layers in its place",
    ),
    "output-not-followed": (
        pool("        self.w = self.add_weight(shape=(input_shape[-1], 1))\n", "        return ops.top_k(x, 2)\n"),
        "10:16: error: custom layer 'Pool' defined at line 5: lstmcalc cannot tell its output shape: cannot follow "
        "'ops.top_k(x, 2)' without running the code in its call() (line 10); give it a compute_output_shape() or "
        "give the model as a YAML graph spec with Keras layers in its place",
    ),
    "shapes-that-do-not-multiply": (
        pool("        self.w = self.add_weight(shape=(3, 1))\n", "        return ops.matmul(x, self.w)\n"),
        "10:16: error: custom layer 'Pool' defined at line 5: lstmcalc cannot tell its output shape: "
        "'ops.matmul(x, self.w)' multiplies (None, 5, 8) by (3, 1), whose sizes do not match in its call() "
        "(line 10); give it a compute_output_shape() or give the model as a YAML graph spec with Keras layers in "
        "its place",
    ),
}


@pytest.mark.parametrize(("code", "message"), REFUSALS.values(), ids=list(REFUSALS))
def test_custom_layer_refusals_name_the_class_and_the_line(run, tmp_path, code: str, message: str) -> None:
    path = tmp_path / "model.py"
    path.write_text(code.replace("INPUT", "(5, 3)").replace("ARGUMENTS", ""))
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == f"{path}:{message}"


SPEC = (
    "input: {shape: [5, 3]}\nlayers:\n"
    "  - {type: CustomLayer, keras_class: Gate, weights: [{name: g, shape: [3, 1]}, "
    "{name: s, shape: [1], trainable: false}], output_shape: [5, 3]}\n"
)


def test_a_spec_gives_a_custom_layer_by_hand(tmp_path) -> None:
    path = tmp_path / "gate.yaml"
    path.write_text(SPEC)
    row = summarize_file(str(path)).layers[0]
    assert (row.name, row.type, row.output_shape, row.params) == ("gate", "Gate", (None, 5, 3), 4)
    assert [(w.name, w.shape, w.trainable) for w in row.weights] == [("g", (3, 1), True), ("s", (1,), False)]


def test_a_custom_layer_s_weights_are_checked_in_a_spec(run, tmp_path) -> None:
    path = tmp_path / "gate.yaml"
    path.write_text(SPEC.replace("shape: [3, 1]", "shape: [3, x]"))
    result = run("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == (
        f"{path}:3:53: error: CustomLayer argument 'weights': expected the shape of weight 'g' as a list of sizes "
        "such as [64, 1], got a list"
    )


@pytest.mark.parametrize("options", [["--stats"], ["--columns", "output_shape,macs"]])
def test_the_macs_of_a_model_with_a_custom_layer_are_refused_not_left_short(run, tmp_path, options) -> None:
    code = tmp_path / "model.py"
    code.write_text(CORPUS["attention_between_lstms"].code)
    result = run("summary", str(code), *options)
    what = (
        "--stats cannot count this model's MACs exactly"
        if options == ["--stats"]
        else "the MACs column cannot be counted exactly"
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        f"Error: {what}: attention (attention) is the user's own class: "
        "lstmcalc does not follow the arithmetic of its call()\n"
    )
