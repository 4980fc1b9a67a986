"""tests/torch_norm_cases.py and tests/test_torch_norms.py against torch 2.13 and torchinfo 1.8: each
model built by running its code, summarised by ``torchinfo.summary(model, input_size=..., dtypes=...)``
(torch.long for EmbeddingBag's ids and offsets, which torchinfo makes zeros: every offset 0, a valid
start for each bag), whose text must be the golden table lstmcalc prints; its ``state_dict`` must be
the parameters and buffers the case pins, and lstmcalc's. Each refusal is an exception of torch's;
what lstmcalc accepts that torch only warns of runs; the reader's positional parameters are torch's."""

from __future__ import annotations

import contextlib
import inspect
import io
import warnings
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
torchinfo = pytest.importorskip("torchinfo")

from lstm_calc.readers.torch_kinds import TORCH_KINDS  # noqa: E402
from lstm_calc.readers.torch_module_attributes import REQUIRED, TORCH_ATTRIBUTES  # noqa: E402
from tests.code_summaries import read_summary  # noqa: E402
from tests.conftest import GOLDEN  # noqa: E402
from tests.test_torch_norms import REFUSALS, input_options  # noqa: E402
from tests.torch_norm_cases import NORM_CASES, NORM_KINDS, NormCase  # noqa: E402

pytestmark = pytest.mark.oracle


def _model(code: str) -> Any:
    namespace: dict[str, Any] = {"__name__": "model"}
    exec(compile(code, "model.py", "exec"), namespace)  # noqa: S102 - the cases' own code
    return namespace["model"]


def _state(model: Any) -> dict[str, list[tuple[str, tuple[int, ...]]]]:
    state: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
    for key, tensor in model.state_dict().items():
        module, _, name = key.rpartition(".")
        state.setdefault(module, []).append((name, tuple(tensor.shape)))
    return state


def _dtype(case: NormCase) -> Any:
    return torch.long if case.ids else torch.float


@pytest.mark.parametrize("name", sorted(NORM_CASES))
def test_golden_table_is_torchinfo_text(name: str) -> None:
    case = NORM_CASES[name]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torchinfo.summary(
            _model(case.code),
            input_size=list(case.input_shapes),
            dtypes=[_dtype(case)] * len(case.input_shapes),
            depth=3,
        )
    assert (GOLDEN / "torch_norms" / f"{name}.out").read_text(encoding="utf-8") == printed.getvalue()


@pytest.mark.parametrize("name", sorted(NORM_CASES))
def test_state_dict_and_counts_are_torch_s(name: str, tmp_path: Path) -> None:
    case = NORM_CASES[name]
    model = _model(case.code)
    assert _state(model) == {path: held for path, held in case.state.items() if held}
    summary = read_summary(tmp_path, case.code, *input_options(case))
    assert summary["total_params"] == sum(p.numel() for p in model.parameters())
    assert summary["trainable_params"] == sum(p.numel() for p in model.parameters() if p.requires_grad)


def _inputs(code: str, shapes: tuple[str, ...]) -> list[Any]:
    dtype = torch.long if "EmbeddingBag" in code else torch.float  # the cases make per_sample_weights float
    return [torch.zeros(*(int(size) for size in shape.split(",")), dtype=dtype) for shape in shapes]


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_each_refusal_is_an_exception_of_torch_s(name: str) -> None:
    code, shapes, _, _ = REFUSALS[name]
    with pytest.raises((RuntimeError, ValueError, AssertionError)), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _model(code)(*_inputs(code, shapes))


def test_what_lstmcalc_reads_torch_runs() -> None:
    """tests/test_torch_norms.py's accepted edges: other channels for an InstanceNorm without weights
    (torch warns), an unbatched InstanceNorm1d then PReLU."""
    from tests.test_torch_norms import _model as model_code

    with pytest.warns(UserWarning):
        output = _model(model_code("        self.norm = nn.InstanceNorm1d(4)\n", "self.norm(x)"))(torch.zeros(2, 5, 10))
    assert tuple(output.shape) == (2, 5, 10)
    code = model_code(
        "        self.norm = nn.InstanceNorm1d(4, affine=True)\n        self.act = nn.PReLU(10)\n",
        "self.act(self.norm(x))",
    )
    model = _model(code)
    assert tuple(model(torch.zeros(4, 10)).shape) == (4, 10)
    assert sum(p.numel() for p in model.parameters()) == 18


def test_offsets_and_weights_by_keyword_run_so_in_torch() -> None:
    from tests.test_torch_norms import BY_KEYWORD

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        torchinfo.summary(
            _model(BY_KEYWORD),
            input_size=[(40,)],
            dtypes=[torch.long],
            col_names=("input_size", "output_size", "num_params"),
        )
    row = "├─EmbeddingBag: 1-1                      [40]                      [5, 8]                    800"
    assert row in printed.getvalue().splitlines()


@pytest.mark.parametrize("kind", NORM_KINDS)
def test_positional_parameters_and_attributes_are_torch_s(kind: str) -> None:
    """The reader's positional parameters are the constructor's (device and dtype aside); each attribute
    forward may read has the default torch stores."""
    module_class = getattr(torch.nn, kind)
    parameters = inspect.signature(module_class.__init__).parameters.values()
    named = tuple(
        p.name for p in parameters if p.name not in ("self", "device", "dtype") and p.kind is p.POSITIONAL_OR_KEYWORD
    )
    assert TORCH_KINDS[kind].positional == named
    required = {name: 4 for name, default in TORCH_ATTRIBUTES[kind].items() if default is REQUIRED}
    if kind == "GroupNorm":
        required["num_groups"] = 2
    module = module_class(**required)
    for attribute, default in TORCH_ATTRIBUTES[kind].items():
        assert getattr(module, attribute) == (required[attribute] if default is REQUIRED else default)
