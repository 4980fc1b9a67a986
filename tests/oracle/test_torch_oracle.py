"""lstmcalc's PyTorch convention against a real torch.nn: shapes, parameters, buffers, counts, refusals.

Every spec here is a plain Python dict with ``framework: pytorch``. The same dict is
dumped to YAML for lstmcalc and built here as a chain of ``torch.nn`` modules, which
runs a forward pass on zeros. lstmcalc's convention, checked as such:

- shapes are batch-first: a recurrent layer is ``nn.LSTM(..., batch_first=True)``;
  with ``return_sequences: true`` it outputs ``out`` (N, L, D·H_out), otherwise
  ``out[:, -1]``; with ``return_state: true`` the outputs are ``[that, h_n(, c_n)]``;
- Conv1d and BatchNorm1d keep the (N, L, C) layout between layers: they stand for
  ``module(x.transpose(1, 2)).transpose(1, 2)`` on a 3-D input (BatchNorm1d on a 2-D
  input is applied directly);
- weights are ``module.named_parameters()`` (names, shapes, order, ``requires_grad``
  as trainable), buffers are ``module.named_buffers()``, counts are ``numel()`` sums.

Unknown sizes are run twice, at two different concrete sizes: an axis lstmcalc calls
unknown (None) must change between the runs, and every axis it states must not.

Every spec key is a ``torch.nn`` keyword argument, except lstmcalc's own (``type``,
``name``, ``trainable``, ``dtype``, ``return_sequences``, ``return_state``) and the
Keras spellings lstmcalc also reads (``units`` for ``hidden_size``...): a key torch
does not know makes torch refuse the spec, as writing it in PyTorch code would.
"""

from __future__ import annotations

import json
import random
import warnings
from typing import Any

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("keras")

from tests.oracle.keras_side import (  # noqa: E402  (after the skips: only needed when torch is there)
    assert_matches_keras,
    keras_refusal,
    keras_results,
)
from tests.oracle.scaffold import (  # noqa: E402
    ERROR_LINE,
    assert_both_refuse,
    assert_cli_refuses,
    assert_pinned_counts,
    declared_spellings,
    divisors,
    dump_spec,
    input_block,
    is_annotation,
    judge_mutation,
    lstmcalc_document,
    lstmcalc_refusal,
    seq_spec,
    with_spelling,
)

pytestmark = pytest.mark.oracle

#: Two substitutions for unknown sizes: (batch, every other unknown axis).
RUN_SIZES = ((3, 31), (5, 37))

#: Keys that are lstmcalc's, not a torch.nn keyword argument.
LSTMCALC_KEYS = ("type", "name", "trainable", "dtype", "return_sequences", "return_state")

#: Spec type (any case) -> (torch.nn class name, {spec key: torch keyword}) for the Keras spellings.
TORCH_TYPES: dict[str, tuple[str, dict[str, str]]] = {}
for _names, _class, _renames in (
    (("lstm",), "LSTM", {"units": "hidden_size", "use_bias": "bias"}),
    (("gru",), "GRU", {"units": "hidden_size", "use_bias": "bias"}),
    (("rnn", "simplernn"), "RNN", {"units": "hidden_size", "use_bias": "bias"}),
    (("linear", "dense"), "Linear", {"units": "out_features", "use_bias": "bias"}),
    (("embedding",), "Embedding", {"input_dim": "num_embeddings", "output_dim": "embedding_dim"}),
    (("layernorm", "layernormalization"), "LayerNorm", {}),
    (("batchnorm1d", "batchnormalization"), "BatchNorm1d", {}),
    (
        ("conv1d",),
        "Conv1d",
        {"filters": "out_channels", "strides": "stride", "dilation_rate": "dilation", "use_bias": "bias"},
    ),
    (("dropout",), "Dropout", {"rate": "p"}),
):
    for _name in _names:
        TORCH_TYPES[_name] = (_class, _renames)

#: The keyword giving each module its input size, filled in from the input when the spec leaves it out.
INPUT_SIZE_KEYWORD = {
    "LSTM": "input_size",
    "GRU": "input_size",
    "RNN": "input_size",
    "Linear": "in_features",
    "LayerNorm": "normalized_shape",
    "BatchNorm1d": "num_features",
    "Conv1d": "in_channels",
}
RECURRENT_CLASSES = ("LSTM", "GRU", "RNN")


class TorchRefusal(Exception):
    """torch.nn refuses the spec: a module cannot be built, or cannot run on its input."""


# --------------------------------------------------------------------------------------
# Spec -> torch.nn, and a forward pass
# --------------------------------------------------------------------------------------


def torch_dtype(name: str | None) -> Any:
    """The torch dtype a spec's dtype names; a Keras policy such as mixed_float16 is no torch dtype."""
    dtype = getattr(torch, name or "float32", None)
    if not isinstance(dtype, torch.dtype):
        raise TorchRefusal(f"torch has no dtype {name!r}")
    return dtype


def torch_kwargs(entry: dict[str, Any], features: int | None, model_dtype: str | None) -> tuple[str, dict[str, Any]]:
    """The torch.nn class name and the keyword arguments for one spec entry."""
    kind = entry.get("type")
    if not isinstance(kind, str) or kind.lower() not in TORCH_TYPES:
        raise TorchRefusal(f"torch.nn has no layer {kind!r} in lstmcalc's PyTorch convention")
    class_name, renames = TORCH_TYPES[kind.lower()]
    kwargs: dict[str, Any] = {}
    for key, value in entry.items():
        if key in LSTMCALC_KEYS:
            continue
        keyword = renames.get(key, key)
        if keyword in kwargs:
            raise TorchRefusal(f"{keyword} given twice")
        kwargs[keyword] = value
    size_keyword = INPUT_SIZE_KEYWORD.get(class_name)
    if size_keyword:
        kwargs.setdefault(size_keyword, features)
    if class_name in RECURRENT_CLASSES:
        kwargs.setdefault("batch_first", True)
    dtype = torch_dtype(entry.get("dtype", model_dtype))
    if class_name != "Dropout":  # the one module here without parameters, nor a dtype argument
        kwargs["dtype"] = dtype
    return class_name, kwargs


class Step(torch.nn.Module):
    """One spec layer: the torch.nn module and lstmcalc's convention around it."""

    def __init__(self, entry: dict[str, Any], module: Any) -> None:
        super().__init__()
        self.module = module
        self.return_sequences = bool(entry.get("return_sequences", False))
        self.return_state = bool(entry.get("return_state", False))

    def forward(self, x: Any) -> Any:
        module = self.module
        if isinstance(module, torch.nn.RNNBase):
            if x.dim() != 3:
                # torch would read a 2-D input as one unbatched sequence, against the batch-first convention.
                raise ValueError(f"a batch-first recurrent layer needs (N, L, H_in), got {tuple(x.shape)}")
            out, states = module(x)
            main = out if self.return_sequences else out[:, -1]
            if not self.return_state:
                return main
            return [main, *states] if isinstance(states, tuple) else [main, states]
        if isinstance(module, torch.nn.Conv1d) or (isinstance(module, torch.nn.BatchNorm1d) and x.dim() == 3):
            return module(x.transpose(1, 2)).transpose(1, 2)
        return module(x)


def _concrete_input(spec: dict[str, Any], batch_size: int, length: int) -> Any:
    """Zeros of the spec's input shape (ids for an Embedding first), unknown sizes substituted."""
    block = spec["input"]
    batch = block.get("batch_size") or batch_size
    shape = (batch, *(length if dim is None else dim for dim in block["shape"]))
    first = spec["layers"][0].get("type", "")
    if isinstance(first, str) and first.lower() == "embedding":
        return torch.zeros(shape, dtype=torch.long)
    return torch.zeros(shape)


def _shape_of(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [list(tensor.shape) for tensor in value]
    return list(value.shape)


def torch_run(spec: dict[str, Any], batch_size: int, length: int) -> dict[str, Any]:
    """Build the spec's modules one by one on the tensor they receive, run them, and describe them.

    Raises :class:`TorchRefusal` when torch refuses to build or run a module.
    """
    x = _concrete_input(spec, batch_size, length)
    model_input = list(x.shape)
    layers = []
    for entry in spec["layers"]:
        if isinstance(x, list):
            features = None
        else:
            features = x.shape[-1] if x.dim() else None
        try:
            class_name, kwargs = torch_kwargs(entry, features, spec.get("dtype"))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # dropout with one layer, etc.
                module = getattr(torch.nn, class_name)(**kwargs)
        except TorchRefusal:
            raise
        except Exception as error:  # noqa: BLE001 - any refusal by torch counts
            raise TorchRefusal(f"{type(error).__name__}: {error}") from error
        if entry.get("trainable") is False:
            module.requires_grad_(False)
        step = Step(entry, module)
        parameters = [
            {"name": name, "shape": list(p.shape), "trainable": p.requires_grad}
            for name, p in module.named_parameters()
        ]
        buffers = [{"name": name, "shape": list(b.shape)} for name, b in module.named_buffers()]
        sizes = [(p.numel(), p.requires_grad, p.element_size()) for p in module.parameters()]
        module.to(torch.float32).eval()
        received = _shape_of(x)
        try:
            with torch.no_grad():
                x = step(x)
        except Exception as error:  # noqa: BLE001 - any refusal by torch counts
            raise TorchRefusal(f"{class_name}: {type(error).__name__}: {error}") from error
        layers.append(
            {
                "type": type(module).__name__,
                "input_shape": received,
                "output_shape": _shape_of(x),
                "params": sum(n for n, _, _ in sizes),
                "trainable_params": sum(n for n, grad, _ in sizes if grad),
                "non_trainable_params": sum(n for n, grad, _ in sizes if not grad),
                "weights": parameters,
                "buffers": buffers,
                "param_bytes": sum(n * size for n, _, size in sizes),
            }
        )
    return {
        "input_shape": model_input,
        "layers": layers,
        "total_params": sum(layer["params"] for layer in layers),
        "trainable_params": sum(layer["trainable_params"] for layer in layers),
        "non_trainable_params": sum(layer["non_trainable_params"] for layer in layers),
        "param_bytes": sum(layer.pop("param_bytes") for layer in layers),
    }


def torch_refusal(spec: dict[str, Any]) -> TorchRefusal | None:
    """torch's refusal of ``spec``, or None when every module builds and runs."""
    try:
        torch_run(spec, *RUN_SIZES[0])
    except TorchRefusal as refusal:
        return refusal
    return None


def _merge(first: Any, second: Any) -> Any:
    """Two runs' shapes as one: None where they differ (a size that follows the substituted sizes)."""
    if isinstance(first, list) and first and isinstance(first[0], list):
        assert len(first) == len(second)
        return [_merge(a, b) for a, b in zip(first, second)]
    assert len(first) == len(second), (first, second)
    return [a if a == b else None for a, b in zip(first, second)]


def torch_view(spec: dict[str, Any]) -> dict[str, Any]:
    """What lstmcalc's JSON states, as torch.nn has it; shapes merged over the two runs."""
    first, second = (torch_run(spec, *sizes) for sizes in RUN_SIZES)
    view = dict(first)
    view["input_shape"] = _merge(first["input_shape"], second["input_shape"])
    view["layers"] = [
        {
            **layer,
            "input_shape": _merge(layer["input_shape"], other["input_shape"]),
            "output_shape": _merge(layer["output_shape"], other["output_shape"]),
        }
        for layer, other in zip(first["layers"], second["layers"])
    ]
    return view


#: What lstmcalc's JSON states per layer that torch.nn also has (not the layer names, nor the inbound connections).
TORCH_LAYER_KEYS = (
    "type",
    "input_shape",
    "output_shape",
    "params",
    "trainable_params",
    "non_trainable_params",
    "weights",
    "buffers",
)
TORCH_MODEL_KEYS = ("input_shape", "total_params", "trainable_params", "non_trainable_params", "param_bytes")


def lstmcalc_torch_view(spec: dict[str, Any], framework: str | None = None) -> dict[str, Any]:
    """lstmcalc's JSON, keeping what torch.nn has a counterpart for."""
    document = lstmcalc_document(spec, framework)
    assert document["framework"] == "pytorch"
    return {
        **{key: document[key] for key in TORCH_MODEL_KEYS},
        "layers": [{key: layer[key] for key in TORCH_LAYER_KEYS} for layer in document["layers"]],
    }


def assert_matches_torch(spec: dict[str, Any], framework: str | None = None) -> None:
    """Types, shapes, parameters, buffers and counts of every layer, and the totals, equal torch's."""
    expected = torch_view(spec)
    assert lstmcalc_torch_view(spec, framework) == expected, "\n" + dump_spec(spec)


def pytorch(*layers: dict[str, Any], shape: list, batch_size: int | None = None, **top: Any) -> dict[str, Any]:
    """A spec under the PyTorch convention."""
    return seq_spec(*layers, shape=shape, batch_size=batch_size, framework="pytorch", **top)


def lstm(hidden_size: int, **options: Any) -> dict[str, Any]:
    return {"type": "LSTM", "hidden_size": hidden_size, **options}


def gru(hidden_size: int, **options: Any) -> dict[str, Any]:
    return {"type": "GRU", "hidden_size": hidden_size, **options}


def rnn(hidden_size: int, **options: Any) -> dict[str, Any]:
    return {"type": "RNN", "hidden_size": hidden_size, **options}


def linear(out_features: int, **options: Any) -> dict[str, Any]:
    return {"type": "Linear", "out_features": out_features, **options}


def conv(out_channels: int, kernel_size: int, **options: Any) -> dict[str, Any]:
    return {"type": "Conv1d", "out_channels": out_channels, "kernel_size": kernel_size, **options}


# --------------------------------------------------------------------------------------
# (a) Hand-written specs
# --------------------------------------------------------------------------------------

CORPUS: dict[str, dict[str, Any]] = {
    "lstm_last_step": pytorch(lstm(12), shape=[None, 80]),
    "lstm_sequences": pytorch(lstm(12, return_sequences=True), shape=[None, 80]),
    "lstm_return_state": pytorch(lstm(5, return_state=True), shape=[4, 3]),
    "lstm_return_state_sequences": pytorch(lstm(5, return_state=True, return_sequences=True), shape=[4, 3]),
    "lstm_two_layers_bidirectional": pytorch(lstm(12, num_layers=2, bidirectional=True), shape=[None, 80]),
    "lstm_bidirectional_return_state": pytorch(
        lstm(4, num_layers=3, bidirectional=True, return_state=True), shape=[None, 2]
    ),
    "lstm_proj_size": pytorch(lstm(8, proj_size=3, return_sequences=True), shape=[6, 5]),
    "lstm_proj_size_stacked_bidirectional_state": pytorch(
        lstm(8, proj_size=3, num_layers=2, bidirectional=True, return_state=True), shape=[6, 5]
    ),
    "lstm_proj_size_zero": pytorch(lstm(8, proj_size=0), shape=[6, 5]),
    "lstm_no_bias": pytorch(lstm(4, bias=False), shape=[6, 5]),
    "lstm_dropout_between_layers": pytorch(lstm(4, num_layers=3, dropout=0.3), shape=[6, 5]),
    "lstm_dropout_single_layer": pytorch(lstm(4, dropout=0.3), shape=[6, 5]),
    "lstm_input_size_given": pytorch(lstm(4, input_size=5), shape=[6, 5]),
    "lstm_batch_first_given": pytorch(lstm(4, batch_first=True), shape=[6, 5]),
    "lstm_keras_spellings": pytorch({"type": "LSTM", "units": 4, "use_bias": False}, shape=[6, 5]),
    "lstm_fixed_batch": pytorch(lstm(4, return_state=True), shape=[6, 5], batch_size=2),
    "lstm_frozen": pytorch(lstm(4, trainable=False), linear(2), shape=[6, 5]),
    "lstm_float64": pytorch(lstm(4, dtype="float64"), shape=[6, 5]),
    "model_float16": {**pytorch(lstm(4), linear(2), shape=[6, 5]), "dtype": "float16"},
    "gru_stack": pytorch(gru(6, return_sequences=True), gru(3, num_layers=2), shape=[None, 4]),
    "gru_bidirectional_state": pytorch(gru(3, bidirectional=True, return_state=True), shape=[7, 2]),
    "gru_no_bias": pytorch(gru(3, bias=False, num_layers=2), shape=[7, 2]),
    "rnn_relu": pytorch(rnn(5, nonlinearity="relu"), shape=[7, 2]),
    "rnn_state": pytorch(rnn(5, num_layers=2, return_state=True, return_sequences=True), shape=[7, 2]),
    "simple_rnn_alias": pytorch({"type": "SimpleRNN", "units": 5}, shape=[7, 2]),
    "linear_2d": pytorch(linear(3), shape=[5]),
    "linear_3d": pytorch(linear(3), linear(2, bias=False), shape=[None, 5]),
    "linear_4d": pytorch(linear(3), shape=[2, 4, 5]),
    "linear_in_features": pytorch(linear(3, in_features=5), shape=[5]),
    "dense_alias": pytorch({"type": "Dense", "units": 3}, shape=[5]),
    "embedding": pytorch({"type": "Embedding", "num_embeddings": 100, "embedding_dim": 8}, lstm(4), shape=[None]),
    "embedding_keras_spellings": pytorch({"type": "Embedding", "input_dim": 100, "output_dim": 8}, shape=[None]),
    "embedding_padding_idx": pytorch(
        {"type": "Embedding", "num_embeddings": 10, "embedding_dim": 3, "padding_idx": 0}, shape=[4]
    ),
    "embedding_2d_ids": pytorch({"type": "Embedding", "num_embeddings": 10, "embedding_dim": 3}, shape=[4, 5]),
    "embedding_scalar_ids": pytorch({"type": "Embedding", "num_embeddings": 10, "embedding_dim": 3}, shape=[]),
    "layer_norm": pytorch(lstm(4, return_sequences=True), {"type": "LayerNorm"}, shape=[None, 3]),
    "layer_norm_normalized_shape": pytorch({"type": "LayerNorm", "normalized_shape": 3}, shape=[None, 3]),
    "layer_norm_normalized_shape_list": pytorch({"type": "LayerNorm", "normalized_shape": [5, 3]}, shape=[5, 3]),
    "layer_norm_no_affine": pytorch({"type": "LayerNorm", "elementwise_affine": False}, shape=[5, 3]),
    "layer_norm_no_bias": pytorch({"type": "LayerNorm", "bias": False}, shape=[5, 3]),
    "layer_norm_alias_2d": pytorch({"type": "LayerNormalization"}, shape=[3]),
    "batch_norm_3d": pytorch({"type": "BatchNorm1d"}, shape=[None, 4]),
    "batch_norm_2d": pytorch(linear(8), {"type": "BatchNorm1d"}, shape=[3]),
    "batch_norm_num_features": pytorch({"type": "BatchNorm1d", "num_features": 4}, shape=[6, 4]),
    "batch_norm_no_affine": pytorch({"type": "BatchNorm1d", "affine": False}, shape=[6, 4]),
    "batch_norm_no_running_stats": pytorch({"type": "BatchNorm1d", "track_running_stats": False}, shape=[6, 4]),
    "batch_norm_neither": pytorch({"type": "BatchNorm1d", "affine": False, "track_running_stats": False}, shape=[6, 4]),
    "batch_norm_alias": pytorch({"type": "BatchNormalization"}, shape=[6, 4]),
    "batch_norm_frozen": pytorch({"type": "BatchNorm1d", "trainable": False}, shape=[6, 4]),
    "batch_norm_bias_false": pytorch({"type": "BatchNorm1d", "bias": False}, shape=[6, 4]),
    "batch_norm_momentum_eps": pytorch({"type": "BatchNorm1d", "momentum": 0.2, "eps": 1e-3}, shape=[6, 4]),
    "conv_valid": pytorch(conv(8, 3), shape=[10, 4]),
    "conv_padding_valid_string": pytorch(conv(8, 3, padding="valid"), shape=[10, 4]),
    "conv_padding_same": pytorch(conv(8, 4, padding="same"), shape=[10, 4]),
    "conv_padding_same_dilated": pytorch(conv(8, 3, padding="same", dilation=3), shape=[10, 4]),
    "conv_padding_int": pytorch(conv(8, 3, padding=2), shape=[10, 4]),
    "conv_padding_int_strided": pytorch(conv(8, 3, padding=1, stride=2), shape=[11, 4]),
    "conv_strided_dilated": pytorch(conv(8, 3, stride=2, dilation=2), shape=[11, 4]),
    "conv_groups": pytorch(conv(6, 3, groups=2), shape=[10, 4]),
    "conv_no_bias": pytorch(conv(6, 3, bias=False), shape=[10, 4]),
    "conv_in_channels": pytorch(conv(6, 3, in_channels=4), shape=[10, 4]),
    "conv_unknown_length": pytorch(conv(6, 5, stride=3), conv(2, 2), shape=[None, 4]),
    "conv_keras_spellings": pytorch(
        {"type": "Conv1D", "filters": 6, "kernel_size": 3, "strides": 2, "use_bias": False}, shape=[11, 4]
    ),
    "conv_padding_mode_reflect": pytorch(conv(6, 3, padding=1, padding_mode="reflect"), shape=[10, 4]),
    "conv_kernel_equals_length": pytorch(conv(6, 10), shape=[10, 4]),
    "conv_sizes_as_lists": pytorch(conv(6, [3], stride=[2], padding=[1]), shape=[10, 4]),
    "dropout": pytorch({"type": "Dropout", "p": 0.5}, shape=[None, 4]),
    "dropout_keras_spelling": pytorch({"type": "Dropout", "rate": 0.5}, shape=[4]),
    "conv_bn_lstm_head": pytorch(
        conv(16, 5, padding=2),
        {"type": "BatchNorm1d"},
        {"type": "Dropout", "p": 0.1},
        lstm(32, num_layers=2, bidirectional=True, dropout=0.2),
        {"type": "LayerNorm"},
        linear(3),
        shape=[None, 6],
        name="conv_bilstm",
    ),
}

#: torch.nn figures, per layer and in total (4·H·(I + H) + 2·4·H per LSTM layer and direction).
PINNED_COUNTS = {
    "lstm_last_step": ([4 * 12 * (80 + 12) + 2 * 4 * 12], 4512),
    "lstm_two_layers_bidirectional": ([12672], 12672),
    "batch_norm_2d": ([3 * 8 + 8, 16], 48),
    "conv_valid": ([8 * 4 * 3 + 8], 104),
}


@pytest.mark.parametrize("case", sorted(PINNED_COUNTS))
def test_pinned_counts(case: str) -> None:
    assert_pinned_counts((torch_view(CORPUS[case]), lstmcalc_torch_view(CORPUS[case])), *PINNED_COUNTS[case])


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_corpus_matches_torch(case: str) -> None:
    assert_matches_torch(CORPUS[case])


def test_batch_norm_statistics_are_buffers_not_parameters() -> None:
    document = lstmcalc_document(CORPUS["batch_norm_3d"])
    (layer,) = document["layers"]
    assert [weight["name"] for weight in layer["weights"]] == ["weight", "bias"]
    assert [(buffer["name"], buffer["shape"]) for buffer in layer["buffers"]] == [
        ("running_mean", [4]),
        ("running_var", [4]),
        ("num_batches_tracked", []),
    ]
    assert document["total_params"] == 8


@pytest.mark.parametrize("case", ["conv_bn_lstm_head", "lstm_bidirectional_return_state", "batch_norm_3d"])
def test_framework_option_and_cli(case: str, run_cli: Any) -> None:
    """``framework="pytorch"`` and ``--framework pytorch`` give the same as ``framework: pytorch`` in the spec."""
    spec = CORPUS[case]
    without_key = {key: value for key, value in spec.items() if key != "framework"}
    assert_matches_torch(without_key, framework="pytorch")
    result = run_cli(dump_spec(without_key), "--framework", "pytorch", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == lstmcalc_document(spec)


# --------------------------------------------------------------------------------------
# (b) The worked example of docs/learn/formulas.md: one model, both conventions
# --------------------------------------------------------------------------------------

TWO_LAYER_BILSTM_KERAS = seq_spec(
    {"type": "Bidirectional", "layer": {"type": "LSTM", "units": 12, "return_sequences": True}},
    {"type": "Bidirectional", "layer": {"type": "LSTM", "units": 12}},
    shape=[None, 80],
)
TWO_LAYER_BILSTM_PYTORCH = pytorch(lstm(12, num_layers=2, bidirectional=True), shape=[None, 80])


def test_two_layer_bidirectional_lstm_in_both_conventions() -> None:
    """Keras: 2·4·12·(80 + 12 + 1) + 2·4·12·(24 + 12 + 1); torch: a second bias per gate, 2·2·4·12 more."""
    keras_view, _ = keras_results(TWO_LAYER_BILSTM_KERAS)
    assert keras_view["total_params"] == lstmcalc_document(TWO_LAYER_BILSTM_KERAS)["total_params"] == 12480
    assert torch_view(TWO_LAYER_BILSTM_PYTORCH)["total_params"] == 12672
    assert lstmcalc_document(TWO_LAYER_BILSTM_PYTORCH)["total_params"] == 12672
    for spec in (TWO_LAYER_BILSTM_KERAS, TWO_LAYER_BILSTM_PYTORCH):
        assert lstmcalc_document(spec)["layers"][-1]["output_shape"] == [None, 24]


def test_docs_worked_example_specs() -> None:
    """``specs/bidirectional_encoder.yaml`` and its PyTorch twin: the totals of docs/learn/formulas.md."""
    import yaml

    from tests.conftest import SPECS
    from tests.docs_pages import page

    keras_spec = yaml.safe_load((SPECS / "bidirectional_encoder.yaml").read_text(encoding="utf-8"))
    torch_spec = yaml.safe_load((SPECS / "bidirectional_encoder_pytorch.yaml").read_text(encoding="utf-8"))
    keras_view, _ = keras_results(keras_spec)
    torch_side = torch_view(torch_spec)
    assert (keras_view["total_params"], torch_side["total_params"]) == (12605, 12797)
    assert torch_side["total_params"] - keras_view["total_params"] == 192 == 4 * 12 * 2 * 2
    assert lstmcalc_document(keras_spec)["total_params"] == 12605
    assert_matches_keras(keras_spec)
    assert_matches_torch(torch_spec)
    assert "Keras: 12,605; PyTorch: 12,797. The difference, 192" in page("learn/formulas.md")


# --------------------------------------------------------------------------------------
# (c) Random valid stacks
# --------------------------------------------------------------------------------------

RANDOM_SEEDS = range(300)


def _spell(rng: random.Random, torch_name: str, keras_name: str) -> str:
    return torch_name if rng.random() < 0.75 else keras_name


class TorchStackBuilder:
    """Draws torch layers that fit the current per-sample shape (the feature axis always known)."""

    def __init__(self, rng: random.Random, model_dtype: str | None) -> None:
        self.rng = rng
        self.model_dtype = model_dtype

    def finish(self, entry: dict[str, Any]) -> dict[str, Any]:
        rng = self.rng
        if rng.random() < 0.08:
            entry["trainable"] = False
        if rng.random() < 0.08:
            entry["dtype"] = rng.choice(["float64", "float16", "bfloat16"])
        if rng.random() < 0.1:
            entry["type"] = rng.choice([entry["type"].lower(), entry["type"].upper()])
        return entry

    def recurrent(self, is_last: bool, features: int) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choice(["LSTM", "GRU", "RNN"])
        entry: dict[str, Any] = {"type": kind if kind != "RNN" else _spell(rng, "RNN", "SimpleRNN")}
        hidden = rng.randint(1, 10)
        entry[_spell(rng, "hidden_size", "units")] = hidden
        layers = rng.choice([1, 1, 2, 3])
        if layers > 1 or rng.random() < 0.1:
            entry["num_layers"] = layers
        if rng.random() < 0.4:
            entry["bidirectional"] = rng.random() < 0.8
        if kind == "LSTM" and hidden > 1 and rng.random() < 0.3:
            entry["proj_size"] = rng.randint(0, hidden - 1)
        if rng.random() < 0.15:
            entry[_spell(rng, "bias", "use_bias")] = False
        if layers > 1 and rng.random() < 0.3:
            entry["dropout"] = rng.choice([0.0, 0.25])
        if kind == "RNN" and rng.random() < 0.3:
            entry["nonlinearity"] = rng.choice(["tanh", "relu"])
        if rng.random() < 0.15:
            entry["input_size"] = features
        if rng.random() < 0.1:
            entry["batch_first"] = True
        entry["return_sequences"] = rng.random() < (0.4 if is_last else 0.7)
        if is_last and rng.random() < 0.3:
            entry["return_state"] = True
        return self.finish(entry)

    def linear(self, features: int) -> dict[str, Any]:
        rng = self.rng
        entry: dict[str, Any] = {"type": _spell(rng, "Linear", "Dense")}
        entry["out_features" if entry["type"] == "Linear" else "units"] = rng.randint(1, 12)
        if rng.random() < 0.2:
            entry[_spell(rng, "bias", "use_bias")] = False
        if rng.random() < 0.2:
            entry["in_features"] = features
        return self.finish(entry)

    def conv(self, length: int | None, features: int) -> tuple[dict[str, Any], int | None]:
        rng = self.rng
        entry: dict[str, Any] = {"type": _spell(rng, "Conv1d", "Conv1D")}
        kernel = rng.randint(1, 5)
        dilation = rng.choice([1, 1, 2, 3])
        padding = rng.choice([None, None, "valid", "same", 0, 1, 2])
        stride = 1 if padding == "same" else rng.choice([1, 1, 2, 3])
        zeros = {None: 0, "valid": 0, "same": 0}.get(padding, padding) if not isinstance(padding, int) else padding
        if length is not None and padding != "same":
            while kernel > 1 and dilation * (kernel - 1) + 1 > length + 2 * zeros:
                kernel -= 1
        groups = rng.choice(divisors(features)) if rng.random() < 0.25 else 1
        out_channels = groups * rng.randint(1, 4)
        entry[_spell(rng, "out_channels", "filters")] = out_channels
        entry["kernel_size"] = kernel
        if stride != 1 or rng.random() < 0.1:
            entry[_spell(rng, "stride", "strides")] = stride
        if padding is not None:
            entry["padding"] = padding
        if dilation != 1:
            entry[_spell(rng, "dilation", "dilation_rate")] = dilation
        if groups != 1:
            entry["groups"] = groups
        if rng.random() < 0.15:
            entry[_spell(rng, "bias", "use_bias")] = False
        if rng.random() < 0.15:
            entry["in_channels"] = features
        if length is None:
            new_length = None
        elif padding == "same":
            new_length = length
        else:
            new_length = (length + 2 * zeros - dilation * (kernel - 1) - 1) // stride + 1
        return self.finish(entry), new_length

    def norm(self, shape: list) -> dict[str, Any]:
        rng = self.rng
        if len(shape) <= 2 and rng.random() < 0.5:
            entry: dict[str, Any] = {"type": _spell(rng, "BatchNorm1d", "BatchNormalization")}
            for option in ("affine", "track_running_stats"):
                if rng.random() < 0.2:
                    entry[option] = rng.random() < 0.5
            if rng.random() < 0.2:
                entry["num_features"] = shape[-1]
            return self.finish(entry)
        entry = {"type": _spell(rng, "LayerNorm", "LayerNormalization")}
        if rng.random() < 0.3:
            known_tail = 1 + (len(shape) >= 2 and shape[-2] is not None and rng.random() < 0.5)
            tail = shape[len(shape) - known_tail :]
            entry["normalized_shape"] = tail if len(tail) > 1 or rng.random() < 0.5 else tail[0]
        for option in ("elementwise_affine", "bias"):
            if rng.random() < 0.15:
                entry[option] = rng.random() < 0.5
        return self.finish(entry)

    def dropout(self) -> dict[str, Any]:
        key = _spell(self.rng, "p", "rate")
        return self.finish({"type": "Dropout", key: self.rng.choice([0.0, 0.2, 0.5])})


def random_torch_spec(seed: int) -> dict[str, Any]:
    """A small torch.nn stack lstmcalc's PyTorch convention describes, drawn from ``random.Random(seed)``."""
    rng = random.Random(seed)
    spec: dict[str, Any] = {}
    if rng.random() < 0.8:
        spec["framework"] = "pytorch"
    model_dtype = rng.choice([None] * 6 + ["float64", "float16"])
    if model_dtype:
        spec["dtype"] = model_dtype
    batch = rng.choice([None, None, 2, 4])
    length = rng.choice([None, None, 3, 8, 20])
    builder = TorchStackBuilder(rng, model_dtype)
    start = rng.choices(["sequence", "embedding", "flat", "grid"], weights=[6, 2, 2, 1])[0]
    layers: list[dict[str, Any]] = []
    if start == "embedding":
        input_shape: list = [length]
        entry = {"type": "Embedding"}
        entry[_spell(rng, "num_embeddings", "input_dim")] = rng.randint(1, 50)
        entry[_spell(rng, "embedding_dim", "output_dim")] = rng.randint(1, 10)
        layers.append(builder.finish(entry))
        shape = [length, next(value for key, value in entry.items() if key in ("embedding_dim", "output_dim"))]
    else:
        features = rng.randint(1, 10)
        input_shape = {
            "sequence": [length, features],
            "flat": [features],
            "grid": [rng.randint(1, 3), length, features],
        }[start]
        shape = list(input_shape)
    count = rng.randint(1, 5)
    for step in range(count):
        is_last = step == count - 1
        kinds = ["linear", "norm", "dropout"]
        if len(shape) == 2:
            kinds += ["recurrent"] * 4 + ["conv"] * 2
        kind = rng.choice(kinds)
        if kind == "recurrent":
            entry = builder.recurrent(is_last, shape[-1])
            hidden = entry.get("hidden_size", entry.get("units"))
            width = (entry.get("proj_size") or hidden) * (2 if entry.get("bidirectional") else 1)
            shape = [shape[0], width] if entry["return_sequences"] else [width]
        elif kind == "conv":
            entry, new_length = builder.conv(shape[0], shape[1])
            shape = [new_length, entry.get("out_channels", entry.get("filters"))]
        elif kind == "linear":
            entry = builder.linear(shape[-1])
            shape = [*shape[:-1], entry.get("out_features", entry.get("units"))]
        elif kind == "norm":
            entry = builder.norm(shape)
        else:
            entry = builder.dropout()
        layers.append(entry)
        if entry.get("return_state"):
            break
    spec["input"] = input_block(input_shape, batch)
    spec["layers"] = layers
    return spec


def _framework_argument(spec: dict[str, Any]) -> str | None:
    """Specs without a framework key get it from the library's argument, as from --framework."""
    return None if "framework" in spec else "pytorch"


@pytest.mark.parametrize("seed", RANDOM_SEEDS)
def test_random_stack_matches_torch(seed: int) -> None:
    spec = random_torch_spec(seed)
    assert_matches_torch(spec, _framework_argument(spec))


# --------------------------------------------------------------------------------------
# (d) Random mutations, judged by torch
# --------------------------------------------------------------------------------------

MUTATION_SEEDS = range(150)


def mutate_torch(spec: dict[str, Any], rng: random.Random) -> str:
    """Change one thing that often makes torch refuse the stack; say what."""
    layers = spec["layers"]
    choices = ["proj_size", "same_strided", "in_size", "kernel", "groups", "insert", "shape", "dropout", "state"]
    rng.shuffle(choices)
    for choice in choices:
        of = [entry for entry in layers if entry["type"].lower() in _MUTATION_TARGETS[choice]]
        if choice == "proj_size" and of:
            entry = rng.choice(of)
            entry["proj_size"] = entry.get("hidden_size", entry.get("units")) + rng.choice([-1, 0, 1])
        elif choice == "same_strided" and of:
            entry = rng.choice(of)
            entry.pop("strides", None)
            entry["padding"], entry["stride"] = "same", rng.choice([1, 2])
        elif choice == "in_size" and of:
            entry = rng.choice(of)
            key = {"linear": "in_features", "dense": "in_features", "conv1d": "in_channels"}.get(
                entry["type"].lower(), "input_size"
            )
            entry[key] = rng.randint(1, 6)
        elif choice == "kernel" and of:
            rng.choice(of)["kernel_size"] = rng.choice([7, 25, 60])
        elif choice == "groups" and of:
            rng.choice(of)["groups"] = rng.choice([2, 3])
        elif choice == "insert":
            extra = rng.choice(
                [lstm(2), {"type": "BatchNorm1d"}, conv(2, 3), linear(2), {"type": "LayerNorm", "normalized_shape": 4}]
            )
            layers.insert(rng.randint(0, len(layers)), dict(extra))
        elif choice == "shape" and spec["input"]["shape"]:
            spec["input"]["shape"][-1] = rng.randint(1, 4)
        elif choice == "dropout" and of:
            entry = rng.choice(of)
            entry.pop("rate", None)
            entry["p" if entry["type"].lower() == "dropout" else "dropout"] = rng.choice([1.5, -0.1, 1.0])
        elif choice == "state" and of:
            rng.choice(of)["return_state"] = True
        else:
            continue
        return choice
    return "nothing"


_RECURRENT_TYPES = {"lstm", "gru", "rnn", "simplernn"}
_MUTATION_TARGETS: dict[str, set[str]] = {
    "proj_size": {"lstm"},
    "same_strided": {"conv1d"},
    "in_size": {"linear", "dense", "conv1d", *_RECURRENT_TYPES},
    "kernel": {"conv1d"},
    "groups": {"conv1d"},
    "insert": set(),
    "shape": set(),
    "dropout": {"dropout", *_RECURRENT_TYPES},
    "state": _RECURRENT_TYPES,
}


@pytest.mark.parametrize("seed", MUTATION_SEEDS)
def test_mutated_stack_agrees_with_torch(seed: int, run_cli: Any) -> None:
    spec = random_torch_spec(seed)
    spec["framework"] = "pytorch"
    mutation = mutate_torch(spec, random.Random(30_000 + seed))
    judge_mutation(spec, mutation, torch_refusal(spec), assert_matches_torch, run_cli)


# --------------------------------------------------------------------------------------
# (e) Refusals
# --------------------------------------------------------------------------------------

#: torch.nn refuses to build or run these; lstmcalc must refuse them too.
TORCH_REFUSES: dict[str, dict[str, Any]] = {
    "proj_size_equal_hidden_size": pytorch(lstm(4, proj_size=4), shape=[5, 3]),
    "proj_size_above_hidden_size": pytorch(lstm(4, proj_size=6), shape=[5, 3]),
    "proj_size_on_gru": pytorch(gru(4, proj_size=2), shape=[5, 3]),
    "proj_size_negative": pytorch(lstm(4, proj_size=-1), shape=[5, 3]),
    "conv_same_strided": pytorch(conv(4, 3, padding="same", stride=2), shape=[10, 3]),
    "conv_causal": pytorch(conv(4, 3, padding="causal"), shape=[10, 3]),
    "conv_kernel_longer_than_input": pytorch(conv(4, 5), shape=[4, 3]),
    "conv_kernel_longer_than_padded_input": pytorch(conv(4, 9, padding=2), shape=[4, 3]),
    "conv_dilated_kernel_longer_than_input": pytorch(conv(4, 3, dilation=3), shape=[6, 3]),
    "conv_groups_not_dividing_in_channels": pytorch(conv(4, 3, groups=2), shape=[10, 3]),
    "conv_groups_not_dividing_out_channels": pytorch(conv(3, 3, groups=2), shape=[10, 4]),
    "conv_in_channels_mismatch": pytorch(conv(4, 3, in_channels=5), shape=[10, 3]),
    "conv_on_2d": pytorch(conv(4, 3), shape=[10]),
    "conv_negative_padding": pytorch(conv(4, 3, padding=-1), shape=[10, 3]),
    "linear_in_features_mismatch": pytorch(linear(4, in_features=5), shape=[3]),
    "linear_in_features_mismatch_3d": pytorch(linear(4, in_features=5), shape=[None, 3]),
    "lstm_input_size_mismatch": pytorch(lstm(4, input_size=2), shape=[5, 3]),
    "gru_input_size_mismatch_after_lstm": pytorch(
        lstm(4, return_sequences=True, bidirectional=True), gru(2, input_size=4), shape=[5, 3]
    ),
    "lstm_on_4d": pytorch(lstm(4), shape=[2, 5, 3]),
    "batch_norm_num_features_mismatch": pytorch({"type": "BatchNorm1d", "num_features": 5}, shape=[6, 4]),
    "batch_norm_on_4d": pytorch({"type": "BatchNorm1d"}, shape=[2, 6, 4]),
    "layer_norm_normalized_shape_mismatch": pytorch({"type": "LayerNorm", "normalized_shape": 5}, shape=[6, 4]),
    "layer_norm_normalized_shape_list_mismatch": pytorch(
        {"type": "LayerNorm", "normalized_shape": [4, 4]}, shape=[6, 4]
    ),
    "dropout_p_above_one": pytorch({"type": "Dropout", "p": 1.5}, shape=[4]),
    "lstm_dropout_above_one": pytorch(lstm(4, num_layers=2, dropout=1.5), shape=[5, 3]),
    "rnn_nonlinearity_unknown": pytorch(rnn(4, nonlinearity="sigmoid"), shape=[5, 3]),
    "embedding_padding_idx_out_of_range": pytorch(
        {"type": "Embedding", "num_embeddings": 3, "embedding_dim": 2, "padding_idx": 5}, shape=[4]
    ),
    "embedding_after_linear": pytorch(
        linear(3), {"type": "Embedding", "num_embeddings": 10, "embedding_dim": 2}, shape=[4]
    ),
    "linear_after_return_state": pytorch(lstm(4, return_state=True), linear(2), shape=[5, 3]),
    "dropout_after_return_state": pytorch(lstm(4, return_state=True), {"type": "Dropout", "p": 0.1}, shape=[5, 3]),
    "lstm_after_last_step": pytorch(lstm(4), lstm(2), shape=[5, 3]),
    "dtype_mixed_policy": pytorch(linear(4, dtype="mixed_float16"), shape=[3]),
    "model_dtype_int8": {**pytorch(linear(4), shape=[3]), "dtype": "int8"},
    "hidden_size_zero": pytorch(lstm(0), shape=[5, 3]),
    "num_layers_zero": pytorch(lstm(4, num_layers=0), shape=[5, 3]),
}

#: Keras-only options the PyTorch convention must refuse: torch.nn has no such keyword.
#: (``test_pytorch_convention_takes_only_torch_keywords`` checks every other key lstmcalc takes.)
KERAS_ONLY_OPTIONS: dict[str, dict[str, Any]] = {
    "stateful": pytorch(lstm(4, stateful=True), shape=[5, 3], batch_size=2),
    "reset_after": pytorch(gru(4, reset_after=False), shape=[5, 3]),
    "batch_norm_center": pytorch({"type": "BatchNorm1d", "center": False}, shape=[5, 3]),
    "batch_norm_scale": pytorch({"type": "BatchNorm1d", "scale": False}, shape=[5, 3]),
    "layer_norm_center": pytorch({"type": "LayerNorm", "center": False}, shape=[5, 3]),
    "layer_norm_scale": pytorch({"type": "LayerNorm", "scale": False}, shape=[5, 3]),
    "activity_regularizer": pytorch(linear(4, activity_regularizer="l2"), shape=[3]),
    "autocast": pytorch(linear(4, autocast=False), shape=[3]),
}

#: lstmcalc's convention shows shapes batch-first; torch.nn would take these, lstmcalc refuses them on purpose.
CONVENTION_REFUSALS: dict[str, dict[str, Any]] = {
    "batch_first_false": pytorch(lstm(4, batch_first=False), shape=[5, 3]),
    "lstm_on_2d": pytorch(lstm(4), shape=[3]),
}


@pytest.mark.parametrize("case", sorted(CONVENTION_REFUSALS))
def test_convention_refusals(case: str, run_cli: Any) -> None:
    assert_cli_refuses(run_cli(dump_spec(CONVENTION_REFUSALS[case])))


#: Layer types with no torch.nn counterpart in lstmcalc's PyTorch convention.
#: (Each is a valid Keras layer on the input shape given.)
KERAS_ONLY_TYPES: dict[str, tuple[dict[str, Any], list]] = {
    "TimeDistributed": ({"type": "TimeDistributed", "layer": {"type": "Dense", "units": 2}}, [5, 3]),
    "Bidirectional": ({"type": "Bidirectional", "layer": {"type": "LSTM", "units": 2}}, [5, 3]),
    "Masking": ({"type": "Masking"}, [5, 3]),
    "SpatialDropout1D": ({"type": "SpatialDropout1D", "rate": 0.1}, [5, 3]),
    "Activation": ({"type": "Activation", "activation": "relu"}, [5, 3]),
    "Flatten": ({"type": "Flatten"}, [5, 3]),
    "RepeatVector": ({"type": "RepeatVector", "n": 2}, [3]),
    "Reshape": ({"type": "Reshape", "target_shape": [15]}, [5, 3]),
    "Permute": ({"type": "Permute", "dims": [2, 1]}, [5, 3]),
    "MaxPooling1D": ({"type": "MaxPooling1D"}, [5, 3]),
    "AveragePooling1D": ({"type": "AveragePooling1D", "pool_size": 2}, [5, 3]),
    "GlobalAveragePooling1D": ({"type": "GlobalAveragePooling1D"}, [5, 3]),
    "GlobalMaxPooling1D": ({"type": "GlobalMaxPooling1D"}, [5, 3]),
}

#: torch-only options under framework: keras; Keras has no such argument.
TORCH_ONLY_OPTIONS: dict[str, dict[str, Any]] = {
    "num_layers": seq_spec({"type": "LSTM", "units": 4, "num_layers": 2}, shape=[5, 3]),
    "bidirectional": seq_spec({"type": "GRU", "units": 4, "bidirectional": True}, shape=[5, 3]),
    "proj_size": seq_spec({"type": "LSTM", "units": 4, "proj_size": 2}, shape=[5, 3]),
    "batch_first": seq_spec({"type": "SimpleRNN", "units": 4, "batch_first": True}, shape=[5, 3]),
    "input_size": seq_spec({"type": "LSTM", "units": 4, "input_size": 3}, shape=[5, 3]),
    "in_features": seq_spec({"type": "Dense", "units": 4, "in_features": 3}, shape=[3]),
    "in_channels": seq_spec({"type": "Conv1D", "filters": 4, "kernel_size": 2, "in_channels": 3}, shape=[5, 3]),
    "num_features": seq_spec({"type": "BatchNormalization", "num_features": 3}, shape=[5, 3]),
    "affine": seq_spec({"type": "BatchNormalization", "affine": False}, shape=[5, 3]),
    "track_running_stats": seq_spec({"type": "BatchNormalization", "track_running_stats": False}, shape=[5, 3]),
    "normalized_shape": seq_spec({"type": "LayerNormalization", "normalized_shape": 3}, shape=[5, 3]),
    "elementwise_affine": seq_spec({"type": "LayerNormalization", "elementwise_affine": False}, shape=[5, 3]),
    "layer_norm_bias": seq_spec({"type": "LayerNormalization", "bias": False}, shape=[5, 3]),
}


@pytest.mark.parametrize("case", sorted(TORCH_REFUSES))
def test_torch_refuses_and_so_does_lstmcalc(case: str, run_cli: Any) -> None:
    spec = TORCH_REFUSES[case]
    assert_both_refuse(torch_refusal(spec), spec, run_cli, "torch builds and runs this spec; it does not belong here")


@pytest.mark.parametrize("case", sorted(KERAS_ONLY_OPTIONS))
def test_keras_only_option_under_pytorch(case: str, run_cli: Any) -> None:
    spec = KERAS_ONLY_OPTIONS[case]
    assert_both_refuse(torch_refusal(spec), spec, run_cli, "torch.nn takes this keyword")


@pytest.mark.parametrize("type_name", sorted(KERAS_ONLY_TYPES))
def test_keras_only_layer_type_under_pytorch(type_name: str, run_cli: Any) -> None:
    entry, shape = KERAS_ONLY_TYPES[type_name]
    keras_spec = seq_spec(entry, shape=shape)
    assert keras_refusal(keras_spec) is None
    assert_cli_refuses(run_cli(dump_spec({**keras_spec, "framework": "pytorch"})))
    assert_cli_refuses(run_cli(dump_spec(keras_spec), "--framework", "pytorch"))


@pytest.mark.parametrize("case", sorted(TORCH_ONLY_OPTIONS))
def test_torch_only_option_under_keras(case: str, run_cli: Any) -> None:
    spec = TORCH_ONLY_OPTIONS[case]
    assert keras_refusal(spec) is not None, "Keras takes this argument"
    assert_cli_refuses(run_cli(dump_spec(spec)))
    assert_cli_refuses(run_cli(dump_spec({**spec, "framework": "pytorch"}), "--framework", "keras"))


def test_refusal_points_at_the_option(run_cli: Any) -> None:
    """The error line points at the offending key, not just the layer."""
    for spec, key in ((KERAS_ONLY_OPTIONS["stateful"], "stateful"), (TORCH_ONLY_OPTIONS["num_layers"], "num_layers")):
        result = run_cli(dump_spec(spec))
        assert_cli_refuses(result)
        match = ERROR_LINE.match(result.stderr)
        line = dump_spec(spec).splitlines()[int(match["line"]) - 1]
        assert line[int(match["column"]) - 1 :].startswith(key), (line, result.stderr)


# --------------------------------------------------------------------------------------
# (f) Argument names: what lstmcalc takes under framework: pytorch, torch.nn's constructors take
# --------------------------------------------------------------------------------------

#: One small valid layer of each torch.nn type, and the per-sample input it gets.
MINIMAL_LAYERS: dict[str, tuple[dict[str, Any], list]] = {
    "LSTM": (lstm(2), [4, 3]),
    "GRU": (gru(2), [4, 3]),
    "RNN": (rnn(2), [4, 3]),
    "Linear": (linear(2), [3]),
    "Embedding": ({"type": "Embedding", "num_embeddings": 5, "embedding_dim": 2}, [4]),
    "LayerNorm": ({"type": "LayerNorm"}, [4, 3]),
    "BatchNorm1d": ({"type": "BatchNorm1d"}, [4, 3]),
    "Conv1d": (conv(2, 2), [4, 3]),
    "Dropout": ({"type": "Dropout", "p": 0.1}, [3]),
}


def _foreign_torch_keywords(class_name: str) -> list[str]:
    """Keys lstmcalc accepts for the layer under framework: pytorch that are no torch.nn keyword.

    The candidates are every spelling of every argument lstmcalc declares for the layer
    (read from its own argument table), less lstmcalc's own keys; Keras spellings that
    stand for a torch keyword (``units`` for ``hidden_size``) are translated, not refused.
    """
    entry, shape = MINIMAL_LAYERS[class_name]
    foreign = []
    for spelling, spellings, default in declared_spellings(class_name):
        if spelling in LSTMCALC_KEYS or spelling in entry:
            continue
        spec = pytorch(with_spelling(entry, spelling, spellings, default), shape=shape)
        if lstmcalc_refusal(spec) is not None:
            continue
        refusal = torch_refusal(spec)
        if refusal is not None and "unexpected keyword argument" in str(refusal):
            foreign.append(spelling)
    return foreign


def test_minimal_layers_match_torch() -> None:
    for entry, shape in MINIMAL_LAYERS.values():
        assert_matches_torch(pytorch(entry, shape=shape))


@pytest.mark.parametrize("class_name", sorted(MINIMAL_LAYERS))
def test_pytorch_convention_takes_only_torch_keywords(class_name: str) -> None:
    """A key torch.nn's constructor does not take (``go_backwards``, ``axis``, ``activation``...)
    is silently ignored if lstmcalc accepts it; PyTorch code with it would not run."""
    # Keras's count-neutral arguments (activation, initializers...) are kept as annotations
    # under either convention, as the README says; only the others must be refused.
    foreign = [
        spelling
        for spelling in _foreign_torch_keywords(class_name)
        if not is_annotation(class_name, spelling, "pytorch")
    ]
    assert foreign == [], f"lstmcalc accepts these {class_name} keys, which torch.nn.{class_name} refuses: {foreign}"
