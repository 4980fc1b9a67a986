"""The ids that name parametrized cases (tests/case_ids.py and conftest's hook) say what each case is."""

from __future__ import annotations

from tests.case_ids import args_id, error_ids, fields_id, slug
from tests.conftest import pytest_make_parametrize_id


def test_a_command_line_is_its_words():
    assert args_id(["lstm", "--units", "12", "--input-dim", "80"]) == "lstm-units12-input-dim80"
    assert args_id(["summary", "--format", "json", "/any/where/specs/a.yaml"]) == "summary-format_json-a.yaml"
    assert args_id(["--help"]) == "help"


def test_a_located_error_is_its_place_and_message_and_a_shared_message_takes_the_spec_end():
    cases = [
        ("a: 1\n", "bad.yaml:3:5: error: LSTM needs 'units'"),
        ("units: " + "9" * 1001, "bad.yaml:1:8: error: too many digits"),
        ("units: -" + "9" * 1001, "bad.yaml:1:8: error: too many digits"),
    ]
    assert error_ids(cases) == [
        "3:5-LSTM_needs_units",
        "1:8-too_many_digits-units_9x1001",
        "1:8-too_many_digits-units_-9x1001",
    ]


def test_a_long_text_keeps_its_start_and_end():
    message = "expected a positive integer for the number of units of this layer, got 0"
    assert slug(message) == "expected_a_positive_integer_fo..this_layer_got_0"
    assert len(slug(message)) <= 48


def test_numbers_and_flags_are_named_by_their_argument():
    assert fields_id({"kind": "gru", "units": 3, "use_bias": False, "num_layers": None}) == "gru-units3-no_use_bias"
    assert pytest_make_parametrize_id(None, 1001, "depth") == "depth1001"
    assert pytest_make_parametrize_id(None, True, "bias") == "bias"
    assert pytest_make_parametrize_id(None, None, "batch") == "no_batch"
    assert pytest_make_parametrize_id(None, "a b\n", "name") == "a_b"
    assert pytest_make_parametrize_id(None, "lstm", "kind") is None
