"""Named tuples defined without compiling source text each time: :func:`record`.

``collections.namedtuple`` compiles the text of every record's ``__new__`` and makes a fresh
set of methods for it: about 60 µs a record, and a start defines two dozen of them (about
2% of a 60 ms start). Here ``__new__`` is compiled once for each number of fields (with this
module, up to 16) and given each record's field names, and the other methods are shared. A
record is what namedtuple makes: a tuple subclass with the same fields, defaults, ``_fields``,
``_field_defaults``, ``_make``, ``_replace``, ``_asdict``, ``__match_args__``, repr, equality,
hashing and pickling (tests/test_records.py holds the two alike).
"""

from __future__ import annotations

import sys
from types import FunctionType
from typing import TYPE_CHECKING

try:  # the C descriptor namedtuple reads its fields with (CPython's, private: no type stub)
    from _collections import _tuplegetter  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - another Python than CPython
    from operator import itemgetter

    def _tuplegetter(index: int, doc: str) -> Any:
        return property(itemgetter(index), doc=doc)


if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import CodeType
    from typing import Any

#: What namedtuple's _replace raises for a field it does not have (TypeError since Python 3.13).
_UNEXPECTED_FIELD = TypeError if sys.version_info >= (3, 13) else ValueError
_tuple_new = tuple.__new__
#: ``__new__``'s code for each number of fields, its parameters still named _0, _1...: compiled with
#: this module up to 16 fields (compile() at run time is about 35 µs a call, and a start makes records
#: of ten sizes), at run time beyond.
_NEW_CODE: dict[int, CodeType] = {
    new.__code__.co_argcount - 1: new.__code__.replace(co_name="__new__")
    for new in (
        lambda _cls, _0: _tuple_new(_cls, (_0,)),
        lambda _cls, _0, _1: _tuple_new(_cls, (_0, _1)),
        lambda _cls, _0, _1, _2: _tuple_new(_cls, (_0, _1, _2)),
        lambda _cls, _0, _1, _2, _3: _tuple_new(_cls, (_0, _1, _2, _3)),
        lambda _cls, _0, _1, _2, _3, _4: _tuple_new(_cls, (_0, _1, _2, _3, _4)),
        lambda _cls, _0, _1, _2, _3, _4, _5: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9)),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10)
        ),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11)
        ),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12)
        ),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13)
        ),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14)
        ),
        lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15: _tuple_new(
            _cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15)
        ),
    )
}


class _Record(tuple):  # type: ignore[type-arg]
    """What every record shares: the methods namedtuple writes afresh for each one."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> Any:
        """A record from a sequence or iterable of its field values."""
        result = tuple.__new__(cls, iterable)
        if len(result) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")
        return result

    def _replace(self, /, **changes: Any) -> Any:
        """A new record with the given fields replaced by new values."""
        result = self._make(map(changes.pop, self._fields, self))
        if changes:
            raise _UNEXPECTED_FIELD(f"Got unexpected field names: {list(changes)!r}")
        return result

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"{self.__class__.__name__}({fields})"

    def _asdict(self) -> dict[str, Any]:
        """A new dict mapping field names to their values."""
        return dict(zip(self._fields, self))

    def __getnewargs__(self) -> tuple[Any, ...]:
        return tuple(self)


def record(typename: str, field_names: tuple[str, ...], *, defaults: tuple[Any, ...] = ()) -> Any:
    """A new tuple subclass named ``typename`` with ``field_names``, as ``collections.namedtuple`` makes it.

    ``defaults`` apply to the rightmost fields. Field names are the caller's own identifiers
    (no renaming, no checking of keywords): a mistake there fails at import in every test.
    """
    count = len(field_names)
    if len(defaults) > count:
        raise TypeError("Got more default values than field names")
    code = _NEW_CODE.get(count)
    if code is None:
        parameters = ", ".join(f"_{index}" for index in range(count))
        source = f"def __new__(_cls, {parameters}): return _tuple_new(_cls, ({parameters},))"
        code = _NEW_CODE[count] = compile(source, "<record>", "exec").co_consts[0]
    new = FunctionType(
        code.replace(co_varnames=("_cls", *field_names)),
        {"_tuple_new": _tuple_new},
        "__new__",
        defaults,
    )
    arguments = ", ".join(field_names) + ("," if count == 1 else "")
    new.__qualname__ = f"{typename}.__new__"
    new.__doc__ = f"Create new instance of {typename}({arguments})"
    namespace: dict[str, Any] = {
        "__doc__": f"{typename}({arguments})",
        "__slots__": (),
        "_fields": field_names,
        "_field_defaults": dict(zip(field_names[count - len(defaults) :], defaults)) if defaults else {},
        "__new__": new,
        "__match_args__": field_names,
        "__module__": sys._getframe(1).f_globals.get("__name__", "__main__"),
    }
    for index, name in enumerate(field_names):
        namespace[name] = _tuplegetter(index, f"Alias for field number {index}")
    return type(typename, (_Record,), namespace)
