"""A spec as PyTorch code: a ``torch.nn.Module`` with ``__init__`` and ``forward``.

It follows lstmcalc's PyTorch convention: sequences are (batch, time_steps, features)
between layers (``batch_first=True``), so Conv1d and BatchNorm1d on a sequence are
wrapped in ``transpose(1, 2)``; ``return_sequences: false`` keeps the last time step
(``x[:, -1]``); ``return_state: true`` returns the final states too. Each submodule is
named after its layer, so ``named_parameters()`` reads ``lstm.weight_ih_l0`` where
``lstmcalc summary --framework pytorch`` lists ``weight_ih_l0`` under ``lstm``.

Each layer kind writes its own module and ``forward`` lines (``Layer.torch_module``,
``Layer.torch_stack_lines``, ``Layer.torch_node_lines``); this module names the
submodules and tensors, casts dtypes, and writes merges as tensor operations.
"""

from __future__ import annotations

from typing import Any

from lstm_calc.errors import SpecError
from lstm_calc.export.python_code import file_docstring, layer_uses, python_literal, python_name
from lstm_calc.naming import torch_class_name
from lstm_calc.shapes import first_shape, format_shapes
from lstm_calc.sizes import DEFAULT_DTYPE, variable_dtype
from lstm_calc.spec import InputSpec, LayerSpec, ModelSpec, NodeSpec, Reference
from lstm_calc.summary import LayerSummary, ModelSummary

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
    class_name = torch_class_name(model.name)
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
        if module is None:
            self.forward.append(f"x = {_merged(spec.layer, self.outputs)}  # {format_shapes(summary.output_shape)}")
            self.outputs = ["x"]
            return
        x = f"x.to({cast})" if cast else "x"
        lines, self.outputs = spec.layer.torch_stack_lines(
            module, x, self.outputs, first_shape(summary.input_shape), summary.output_shape
        )
        self.forward += lines

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
        if module is None:
            self.forward.append(f"{name} = {_merged(layer, tensors)}{shape}")
            return
        if cast:
            tensors = [f"{tensor}.to({cast})" for tensor in tensors]
        states = self._tensors(node.initial_state, rows)
        self.forward += layer.torch_node_lines(module, name, tensors, states, first_shape(row.input_shape), shape)

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
        # Merge layers (those taking several tensors) are written as tensor operations, not modules.
        if layer.input_count is not None and not layer.torch_module_takes_tensors:
            return None, None
        received = summary.input_shape if layer.torch_module_takes_tensors else first_shape(summary.input_shape)
        torch_module = layer.torch_module(received)
        if torch_module is None:
            raise SpecError(
                f"layer '{spec.name}' ({layer.type_name}) has no PyTorch code in lstmcalc", spec.location, spec.path
            )
        attribute = self._attribute(spec.name)
        module = f"self.{attribute}"
        if attribute != spec.name:
            self.init.append(f"# layer {spec.name!r}")
        cast = self._dtype(layer)
        self._construct(module, torch_module.torch_class, torch_module.positional, **torch_module.options)
        self.forward += torch_module.notes
        if not layer.trainable:
            self.init.append(f"{module}.requires_grad_(False)  # trainable: false")
        return module, cast if layer.torch_casts_input else None

    def _construct(self, module: str, torch_class: str, positional: list[Any], **options: Any) -> None:
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
    ids = model.layers[0].layer.takes_ids
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
        id(reference.source) for node in model.nodes if node.layer.layer.takes_ids for reference in node.inputs
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
