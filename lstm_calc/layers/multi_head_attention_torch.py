"""torch.nn.MultiheadAttention: the PyTorch convention of the MultiHeadAttention kind.

torch names the layer ``MultiheadAttention`` and builds it from ``embed_dim`` (E) and
``num_heads`` (H), each head E / H wide. It is called ``mha(query, key, value)`` (torch's
order; Keras's is query, value, key) on (batch, L, E), (batch, S, kdim) and (batch, S, vdim),
batch first as lstmcalc shows every PyTorch shape, and returns ``(attn_output,
attn_weights)``: attn_output (batch, L, E) and, with ``need_weights`` (torch's default),
attn_weights (batch, L, S) averaged over the heads or (batch, H, L, S) with
``average_attn_weights: false``; with ``need_weights: false`` the layer has one output.
``add_bias_kv`` and ``add_zero_attn`` each append one position to the keys and values, so S
counts them. Its parameters, in torch's order:

- ``in_proj_weight`` (3E, E) when kdim = vdim = E, else ``q_proj_weight`` (E, E),
  ``k_proj_weight`` (E, kdim) and ``v_proj_weight`` (E, vdim)
- ``in_proj_bias`` (3E,), with ``bias``
- ``bias_k`` (1, 1, E) and ``bias_v`` (1, 1, E), with ``add_bias_kv``
- ``out_proj.weight`` (E, E) and ``out_proj.bias`` (E,) (none without ``bias``)

A layer written in Keras's terms (it gives ``key_dim``, which only Keras has) is, under PyTorch,
the torch.nn.MultiheadAttention that computes the same thing, called on Keras's [query,
value(, key)]: num_heads × key_dim must be E, value_dim key_dim, with no output_shape, gate,
sliding window or other attention axes (a located refusal otherwise); kdim and vdim are the
key's and value's widths, and ``return_attention_scores`` gives the weights per head.

MACs per sample: L·E·E (query) + S·kdim·E (key) + S·vdim·E (value) + L·S'·E (scores) +
L·S'·E (weighted sum) + L·E·E (output), where S' is S plus the added positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.amount import Amount, positions
from lstm_calc.arguments import PYTORCH, Argument, _describe, boolean, json_schema, kept_torch
from lstm_calc.layers.base import LayerInputError, Weight, torch_input_size
from lstm_calc.shapes import Shape, Shapes, describe_shape

if TYPE_CHECKING:
    from lstm_calc.layers.torch_code import TorchModule


@json_schema({"const": True})
def _batch_first_only(value: Any) -> str | None:
    # lstmcalc shows every PyTorch shape batch-first, as batch_first=True gives them.
    if value is True:
        return None
    return f"lstmcalc shows PyTorch shapes batch-first, so only batch_first: true is supported, got {_describe(value)}"


def _torch_only(name: str, hint: str) -> Argument:
    return Argument(name, boolean, False, convention=PYTORCH, other_convention_hint=hint)


#: torch.nn.MultiheadAttention's own arguments (``num_heads``, ``dropout`` and ``bias`` are shared).
TORCH_ARGUMENTS: tuple[Argument, ...] = (
    torch_input_size("embed_dim"),
    torch_input_size("kdim"),
    torch_input_size("vdim"),
    _torch_only("add_bias_kv", "Keras's MultiHeadAttention adds no learned key and value position"),
    _torch_only("add_zero_attn", "Keras's MultiHeadAttention adds no zero key and value position"),
    Argument("batch_first", _batch_first_only, True, convention=PYTORCH),
    # Arguments of torch's call, which decide its outputs: attn_weights and how they are shaped.
    Argument(
        "need_weights",
        boolean,
        True,
        convention=PYTORCH,
        other_convention_hint="Keras's call takes return_attention_scores instead",
    ),
    Argument("average_attn_weights", boolean, True, convention=PYTORCH),
    *kept_torch("device"),
)


class TorchMultiheadAttention:
    """What the PyTorch convention of MultiHeadAttention answers; the kind's class defers to it
    under ``framework: pytorch``."""

    num_heads: int
    dropout: float
    use_bias: bool
    framework: str
    config: dict[str, Any]

    if TYPE_CHECKING:

        def projected_axes(self, query: Shape) -> tuple[int, ...]: ...

        def attended_axes(self, query: Shape) -> list[int]: ...

    @property
    def keras_written(self) -> bool:
        """Whether the layer is written in Keras's terms (it gives key_dim, which only Keras has): under
        PyTorch it is then the torch.nn.MultiheadAttention that computes the same, called on
        Keras's [query, value(, key)]."""
        return self.config.get("key_dim") is not None

    def torch_roles(self, input_shapes: list[Shape]) -> tuple[Shape, Shape, Shape]:
        """(query, key, value), from torch's order or, for a layer in Keras's terms, Keras's."""
        if self.keras_written:
            value = input_shapes[1]
            return input_shapes[0], input_shapes[2] if len(input_shapes) > 2 else value, value
        query, key, value = input_shapes
        return query, key, value

    def torch_check_input(self, input_shapes: list[Shape]) -> None:
        """torch's refusals: three 3-D tensors, E divisible by H, the declared sizes, S shared by key and value."""
        if self.keras_written:
            self._refuse_what_torch_cannot_compute(input_shapes)
        else:
            for name, value in self._keras_options():
                raise LayerInputError(
                    f"has {name}: {_describe(value)}, an argument of Keras's MultiHeadAttention, which torch.nn."
                    "MultiheadAttention has not (a layer in Keras's terms gives key_dim)",
                    argument=name,
                )
            if len(input_shapes) != 3:
                raise LayerInputError(
                    f"takes query, key and value (torch's order) but receives {len(input_shapes)} tensors; "
                    "list the query as key and value for self-attention: inputs: [x, x, x]"
                )
        if any(len(shape) != 3 for shape in input_shapes):
            raise LayerInputError(
                "needs a 3-D query, key and value (batch, positions, features) but receives "
                + ", ".join(describe_shape(shape) for shape in input_shapes),
                wants_more_axes=any(len(shape) < 3 for shape in input_shapes),
            )
        query, key, value = self.torch_roles(input_shapes)
        embed = self.torch_embed_dim(query)
        self._refuse_heads_not_dividing(embed)
        for role, shape, argument in (("key", key, "kdim"), ("value", value, "vdim")):
            self.torch_projected_size(role, shape, argument, embed)
        if None not in (key[1], value[1]) and key[1] != value[1]:
            raise LayerInputError(
                f"needs a key and a value of the same length but receives key {describe_shape(key)} "
                f"and value {describe_shape(value)}"
            )
        batches = {shape[0] for shape in input_shapes} - {None}
        if len(batches) > 1:
            raise LayerInputError(
                "needs a query, key and value of one batch size but receives "
                + ", ".join(describe_shape(shape) for shape in input_shapes)
            )

    def _keras_options(self) -> list[tuple[str, Any]]:
        """The Keras arguments given that change what the layer computes (none is torch's)."""
        config = self.config
        given = [(name, config[name]) for name in ("value_dim", "output_shape", "attention_axes", "sliding_window")]
        given += [(name, True) for name in ("use_gate", "return_attention_scores") if config[name]]
        return [(name, value) for name, value in given if value not in (None, 0, [])]

    def _refuse_what_torch_cannot_compute(self, input_shapes: list[Shape]) -> None:
        """A layer in Keras's terms is torch.nn.MultiheadAttention only where torch computes the same."""
        if len(input_shapes) not in (2, 3):
            raise LayerInputError(
                f"takes [query, value] or [query, value, key] (it is written in Keras's terms) but receives "
                f"{len(input_shapes)} tensors"
            )
        for name in ("embed_dim", "kdim", "vdim", "add_bias_kv", "add_zero_attn"):
            if self.config[name]:
                raise LayerInputError(
                    f"gives key_dim, Keras's, and {name}, torch's; write the layer in one framework's terms",
                    argument=name,
                )
        for name in ("need_weights", "average_attn_weights"):
            if not self.config[name]:
                raise LayerInputError(
                    f"gives key_dim, Keras's, and {name}, torch's; in Keras's terms the attention weights are "
                    "return_attention_scores: true",
                    argument=name,
                )
        query = input_shapes[0]
        embed = self.torch_embed_dim(query)
        heads, key_dim = self.num_heads, self.config["key_dim"]
        if heads * key_dim != embed:
            raise LayerInputError(
                f"has num_heads × key_dim = {heads} × {key_dim} = {heads * key_dim}, but torch.nn.MultiheadAttention "
                f"splits the query's {embed} features into its heads, so it needs num_heads × key_dim = {embed}",
                argument="key_dim",
            )
        reasons = {
            "value_dim": (self.config["value_dim"] not in (None, key_dim), "its values have key_dim numbers a head"),
            "output_shape": (self.projected_axes(query) != (embed,), "its output has the query's features"),
            "use_gate": (bool(self.config["use_gate"]), "it has no gate"),
            "sliding_window": (
                self.config["sliding_window"] is not None,
                "it has no sliding window (pass an attn_mask)",
            ),
            "attention_axes": (self.attended_axes(query) != [1], "it attends over the positions axis only"),
        }
        for name, (refused, why) in reasons.items():
            if refused:
                raise LayerInputError(
                    f"has {name}: {_describe(self.config[name])}, which torch.nn.MultiheadAttention cannot compute: "
                    f"{why}",
                    argument=name,
                )

    def torch_embed_dim(self, query: Shape) -> int:
        """E: the query's features, which ``embed_dim`` must match when given."""
        embed = query[-1]
        if embed is None:
            raise LayerInputError(
                f"needs a known last axis (features) on the query to size its projections "
                f"but receives {describe_shape(query)}"
            )
        declared = self.config.get("embed_dim")
        if declared is not None and declared != embed:
            raise LayerInputError(f"has embed_dim: {declared} but receives a query of {embed} features", "embed_dim")
        return embed

    def torch_projected_size(self, role: str, shape: Shape, argument: str, embed: int) -> int:
        """kdim or vdim: torch's default is embed_dim, so a key or value of another width needs it given."""
        features = shape[-1]
        if self.keras_written and features is not None:
            return features  # Keras's projections take any width: torch's kdim and vdim are the tensors'
        declared = self.config.get(argument) or embed
        if features != declared:
            given = f"has {argument}: {declared}" if self.config.get(argument) else f"has no {argument} (so {embed})"
            hint = f"; set {argument}: {features}" if features is not None and not self.config.get(argument) else ""
            raise LayerInputError(
                f"{given} but receives a {role} of {features if features is not None else 'unknown'} features{hint}",
                argument=argument if self.config.get(argument) else None,
            )
        return declared

    def torch_sizes(self, input_shapes: list[Shape]) -> tuple[int, int, int]:
        """(E, kdim, vdim)."""
        query, key, value = self.torch_roles(input_shapes)
        embed = self.torch_embed_dim(query)
        return (
            embed,
            self.torch_projected_size("key", key, "kdim", embed),
            self.torch_projected_size("value", value, "vdim", embed),
        )

    def torch_added_positions(self) -> int:
        """The key and value positions add_bias_kv and add_zero_attn append (one each)."""
        return int(bool(self.config["add_bias_kv"])) + int(bool(self.config["add_zero_attn"]))

    def torch_attended(self, key: Shape) -> int | None:
        """S': the key's positions plus those add_bias_kv and add_zero_attn append."""
        length = key[1]
        return None if length is None else length + self.torch_added_positions()

    def torch_output_shape(self, input_shapes: list[Shape]) -> Shapes:
        query, key, _ = self.torch_roles(input_shapes)
        output = query
        # In Keras's terms the weights come with return_attention_scores, per head as Keras gives them.
        wanted = self.config["return_attention_scores"] if self.keras_written else self.config["need_weights"]
        if not wanted:
            return output
        batch, length, attended = query[0], query[1], self.torch_attended(key)
        if self.config["average_attn_weights"] and not self.keras_written:
            return [output, (batch, length, attended)]
        return [output, (batch, self.num_heads, length, attended)]

    def _refuse_heads_not_dividing(self, embed: int) -> None:
        if embed % self.num_heads:
            raise LayerInputError(
                f"has num_heads {self.num_heads}, which does not divide embed_dim {embed} "
                "(torch: embed_dim must be divisible by num_heads)",
                argument="num_heads",
            )

    def torch_weights(self, input_shapes: list[Shape]) -> list[Weight]:
        embed, kdim, vdim = self.torch_sizes(input_shapes)
        self._refuse_heads_not_dividing(embed)  # torch's constructor asserts it, whatever the call
        if kdim == vdim == embed:
            weights = [Weight("in_proj_weight", (3 * embed, embed))]
        else:
            weights = [
                Weight("q_proj_weight", (embed, embed)),
                Weight("k_proj_weight", (embed, kdim)),
                Weight("v_proj_weight", (embed, vdim)),
            ]
        if self.use_bias:
            weights.append(Weight("in_proj_bias", (3 * embed,)))
        if self.config["add_bias_kv"]:
            weights += [Weight("bias_k", (1, 1, embed)), Weight("bias_v", (1, 1, embed))]
        weights.append(Weight("out_proj.weight", (embed, embed)))
        if self.use_bias:
            weights.append(Weight("out_proj.bias", (embed,)))
        return weights

    def torch_macs(self, input_shapes: list[Shape]) -> Amount:
        """The four projections, the scores and the weighted sum (see the module docstring)."""
        query, key, _ = self.torch_roles(input_shapes)
        embed, kdim, vdim = self.torch_sizes(input_shapes)
        queries, keys = positions(query[1:2]), positions(key[1:2])
        pairs = queries.times(keys + Amount(self.torch_added_positions()))
        total = queries * (embed * embed) + keys * (kdim * embed) + keys * (vdim * embed)
        return total + pairs * embed + pairs * embed + queries * (embed * embed)

    def keras_twin_params(self, input_shapes: list[Shape]) -> int | None:
        """Keras's MultiHeadAttention(H, key_dim=E / H) on (query, value, key): the same count,
        which has no counterpart with add_bias_kv or add_zero_attn (Keras adds no positions)."""
        if self.config["add_bias_kv"] or self.config["add_zero_attn"]:
            return None
        embed, kdim, vdim = self.torch_sizes(input_shapes)
        bias = 4 * embed if self.use_bias else 0
        return 2 * embed * embed + kdim * embed + vdim * embed + bias

    def torch_module_of(self, input_shapes: list[Shape]) -> TorchModule:
        """``nn.MultiheadAttention(E, H, ..., batch_first=True)`` for this layer's configuration."""
        from lstm_calc.layers.torch_code import TorchModule, off, unless

        embed, kdim, vdim = self.torch_sizes(input_shapes)
        options = {
            "dropout": unless(self.dropout, 0.0),
            "bias": off(self.use_bias),
            "add_bias_kv": unless(bool(self.config.get("add_bias_kv")), False),
            "add_zero_attn": unless(bool(self.config.get("add_zero_attn")), False),
            "kdim": unless(kdim, embed),
            "vdim": unless(vdim, embed),
            "batch_first": True,
        }
        return TorchModule("nn.MultiheadAttention", [embed, self.num_heads], options)

    def torch_call_of(self, module: str, tensors: list[str]) -> str:
        """``module(query, key, value, ...)``: attn_output alone (``[0]``) without need_weights; a layer in
        Keras's terms takes [query, value(, key)] and returns its scores per head."""
        if self.keras_written:
            query, value = tensors[0], tensors[1]
            key = tensors[2] if len(tensors) > 2 else value
            tensors = [query, key, value]
            if self.config["return_attention_scores"]:
                return f"{module}({', '.join(tensors)}, average_attn_weights=False)"
            return f"{module}({', '.join(tensors)}, need_weights=False)[0]"
        options = "" if self.config["average_attn_weights"] else ", average_attn_weights=False"
        if not self.config["need_weights"]:
            return f"{module}({', '.join(tensors)}, need_weights=False)[0]"
        return f"{module}({', '.join(tensors)}{options})"
