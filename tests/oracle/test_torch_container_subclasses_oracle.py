"""The container subclasses lstmcalc asks about or refuses (tests/torch_container_subclass_cases.py), built
in real torch (tests/oracle/test_torch_containers_oracle.py runs the cases it reads): torch gives the
pinned totals where lstmcalc asks for a value or refuses what the file does not say, and torch refuses
each refused class in the words lstmcalc quotes."""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING

import pytest

from tests.torch_code_cases import built_module, torch_totals
from tests.torch_container_subclass_cases import ASKED, REFUSED, UNREADABLE, WRAPPED

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.oracle
torch = pytest.importorskip("torch")


@pytest.mark.parametrize(("code", "where", "message", "assignment", "environment", "totals"), ASKED)
def test_torch_gives_the_pinned_totals_for_the_value_asked_for(
    code: str,
    where: str,
    message: str,
    assignment: str,
    environment: dict[str, str],
    totals: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert torch_totals(code) == totals


@pytest.fixture
def outside_module() -> Iterator[types.ModuleType]:
    """The module ``blocks`` the unreadable cases import, given torch here (lstmcalc never sees it)."""
    module = types.ModuleType("blocks")
    sys.modules["blocks"] = module
    yield module
    del sys.modules["blocks"]


@pytest.mark.parametrize(("code", "where", "message", "outside", "params"), UNREADABLE)
def test_torch_builds_what_depends_on_code_outside_the_file(
    code: str, where: str, message: str, outside: str, params: int, outside_module: types.ModuleType
) -> None:
    exec(compile(outside, "blocks.py", "exec"), outside_module.__dict__)  # noqa: S102 - the test's own code
    assert torch_totals(code)[0] == params


@pytest.mark.parametrize(("code", "torch_says"), [(refused[0], refused[3]) for refused in REFUSED])
def test_torch_refuses_it_in_the_words_lstmcalc_quotes(code: str, torch_says: str) -> None:
    with pytest.raises((TypeError, AttributeError)) as refused:
        built_module(code)
    assert torch_says in str(refused.value)


@pytest.mark.parametrize(("code", "where", "what", "whole", "alone", "first"), WRAPPED)
def test_the_model_the_code_ends_with_holds_the_class_s_module(
    code: str, where: str, what: str, whole: int, alone: int, first: str
) -> None:
    namespace: dict[str, object] = {"__name__": "__main__"}
    exec(compile(code, "<case>", "exec"), namespace)  # noqa: S102 - the test's own code
    model = namespace["model"]
    assert isinstance(model, (torch.nn.Sequential, torch.nn.DataParallel))
    assert sum(p.numel() for p in model.parameters()) == whole
    assert sum(p.numel() for p in namespace["Encoder"]().parameters()) == alone  # type: ignore[operator]
    assert next(iter(model.state_dict())) == first
