"""The torch.nn modules of tests/torch_modules_cases.py against a real torch: each graph built module
by module as its spec says (every key a torch keyword, nested layers built the same way, batch_first
for the Transformer blocks, input_size for the cells) and run on zeros, compared layer by layer:
output shapes, ``named_parameters()`` (names, shapes, order), ``named_buffers()``, counts and MACs
(``FlopCounterMode`` flops / 2 for one sample, plus one per element each affine LayerNorm scales,
as lstmcalc counts LayerNorm and torch's counter does not); what
torch refuses, lstmcalc refuses with exit 2; exported code builds and runs with the counts claimed.

Unknown sizes are run twice, at two different sizes: an axis lstmcalc calls unknown (None) must
change between the runs, and every axis it states must not.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

torch = pytest.importorskip("torch")

from torch.utils.flop_counter import FlopCounterMode  # noqa: E402

from lstm_calc.api import summarize_text  # noqa: E402
from tests.oracle.exported_torch import assert_exported_code_runs_as_claimed  # noqa: E402
from tests.oracle.test_multi_head_attention_torch_oracle import RUN_SIZES, agrees, dump  # noqa: E402
from tests.torch_modules_cases import TORCH_MODULE_MODELS, TORCH_MODULE_REFUSALS  # noqa: E402

pytestmark = pytest.mark.oracle

SPEC_KEYS = ("type", "inputs", "name")
CELLS = ("LSTMCell", "GRUCell", "RNNCell")
BLOCKS = ("TransformerEncoderLayer", "TransformerDecoderLayer")


def build(entry: dict[str, Any], features: int | None) -> Any:
    """The torch.nn module an entry names, its nested layers built first."""
    options = {key: value for key, value in entry.items() if key not in SPEC_KEYS}
    for key, value in options.items():
        if isinstance(value, dict):
            options[key] = build(value, features)
    kind = entry["type"]
    if kind in CELLS:
        options.setdefault("input_size", features)
    if kind in BLOCKS:
        options.setdefault("batch_first", True)
    return getattr(torch.nn, kind)(**options)


def run_torch(spec: dict[str, Any], batch: int, length: int) -> list[tuple[str, Any, int, list[Any], list[Any], Any]]:
    """(name, output shapes, params, [(parameter, shape)], [(buffer, shape)], MACs) per layer, as torch runs it."""
    torch.manual_seed(0)
    tensors: dict[str, Any] = {
        name: torch.zeros(batch, *(size or length for size in block["shape"])) for name, block in spec["inputs"].items()
    }
    rows = []
    for entry in spec["layers"]:
        references = entry["inputs"] if isinstance(entry["inputs"], list) else [entry["inputs"]]
        arguments = []
        for text in references:
            source, _, index = text.partition("[")
            value = tensors[source]
            arguments.append(value[int(index.rstrip("]"))] if index else value)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # enable_nested_tensor with norm_first
            module = build(entry, arguments[0].shape[-1])
            scaled = [0]

            def count_scaled(norm: Any, _: Any, out: Any, scaled: list[int] = scaled) -> None:
                scaled[0] += out.numel() // batch if norm.elementwise_affine else 0

            hooks = [
                part.register_forward_hook(count_scaled)
                for part in module.modules()
                if isinstance(part, torch.nn.LayerNorm)
            ]
            with FlopCounterMode(display=False) as counter:
                output = module(*arguments)
            for hook in hooks:
                hook.remove()
        macs = counter.get_total_flops() // 2 // batch + scaled[0]
        tensors[entry["name"]] = list(output) if isinstance(output, tuple) else output
        shapes = [tuple(t.shape) for t in output] if isinstance(output, tuple) else tuple(output.shape)
        parameters = [(key, tuple(p.shape)) for key, p in module.named_parameters()]
        buffers = [(key, tuple(b.shape)) for key, b in module.named_buffers()]
        rows.append((entry["name"], shapes, sum(p.numel() for p in module.parameters()), parameters, buffers, macs))
    return rows


def lstmcalc_rows(spec: dict[str, Any]) -> list[tuple[str, Any, int, list[Any], list[Any], Any]]:
    summary = summarize_text(dump(spec), "graph.yaml")
    return [
        (
            row.name,
            row.output_shape,
            row.params,
            [(w.name, w.shape) for w in row.weights],
            [(b.name, b.shape) for b in row.buffers],
            row.macs,
        )
        for row in summary.layers
        if row.type != "InputLayer"
    ]


@pytest.mark.parametrize("case", sorted(TORCH_MODULE_MODELS))
def test_every_case_is_what_torch_builds_and_runs(case: str) -> None:
    spec = TORCH_MODULE_MODELS[case]
    ours = lstmcalc_rows(spec)
    first, second = (run_torch(spec, *sizes) for sizes in RUN_SIZES)
    assert [row[0] for row in ours] == [row[0] for row in first]
    for mine, one, two in zip(ours, first, second):
        assert agrees(mine[1], one[1], two[1]), (mine, one, two)
        assert mine[2:5] == one[2:5] == two[2:5], mine[0]
        if not mine[5].per_step:
            assert mine[5].fixed == one[5] == two[5], mine[0]


def torch_refusal(spec: dict[str, Any]) -> Exception | None:
    try:
        run_torch(spec, *RUN_SIZES[0])
    except Exception as error:  # noqa: BLE001 - any refusal by torch counts
        return error
    return None


@pytest.mark.parametrize("case", sorted(TORCH_MODULE_REFUSALS))
def test_what_torch_refuses_lstmcalc_refuses(case: str, run_cli: Any) -> None:
    assert torch_refusal(TORCH_MODULE_REFUSALS[case]) is not None, "torch runs this spec now; it is no refusal"
    result = run_cli(dump(TORCH_MODULE_REFUSALS[case]))
    assert (result.exit_code, result.stdout) == (2, ""), result.stderr
    assert result.stderr.startswith(f"{result.spec_path}:") and ": error: " in result.stderr


@pytest.mark.parametrize("case", sorted(TORCH_MODULE_MODELS))
def test_exported_code_runs_with_the_counts_claimed(case: str, tmp_path: Any) -> None:
    """``export --to pytorch`` writes each module; torch builds and runs it with lstmcalc's count."""
    assert_exported_code_runs_as_claimed(TORCH_MODULE_MODELS[case], tmp_path)


#: Every kind the cases use, nested ones too (the stacks' layers, their final LayerNorm).
CASE_KINDS = sorted(
    {
        value["type"]
        for spec in TORCH_MODULE_MODELS.values()
        for entry in spec["layers"]
        for value in (entry, *(nested for nested in entry.values() if isinstance(nested, dict)))
    }
    - {"LayerNorm"}
)


@pytest.mark.parametrize("kind", CASE_KINDS)
def test_torch_positional_is_the_constructors_order(kind: str) -> None:
    """``torch_positional`` names torch.nn's own positional parameters, in order (device and dtype aside,
    as lstmcalc reads them too, and torch's ``*args`` of Identity, Tanh and Sigmoid, which it ignores)."""
    import inspect

    from lstm_calc.layers import LAYER_TYPES

    parameters = inspect.signature(getattr(torch.nn, kind).__init__).parameters.values()
    named = tuple(
        p.name for p in parameters if p.name not in ("self", "device", "dtype") and p.kind is p.POSITIONAL_OR_KEYWORD
    )
    assert LAYER_TYPES[kind.lower()].torch_positional == named
