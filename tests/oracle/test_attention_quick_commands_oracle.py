"""``lstmcalc params mha`` and ``explain mha`` against a live Keras 3 and torch: the weights (names,
shapes, order) and counts of ``keras.layers.MultiHeadAttention`` called ``layer(x, x)`` and of
``torch.nn.MultiheadAttention`` are what the quick commands print, and the other convention's count
that the note quotes is the other framework's own.
"""

from __future__ import annotations

import itertools
import os
import re

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from lstm_calc.formulas import LayerOptions, calculate  # noqa: E402

pytestmark = pytest.mark.oracle

KERAS_CASES = [
    LayerOptions("mha", embed_dim=embed, num_heads=heads, key_dim=key_dim, value_dim=value_dim, use_bias=bias)
    for embed, heads, key_dim, value_dim, bias in itertools.product(
        (8, 12), (1, 2, 4), (None, 3), (None, 5), (None, False)
    )
]
TORCH_CASES = [
    LayerOptions("mha", "pytorch", embed_dim=embed, num_heads=heads, use_bias=bias)
    for embed, heads, bias in itertools.product((8, 12, 64), (1, 2, 4), (None, False))
]


def keras_layer(options: LayerOptions):
    keras.utils.clear_session(free_memory=False)
    embed, heads = options.embed_dim, options.num_heads
    layer = keras.layers.MultiHeadAttention(
        heads,
        options.key_dim or embed // heads,
        value_dim=options.value_dim,
        use_bias=options.get("use_bias"),
    )
    x = keras.Input((None, embed))
    layer(x, x)
    return layer


def torch_module(options: LayerOptions):
    return torch.nn.MultiheadAttention(options.embed_dim, options.num_heads, bias=options.get("use_bias"))


def quoted_count(note: str) -> int:
    return int(re.search(r"counts (?:the same, )?([\d,]+)", note).group(1).replace(",", ""))


@pytest.mark.parametrize("options", KERAS_CASES, ids=str)
def test_params_mha_is_keras_own(options: LayerOptions) -> None:
    layer = keras_layer(options)
    calculation = calculate(options)
    assert [(w.name, w.shape) for w in calculation.weights] == [
        (w.path.removeprefix(f"{layer.name}/"), tuple(w.shape)) for w in layer.weights
    ]
    assert calculation.params == layer.count_params()
    assert quoted_count(calculation.note) == sum(p.numel() for p in torch_module(options).parameters())


@pytest.mark.parametrize("options", TORCH_CASES, ids=str)
def test_params_mha_is_torch_own(options: LayerOptions) -> None:
    module = torch_module(options)
    calculation = calculate(options)
    assert [(w.name, w.shape) for w in calculation.weights] == [
        (name, tuple(p.shape)) for name, p in module.named_parameters()
    ]
    assert calculation.params == sum(p.numel() for p in module.parameters())
    twin = LayerOptions("mha", embed_dim=options.embed_dim, num_heads=options.num_heads, use_bias=options.use_bias)
    assert quoted_count(calculation.note) == keras_layer(twin).count_params()


#: Keras configurations whose num_heads does not divide embed_dim: each head has key_dim features of its own.
NOT_DIVIDING = [
    LayerOptions("mha", embed_dim=6, num_heads=4, key_dim=3, value_dim=2),
    LayerOptions("mha", embed_dim=5, num_heads=2, key_dim=4),
]


@pytest.mark.parametrize("options", NOT_DIVIDING, ids=str)
def test_keras_heads_not_dividing_embed_dim_have_no_torch_equivalent(options: LayerOptions) -> None:
    calculation = calculate(options)
    assert calculation.params == keras_layer(options).count_params()
    assert calculation.note.startswith("torch.nn.MultiheadAttention has no equivalent")
    with pytest.raises(AssertionError, match="embed_dim must be divisible by num_heads"):
        torch_module(options)


# -- explain: the lesson's shapes are those of the real layers' tensors ------------------------------

from lstm_calc.explain import explain_layer, recurrent_layers  # noqa: E402
from lstm_calc.graph import infer  # noqa: E402
from lstm_calc.render.explain_text import render_lesson  # noqa: E402
from lstm_calc.spec_mapping import model_from_mapping  # noqa: E402
from tests.multi_head_attention_cases import MODELS, mha, sequences  # noqa: E402
from tests.multi_head_attention_torch_cases import TORCH_MODELS  # noqa: E402

BATCH = 2


def words(text: str) -> str:
    return " ".join(text.split())


def batched(shape) -> str:
    """A real tensor's shape with the batch axis written as lstmcalc writes it, None."""
    return str((None, *tuple(shape)[1:]))


def lessons(spec):
    model = model_from_mapping(spec)
    summary = infer(model)
    return [
        words(render_lesson(explain_layer(s, row), 200)) for s, row in recurrent_layers(model.layers, summary.layers)
    ]


#: Keras graphs whose lengths are all known, so that every shape in the lesson is a number.
KERAS_EXPLAINED = {
    "cross_attention": MODELS["cross_attention"],
    "encoder_block": MODELS["encoder_block"],
    "attention_axes": {
        "inputs": sequences(image=[5, 6, 16], columns=[5, 3, 16]),
        "layers": [mha(2, 4, ["image", "columns"], attention_axes=2), mha(3, 2, ["image", "columns"], value_dim=5)],
        "outputs": ["multi_head_attention", "multi_head_attention_1"],
    },
}


@pytest.mark.parametrize("case", sorted(KERAS_EXPLAINED))
def test_explained_keras_shapes_are_the_real_tensors(case: str) -> None:
    import numpy

    spec = KERAS_EXPLAINED[case]
    texts = iter(lessons(spec))
    for entry in spec["layers"]:
        if entry["type"] != "MultiHeadAttention":
            continue
        text = next(texts)
        keras.utils.clear_session(free_memory=False)
        options = {key: value for key, value in entry.items() if key not in ("type", "inputs")}
        layer = keras.layers.MultiHeadAttention(**options)
        arrays = [numpy.zeros((BATCH, *spec["inputs"][name]["shape"]), "float32") for name in entry["inputs"]]
        query, value = arrays[0], arrays[1]
        key = arrays[2] if len(arrays) > 2 else value
        output, scores = layer(query, value, key, return_attention_scores=True)
        projected_q, projected_k, projected_v = (
            layer._query_dense(query),
            layer._key_dense(key),
            layer._value_dense(value),
        )
        summed, _ = layer._compute_attention(projected_q, projected_k, projected_v, return_attention_scores=True)
        kernel_q = tuple(layer._query_dense.kernel.shape)
        kernel_v = tuple(layer._value_dense.kernel.shape)
        expected = [
            f"W^Q_h {(kernel_q[0], kernel_q[2])}",
            f"W^V_h {(kernel_v[0], kernel_v[2])}",
            f"to Q {batched(projected_q.shape)}",
            f"to K {batched(projected_k.shape)}",
            f"to V {batched(projected_v.shape)}",
            f"the scores are {batched(scores.shape)}",
            f"the weighted sums {batched(summed.shape)}",
            f"attention_output/kernel {tuple(layer._output_dense.kernel.shape)}",
            f"the output is {batched(output.shape)}",
        ]
        for piece in expected:
            assert piece in text, (piece, text)


@pytest.mark.parametrize("case", ["self_attention", "cross_attention_of_other_widths"])
def test_explained_torch_shapes_are_the_real_tensors(case: str) -> None:
    spec = TORCH_MODELS[case]
    (entry,) = spec["layers"]
    (text,) = lessons(spec)
    options = {key: value for key, value in entry.items() if key not in ("type", "inputs", "average_attn_weights")}
    module = torch.nn.MultiheadAttention(**options, batch_first=True)
    tensors = [torch.zeros(BATCH, *spec["inputs"][name]["shape"]) for name in entry["inputs"]]
    output, averaged = module(*tensors)
    _, per_head = module(*tensors, average_attn_weights=False)
    embed, heads = entry["embed_dim"], entry["num_heads"]
    parameters = dict(module.named_parameters())
    weight_q = parameters["in_proj_weight"][:embed] if "in_proj_weight" in parameters else parameters["q_proj_weight"]
    expected = [
        f"W_q {tuple(weight_q.shape)}",
        f"heads of {embed // heads}",
        f"out_proj.weight {tuple(module.out_proj.weight.shape)}",
        f"{batched(averaged.shape)} averaged over the heads",
        f"{batched(per_head.shape)} with average_attn_weights=False",
        f"attn_output, is {batched(output.shape)}",
    ]
    if "in_proj_weight" in parameters:
        expected.append(f"in_proj_weight {tuple(parameters['in_proj_weight'].shape)}")
    else:
        expected.append(f"k_proj_weight {tuple(parameters['k_proj_weight'].shape)}")
    for piece in expected:
        assert piece in text, (piece, text)
