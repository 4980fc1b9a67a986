"""A ``--set`` value read at two states of what the code changes in place, refused.

A ``--set`` value stands for an expression wherever the code cannot give it. Where the code
changes a list or dict in place in a way lstmcalc does not follow (``cfg["hidden"] += 4`` of a
``cfg`` it does not know), the expression may give another value after the change than before
it, as a mutable default shared by two instances does: one ``--set`` value read on both sides
would be a wrong number, so the second read is refused at its line and column. A change of a
list or dict lstmcalc knew until then (``extra = {}``, then ``extra.update(vars(args))``) counts
only for the reads that go through it; one of what lstmcalc never knew counts for every read.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import SpecError
from lstm_calc.readers.syntax_walk import shortened
from lstm_calc.readers.torch_modules import is_self

if TYPE_CHECKING:
    from lstm_calc.readers.torch_values import TorchEvaluator


def check_set_read(evaluator: TorchEvaluator, key: str, node: ast.expr, value: Any) -> None:
    """Keep the first read of ``key``'s --set value (``value``, at ``node``); refuse a read after a change in
    place lstmcalc did not follow made since then."""
    _remember(evaluator, value)
    if not isinstance(value, (list, dict)) and (
        isinstance(node, ast.Name) or isinstance(node, ast.Attribute) and is_self(node.value)
    ):
        return  # hidden, self.hidden: a number or a string, which no change in place reaches
    count, first, through = evaluator.set_reads.setdefault(
        key, (len(evaluator.unfollowed_changes), node, set(evaluator.forgotten_reads))
    )
    through = through | evaluator.forgotten_reads
    # A change of a list or dict lstmcalc knew (extra.update(...)) reaches only reads that go through it.
    changes = [change for change, known in evaluator.unfollowed_changes[count:] if known is None or known in through]
    if not changes:
        return
    text = evaluator.overrides[key][0].strip()
    change = changes[0]
    where = f" at {_place(change)} ({shortened(change, 50)})" if hasattr(change, "lineno") else ""
    again = "a second time (for another instance or call)" if first is node else f"here and at {_place(first)}"
    raise SpecError(
        f"--set {text}: lstmcalc reads {text} {again}, and in between the code changes a list or dict in "
        f"place{where}, which lstmcalc cannot follow: {text} may hold another value here than there, and one "
        "--set value cannot stand for both; make the values known in the code (a literal, or a dict or list the "
        "code makes and changes with known values), or give the model as a YAML spec",
        evaluator.loc(node),
        "--set",
    )


def _remember(evaluator: TorchEvaluator, value: Any) -> None:
    """Note the lists and dicts of a --set value: code that changes one in place is not followed on it."""
    pending = [value]
    while pending:
        current = pending.pop()
        if isinstance(current, (list, dict)) and id(current) not in evaluator.set_objects:
            evaluator.set_objects[id(current)] = current
            pending += current.values() if isinstance(current, dict) else current


def _place(node: ast.AST) -> str:
    return f"line {getattr(node, 'lineno', '?')}, column {getattr(node, 'col_offset', -1) + 1}"
