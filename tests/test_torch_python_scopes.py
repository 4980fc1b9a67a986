"""Python's scoping rules in PyTorch code (tests/torch_python_scope_cases.py): the models read print
torchinfo's table (the golden files, from tests/oracle/test_torch_python_scopes_oracle.py); what Python
refuses is refused, at its line, in Python's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.test_torch_probe_findings import summary_of
from tests.torch_python_scope_cases import KERAS_REFUSED, READ, REFUSED, UNBOUND

GOLDEN = ROOT / "tests" / "golden" / "torch_python_scopes"


@pytest.mark.parametrize("name", sorted(READ))
def test_the_table_is_torchinfo_s(tmp_path: Path, name: str) -> None:
    code, shapes = READ[name]
    _, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == as_torchinfo_prints_here((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_python_refuses_is_refused_at_its_line(tmp_path: Path, name: str) -> None:
    code, shapes, where, message, _ = REFUSED[name]
    path, result = summary_of(tmp_path, code, shapes)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


def test_private_names_are_mangled_as_python_compiles_them() -> None:
    import ast

    from lstm_calc.readers.private_names import mangle_private_names

    code = (
        "class _Outer(__Base, metaclass=__Meta):\n    __a = 1\n    __b__ = 2\n"
        "    def __f(self, __n):\n        global __g\n        return self.__x + getattr(self, '__x') + f(__k=1)\n"
        "    class __Inner:\n        __c = __n\n"
        "__top = 3\n"
    )
    tree = ast.parse(code)
    mangle_private_names(tree)
    assert ast.unparse(tree).splitlines() == [
        "class _Outer(__Base, metaclass=__Meta):",
        "    _Outer__a = 1",
        "    __b__ = 2",
        "",
        "    def _Outer__f(self, _Outer__n):",
        "        global _Outer__g",
        "        return self._Outer__x + getattr(self, '__x') + f(__k=1)",
        "",
        "    class _Outer__Inner:",
        "        _Inner__c = _Inner__n",
        "__top = 3",
    ]


@pytest.mark.parametrize("name", sorted(KERAS_REFUSED))
def test_keras_code_in_a_function_is_refused_as_python_refuses_it(tmp_path: Path, name: str) -> None:
    code, where, function, read = KERAS_REFUSED[name]
    path, result = summary_of(tmp_path, code, [])
    message = UNBOUND.format(name=read, function=function)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{where}: error: {message}\n")


def test_keras_code_on_a_path_that_may_not_run_is_asked_for(tmp_path: Path) -> None:
    # Under a condition lstmcalc cannot decide, the read may never run (then n is 4): n is asked for, not refused.
    code = (
        "import sys\nimport keras\nfrom keras import layers\n\nUNITS = 10\n\n\ndef build():\n    n = 4\n"
        "    if len(sys.argv) > 1:\n        n = UNITS\n    UNITS = 64\n"
        "    return keras.Sequential([keras.Input((5, 3)), layers.LSTM(n)])\n\n\nmodel = build()\n"
    )
    path, result = summary_of(tmp_path, code, [])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:13:63: error: cannot evaluate 'n' (LSTM's units) without running the code")
