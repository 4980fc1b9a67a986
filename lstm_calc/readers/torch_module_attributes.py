"""The attributes a torch.nn module keeps of its constructor's arguments, as ``forward`` reads them
(``self.lstm.hidden_size``, ``self.rnn.num_layers``): each as torch stores it, its default where
the code leaves it out. tests/oracle/test_torch_code_oracle.py checks every entry against torch.
"""

from __future__ import annotations

from typing import Any

#: An argument the constructor needs: it has no default.
REQUIRED = object()

_RECURRENT: dict[str, Any] = {
    "input_size": REQUIRED,
    "hidden_size": REQUIRED,
    "num_layers": 1,
    "bias": True,
    "batch_first": False,
    "dropout": 0.0,
    "bidirectional": False,
    "proj_size": 0,
}
_CELL: dict[str, Any] = {"input_size": REQUIRED, "hidden_size": REQUIRED, "bias": True}
_BATCH_NORM: dict[str, Any] = {
    "num_features": REQUIRED,
    "eps": 1e-5,
    "momentum": 0.1,
    "affine": True,
    "track_running_stats": True,
}

#: Each torch.nn class's plain attributes, with the default torch gives each (REQUIRED: none).
TORCH_ATTRIBUTES: dict[str, dict[str, Any]] = {
    "LSTM": _RECURRENT,
    "GRU": _RECURRENT,
    "RNN": {**_RECURRENT, "nonlinearity": "tanh"},
    "LSTMCell": _CELL,
    "GRUCell": _CELL,
    "RNNCell": {**_CELL, "nonlinearity": "tanh"},
    "Linear": {"in_features": REQUIRED, "out_features": REQUIRED},
    "Embedding": {"num_embeddings": REQUIRED, "embedding_dim": REQUIRED},
    "Conv1d": {"in_channels": REQUIRED, "out_channels": REQUIRED, "groups": 1},
    "Conv2d": {"in_channels": REQUIRED, "out_channels": REQUIRED, "groups": 1},
    "MultiheadAttention": {"embed_dim": REQUIRED, "num_heads": REQUIRED, "dropout": 0.0, "batch_first": False},
    **dict.fromkeys(("BatchNorm1d", "BatchNorm2d", "BatchNorm3d"), _BATCH_NORM),
    **dict.fromkeys(
        ("InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"),
        {**_BATCH_NORM, "affine": False, "track_running_stats": False},
    ),
    "GroupNorm": {"num_groups": REQUIRED, "num_channels": REQUIRED, "eps": 1e-5, "affine": True},
    "PReLU": {"num_parameters": 1},
    "EmbeddingBag": {
        "num_embeddings": REQUIRED,
        "embedding_dim": REQUIRED,
        "mode": "mean",
        "include_last_offset": False,
    },
    "Dropout": {"p": 0.5},
}
#: The attributes torch converts as it stores them: an RNN's ``self.dropout = float(dropout)``.
_FLOATS = frozenset({("LSTM", "dropout"), ("GRU", "dropout"), ("RNN", "dropout")})


def torch_attribute(class_name: str, attribute: str, options: dict[str, Any]) -> Any:
    """The value of ``module.<attribute>`` for a torch.nn ``class_name`` built with ``options``; raises
    KeyError where lstmcalc does not hold it as torch does."""
    value = options.get(attribute, TORCH_ATTRIBUTES[class_name][attribute])
    if value is REQUIRED or not isinstance(value, (bool, int, float, str)):
        raise KeyError(attribute)
    return float(value) if (class_name, attribute) in _FLOATS else value
