"""The class redefinition cases (tests/test_torch_class_redefinitions.py) in real torch 2.13: each file
lstmcalc reads gives the pinned total, and each file it refuses gives the total pinned for what Python
makes of it, from an earlier definition than the one lstmcalc would read."""

from __future__ import annotations

from typing import Any

import pytest

torch = pytest.importorskip("torch")

from tests.test_torch_class_redefinitions import HEADER, PYTHON_TOTALS, READ, REFUSED  # noqa: E402

pytestmark = pytest.mark.oracle


def _total(code: str) -> int:
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(HEADER + code, "model.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
    return sum(parameter.numel() for parameter in namespace["model"].parameters())


@pytest.mark.parametrize("name", sorted(READ))
def test_torch_gives_the_pinned_total(name: str) -> None:
    code, total = READ[name]
    assert _total(code) == total


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_torch_makes_the_refused_model_from_an_earlier_definition(name: str) -> None:
    assert _total(REFUSED[name][0]) == PYTHON_TOTALS[name]
