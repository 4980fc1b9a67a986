"""The ``--set`` cases (tests/torch_set_value_cases.py) made in torch 2.13 with the arguments the ``--set``
values stand for: each gives the pinned total."""

from __future__ import annotations

from typing import Any

import pytest

torch = pytest.importorskip("torch")

from tests.torch_set_value_cases import CASES  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(CASES))
def test_torch_gives_the_pinned_total(name: str) -> None:
    case = CASES[name]
    namespace: dict[str, Any] = {"__name__": "case"}
    exec(compile(case.code, "model.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
    model = namespace["Net"](**case.arguments)
    assert sum(parameter.numel() for parameter in model.parameters()) == case.total
