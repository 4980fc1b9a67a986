"""The Keras follow-up cases (tests/keras_followups_cases.py) in a live Keras 3: each model's summary is the
golden table lstmcalc is held to (tests/golden/keras_followups), each JSON fixture is what that Keras writes,
each call lstmcalc refuses as Python does Keras refuses too, and where lstmcalc refuses a call Keras runs,
Keras's Connected to is in the order lstmcalc says it does not follow."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("keras")

import keras  # noqa: E402
import numpy as np  # noqa: E402  (Keras's own dependency: absent where the test extra alone is installed)

from tests.keras_followups_cases import CODE, DICT_OUTPUTS, JSON_CASES, NOT_FOLLOWED, REFUSED  # noqa: E402
from tests.oracle.keras_code_run import keras_table, run_model_code  # noqa: E402
from tests.test_keras_followups import FIXTURES, GOLDEN, LINE_LENGTH, REFUSED_JSON  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(CODE))
def test_keras_summary_is_the_golden_table(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    table = keras_table(run_model_code(CODE[name]), int(LINE_LENGTH))
    assert table == (GOLDEN / f"{name}.table.out").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [*JSON_CASES, "sequences_by_keyword_with_initial_state"])
def test_the_json_fixture_is_what_keras_writes(name: str) -> None:
    code, folder = (CODE[name], FIXTURES) if name in CODE else (NOT_FOLLOWED[name][0], REFUSED_JSON)
    fixture = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    assert json.loads(run_model_code(code).to_json()) == fixture


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_keras_refuses_the_call(name: str) -> None:
    with pytest.raises(TypeError, match="missing a required argument: 'sequences'"):
        run_model_code(REFUSED[name][0])


@pytest.mark.parametrize("name", sorted(NOT_FOLLOWED))
def test_keras_lists_the_keyword_tensors_by_name(name: str) -> None:
    model = run_model_code(NOT_FOLLOWED[name][0])
    node = model.layers[-1]._inbound_nodes[0]
    assert [tensor._keras_history[0].name for tensor in node.input_tensors] == NOT_FOLLOWED[name][3]


def test_bidirectional_hands_each_direction_half_of_the_states() -> None:
    # The forward layer starts from the first two states, the backward one from the last two: zero
    # sequences leave each direction's final states a function of its own initial states only.
    keras.utils.clear_session(free_memory=False)
    x = keras.Input((3, 2))
    states = [keras.Input((4,)) for _ in range(4)]
    bidirectional = keras.layers.Bidirectional(keras.layers.LSTM(4, return_state=True, use_bias=False))
    model = keras.Model([x, *states], bidirectional(x, initial_state=states))
    zeros = np.zeros((1, 3, 2), "float32")
    given = [np.full((1, 4), value, "float32") for value in (0.0, 0.0, 0.5, 0.5)]
    _, forward_h, _, backward_h, _ = model.predict([zeros, *given], verbose=0)
    assert not forward_h.any() and backward_h.any()


def test_a_backward_layer_of_another_state_count_cannot_run_from_states() -> None:
    keras.utils.clear_session(free_memory=False)
    x, h1, c1, h2 = keras.Input((5, 4)), keras.Input((8,)), keras.Input((8,)), keras.Input((8,))
    bidirectional = keras.layers.Bidirectional(
        keras.layers.LSTM(8), backward_layer=keras.layers.GRU(8, go_backwards=True)
    )
    model = keras.Model([x, h1, c1, h2], bidirectional(x, initial_state=[h1, c1, h2]))
    with pytest.raises(IndexError):
        model.predict([np.zeros((1, 5, 4)), *[np.zeros((1, 8))] * 3], verbose=0)


def test_keras_lists_a_dict_of_outputs_by_sorted_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    model = run_model_code(DICT_OUTPUTS)
    written = json.loads((FIXTURES / "dict_outputs.json").read_text(encoding="utf-8"))
    assert json.loads(model.to_json()) == written
    assert keras_table(model, int(LINE_LENGTH)) == (GOLDEN / "dict_outputs.table.out").read_text(encoding="utf-8")
