"""Print pip constraints pinning every direct dependency of pyproject.toml to its lowest allowed version.

    python .ci/lowest_constraints.py test > lowest.txt
    pip install -c lowest.txt -e '.[test]'

Only ``>=`` and ``==`` lower bounds (optionally followed by a ``,<`` upper bound) are
understood; anything else is an error, so a bound this script cannot pin is noticed rather
than silently tested at its newest version.
Runs on the standard library alone (it parses the two arrays it needs, not all of TOML,
so it also runs on Python 3.10, which has no tomllib).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
# An upper bound after the lower one (`mkdocs>=1.6.0,<1.7`) is allowed and does not change the pin.
REQUIREMENT = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(>=|==)\s*([0-9][0-9A-Za-z.]*)\s*"
    r"(?:,\s*<\s*[0-9][0-9A-Za-z.]*\s*)?(;.*)?$"
)


def array(text: str, header: str) -> list[str]:
    """The quoted strings of the TOML array ``header = [...]`` (comments ignored)."""
    match = re.search(rf"^{re.escape(header)}\s*=\s*\[(.*?)^\]", text, re.DOTALL | re.MULTILINE)
    if match is None:
        raise SystemExit(f"{PYPROJECT.name}: no array {header!r}")
    body = "\n".join(line.split("#", 1)[0] for line in match.group(1).splitlines())
    return re.findall(r'"([^"]+)"', body)


def lowest_pins(extras: list[str]) -> list[str]:
    text = PYPROJECT.read_text(encoding="utf-8")
    requirements = array(text, "dependencies")
    for extra in extras:
        requirements += array(text, extra)
    pins = []
    for requirement in requirements:
        match = REQUIREMENT.match(requirement.strip())
        if match is None:
            raise SystemExit(f"{PYPROJECT.name}: cannot pin the lowest version of {requirement!r}")
        name, _, version, marker = match.groups()
        # An environment marker (tomli only on Python 3.10) stays with its pin.
        pins.append(f"{name}=={version}{marker or ''}")
    return pins


if __name__ == "__main__":
    print("\n".join(lowest_pins(sys.argv[1:])))
