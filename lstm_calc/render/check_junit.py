"""``check`` as JUnit XML, one test case per spec, for CI systems that show test reports (GitLab, Jenkins)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from lstm_calc.budget import INVALID, OVER_BUDGET
from lstm_calc.render.check_text import error_line, failure_line

if TYPE_CHECKING:
    from lstm_calc.budget import CheckReport

SUITE_NAME = "lstmcalc check"
# XML 1.0 cannot hold these characters at all, escaped or not.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def render_check_junit(report: CheckReport) -> str:
    """A ``<testsuites>`` document: a spec over budget is a ``<failure>``, an invalid spec an ``<error>``."""
    counts = {
        "tests": str(len(report.specs)),
        "failures": str(report.count(OVER_BUDGET)),
        "errors": str(report.count(INVALID)),
    }
    suites = ET.Element("testsuites", {"name": SUITE_NAME, **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": SUITE_NAME, **counts, "skipped": "0"})
    for spec in report.specs:
        name = _text(spec.file)
        case = ET.SubElement(suite, "testcase", {"classname": "lstmcalc", "name": name, "file": name})
        if spec.error is not None:
            problem = ET.SubElement(case, "error", {"type": "invalid spec", "message": _text(spec.error.message)})
            problem.text = _text(error_line(spec))
        elif spec.failures:
            first = spec.failures[0]
            problem = ET.SubElement(case, "failure", {"type": "over budget", "message": _text(first.message)})
            problem.text = _text("\n".join(failure_line(spec, outcome) for outcome in spec.failures))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
