"""A spec as PyTorch code: a ``torch.nn.Module`` with ``__init__`` and ``forward``.

It follows lstmcalc's PyTorch convention: sequences are (batch, time_steps, features)
between layers (``batch_first=True``), so Conv1d and BatchNorm1d on a sequence are
wrapped in ``transpose(1, 2)``; ``return_sequences: false`` keeps the last time step
(``x[:, -1]``); ``return_state: true`` returns the final states too. Each submodule is
named after its layer, so ``named_parameters()`` reads ``lstm.weight_ih_l0`` where
``lstmcalc summary --framework pytorch`` lists ``weight_ih_l0`` under ``lstm``.
"""

from __future__ import annotations

import re
from typing import Any

from lstm_calc.export.python_code import file_docstring, layer_uses, python_literal, python_name
from lstm_calc.layers.convolutional import Conv1D
from lstm_calc.layers.core import Dense, Dropout, Embedding
from lstm_calc.layers.merging import Concatenate, ElementwiseMerge
from lstm_calc.layers.normalization import BatchNormalization, LayerNormalization
from lstm_calc.layers.recurrent import GRU, LSTM, Recurrent
from lstm_calc.shapes import format_shapes
from lstm_calc.sizes import DEFAULT_DTYPE, variable_dtype
from lstm_calc.spec import InputSpec, LayerSpec, ModelSpec, NodeSpec, Reference
from lstm_calc.summary import LayerSummary, ModelSummary

#: Keras activation names and the torch call that applies them to ``{x}``.
ACTIVATIONS = {
    "relu": "torch.relu({x})",
    "tanh": "torch.tanh({x})",
    "sigmoid": "torch.sigmoid({x})",
    "softmax": "torch.softmax({x}, dim=-1)",
    "log_softmax": "torch.log_softmax({x}, dim=-1)",
    "exponential": "torch.exp({x})",
    "gelu": "nn.functional.gelu({x})",
    "elu": "nn.functional.elu({x})",
    "selu": "nn.functional.selu({x})",
    "softplus": "nn.functional.softplus({x})",
    "softsign": "nn.functional.softsign({x})",
    "silu": "nn.functional.silu({x})",
    "swish": "nn.functional.silu({x})",
    "relu6": "nn.functional.relu6({x})",
    "leaky_relu": "nn.functional.leaky_relu({x}, 0.2)",
}
NO_ACTIVATION = (None, "linear")
#: Attributes every nn.Module has; a layer named like one gets a trailing underscore.
MODULE_ATTRIBUTES = frozenset(
    """T_destination add_module apply bfloat16 buffers call_super_init children compile cpu cuda double
    dump_patches eval extra_repr float forward get_buffer get_extra_state get_parameter get_submodule half
    ipu load_state_dict modules mtia named_buffers named_children named_modules named_parameters parameters
    register_backward_hook register_buffer register_forward_hook register_forward_pre_hook
    register_full_backward_hook register_full_backward_pre_hook register_load_state_dict_post_hook
    register_load_state_dict_pre_hook register_module register_parameter register_state_dict_post_hook
    register_state_dict_pre_hook requires_grad_ set_extra_state set_submodule share_memory smart_apply
    state_dict to to_empty train training type xpu zero_grad""".split()
)
#: Local names ``forward`` uses itself: a graph's tensors are named around them.
FORWARD_NAMES = frozenset({"self", "torch", "nn", "output", "h", "c"})
#: Merge layers as tensor operations: the operator between the tensors, or the binary torch function.
MERGE_OPERATORS = {"Add": " + ", "Subtract": " - ", "Multiply": " * "}
MERGE_FUNCTIONS = {"Maximum": "torch.maximum", "Minimum": "torch.minimum"}
TORCH_DTYPES = {
    "float32": "torch.float32",
    "float16": "torch.float16",
    "bfloat16": "torch.bfloat16",
    "float64": "torch.float64",
}
#: The size the example input gives an axis whose size the spec leaves unknown.
EXAMPLE_SIZE = 8
EXAMPLE_BATCH = 2


def export_pytorch(model: ModelSpec, summary: ModelSummary, source: str) -> str:
    """The text of a Python file that builds ``model`` with torch.nn and prints its counts and output shape."""
    writer = _Writer(model)
    if model.functional:
        rows = {row.name: row for row in summary.layers}
        outputs = writer.graph(rows)
        parameters = ", ".join(f"{writer.local[id(spec)]}: torch.Tensor" for spec in model.inputs)
        example, call = _example_inputs(model, writer.local), "model(*example_inputs())"
    else:
        for spec, layer_summary in zip(model.layers, summary.layers):
            writer.layer(spec, layer_summary)
        outputs = writer.outputs
        parameters = "x: torch.Tensor"
        example, call = _example_input(model), "model(example_input())"
    class_name = _class_name(model.name)
    lines = [
        file_docstring(summary, source, "PyTorch (torch.nn)", "python THIS_FILE.py"),
        "import torch",
        "from torch import nn",
        "",
        "",
        f"class {class_name}(nn.Module):",
        f'    """{format_shapes(summary.input_shape)} -> {format_shapes(summary.output_shape)}'
        ', batch first; None is any size."""',
        "",
        "    def __init__(self) -> None:",
        "        super().__init__()",
        *(f"        {line}" for line in writer.init),
        "",
        f"    def forward(self, {parameters}):",
        *(f"        {line}" for line in writer.forward),
        f"        return {', '.join(outputs)}",
        "",
        "",
        *example,
        "",
        "",
        f"model = {class_name}(){writer.model_cast()}",
        "",
        'if __name__ == "__main__":',
        "    print(model)",
        '    print(f"Total params: {sum(p.numel() for p in model.parameters()):,}")',
        '    print(f"Trainable params: {sum(p.numel() for p in model.parameters() if p.requires_grad):,}")',
        "    with torch.no_grad():",
        f"        output = {call}",
    ]
    if isinstance(summary.output_shape, list):
        lines.append('    print("Output shapes:", [tuple(tensor.shape) for tensor in output])')
    else:
        lines.append('    print("Output shape:", tuple(output.shape))')
    return "\n".join(lines) + "\n"


class _Writer:
    """Collects ``__init__`` and ``forward`` lines, layer by layer, and which tensors flow on."""

    def __init__(self, model: ModelSpec) -> None:
        self.model = model
        self.init: list[str] = []
        self.forward: list[str] = []
        #: The tensors the previous layer produced: x, or x and its states.
        self.outputs = ["x"]
        self.attributes: set[str] = set()
        #: The torch dtype the layer being written has of its own, if any.
        self._pending_dtype: str | None = None
        #: A graph's local variables in ``forward``: an input's or an entry's tensors, by id of its spec.
        self.local: dict[int, str] = {}

    def model_cast(self) -> str:
        dtype = TORCH_DTYPES.get(self.model.dtype)
        return "" if self.model.dtype == DEFAULT_DTYPE or dtype is None else f".to({dtype})"

    # -- a stack: each layer takes the previous one's tensors, named x (h, c) ---------

    def layer(self, spec: LayerSpec, summary: LayerSummary) -> None:
        module, cast = self.module(spec, summary)
        layer = spec.layer
        x = f"x.to({cast})" if cast else "x"
        shape = f"  # {format_shapes(summary.output_shape)}"
        if isinstance(layer, Recurrent):
            sequence = summary.output_shape[0] if layer.return_state else summary.output_shape
            states = "(h, c)" if type(layer) is LSTM else "h"
            state_names = ["h", "c"] if type(layer) is LSTM else ["h"]
            if layer.return_sequences:
                self.forward.append(
                    f"x, {states if layer.return_state else '_'} = {module}({x})  # {format_shapes(sequence)}"
                )
            else:
                self.forward.append(f"x, {states if layer.return_state else '_'} = {module}({x})")
                self.forward.append(
                    f"x = x[:, -1]  # the last time step (return_sequences: false): {format_shapes(sequence)}"
                )
            self.outputs = ["x", *state_names] if layer.return_state else ["x"]
        elif module is None:
            self.forward.append(f"x = {_merged(layer, self.outputs)}{shape}")
            self.outputs = ["x"]
        elif type(layer) is Dropout:
            self.forward.append(
                f"{', '.join(self.outputs)} = {', '.join(f'{module}({name})' for name in self.outputs)}{shape}"
            )
        else:
            expression, note = self.expression(spec, summary, module, x)
            self.forward.append(f"x = {expression}{shape}{note}")

    # -- a graph: each entry's tensors are a local variable named after it ----------

    def graph(self, rows: dict[str, LayerSummary]) -> list[str]:
        """Write every entry of a graph spec; the expressions ``forward`` returns."""
        taken: set[str] = set()
        for spec in self.model.inputs:
            self.local[id(spec)] = python_name(spec.name, taken, FORWARD_NAMES)
        modules: dict[int, tuple[str | None, str | None]] = {}
        uses = layer_uses(self.model)
        for node in self.model.nodes:
            row = rows[node.layer.name]
            if id(node.layer) not in modules:
                modules[id(node.layer)] = self.module(node.layer, row)
            self.local[id(node)] = python_name(node.name, taken, FORWARD_NAMES)
            # A shared layer's row shows its last use; only a layer used once has this node's shapes.
            shape = f"  # {format_shapes(row.output_shape)}" if uses[id(node.layer)] == 1 else ""
            self._node(node, row, *modules[id(node.layer)], shape, rows)
        return self._tensors(self.model.outputs, rows)

    def _node(
        self,
        node: NodeSpec,
        row: LayerSummary,
        module: str | None,
        cast: str | None,
        shape: str,
        rows: dict[str, LayerSummary],
    ) -> None:
        layer = node.layer.layer
        name = self.local[id(node)]
        tensors = self._tensors(node.inputs, rows)
        if cast:
            tensors = [f"{tensor}.to({cast})" for tensor in tensors]
        if isinstance(layer, Recurrent):
            self._recurrent_node(node, name, module, tensors[0], self._tensors(node.initial_state, rows), shape)
        elif module is None:
            self.forward.append(f"{name} = {_merged(layer, tensors)}{shape}")
        elif len(tensors) > 1:
            # Keras applies a one-tensor layer given several tensors (Dropout) to each of them.
            self.forward.append(f"{name} = ({', '.join(f'{module}({tensor})' for tensor in tensors)}){shape}")
        else:
            expression, note = self.expression(node.layer, row, module, tensors[0])
            self.forward.append(f"{name} = {expression}{shape}{note}")

    def _recurrent_node(self, node: NodeSpec, name: str, module: str, x: str, states: list[str], shape: str) -> None:
        layer = node.layer.layer
        lstm = type(layer) is LSTM
        arguments = x
        if states:
            arguments += f", ({', '.join(states)})" if lstm else f", {states[0]}"
        final = ("h", "c") if lstm else ("h",)
        returned = f"({', '.join(final)})" if lstm else "h"
        if not layer.return_state:
            if layer.return_sequences:
                self.forward.append(f"{name}, _ = {module}({arguments}){shape}")
                return
            self.forward.append(f"output, _ = {module}({arguments})")
            self.forward.append(f"{name} = output[:, -1]{shape or '  # the last time step'}")
            return
        self.forward.append(f"output, {returned} = {module}({arguments})")
        sequence = "output" if layer.return_sequences else "output[:, -1]"
        self.forward.append(f"{name} = ({sequence}, {', '.join(final)}){shape}")

    def _tensors(self, references: tuple[Reference, ...], rows: dict[str, LayerSummary]) -> list[str]:
        """Python for each tensor the references stand for; a layer's several outputs one by one."""
        tensors = []
        for reference in references:
            name = self.local[id(reference.source)]
            produced = rows[reference.source.layer.name].output_shape if isinstance(reference.source, NodeSpec) else ()
            if reference.index is not None:
                tensors.append(f"{name}[{reference.index}]")
            elif isinstance(produced, list):
                tensors += [f"{name}[{index}]" for index in range(len(produced))]
            else:
                tensors.append(name)
        return tensors

    # -- what stacks and graphs share ------------------------------------------------

    def module(self, spec: LayerSpec, summary: LayerSummary) -> tuple[str | None, str | None]:
        """Write the layer's submodule in ``__init__``: its attribute, or None for a merge (a tensor
        operation in ``forward``), and the dtype its input is cast to, if any."""
        layer = spec.layer
        kind = type(layer)
        if isinstance(layer, ElementwiseMerge) or kind is Concatenate:
            return None, None
        attribute = self._attribute(spec.name)
        module = f"self.{attribute}"
        if attribute != spec.name:
            self.init.append(f"# layer {spec.name!r}")
        cast = self._dtype(layer)
        if isinstance(layer, Recurrent):
            self._recurrent(spec, summary, module)
        elif kind is Dense:
            self._construct(module, "nn.Linear", [summary.input_shape[-1], layer.units], bias=_off(layer.use_bias))
        elif kind is Embedding:
            options = {
                key: layer.config[key]
                for key in ("padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse")
                if layer.config[key] is not None
            }
            self._construct(module, "nn.Embedding", [layer.input_dim, layer.output_dim], **options)
        elif kind is Dropout:
            self._construct(module, "nn.Dropout", [layer.rate], inplace=layer.config["inplace"] or None)
        elif kind is Conv1D:
            padding = None if layer.padding in ("valid", 0) else layer.padding
            self._construct(
                module,
                "nn.Conv1d",
                [summary.input_shape[-1], layer.filters, layer.kernel_size],
                stride=_unless(layer.strides, 1),
                padding=padding,
                dilation=_unless(layer.dilation_rate, 1),
                groups=_unless(layer.groups, 1),
                bias=_off(layer.use_bias),
                padding_mode=layer.config["padding_mode"],
            )
        elif kind is BatchNormalization:
            # The layer itself refuses inputs of more than 3 axes under the PyTorch convention.
            self._construct(
                module,
                "nn.BatchNorm1d",
                [summary.input_shape[-1]],
                eps=layer.config["eps"],
                momentum=layer.config["momentum"],
                affine=_off(layer.affine),
                track_running_stats=_off(layer.track_running_stats),
                bias=_off(layer.bias),
            )
        elif kind is LayerNormalization:
            normalized = layer.torch_normalized_shape(summary.input_shape)
            self._construct(
                module,
                "nn.LayerNorm",
                [normalized[0] if len(normalized) == 1 else normalized],
                eps=layer.config["eps"],
                elementwise_affine=_off(layer.elementwise_affine),
                bias=_off(layer.bias),
            )
        else:  # pragma: no cover - the PyTorch convention admits only the layers above
            raise AssertionError(f"no PyTorch code for {kind.__name__}")
        if not layer.trainable:
            self.init.append(f"{module}.requires_grad_(False)  # trainable: false")
        # Token ids stay integers; Dropout takes any tensor as it comes.
        return module, None if kind in (Embedding, Dropout) else cast

    def expression(self, spec: LayerSpec, summary: LayerSummary, module: str, x: str) -> tuple[str, str]:
        """A one-tensor layer applied to ``x``, and a note on how (for the line's comment)."""
        layer = spec.layer
        kind = type(layer)
        if kind is Dense:
            return self._activated(layer, f"{module}({x})"), ""
        if kind is Conv1D:
            call = f"{module}({x}.transpose(1, 2)).transpose(1, 2)"
            return self._activated(layer, call), ", Conv1d takes channels first"
        if kind is BatchNormalization and len(summary.input_shape) == 3:
            return f"{module}({x}.transpose(1, 2)).transpose(1, 2)", ", BatchNorm1d takes features first"
        return f"{module}({x})", ""

    def _recurrent(self, spec: LayerSpec, summary: LayerSummary, module: str) -> None:
        layer = spec.layer
        torch_class = {LSTM: "nn.LSTM", GRU: "nn.GRU"}.get(type(layer), "nn.RNN")
        options: dict[str, Any] = {
            "num_layers": _unless(layer.num_layers, 1),
            "bias": _off(layer.use_bias),
            "batch_first": True,
            "dropout": layer.dropout or None if layer.num_layers > 1 else None,
            "bidirectional": layer.bidirectional or None,
        }
        if type(layer) is LSTM:
            options["proj_size"] = layer.proj_size or None
        if torch_class == "nn.RNN":
            nonlinearity = layer.config.get("nonlinearity") or layer.config.get("activation")
            options["nonlinearity"] = nonlinearity if nonlinearity == "relu" else None
        self._construct(module, torch_class, [summary.input_shape[-1], layer.units], **options)
        activation = layer.config.get("activation")
        if torch_class != "nn.RNN" and activation not in (None, "tanh"):
            self.forward.append(f"# activation {activation!r} has no {torch_class} option: torch uses tanh")

    def _construct(self, module: str, torch_class: str, positional: list, **options: Any) -> None:
        parts = [python_literal(value) for value in positional]
        parts += [f"{name}={python_literal(value)}" for name, value in options.items() if value is not None]
        if self._pending_dtype:
            parts.append(f"dtype={self._pending_dtype}")
        self.init.append(f"{module} = {torch_class}({', '.join(parts)})")

    def _dtype(self, layer: Any) -> str | None:
        """The torch dtype of a layer whose own dtype differs from the model's, for its weights and input."""
        own = variable_dtype(layer.dtype) if layer.dtype else None
        self._pending_dtype = TORCH_DTYPES.get(own) if own and own != variable_dtype(self.model.dtype) else None
        return self._pending_dtype

    def _activated(self, layer: Any, call: str) -> str:
        activation = layer.config.get("activation")
        if activation in NO_ACTIVATION:
            return call
        # A spec may give any value (a Keras config mapping, say); only names are translated.
        if isinstance(activation, str) and activation in ACTIVATIONS:
            return ACTIVATIONS[activation].format(x=call)
        self.forward.append(f"# activation {activation!r}: lstmcalc has no torch translation; apply it below")
        return call

    def _attribute(self, name: str) -> str:
        """A Python attribute for the layer: its name, made an identifier and kept apart from nn.Module's own."""
        return python_name(name, self.attributes, MODULE_ATTRIBUTES)


def _merged(layer: Any, tensors: list[str]) -> str:
    """A merge layer as a tensor operation on ``tensors`` (torch broadcasts as Keras does)."""
    kind = layer.class_name
    if kind == "Concatenate":
        return f"torch.cat([{', '.join(tensors)}], dim={layer.axis})"
    if kind == "Average":
        return f"({' + '.join(tensors)}) / {len(tensors)}"
    if kind in MERGE_FUNCTIONS:
        merged = tensors[0]
        for tensor in tensors[1:]:
            merged = f"{MERGE_FUNCTIONS[kind]}({merged}, {tensor})"
        return merged
    return MERGE_OPERATORS[kind].join(tensors)


def _example_input(model: ModelSpec) -> list[str]:
    ids = type(model.layers[0].layer) is Embedding
    unknown = " (unknown sizes set to " + str(EXAMPLE_SIZE) + ")" if None in model.input.shape[1:] else ""
    what = "integer ids" if ids else "zeros"
    return [
        "def example_input() -> torch.Tensor:",
        f'    """An input of the model\'s shape: {what}{unknown}."""',
        f"    return {_zeros(model, model.input, ids)}",
    ]


def _example_inputs(model: ModelSpec, local: dict[int, str]) -> list[str]:
    """A graph's example inputs, in ``forward``'s order; integer ids for those an Embedding takes."""
    token_inputs = {
        id(reference.source) for node in model.nodes if type(node.layer.layer) is Embedding for reference in node.inputs
    }
    unknown = (
        " (unknown sizes set to " + str(EXAMPLE_SIZE) + ")"
        if any(None in spec.shape[1:] for spec in model.inputs)
        else ""
    )
    return [
        "def example_inputs() -> tuple[torch.Tensor, ...]:",
        f'    """One tensor per argument of forward: zeros, or integer ids for an Embedding{unknown}."""',
        "    return (",
        *(f"        {_zeros(model, spec, id(spec) in token_inputs)},  # {local[id(spec)]}" for spec in model.inputs),
        "    )",
    ]


def _zeros(model: ModelSpec, spec: InputSpec, ids: bool) -> str:
    batch, *shape = spec.shape
    sizes = [EXAMPLE_BATCH if batch is None else batch] + [EXAMPLE_SIZE if size is None else size for size in shape]
    dtype = "dtype=torch.long" if ids else f"dtype={TORCH_DTYPES.get(variable_dtype(model.dtype), 'torch.float32')}"
    return f"torch.zeros({', '.join(map(str, sizes))}, {dtype})"


def _class_name(model_name: str) -> str:
    words = [word for word in re.split(r"\W|_", model_name) if word]
    name = "".join(word[:1].upper() + word[1:] for word in words) or "Model"
    return "Model" + name if name[0].isdigit() else name


def _off(flag: bool) -> bool | None:
    """``False`` when an option that defaults to true is off, else nothing to write."""
    return None if flag else False


def _unless(value: Any, default: Any) -> Any:
    return None if value == default else value
