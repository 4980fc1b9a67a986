"""``params``, ``explain``, ``--compare`` and the MACs of ``--stats`` against real Keras 3, torch.nn and torchinfo.

Run with ``KERAS_BACKEND=torch python -m pytest tests/oracle``; skipped without them.
"""

from __future__ import annotations

import itertools
import os
import warnings

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")
torchinfo = pytest.importorskip("torchinfo")

from lstm_calc.api import summarize_text  # noqa: E402
from lstm_calc.explain import explain_options  # noqa: E402
from lstm_calc.formulas import LayerOptions, calculate, solve_max_params  # noqa: E402

pytestmark = pytest.mark.oracle

RECURRENT = {"lstm": ("LSTM", "LSTM", 4), "gru": ("GRU", "GRU", 3), "simplernn": ("SimpleRNN", "RNN", 1)}


def keras_count(layer, features: int) -> int:
    keras.utils.clear_session(free_memory=False)
    model = keras.Sequential([keras.Input((None, features) if features else (None,)), layer])
    return model.count_params()


def keras_weights(layer, features: int) -> list[tuple[str, tuple[int, ...]]]:
    keras.utils.clear_session(free_memory=False)
    model = keras.Sequential([keras.Input((None, features)), layer])
    return [(weight.path.rsplit("/", 1)[-1], tuple(weight.shape)) for weight in model.weights]


KERAS_CASES = list(
    itertools.product(("lstm", "gru", "simplernn"), (1, 12, 33), (1, 80), (True, False), (True, False), (False, True))
)


@pytest.mark.parametrize(("kind", "units", "features", "bias", "reset_after", "bidirectional"), KERAS_CASES)
def test_params_equals_keras(kind, units, features, bias, reset_after, bidirectional):
    keras_class = getattr(keras.layers, RECURRENT[kind][0])
    arguments = {"use_bias": bias, **({"reset_after": reset_after} if kind == "gru" else {})}
    layer = keras_class(units, **arguments)
    if bidirectional:
        layer = keras.layers.Bidirectional(layer)
    options = LayerOptions(
        kind,
        units=units,
        input_dim=features,
        use_bias=bias,
        reset_after=reset_after if kind == "gru" else None,
        bidirectional=bidirectional,
    )
    assert calculate(options).params == keras_count(layer, features)


TORCH_CASES = list(
    itertools.product(("lstm", "gru", "simplernn"), (2, 12), (1, 80), (True, False), (1, 3), (False, True))
)


@pytest.mark.parametrize(("kind", "units", "features", "bias", "layers", "bidirectional"), TORCH_CASES)
def test_params_equals_torch(kind, units, features, bias, layers, bidirectional):
    module = getattr(torch.nn, RECURRENT[kind][1])(features, units, layers, bias=bias, bidirectional=bidirectional)
    options = LayerOptions(
        kind, "pytorch", units=units, input_dim=features, use_bias=bias, num_layers=layers, bidirectional=bidirectional
    )
    assert calculate(options).params == sum(parameter.numel() for parameter in module.parameters())


@pytest.mark.parametrize(
    ("units", "proj", "layers", "bidirectional"), [(12, 5, 2, True), (7, 1, 1, False), (30, 29, 3, True)]
)
def test_params_equals_torch_with_projection(units, proj, layers, bidirectional):
    module = torch.nn.LSTM(80, units, layers, proj_size=proj, bidirectional=bidirectional)
    options = LayerOptions(
        "lstm", "pytorch", units=units, input_dim=80, num_layers=layers, bidirectional=bidirectional, proj_size=proj
    )
    assert calculate(options).params == sum(parameter.numel() for parameter in module.parameters())


def test_other_kinds_equal_keras_and_torch():
    assert calculate(LayerOptions("dense", units=3, input_dim=12)).params == keras_count(keras.layers.Dense(3), 12)
    assert calculate(LayerOptions("embedding", input_dim=1000, output_dim=8)).params == keras_count(
        keras.layers.Embedding(1000, 8), 0
    )
    assert calculate(LayerOptions("conv1d", filters=16, kernel_size=3, input_dim=80)).params == keras_count(
        keras.layers.Conv1D(16, 3), 80
    )
    conv = torch.nn.Conv1d(80, 16, 3, bias=False)
    assert calculate(
        LayerOptions("conv1d", "pytorch", filters=16, kernel_size=3, input_dim=80, use_bias=False)
    ).params == sum(parameter.numel() for parameter in conv.parameters())


CONV_LSTM_CASES = list(itertools.product((1, 2), (1, 7, 32), (1, 3, 5), (1, 3), (True, False), (False, True)))


@pytest.mark.parametrize(("rank", "filters", "kernel", "channels", "bias", "bidirectional"), CONV_LSTM_CASES)
def test_conv_lstm_params_equal_keras(rank, filters, kernel, channels, bias, bidirectional):
    """``params convlstm2d`` (and 1d): count and weights (names, shapes) of the Keras layer on any frame."""
    layer = getattr(keras.layers, f"ConvLSTM{rank}D")(filters, kernel, use_bias=bias)
    if bidirectional:
        layer = keras.layers.Bidirectional(layer)
    keras.utils.clear_session(free_memory=False)
    model = keras.Sequential([keras.Input((None, *[kernel + 4] * rank, channels)), layer])
    options = LayerOptions(
        f"convlstm{rank}d",
        filters=filters,
        kernel_size=kernel,
        input_dim=channels,
        use_bias=bias,
        bidirectional=bidirectional,
    )
    calculation = calculate(options)
    assert calculation.params == model.count_params()
    real = [("/".join(weight.path.split("/")[2:]), tuple(weight.shape)) for weight in model.weights]
    assert [(weight.name, weight.shape) for weight in calculation.weights] == [
        (name.replace("conv_lstm_cell/", ""), shape) for name, shape in real
    ]


@pytest.mark.parametrize("rank", [1, 2])
@pytest.mark.parametrize("bias", [True, False])
def test_explained_conv_lstm_weights_from_options_are_the_real_ones(rank, bias):
    """``explain convlstm2d --filters 16 --kernel-size 3 --input-dim 3``: Keras's own tensors on any frame."""
    keras.utils.clear_session(free_memory=False)
    layer = getattr(keras.layers, f"ConvLSTM{rank}D")(16, 3, use_bias=bias)
    model = keras.Sequential([keras.Input((None, *[7] * rank, 3)), layer])
    explanation = explain_options(
        LayerOptions(f"convlstm{rank}d", filters=16, kernel_size=3, input_dim=3, use_bias=bias)
    )
    real = [(weight.path.rsplit("/", 1)[-1], tuple(weight.shape)) for weight in model.weights]
    assert [(weight.name, weight.shape) for weight in explanation.weights] == real
    assert explanation.params == model.count_params()


def test_conv_lstm_inverse_answer_is_keras_count():
    solution = solve_max_params(LayerOptions("convlstm2d", kernel_size=3, input_dim=3), 100_000)
    assert solution.value == 51
    for filters, count in ((51, solution.best.params), (52, solution.next.params)):
        keras.utils.clear_session(free_memory=False)
        model = keras.Sequential([keras.Input((None, 8, 8, 3)), keras.layers.ConvLSTM2D(filters, 3)])
        assert model.count_params() == count


def test_inverse_answer_is_keras_count():
    solution = solve_max_params(LayerOptions("lstm", input_dim=126), 50_000)
    assert solution.value == 65
    assert keras_count(keras.layers.LSTM(65), 126) == 49_920 == solution.best.params
    assert keras_count(keras.layers.LSTM(66), 126) == 50_952 == solution.next.params


@pytest.mark.parametrize(("kind", "reset_after"), [("lstm", True), ("gru", True), ("gru", False), ("simplernn", True)])
def test_explained_keras_weights_are_the_real_ones(kind, reset_after):
    arguments = {"reset_after": reset_after} if kind == "gru" else {}
    real = keras_weights(getattr(keras.layers, RECURRENT[kind][0])(12, **arguments), 80)
    options = LayerOptions(kind, units=12, input_dim=80, reset_after=reset_after if kind == "gru" else None)
    explained = [(weight.name, weight.shape) for weight in explain_options(options).weights]
    assert explained == real


@pytest.mark.parametrize("kind", ["lstm", "gru", "simplernn"])
def test_explained_torch_weights_and_states_are_the_real_ones(kind):
    module = getattr(torch.nn, RECURRENT[kind][1])(80, 12, 2, bidirectional=True, batch_first=True)
    options = LayerOptions(kind, "pytorch", units=12, input_dim=80, num_layers=2, bidirectional=True)
    explanation = explain_options(options)
    assert [(weight.name, weight.shape) for weight in explanation.weights] == [
        (name, tuple(parameter.shape)) for name, parameter in module.named_parameters()
    ]
    output, states = module(torch.zeros(3, 7, 80))
    states = states if isinstance(states, tuple) else (states,)
    assert [state.batched_shape[0::2] for state in explanation.states] == [
        (shape[0], shape[2]) for shape in (tuple(state.shape) for state in states)
    ]
    unbatched = module(torch.zeros(7, 80))[1]
    unbatched = unbatched if isinstance(unbatched, tuple) else (unbatched,)
    assert [state.shape for state in explanation.states] == [tuple(state.shape) for state in unbatched]


@pytest.mark.parametrize(("kind", "bias"), list(itertools.product(("lstm", "gru", "simplernn"), (True, False))))
@pytest.mark.parametrize("bidirectional", [False, True])
def test_explained_other_packing_is_the_other_frameworks_own(kind, bias, bidirectional):
    # Keras chosen: the PyTorch packing is torch.nn's module on the same input.
    options = LayerOptions(kind, units=12, input_dim=80, use_bias=bias, bidirectional=bidirectional)
    module = getattr(torch.nn, RECURRENT[kind][1])(80, 12, bias=bias, bidirectional=bidirectional, batch_first=True)
    packing = explain_options(options).packings[1]
    assert [(weight.name, weight.shape) for weight in packing.weights] == [
        (name, tuple(parameter.shape)) for name, parameter in module.named_parameters()
    ]
    assert packing.params == sum(parameter.numel() for parameter in module.parameters())
    # PyTorch chosen: the Keras packing is Keras's layer (a GRU with reset_after, its default), one direction.
    options = LayerOptions(kind, "pytorch", units=12, input_dim=80, use_bias=bias, bidirectional=bidirectional)
    packing = explain_options(options).packings[1]
    layer = getattr(keras.layers, RECURRENT[kind][0])(12, use_bias=bias)
    assert [(weight.name, weight.shape) for weight in packing.weights] == keras_weights(layer, 80)
    layer = getattr(keras.layers, RECURRENT[kind][0])(12, use_bias=bias)
    assert packing.params == keras_count(keras.layers.Bidirectional(layer) if bidirectional else layer, 80)


def lstmcalc_macs(layer_yaml: str, shape: str) -> int:
    summary = summarize_text(f"framework: pytorch\ninput: {{shape: {shape}}}\nlayers:\n  - {layer_yaml}\n")
    return summary.layers[0].macs.fixed


def torchinfo_macs(module, input_size) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return torchinfo.summary(module, input_size=input_size, verbose=0).total_mult_adds


@pytest.mark.parametrize("kind", ["lstm", "gru", "simplernn"])
@pytest.mark.parametrize(("layers", "bidirectional", "bias"), [(1, False, True), (2, True, True), (3, False, False)])
def test_recurrent_macs_are_torchinfo_less_the_biases(kind, layers, bidirectional, bias):
    """torchinfo counts every parameter, biases included, once per time step; lstmcalc leaves biases out."""
    steps, features, units = 10, 80, 12
    module = getattr(torch.nn, RECURRENT[kind][1])(
        features, units, layers, bias=bias, bidirectional=bidirectional, batch_first=True
    )
    biases = sum(parameter.numel() for name, parameter in module.named_parameters() if name.startswith("bias"))
    yaml = (
        f"{{type: {RECURRENT[kind][1]}, units: {units}, num_layers: {layers}, "
        f"bidirectional: {str(bidirectional).lower()}, use_bias: {str(bias).lower()}}}"
    )
    assert (
        lstmcalc_macs(yaml, f"[{steps}, {features}]") == torchinfo_macs(module, (1, steps, features)) - steps * biases
    )


def test_conv1d_macs_are_torchinfo_less_the_biases():
    module = torch.nn.Conv1d(80, 16, 3)
    macs = lstmcalc_macs("{type: Conv1d, filters: 16, kernel_size: 3}", "[10, 80]")
    assert macs == torchinfo_macs(module, (1, 80, 10)) - 8 * 16


def test_linear_macs_on_one_vector_are_torchinfo_less_the_biases():
    """On (batch, features) they agree; on (batch, time, features) torchinfo counts one position only."""
    module = torch.nn.Linear(80, 12)
    assert lstmcalc_macs("{type: Linear, units: 12}", "[80]") == torchinfo_macs(module, (1, 80)) - 12
    assert lstmcalc_macs("{type: Linear, units: 12}", "[10, 80]") == 10 * (torchinfo_macs(module, (1, 10, 80)) - 12)


def test_embedding_macs_differ_from_torchinfo_on_purpose():
    """torchinfo counts the whole table as MACs; a lookup multiplies nothing."""
    summary = summarize_text(
        "framework: pytorch\ninput: {shape: [10]}\nlayers:\n  - {type: Embedding, input_dim: 100, output_dim: 8}\n"
    )
    assert summary.layers[0].macs.fixed == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        info = torchinfo.summary(torch.nn.Embedding(100, 8), input_data=torch.zeros(1, 10, dtype=torch.long), verbose=0)
    assert info.total_mult_adds == 800
