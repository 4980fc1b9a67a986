"""MACs are counted only for a caller that shows them (``--stats``); the rest of the summary is the same."""

from __future__ import annotations

import pytest

from lstm_calc.amount import Amount
from lstm_calc.api import summarize_file
from lstm_calc.stats import model_stats
from tests.conftest import SPECS


def test_a_summary_without_macs_differs_only_in_them():
    # 5 time steps of 4 x units x (inputs + units) weights each: LSTM(64) on 126 features, LSTM(128) on 64.
    counted = summarize_file(str(SPECS / "gesture_classifier.yaml"))
    uncounted = summarize_file(str(SPECS / "gesture_classifier.yaml"), count_macs=False)
    assert [layer.macs for layer in counted.layers][:2] == [Amount(48_640 * 5, 0), Amount(98_304 * 5, 0)]
    assert all(layer.macs == Amount() for layer in uncounted.layers)
    assert [layer._replace(macs=Amount()) for layer in counted.layers] == list(uncounted.layers)
    assert (counted.counts_macs, uncounted.counts_macs) == (True, False)


def test_stats_refuse_a_summary_built_without_macs():
    summary = summarize_file(str(SPECS / "gesture_classifier.yaml"), count_macs=False)
    with pytest.raises(ValueError, match="built without MACs"):
        model_stats(summary)
