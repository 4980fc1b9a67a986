"""The PyTorch corpus (tests/torch_corpus_cases.py) in real torch 2.13 and torchinfo: each model is
built from its case's values and its recorded truth (tests/golden/torch_corpus/) must be exactly
what torch and torchinfo give now. Regenerate on purpose with tests/oracle/regenerate_torch_corpus.py.
"""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("torchinfo")

from tests.oracle.torch_corpus_truth import (  # noqa: E402  (after the skips: needs torch)
    torchinfo_path,
    torchinfo_text,
    truth_path,
    truth_text,
)
from tests.torch_corpus_cases import CASES  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("name", sorted(CASES))
def test_recorded_truth_is_what_torch_gives(name: str) -> None:
    assert truth_path(name).read_text(encoding="utf-8") == truth_text(name, CASES[name])


@pytest.mark.parametrize("name", sorted(CASES))
def test_recorded_torchinfo_text_is_what_torchinfo_prints(name: str) -> None:
    assert torchinfo_path(name).read_text(encoding="utf-8") == torchinfo_text(name, CASES[name])
