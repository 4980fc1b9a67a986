"""Load a YAML spec safely, keeping the file position of every key and value.

Only plain data is built (mappings, lists, strings, numbers, booleans, null);
any other YAML tag is an error, so no Python object is ever constructed.

The data is built straight from the parser's events with an explicit stack: the
cost is linear in the spec's size, and no nesting can exhaust a stack (neither
Python's recursion limit nor the C stack of PyYAML's own composer). An alias
shares the value its anchor built instead of copying it, and what aliases add to
the document is counted against a budget, so a "billion laughs" costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import yaml
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from lstm_calc.arguments import _describe
from lstm_calc.errors import Location, SpecError
from lstm_calc.located import LocatedDict, LocatedList
from lstm_calc.scalars import MERGE, foreign_tag_message, scalar_value

if TYPE_CHECKING:
    from typing import Any

try:  # the libyaml parser is much faster and still records line and column
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Aliases let a tiny document stand for an enormous one: what they add may not pass this.
MAX_NODES = 200_000
#: Lists and mappings nested deeper than this are refused; a spec needs a handful of levels,
#: wrappers a few hundred. Levels are counted as libyaml counts them, each [ ], { } and indented
#: list or mapping (a list written at its key's indentation is none), since the libyaml that
#: PyYAML 6.0.4 bundles refuses more than 1,000 with an error of its own.
MAX_DEPTH = 1_000
#: libyaml refuses an indented list or mapping as the 1,000th level; refusing the 999th instead
#: makes this check come first, at the same place and in the same words on every PyYAML.
MAX_BLOCK_DEPTH = MAX_DEPTH - 2
_TOO_DEEP = f"lists and mappings nest more than {MAX_DEPTH:,} deep here; a spec needs only a few levels"
_BLOCK_TOO_DEEP = (
    f"indented lists and mappings nest more than {MAX_BLOCK_DEPTH:,} deep here; a spec needs only a few levels"
)
#: libyaml spends time on every token in proportion to how many [ ] and { } enclose it, so
#: the sum of that depth over the document is bounded: ~0.1 s of such work at most. A spec
#: written in JSON at the 8 MiB limit needs under 5,000,000; 1,000 levels of wrappers ~2,500,000.
MAX_FLOW_WORK = 20_000_000
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}

# Characters YAML 1.1 allows in a document. libyaml would stop silently at a NUL and
# report others without a line, so they are found, and located, before parsing.
# PyYAML's own pattern for them is reused: compiling that character class takes 14 ms.
_UNREADABLE = yaml.reader.Reader.NON_PRINTABLE


def load_spec_text(text: str, filename: str) -> Any:
    """Parse one YAML document into plain located data; raise :class:`SpecError` on anything else."""
    unreadable = _UNREADABLE.search(text)
    if unreadable:
        from lstm_calc.source_lines import position  # only errors need positions

        char = unreadable.group()
        raise SpecError(
            f"YAML does not allow the character U+{ord(char):04X} ({char!r}) in a spec; remove it",
            Location(filename, *position(text, unreadable.start())),
        )
    loader = _Loader(text)
    try:
        return _Builder(loader, filename).build()
    except yaml.MarkedYAMLError as exc:
        raise SpecError(_parser_problem(exc, text), _location(filename, exc.problem_mark or exc.context_mark)) from None
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SpecError(f"invalid YAML: {first_line}", Location(filename, 1, 1)) from None
    finally:
        loader.dispose()


def _parser_problem(exc: yaml.MarkedYAMLError, text: str) -> str:
    problem = exc.problem or exc.context or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    if problem == "exceeded maximum nesting depth":
        # libyaml's own limit, met while reading ahead: a [ or { at level 1,001 (where this
        # module's check would stand too), or an indented level that check refuses earlier.
        return _BLOCK_TOO_DEEP if exc.context == "while increasing block level" else _TOO_DEEP
    if problem == "found character that cannot start any token" and mark is not None:
        from lstm_calc.source_lines import line_text

        if line_text(text, mark.line + 1)[mark.column : mark.column + 1] == "\t":
            return "found a tab where YAML expects indentation or a value; indent with spaces, not tabs"
    if "expected ',' or ']'" in problem:
        problem += ' (inside [...], quote a reference such as "encoder[1]", or write the list one item a line)'
    return problem


def _location(filename: str, mark: Any) -> Location:
    if mark is None:
        return Location(filename, 1, 1)
    return Location(filename, mark.line + 1, mark.column + 1)


_NO_KEY = object()
_OPEN = object()


class _Frame:
    """A list or mapping being built; for a mapping, the key waiting for its value."""

    __slots__ = ("value", "anchor", "flow", "level", "size", "key", "key_location", "merges")

    def __init__(self, value: Any, anchor: str | None, flow: bool, level: bool) -> None:
        self.value = value
        self.anchor = anchor
        self.flow = flow
        #: Whether the collection is a level of nesting as libyaml counts them (see MAX_DEPTH).
        self.level = level
        #: How many nodes the collection stands for with every alias in it expanded.
        self.size = 1
        self.key: Any = _NO_KEY
        self.key_location: Location | None = None
        self.merges: list[LocatedDict] = []


#: Resolved plain scalars, kept across documents: 'lstmcalc check' reads thousands of specs that
#: repeat the same keys and values, and resolving each anew (PyYAML's regular expressions) costs
#: more than the rest of reading. Values are immutable; the table is cleared if it grows large.
_SCALARS: dict[tuple[str | None, str, tuple[bool, bool]], Any] = {}
_MAX_CACHED_SCALARS = 50_000


class _Builder:
    """Turns the parser's events for one document into located plain data."""

    def __init__(self, loader: Any, filename: str) -> None:
        self.loader = loader
        self.filename = filename
        #: anchor name -> (value, expanded size), or _OPEN while its collection is being built.
        self.anchors: dict[str, Any] = {}
        self.anchor_locations: dict[str, Location] = {}
        self.added_by_aliases = 0
        if len(_SCALARS) > _MAX_CACHED_SCALARS:
            _SCALARS.clear()
        self.scalars = _SCALARS

    def build(self) -> Any:
        get_event = self.loader.get_event
        get_event()  # StreamStartEvent
        if isinstance(get_event(), StreamEndEvent):
            raise SpecError("the spec is empty; it needs at least 'input' and 'layers'", Location(self.filename, 1, 1))
        root = self._document(get_event)
        get_event()  # DocumentEndEvent
        after = get_event()
        if not isinstance(after, StreamEndEvent):
            raise SpecError("a spec file holds one YAML document; remove the extra '---' documents", self.loc(after))
        return root

    def _document(self, get_event: Any) -> Any:
        stack: list[_Frame] = []
        levels = 0
        flow_depth = 0
        flow_work = 0
        while True:
            event = get_event()
            kind = type(event)
            flow_work += flow_depth
            if flow_work > MAX_FLOW_WORK:
                raise SpecError(
                    "[ ] and { } collections nest too deep for all they hold; "
                    "write the outer levels in block style, one item per line",
                    self.loc(event),
                )
            if kind is ScalarEvent:
                value = self._scalar(event)
                size = 1
                location = self.loc(event)
                if event.anchor is not None:
                    self._define_anchor(event.anchor, location, (value, size))
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                stack.append(self._open(event, kind is MappingStartEvent, stack[-1] if stack else None, levels))
                levels += stack[-1].level
                flow_depth += stack[-1].flow
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                levels -= frame.level
                flow_depth -= frame.flow
                value, size = frame.value, frame.size
                location = value.location
                if frame.merges:
                    self._merge(value, frame.merges)
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (value, size)
            else:  # AliasEvent
                location = self.loc(event)
                value, size = self._alias(event, location)
            if not stack:
                if value is MERGE:
                    raise SpecError("'<<' is YAML's merge key; quote it to use it as text", location)
                return value
            self._add(stack[-1], value, size, location)

    def _open(self, event: Any, is_mapping: bool, parent: _Frame | None, levels: int) -> _Frame:
        location = self.loc(event)
        flow = bool(event.flow_style)
        # A block list at the column of the block mapping holding it ("key:\n- item") opens
        # no indentation, so libyaml does not count it.
        level = not (
            not flow
            and not is_mapping
            and parent is not None
            and not parent.flow
            and type(parent.value) is LocatedDict
            and parent.value.location.column == location.column
        )
        if level and levels >= (MAX_DEPTH if flow else MAX_BLOCK_DEPTH):
            raise SpecError(_TOO_DEEP if flow else _BLOCK_TOO_DEEP, location)
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _COLLECTION_TAGS:
            raise SpecError(foreign_tag_message(tag), location)
        if is_mapping:
            value: Any = LocatedDict()
            value.key_locations = {}
            value.value_locations = {}
        else:
            value = LocatedList()
            value.item_locations = []
        value.location = location
        if event.anchor is not None:
            self._define_anchor(event.anchor, location, _OPEN)
        return _Frame(value, event.anchor, flow, level)

    def _add(self, frame: _Frame, value: Any, size: int, location: Location) -> None:
        frame.size += size
        container = frame.value
        if type(container) is LocatedList:
            if value is MERGE:
                raise SpecError("'<<' is YAML's merge key; quote it to use it as text", location)
            container.append(value)
            container.item_locations.append(location)
            return
        key = frame.key
        if key is _NO_KEY:
            self._take_key(frame, value, location)
        elif key is MERGE:
            frame.merges.extend(self._merge_sources(value, location))
            frame.key = _NO_KEY
        else:
            if value is MERGE:
                raise SpecError("'<<' is YAML's merge key; quote it to use it as text", location)
            dict.__setitem__(container, key, value)
            container.key_locations[key] = frame.key_location
            container.value_locations[key] = location
            frame.key = _NO_KEY

    def _take_key(self, frame: _Frame, key: Any, location: Location) -> None:
        if key is not MERGE:
            if type(key) is not str:
                raise SpecError(
                    f"a key must be a name, not {_describe(key, 'key')} (quote it if it is a name)", location
                )
            if key in frame.value.key_locations:
                first = frame.value.key_locations[key]
                raise SpecError(f"duplicate key '{key}' (first set at line {first.line}); keep only one", location)
        frame.key = key
        frame.key_location = location

    def _merge_sources(self, value: Any, location: Location) -> list[LocatedDict]:
        if isinstance(value, LocatedList):
            sources = list(zip(value, value.item_locations))
        else:
            sources = [(value, location)]
        for source, source_location in sources:
            if not isinstance(source, LocatedDict):
                raise SpecError("'<<' merges mappings only: give it an alias of a mapping", source_location)
        return [source for source, _ in sources]

    def _merge(self, mapping: LocatedDict, sources: list[LocatedDict]) -> None:
        # '<<: *defaults' fills in only the keys the mapping does not set itself; the
        # first source that sets a key wins, as in PyYAML.
        for source in sources:
            for key, value in source.items():
                if key not in mapping:
                    dict.__setitem__(mapping, key, value)
                    mapping.key_locations[key] = source.key_locations[key]
                    mapping.value_locations[key] = source.value_locations[key]

    def _define_anchor(self, anchor: str, location: Location, value: Any) -> None:
        if anchor in self.anchor_locations:
            first = self.anchor_locations[anchor]
            raise SpecError(
                f"duplicate anchor '&{anchor}' (first defined at line {first.line}); give each anchor its own name",
                location,
            )
        self.anchor_locations[anchor] = location
        self.anchors[anchor] = value

    def _alias(self, event: Any, location: Location) -> tuple[Any, int]:
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            raise SpecError(f"alias '*{event.anchor}' has no anchor '&{event.anchor}' before it", location)
        if anchored is _OPEN:
            raise SpecError(
                f"alias '*{event.anchor}' is inside the very list or mapping it names; a spec cannot contain itself",
                location,
            )
        value, size = anchored
        self.added_by_aliases += size
        if self.added_by_aliases > MAX_NODES:
            raise SpecError(
                f"the document expands to more than {MAX_NODES:,} YAML nodes through its aliases "
                "(are anchors and aliases nested into each other?)",
                location,
            )
        return value, size

    def _scalar(self, event: Any) -> Any:
        key = (event.tag, event.value, event.implicit)
        try:
            return self.scalars[key]
        except KeyError:
            pass
        value = scalar_value(self.loader.resolve, event.tag, event.value, event.implicit, self.loc(event))
        self.scalars[key] = value
        return value

    def loc(self, event: Any) -> Location:
        mark = event.start_mark
        return Location(self.filename, mark.line + 1, mark.column + 1)
