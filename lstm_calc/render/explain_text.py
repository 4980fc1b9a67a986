"""``lstmcalc explain`` as text: equations with shapes, states, time unrolling and gate packing."""

from __future__ import annotations

import re
from dataclasses import asdict

from lstm_calc.arguments import KERAS
from lstm_calc.explain import EXPLAINED_TYPES, GATE_NAMES, Explanation, LessonExplanation, Packing
from lstm_calc.render.json_output import json_text
from lstm_calc.render.prose import DEFAULT_WIDTH, wrap
from lstm_calc.shapes import describe_shape, first_shape

INDENT = "  "
FRAMEWORK_NAMES = {KERAS: "Keras", "pytorch": "PyTorch"}


_KEEP_TOGETHER = "\0"


def _wrap(text: str, width: int, indent: str = INDENT, hanging: str = "") -> list[str]:
    # A parenthesis such as the shape (1, 50) is never split across lines, unless it is wider than a line.
    room = width - len(indent + hanging)

    def glue(match: re.Match[str]) -> str:
        group: str = match.group(0)
        return group.replace(" ", _KEEP_TOGETHER) if len(group) <= room else group

    glued = re.sub(r"\([^()]*\)", glue, text)
    return [line.replace(_KEEP_TOGETHER, " ") for line in wrap(glued, width, indent, indent + hanging)]


def _fill(pieces: list[str], width: int, indent: str, hanging: str, separator: str = ", ") -> list[str]:
    """Lay ``pieces`` out in lines of at most ``width``, never breaking inside a piece (``b_f (12,)``)."""
    lines: list[str] = []
    current = indent
    for index, piece in enumerate(pieces):
        text = piece + (separator if index < len(pieces) - 1 else "")
        if index and current.strip() and len(current) + len(text.rstrip()) > width:
            lines.append(current.rstrip())
            current = hanging
        current += text
    lines.append(current.rstrip())
    return lines


def _pieces(layout: str) -> list[str]:
    # "0:12 b_i, 12:24 b_f; each (12, 12)": split at the commas outside a shape.
    return re.split(r", (?![^()]*\))", layout)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _steps(explanation: Explanation) -> str:
    if explanation.time_steps is None:
        return "here T is unknown: any length"
    return f"here T = {explanation.time_steps}"


def render_explanation(explanation: Explanation, width: int = DEFAULT_WIDTH) -> str:
    """The explanation of one layer as text, its prose wrapped to ``width`` columns.

    Formula and equation lines stay whole, as does any number or word.
    """
    e = explanation
    lines = [f"{e.name} ({e.type_name}): {e.params:,} params", e.calculation.line, ""]
    lines += _wrap(e.width_text, width, indent="")
    heading = f"Cell equations at time step t ({e.legend}):"
    lines += ["", *_wrap(heading, width, indent="")]
    label_width = max(len(equation.meaning) for equation in e.equations)
    for equation in e.equations:
        lines.append(f"{INDENT}{equation.meaning.ljust(label_width)}  {equation.text}")
        pieces = [f"{term.symbol} {describe_shape(term.shape)}" for term in equation.terms]
        pieces[-1] += f" -> {equation.result.symbol} {describe_shape(equation.result.shape)}"
        column = INDENT + " " * (label_width + 2)
        lines += _fill(pieces, width, column, column)
    for note in e.notes:
        lines += _wrap(note, width)
    if e.num_layers > 1:
        lines += _wrap(
            f"These are layer 0's equations. The {e.num_layers - 1} stacked layer"
            f"{'s' if e.num_layers > 2 else ''} above it (num_layers = {e.num_layers}) have the same equations "
            "with their own weights, and take the h_t of the layer below as their x_t.",
            width,
        )
    lines += ["", *wrap("States, carried from one time step to the next:", width)]
    for state in e.states:
        head = f"{INDENT}{state.symbol}  {state.meaning.ljust(12)}  "
        text = f"{describe_shape(state.shape)} without the batch axis, {describe_shape(state.batched_shape)} with it"
        wrapped = _wrap(text, width, indent=" " * len(head))
        lines += [head + wrapped[0].lstrip(), *wrapped[1:]]
    if e.framework != KERAS:
        lines += _wrap(
            "torch.nn keeps one state per layer and direction on the leading axis, "
            "(num_layers × directions, batch, size), batch_first or not.",
            width,
        )
    lines += ["", "Time unrolling:"]
    lines += _unrolling(e, width)
    if e.framework != KERAS and e.states and len(e.states[0].shape) == 2:
        lines += ["", *_torch_returns(e, width)]
    own, *others = e.packings
    lines += ["", *_packing(own, width)]
    for other in others:
        lines += ["", *_packing(other, width)]
        if other.params is not None:
            lines += wrap(
                f"{other.params:,} params in {FRAMEWORK_NAMES[other.framework]}, {own.params:,} in "
                f"{FRAMEWORK_NAMES[own.framework]} ({other.note}).",
                width,
                INDENT,
                INDENT * 2,
            )
    return "\n".join(lines) + "\n"


def _packing(packing: Packing, width: int) -> list[str]:
    """The title, then each tensor with its shape and where each gate's block lies in it."""
    if not packing.weights:
        return wrap(f"In {FRAMEWORK_NAMES[packing.framework]}: {packing.note}.", width)
    lines = wrap(_packing_title(packing), width)
    name_width = max(len(weight.name) for weight in packing.weights)
    shape_width = max(len(describe_shape(weight.shape)) for weight in packing.weights)
    for weight in packing.weights:
        head = f"{INDENT}{weight.name.ljust(name_width)}  {describe_shape(weight.shape).ljust(shape_width)}  "
        if len(head) > width // 2:
            # Too little room beside the name and shape: the blocks go on the lines below.
            lines += [head.rstrip(), *_fill(_pieces(weight.layout), width, INDENT * 2, INDENT * 2)]
        else:
            lines += _fill(_pieces(weight.layout), width, head, " " * len(head))
    if packing.scope:
        lines += _wrap(f"These are {packing.scope}.", width, hanging="  ")
    return lines


def _unrolling(e: Explanation, width: int) -> list[str]:
    names = ", ".join(weight.name for weight in e.weights) if len(e.weights) <= 4 else "its weights"
    carried, carry, start = ("h and c", "carry", "start") if len(e.states) == 2 else ("h", "carries", "starts")
    lines = _wrap(
        f"x_1, x_2, ..., x_T ({_steps(e)}) each pass through the same cell with the same weights "
        f"({names}), and {carried} {carry} over from one step to the next. One set of weights is shared "
        f"by all time steps, so the sequence length never changes the count: {e.params:,} for any T.",
        width,
    )
    if e.directions == 2:
        lines += _wrap(
            "Bidirectional: a second copy with its own weights reads x_T, ..., x_1 backwards; "
            "the two outputs are joined at each step.",
            width,
        )
    output = first_shape(e.output_shape)
    if e.return_sequences:
        other = (output[0], *output[2:])
        now, then = "every h_t", "only the last hidden state h_T"
    else:
        other = (output[0], e.time_steps, *output[1:])
        now, then = "only the last hidden state h_T", "every h_t"
    lines += _wrap(
        f"return_sequences: {_flag(e.return_sequences)}: the layer outputs {now}, {describe_shape(output)}; "
        f"with {_flag(not e.return_sequences)} it would output {then}, {describe_shape(other)}.",
        width,
        hanging="  ",
    )
    if e.return_state:
        lines += _wrap(
            f"return_state: true: it also outputs the final states ({carried}), one tensor each.", width, hanging="  "
        )
    if e.framework == KERAS:
        if e.stateful:
            text = (
                "stateful: true: the last states of one batch are the first states of the next, so sample i "
                "of each batch continues sample i of the previous one; the batch size must be fixed. "
                "The weights are the same either way."
            )
        else:
            text = (
                f"stateful: false: {carried} {start} at zeros for every batch. With true, the last states of a "
                "batch would be the first states of the next (the batch size must then be fixed); "
                "the weights are the same either way."
            )
    else:
        text = (
            f"stateful: a torch.nn module keeps no state between calls; {carried} {start} at zeros unless you "
            "pass the last batch's final states back in. The weights are the same either way."
        )
    return lines + _wrap(text, width, hanging="  ")


def _torch_returns(e: Explanation, width: int) -> list[str]:
    """What a torch.nn recurrent module returns, which index of h_n is which layer and direction,
    and why ``out[:, -1]`` is not ``h_n[-1]`` when it reads both ways (the most asked question)."""
    h, *cell = e.states
    layers, size = h.shape
    returned = "output, (h_n, c_n)" if cell else "output, h_n"
    lines = _wrap(f"What the torch.nn module returns ({returned}), with batch_first=True:", width, indent="")
    output = (None, e.time_steps, e.directions * (size or 0))
    lines += _wrap(
        f"output {describe_shape(output)}: the last layer's h_t at every step"
        + (", the forward and backward directions joined (forward first)." if e.directions == 2 else "."),
        width,
        hanging="  ",
    )
    for state in e.states:
        lines += _wrap(
            f"{state.symbol}_n {describe_shape(state.batched_shape)}: the final {state.meaning} of every layer "
            "and direction, on the leading axis (time first or not).",
            width,
            hanging="  ",
        )
    if e.directions == 2:
        order = ", ".join(
            f"{symbol}_n[{2 * layer + direction}] layer {layer} {'backward' if direction else 'forward'}"
            for layer in range(e.num_layers)
            for direction in range(2)
            for symbol in ("h",)
        )
        lines += _wrap(f"Index 2 × layer + direction: {order}.", width, hanging="  ")
        lines += _wrap(
            f"out[:, -1] {describe_shape((None, 2 * (size or 0)))} is not h_n[-1] {describe_shape((None, size))}: "
            "at the last step the forward half is the forward direction's final state (h_n[-2]), but the backward "
            "half is the backward direction's first step, after reading x_T alone. h_n[-1] is the backward "
            "direction's final state, after reading x_T, ..., x_1. Both final states: "
            "torch.cat((h_n[-2], h_n[-1]), dim=1).",
            width,
            hanging="  ",
        )
    else:
        order = ", ".join(f"h_n[{layer}] layer {layer}" for layer in range(e.num_layers))
        lines += _wrap(
            f"Index = layer: {order}; h_n[-1] is the last layer's final state, the same numbers as out[:, -1].",
            width,
            hanging="  ",
        )
    del layers
    return lines


def _packing_title(packing: Packing) -> str:
    framework = FRAMEWORK_NAMES[packing.framework]
    if len(packing.gate_order) == 1:
        return f"How {framework} stores the weights (one block, no gates to pack):"
    order = ", ".join(packing.gate_order)
    gates = ", ".join(f"{gate} {GATE_NAMES[gate]}" for gate in packing.gate_order)
    return f"How {framework} packs the gates (order {order}: {gates}; stacked along {packing.axis}):"


def render_lesson(explanation: LessonExplanation, width: int = DEFAULT_WIDTH) -> str:
    """The lesson of a layer without a cell (MultiHeadAttention) as text, its prose wrapped to ``width``:
    each section's heading, its steps (the equation, then its terms' shapes), and its notes."""
    e = explanation
    lines = [f"{e.name} ({e.type_name}): {e.params:,} params", e.calculation.line, ""]
    lines += _wrap(e.lesson.intro, width, indent="")
    for section in e.lesson.sections:
        lines += ["", *_wrap(section.heading, width, indent="")]
        label_width = max((len(step.label) for step in section.steps), default=0)
        for step in section.steps:
            lines.append(f"{INDENT}{step.label.ljust(label_width)}  {step.equation}")
            column = INDENT + " " * (label_width + 2)
            lines += _fill(list(step.terms), width, column, column)
        for note in section.notes:
            lines += _wrap(note, width, hanging="  ")
    own, other = FRAMEWORK_NAMES[e.framework], FRAMEWORK_NAMES[KERAS if e.framework != KERAS else "pytorch"]
    if e.other_params is None:
        lines += ["", *wrap(f"In {other}: {e.note}.", width)]
    else:
        lines += ["", *wrap(f"{e.other_params:,} params in {other}, {e.params:,} in {own} ({e.note}).", width)]
    return "\n".join(lines) + "\n"


def render_explanations(
    explanations: list[Explanation | LessonExplanation], model_name: str | None = None, width: int = DEFAULT_WIDTH
) -> str:
    """Several layers' explanations, separated by a blank line, wrapped to ``width`` columns."""
    if not explanations:
        text = f'The model "{model_name}" has no recurrent or attention layer ({EXPLAINED_TYPES}) to explain.'
        return "\n".join(wrap(text, width)) + "\n"
    return "\n".join(
        render_lesson(explanation, width)
        if isinstance(explanation, LessonExplanation)
        else render_explanation(explanation, width)
        for explanation in explanations
    )


def render_explanations_json(explanations: list[Explanation | LessonExplanation]) -> str:
    """The explanations as one JSON document: ``{"layers": [...]}``."""
    layers = []
    for explanation in explanations:
        data = asdict(explanation)
        calculation = explanation.calculation
        data["calculation"] = {
            "formula": calculation.expression.symbolic(),
            "substituted": calculation.expression.substituted(),
            "params": calculation.params,
        }
        layers.append(data)
    return json_text({"layers": layers}, ensure_ascii=False)
