"""What ``lstmcalc params KIND`` and ``explain KIND`` take for a layer kind that has a formula."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class QuickOptions:
    """A kind's quick-command options (named after its arguments), and the one ``--max-params`` solves for."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    solves_for: str
    #: Options that only one convention has, and which.
    conventions: dict[str, str] = field(default_factory=dict)
