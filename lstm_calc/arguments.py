"""Declared layer arguments: their names, defaults and the checks Keras applies to their values."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, cast

from lstm_calc.records import record
from lstm_calc.sizes import SIZE_UNITS, parse_size

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NamedTuple, Protocol

    class Check(Protocol):
        """A check returns ``None`` for a good value, or what was wrong with it.

        ``json_schema`` is the JSON Schema of the values it accepts (see :func:`json_schema`).
        A check may also have a ``normalize`` function, read with ``getattr``.
        """

        json_schema: dict[str, Any]

        def __call__(self, value: Any, /) -> str | None: ...


REQUIRED = object()

#: Integers are exact, but beyond this many digits Python cannot even print their products.
MAX_INTEGER_DIGITS = 1_000


KERAS = "keras"
PYTORCH = "pytorch"
CONVENTIONS = (KERAS, PYTORCH)
CONVENTION_TITLES = {KERAS: "Keras", PYTORCH: "PyTorch"}


# The type checker reads the fields' types; at run time, a lstm_calc.records record with the
# same fields (typing's takes longer to define, and this module is imported at every start).
if TYPE_CHECKING:

    class _ArgumentFields(NamedTuple):
        name: str
        check: Check
        default: Any = REQUIRED
        aliases: tuple[str, ...] = ()
        convention: str | None = None
        other_convention_hint: str = ""
        keras: bool = True
        required_under: str | None = None

else:
    _ArgumentFields = record(
        "Argument",
        ("name", "check", "default", "aliases", "convention", "other_convention_hint", "keras", "required_under"),
        defaults=(REQUIRED, (), None, "", True, None),
    )


class Argument(_ArgumentFields):
    """One keyword argument a layer kind accepts, named as in Keras.

    ``check`` is its :class:`Check`; ``default`` is :data:`REQUIRED` for a required one.
    ``aliases`` are other spellings of the same argument (PyTorch's ``hidden_size`` for
    ``units``), accepted under either convention. ``convention`` is set on an option
    only one framework has (PyTorch's ``num_layers``, Keras's ``stateful``), and
    ``other_convention_hint`` says what to write instead under the other one.
    ``keras`` is false for PyTorch's own arguments (``in_features``, ``padding_idx``)
    that lstmcalc accepts under either convention: code written for Keras leaves them out.
    ``required_under`` names the one convention that requires a required argument (Keras's
    ``key_dim``, which torch derives from ``embed_dim``); elsewhere it may be left out, as None.

    A named tuple from lstm_calc.records (not typing's, nor a dataclass): hundreds are made at start-up.
    """

    __slots__ = ()

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def required_in(self, framework: str) -> bool:
        """Whether a spec under ``framework`` must give this argument."""
        return self.required and self.convention in (None, framework) and self.required_under in (None, framework)


def json_schema(fragment: dict[str, Any]) -> Callable[[Callable[[Any], str | None]], Check]:
    """Declare the JSON Schema of the values a check accepts, for ``lstmcalc schema``.

    Kept beside the check so that the two change together; the tests validate every
    example spec against the schema and make sure each check has one.
    """

    def attach(function: Callable[[Any], str | None]) -> Check:
        vars(function)["json_schema"] = fragment
        return cast("Check", function)

    return attach


POSITIVE_INT_SCHEMA = {"type": "integer", "minimum": 1}
#: A size string that :func:`parse_size` reads (``2 MB``, ``1.5MiB``).
SIZE_PATTERN = r"^\s*(\d+(\.\d*)?|\.\d+)\s*(" + "|".join(SIZE_UNITS) + r")?\s*$"


#: Messages quote at most this many characters of a string from the spec.
QUOTE_LIMIT = 60


def quoted(text: str) -> str:
    """``'text'`` as a message quotes a string from the spec: escaped, and cut short when long."""
    if len(text) <= QUOTE_LIMIT:
        return repr(text)
    return f"{text[:QUOTE_LIMIT]!r}... ({len(text):,} characters)"


def _describe(value: Any, how: str = "yaml") -> str:
    """``value`` as an error message shows it: lstmcalc's one describer of values.

    ``how`` is ``"yaml"`` (as the spec writes it: ``'text'``, quoted and cut short when
    long, ``null``, ``true``, ``64``, ``.nan``), ``"typed"`` (its type before it:
    ``int 64``, ``str 'x'``), ``"key"`` (what YAML read an unquoted key as: ``the number
    3``, ``the boolean true``) or ``"python"`` (as Python writes it, as a Keras JSON
    config holds it: ``True``, ``'x'``, a list in full). A mapping is ``a mapping``, a
    list ``a list`` (but in ``"python"``), null ``null`` (but in ``"python"``).
    """
    if isinstance(value, dict):
        return "a mapping"
    if how == "python":
        return repr(value) if not isinstance(value, list) else str(value)
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if how == "typed":
        return f"{type(value).__name__} {_describe(value)}"
    if how == "key":
        return f"the boolean {str(value).lower()}" if isinstance(value, bool) else f"the number {value}"
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        # As YAML writes them: that is how they got into the spec.
        return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    return str(value)


def is_integer(value: Any) -> bool:
    """A YAML integer; ``true``, ``64.0`` and ``"64"`` are not integers."""
    return isinstance(value, int) and not isinstance(value, bool)


@json_schema(POSITIVE_INT_SCHEMA)
def positive_int(value: Any) -> str | None:
    if is_integer(value) and value > 0:
        return None
    return f"expected a positive integer, got {_describe(value)}"


@json_schema({"type": ["integer", "null"], "minimum": 1})
def optional_positive_int(value: Any) -> str | None:
    return None if value is None else positive_int(value)


@json_schema({"type": "integer", "minimum": 0})
def non_negative_int(value: Any) -> str | None:
    if is_integer(value) and value >= 0:
        return None
    return f"expected an integer of 0 or more, got {_describe(value)}"


@json_schema({"anyOf": [POSITIVE_INT_SCHEMA, {"type": "string", "pattern": SIZE_PATTERN}]})
def byte_size(value: Any) -> str | None:
    """A positive number of bytes: an integer, or a size string that :func:`parse_size` reads."""
    if isinstance(value, str):
        try:
            value = parse_size(value)
        except ValueError as error:
            return str(error)
        return None if value > 0 else "expected a size above 0 bytes"
    if is_integer(value) and value > 0:
        return None
    return f"expected a positive number of bytes or a size such as '2 MB', got {_describe(value)}"


#: The one rule for booleans in a spec: the words YAML 1.1 (PyYAML, so lstmcalc) and YAML 1.2
#: (editors, which check specs against the JSON Schema's {"type": "boolean"}) both read as
#: booleans. The loader refuses YAML 1.1's others (yes, no, on, off): YAML 1.2 reads them as text.
BOOLEAN_SPELLINGS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
BOOLEAN_SCHEMA = {"type": "boolean"}


@json_schema(BOOLEAN_SCHEMA)
def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {_describe(value)}"


@json_schema({"type": "number", "minimum": 0, "maximum": 1})
def fraction(value: Any) -> str | None:
    """A rate between 0 and 1 inclusive, as Keras's Dropout accepts."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and 0 <= value <= 1:
        return None
    return f"expected a number between 0 and 1, got {_describe(value)}"


@json_schema({"type": ["string", "null"], "minLength": 1, "pattern": "^[^/]*$"})
def layer_name(value: Any) -> str | None:
    """A Keras name: no '/', which Keras reserves for weight paths; null means the automatic name."""
    if value is None:
        return None
    if not isinstance(value, str) or not value or "/" in value:
        return f"expected a non-empty name without '/', got {_describe(value)}"
    return printable_name(value)


def printable_name(value: str) -> str | None:
    """A name is printed in tables and messages: no line breaks, escapes or other control characters."""
    if value.isprintable():
        return None
    return f"expected a name of printable characters (no line breaks or control characters), got {_describe(value)}"


#: How deep a kept value (an activation, an initializer...) may nest: a Keras config takes three
#: or four levels, and writing the value out again (convert, export) recurses through it.
MAX_VALUE_DEPTH = 32


@json_schema({})
def anything(value: Any) -> str | None:
    """Arguments that change no shape or count (activations, initializers...) are kept as given,
    when they nest no deeper than :data:`MAX_VALUE_DEPTH`."""
    if not isinstance(value, (dict, list)):
        return None
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if depth > MAX_VALUE_DEPTH:
            return f"expected a value nested at most {MAX_VALUE_DEPTH} levels deep (a Keras config takes a few)"
        children = item.values() if isinstance(item, dict) else item
        pending += [(child, depth + 1) for child in children if isinstance(child, (dict, list))]
    return None


@json_schema(
    {"anyOf": [POSITIVE_INT_SCHEMA, {"type": "array", "items": POSITIVE_INT_SCHEMA, "minItems": 1, "maxItems": 1}]}
)
def positive_size(value: Any) -> str | None:
    """A 1-D size (kernel, stride, pool): a positive integer, or a one-element list, as Keras and torch take it."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return positive_int(value)


def _single(value: Any) -> Any:
    return value[0] if isinstance(value, list) else value


vars(positive_size)["normalize"] = _single  # optional, so not in the Check protocol: read with getattr


@json_schema({"anyOf": [{"type": "null"}, positive_size.json_schema]})
def optional_positive_size(value: Any) -> str | None:
    return None if value is None else positive_size(value)


vars(optional_positive_size)["normalize"] = _single


def one_of(*choices: str | None) -> Check:
    @json_schema({"enum": list(choices)})
    def check(value: Any) -> str | None:
        if value in choices:
            return None
        return f"expected one of {', '.join(_describe(choice) for choice in choices)}, got {_describe(value)}"

    return check


def arguments(*declared: Argument) -> dict[str, Argument]:
    """A name-to-argument table, in declaration order."""
    return {argument.name: argument for argument in declared}


def kept(*names: str) -> tuple[Argument, ...]:
    """Arguments accepted and kept without a check, because they change no shape or count."""
    return tuple(Argument(name, anything, None) for name in names)


def kept_torch(*names: str) -> tuple[Argument, ...]:
    """PyTorch's count-neutral arguments, accepted and kept like :func:`kept`; Keras has no such argument."""
    return tuple(Argument(name, anything, None, keras=False) for name in names)


# -- Pairs: a size or an amount for each of two axes (Conv2D, MaxPooling2D, ZeroPadding1D...) ---------


def _pair_schema(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [item, {"type": "array", "items": item, "minItems": 2, "maxItems": 2}]}


def _pair_complaint(value: Any, least: int) -> str | None:
    """Keras's ``standardize_tuple(value, 2, ...)``: one integer for both, or exactly two, each ``least`` or more."""
    items = value if isinstance(value, list) else [value]
    if (len(items) == 2 or not isinstance(value, list)) and all(is_integer(item) and item >= least for item in items):
        return None
    what = "a positive integer" if least > 0 else "an integer of 0 or more"
    return f"expected {what}, or a list of two, got {_describe_items(value)}"


def _describe_items(value: Any) -> str:
    """A short list of scalars item by item (``[3, 3, 3]``), anything else as :func:`_describe` words it."""
    if isinstance(value, list) and len(value) <= 4 and not any(isinstance(item, (dict, list)) for item in value):
        return "[" + ", ".join(_describe(item) for item in value) + "]"
    return _describe(value)


def as_pair(value: Any) -> tuple[int, int]:
    """A checked pair argument as two numbers: ``3`` -> ``(3, 3)``, ``[1, 2]`` -> ``(1, 2)``."""
    if isinstance(value, (list, tuple)):
        first, second = value
        return (first, second)
    return (value, value)


@json_schema(_pair_schema(POSITIVE_INT_SCHEMA))
def positive_pair(value: Any) -> str | None:
    """A 2-D size (kernel, stride, pool): a positive integer for both axes, or a list of two."""
    return _pair_complaint(value, 1)


@json_schema({"anyOf": [{"type": "null"}, positive_pair.json_schema]})
def optional_positive_pair(value: Any) -> str | None:
    return None if value is None else positive_pair(value)


@json_schema(_pair_schema({"type": "integer", "minimum": 0}))
def non_negative_pair(value: Any) -> str | None:
    """Amounts before and after an axis (padding, cropping): an integer of 0 or more for both, or a list of two."""
    return _pair_complaint(value, 0)
