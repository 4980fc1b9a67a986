"""``summary --stats`` on PyTorch code (tests/torch_stats_cases.py) against real torch 2.13.

Each module's MACs are torch's own count of its multiply-adds over the calls forward makes
(``FlopCounterMode`` flops / 2, in training mode and with the math attention kernel, whose
operations it sees), plus one per element of each affine LayerNorm, BatchNormNd, InstanceNormNd or
GroupNorm call inside it
(lstmcalc's convention for a norm's scale and shift); an LSTM's fused CPU kernel is invisible to
FlopCounterMode (a projected one runs unfused, and what it sees of it is left out), so its figure
is torchinfo's ``calculate_macs`` less the biases: every weight element once per position of the
output's first two axes. Input and forward/backward sizes are the
tensors' elements as forward hooks see them.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from lstm_calc.api import build, summarize_file
from lstm_calc.readers.python_model import read_python_model
from lstm_calc.stats import StatsError, model_stats
from tests.torch_corpus_cases import CASES
from tests.torch_stats_cases import TORCH_STATS_CASES

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")
#: The norms whose scale lstmcalc counts, one MAC per element, where FlopCounterMode sees none: LayerNorm,
#: BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d (torch's _NormBase), GroupNorm.
SCALING_NORMS = (torch.nn.LayerNorm, torch.nn.modules.batchnorm._NormBase, torch.nn.GroupNorm)


def _torch_figures(model: Any, tensors: list[Any], rows: list[str]) -> dict[str, Any]:
    """Each of ``rows``' (module paths') MACs, the input's and the forward/backward pass's bytes, in
    the tensors' own dtypes (ids are 8 bytes; ``model.double()`` makes 8-byte activations)."""
    from torch.nn.attention import SDPBackend, sdpa_kernel
    from torch.utils.flop_counter import FlopCounterMode

    model.train()  # no fused inference path: FlopCounterMode sees every product
    names = {id(module): name for name, module in model.named_modules()}
    extra = dict.fromkeys(rows, 0)
    outputs: list[int] = []
    lstms: list[tuple[str, str]] = []  # (row, LSTM's own path): what FlopCounterMode saw of it is left out

    def owner(name: str) -> str | None:
        return next((row for row in rows if name == row or name.startswith(row + ".")), None)

    def after(module: Any, inputs: Any, output: Any) -> None:
        name = names[id(module)]
        row = owner(name)
        first = output[0] if isinstance(output, tuple) else output
        if name in rows:
            outputs.append(first.numel() * first.element_size())
        if row is None:
            return
        if isinstance(module, SCALING_NORMS) and module.weight is not None:
            extra[row] += inputs[0].numel()
        if isinstance(module, torch.nn.LSTM):
            weights = sum(p.numel() for key, p in module.named_parameters() if key.startswith("weight"))
            extra[row] += math.prod(first.shape[:2]) * weights
            lstms.append((row, name))

    for module in model.modules():
        module.register_forward_hook(after)
    with torch.random.fork_rng(), sdpa_kernel(SDPBackend.MATH), FlopCounterMode(display=False) as counter:
        model(*tensors)
    flops = counter.get_flop_counts()
    prefix = type(model).__name__

    def seen(name: str) -> int:
        return sum(flops.get(f"{prefix}.{name}", {}).values()) // 2

    # FlopCounterMode names a call by the path it came through: a module held under two names (a TCN
    # block's conv1, called as net.0) has its products under the other name, the row's all the same.
    aliases: dict[int, list[str]] = {}
    for name, module in model.named_modules(remove_duplicate=False):
        aliases.setdefault(id(module), []).append(name)
    first_names = dict(model.named_modules())

    def seen_under_any_name(row: str) -> int:
        module = first_names.get(row)
        return sum(seen(name) for name in (aliases[id(module)] if module is not None else [row]))

    macs = {row: seen_under_any_name(row) + extra[row] for row in rows}
    for row, name in dict.fromkeys(lstms):  # nothing of a fused kernel, a projected LSTM's (unfused) products
        macs[row] -= seen(name)
    return {
        "macs": macs,
        "input_bytes": sum(tensor.numel() * tensor.element_size() for tensor in tensors),
        "forward_backward_bytes": 2 * sum(outputs),
    }


@pytest.mark.parametrize("name", TORCH_STATS_CASES)
def test_each_module_s_macs_and_the_sizes_are_torch_s(name: str) -> None:
    code, shapes = TORCH_STATS_CASES[name]
    summary = build(read_python_model(code, "model.py", (), input_shapes=shapes), "model.py")[1]
    stats = model_stats(summary)
    namespace: dict[str, Any] = {}
    exec(compile(code, "<case>", "exec"), namespace)  # noqa: S102 - the test's own code
    model = next(value for value in namespace.values() if isinstance(value, torch.nn.Module))
    embeds = any(isinstance(module, torch.nn.Embedding) for module in model.modules())
    tensors = [torch.zeros(shape, dtype=torch.long) if embeds else torch.randn(shape) for shape in shapes]
    found = _torch_figures(model, tensors, [layer.name for layer in summary.layers])
    assert {layer.name: layer.macs.fixed for layer in summary.layers} == found["macs"]
    assert stats.macs.fixed == sum(found["macs"].values())
    assert (stats.input_bytes.fixed, stats.forward_backward_bytes.fixed) == (
        found["input_bytes"],
        found["forward_backward_bytes"],
    )


@pytest.mark.parametrize("name", CASES)
def test_the_corpus_models_stats_counts_are_torch_s_or_refused(name: str) -> None:
    from tests.oracle.torch_corpus_truth import build_model, zeros_inputs

    case = CASES[name]
    inputs = [list(shape) for shape in case.inputs]
    summary = summarize_file(case.path, None, None, case.sets, True, case.model, inputs)  # type: ignore[arg-type]
    try:
        stats = model_stats(summary)
    except StatsError as refusal:
        assert str(refusal).startswith("--stats cannot count this model's MACs exactly: ")
        return
    found = _torch_figures(build_model(name, case), zeros_inputs(case), [layer.name for layer in summary.layers])
    assert {layer.name: layer.macs.fixed for layer in summary.layers} == found["macs"]
    assert stats.forward_backward_bytes.fixed == found["forward_backward_bytes"]
