"""``lstmcalc quiz``'s answers against real Keras 3 and torch.nn, over 504 seeded questions.

Each question's model is built by the real framework from its spec mapping (Keras: every
key but ``type`` a keyword argument; torch.nn: the module the mapping names) and the fact
asked is read from it: the layer's parameter count, its output or state shape, a weight's
shape, and for torch.nn modules the MACs torchinfo counts, less the biases it adds at each
position (lstmcalc counts multiplications by weight matrices only, as
tests/oracle/test_quick_commands_oracle.py pins). Keras has no MAC counter: a Keras MACs
question is checked with torchinfo on the layer's torch.nn twin (the same matrix products:
LSTM, GRU and SimpleRNN as nn.LSTM, nn.GRU and nn.RNN, Bidirectional as bidirectional=True,
Dense as nn.Linear, Conv1D as nn.Conv1d), built on the input real Keras gives the layer.

Run with ``KERAS_BACKEND=torch python -m pytest tests/oracle``; skipped without them.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")
torchinfo = pytest.importorskip("torchinfo")

from lstm_calc.graph import infer  # noqa: E402
from lstm_calc.quiz import LEVELS, Question, questions  # noqa: E402
from lstm_calc.spec_mapping import model_from_mapping  # noqa: E402

pytestmark = pytest.mark.oracle
BATCH = 2

#: 504 questions: 84 for each level and framework, over every topic.
SAMPLE = [
    question
    for level in LEVELS
    for framework in ("keras", "pytorch")
    for seed in range(7)
    for question in questions(12, 10_000 * level + seed, "all", framework, level)
]


def _index(question: Question) -> int:
    rows = infer(model_from_mapping(question.spec)).layers
    return [row.name for row in rows].index(question.layer)


# -- Keras ------------------------------------------------------------------------------------


def _keras_layer(entry: dict[str, Any]) -> Any:
    options = {key: value for key, value in entry.items() if key != "type"}
    if isinstance(options.get("layer"), dict):
        options["layer"] = _keras_layer(options["layer"])
    return getattr(keras.layers, entry["type"])(**options)


def keras_fact(question: Question) -> Any:
    keras.utils.clear_session(free_memory=False)
    tensor = keras.Input(tuple(question.spec["input"]["shape"]))
    built = []
    for entry in question.spec["layers"]:
        layer = _keras_layer(entry)
        tensor = layer(tensor)
        built.append((layer, tensor))
    layer, outputs = built[_index(question)]
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    if question.fact == "params":
        return layer.count_params()
    if question.fact == "output":
        return tuple(outputs[0].shape)
    if question.fact.startswith("state "):
        return tuple(outputs[int(question.fact.removeprefix("state "))].shape)
    name = question.fact.removeprefix("weight ")
    for weight in layer.weights:
        segments = [part for part in weight.path.split("/") if not part.endswith("_cell")]
        if "/".join(segments[1:]) == name:
            return tuple(weight.shape)
    raise AssertionError(f"no weight {name} in {[weight.path for weight in layer.weights]}")


# -- torch.nn ---------------------------------------------------------------------------------

_RECURRENT = {"LSTM", "GRU", "RNN"}


def _torch_module(entry: dict[str, Any]) -> Any:
    kind = entry["type"]
    if kind in _RECURRENT:
        options = {key: entry[key] for key in ("num_layers", "bidirectional", "proj_size") if key in entry}
        return getattr(torch.nn, kind)(entry["input_size"], entry["hidden_size"], batch_first=True, **options)
    if kind == "Linear":
        return torch.nn.Linear(entry["in_features"], entry["out_features"])
    if kind == "Embedding":
        return torch.nn.Embedding(entry["num_embeddings"], entry["embedding_dim"])
    return torch.nn.Conv1d(entry["in_channels"], entry["out_channels"], entry["kernel_size"])


def _torch_forward(module: Any, kind: str, tensor: Any) -> tuple[Any, list[Any]]:
    """The module's output and, for a recurrent one, its states (h_n, and c_n for an LSTM)."""
    if kind in _RECURRENT:
        output, states = module(tensor)
        return output, list(states) if isinstance(states, tuple) else [states]
    if kind == "Conv1d":
        return module(tensor.transpose(1, 2)).transpose(1, 2), []
    return module(tensor), []


def _macs(module: Any, kind: str, tensor_shape: tuple[int, ...]) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        biases = sum(parameter.numel() for name, parameter in module.named_parameters() if "bias" in name)
        if kind == "Embedding":
            return 0  # a lookup multiplies nothing (torchinfo counts the table)
        if kind == "Conv1d":
            steps = tensor_shape[1]
            total = torchinfo.summary(module, input_size=(1, tensor_shape[2], steps), verbose=0).total_mult_adds
            return total - (steps - module.kernel_size[0] + 1) * biases
        if kind == "Linear":
            positions = tensor_shape[1] if len(tensor_shape) == 3 else 1
            one = torchinfo.summary(module, input_size=(1, tensor_shape[-1]), verbose=0).total_mult_adds
            return positions * (one - biases)
        total = torchinfo.summary(module, input_size=(1, *tensor_shape[1:]), verbose=0).total_mult_adds
        return total - tensor_shape[1] * biases


def torch_fact(question: Question) -> Any:
    torch.manual_seed(0)
    shape = question.spec["input"]["shape"]
    ids = question.spec["layers"][0]["type"] == "Embedding"
    tensor = torch.zeros((BATCH, *shape), dtype=torch.long if ids else torch.float32)
    for index, entry in enumerate(question.spec["layers"]):
        module = _torch_module(entry)
        received = tuple(tensor.shape)
        output, states = _torch_forward(module, entry["type"], tensor)
        if index == _index(question):
            break
        tensor = output
    if question.fact == "params":
        return sum(parameter.numel() for parameter in module.parameters())
    if question.fact == "macs":
        return _macs(module, entry["type"], received)
    if question.fact == "output":
        return (None, *output.shape[1:])
    if question.fact.startswith("state "):
        state = states[int(question.fact.removeprefix("state ")) - 1]
        return (state.shape[0], None, *state.shape[2:])  # torch keeps states (layers × directions, batch, size)
    return tuple(dict(module.named_parameters())[question.fact.removeprefix("weight ")].shape)


_KERAS_TWINS = {"LSTM": "LSTM", "GRU": "GRU", "SimpleRNN": "RNN", "Dense": "Linear", "Conv1D": "Conv1d"}


def keras_macs(question: Question) -> int:
    """The MACs torchinfo counts for the torch.nn twin of the Keras layer asked about, on its real input."""
    keras.utils.clear_session(free_memory=False)
    tensor = keras.Input(tuple(question.spec["input"]["shape"]))
    for index, entry in enumerate(question.spec["layers"]):
        if index == _index(question):
            break
        tensor = _keras_layer(entry)(tensor)
    received = (1, *tensor.shape[1:])
    inner = entry.get("layer", entry)
    kind = _KERAS_TWINS.get(inner["type"])
    if kind is None:
        assert inner["type"] == "Embedding", inner
        return 0
    bias = inner.get("use_bias", True)
    if kind in _RECURRENT:
        module = getattr(torch.nn, kind)(
            received[-1], inner["units"], bias=bias, batch_first=True, bidirectional="layer" in entry
        )
    elif kind == "Linear":
        module = torch.nn.Linear(received[-1], inner["units"], bias=bias)
    else:
        module = torch.nn.Conv1d(received[-1], inner["filters"], inner["kernel_size"], bias=bias)
    return _macs(module, kind, received)


def test_the_sample_covers_every_topic_and_level():
    assert len(SAMPLE) == 504
    assert {(question.topic, question.level, question.framework) for question in SAMPLE} == {
        (topic, level, framework)
        for topic in ("params", "shapes", "weights", "macs")
        for level in LEVELS
        for framework in ("keras", "pytorch")
    }


@pytest.mark.parametrize(
    "question", SAMPLE, ids=lambda question: f"{question.framework}-{question.level}-{question.number}"
)
def test_the_answer_is_the_real_frameworks(question):
    if question.framework == "pytorch":
        assert torch_fact(question) == question.answer, question.text
    elif question.fact == "macs":
        assert keras_macs(question) == question.answer, question.text
    else:
        assert keras_fact(question) == question.answer, question.text
