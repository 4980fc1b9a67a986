"""A PyTorch model as torchinfo shows it: each module call of ``forward``, in order, with its depth.

A :class:`~lstm_calc.summary.ModelSummary` keeps its layers (the rows JSON, ``check`` and
``diff`` read: each module that owns weights, named by its module path) and, for a PyTorch
model, these calls too: what torchinfo's table is drawn from. The model itself is the first
call, at depth 0; containers (``nn.Sequential``, the user's own modules) are calls of their
own, followed by the calls they make one level deeper.
"""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple

    from lstm_calc.layers.base import Weight
    from lstm_calc.shapes import Shape

    class ModuleCall(NamedTuple):
        """One module called once (a module called again is a second call, as in torchinfo).

        ``path`` is the module's path in the model (torchinfo's var_name, the state_dict
        prefix): ``""`` for the model itself, ``"lstm"``, ``"head.0"``. ``class_name`` is its
        class (``"LSTM"``, ``"Sequential"``, the user's own class). ``depth`` is 0 for the
        model and one more per level of the module tree (torchinfo's: a ModuleList's module
        is two below the model, whoever calls it). ``inputs`` and ``outputs`` are the tensors the
        call takes and returns, flattened in order (an LSTM's ``out, (h_n, c_n)`` gives three);
        ``None`` where ``forward`` was not followed this far. ``own_weights`` are the
        parameters the module holds itself, named as in its own state_dict
        (``weight_ih_l0``); ``params`` and ``trainable_params`` count the module and every
        module inside it. ``uncalled_submodules`` is true for a module holding submodules its
        ``forward`` never calls (MultiheadAttention's out_proj): torchinfo then treats it as a
        container (no leaf), whose Mult-Adds, pass size and parameter bytes it leaves out.
        ``called`` is false for a container torchinfo shows though nothing calls it (a ModuleList
        whose modules are called, put above them as torchinfo's ``add_missing_container_layers``
        does): it takes and returns no tensor, ``()``.
        """

        path: str
        class_name: str
        depth: int
        inputs: tuple[Shape, ...] | None
        outputs: tuple[Shape, ...] | None
        own_weights: tuple[Weight, ...]
        params: int
        trainable_params: int
        uncalled_submodules: bool = False
        called: bool = True

else:
    ModuleCall = namedtuple(
        "ModuleCall",
        (
            "path",
            "class_name",
            "depth",
            "inputs",
            "outputs",
            "own_weights",
            "params",
            "trainable_params",
            "uncalled_submodules",
            "called",
        ),
        defaults=(False, True),
    )
