"""The call-structure cases (tests/keras_call_structure_cases.py) in a live Keras 3: each model's summary is
the golden table lstmcalc is held to (tests/golden/keras_call_structure), a stacked RNN returns and takes its
states nested, and what lstmcalc refuses Keras refuses, fails to run, or shows a shape lstmcalc cannot know."""

from __future__ import annotations

import pytest

pytest.importorskip("keras")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from tests.keras_call_structure_cases import CODE, REFUSED  # noqa: E402
from tests.oracle.keras_code_run import keras_table, run_model_code  # noqa: E402
from tests.test_keras_call_structure import GOLDEN, LINE_LENGTH  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_summary_is_the_golden_table(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # rich draws Keras's table no wider than the terminal
    assert keras_table(run_model_code(CODE[name]), int(LINE_LENGTH)) == (GOLDEN / f"{name}.table.out").read_text(
        encoding="utf-8"
    )


def _structure(value: object) -> object:
    if isinstance(value, (list, tuple)):
        return [_structure(item) for item in value]
    return tuple(value.shape)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda L: L.RNN(L.LSTMCell(8), return_state=True), [(None, 8), (None, 8), (None, 8)]),
        (lambda L: L.RNN([L.LSTMCell(8)], return_state=True), [(None, 8), [(None, 8), (None, 8)]]),
        (
            lambda L: L.RNN([L.LSTMCell(8), L.GRUCell(4)], return_state=True),
            [(None, 4), [(None, 8), (None, 8)], (None, 4)],
        ),
        (lambda L: L.RNN([L.GRUCell(3), L.SimpleRNNCell(4)], return_state=True), [(None, 4), (None, 3), (None, 4)]),
        (
            lambda L: L.RNN(L.StackedRNNCells([L.SimpleRNNCell(3), L.LSTMCell(4)]), return_state=True),
            [(None, 4), (None, 3), [(None, 4), (None, 4)]],
        ),
        (
            lambda L: L.Bidirectional(L.RNN([L.LSTMCell(8), L.GRUCell(4)], return_state=True)),
            [(None, 8), [(None, 8), (None, 8)], (None, 4), [(None, 8), (None, 8)], (None, 4)],
        ),
    ],
)
def test_what_an_rnn_returns_with_its_states(make, expected: list[object]) -> None:
    keras.utils.clear_session(free_memory=False)
    assert _structure(make(keras.layers)(keras.Input((7, 3)))) == expected


def test_python_refuses_unpacking_a_stack_into_four_names() -> None:
    with pytest.raises(ValueError, match=r"not enough values to unpack \(expected 4, got 3\)"):
        run_model_code(REFUSED["stacked_states_unpacked_into_four"][0])


def test_a_flat_initial_state_builds_but_fails_when_the_model_runs() -> None:
    model = run_model_code(REFUSED["stacked_initial_state_flat"][0])
    data = [np.zeros((2, 7, 3)), np.zeros((2, 8)), np.zeros((2, 8)), np.zeros((2, 4))]
    with pytest.raises(IndexError):
        model.predict(data, verbose=0)
    nested = run_model_code(CODE["stacked_initial_state_nested"])
    assert nested.predict(data, verbose=0).shape == (2, 3)


def test_the_later_call_lstmcalc_cannot_follow_changes_the_summary() -> None:
    model = run_model_code(REFUSED["later_call_lstmcalc_cannot_follow"][0])
    assert tuple(model.get_layer("dense")._inbound_nodes[-1].output_tensors[0].shape) == (None, 1, 4)


def test_a_summary_made_before_the_later_call_shows_the_models_own_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    # What lstmcalc does not follow: it summarises the model as it stands at the end of the file.
    lines: list[str] = []
    code = CODE["dense_later_on_two_axes"].replace(
        "head = ", "model.summary(print_fn=lambda text, line_break=None: lines.append(text))\nhead = "
    )
    monkeypatch.setenv("COLUMNS", "200")
    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, object] = {"lines": lines}
    exec(compile(code, "case.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
    dense_rows = [
        next(line for line in table.splitlines() if "dense (Dense)" in line)
        for table in ("".join(lines), keras_table(namespace["model"], int(LINE_LENGTH)))
    ]
    assert ["(None, None, 4)" in row for row in dense_rows] == [True, False]
    assert "(None, 4)" in dense_rows[1]


#: The stacked-RNN cases, whose exported code must index and group the states as Keras's call does (the
#: later-call cases are read as the model stands at the end, which export writes on its own).
STACKED = sorted(name for name in CODE if "stacked" in name)


@pytest.mark.parametrize("name", STACKED)
def test_exported_keras_code_builds_the_golden_table(name: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    # export wrote flat indices (rnn[3]) and a flat initial_state, which Keras refuses or cannot run.
    from click.testing import CliRunner

    from lstm_calc.cli import main

    source = tmp_path / "model.py"
    source.write_text(CODE[name], encoding="utf-8")
    exported = CliRunner().invoke(main, ["export", str(source), "--to", "keras"])
    assert exported.exit_code == 0, exported.output
    monkeypatch.setenv("COLUMNS", "200")
    model = run_model_code(exported.output)
    assert keras_table(model, int(LINE_LENGTH)) == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")
    model.predict([np.zeros((1, *tensor.shape[1:])) for tensor in model.inputs], verbose=0)  # it runs
