"""What ``lstmcalc params KIND`` and ``explain KIND`` take for a layer kind that has a formula."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple


class QuickOptions(NamedTuple):
    """A kind's quick-command options (named after its arguments), and the one ``--max-params`` solves for."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    solves_for: str
    #: Options that only one convention has, and which.
    conventions: Mapping[str, str] = MappingProxyType({})
