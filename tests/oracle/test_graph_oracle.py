"""Graph specs against a real Keras 3 functional ``Model``: the whole summary text (rows in
Keras's order, shapes, counts, the Connected to column) and every layer's weights.

Each spec is a Python dict; the same dict is dumped to YAML for lstmcalc and replayed
as Keras calls (layers constructed and called in spec order, as a script would).
"""

from __future__ import annotations

import os
import random
from typing import Any

import pytest
import yaml

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import rich.console  # noqa: E402

from lstm_calc.api import summarize_text  # noqa: E402
from lstm_calc.render.table import line_length_for, render_table  # noqa: E402

pytestmark = pytest.mark.oracle

CONNECTION_KEYS = ("inputs", "initial_state", "shares")
COLUMNS = 120


def dump(spec: dict[str, Any]) -> str:
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


def _reference(text: str, tensors: dict[str, Any]) -> Any:
    name, _, index = text.partition("[")
    value = tensors[name]
    return value[int(index.rstrip("]"))] if index else value


def build_keras_graph(spec: dict[str, Any]) -> Any:
    """Replay a graph spec as Keras calls, in a fresh session, and return the functional model."""
    keras.utils.clear_session(free_memory=False)
    tensors: dict[str, Any] = {}
    inputs = []
    for name, block in spec["inputs"].items():
        tensor = keras.Input(shape=tuple(block["shape"]), batch_size=block.get("batch_size"), name=name)
        tensors[name] = tensor
        inputs.append(tensor)
    layers: dict[str, Any] = {}
    previous: Any = inputs[0]
    for entry in spec["layers"]:
        if "shares" in entry:
            layer = layers[entry["shares"]]
        else:
            kwargs = {key: value for key, value in entry.items() if key not in ("type", *CONNECTION_KEYS)}
            layer = getattr(keras.layers, entry["type"])(**kwargs)
            layers[layer.name] = layer
        refs = entry.get("inputs")
        if refs is None:
            arguments = previous
        elif isinstance(refs, list):
            arguments = [_reference(ref, tensors) for ref in refs]
        else:
            arguments = _reference(refs, tensors)
        call_kwargs = {}
        if "initial_state" in entry:
            call_kwargs["initial_state"] = [_reference(ref, tensors) for ref in entry["initial_state"]]
        if entry.get("type") == "MultiHeadAttention":  # called on query, value (and key), not on a list
            output = layer(*arguments, **call_kwargs)
        else:
            output = layer(arguments, **call_kwargs)
        tensors[entry.get("name", layer.name)] = output
        previous = output
    outputs = [_reference(ref, tensors) for ref in spec["outputs"]]
    return keras.Model(inputs, outputs if len(outputs) > 1 else outputs[0], name=spec.get("name", "functional"))


def keras_text(model: Any) -> str:
    captured: list[str] = []
    model.summary(print_fn=lambda text, line_break=None: captured.append(text))
    return "".join(captured)


def lstmcalc_text(spec: dict[str, Any]) -> str:
    summary = summarize_text(dump(spec), "graph.yaml")
    console = rich.console.Console(highlight=False, force_terminal=False, color_system=None, width=COLUMNS)
    console.begin_capture()
    render_table(summary, console, line_length_for(COLUMNS, summary))
    return console.end_capture()


def assert_graph_matches_keras(spec: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(COLUMNS))
    model = build_keras_graph(spec)
    assert lstmcalc_text(spec) == keras_text(model), "\n" + dump(spec)
    summary = summarize_text(dump(spec), "graph.yaml")
    rows = {row.name: row for row in summary.layers}
    for layer in model.layers:
        weights = [(w.path.split("/")[-1], tuple(w.shape), bool(w.trainable)) for w in layer.weights]
        row = rows[layer.name]
        assert [(w.name.split("/")[-1], w.shape, w.trainable) for w in row.weights] == weights, layer.name


SEQ2SEQ = {
    "name": "seq2seq",
    "inputs": {"encoder_inputs": {"shape": [None, 71]}, "decoder_inputs": {"shape": [None, 93]}},
    "layers": [
        {"name": "encoder", "type": "LSTM", "units": 256, "return_state": True, "inputs": "encoder_inputs"},
        {
            "name": "decoder_lstm",
            "type": "LSTM",
            "units": 256,
            "return_sequences": True,
            "return_state": True,
            "inputs": "decoder_inputs",
            "initial_state": ["encoder[1]", "encoder[2]"],
        },
        {"name": "decoder_dense", "type": "Dense", "units": 93, "activation": "softmax", "inputs": "decoder_lstm[0]"},
    ],
    "outputs": ["decoder_dense"],
}

CORPUS = {
    "seq2seq": SEQ2SEQ,
    "shared_embedding_two_inputs": {
        "inputs": {"a": {"shape": [10]}, "b": {"shape": [12]}},
        "layers": [
            {"type": "Embedding", "input_dim": 100, "output_dim": 8, "inputs": "a"},
            {"name": "emb_b", "shares": "embedding", "inputs": "b"},
            {"type": "LSTM", "units": 4, "inputs": "embedding"},
            {"type": "LSTM", "units": 4, "inputs": "emb_b"},
            {"type": "Concatenate", "inputs": ["lstm", "lstm_1"]},
            {"type": "Dense", "units": 1},
        ],
        "outputs": ["dense"],
    },
    "residual_add": {
        "inputs": {"x": {"shape": [10, 3]}},
        "layers": [
            {"type": "LSTM", "units": 4, "return_sequences": True, "inputs": "x"},
            {"type": "Dense", "units": 4, "inputs": "x"},
            {"type": "Add", "inputs": ["lstm", "dense"]},
        ],
        "outputs": ["add"],
    },
    "chain_is_sequential_like": {
        "inputs": {"x": {"shape": [10, 3]}},
        "layers": [{"type": "LSTM", "units": 4}, {"type": "Dense", "units": 2}],
        "outputs": ["dense"],
    },
    "attention_two_outputs": {
        "inputs": {"q": {"shape": [5, 8]}, "v": {"shape": [7, 8]}},
        "layers": [
            {"type": "Attention", "use_scale": True, "score_mode": "concat", "inputs": ["q", "v"]},
            {"type": "AdditiveAttention", "inputs": ["q", "v", "v"]},
            {"type": "Dot", "axes": [2, 2], "inputs": ["attention", "additive_attention"]},
            {"type": "Dense", "units": 3, "inputs": "q"},
        ],
        "outputs": ["dot", "dense"],
    },
    "merges": {
        "inputs": {"a": {"shape": [6]}, "b": {"shape": [6]}, "c": {"shape": [1]}},
        "layers": [
            {"type": "Subtract", "inputs": ["a", "b"]},
            {"type": "Multiply", "inputs": ["a", "b", "c"]},
            {"type": "Average", "inputs": ["subtract", "multiply"]},
            {"type": "Maximum", "inputs": ["average", "a"]},
            {"type": "Minimum", "inputs": ["maximum", "b"]},
            {"type": "Concatenate", "axis": 1, "inputs": ["minimum", "a", "c"]},
        ],
        "outputs": ["concatenate"],
    },
    "gru_initial_state_shared_decoder": {
        "inputs": {"src": {"shape": [None, 5]}, "tgt": {"shape": [None, 5]}, "tgt2": {"shape": [None, 5]}},
        "layers": [
            {"name": "enc", "type": "GRU", "units": 6, "return_state": True, "inputs": "src"},
            {
                "name": "dec",
                "type": "GRU",
                "units": 6,
                "return_sequences": True,
                "inputs": "tgt",
                "initial_state": ["enc[1]"],
            },
            {"name": "dec2", "shares": "dec", "inputs": "tgt2", "initial_state": ["enc[1]"]},
            {"type": "Concatenate", "inputs": ["dec", "dec2"]},
        ],
        "outputs": ["concatenate"],
    },
    # MultiHeadAttention's first call makes a Softmax and a Dropout of its own: the Dropout after it is dropout_1.
    "attention_then_an_unnamed_dropout": {
        "inputs": {"x": {"shape": [10, 8]}},
        "layers": [
            {"type": "MultiHeadAttention", "num_heads": 2, "key_dim": 4, "inputs": ["x", "x"]},
            {"type": "Dropout", "rate": 0.1},
            {"type": "Add", "inputs": ["x", "dropout_1"]},
            {"type": "Dropout", "rate": 0.1},
        ],
        "outputs": ["dropout_2"],
    },
}


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_graph_corpus_matches_keras(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_graph_matches_keras(CORPUS[case], monkeypatch)


def test_seq2seq_numbers() -> None:
    summary = summarize_text(dump(SEQ2SEQ), "seq2seq.yaml")
    assert [(row.name, row.params) for row in summary.layers] == [
        ("encoder_inputs", 0),
        ("decoder_inputs", 0),
        ("encoder", 335_872),
        ("decoder_lstm", 358_400),
        ("decoder_dense", 23_901),
    ]
    assert summary.total_params == 718_173
    assert build_keras_graph(SEQ2SEQ).count_params() == 718_173


def random_graph(seed: int) -> dict[str, Any]:
    """A random valid graph: recurrent and Dense layers, merges, shared layers and states."""
    rng = random.Random(seed)
    features = rng.choice([3, 4])
    inputs = {f"in{i}": {"shape": [rng.choice([None, 6]), features]} for i in range(rng.randint(1, 2))}
    # name -> shape (batch, time, features) or (batch, features); all 'open' tensors
    shapes: dict[str, tuple] = {name: (None, *block["shape"]) for name, block in inputs.items()}
    unused = set(inputs)
    layers: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    shareable: list[tuple[str, tuple]] = []

    def auto(kind: str) -> str:
        base = {"SimpleRNN": "simple_rnn"}.get(kind, kind.lower())
        count = counts.get(base, 0)
        counts[base] = count + 1
        return base if count == 0 else f"{base}_{count}"

    def pick(rank=None) -> str:
        pool = [n for n in shapes if rank is None or len(shapes[n]) == rank]
        preferred = [n for n in pool if n in unused]
        return rng.choice(preferred or pool)

    for _ in range(rng.randint(2, 7)):
        choice = rng.choice(["recurrent", "dense", "merge", "share", "states", "dropout"])
        sequences = [n for n in shapes if len(shapes[n]) == 3]
        if choice in ("recurrent", "states") and sequences:
            kind = rng.choice(["LSTM", "GRU", "SimpleRNN"])
            source = pick(3)
            units = rng.choice([2, 3, 5])
            entry = {"type": kind, "units": units, "return_sequences": rng.random() < 0.6, "inputs": source}
            if choice == "states" and kind != "SimpleRNN":
                entry["return_state"] = True
                entry["return_sequences"] = False
            name = auto(kind)
            shape = shapes[source]
            out = (None, shape[1], units) if entry["return_sequences"] else (None, units)
            layers.append(entry)
            unused.discard(source)
            if entry.get("return_state"):
                shapes[f"{name}[0]"] = out
                # a decoder starting from these states
                decoder_source = pick(3)
                states = [f"{name}[1]"] + ([f"{name}[2]"] if kind == "LSTM" else [])
                dec_name = auto(kind)
                layers.append(
                    {
                        "type": kind,
                        "units": units,
                        "return_sequences": True,
                        "inputs": decoder_source,
                        "initial_state": states,
                    }
                )
                unused.discard(decoder_source)
                shapes[dec_name] = (None, shapes[decoder_source][1], units)
            else:
                shapes[name] = out
                shareable.append((name, shape))
        elif choice == "dense":
            source = pick()
            units = rng.choice([2, 4])
            name = auto("Dense")
            layers.append({"type": "Dense", "units": units, "inputs": source})
            unused.discard(source)
            shapes[name] = (*shapes[source][:-1], units)
            shareable.append((name, shapes[source]))
        elif choice == "dropout":
            source = pick()
            name = auto("Dropout")
            layers.append({"type": "Dropout", "rate": 0.1, "inputs": source})
            unused.discard(source)
            shapes[name] = shapes[source]
        elif choice == "merge":
            first = pick()
            same = [n for n in shapes if shapes[n] == shapes[first] and n != first]
            if not same:
                continue
            second = rng.choice(same)
            kind = rng.choice(["Add", "Concatenate", "Multiply", "Average", "Maximum", "Minimum", "Subtract"])
            name = auto(kind)
            layers.append({"type": kind, "inputs": [first, second]})
            unused.difference_update({first, second})
            shape = shapes[first]
            shapes[name] = (*shape[:-1], shape[-1] * 2) if kind == "Concatenate" else shape
        elif choice == "share" and shareable:
            target, wanted = rng.choice(shareable)
            candidates = [n for n in shapes if shapes[n][1:] == wanted[1:] and n != target]
            if not candidates:
                continue
            source = rng.choice(candidates)
            node = f"use{len(layers)}"
            layers.append({"name": node, "shares": target, "inputs": source})
            unused.discard(source)
            shapes[node] = shapes[target]
    for name in sorted(unused & set(inputs)):
        units = 2
        dense = auto("Dense")
        layers.append({"type": "Dense", "units": units, "inputs": name})
        shapes[dense] = (*shapes[name][:-1], units)
    consumed = set()
    for entry in layers:
        refs = entry.get("inputs", [])
        for ref in (refs if isinstance(refs, list) else [refs]) + entry.get("initial_state", []):
            consumed.add(ref.split("[")[0])
    open_tensors = [n for n in shapes if n.split("[")[0] not in consumed and n not in inputs]
    return {"inputs": inputs, "layers": layers, "outputs": open_tensors or [list(shapes)[-1]]}


@pytest.mark.parametrize("seed", range(150))
def test_random_graph_matches_keras(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_graph_matches_keras(random_graph(seed), monkeypatch)


#: Graphs Keras refuses to build; lstmcalc must refuse them too (exit 2, one located error).
INVALID = {
    "add_of_different_shapes": {
        "inputs": {"a": {"shape": [6]}, "b": {"shape": [5]}},
        "layers": [{"type": "Add", "inputs": ["a", "b"]}],
        "outputs": ["add"],
    },
    "concatenate_mismatch_off_axis": {
        "inputs": {"a": {"shape": [4, 6]}, "b": {"shape": [5, 6]}},
        "layers": [{"type": "Concatenate", "inputs": ["a", "b"]}],
        "outputs": ["concatenate"],
    },
    "subtract_of_three": {
        "inputs": {"a": {"shape": [6]}, "b": {"shape": [6]}, "c": {"shape": [6]}},
        "layers": [{"type": "Subtract", "inputs": ["a", "b", "c"]}],
        "outputs": ["subtract"],
    },
    "dot_axis_sizes_differ": {
        "inputs": {"a": {"shape": [4, 6]}, "b": {"shape": [4, 5]}},
        "layers": [{"type": "Dot", "axes": 2, "inputs": ["a", "b"]}],
        "outputs": ["dot"],
    },
    "dense_on_three_state_tensors": {
        "inputs": {"x": {"shape": [5, 3]}},
        "layers": [{"type": "LSTM", "units": 4, "return_state": True}, {"type": "Dense", "units": 2}],
        "outputs": ["dense"],
    },
    "shared_dense_on_other_features": {
        "inputs": {"a": {"shape": [6]}, "b": {"shape": [5]}},
        "layers": [
            {"type": "Dense", "units": 2, "inputs": "a"},
            {"name": "again", "shares": "dense", "inputs": "b"},
        ],
        "outputs": ["dense", "again"],
    },
}


def keras_refuses(spec: dict[str, Any]) -> bool:
    try:
        build_keras_graph(spec)
    except Exception:  # noqa: BLE001 - any refusal by Keras counts
        return True
    return False


@pytest.mark.parametrize("case", sorted(INVALID))
def test_keras_refuses_graph_and_so_does_lstmcalc(case: str, run_cli: Any) -> None:
    spec = INVALID[case]
    assert keras_refuses(spec), "Keras builds this graph; it does not belong in INVALID"
    result = run_cli(dump(spec))
    assert (result.exit_code, result.stdout, result.stderr.count("\n")) == (2, "", 1), result.stderr
    assert result.stderr.startswith(f"{result.spec_path}:"), result.stderr


#: Keras builds these symbolically, but they fail as soon as data flows through them
#: (an LSTM of 6 units cannot start from states of 4); lstmcalc refuses them up front.
STRICTER_THAN_KERAS = {
    "lstm_state_of_wrong_size": {
        "inputs": {"x": {"shape": [5, 3]}, "y": {"shape": [5, 3]}},
        "layers": [
            {"name": "enc", "type": "LSTM", "units": 4, "return_state": True, "inputs": "x"},
            {"type": "LSTM", "units": 6, "inputs": "y", "initial_state": ["enc[1]", "enc[2]"]},
        ],
        "outputs": ["lstm"],
    },
}


@pytest.mark.parametrize("case", sorted(STRICTER_THAN_KERAS))
def test_lstmcalc_refuses_graph_keras_builds_but_cannot_run(case: str, run_cli: Any) -> None:
    spec = STRICTER_THAN_KERAS[case]
    assert not keras_refuses(spec), "Keras refuses this graph now; move it to INVALID"
    result = run_cli(dump(spec))
    assert (result.exit_code, result.stdout, result.stderr.count("\n")) == (2, "", 1), result.stderr
