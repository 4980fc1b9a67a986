"""lstmcalc's one value describer (arguments._describe), in each of the ways a message shows a value."""

from __future__ import annotations

import pytest

from lstm_calc.arguments import _describe
from lstm_calc.shapes import describe_shape


@pytest.mark.parametrize(
    ("value", "how", "shown"),
    [
        ("lstm", "yaml", "'lstm'"),
        ("x" * 70, "yaml", repr("x" * 60) + "... (70 characters)"),
        (None, "yaml", "null"),
        (True, "yaml", "true"),
        (float("nan"), "yaml", ".nan"),
        (float("-inf"), "yaml", "-.inf"),
        ({"a": 1}, "yaml", "a mapping"),
        ([1], "yaml", "a list"),
        (64, "typed", "int 64"),
        ("64", "typed", "str '64'"),
        (False, "typed", "bool false"),
        (None, "typed", "null"),
        ([1], "typed", "a list"),
        (3, "key", "the number 3"),
        (1.5, "key", "the number 1.5"),
        (True, "key", "the boolean true"),
        (None, "key", "null"),
        ([1], "key", "a list"),
        (True, "python", "True"),
        (None, "python", "None"),
        ("x", "python", "'x'"),
        (["x", 0, 0], "python", "['x', 0, 0]"),
        ({"a": 1}, "python", "a mapping"),
    ],
    ids=lambda item: str(item)[:20],
)
def test_each_way_of_showing_a_value(value, how, shown):
    assert _describe(value, how) == shown


def test_shapes_in_a_message():
    assert describe_shape((None,)) == "(None,)"
    assert describe_shape((None, 64)) == "(None, 64)"
    assert describe_shape([(None, 64), (None, 8)]) == "[(None, 64), (None, 8)]"
