"""What torch's recurrent modules return (``nn.LSTM``'s ``(output, (h_n, c_n))``, a cell's states), and the initial
states ``forward`` gives them (``self.lstm(x, (h0, c0))``, ``self.cell(x_t, h)``), checked as torch checks them
before it runs: a state of the wrong shape is refused in torch's words.

A bidirectional LSTM's ``init_hidden`` that forgets the ``* 2`` of its two directions is a common
mistake; torch fails at the call (``Expected hidden[0] size (4, 4, 16), got [2, 4, 16]``), so no table
follows from it. So is a model moved from GRU to LSTM, or back, that keeps its states: an LSTM's are a
pair ``(h_0, c_0)``, a GRU's or RNN's one tensor. Where a size is not known, it is not compared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.readers.torch_refusal import ShapeRefusal, TorchShape, fits

if TYPE_CHECKING:
    from lstm_calc.readers.torch_kinds import TorchKind

#: A tensor of a rule's result whose shape is not known: (UNKNOWN_TENSOR, UNKNOWN_TENSOR) is two tensors, where
#: (None, None) would read as one tensor of two axes.
UNKNOWN_TENSOR = "unknown tensor"


def recurrent_shapes(options: dict[str, Any], inputs: list[TorchShape | None], with_cell: bool) -> Any:
    """An nn.LSTM's ``(output, (h_n, c_n))`` (``with_cell``), or a GRU's or RNN's ``(output, h_n)``."""
    x = inputs[0]
    directions = 2 if options.get("bidirectional") else 1
    hidden = options.get("hidden_size")
    out_size = options.get("proj_size") or hidden
    layers = options.get("num_layers", 1)
    if x is None:
        return (UNKNOWN_TENSOR, (UNKNOWN_TENSOR, UNKNOWN_TENSOR)) if with_cell else (UNKNOWN_TENSOR, UNKNOWN_TENSOR)
    if len(x) not in (2, 3):
        raise ShapeRefusal(f"takes a 2-D or 3-D input, not {len(x)}-D")
    fits(x[-1], options.get("input_size"), "input_size")
    width = out_size * directions if isinstance(out_size, int) else None
    states = layers * directions if isinstance(layers, int) else None
    if len(x) == 2:  # unbatched: (T, features)
        output: TorchShape = (x[0], width)
        h_n: TorchShape = (states, out_size)
        c_n: TorchShape = (states, hidden)
    else:
        batch, steps = (x[0], x[1]) if options.get("batch_first") else (x[1], x[0])
        output = (batch, steps, width) if options.get("batch_first") else (steps, batch, width)
        h_n, c_n = (states, batch, out_size), (states, batch, hidden)
    return (output, (h_n, c_n)) if with_cell else (output, h_n)


def cell_shapes(options: dict[str, Any], inputs: list[TorchShape | None], with_cell: bool) -> Any:
    """An nn.LSTMCell's ``(h, c)`` (``with_cell``), or a GRUCell's or RNNCell's ``h``, for one time step."""
    x = inputs[0]
    hidden = options.get("hidden_size")
    if x is None:
        state = None
    else:
        if len(x) not in (1, 2):
            raise ShapeRefusal(f"takes a 1-D or 2-D input (one time step), not {len(x)}-D")
        fits(x[-1], options.get("input_size"), "input_size")
        state = (*x[:-1], hidden)
    return (state, state) if with_cell else state


def refuse_wrong_states(
    kind: TorchKind, class_name: str, options: dict[str, Any], x: TorchShape | None, given: Any
) -> None:
    """Refuse ``given``, the states (``hx``) an ``nn.LSTM``/``GRU``/``RNN`` or one of their cells (a ``kind``
    with ``states``) is called with after its input of shape ``x``, where torch would (:class:`ShapeRefusal`);
    states of unknown shape, or none given, pass."""
    if kind.states is None:
        return
    over, count = kind.states
    sequence, two = over == "sequence", count == 2
    if x is None or len(x) not in ((2, 3) if sequence else (1, 2)):
        return  # torch refuses the input first, and so does the module's own rule
    if isinstance(given, (int, float, str)):  # hx=3: torch takes tensors
        raise ShapeRefusal(f"{_plain_state_words(sequence, two, given)} (nn.{class_name} takes its states as tensors)")
    _refuse_misgrouped(class_name, sequence, len(x), given) if two else _refuse_grouped(class_name, given)
    states = _shapes(given, two)
    if states is None:
        return
    if sequence:
        _sequence_states(options, x, states, two)
    else:
        _cell_states(options, x, states)


def _plain_state_words(sequence: bool, two: bool, given: int | float | str) -> str:
    """torch's words for states given as a number or a string: an LSTM indexes them, an LSTMCell unpacks them,
    the others (and both, for a string) ask them for their ``dim()``."""
    kind = type(given).__name__
    if two and not isinstance(given, str):
        return f"'{kind}' object is not {'subscriptable' if sequence else 'iterable'}"
    return f"'{kind}' object has no attribute 'dim'"


def _refuse_grouped(class_name: str, given: Any) -> None:
    """Refuse the states of a GRU, an RNN or one of their cells given as a tuple or list: torch asks it
    for its ``dim()``."""
    if isinstance(given, (tuple, list)):
        kind = type(given).__name__
        raise ShapeRefusal(
            f"'{kind}' object has no attribute 'dim' (nn.{class_name} takes one state tensor, not a {kind})"
        )


def _refuse_misgrouped(class_name: str, sequence: bool, x_rank: int, given: Any) -> None:
    """Refuse the states of an LSTM or LSTMCell given as one tensor of known shape, or as a tuple or list of
    other than two, in torch's words where they do not depend on an unknown size."""
    cell_batched = not sequence and x_rank == 2
    pair = f"nn.{class_name}'s states are a pair (h_0, c_0)"
    if isinstance(given, (tuple, list)) and len(given) != 2:
        if cell_batched or len(given) > 2:
            raise ShapeRefusal(f"{'lstm_cell' if cell_batched else 'lstm'} expects two hidden states ({pair})")
        raise ShapeRefusal(f"{type(given).__name__} index out of range ({pair})")
    shape = getattr(given, "shape", None) if not isinstance(given, (tuple, list)) else None
    if shape is None:
        return
    pair += ", not one tensor"
    if cell_batched:
        raise ShapeRefusal(f"lstm_cell(): argument 'hx' (position 2) must be tuple of Tensors, not Tensor ({pair})")
    first = shape[0] if shape else None
    if isinstance(first, int) and first < 2:
        raise ShapeRefusal(f"index {first} is out of bounds for dimension 0 with size {first} ({pair})")
    if sequence:
        wanted = 3 if x_rank == 3 else 2
        if isinstance(first, int) and len(shape) - 1 != wanted:
            kind = "batched 3-D" if x_rank == 3 else "unbatched 2-D"
            got = f"{len(shape) - 1}-D"
            raise ShapeRefusal(
                f"For {kind} input, hx and cx should also be {wanted}-D but got ({got}, {got}) tensors ({pair})"
            )
        raise ShapeRefusal(pair)


def _shapes(given: Any, two: bool) -> list[TorchShape] | None:
    """The shapes of the states: an LSTM's ``(h, c)``, another's ``h``; None where any is not known."""
    parts = given if two and isinstance(given, (tuple, list)) and len(given) == 2 else None if two else [given]
    shapes: list[TorchShape] = [shape for part in parts or [] if (shape := getattr(part, "shape", None)) is not None]
    return shapes if parts and len(shapes) == len(parts) else None


def _sequence_states(options: dict[str, Any], x: TorchShape, states: list[TorchShape], two: bool) -> None:
    layers, hidden = options.get("num_layers", 1), options.get("hidden_size")
    directions = 2 if options.get("bidirectional") else 1
    first = (options.get("proj_size") or hidden) if two else hidden
    batched = len(x) == 3
    wanted_rank = 3 if batched else 2
    if any(len(state) != wanted_rank for state in states):
        ranks = ", ".join(f"{len(state)}-D" for state in states)
        what, tensors = ("hx and cx", f"({ranks}) tensors") if len(states) == 2 else ("hx", f"{ranks} tensor")
        kind = "batched 3-D" if batched else "unbatched 2-D"
        raise ShapeRefusal(f"For {kind} input, {what} should also be {wanted_rank}-D but got {tensors}")
    batch = (x[0] if options.get("batch_first") else x[1]) if batched else None
    for index, (state, size) in enumerate(zip(states, (first, hidden))):
        expected = (layers * directions, batch, size) if batched else (layers * directions, size)
        if not _fits(state, expected):
            which = f"hidden[{index}]" if len(states) == 2 else "hidden"
            raise ShapeRefusal(f"Expected {which} size {_shown(expected)}, got {list(state)}")


def _cell_states(options: dict[str, Any], x: TorchShape, states: list[TorchShape]) -> None:
    hidden = options.get("hidden_size")
    for index, state in enumerate(states):
        if len(state) != len(x):
            raise ShapeRefusal(f"a {len(x)}-D input takes {len(x)}-D states, not the {len(state)}-D hidden{index}")
        if len(x) == 2 and _differ(state[0], x[0]):
            raise ShapeRefusal(f"Input batch size {x[0]} doesn't match hidden{index} batch size {state[0]}")
        if _differ(state[-1], hidden):
            raise ShapeRefusal(f"hidden{index} has inconsistent hidden_size: got {state[-1]}, expected {hidden}")


def _fits(shape: TorchShape, expected: tuple[Any, ...]) -> bool:
    return not any(_differ(size, wanted) for size, wanted in zip(shape, expected))


def _differ(size: Any, wanted: Any) -> bool:
    return isinstance(size, int) and isinstance(wanted, int) and size != wanted


def _shown(expected: tuple[Any, ...]) -> str:
    return "(" + ", ".join("?" if size is None else str(size) for size in expected) + ")"
