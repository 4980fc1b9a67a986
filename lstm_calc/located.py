"""Located data: the mappings and lists every reader builds, which know the line and column of
every key, value and item, so that any error about a spec points at what the user wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

    from lstm_calc.errors import Location
    from lstm_calc.optimizer_state import OptimizerSpec


class LocatedDict(dict["Any", "Any"]):  # quoted: typing is not imported at run time
    """A mapping from the spec that knows where it, its keys and its values stand."""

    location: Location
    key_locations: dict[Any, Location]
    value_locations: dict[Any, Location]
    #: Lines a code reader leaves for under the summary's table (a model's mapping only).
    notes: tuple[str, ...] = ()
    #: The optimizer a Keras reader found in a compiled model's ``compile_config`` (a model's mapping only).
    optimizer: OptimizerSpec | None = None
    #: A code reader's layers last called outside the model: (the layer's name, a model's spec whose last
    #: call of it is that call), for the shapes Keras's summary shows (a model's mapping only).
    later_calls: tuple[tuple[str, LocatedDict], ...] = ()

    def key_location(self, key: Any) -> Location:
        """Where ``key`` is written (the mapping itself if the key is absent)."""
        return self.key_locations.get(key, self.location)

    def value_location(self, key: Any) -> Location:
        """Where the value of ``key`` is written (the mapping itself if absent)."""
        return self.value_locations.get(key, self.location)


class LocatedList(list["Any"]):
    """A sequence from the spec that knows where it and each item stand."""

    location: Location
    item_locations: list[Location]


class LocatedTuple(LocatedList):
    """A tuple of code (``(6, 3)``): read as a list everywhere, but kept apart from one where Python keeps them
    apart (``[8] + (6, 3)`` is refused)."""


def new_located_dict(location: Location) -> LocatedDict:
    """An empty :class:`LocatedDict` standing at ``location``; fill it with :func:`put`."""
    mapping = LocatedDict()
    mapping.location = location
    mapping.key_locations = {}
    mapping.value_locations = {}
    return mapping


def put(mapping: LocatedDict, key: Any, value: Any, key_location: Location, value_location: Location) -> None:
    """Set ``key`` in ``mapping`` with where the key and its value are written."""
    mapping[key] = value
    mapping.key_locations[key] = key_location
    mapping.value_locations[key] = value_location


def new_located_list(
    location: Location, items: list[Any], item_locations: list[Location], kind: type[LocatedList] = LocatedList
) -> LocatedList:
    """A :class:`LocatedList` (or ``kind``, a :class:`LocatedTuple`) of ``items`` standing at ``location``, each
    item at its own location."""
    located = kind(items)
    located.location = location
    located.item_locations = list(item_locations)
    return located


def located_slice(items: list[Any] | tuple[Any, ...], taken: slice, location: Location) -> LocatedList:
    """``items[taken]`` as a new list standing at ``location``, each item where it stood in ``items`` (at
    ``location`` where ``items`` does not know)."""
    locations = getattr(items, "item_locations", [location] * len(items))
    kind = LocatedTuple if isinstance(items, (tuple, LocatedTuple)) else LocatedList
    return new_located_list(location, list(items[taken]), list(locations[taken]), kind)


def located_copy(data: Any) -> Any:
    """A copy of located data's mappings and lists, every location kept: what is later put into
    the original is not in the copy (values other than mappings and lists are shared)."""
    if isinstance(data, LocatedDict):
        copied = new_located_dict(data.location)
        for key, value in data.items():
            put(copied, key, located_copy(value), data.key_location(key), data.value_location(key))
        return copied
    if isinstance(data, LocatedList):
        return new_located_list(data.location, [located_copy(item) for item in data], data.item_locations, type(data))
    return data


def to_plain(data: Any) -> Any:
    """Located data as plain dicts and lists (for writing it out again).

    Iterative, like the loader, so any nesting the loader accepts converts. A value that
    aliases share is copied at each use, so that the YAML written has no anchors.
    """
    root: list[Any] = [None]
    # (located value, the plain container to fill in, the key or index to set)
    stack: list[tuple[Any, Any, Any]] = [(data, root, 0)]
    while stack:
        value, parent, slot = stack.pop()
        if isinstance(value, dict):
            plain: Any = dict.fromkeys(value)
            stack.extend((item, plain, key) for key, item in value.items())
            value = plain
        elif isinstance(value, list):
            plain = [None] * len(value)
            stack.extend((item, plain, index) for index, item in enumerate(value))
            value = plain
        parent[slot] = value
    return root[0]


def located_value(value: Any, location: Location) -> Any:
    """A --set value as located data, every part of it at the expression it replaces."""
    if isinstance(value, list):
        return new_located_list(location, [located_value(item, location) for item in value], [location] * len(value))
    return value
