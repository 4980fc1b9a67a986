"""Python source parsed with :mod:`ast` within bounds that no crafted file can break.

``ast.parse`` recurses in C once per level of an expression. On Python 3.10 a line such
as ``x = 1+1+...+1`` with 200,000 terms overflows the C stack and kills the interpreter
(no exception to catch), and later versions raise RecursionError or MemoryError. So the
text is scanned first, without recursion and without :mod:`tokenize` (which is quadratic
on long lines in 3.12): every operator, dot, keyword and bracket adds a level to an upper
bound of the nesting, a comma or the end of a statement starts counting afresh, and text
whose bound passes :data:`MAX_NESTING` is refused at the place it does so.
"""

from __future__ import annotations

import ast
import keyword
import re
import warnings

from lstm_calc.arguments import MAX_INTEGER_DIGITS
from lstm_calc.errors import Location, SpecError

#: ast takes about 500 bytes of memory per byte of crafted code (a list of a million numbers),
#: so code is held to 1 MiB, as much memory at worst as an 8 MiB YAML spec. A model's code is
#: a few kilobytes, a whole training script some tens.
MAX_CODE_BYTES = 1024 * 1024
#: Python 3.10 to 3.13 parse a thousand levels of any kind (``+``, ``.``, calls, ``not``,
#: ``lambda``, ``if``/``else``, ``elif``) well inside their stacks; no model's code comes near.
MAX_NESTING = 1000
TOO_MANY_DIGITS = f"integers in a spec have at most {MAX_INTEGER_DIGITS:,} digits"

# One token per match. Strings come first so that brackets and '#' inside them are text;
# an unterminated string matches as a lone quote, where the count stops (ast.parse reports it).
# Compiled by re's cache when first used: most code is short enough never to need it.
_TOKEN = (
    r"""(?P<string>(?i:[rbuf]{0,2})(?:'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\""""
    r"""|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"))"""
    r"|(?P<comment>#[^\r\n]*)"
    r"|(?P<continuation>\\\r?\n)"
    r"|(?P<newline>\r?\n|\r)"
    r"|(?P<word>\w+)"
    r"|(?P<open>[(\[{])"
    r"|(?P<close>[)\]}])"
    r"|(?P<separator>[,;])"
    r"|(?P<space>[ \t\f]+)"
    r"|(?P<other>.)"
)
#: Inside an f-string's text, what may be an operator of an expression in braces (compiled by re's
#: cache on the first f-string: most models' code has none).
_FSTRING_LEVEL = r"[^\w\s]|\b(?:{})\b".format("|".join(keyword.kwlist))
_LEVEL_KEYWORDS = frozenset(keyword.kwlist) - {"True", "False", "None"}


def parse_python(text: str, filename: str) -> ast.Module:
    """The syntax tree of ``text``, or one located :class:`SpecError` for code too large, too deep or invalid."""
    if len(text) > MAX_CODE_BYTES // 4 and len(text.encode("utf-8")) > MAX_CODE_BYTES:
        raise SpecError(
            f"the code is larger than {MAX_CODE_BYTES // (1024 * 1024)} MiB; lstmcalc reads a model's code, "
            "not a whole program (or give the model as a YAML spec)",
            Location(filename, 1, 1),
        )
    refuse_deep_nesting(text, filename)
    try:
        with warnings.catch_warnings():
            # Python warns about dubious code (``1if x``) on stderr; the error line is all that goes there.
            warnings.simplefilter("ignore")
            return ast.parse(text, filename)
    except SyntaxError as error:
        # Python refuses integer literals of more than 4,300 digits while parsing.
        problem = TOO_MANY_DIGITS if error.msg.startswith("Exceeds the limit") else f"invalid Python: {error.msg}"
        raise SpecError(problem, Location(filename, error.lineno or 1, error.offset or 1)) from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise SpecError(f"cannot parse the Python code: {error}", Location(filename, 1, 1)) from None


def refuse_deep_nesting(text: str, filename: str) -> None:
    """Raise a located :class:`SpecError` where an upper bound of the code's nesting passes :data:`MAX_NESTING`.

    The bound is the number of open brackets plus, at each bracket level, the operators
    since the last comma: ``f(a + b, c)`` is 3 deep at ``b``. Runs of ``elif`` nest too
    (each is the ``else`` of the one before), so the file's ``elif`` are counted as well.
    Code too short for any count to pass the limit (:func:`_nesting_bound`) is not scanned.
    """
    if _nesting_bound(text) <= MAX_NESTING:
        return
    levels = [0]  # operators since the last comma, per open bracket
    depth = 1  # len(levels) + sum(levels), kept up to date
    elifs = 0
    line, line_start = 1, 0
    for match in re.finditer(_TOKEN, text, re.DOTALL):
        kind, token = match.lastgroup, match.group()
        if kind == "other" and token in "'\"":
            return  # a string that never ends: Python's tokenizer stops there, and so does this count
        step = 0
        if kind == "newline" and len(levels) == 1:
            depth -= levels[0]
            levels[0] = 0
        elif kind == "close" and len(levels) > 1:
            depth -= levels.pop() + 1
        elif kind == "separator":
            depth -= levels[-1]
            levels[-1] = 0
        elif kind in ("open", "other"):
            step = 1
        elif kind == "word":
            step = token in _LEVEL_KEYWORDS
            elifs += token == "elif"
        elif kind == "string" and "f" in token[:2].lower():
            step = len(re.findall(_FSTRING_LEVEL, token))
        if step:
            levels[-1] += step
            depth += step
            if kind == "open":
                levels.append(0)
                depth += 1
            if depth > MAX_NESTING or elifs > MAX_NESTING:
                raise SpecError(
                    f"the code nests more than {MAX_NESTING:,} levels deep (operators in a row, brackets, calls, "
                    "elif); lstmcalc reads a model's code, not generated code of that depth",
                    Location(filename, line, match.start() - line_start + 1),
                )
        if kind in ("newline", "continuation", "string", "comment") and ("\n" in token or "\r" in token):
            line += token.count("\n") + token.count("\r") - token.count("\r\n")
            line_start = match.start() + max(token.rfind("\n"), token.rfind("\r")) + 1


#: The bytes that never add a level: ASCII letters, digits, ``_`` and white space.
_LEVEL_FREE = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ \t\f\r\n"


def _nesting_bound(text: str) -> int:
    """An upper bound of both counts of :func:`refuse_deep_nesting`, found by a few passes in C.

    Each level the count adds stands on characters of its own: a byte that is not in
    :data:`_LEVEL_FREE` (an open bracket adds two levels, so brackets are counted again), or
    an occurrence of a keyword (``elif`` too; ``True``, ``False`` and ``None`` in f-strings).
    """
    data = text.encode("utf-8", "surrogatepass")
    brackets = data.count(b"(") + data.count(b"[") + data.count(b"{")
    keywords = sum(text.count(word) for word in keyword.kwlist)
    return 1 + len(data.translate(None, _LEVEL_FREE)) + brackets + keywords
