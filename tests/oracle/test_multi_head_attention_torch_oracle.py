"""torch.nn.MultiheadAttention under ``framework: pytorch`` against a real torch: every graph of
tests/multi_head_attention_torch_cases.py, built module by module as the spec says (each spec key
is a torch keyword, the call's ``need_weights`` and ``average_attn_weights`` included) and run on
zeros, compared layer by layer: output shapes, ``named_parameters()`` (names, shapes, order), counts
and multiply-accumulates (``FlopCounterMode`` flops / 2, with ``need_weights``, whose explicit
path it counts); what torch refuses, lstmcalc refuses
with exit 2.

Unknown sizes are run twice, at two different sizes: an axis lstmcalc calls unknown (None) must
change between the runs, and every axis it states must not.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

torch = pytest.importorskip("torch")

from torch.utils.flop_counter import FlopCounterMode  # noqa: E402

from lstm_calc.api import summarize_text  # noqa: E402
from tests.multi_head_attention_torch_cases import TORCH_MODELS, TORCH_REFUSED  # noqa: E402
from tests.oracle.exported_torch import assert_exported_code_runs_as_claimed  # noqa: E402

pytestmark = pytest.mark.oracle

#: Two substitutions for unknown sizes: (batch, every unknown length).
RUN_SIZES = ((3, 31), (5, 37))
#: Keys of a graph entry that are no torch constructor keyword.
SPEC_KEYS = ("type", "inputs", "name")
CALL_KEYS = ("need_weights", "average_attn_weights")


def dump(spec: dict[str, Any]) -> str:
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


def reference(text: str) -> tuple[str, int | None]:
    name, _, index = text.partition("[")
    return name, int(index.rstrip("]")) if index else None


def run_torch(spec: dict[str, Any], batch: int, length: int) -> list[tuple[str, Any, int, list[Any], int]]:
    """(name, output shapes, params, [(parameter, shape)], MACs) per layer, as torch builds and runs the spec."""
    torch.manual_seed(0)
    tensors: dict[str, Any] = {
        name: torch.zeros(batch, *(size or length for size in block["shape"])) for name, block in spec["inputs"].items()
    }
    counts: dict[str, int] = {}
    rows = []
    for entry in spec["layers"]:
        kind = entry["type"]
        prefix = "multihead_attention" if kind == "MultiheadAttention" else kind.lower()
        name = f"{prefix}_{counts[prefix]}" if counts.get(prefix) else prefix
        counts[prefix] = counts.get(prefix, 0) + 1
        options = {key: value for key, value in entry.items() if key not in (*SPEC_KEYS, *CALL_KEYS)}
        call = {key: entry[key] for key in CALL_KEYS if key in entry}
        references = entry["inputs"] if isinstance(entry["inputs"], list) else [entry["inputs"]]
        arguments = []
        for text in references:
            source, index = reference(text)
            value = tensors[source]
            arguments.append(value[index] if index is not None else value)
        if kind == "MultiheadAttention":
            module = torch.nn.MultiheadAttention(**options, batch_first=True)
        else:
            module = getattr(torch.nn, kind)(**options)
        output = module(*arguments, **call)
        # need_weights=False runs fused attention, whose CPU kernel FlopCounterMode does not count:
        # the same products, counted through the explicit path.
        with FlopCounterMode(display=False) as counter:
            module(*arguments, **({**call, "need_weights": True} if kind == "MultiheadAttention" else {}))
        if isinstance(output, tuple):
            output = output[0] if output[1] is None else list(output)
        tensors[name] = output
        shapes = [tuple(t.shape) for t in output] if isinstance(output, list) else tuple(output.shape)
        parameters = [(key, tuple(p.shape)) for key, p in module.named_parameters()]
        count = sum(p.numel() for p in module.parameters())
        rows.append((name, shapes, count, parameters, counter.get_total_flops() // 2 // batch))
    return rows


def lstmcalc_rows(spec: dict[str, Any]) -> list[tuple[str, Any, int, list[Any], Any]]:
    summary = summarize_text(dump(spec), "graph.yaml")
    return [
        (row.name, row.output_shape, row.params, [(w.name, w.shape) for w in row.weights], row.macs)
        for row in summary.layers
        if row.type != "InputLayer"
    ]


def agrees(stated: Any, first: Any, second: Any) -> bool:
    """A stated shape matches both runs; an unknown axis (None) is one that changed between them."""
    if isinstance(stated, list):
        return len(stated) == len(first) == len(second) and all(map(agrees, stated, first, second))
    if len(stated) != len(first):
        return False
    return all(
        (axis is None and a != b) or (axis is not None and axis == a == b) for axis, a, b in zip(stated, first, second)
    )


@pytest.mark.parametrize("case", sorted(TORCH_MODELS))
def test_every_case_is_what_torch_builds_and_runs(case: str) -> None:
    spec = TORCH_MODELS[case]
    ours = lstmcalc_rows(spec)
    first, second = (run_torch(spec, *sizes) for sizes in RUN_SIZES)
    assert [row[0] for row in ours] == [row[0] for row in first]
    for mine, one, two in zip(ours, first, second):
        assert agrees(mine[1], one[1], two[1]), (mine, one, two)
        assert mine[2:4] == one[2:4] == two[2:4]
        if not mine[4].per_step:
            assert mine[4].fixed == one[4] == two[4], mine[0]


def torch_refusal(spec: dict[str, Any]) -> Exception | None:
    try:
        run_torch(spec, *RUN_SIZES[0])
    except Exception as error:  # noqa: BLE001 - any refusal by torch counts
        return error
    return None


@pytest.mark.parametrize("case", sorted(TORCH_REFUSED))
def test_what_torch_refuses_lstmcalc_refuses(case: str, run_cli: Any) -> None:
    assert torch_refusal(TORCH_REFUSED[case]) is not None, "torch runs this spec now; it is no refusal"
    result = run_cli(dump(TORCH_REFUSED[case]))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{result.spec_path}:") and ": error: " in result.stderr


def test_keras_counts_the_same_where_the_heads_fit() -> None:
    """--compare's Keras count: keras.layers.MultiHeadAttention(H, E // H) on (query, value, key)."""
    keras = pytest.importorskip("keras")
    keras.utils.clear_session(free_memory=False)
    spec = TORCH_MODELS["cross_attention_of_other_widths"]
    layer = keras.layers.MultiHeadAttention(2, 8, use_bias=False)
    layer(keras.Input((10, 16)), keras.Input((7, 12)), keras.Input((7, 8)))
    summary = summarize_text(dump(spec), "graph.yaml")
    from lstm_calc.spec_mapping import model_from_mapping

    model = model_from_mapping(spec)
    row = summary.layers[-1]
    assert model.layers[0].layer.counterpart_params(row.input_shape) == layer.count_params() == row.params


@pytest.mark.parametrize("case", sorted(TORCH_MODELS))
def test_exported_code_runs_with_the_counts_claimed(case: str, tmp_path: Any) -> None:
    """``export --to pytorch`` writes nn.MultiheadAttention and its call; torch builds and runs it."""
    assert_exported_code_runs_as_claimed(TORCH_MODELS[case], tmp_path)
