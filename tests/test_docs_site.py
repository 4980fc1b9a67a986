"""The documentation as a whole: every ``$ lstmcalc ...`` example on a docs page is lstmcalc's real
output, README's relative links lead somewhere, every page is in the site's nav and linked from the
README, and ``mkdocs build --strict`` passes (where mkdocs is installed: the ``docs`` extra)."""

from __future__ import annotations

import re
import runpy
import shlex
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, as_torchinfo_prints_here
from tests.docs_pages import DOCS, doc_files, page, readme

#: Examples shown on purpose with an input other than the repository's own; the named test
#: builds that input and checks the block.
CHECKED_ELSEWHERE = {
    # A copy of the gesture classifier with 65 units: tests/test_ci_docs.py.
    ("reference/check.md", "check specs/gesture_classifier.yaml"),
}


def examples() -> list[tuple[str, str, str]]:
    """``(page, command, output)`` of every fenced block on a docs page that is one ``$ lstmcalc`` command
    and its output (a block with a second ``$`` line is a session, checked by its page's own test)."""
    found = []
    for name in ["README.md", *doc_files()]:
        text = readme() if name == "README.md" else page(name)
        for block in re.findall(r"^```\n(.*?)^```", text, flags=re.S | re.M):
            first, _, output = block.partition("\n")
            if first.startswith("$ lstmcalc ") and not re.search(r"^\$ ", output, flags=re.M):
                found.append((name, first.removeprefix("$ lstmcalc "), output))
    return found


EXAMPLES = examples()


def test_the_docs_have_their_examples():
    # A regular expression that stopped matching would make the test below pass on nothing.
    assert len(EXAMPLES) >= 20


@pytest.mark.parametrize(("where", "command", "output"), EXAMPLES, ids=[f"{e[0]}:{e[1]}" for e in EXAMPLES])
def test_every_example_is_the_real_output(run, monkeypatch, where, command, output):
    if (where, command) in CHECKED_ELSEWHERE:
        pytest.skip("shown with a changed input; checked by its own test")
    monkeypatch.chdir(ROOT)
    result = run(*shlex.split(command))
    shown = as_torchinfo_prints_here(output)  # the pages show Python 3.11's torchinfo unit
    assert (result.stdout or result.stderr) == shown, f"{where}: 'lstmcalc {command}' prints something else now"


def nav_pages(entries) -> list[str]:
    """The page paths of mkdocs.yml's ``nav``, in order."""
    pages = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        pages.extend(nav_pages(value) if isinstance(value, list) else [value])
    return pages


NAV = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]


def test_every_docs_page_is_in_the_nav_once():
    pages = nav_pages(NAV)
    assert sorted(pages) == doc_files()
    assert len(pages) == len(set(pages))


def test_the_nav_has_the_four_sections():
    assert [next(iter(entry)) for entry in NAV] == ["Home", "Learn", "Reference", "CI", "Internals"]


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading).strip().lower()
    kept = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LNM")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.S | re.M)
    return {github_slug(m) for m in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}


def readme_links() -> list[str]:
    text = re.sub(r"^```.*?^```", "", readme(), flags=re.S | re.M)
    return [link for link in re.findall(r"\]\(([^)\s]+)\)", text) if not re.match(r"[a-z]+:", link)]


@pytest.mark.parametrize("link", readme_links())
def test_readme_links_lead_somewhere(link):
    path, _, anchor = link.partition("#")
    target = (ROOT / path) if path else ROOT / "README.md"
    assert target.exists(), f"README.md links to {path}, which does not exist"
    if anchor:
        assert anchor in anchors(target), (
            f"README.md links to #{anchor}, which {path or 'README.md'} has no heading for"
        )


def test_readme_links_every_docs_page():
    linked = {link.partition("#")[0] for link in readme_links()}
    assert {f"docs/{name}" for name in nav_pages(NAV)} <= linked


def test_github_slugs_are_githubs():
    assert github_slug("What `units` means") == "what-units-means"
    assert github_slug("Compute and memory: `summary --stats`") == "compute-and-memory-summary---stats"
    assert github_slug("Why is my number different? `lstmcalc why`") == "why-is-my-number-different-lstmcalc-why"


def test_lowest_constraints_pin_every_extra():
    lowest = runpy.run_path(str(ROOT / ".ci" / "lowest_constraints.py"))["lowest_pins"]
    pins = lowest(["test", "docs", "lint", "oracle", "toml", "fuzz"])
    assert "mkdocs==1.6.0" in pins and "pytest==8" in pins


def test_mkdocs_builds_the_site_strictly(tmp_path):
    pytest.importorskip("mkdocs", reason="the docs extra is not installed (.ci/run builds the site)")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "pictures" / "lstm3_four_steps.svg").exists()


def test_docs_dir_holds_only_what_the_site_serves():
    # Pages, the pictures and the picture's spec; a stray file would be published as it is.
    allowed = {".md", ".svg", ".yaml"}
    assert {path.suffix for path in DOCS.rglob("*") if path.is_file()} <= allowed
