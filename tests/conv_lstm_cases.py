"""The ConvLSTM models both tests/test_conv_lstm.py (numbers pinned from Keras) and
tests/oracle/test_conv_lstm_oracle.py (the same models built by a live Keras) use.

Each model is a spec mapping: ``input`` (with its ``batch_size`` where one is given) and
``layers`` as a YAML spec writes them; every key of a layer but ``type`` is a Keras keyword
argument, and a wrapper's ``layer`` is a layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "conv_lstm"
WEATHER_RADAR = FIXTURES / "weather_radar.yaml"


def _stack(shape: list[int | None], *layers: dict[str, Any], batch_size: int | None = None) -> dict[str, Any]:
    model_input: dict[str, Any] = {"shape": shape}
    if batch_size is not None:
        model_input["batch_size"] = batch_size
    return {"input": model_input, "layers": list(layers)}


#: Models Keras builds, by name.
MODELS: dict[str, dict[str, Any]] = {
    "video": {
        "name": "video",
        **_stack(
            [10, 32, 32, 3],
            {"type": "ConvLSTM2D", "filters": 16, "kernel_size": 3, "return_sequences": True},
            {"type": "ConvLSTM2D", "filters": 8, "kernel_size": [3, 3], "padding": "same"},
            {"type": "Flatten"},
            {"type": "Dense", "units": 10},
        ),
    },
    "weather_radar": yaml.safe_load(WEATHER_RADAR.read_text(encoding="utf-8")),
    "signals_1d": _stack(
        [20, 40, 5],
        {"type": "ConvLSTM1D", "filters": 6, "kernel_size": 4, "strides": 2, "return_sequences": True},
        {"type": "ConvLSTM1D", "filters": 3, "kernel_size": [3], "padding": "same", "dilation_rate": 2},
        {"type": "Dense", "units": 2},
    ),
    "returned_states": _stack(
        [None, 9, 7, 2],
        {
            "type": "ConvLSTM2D",
            "filters": 5,
            "kernel_size": [2, 3],
            "strides": [2, 1],
            "return_sequences": True,
            "return_state": True,
        },
    ),
    "stateful_backwards": _stack(
        [6, 12, 3],
        {
            "type": "ConvLSTM1D",
            "filters": 4,
            "kernel_size": 5,
            "stateful": True,
            "return_sequences": True,
            "go_backwards": True,
            "recurrent_dropout": 0.5,
            "unit_forget_bias": False,
            "recurrent_activation": "hard_sigmoid",
            "name": "encoder",
        },
        {"type": "ConvLSTM1D", "filters": 2, "kernel_size": 1, "stateful": True, "return_state": True},
        batch_size=4,
    ),
    "conv_lstm_per_clip": _stack(
        [3, 4, 8, 8, 2],
        {"type": "TimeDistributed", "layer": {"type": "ConvLSTM2D", "filters": 3, "kernel_size": 3}},
    ),
    # Bidirectional takes a ConvLSTM (Keras gives it the layer's input spec: 5-D frames for ConvLSTM2D).
    "bidirectional_frames": _stack(
        [5, 8, 8, 2],
        {
            "type": "Bidirectional",
            "layer": {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 3, "return_sequences": True},
        },
        {"type": "Bidirectional", "merge_mode": "ave", "layer": {"type": "ConvLSTM2D", "filters": 2, "kernel_size": 2}},
        {"type": "Flatten"},
        {"type": "Dense", "units": 3},
    ),
    "bidirectional_merge_modes": _stack(
        [None, 9, 3],
        *(
            {
                "type": "Bidirectional",
                "merge_mode": mode,
                "layer": {
                    "type": "ConvLSTM1D",
                    "filters": 3,
                    "kernel_size": 2,
                    "padding": "same",
                    "return_sequences": True,
                },
            }
            for mode in ("sum", "mul", "concat")
        ),
    ),
    "bidirectional_states_unmerged": _stack(
        [4, 6, 7, 1],
        {
            "type": "Bidirectional",
            "merge_mode": None,
            "layer": {"type": "ConvLSTM2D", "filters": 3, "kernel_size": [2, 3], "return_state": True},
        },
    ),
    "bidirectional_states_concatenated": _stack(
        [4, 10, 2],
        {
            "type": "Bidirectional",
            "layer": {
                "type": "ConvLSTM1D",
                "filters": 2,
                "kernel_size": 3,
                "strides": 2,
                "return_sequences": True,
                "return_state": True,
                "use_bias": False,
            },
        },
    ),
    "bidirectional_backward_layer": _stack(
        [3, 6, 6, 2],
        {
            "type": "Bidirectional",
            "name": "both_ways",
            "layer": {"type": "ConvLSTM2D", "filters": 2, "kernel_size": 3, "padding": "same", "name": "ahead"},
            "backward_layer": {
                "type": "ConvLSTM2D",
                "filters": 2,
                "kernel_size": 1,
                "padding": "same",
                "go_backwards": True,
                "name": "behind",
            },
        },
    ),
    "bidirectional_stateful": _stack(
        [3, 7, 2],
        {
            "type": "Bidirectional",
            "layer": {"type": "ConvLSTM1D", "filters": 2, "kernel_size": 3, "stateful": True, "dilation_rate": 2},
        },
        batch_size=2,
    ),
}

#: Specs Keras refuses to build, by what is wrong.
REFUSED: dict[str, dict[str, Any]] = {
    "kernel_larger_than_the_frame": _stack([4, 3, 3, 2], {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 5}),
    "dilated_kernel_larger_than_the_signal": _stack(
        [4, 5, 2], {"type": "ConvLSTM1D", "filters": 4, "kernel_size": 3, "dilation_rate": 3}
    ),
    "frames_without_a_time_axis": _stack([8, 8, 2], {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 3}),
    "signals_as_frames": _stack([4, 8, 8, 2], {"type": "ConvLSTM1D", "filters": 4, "kernel_size": 3}),
    "time_axis_dropped_before_the_next": _stack(
        [4, 8, 8, 2],
        {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 3},
        {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 3},
    ),
    "strides_with_dilation": _stack(
        [4, 9, 9, 2], {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}
    ),
    "unknown_rows": _stack([4, None, 8, 2], {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 3}),
    "unknown_channels": _stack([4, 8, None], {"type": "ConvLSTM1D", "filters": 4, "kernel_size": 3}),
    "stateful_without_a_batch_size": _stack(
        [4, 8, 8, 2], {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 3, "stateful": True}
    ),
    "causal_padding": _stack([4, 8, 2], {"type": "ConvLSTM1D", "filters": 4, "kernel_size": 3, "padding": "causal"}),
    "three_kernel_sizes": _stack([4, 8, 8, 2], {"type": "ConvLSTM2D", "filters": 4, "kernel_size": [3, 3, 3]}),
    "two_kernel_sizes_in_1d": _stack([4, 8, 2], {"type": "ConvLSTM1D", "filters": 4, "kernel_size": [3, 3]}),
    "strides_zero": _stack([4, 8, 8, 2], {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 3, "strides": 0}),
    "bidirectional_on_a_sequence": _stack(
        [4, 8], {"type": "Bidirectional", "layer": {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 3}}
    ),
    "bidirectional_of_signals_on_frames": _stack(
        [4, 8, 8, 2], {"type": "Bidirectional", "layer": {"type": "ConvLSTM1D", "filters": 4, "kernel_size": 3}}
    ),
    "bidirectional_of_a_backwards_layer": _stack(
        [4, 8, 2],
        {
            "type": "Bidirectional",
            "layer": {"type": "ConvLSTM1D", "filters": 4, "kernel_size": 3, "go_backwards": True},
        },
    ),
    "bidirectional_stateful_without_a_batch_size": _stack(
        [4, 8, 2],
        {"type": "Bidirectional", "layer": {"type": "ConvLSTM1D", "filters": 4, "kernel_size": 3, "stateful": True}},
    ),
    "bidirectional_backward_layer_other_return_sequences": _stack(
        [4, 8, 2],
        {
            "type": "Bidirectional",
            "layer": {"type": "ConvLSTM1D", "filters": 4, "kernel_size": 3},
            "backward_layer": {
                "type": "ConvLSTM1D",
                "filters": 4,
                "kernel_size": 3,
                "go_backwards": True,
                "return_sequences": True,
            },
        },
    ),
    "bidirectional_kernel_larger_than_the_frame": _stack(
        [4, 3, 3, 2], {"type": "Bidirectional", "layer": {"type": "ConvLSTM2D", "filters": 4, "kernel_size": 4}}
    ),
}

#: Specs Keras builds, but whose ``model.summary()`` is not what the model computes: Bidirectional
#: sizes its output from the forward layer alone, and builds a backward layer of another kind on
#: the forward layer's input without checking it. lstmcalc refuses both what runs but is summarised
#: as another shape ("contradicts": the concatenation is 2 + 5 filters wide, the summary says
#: 2 × 2), since no layer after it could be counted as Keras does, and what cannot run ("refuses").
SUMMARY_CONTRADICTS_CALL: dict[str, tuple[dict[str, Any], str]] = {
    "bidirectional_backward_layer_other_filters": (
        _stack(
            [3, 6, 6, 2],
            {
                "type": "Bidirectional",
                "layer": {"type": "ConvLSTM2D", "filters": 2, "kernel_size": 3, "padding": "same"},
                "backward_layer": {
                    "type": "ConvLSTM2D",
                    "filters": 5,
                    "kernel_size": 3,
                    "padding": "same",
                    "go_backwards": True,
                },
            },
        ),
        "contradicts",
    ),
    "bidirectional_backward_lstm_on_frames": (
        _stack(
            [3, 6, 6, 2],
            {
                "type": "Bidirectional",
                "layer": {"type": "ConvLSTM2D", "filters": 2, "kernel_size": 3},
                "backward_layer": {"type": "LSTM", "units": 2, "go_backwards": True},
            },
        ),
        "refuses",
    ),
    "bidirectional_backward_layer_other_length": (
        _stack(
            [4, 10, 1],
            {
                "type": "Bidirectional",
                "layer": {"type": "ConvLSTM1D", "filters": 2, "kernel_size": 2},
                "backward_layer": {"type": "ConvLSTM1D", "filters": 2, "kernel_size": 3, "go_backwards": True},
            },
        ),
        "refuses",
    ),
    "bidirectional_sum_broadcasts_a_length_of_one": (
        _stack(
            [4, 10, 1],
            {
                "type": "Bidirectional",
                "merge_mode": "sum",
                "layer": {"type": "ConvLSTM1D", "filters": 2, "kernel_size": 10},
                "backward_layer": {"type": "ConvLSTM1D", "filters": 2, "kernel_size": 2, "go_backwards": True},
            },
        ),
        "contradicts",
    ),
}
