"""Records read by their fields' names only: a dataclass's or a ``typing.NamedTuple``'s instance, an
``argparse.Namespace``. The readers hold one as a dict (so that a change in place makes it unknown, as it
makes a list or dict unknown), but Python gives most such records no ``len``, item, iteration or dict
method: the evaluator reads only their attributes, and asks for anything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any, TypeGuard


class FieldRecord(dict):  # type: ignore[type-arg]
    """A record of named fields, each read as an attribute (``config.hidden``), never as a dict's item."""


def is_mapping(value: object) -> TypeGuard[dict[Any, Any]]:
    """Whether ``value`` is a dict whose items, length and keys Python gives (not a :class:`FieldRecord`)."""
    return isinstance(value, dict) and not isinstance(value, FieldRecord)
