"""Renderers: each turns a :class:`~lstm_calc.summary.ModelSummary` into one output format.

``table`` imports rich, so it is imported only when a table is drawn.
"""
