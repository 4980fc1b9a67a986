"""The pins of tests/keras_shared_cases.py, checked in real Keras 3: each case's code is run (for the
oracle only: lstmcalc never runs code), and Keras's rows and totals must be the pinned ones, those
lstmcalc prints for the cases it reads and those it would have miscounted for the ones it refuses."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
pytest.importorskip("torch")
keras = pytest.importorskip("keras")

from tests.keras_shared_cases import FROZEN_JSON_READ, FROZEN_JSON_REFUSED, READ, REFUSED  # noqa: E402

pytestmark = pytest.mark.oracle

FIXTURES = Path(__file__).parent.parent / "fixtures" / "keras"


def _run(code: str) -> Any:
    keras.utils.clear_session(free_memory=False)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(code, "case.py", "exec"), namespace)  # the oracle runs the case; lstmcalc never does
    return namespace["model"]


def _totals(model: Any) -> tuple[int, int, int]:
    """The totals Keras's summary prints: each weight once, frozen by its own flag or the model's."""
    trainable = sum(math.prod(weight.shape) for weight in model.trainable_weights)
    frozen = sum(math.prod(weight.shape) for weight in model.non_trainable_weights)
    return model.count_params(), trainable, frozen


def _rows(model: Any) -> tuple[tuple[str, tuple[int | None, ...], int], ...]:
    # Keras's summary shows a layer's shape from its last call (summary_utils.format_layer_shape).
    return tuple(
        (layer.name, tuple(layer._inbound_nodes[-1].output_tensors[0].shape), layer.count_params())
        for layer in model.layers
    )


@pytest.mark.parametrize("name", sorted(READ))
def test_keras_prints_what_lstmcalc_reads(name: str) -> None:
    case = READ[name]
    model = _run(case.code)
    assert _rows(model) == case.rows
    assert _totals(model) == case.totals


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_keras_counts_what_lstmcalc_refuses(name: str) -> None:
    model = _run(REFUSED[name].code)
    assert _totals(model) == REFUSED[name].totals


@pytest.mark.parametrize(("name", "totals"), [FROZEN_JSON_REFUSED[::2], FROZEN_JSON_READ])
def test_keras_loads_the_frozen_json_fixtures(name: str, totals: tuple[int, int, int]) -> None:
    keras.utils.clear_session(free_memory=False)
    model = keras.models.model_from_json((FIXTURES / name).read_text(encoding="utf-8"))
    assert _totals(model) == totals
