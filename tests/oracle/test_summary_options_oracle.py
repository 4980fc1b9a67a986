"""``summary --show-trainable``, ``--expand-nested`` and ``--line-length`` against Keras 3's own
``model.summary(show_trainable=..., expand_nested=..., line_length=...)`` text, character for
character: a frozen Embedding (N), layers without weights (-), a frozen wrapper whose
weights stay trainable (N, as Keras marks the layer), the wrappers Keras does not expand,
and a graph with its Connected to column.

What this pins about ``expand_nested``: Keras 3 expands only a layer with a ``layers``
attribute (a nested model); Bidirectional, TimeDistributed and RNN have none, so Keras
draws no row for their inner layers or cells, and neither does lstmcalc.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("keras")

from tests.oracle.sequential_side import keras_model  # noqa: E402
from tests.oracle.test_graph_oracle import build_keras_graph, dump  # noqa: E402

pytestmark = pytest.mark.oracle

WRAPPED = {
    "name": "wrapped",
    "input": {"shape": [5]},
    "layers": [
        {"type": "Embedding", "input_dim": 100, "output_dim": 8, "trainable": False},
        {"type": "Bidirectional", "layer": {"type": "LSTM", "units": 4, "return_sequences": True}},
        {"type": "TimeDistributed", "layer": {"type": "Dense", "units": 3}},
        {"type": "Dropout", "rate": 0.1},
        {"type": "RNN", "cell": {"type": "GRUCell", "units": 2}, "return_sequences": True},
        {"type": "Bidirectional", "layer": {"type": "GRU", "units": 2}, "trainable": False},
        {"type": "BatchNormalization"},
        {"type": "Dense", "units": 1, "trainable": False},
    ],
}
GRAPH = {
    "name": "two_inputs",
    "inputs": {"left": {"shape": [6, 4]}, "right": {"shape": [6, 4]}},
    "layers": [
        {"type": "LSTM", "units": 3, "name": "encoder", "inputs": "left", "trainable": False},
        {"type": "GRU", "units": 3, "name": "other", "inputs": "right"},
        {"type": "Concatenate", "name": "joined", "inputs": ["encoder", "other"]},
        {"type": "Dense", "units": 2, "name": "head", "inputs": "joined"},
    ],
    "outputs": ["head"],
}

#: (lstmcalc's options, Keras's keyword arguments to summary()).
OPTIONS = [
    (["--show-trainable"], {"show_trainable": True}),
    (["--expand-nested"], {"expand_nested": True}),
    (["--show-trainable", "--expand-nested"], {"show_trainable": True, "expand_nested": True}),
    (["--line-length", "70"], {"line_length": 70}),
    (["--show-trainable", "--line-length", "64"], {"show_trainable": True, "line_length": 64}),
    (["--show-trainable", "--line-length", "150"], {"show_trainable": True, "line_length": 150}),
]


def _keras_columns(columns: int, options: dict[str, Any]) -> int:
    """The terminal width to run Keras in: a ``line_length`` wider than the terminal makes
    Keras's console crop the table at the terminal's edge, counts and all; lstmcalc prints
    the whole table instead (as it does for counts too wide for their column), which is
    what Keras prints on a terminal wide enough."""
    return max(columns, options.get("line_length", 0))


def _keras_text(model: Any, options: dict[str, Any]) -> str:
    captured: list[str] = []
    model.summary(print_fn=lambda text, line_break=None: captured.append(text), **options)
    return "".join(captured)


@pytest.mark.parametrize("columns", [80, 200])
@pytest.mark.parametrize(("arguments", "options"), OPTIONS, ids=[" ".join(a) for a, _ in OPTIONS])
@pytest.mark.parametrize(
    ("spec", "build"), [(WRAPPED, keras_model), (GRAPH, build_keras_graph)], ids=["sequential", "graph"]
)
def test_summary_options_print_what_keras_prints(
    spec: dict[str, Any],
    build: Any,
    arguments: list[str],
    options: dict[str, Any],
    columns: int,
    run_cli: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", str(_keras_columns(columns, options)))
    expected = _keras_text(build(spec), options)
    result = run_cli(dump(spec), *arguments, columns=columns)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == expected


def test_keras_expands_no_wrapper() -> None:
    # The finding behind --expand-nested: none of Keras's wrappers has nested rows to show.
    model = keras_model(WRAPPED)
    assert [hasattr(layer, "layers") for layer in model.layers] == [False] * len(WRAPPED["layers"])
    assert _keras_text(model, {"expand_nested": True}) == _keras_text(model, {})


def test_coloured_trainable_column_is_keras_own(tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    # On a terminal Keras prints through its own rich console, in colour: Y green, N red, - bold.
    from click.testing import CliRunner

    from lstm_calc.cli import main

    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("FORCE_COLOR", "1")
    keras_model(WRAPPED).summary(show_trainable=True)
    expected = capsys.readouterr().out
    path = tmp_path / "spec.yaml"
    path.write_text(dump(WRAPPED), encoding="utf-8")
    result = CliRunner().invoke(main, ["summary", str(path), "--show-trainable"], catch_exceptions=False)
    assert "\x1b[" in expected
    assert (result.exit_code, result.stdout) == (0, expected)
