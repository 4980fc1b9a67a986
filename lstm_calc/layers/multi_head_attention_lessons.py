"""What ``lstmcalc params mha`` (and ``explain``) teach about MultiHeadAttention: the formula of
self-attention's count in each convention, and why Keras's per-head kernels and torch's packed
``in_proj_weight`` count the same or not.

:class:`~lstm_calc.layers.multi_head_attention.MultiHeadAttention` answers ``quick_layer``,
``params_formula``, ``params_note`` and ``explained_lesson`` with these functions, importing this
module only when one is asked: a summary never needs it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from lstm_calc.arguments import KERAS, PYTORCH
from lstm_calc.errors import SpecError
from lstm_calc.layers.base import known_last_axis
from lstm_calc.shapes import Shape

if TYPE_CHECKING:
    from lstm_calc.formula_expressions import Expr
    from lstm_calc.layers.lessons import Lesson
    from lstm_calc.layers.multi_head_attention import MultiHeadAttention


def quick_layer(kind: type[MultiHeadAttention], options: Any) -> tuple[dict[str, Any], list[int | None]]:
    """Self-attention on (positions, embed_dim): Keras's ``layer(x, x)``, torch's ``mha(x, x, x)``;
    Keras's key_dim is embed_dim / num_heads when not given (a SpecError when they do not divide)."""
    embed, heads = options.embed_dim, options.num_heads
    layer: dict[str, Any] = {"num_heads": heads, "use_bias": options.get("use_bias")}
    if options.framework == PYTORCH:
        layer.update(type=kind.torch_class_name, embed_dim=embed, inputs=["x", "x", "x"])
    else:
        if not options.key_dim and embed % heads:
            raise SpecError(
                f"--num-heads {heads} does not divide --embed-dim {embed}; give each head's size with --key-dim"
            )
        key_dim = options.key_dim or embed // heads
        layer.update(type=kind.class_name, inputs=["x", "x"])
        layer.update({name: value for name, value in (("key_dim", key_dim), ("value_dim", options.value_dim)) if value})
    return layer, [None, embed]


def params_formula(layer: MultiHeadAttention, input_shapes: list[Shape]) -> Expr:
    """The count as a formula. Self-attention: Keras ``num_heads × (2 × key_dim + value_dim) ×
    (embed_dim + 1) + embed_dim × (num_heads × value_dim + 1)`` (no ``+ 1`` without a bias), torch
    ``4 × embed_dim × (embed_dim + 1)``; otherwise one term per projection (Keras) or
    ``embed_dim × (2 × embed_dim + kdim + vdim + biases)`` (torch). embed_dim is the query's features."""
    from lstm_calc.formula_expressions import Const, Product, Sum, Var, sum_of

    embed = Var("embed_dim", known_last_axis(input_shapes[0]))
    heads = Var("num_heads", layer.num_heads)
    one = (Const(1),) if layer.use_bias else ()
    if layer.framework == PYTORCH:
        _, kdim, vdim = layer.torch_sizes(input_shapes)
        extra = 4 * layer.use_bias + 2 * bool(layer.config["add_bias_kv"])
        if kdim == vdim == embed.number and not layer.config["add_bias_kv"]:
            return Product((Const(4), embed, Sum((embed, Const(1))) if layer.use_bias else embed))
        widths = (Var("kdim", kdim), Var("vdim", vdim), Const(extra))
        return Product((embed, sum_of(Product((Const(2), embed)), *widths)))
    key_dim, value_dim = Var("key_dim", layer.key_dim), Var("value_dim", layer.head_value_dim)
    value, key = input_shapes[1], input_shapes[-1]
    out = layer.projected_axes(input_shapes[0])
    if (key[-1], value[-1]) == (embed.number, embed.number) and out == (embed.number,) and not layer.use_gate:
        projections = Sum((Product((Const(2), key_dim)), value_dim))
        if not layer.use_bias:
            return Sum((Product((heads, projections, embed)), Product((heads, value_dim, embed))))
        return Sum(
            (
                Product((heads, projections, Sum((embed, Const(1))))),
                Product((embed, Sum((Product((heads, value_dim)), Const(1))))),
            )
        )

    def size(name: str, number: Any) -> Var:
        return embed if number == embed.number and name != "output_size" else Var(name, number)

    def projection(head_size: Var, features: Var) -> Expr:
        return Product((heads, head_size, sum_of(features, *one)))

    output_size = size("output_size", math.prod(out)) if out != (embed.number,) else embed
    terms = [
        projection(key_dim, embed),
        projection(key_dim, size("key_features", known_last_axis(key))),
        *([projection(value_dim, embed)] if layer.use_gate else []),
        projection(value_dim, size("value_features", known_last_axis(value))),
        Product((output_size, sum_of(Product((heads, value_dim)), *one))),
    ]
    return Sum(tuple(terms))


def params_note(layer: MultiHeadAttention, input_shapes: list[Shape]) -> str | None:
    """Why Keras's per-head kernels and torch's packed in_proj_weight count the same, or not, for
    self-attention as ``params mha`` builds it (None for other layers: ``summary --compare`` and
    ``explain`` say it for those)."""
    twin = layer.keras_twin_params(input_shapes) if layer.framework == PYTORCH else None
    if any(shape != input_shapes[0] for shape in input_shapes) or (layer.framework == PYTORCH and twin is None):
        return None
    if layer.framework == KERAS and (layer.use_gate or layer.config["output_shape"]):
        return None
    embed = known_last_axis(input_shapes[0])
    heads = layer.num_heads
    if layer.framework == PYTORCH:
        head = embed // heads
        return (
            f"keras.layers.MultiHeadAttention(num_heads={heads}, key_dim={head}) counts the same, {twin or 0:,}: "
            f"torch's heads are embed_dim / num_heads = {head} wide, so num_heads × key_dim = embed_dim, and "
            f"Keras's per-head query, key and value kernels ({embed}, {heads}, {head}) are torch's "
            f"in_proj_weight ({3 * embed}, {embed}) in three, its attention_output/kernel ({heads}, {head}, "
            f"{embed}) torch's out_proj.weight ({embed}, {embed})."
        )
    if embed % heads:  # torch's constructor asserts that num_heads divides embed_dim
        return (
            f"torch.nn.MultiheadAttention has no equivalent: its heads are always embed_dim / num_heads wide for "
            f"query, key and value alike (it has no key_dim), so num_heads must divide embed_dim, and {heads} does "
            f"not divide {embed} (torch: embed_dim must be divisible by num_heads)."
        )
    # torch's weights on self-attention: the configuration has torch's defaults (no kdim, vdim...).
    torch_count = sum(weight.size for weight in layer.torch_weights([input_shapes[0]] * 3))
    call = f"torch.nn.MultiheadAttention({embed}, {heads}{'' if layer.use_bias else ', bias=False'})"
    width = f"num_heads × key_dim = {heads} × {layer.key_dim} = {heads * layer.key_dim}"
    if layer.torch_can_match(embed):
        return (
            f"{call} counts the same, {torch_count:,}: {width} = embed_dim, so torch packs the query, key "
            f"and value kernels ({embed}, {heads}, {layer.key_dim}) into in_proj_weight ({3 * embed}, {embed}) "
            f"and attention_output/kernel ({heads}, {layer.key_dim}, {embed}) into out_proj.weight "
            f"({embed}, {embed})."
        )
    reasons = []
    if heads * layer.key_dim != embed:
        reasons.append(f"{width}, not embed_dim {embed}")
    if layer.head_value_dim != layer.key_dim:
        reasons.append(f"value_dim {layer.head_value_dim} is not key_dim {layer.key_dim}")
    return (
        f"{call} counts {torch_count:,}: torch's heads are always embed_dim / num_heads wide for query, key "
        f"and value alike, while here {' and '.join(reasons)}."
    )


def explained_lesson(layer: MultiHeadAttention, input_shapes: list[Shape]) -> Lesson | None:
    """The projections per head and packed, the scores and the weighted sum, in the layer's convention."""
    if layer.framework == PYTORCH:
        return _torch_lesson(layer, input_shapes)
    return _keras_lesson(layer, input_shapes)


def _keras_lesson(layer: MultiHeadAttention, input_shapes: list[Shape]) -> Lesson:
    from lstm_calc.layers.lessons import Lesson, LessonSection, LessonStep

    query, value = input_shapes[0], input_shapes[1]
    key = input_shapes[2] if len(input_shapes) > 2 else value
    heads, dk, dv, bias = layer.num_heads, layer.key_dim, layer.head_value_dim, layer.use_bias
    embed, value_features, key_features = query[-1], value[-1], key[-1]
    out = layer.projected_axes(query)
    attended = layer.attended_axes(query)

    def projection(label: str, symbol: str, letter: str, source: str, size_in: Any, size: int) -> LessonStep:
        weight = f"W^{letter}_h"
        terms = [f"{source} ({size_in},)", f"{weight} ({size_in}, {size})"]
        equation = f"{symbol}_h = {source}·{weight}" + (f" + b^{letter}_h" if bias else "")
        if bias:
            terms.append(f"b^{letter}_h ({size},)")
        if label == "gate":
            equation = f"{symbol}_h = sigmoid({source}·{weight}" + (f" + b^{letter}_h)" if bias else ")")
        return LessonStep(label, equation, (*terms[:-1], f"{terms[-1]} -> {symbol}_h ({size},)"))

    steps = [
        projection("query", "Q", "Q", "q", embed, dk),
        projection("key", "K", "K", "k", key_features, dk),
        *([projection("gate", "G", "G", "q", embed, dv)] if layer.use_gate else []),
        projection("value", "V", "V", "v", value_features, dv),
    ]
    named_q, named_v = _named(query[1:-1], "Tq"), _named(value[1:-1], "Tv")
    positions_q, positions_v = (query[0], *named_q), (value[0], *named_v)
    query_text = _text((*positions_q, embed))
    key_text, value_text = _text((*positions_v, key_features)), _text((*positions_v, value_features))
    packed = [
        f"query/kernel ({embed}, {heads}, {dk}) takes the query {query_text} to Q {_text((*positions_q, heads, dk))}",
        f"key/kernel ({key_features}, {heads}, {dk}) the key {key_text} to K {_text((*positions_v, heads, dk))}",
        *(
            [f"gate/kernel ({embed}, {heads}, {dv}) the query to G {_text((*positions_q, heads, dv))}"]
            if layer.use_gate
            else []
        ),
        f"value/kernel ({value_features}, {heads}, {dv}) the value {value_text} to V "
        f"{_text((*positions_v, heads, dv))}",
    ]
    projections = LessonSection(
        f"Projections at every position (num_heads = {heads}; head h has its own slice [:, h, :] of each "
        "kernel and sees all the features):",
        tuple(steps),
        (
            "All heads at once: "
            + "; ".join(packed)
            + (", each kernel with a bias of (heads, size)." if bias else "."),
            f"num_heads × key_dim = {heads} × {dk} = {heads * dk}"
            + (
                " = the query's features"
                if heads * dk == embed
                else f", which need not be the query's {embed} features"
            ),
        ),
    )
    query_att = tuple(named_q[axis - 1] for axis in attended)
    value_att = tuple(named_v[axis - 1] for axis in attended)
    scores = _text((*query_att, *value_att))
    others = [axis for axis in range(1, len(query) - 1) if axis not in attended]
    batch_scores = (query[0], *(named_q[axis - 1] for axis in others), heads, *query_att, *value_att)
    attention = LessonSection(
        "Attention, for each head h"
        + (f" and each position of the unattended axes {others}" if others else "")
        + " (softmax over the value's positions):",
        (
            LessonStep(
                "scores",
                f"S_h = Q_h·K_hᵀ / √{dk}",
                (
                    f"Q_h {_text((*query_att, dk))}",
                    f"K_h {_text((*value_att, dk))} -> S_h {scores}",
                ),
            ),
            LessonStep("weights", "A_h = softmax(S_h)", (f"S_h {scores} -> A_h {scores}",)),
            LessonStep(
                "weighted sum",
                "O_h = A_h·V_h",
                (
                    f"A_h {scores}",
                    f"V_h {_text((*value_att, dv))} -> O_h {_text((*query_att, dv))}",
                ),
            ),
        ),
        (
            f"All heads: the scores are {_text(batch_scores)} (what return_attention_scores gives), "
            f"the weighted sums {_text((*positions_q, heads, dv))}. None of this has weights.",
        ),
    )
    gated = "(O_h ⊙ G_h)" if layer.use_gate else "O_h"
    output_terms = [f"O_h ({dv},)", f"W^O_h {_text((dv, *out))}"]
    if bias:
        output_terms.append(f"b^O {_text(out)}")
    output_terms[-1] += f" -> y {_text(out)}"
    output = LessonSection(
        "Output projection at every position of the query (the heads summed):",
        (LessonStep("output", f"y = Σ_h {gated}·W^O_h" + (" + b^O" if bias else ""), tuple(output_terms)),),
        (
            f"attention_output/kernel {_text((heads, dv, *out))} holds every W^O_h; the output is "
            f"{_text((*positions_q, *out))}.",
        ),
    )
    intro = (
        f"num_heads = {heads} heads attend in parallel, each with its own projections: key_dim = {dk} numbers "
        f"per position for queries and keys, value_dim = {dv} for values. The query has {embed} features"
        + (
            f", the key {key_features} and the value {value_features}"
            if (key_features, value_features) != (embed, embed)
            else ""
        )
        + "; the weights depend on these sizes only, never on the sequence lengths."
    )
    return Lesson(intro, (projections, attention, output))


def _torch_lesson(layer: MultiHeadAttention, input_shapes: list[Shape]) -> Lesson:
    from lstm_calc.layers.lessons import Lesson, LessonSection, LessonStep

    query, key, value = layer.torch_roles(input_shapes)
    embed, kdim, vdim = layer.torch_sizes(input_shapes)
    heads = layer.num_heads
    head = embed // heads
    bias = layer.use_bias
    packed = kdim == vdim == embed

    def projection(label: str, letter: str, source: str, size_in: int) -> LessonStep:
        terms = [f"{source} ({size_in},)", f"W_{letter} ({embed}, {size_in})"]
        if bias:
            terms.append(f"b_{letter} ({embed},)")
        terms[-1] += f" -> {letter.upper()} ({embed},), heads of {head}"
        equation = f"{letter.upper()} = W_{letter}·{source}" + (f" + b_{letter}" if bias else "")
        return LessonStep(label, equation, tuple(terms))

    rows = {"q": f"0:{embed}", "k": f"{embed}:{2 * embed}", "v": f"{2 * embed}:{3 * embed}"}
    steps = (
        projection("query", "q", "q", embed),
        projection("key", "k", "k", kdim),
        projection("value", "v", "v", vdim),
    )
    if packed:
        where = (
            f"in_proj_weight ({3 * embed}, {embed}) stacks W_q, W_k and W_v along its rows ("
            + ", ".join(f"{span} W_{letter}" for letter, span in rows.items())
            + ")"
        )
    else:
        where = (
            f"q_proj_weight ({embed}, {embed}), k_proj_weight ({embed}, {kdim}) and "
            f"v_proj_weight ({embed}, {vdim}) hold W_q, W_k and W_v (kdim or vdim differ from embed_dim, "
            "so they are not packed)"
        )
    if bias:
        where += f"; in_proj_bias ({3 * embed},) stacks b_q, b_k and b_v"
    added = layer.torch_added_positions()
    attended = layer.torch_attended(key)
    length = "L" if query[1] is None else query[1]
    length_s: object = attended
    if attended is None:
        length_s = f"S+{added}" if added else "S"
    extra = []
    if layer.config["add_bias_kv"]:
        extra.append(f"add_bias_kv appends bias_k (1, 1, {embed}) to K and bias_v (1, 1, {embed}) to V")
    if layer.config["add_zero_attn"]:
        extra.append("add_zero_attn appends a position of zeros to K and V")
    projections = LessonSection(
        f"Projections at every position (embed_dim = {embed}, split into num_heads = {heads} heads of "
        f"embed_dim / num_heads = {head}: head h is rows h·{head}:(h+1)·{head} of Q, K and V):",
        steps,
        (
            f"{where}.",
            *(
                f"{text}: S counts {added} more position{'s' if added > 1 else ''}."
                for text in ["; ".join(extra)]
                if extra
            ),
        ),
    )
    scores = _text((length, length_s))
    attention = LessonSection(
        "Attention, for each head h (softmax over the key's positions S):",
        (
            LessonStep(
                "scores",
                f"S_h = Q_h·K_hᵀ / √{head}",
                (
                    f"Q_h {_text((length, head))}",
                    f"K_h {_text((length_s, head))} -> S_h {scores}",
                ),
            ),
            LessonStep("weights", "A_h = softmax(S_h)", (f"S_h {scores} -> A_h {scores}",)),
            LessonStep(
                "weighted sum",
                "O_h = A_h·V_h",
                (
                    f"A_h {scores}",
                    f"V_h {_text((length_s, head))} -> O_h {_text((length, head))}",
                ),
            ),
        ),
        (
            "attn_weights, the second output with need_weights (torch's default): "
            f"{_text((query[0], length, length_s))} averaged over the heads, "
            f"{_text((query[0], heads, length, length_s))} with average_attn_weights=False. "
            "None of this has weights.",
        ),
    )
    output = LessonSection(
        "Output projection at every position of the query (the heads joined):",
        (
            LessonStep(
                "output",
                "y = W_o·concat_h(O_h)" + (" + b_o" if bias else ""),
                (
                    f"concat_h(O_h) ({embed},)",
                    f"W_o ({embed}, {embed})" + ("" if bias else f" -> y ({embed},)"),
                    *([f"b_o ({embed},) -> y ({embed},)"] if bias else []),
                ),
            ),
        ),
        (
            f"out_proj.weight ({embed}, {embed}) is W_o, its columns h·{head}:(h+1)·{head} reading head h"
            + (f"; out_proj.bias ({embed},) is b_o" if bias else "")
            + f". The output, attn_output, is {_text((query[0], length, embed))}.",
        ),
    )
    intro = (
        f"torch.nn.MultiheadAttention projects the query, key and value to embed_dim = {embed} and splits that "
        f"into num_heads = {heads} heads of {head}; the weights depend on these sizes only, never on the "
        "sequence lengths."
    )
    return Lesson(intro, (projections, attention, output))


def _named(sizes: tuple[int | None, ...], symbol: str) -> tuple[object, ...]:
    """Position sizes, an unknown one named by ``symbol`` (``Tq``; ``Tq1``, ``Tq2`` when there are several)."""
    if len(sizes) == 1:
        return (symbol if sizes[0] is None else sizes[0],)
    return tuple(f"{symbol}{place}" if size is None else size for place, size in enumerate(sizes, 1))


def _text(parts: tuple[object, ...] | list[object]) -> str:
    """A shape with named sizes, as Python writes a tuple but without quotes: ``(None, Tq, 4, 16)``."""
    items = [str(part) for part in parts]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
