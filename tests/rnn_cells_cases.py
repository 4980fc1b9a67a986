"""The RNN-with-cells models both tests/test_rnn_cells.py (numbers pinned from Keras) and
tests/oracle/test_rnn_cells_oracle.py (the same models built by a live Keras) use.

Each model is a spec mapping: ``input`` (with its ``batch_size`` where one is given) and
``layers`` as a YAML spec writes them; every key of a layer but ``type`` is a Keras keyword
argument, a wrapper's ``layer`` is a layer, an RNN's ``cell`` a cell or a list of cells, and
StackedRNNCells' ``cells`` a list of cells.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rnn_cells"


def _stack(shape: list[int | None], *layers: dict[str, Any], batch_size: int | None = None) -> dict[str, Any]:
    model_input: dict[str, Any] = {"shape": shape}
    if batch_size is not None:
        model_input["batch_size"] = batch_size
    return {"input": model_input, "layers": list(layers)}


def lstm_cell(units: int, **options: Any) -> dict[str, Any]:
    return {"type": "LSTMCell", "units": units, **options}


def gru_cell(units: int, **options: Any) -> dict[str, Any]:
    return {"type": "GRUCell", "units": units, **options}


def simple_cell(units: int, **options: Any) -> dict[str, Any]:
    return {"type": "SimpleRNNCell", "units": units, **options}


#: Models Keras builds, by name.
MODELS: dict[str, dict[str, Any]] = {
    "one_cell": _stack([5, 3], {"type": "RNN", "cell": lstm_cell(8)}),
    "a_list_of_cells": _stack(
        [5, 3],
        {"type": "RNN", "cell": lstm_cell(8), "return_sequences": True},
        {"type": "RNN", "cell": [lstm_cell(8), gru_cell(4)], "return_sequences": True, "return_state": True},
    ),
    "stacked_rnn_cells": _stack(
        [None, 6],
        {
            "type": "RNN",
            "cell": {
                "type": "StackedRNNCells",
                "cells": [simple_cell(6, activation="relu"), gru_cell(4, reset_after=False)],
            },
            "go_backwards": True,
        },
        {"type": "Dense", "units": 2},
    ),
    "bidirectional_cells": _stack(
        [7, 4],
        {"type": "Bidirectional", "layer": {"type": "RNN", "cell": [simple_cell(3, use_bias=False), lstm_cell(5)]}},
    ),
    "stateful_with_states": _stack(
        [4, 2],
        {"type": "RNN", "cell": gru_cell(3), "stateful": True, "return_state": True, "unroll": True},
        batch_size=2,
    ),
    "frozen_cell_in_a_list": _stack(
        [5, 3], {"type": "RNN", "cell": [lstm_cell(3, trainable=False, name="frozen"), gru_cell(2)]}
    ),
}

#: Models Keras refuses to build, by name.
REFUSED: dict[str, dict[str, Any]] = {
    "cell_without_units": _stack([5, 3], {"type": "RNN", "cell": {"type": "LSTMCell"}}),
    "a_dense_as_cell": _stack([5, 3], {"type": "RNN", "cell": {"type": "Dense", "units": 3}}),
    "an_lstm_layer_as_cell": _stack([5, 3], {"type": "RNN", "cell": {"type": "LSTM", "units": 3}}),
    "a_dense_among_stacked_cells": _stack(
        [5, 3], {"type": "RNN", "cell": {"type": "StackedRNNCells", "cells": [{"type": "Dense", "units": 3}]}}
    ),
    "no_cells": _stack([5, 3], {"type": "RNN", "cell": []}),
    "a_cell_as_a_layer": _stack([5, 3], lstm_cell(4)),
    "stacked_cells_as_a_layer": _stack([5, 3], {"type": "StackedRNNCells", "cells": [lstm_cell(4)]}),
    "stateful_without_a_batch_size": _stack([5, 3], {"type": "RNN", "cell": lstm_cell(4), "stateful": True}),
    "units_zero": _stack([5, 3], {"type": "RNN", "cell": gru_cell(0)}),
    "unknown_features": _stack([5, None], {"type": "RNN", "cell": lstm_cell(4)}),
    "no_time_axis": _stack([3], {"type": "RNN", "cell": lstm_cell(4)}),
    "backwards_in_bidirectional": _stack(
        [5, 3], {"type": "Bidirectional", "layer": {"type": "RNN", "cell": lstm_cell(4), "go_backwards": True}}
    ),
}
