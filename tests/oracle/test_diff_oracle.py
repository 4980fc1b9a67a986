"""``lstmcalc diff``'s fixtures against a live Keras 3: every layer's automatic name, output
shape, count and trainable weights as Keras builds them, and each diff's total changes
(all, trainable, non-trainable) equal to the differences of Keras's own counts."""

from __future__ import annotations

import json
import math

import pytest

pytest.importorskip("torch")
keras = pytest.importorskip("keras")

import yaml  # noqa: E402

from tests.oracle.sequential_side import keras_model, keras_rows, lstmcalc_rows  # noqa: E402
from tests.test_diff import CHANGES, DIFF_FIXTURES  # noqa: E402

pytestmark = pytest.mark.oracle


def _spec(name: str) -> dict:
    return yaml.safe_load((DIFF_FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))


def _keras_counts(model) -> dict[str, int]:
    trainable = sum(math.prod(weight.shape) for weight in model.trainable_weights)
    total = model.count_params()
    return {"total_params": total, "trainable_params": trainable, "non_trainable_params": total - trainable}


@pytest.mark.parametrize("name", ("old", *CHANGES))
def test_every_fixture_layer_is_as_keras_builds_it(name):
    assert lstmcalc_rows(_spec(name)) == keras_rows(keras_model(_spec(name)))


@pytest.mark.parametrize("change", CHANGES)
def test_the_total_changes_are_keras_count_differences(run, change):
    old, new = _keras_counts(keras_model(_spec("old"))), _keras_counts(keras_model(_spec(change)))
    result = run("diff", str(DIFF_FIXTURES / "old.yaml"), str(DIFF_FIXTURES / f"{change}.yaml"), "--format", "json")
    totals = json.loads(result.stdout)["totals"]
    for key in old:
        assert totals[key] == {"old": old[key], "new": new[key], "change": new[key] - old[key]}
