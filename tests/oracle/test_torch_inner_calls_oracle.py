"""The pinned torchinfo texts of tests/torch_inner_calls_cases.py (tests/golden/torch_inner_calls/) are
what torchinfo 1.8 prints now for each case's module, input size and depth, and lstmcalc prints the
same. Rewrite them on purpose with ``pytest tests/oracle/test_torch_inner_calls_oracle.py -m oracle
--update-golden``."""

from __future__ import annotations

import contextlib
import io
import warnings
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
torchinfo = pytest.importorskip("torchinfo")

from tests.conftest import GOLDEN  # noqa: E402  (after the skips: needs torch)
from tests.test_torch_inner_calls import CASE_DEPTHS, summary_text  # noqa: E402
from tests.torch_inner_calls_cases import INNER_CASES  # noqa: E402

pytestmark = pytest.mark.oracle
DTYPES = {"float": torch.float, "double": torch.float64}


def torchinfo_text(name: str, depth: int) -> str:
    """torchinfo's summary of the case's module-level ``model``, as it prints it."""
    case = INNER_CASES[name]
    namespace: dict[str, object] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(case.code, f"{name}.py", "exec"), namespace)  # noqa: S102 - the test's own code
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            torchinfo.summary(
                namespace["model"], input_size=[case.input_shape], dtypes=[DTYPES[case.dtype]], depth=depth
            )
    return printed.getvalue()


@pytest.mark.parametrize(("name", "depth"), CASE_DEPTHS, ids=[f"{name}-depth{depth}" for name, depth in CASE_DEPTHS])
def test_pinned_text_is_torchinfo_s(request: pytest.FixtureRequest, tmp_path: Path, name: str, depth: int) -> None:
    expected = torchinfo_text(name, depth)
    path = GOLDEN / INNER_CASES[name].golden_name(name, depth)
    if request.config.getoption("--update-golden"):
        path.write_text(expected, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == expected
    assert summary_text(tmp_path, name, depth) == expected
