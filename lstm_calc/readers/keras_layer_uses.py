"""One layer object used in two places of a model read from Keras code.

Keras holds the one object in both places and counts its weights once in the model's totals,
while a Sequential model's summary still lists a row for each use (with the shape of the
object's last call, whichever row it is). lstmcalc counts every row's weights, so a second use
is refused at its line. Calling a layer again on other tensors in functional code is what
Keras's shared layers are, and is read as such (a ``shares:`` entry); only a layer that is both
called and held by another layer (``TimeDistributed(d)``, ``RNN(cell)``, a Bidirectional's
``backward_layer``), or held twice, is refused there. Keras's Bidirectional builds its forward
layer afresh from the config of the layer it is given (``copied_arguments``), so that layer and
everything in it are not a use of the object.
"""

from __future__ import annotations

import ast
from contextlib import contextmanager
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

#: A layer in a Sequential model's list, or given to ``model.add``.
LISTED = "listed"
#: A layer held by another layer (``TimeDistributed(d)``, ``RNN(cell)``).
HELD = "held"
#: A layer called on tensors in functional code (``d(x)``): called again, it shares its weights.
CALLED = "called"


class LayerUses:
    """Where each layer object of the model is used, by the call that made it (see the module's docstring)."""

    def __init__(self, loc: Callable[[ast.AST], Location]) -> None:
        self.loc = loc
        #: The first use of each object, by ``id`` of the call that made it and the pass of the loops it was
        #: made in (code_loops): (the node using it, the pass it was used in, how).
        self.first: dict[tuple[int, int], tuple[ast.expr, int, str]] = {}
        self.copying = 0

    @contextmanager
    def copied(self, copying: bool) -> Iterator[None]:
        """While reading an argument Keras copies from its config, nothing in it is a use of an object."""
        self.copying += copying
        try:
            yield
        finally:
            self.copying -= copying

    def note(self, made_by: ast.Call, node: ast.expr, how: str, made_pass: int = 0, use_pass: int = 0) -> None:
        """``node`` uses the layer object ``made_by`` makes, ``how``; a second use Keras would count once is refused.

        ``made_pass`` and ``use_pass`` are the passes of the unrolled loops the object was made and is used in:
        one call makes a new object on every pass, and one node used on two passes is two uses.
        """
        if self.copying:
            return
        first, first_pass, first_how = self.first.setdefault((id(made_by), made_pass), (node, use_pass, how))
        if (first is node and first_pass == use_pass) or (how == CALLED and first_how == CALLED):
            return
        raise SpecError(_used_again(made_by, node, first, how), self.loc(node))


def _used_again(made_by: ast.Call, node: ast.expr, first: ast.expr, how: str) -> str:
    used = ast.unparse(node.func if isinstance(node, ast.Call) else node)
    hint = "make a new layer for each use"
    if how == LISTED:
        hint += f", or share the layer in functional code by calling it on tensors (x = {used}({used}(inputs)))"
    return (
        f"'{used}' is the layer object made at line {made_by.lineno} and already used at line {first.lineno}: "
        "Keras holds the one object in both places and counts its weights once, which lstmcalc does not "
        f"follow; {hint}"
    )
