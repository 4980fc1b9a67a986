"""lstm_calc.records.record makes what collections.namedtuple makes, only quicker to define."""

from __future__ import annotations

import copy
import pickle
from collections import namedtuple

import pytest

from lstm_calc import records
from lstm_calc.records import record

DEFINITIONS = [
    ("Location", ("file", "line", "column"), ()),
    ("Amount", ("fixed", "per_step"), (0, 0)),
    ("Found", ("name", "identity", "error", "named"), (None, None, False)),
    ("CheckReport", ("specs",), ()),
    ("Candidate", ("target", "name", "location", "used"), (False,)),
    # The most fields whose __new__ comes compiled with lstm_calc.records, and one more.
    ("Sixteen", tuple(f"field_{index}" for index in range(16)), (None,) * 3),
    ("Seventeen", tuple(f"field_{index}" for index in range(17)), ()),
]
IDS = [name for name, _, _ in DEFINITIONS]

#: Module-level, so that pickle finds it by name as it finds a record of lstm_calc.
Pair = record("Pair", ("left", "right"), defaults=(None,))


def _both(name, fields, defaults):
    return record(name, fields, defaults=defaults), namedtuple(name, fields, defaults=defaults)


def _values(fields):
    return tuple(f"value of {field}" for field in fields)


@pytest.mark.parametrize(("name", "fields", "defaults"), DEFINITIONS, ids=IDS)
def test_the_class_is_namedtuples(name, fields, defaults):
    ours, theirs = _both(name, fields, defaults)
    assert issubclass(ours, tuple)
    assert ours.__name__ == theirs.__name__ == name
    assert ours.__module__ == theirs.__module__ == __name__
    assert ours._fields == theirs._fields == ours.__match_args__ == theirs.__match_args__
    assert ours._field_defaults == theirs._field_defaults
    assert ours.__doc__ == theirs.__doc__
    assert ours.__new__.__doc__ == theirs.__new__.__doc__
    assert ours.__new__.__defaults__ == theirs.__new__.__defaults__
    assert [getattr(ours, field).__doc__ for field in fields] == [getattr(theirs, field).__doc__ for field in fields]


@pytest.mark.parametrize(("name", "fields", "defaults"), DEFINITIONS, ids=IDS)
def test_an_instance_behaves_as_namedtuples(name, fields, defaults):
    ours, theirs = _both(name, fields, defaults)
    values = _values(fields)
    mine, other = ours(*values), theirs(*values)
    assert mine == other and hash(mine) == hash(other) and tuple(mine) == values
    assert repr(mine) == repr(other)
    assert [getattr(mine, field) for field in fields] == list(values)
    assert mine._asdict() == other._asdict()
    assert mine._replace(**{fields[0]: 1}) == other._replace(**{fields[0]: 1})
    assert type(mine._replace(**{fields[0]: 1})) is ours
    assert ours._make(values) == mine and type(ours._make(values)) is ours
    assert ours(**dict(zip(fields, values))) == mine
    assert copy.copy(mine) == mine and copy.deepcopy(mine) == mine
    required = len(fields) - len(defaults)
    assert ours(*values[:required]) == theirs(*values[:required])


@pytest.mark.parametrize(("name", "fields", "defaults"), DEFINITIONS, ids=IDS)
def test_the_same_mistakes_raise_the_same_errors(name, fields, defaults):
    ours, theirs = _both(name, fields, defaults)
    values = _values(fields)
    for make in (lambda cls: cls(*values, "one too many"), lambda cls: cls(unknown=1)):
        with pytest.raises(TypeError) as mine:
            make(ours)
        with pytest.raises(TypeError) as other:
            make(theirs)
        assert str(mine.value) == str(other.value)
    for make in (lambda cls: cls._make(values[:-1]), lambda cls: cls(*values)._replace(unknown=1)):
        with pytest.raises((TypeError, ValueError)) as mine:
            make(ours)
        with pytest.raises((TypeError, ValueError)) as other:
            make(theirs)
        assert (type(mine.value), str(mine.value)) == (type(other.value), str(other.value))


def test_a_subclass_keeps_its_own_name_and_methods():
    class Location(record("Location", ("file", "line", "column"))):
        __slots__ = ()

        def __str__(self):
            return f"{self.file}:{self.line}:{self.column}"

    location = Location("spec.yaml", 3, 5)
    assert str(location) == "spec.yaml:3:5"
    assert repr(location) == "Location(file='spec.yaml', line=3, column=5)"
    assert not hasattr(location, "__dict__")
    assert type(location._replace(line=4)) is Location


def test_pattern_matching_reads_the_fields_in_order():
    match Pair(1, 2):
        case Pair(left, right):
            assert (left, right) == (1, 2)
        case _:
            pytest.fail("a record did not match its own class pattern")


def test_a_record_pickles():
    assert pickle.loads(pickle.dumps(Pair(1, [2]))) == Pair(1, [2])


def test_more_defaults_than_fields_is_refused():
    with pytest.raises(TypeError, match="more default values than field names"):
        record("Broken", ("only",), defaults=(1, 2))


def test_records_of_up_to_sixteen_fields_compile_nothing_at_run_time(monkeypatch):
    def compile_refused(*args, **kwargs):
        raise AssertionError("compile() called")

    monkeypatch.setattr("lstm_calc.records.compile", compile_refused, raising=False)
    monkeypatch.delitem(records._NEW_CODE, 17, raising=False)  # made by an earlier test
    for count in range(1, 17):
        fields = tuple(f"field_{index}" for index in range(count))
        made, expected = _both(f"Record{count}", fields, ())
        assert made(*_values(fields)) == expected(*_values(fields))
    with pytest.raises(AssertionError, match="compile"):
        record("Seventeen", tuple(f"field_{index}" for index in range(17)))
