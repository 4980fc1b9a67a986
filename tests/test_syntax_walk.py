"""The code readers' own walks give what :mod:`ast`'s give, in the same order, and forget a tree
when its read is over: every file of the PyTorch and Keras code corpora, and code of every
kind of node, walked inside and outside a read. The quick count of a file's bindings is never
below the count of every scope's."""

from __future__ import annotations

import ast
import sys
from collections import Counter
from contextlib import nullcontext
from pathlib import Path

import pytest

from lstm_calc.readers import syntax_walk
from lstm_calc.readers.code_calls import _every_binding
from lstm_calc.readers.code_names import binding_counts
from lstm_calc.readers.syntax_walk import child_nodes, dump, nodes_of, override_key, remembered_walks, walk
from tests.keras_code_corpus import CORPUS

ROOT = Path(__file__).parent.parent
TORCH_FILES = sorted((ROOT / "tests" / "torch_corpus").glob("*.py"))
#: Nodes of every kind the walks must pass through: scopes, comprehensions, match, try, f-strings, ``:=``.
EVERY_KIND = """
import os.path as p, sys
from m import *
@d(1)
class C(B, metaclass=M):
    x: int = 3
    async def f(self, a, /, b=2, *c, d, e=4, **g) -> None:
        global q
        async with w as (h, i):
            async for j in k:
                yield [m for m in j if (n := m)]
        try:
            del h
        except E as err:
            raise
        finally:
            pass
    def g(self):
        nonlocal_ = lambda r=1: r ** -2 @ 3
        match self.v:
            case {"k": [1, *rest], **kw} if rest:
                return f"{kw!r:>{3}}"
            case P(a=1) | None:
                return {s: t for s, t in zip(a, b)}, {*a}, (u for u in a)
"""
if sys.version_info >= (3, 11):  # except* (ast.TryStar) is Python 3.11's
    EVERY_KIND += "try:\n    pass\nexcept* E as err:\n    raise\n"

#: Classes of nodes asked for: one, several, a base class (``ast.stmt``), none in the code.
KINDS = [ast.Name, (ast.Import, ast.ImportFrom), (ast.FunctionDef, ast.Call, ast.Name), ast.stmt, (ast.expr, ast.arg)]
KINDS += [(ast.Global, ast.NamedExpr, ast.Attribute), ast.MatchStar, ast.TypeIgnore]


def sources() -> list[tuple[str, str]]:
    """(name, code) of every file walked."""
    every = [("every-kind", EVERY_KIND)]
    every += [(path.name, path.read_text(encoding="utf-8")) for path in TORCH_FILES]
    return every + [(name, case.code) for name, case in CORPUS.items()]


@pytest.mark.parametrize(("name", "code"), sources(), ids=[name for name, _ in sources()])
def test_walks_and_children_are_asts_in_its_order_inside_and_outside_a_read(name: str, code: str) -> None:
    tree = ast.parse(code)
    expected = {id(node): [id(part) for part in ast.walk(node)] for node in ast.walk(tree)}
    children = {id(node): [id(child) for child in ast.iter_child_nodes(node)] for node in ast.walk(tree)}
    for inside in (False, True):
        with remembered_walks(tree) if inside else nullcontext():
            for node in ast.walk(tree):
                assert [id(part) for part in walk(node)] == expected[id(node)]
                assert [id(child) for child in child_nodes(node)] == children[id(node)]
                assert dump(node) == ast.dump(node)
            for types in KINDS:
                wanted = [id(node) for node in ast.walk(tree) if isinstance(node, types)]
                assert [id(node) for node in nodes_of(tree, types)] == wanted


def test_a_read_forgets_its_tree_and_another_tree_is_walked_afresh() -> None:
    first, second = ast.parse("a = 1\n"), ast.parse("b = [2, 3]\n")
    with remembered_walks(first):
        assert walk(first) == tuple(ast.walk(first))
        assert [type(node) for node in walk(second)] == [type(node) for node in ast.walk(second)]
        assert id(second) not in syntax_walk._reads[-1].children
    assert not syntax_walk._reads
    with remembered_walks(second):
        assert [id(node) for node in walk(second)] == [id(node) for node in ast.walk(second)]
    assert not syntax_walk._reads


def test_a_read_that_fails_forgets_its_tree() -> None:
    tree = ast.parse("a = 1\n")
    with pytest.raises(ValueError, match="stop"), remembered_walks(tree):
        raise ValueError("stop")
    assert not syntax_walk._reads


@pytest.mark.parametrize("inside", [False, True])
def test_override_keys_are_the_dumps_of_the_nodes_set(inside: bool) -> None:
    tree = ast.parse("x = config['vocab'] + config['hidden'] + n\n")
    overrides = {
        ast.dump(ast.parse("config['vocab']", mode="eval").body): 1,
        ast.dump(ast.parse("n", mode="eval").body): 2,
    }
    with remembered_walks(tree) if inside else nullcontext():
        keys = [override_key(node, overrides) for node in walk(tree)]
    found = [key for key in keys if key is not None]
    assert sorted(found) == sorted(overrides)
    assert override_key(ast.parse("n", mode="eval").body, {}) is None


@pytest.mark.parametrize(("name", "code"), sources(), ids=[name for name, _ in sources()])
def test_binding_counts_are_at_least_the_bindings_of_every_scope(name: str, code: str) -> None:
    tree = ast.parse(code)
    with remembered_walks(tree):
        every = Counter(bound for bound, _ in _every_binding(tree))
        anywhere = binding_counts(tree)
    assert all(count <= anywhere[bound] for bound, count in every.items())
    definitions = [node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
    assert all(every[definition] == 1 for definition in definitions if anywhere[definition] == 1)


@pytest.mark.parametrize(
    ("code", "method", "expected"),
    [
        ("super().__init__(units)", "__init__", True),
        ("super(Attention, self).__init__(**kwargs)", "__init__", True),
        ("super().build(input_shape)", "__init__", False),
        ("super().build(input_shape)", None, True),
        ("Parent.__init__(self, units)", "__init__", False),
        ("self.super().__init__()", "__init__", False),
        ("super().__init__", None, False),  # read, not called
        ("sup().__init__()", None, False),
    ],
)
def test_super_calls_are_told_by_the_method_they_call(code: str, method: str | None, expected: bool) -> None:
    node = ast.parse(code, mode="eval").body
    assert syntax_walk.is_super_call(node, method) is expected
