"""Rewrite the PyTorch corpus's truth files (tests/golden/torch_corpus/) from real torch and torchinfo.

Run from the repository root, on purpose, after changing a case or upgrading torch/torchinfo:

    PYTHONPATH=$PWD /tmp/i13-kinds-oracle/bin/python -m tests.oracle.regenerate_torch_corpus [CASE ...]

With no case named, every case is rewritten. tests/oracle/test_torch_corpus_oracle.py checks
that the files are exactly what torch and torchinfo give now.
"""

from __future__ import annotations

import sys

from tests.oracle.torch_corpus_truth import regenerate


def main(arguments: list[str]) -> int:
    """Regenerate the named cases (or all) and list the files written."""
    for path in regenerate(arguments or None):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
