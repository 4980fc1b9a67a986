"""Standalone framework code for a spec, one module per framework, in one table: name -> writer.

Each writer takes the spec as checked under that framework's convention and its
summary, and returns the text of a Python file that builds the model and prints its
parameter count when run, so lstmcalc's numbers can be checked in the framework itself.
"""

from __future__ import annotations

from collections.abc import Callable

from lstm_calc.export.keras import export_keras
from lstm_calc.export.pytorch import export_pytorch
from lstm_calc.spec import ModelSpec
from lstm_calc.summary import ModelSummary

EXPORTERS: dict[str, Callable[[ModelSpec, ModelSummary, str], str]] = {
    "keras": export_keras,
    "pytorch": export_pytorch,
}
