"""lstmcalc: shapes and parameter counts of sequence models, exactly as Keras 3 computes them.

The library never imports click or rich; see :mod:`lstm_calc.api` for the entry points.
"""

__version__ = "0.1.0"
