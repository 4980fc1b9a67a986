"""Keras's MultiHeadAttention as torch.nn.MultiheadAttention (tests/multi_head_attention_torch_cases.py's
KERAS_AS_TORCH), against a live Keras 3 and torch: the Keras layer's weights, copied into the module
lstmcalc names (in_proj_weight or q/k/v_proj_weight, in_proj_bias, out_proj), give the same outputs
and per-head scores on random inputs, so the module computes the same thing; ``export --to pytorch``
writes code that torch runs with the counts and output shapes lstmcalc claims; and what lstmcalc
refuses there (KERAS_NOT_TORCH), Keras builds.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import yaml

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import numpy  # noqa: E402

from lstm_calc.api import summarize_text  # noqa: E402
from tests.multi_head_attention_torch_cases import KERAS_AS_TORCH, KERAS_NOT_TORCH  # noqa: E402
from tests.oracle.exported_torch import assert_exported_code_runs_as_claimed  # noqa: E402

pytestmark = pytest.mark.oracle

CALL_OPTIONS = ("return_attention_scores",)


def dump(spec: dict[str, Any]) -> str:
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


def keras_layer(entry: dict[str, Any], shapes: list[tuple[int, ...]]) -> Any:
    options = {key: value for key, value in entry.items() if key not in ("type", "inputs", *CALL_OPTIONS)}
    layer = keras.layers.MultiHeadAttention(**options)
    inputs = [keras.Input(shape[1:]) for shape in shapes]
    layer(*inputs)
    return layer


def copied_module(layer: Any, embed: int, key: int, value: int) -> Any:
    """torch.nn.MultiheadAttention with the Keras layer's weights, laid out as torch keeps them."""
    heads, bias = layer.num_heads, layer._use_bias
    module = torch.nn.MultiheadAttention(embed, heads, bias=bias, kdim=key, vdim=value, batch_first=True)

    def matrix(dense: Any) -> Any:
        kernel = keras.ops.convert_to_numpy(dense.kernel)
        return torch.tensor(kernel.reshape(kernel.shape[0], -1).T.copy())

    with torch.no_grad():
        projections = [matrix(layer._query_dense), matrix(layer._key_dense), matrix(layer._value_dense)]
        if module._qkv_same_embed_dim:
            module.in_proj_weight.copy_(torch.cat(projections))
        else:
            module.q_proj_weight.copy_(projections[0])
            module.k_proj_weight.copy_(projections[1])
            module.v_proj_weight.copy_(projections[2])
        output_kernel = keras.ops.convert_to_numpy(layer._output_dense.kernel)
        module.out_proj.weight.copy_(torch.tensor(output_kernel.reshape(-1, embed).T.copy()))
        if bias:
            biases = [
                torch.tensor(keras.ops.convert_to_numpy(d.bias).reshape(-1))
                for d in (layer._query_dense, layer._key_dense, layer._value_dense)
            ]
            module.in_proj_bias.copy_(torch.cat(biases))
            module.out_proj.bias.copy_(torch.tensor(keras.ops.convert_to_numpy(layer._output_dense.bias)))
    return module.eval()


def attention_entries(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry for entry in spec["layers"] if entry["type"] == "MultiHeadAttention"]


@pytest.mark.parametrize("case", sorted(KERAS_AS_TORCH))
def test_the_module_computes_what_keras_computes(case: str) -> None:
    spec = KERAS_AS_TORCH[case]
    model = summarize_text(dump(spec), "graph.yaml", "pytorch")
    rows = {row.name: row for row in model.layers}
    rng = numpy.random.default_rng(0)
    for entry in attention_entries(spec):
        keras.utils.clear_session(free_memory=False)
        received = rows[entry["name"]].input_shape
        shapes = [(2, *(size or 5 for size in shape[1:])) for shape in received]
        layer = keras_layer(entry, shapes)
        arrays = [rng.standard_normal(shape).astype("float32") for shape in shapes]
        query, value = arrays[0], arrays[1]
        key = arrays[2] if len(arrays) > 2 else value
        expected, scores = layer(query, value, key, return_attention_scores=True)
        module = copied_module(layer, query.shape[-1], key.shape[-1], value.shape[-1])
        assert sum(p.numel() for p in module.parameters()) == layer.count_params() == rows[entry["name"]].params
        assert [(n, tuple(p.shape)) for n, p in module.named_parameters()] == [
            (w.name, w.shape) for w in rows[entry["name"]].weights
        ]
        with torch.no_grad():
            output, weights = module(*(torch.tensor(a) for a in (query, key, value)), average_attn_weights=False)
        numpy.testing.assert_allclose(output.numpy(), keras.ops.convert_to_numpy(expected), rtol=1e-4, atol=1e-5)
        numpy.testing.assert_allclose(weights.numpy(), keras.ops.convert_to_numpy(scores), rtol=1e-4, atol=1e-5)
    assert model.total_params == summarize_text(dump(spec), "graph.yaml").total_params


@pytest.mark.parametrize("case", sorted(KERAS_AS_TORCH))
def test_exported_code_runs_with_the_counts_claimed(case: str, tmp_path: Any) -> None:
    """``export --to pytorch`` writes nn.MultiheadAttention and its call; torch builds and runs it."""
    assert_exported_code_runs_as_claimed(KERAS_AS_TORCH[case], tmp_path)


@pytest.mark.parametrize("case", sorted(set(KERAS_NOT_TORCH) - {"mixed_with_torch_arguments"}))
def test_what_lstmcalc_refuses_under_pytorch_keras_builds(case: str) -> None:
    keras.utils.clear_session(free_memory=False)
    (entry,) = attention_entries(KERAS_NOT_TORCH[case])
    layer = keras_layer(entry, [(2, 10, 16), (2, 10, 16)])
    assert layer.count_params() == summarize_text(dump(KERAS_NOT_TORCH[case]), "graph.yaml").total_params
