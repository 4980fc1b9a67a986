"""The documentation's text (README.md and the pages under docs/), for the tests that hold its
examples to lstmcalc's real output wherever the examples live."""

from __future__ import annotations

from tests.conftest import ROOT

DOCS = ROOT / "docs"


def readme() -> str:
    """README.md: what a newcomer reads first."""
    return (ROOT / "README.md").read_text(encoding="utf-8")


def page(*names: str) -> str:
    """The text of the docs pages ``names`` (paths under docs/, such as ``reference/why.md``), in that order."""
    return "\n".join((DOCS / name).read_text(encoding="utf-8") for name in names)


def doc_files() -> list[str]:
    """Every Markdown page under docs/, as a path relative to docs/, sorted."""
    return sorted(path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md"))


def all_docs() -> str:
    """README.md and every docs page, for an example whose exact page does not matter."""
    return "\n".join([readme(), page(*doc_files())])
