"""What decides how much of ``__init__`` runs, and what freezes parameters: ``break`` and
``continue`` in the loops lstmcalc unrolls, the loop that sets ``requires_grad`` on a module's
parameters, and ``requires_grad`` set where lstmcalc cannot tell on what.
"""

from __future__ import annotations

import ast


class LoopExit(Exception):
    """``break`` or ``continue`` reached in a loop of ``__init__`` lstmcalc unrolls."""

    def __init__(self, statement: ast.Break | ast.Continue) -> None:
        super().__init__()
        self.statement = statement


#: Why a change of ``requires_grad`` lstmcalc cannot follow is refused, and how to write one it follows.
FREEZES_UNSEEN = (
    "lstmcalc cannot follow which parameters this freezes, so the trainable count would be wrong; "
    "freeze a whole module (for p in self.embedding.parameters(): p.requires_grad = False, or "
    "self.embedding.requires_grad_(False)) or a parameter by name (self.fc.bias.requires_grad = False)"
)


def sets_requires_grad(node: ast.AST) -> bool:
    """``p.requires_grad = False`` or ``p.requires_grad_(False)``: what changes the trainable count."""
    if isinstance(node, ast.Attribute) and node.attr == "requires_grad" and isinstance(node.ctx, ast.Store):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "requires_grad_"


def freezes(body: list[ast.stmt], target: ast.expr) -> bool | None:
    """What ``p.requires_grad = False`` (or ``True``), ``p.requires_grad_(False)`` or ``p.requires_grad_()``
    as a loop's only statement sets on the loop's name; None for any other loop."""
    if len(body) != 1 or not isinstance(target, ast.Name):
        return None
    text = ast.unparse(body[0]).replace(" ", "")
    for value in (False, True):
        if text in (f"{target.id}.requires_grad={value}", f"{target.id}.requires_grad_({value})"):
            return value
    return True if text == f"{target.id}.requires_grad_()" else None
