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
from typing import Any, Optional

from lstm_calc.errors import SpecError
from lstm_calc.export.python_code import file_docstring, python_literal, python_name
from lstm_calc.layers.convolutional import Conv1D
from lstm_calc.layers.core import Dense, Dropout, Embedding
from lstm_calc.layers.normalization import BatchNormalization, LayerNormalization
from lstm_calc.layers.recurrent import GRU, LSTM, Recurrent
from lstm_calc.shapes import format_shapes
from lstm_calc.sizes import DEFAULT_DTYPE, variable_dtype
from lstm_calc.spec import LayerSpec, ModelSpec
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
TORCH_DTYPES = {"float32": "torch.float32", "float16": "torch.float16", "bfloat16": "torch.bfloat16",
                "float64": "torch.float64"}
#: The size the example input gives an axis whose size the spec leaves unknown.
EXAMPLE_SIZE = 8
EXAMPLE_BATCH = 2


def export_pytorch(model: ModelSpec, summary: ModelSummary, source: str) -> str:
    """The text of a Python file that builds ``model`` with torch.nn and prints its counts and output shape."""
    writer = _Writer(model)
    for spec, layer_summary in zip(model.layers, summary.layers):
        writer.layer(spec, layer_summary)
    class_name = _class_name(model.name)
    outputs = writer.outputs
    lines = [
        file_docstring(summary, source, "PyTorch (torch.nn)", "python THIS_FILE.py"),
        "import torch",
        "from torch import nn",
        "",
        "",
        f"class {class_name}(nn.Module):",
        f'    """{format_shapes(summary.input_shape)} -> {format_shapes(summary.layers[-1].output_shape)}'
        ', batch first; None is any size."""',
        "",
        "    def __init__(self) -> None:",
        "        super().__init__()",
        *(f"        {line}" for line in writer.init),
        "",
        "    def forward(self, x: torch.Tensor):",
        *(f"        {line}" for line in writer.forward),
        f"        return {', '.join(outputs)}",
        "",
        "",
        *_example_input(model),
        "",
        "",
        f"model = {class_name}(){writer.model_cast()}",
        "",
        'if __name__ == "__main__":',
        "    print(model)",
        '    print(f"Total params: {sum(p.numel() for p in model.parameters()):,}")',
        '    print(f"Trainable params: {sum(p.numel() for p in model.parameters() if p.requires_grad):,}")',
        "    with torch.no_grad():",
        "        output = model(example_input())",
    ]
    if len(outputs) > 1:
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
        self._pending_dtype: Optional[str] = None

    def model_cast(self) -> str:
        dtype = TORCH_DTYPES.get(self.model.dtype)
        return "" if self.model.dtype == DEFAULT_DTYPE or dtype is None else f".to({dtype})"

    def layer(self, spec: LayerSpec, summary: LayerSummary) -> None:
        attribute = self._attribute(spec.name)
        layer = spec.layer
        module = f"self.{attribute}"
        kind = type(layer)
        if attribute != spec.name:
            self.init.append(f"# layer {spec.name!r}")
        cast = self._dtype(layer)
        x = f"x.to({cast})" if cast else "x"
        shape = f"  # {format_shapes(summary.output_shape)}"
        if isinstance(layer, Recurrent):
            self._recurrent(spec, summary, module, x)
        elif kind is Dense:
            self._construct(module, "nn.Linear", [summary.input_shape[-1], layer.units], bias=_off(layer.use_bias))
            self.forward.append(f"x = {self._activated(layer, f'{module}({x})')}{shape}")
        elif kind is Embedding:
            options = {key: layer.config[key] for key in ("padding_idx", "max_norm", "norm_type",
                                                          "scale_grad_by_freq", "sparse") if layer.config[key] is not None}
            self._construct(module, "nn.Embedding", [layer.input_dim, layer.output_dim], **options)
            self.forward.append(f"x = {module}(x){shape}")
        elif kind is Dropout:
            self._construct(module, "nn.Dropout", [layer.rate], inplace=layer.config["inplace"] or None)
            self.forward.append(
                f"{', '.join(self.outputs)} = {', '.join(f'{module}({name})' for name in self.outputs)}{shape}"
            )
        elif kind is Conv1D:
            padding = None if layer.padding in ("valid", 0) else layer.padding
            self._construct(
                module, "nn.Conv1d", [summary.input_shape[-1], layer.filters, layer.kernel_size],
                stride=_unless(layer.strides, 1), padding=padding, dilation=_unless(layer.dilation_rate, 1),
                groups=_unless(layer.groups, 1), bias=_off(layer.use_bias), padding_mode=layer.config["padding_mode"],
            )
            call = f"{module}({x}.transpose(1, 2)).transpose(1, 2)"
            self.forward.append(f"x = {self._activated(layer, call)}{shape}, Conv1d takes channels first")
        elif kind is BatchNormalization:
            rank = len(summary.input_shape)
            if rank not in (2, 3):
                raise SpecError(
                    f"layer '{spec.name}' (BatchNorm1d) receives a {rank}-D input; torch.nn.BatchNorm1d takes "
                    "2-D or 3-D inputs, so this model cannot be written as PyTorch code",
                    spec.location,
                )
            self._construct(
                module, "nn.BatchNorm1d", [summary.input_shape[-1]], eps=layer.config["eps"],
                momentum=layer.config["momentum"], affine=_off(layer.affine),
                track_running_stats=_off(layer.track_running_stats),
            )
            call = f"{module}({x}.transpose(1, 2)).transpose(1, 2)" if rank == 3 else f"{module}({x})"
            note = ", BatchNorm1d takes features first" if rank == 3 else ""
            self.forward.append(f"x = {call}{shape}{note}")
        elif kind is LayerNormalization:
            normalized = layer.torch_normalized_shape(summary.input_shape)
            self._construct(
                module, "nn.LayerNorm", [normalized[0] if len(normalized) == 1 else normalized],
                eps=layer.config["eps"], elementwise_affine=_off(layer.elementwise_affine), bias=_off(layer.bias),
            )
            self.forward.append(f"x = {module}({x}){shape}")
        else:  # pragma: no cover - the PyTorch convention admits only the layers above
            raise AssertionError(f"no PyTorch code for {kind.__name__}")
        if not layer.trainable:
            self.init.append(f"{module}.requires_grad_(False)  # trainable: false")

    def _recurrent(self, spec: LayerSpec, summary: LayerSummary, module: str, x: str) -> None:
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
        sequence = summary.output_shape[0] if layer.return_state else summary.output_shape
        states = "(h, c)" if type(layer) is LSTM else "h"
        state_names = ["h", "c"] if type(layer) is LSTM else ["h"]
        if layer.return_sequences:
            self.forward.append(f"x, {states if layer.return_state else '_'} = {module}({x})  # {format_shapes(sequence)}")
        else:
            self.forward.append(f"x, {states if layer.return_state else '_'} = {module}({x})")
            self.forward.append(f"x = x[:, -1]  # the last time step (return_sequences: false): {format_shapes(sequence)}")
        self.outputs = ["x", *state_names] if layer.return_state else ["x"]

    def _construct(self, module: str, torch_class: str, positional: list, **options: Any) -> None:
        parts = [python_literal(value) for value in positional]
        parts += [f"{name}={python_literal(value)}" for name, value in options.items() if value is not None]
        if self._pending_dtype:
            parts.append(f"dtype={self._pending_dtype}")
        self.init.append(f"{module} = {torch_class}({', '.join(parts)})")

    def _dtype(self, layer: Any) -> Optional[str]:
        """The torch dtype of a layer whose own dtype differs from the model's, for its weights and input."""
        own = variable_dtype(layer.dtype) if layer.dtype else None
        self._pending_dtype = TORCH_DTYPES.get(own) if own and own != variable_dtype(self.model.dtype) else None
        return self._pending_dtype

    def _activated(self, layer: Any, call: str) -> str:
        activation = layer.config.get("activation")
        if activation in NO_ACTIVATION:
            return call
        if activation in ACTIVATIONS:
            return ACTIVATIONS[activation].format(x=call)
        self.forward.append(f"# activation {activation!r}: lstmcalc has no torch translation; apply it below")
        return call

    def _attribute(self, name: str) -> str:
        """A Python attribute for the layer: its name, made an identifier and kept apart from nn.Module's own."""
        return python_name(name, self.attributes, MODULE_ATTRIBUTES)


def _example_input(model: ModelSpec) -> list[str]:
    batch, *shape = model.input.shape
    sizes = [EXAMPLE_BATCH if batch is None else batch] + [EXAMPLE_SIZE if size is None else size for size in shape]
    ids = type(model.layers[0].layer) is Embedding
    dtype = "dtype=torch.long" if ids else f"dtype={TORCH_DTYPES.get(variable_dtype(model.dtype), 'torch.float32')}"
    unknown = " (unknown sizes set to " + str(EXAMPLE_SIZE) + ")" if None in shape else ""
    what = "integer ids" if ids else "zeros"
    return [
        "def example_input() -> torch.Tensor:",
        f'    """An input of the model\'s shape: {what}{unknown}."""',
        f"    return torch.zeros({', '.join(map(str, sizes))}, {dtype})",
    ]


def _class_name(model_name: str) -> str:
    words = [word for word in re.split(r"\W|_", model_name) if word]
    name = "".join(word[:1].upper() + word[1:] for word in words) or "Model"
    return "Model" + name if name[0].isdigit() else name


def _off(flag: bool) -> Optional[bool]:
    """``False`` when an option that defaults to true is off, else nothing to write."""
    return None if flag else False


def _unless(value: Any, default: Any) -> Any:
    return None if value == default else value
