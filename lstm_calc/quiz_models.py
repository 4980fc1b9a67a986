"""The small models ``lstmcalc quiz`` asks about, drawn from a seeded generator, as spec mappings.

Level 1 is one layer; level 2 a stack of two or three (where the second layer's input
is the first one's output, the seed questions' trap); level 3 adds directions and states:
Keras's Bidirectional, ``return_state``, GRU's ``reset_after: false``, no bias; torch.nn's
``num_layers``, ``bidirectional``, ``proj_size`` and the ``h_n``/``c_n`` it returns.
The mappings use each framework's own argument names, so that they read as its code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_calc.arguments import KERAS

if TYPE_CHECKING:
    import random

LEVELS = (1, 2, 3)
UNITS = (4, 8, 12, 16, 32, 64, 128)
FEATURES = (1, 3, 10, 32, 64, 80, 126)
STEPS = (5, 10, 20, 50)
VOCABULARY = (100, 1000, 5000, 10000)
RECURRENT = ("LSTM", "GRU", "SimpleRNN")
#: torch.nn's names for the kinds, and the names of their size arguments.
TORCH_NAMES = {"SimpleRNN": "RNN", "Dense": "Linear", "Conv1D": "Conv1d"}
#: Spec keys that are lstmcalc's, not torch.nn's: left out of the line a PyTorch question shows.
NOT_TORCH = ("return_sequences", "return_state")


class _Draw:
    """One model being drawn: the generator, the convention, and the width the next layer reads."""

    def __init__(self, generator: random.Random, framework: str) -> None:
        self.generator = generator
        self.framework = framework
        self.features = 0

    @property
    def keras(self) -> bool:
        return self.framework == KERAS

    def pick(self, choices: tuple[Any, ...]) -> Any:
        return self.generator.choice(choices)

    def recurrent(self, kind: str, sequences: bool, **extra: Any) -> dict[str, Any]:
        units = self.pick(UNITS)
        if self.keras:
            layer: dict[str, Any] = {"type": kind, "units": units, "return_sequences": sequences, **extra}
        else:
            # torch.nn returns the whole sequence: lstmcalc's return_sequences: true is its `output`.
            size = {"input_size": self.features, "hidden_size": units}
            layer = {"type": TORCH_NAMES.get(kind, kind), **size, **extra, "return_sequences": True}
        directions = 2 if extra.get("bidirectional") else 1
        self.features = directions * (extra.get("proj_size") or units)
        return layer

    def dense(self) -> dict[str, Any]:
        units = self.pick(UNITS)
        layer = {"type": "Dense", "units": units} if self.keras else self._torch_linear(units)
        self.features = units
        return layer

    def _torch_linear(self, units: int) -> dict[str, Any]:
        return {"type": "Linear", "in_features": self.features, "out_features": units}

    def conv(self, steps: int) -> dict[str, Any]:
        filters, size = self.pick(UNITS), self.pick(tuple(size for size in (1, 3, 5) if size <= steps))
        if self.keras:
            layer: dict[str, Any] = {"type": "Conv1D", "filters": filters, "kernel_size": size}
        else:
            layer = {"type": "Conv1d", "in_channels": self.features, "out_channels": filters, "kernel_size": size}
        self.features = filters
        return layer

    def embedding(self) -> dict[str, Any]:
        vocabulary, width = self.pick(VOCABULARY), self.pick(UNITS)
        self.features = width
        if self.keras:
            return {"type": "Embedding", "input_dim": vocabulary, "output_dim": width}
        return {"type": "Embedding", "num_embeddings": vocabulary, "embedding_dim": width}


def draw_model(generator: random.Random, framework: str, level: int, topic: str) -> tuple[dict[str, Any], int]:
    """A model spec mapping for ``level``, and the index of the layer to ask about."""
    draw = _Draw(generator, framework)
    steps = draw.pick(STEPS)
    draw.features = draw.pick(FEATURES)
    sequence_input = [steps, draw.features]
    if level == 1:
        kind = draw.pick((*RECURRENT, "Dense", "Conv1D", "Embedding"))
        if kind == "Embedding":
            layers, shape = [draw.embedding()], [steps]
        elif kind == "Dense":
            shape = [draw.features]
            layers = [draw.dense()]
        elif kind == "Conv1D":
            layers, shape = [draw.conv(steps)], sequence_input
        else:
            layers, shape = [draw.recurrent(kind, draw.pick((False, True)))], sequence_input
        return _spec(framework, shape, layers), 0
    if level == 2:
        first = draw.pick(("recurrent", "embedding", "conv"))
        shape = [steps] if first == "embedding" else sequence_input
        if first == "recurrent":
            head = draw.recurrent(draw.pick(RECURRENT), True)
        else:
            head = draw.embedding() if first == "embedding" else draw.conv(steps)
        layers = [head, draw.recurrent(draw.pick(RECURRENT), False), draw.dense()]
        return _spec(framework, shape, layers), draw.pick((1, 2)) if topic != "macs" else 1
    return _spec(framework, sequence_input, [_level_three(draw)]), 0


def _level_three(draw: _Draw) -> dict[str, Any]:
    kind = draw.pick(RECURRENT)
    if draw.keras:
        # Only what differs from Keras's defaults is written, as code would.
        extra: dict[str, Any] = {} if draw.pick((True, True, False)) else {"use_bias": False}
        if kind == "GRU" and draw.pick((True, False)):
            extra["reset_after"] = False
        if draw.pick((False, True)):
            units = draw.pick(UNITS)
            inner = {"type": kind, "units": units, "return_sequences": draw.pick((False, True)), **extra}
            draw.features = 2 * units
            return {"type": "Bidirectional", "layer": inner}
        return draw.recurrent(kind, draw.pick((False, True)), return_state=True, **extra)
    extra = {"num_layers": draw.pick((1, 2, 3)), "bidirectional": draw.pick((False, True)), "return_state": True}
    layer = draw.recurrent(kind, True, **extra)
    if kind == "LSTM" and draw.pick((False, True)) and layer["hidden_size"] > 1:
        layer["proj_size"] = draw.pick(tuple(size for size in (1, 2, 3, 4, 8) if size < layer["hidden_size"]))
    return layer


def _spec(framework: str, shape: list[int], layers: list[dict[str, Any]]) -> dict[str, Any]:
    return {"framework": framework, "input": {"shape": shape}, "layers": layers}


def one_line(spec: dict[str, Any]) -> str:
    """``Keras: Input((5, 126)) → LSTM(units=64, return_sequences=True) → Dense(units=3)``."""
    keras = spec["framework"] == KERAS
    shape = ", ".join(str(size) for size in spec["input"]["shape"])
    start = f"Keras: Input(({shape}{',' if len(spec['input']['shape']) == 1 else ''}))"
    if not keras:
        start = f"PyTorch, batch_first=True: x of shape (batch, {shape})"
    return " → ".join([start, *(_layer_call(layer, keras) for layer in spec["layers"])])


def _layer_call(layer: dict[str, Any], keras: bool) -> str:
    arguments = []
    for key, value in layer.items():
        if key == "type" or (not keras and key in NOT_TORCH):
            continue
        shown = _layer_call(value, keras) if isinstance(value, dict) else repr(value)
        arguments.append(shown if key == "layer" else f"{key}={shown}")
    call = f"{layer['type']}({', '.join(arguments)})"
    return call if keras else f"nn.{call}"
