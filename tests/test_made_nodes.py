"""Every syntax tree node the code readers make is made through ``syntax_walk.made_node``, which holds it while
the read lasts: the readers remember what they found of a node by its id, and a node let go could give its id
to the next one made (a ``keras.ops.get_item`` call was once taken for the one before it, depending on memory).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

READERS = Path(__file__).resolve().parents[1] / "lstm_calc" / "readers"

#: Trees that are not the file's: the ``--set`` names and values, compared by their dumps, and the file itself.
NOT_OF_THE_FILE = {("set_values.py", "parse"), ("python_source.py", "parse")}


def _made_outside(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    held: set[int] = set()
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "made_node":
            held |= {id(node) for argument in call.args[:1] for node in ast.walk(argument)}
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "ast"
            and (node.func.attr[0].isupper() or node.func.attr in ("keyword", "parse"))
            and node.func.attr not in ("Load", "Store", "Del")  # contexts: never told apart
        ):
            continue
        if id(node) not in held and (path.name, node.func.attr) not in NOT_OF_THE_FILE:
            found.append(f"{path.name}:{node.lineno}: ast.{node.func.attr}(...)")
    return found


@pytest.mark.parametrize("path", sorted(READERS.glob("*.py")), ids=lambda path: path.name)
def test_the_readers_make_nodes_only_through_made_node(path: Path) -> None:
    assert _made_outside(path) == []


def test_the_check_finds_a_node_made_otherwise(tmp_path: Path) -> None:
    written = tmp_path / "reader.py"
    written.write_text(
        "import ast\nkept = made_node(ast.Call(ast.Name('f', ast.Load()), [], []))\nlost = ast.Name('x', ast.Load())\n"
    )
    assert _made_outside(written) == ["reader.py:3: ast.Name(...)"]
