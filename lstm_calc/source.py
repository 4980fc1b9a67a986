"""Load a YAML spec safely, keeping the file position of every key and value.

Only plain data is built (mappings, lists, strings, numbers, booleans, null);
any other YAML tag is an error, so no Python object is ever constructed.
"""

from __future__ import annotations

from typing import Any

import yaml

from lstm_calc.errors import Location, SpecError

try:  # the libyaml parser is much faster and still records line and column
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Aliases let a tiny document stand for an enormous one; stop expanding past this.
MAX_NODES = 200_000

_PLAIN_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_MERGE_TAG = "tag:yaml.org,2002:merge"


class LocatedDict(dict):
    """A mapping from the spec that knows where it, its keys and its values stand."""

    location: Location
    key_locations: dict[Any, Location]
    value_locations: dict[Any, Location]

    def key_location(self, key: Any) -> Location:
        """Where ``key`` is written (the mapping itself if the key is absent)."""
        return self.key_locations.get(key, self.location)

    def value_location(self, key: Any) -> Location:
        """Where the value of ``key`` is written (the mapping itself if absent)."""
        return self.value_locations.get(key, self.location)


class LocatedList(list):
    """A sequence from the spec that knows where it and each item stand."""

    location: Location
    item_locations: list[Location]


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


def new_located_list(location: Location, items: list, item_locations: list[Location]) -> LocatedList:
    """A :class:`LocatedList` of ``items`` standing at ``location``, each item at its own location."""
    located = LocatedList(items)
    located.location = location
    located.item_locations = list(item_locations)
    return located


def to_plain(data: Any) -> Any:
    """Located data as plain dicts and lists (for writing it out again)."""
    if isinstance(data, dict):
        return {key: to_plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [to_plain(item) for item in data]
    return data


def load_spec_text(text: str, filename: str) -> Any:
    """Parse one YAML document into plain located data; raise :class:`SpecError` on anything else."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc):
            problem = "a spec file holds one YAML document; remove the extra '---' documents"
        elif "expected ',' or ']'" in problem:
            problem += " (inside [...], quote a reference such as \"encoder[1]\", or write the list one item a line)"
        raise SpecError(problem, _location(filename, mark)) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"invalid YAML: {exc}", Location(filename, 1, 1)) from None
    if root is None:
        raise SpecError("the spec is empty; it needs at least 'input' and 'layers'", Location(filename, 1, 1))
    return _Builder(filename).build(root)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _location(filename: str, mark: Any) -> Location:
    if mark is None:
        return Location(filename, 1, 1)
    return Location(filename, mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a composed node tree into located plain data, iteratively and with a node budget."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.constructor = yaml.constructor.SafeConstructor()
        self.nodes_seen = 0

    def build(self, root: yaml.Node) -> Any:
        # An explicit stack instead of recursion: a deeply nested document must not
        # exhaust Python's recursion limit.
        result_holder: list[Any] = [None]
        stack: list[tuple[yaml.Node, Any, Any]] = [(root, result_holder, 0)]
        while stack:
            node, parent, slot = stack.pop()
            value = self._shallow(node, stack)
            if isinstance(parent, list):
                parent[slot] = value
            else:
                dict.__setitem__(parent, slot, value)
        return result_holder[0]

    def _shallow(self, node: yaml.Node, stack: list) -> Any:
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            raise SpecError(
                f"the document expands to more than {MAX_NODES:,} YAML nodes "
                "(are anchors and aliases nested into each other?)",
                self.loc(node),
            )
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        self._refuse_foreign_tag(node)
        if isinstance(node, yaml.SequenceNode):
            items = LocatedList([None] * len(node.value))
            items.location = self.loc(node)
            items.item_locations = [self.loc(child) for child in node.value]
            for index, child in enumerate(node.value):
                stack.append((child, items, index))
            return items
        return self._mapping(node, stack)

    def _mapping(self, node: yaml.MappingNode, stack: list) -> LocatedDict:
        mapping = LocatedDict()
        mapping.location = self.loc(node)
        mapping.key_locations = {}
        mapping.value_locations = {}
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.extend(self._merge_sources(value_node))
                continue
            self._add_pair(mapping, key_node, value_node, stack, duplicates_allowed=False)
        # '<<: *defaults' fills in only the keys the mapping does not set itself.
        for key_node, value_node in merged:
            self._add_pair(mapping, key_node, value_node, stack, duplicates_allowed=True)
        return mapping

    def _merge_sources(self, value_node: yaml.Node) -> list[tuple[yaml.Node, yaml.Node]]:
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise SpecError("'<<' merges mappings only: give it an alias of a mapping", self.loc(source))
            self.nodes_seen += len(source.value)
            if self.nodes_seen > MAX_NODES:
                raise SpecError(f"the document expands to more than {MAX_NODES:,} YAML nodes", self.loc(source))
            pairs.extend(source.value)
        return pairs

    def _add_pair(self, mapping: LocatedDict, key_node, value_node, stack, duplicates_allowed: bool) -> None:
        if not isinstance(key_node, yaml.ScalarNode):
            raise SpecError("mapping keys must be plain names", self.loc(key_node))
        key = self._scalar(key_node)
        if key in mapping.key_locations:
            if duplicates_allowed:
                return
            first = mapping.key_locations[key]
            raise SpecError(
                f"duplicate key '{key}' (first set at line {first.line}); keep only one",
                self.loc(key_node),
            )
        mapping.key_locations[key] = self.loc(key_node)
        mapping.value_locations[key] = self.loc(value_node)
        dict.__setitem__(mapping, key, None)
        stack.append((value_node, mapping, key))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        self._refuse_foreign_tag(node)
        return self.constructor.construct_object(node)

    def _refuse_foreign_tag(self, node: yaml.Node) -> None:
        if node.tag not in _PLAIN_TAGS:
            raise SpecError(
                f"YAML tag '{_short_tag(node.tag)}' is not allowed in a spec; only plain values "
                "(strings, numbers, booleans, null, lists and mappings) are read",
                self.loc(node),
            )

    def loc(self, node: yaml.Node) -> Location:
        return _location(self.filename, node.start_mark)
