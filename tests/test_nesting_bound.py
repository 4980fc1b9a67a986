"""Code is scanned for nesting only when :func:`_nesting_bound` says a count could pass the limit:
the bound is above every count the scan makes, whatever the text (brackets, operators, keywords,
``elif``, strings, f-strings, comments, line continuations, non-ASCII letters)."""

from __future__ import annotations

import keyword

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_calc.errors import SpecError
from lstm_calc.readers import python_source
from lstm_calc.readers.python_source import refuse_deep_nesting

#: Pieces of Python text, tokens and fragments of tokens alike.
PIECES = [*"()[]{}+-*/.,;:=<>!~@%^&|'\"\\#\n\r\t\f\v _aZ9é€", *keyword.kwlist]
PIECES += ["f'{", 'f"', "}'", "rb'", "elif ", "\\\n", "'''", '"""', "x", "  ", "not ", "lambda "]
#: A small limit, so that short texts reach it.
LIMIT = 12


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_text_under_the_bound_is_never_refused(text: str) -> None:
    bound = python_source._nesting_bound(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(python_source, "MAX_NESTING", LIMIT)
        patch.setattr(python_source, "_nesting_bound", lambda _: LIMIT + 1)  # always scanned
        try:
            refuse_deep_nesting(text, "model.py")
        except SpecError:
            assert bound > LIMIT


def test_a_model_file_is_not_scanned_and_deep_code_still_is() -> None:
    assert python_source._nesting_bound("model = Sequential([Input(shape=(3,)), Dense(4)])\n") < 100
    with pytest.raises(SpecError, match="nests more than 1,000 levels"):
        refuse_deep_nesting("x = " + "(" * 600 + ")" * 600 + "\n", "model.py")
