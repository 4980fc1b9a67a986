"""Build a model from plain Python data (``{"input": {"shape": [None, 80]}, "layers": [...]}``).

The quick commands (``params``, ``explain``) and library users describe a model as a
mapping rather than YAML text. It is checked by the same spec reader as a file, so it
is refused or accepted exactly as the same spec written in YAML would be. A mapping
has no lines: every location is line 1, column 1 of ``name``, and errors say which key
(``layers[0].units``) is at fault.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lstm_calc.errors import Location
from lstm_calc.located import new_located_dict, new_located_list, put
from lstm_calc.spec import parse_model_spec
from lstm_calc.spec_records import ModelSpec

#: The name a model built from a mapping goes by in messages.
MAPPING_NAME = "<mapping>"


def model_from_mapping(data: Mapping[str, Any], name: str = MAPPING_NAME, framework: str | None = None) -> ModelSpec:
    """The checked model ``data`` describes, as :func:`lstm_calc.spec.parse_model_spec` checks a spec file.

    Tuples read as lists, as a YAML sequence would; ``framework`` overrides the mapping's own.
    """
    return parse_model_spec(located(data, Location(name, 1, 1)), name, framework)


def located(data: Any, location: Location) -> Any:
    """Plain dicts, lists and tuples as the located data the spec reader takes, every part at ``location``.

    Iterative, as the YAML loader is, so that any nesting converts without recursion.
    """
    root: list[Any] = [None]
    # (plain value, the located container to fill in, the key or index to set)
    stack: list[tuple[Any, Any, Any]] = [(data, root, 0)]
    while stack:
        value, parent, slot = stack.pop()
        if isinstance(value, Mapping):
            mapping = new_located_dict(location)
            for key, item in value.items():
                put(mapping, key, None, location, location)
                stack.append((item, mapping, key))
            value = mapping
        elif isinstance(value, (list, tuple)):
            sequence = new_located_list(location, [None] * len(value), [location] * len(value))
            stack.extend((item, sequence, index) for index, item in enumerate(value))
            value = sequence
        parent[slot] = value
    return root[0]
