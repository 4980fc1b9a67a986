"""``--set EXPR=VALUE``: values for the expressions of Python code that cannot be known without running it.

A value replaces every read of its expression in the code, whatever the code binds to
it: ``--set n=4000`` makes each ``n`` the reader evaluates 4000, before and after any
``n = ...`` of the code. An expression the code does not contain is refused as a typo.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from lstm_calc.arguments import QUOTE_LIMIT, quoted
from lstm_calc.errors import Location, SpecError
from lstm_calc.readers.evaluate import MAX_EXPRESSION_DEPTH
from lstm_calc.readers.syntax_walk import child_nodes, dump, walk
from lstm_calc.spec_layers import did_you_mean

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from lstm_calc.readers.evaluate import Evaluator


def parse_assignments(assignments: Iterable[str]) -> dict[str, tuple[str, Any]]:
    """``--set EXPR=VALUE`` strings as {dump of EXPR's syntax tree: (EXPR, VALUE)}.

    VALUE is read as a Python literal (``3``, ``(5, 126)``, ``'relu'``), or else kept as a string; an empty
    one is refused (``--set hidden=$HIDDEN`` of an unset variable), the empty string being written ``''``.
    """
    parsed: dict[str, tuple[str, Any]] = {}
    for assignment in assignments:
        expression, value, parsed_expression = _split_assignment(assignment)
        if not value.strip():
            raise SpecError(
                f"--set {assignment!r} is not EXPRESSION=VALUE: VALUE is empty (the empty string is written '')",
                path="--set",
            )
        try:
            literal = ast.literal_eval(value)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            literal = value.strip()
        parsed[ast.dump(parsed_expression)] = (expression.strip(), _plain(literal))
    return parsed


def asked_value(node: ast.AST) -> tuple[str, str]:
    """The text of an expression whose value lstmcalc asks for, quoted, and the ``--set`` option that gives it
    (of ``EXPRESSION`` where the text is too long to repeat)."""
    source = ast.unparse(node)
    return quoted(source), set_option(source if len(source) <= QUOTE_LIMIT else "EXPRESSION")


def ask(evaluator: Evaluator, node: ast.AST, purpose: str) -> SpecError:
    """The located error asking for the value of ``node`` with --set."""
    text = ast.unparse(node)
    return SpecError(
        f"lstmcalc cannot know the value of {text} {purpose} without running the code; give it with {set_option(text)}",
        evaluator.loc(node),
    )


def set_option(expression: str) -> str:
    """The ``--set`` option that gives ``expression`` a value, quoted for a POSIX shell:
    ``--set 'hidden=VALUE'``, ``--set "cfg['units']=VALUE"`` where the expression has quotes of its own."""
    option = f"{expression}=VALUE"
    if "'" not in option:
        return f"--set '{option}'"
    if not any(character in option for character in '"$`\\!'):  # what double quotes would still expand
        return f'--set "{option}"'
    return "--set " + "'" + option.replace("'", "'\\''") + "'"


#: The longest EXPRESSION of a --set: the code's expressions that lstmcalc asks for are a line at most.
MAX_SET_EXPRESSION = 1_000


def _split_assignment(assignment: str) -> tuple[str, str, ast.expr]:
    """Split at the first '=' that ends a Python expression (``a[b == c]=1`` splits after ``]``);
    the expression is given parsed too. Only the first :data:`MAX_SET_EXPRESSION` characters are
    tried (each '=' parses the text before it), and an expression nested deeper than any the reader
    follows is refused."""
    for index, character in enumerate(assignment[: MAX_SET_EXPRESSION + 1]):
        if character != "=" or assignment[index + 1 : index + 2] == "=" or assignment[index - 1 : index] in "=<>!":
            continue
        try:
            parsed = ast.parse(assignment[:index].strip(), mode="eval")
        except (SyntaxError, ValueError, MemoryError, RecursionError):  # ValueError: a NUL (Python 3.11)
            continue
        if _height(parsed.body, {}) > MAX_EXPRESSION_DEPTH:
            raise SpecError(
                f"--set: EXPRESSION nests more than {MAX_EXPRESSION_DEPTH} levels deep; no expression lstmcalc "
                "asks for does",
                path="--set",
            )
        return assignment[:index], assignment[index + 1 :], parsed.body
    shown = assignment if len(assignment) <= 80 else assignment[:77] + "..."
    raise SpecError(
        f"--set {shown!r} is not EXPRESSION=VALUE, e.g. --set 'actions.shape[0]=3'"
        + (
            f" (EXPRESSION is at most {MAX_SET_EXPRESSION:,} characters)"
            if len(assignment) > MAX_SET_EXPRESSION
            else ""
        ),
        path="--set",
    )


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return value


def refuse_unknown_overrides(
    tree: ast.AST, overrides: dict[str, tuple[str, Any]], filename: str, parameters: bool = False
) -> None:
    """A --set for an expression the code does not have is a typo; say so before anything else.

    With ``parameters``, a function's parameter is one too, even where the code never reads it
    (a constructor's ``input_size`` the module does not use is still given when it is made).
    """
    if not overrides:
        return
    # Each --set is sought among the expressions of its own node type (a key is a dump,
    # ``Name(id='units', ctx=Load())``): dumping every expression of the file, and writing
    # each back as code, is for the message that suggests one.
    missing = set(overrides)
    node_types = {key.split("(", 1)[0] for key in missing}
    heights: dict[int, int] = {}
    for node in walk(tree):
        if type(node).__name__ in node_types and _height(node, heights) <= MAX_EXPRESSION_DEPTH:
            missing.discard(dump(node))  # only an expression's dump can be a key: no isinstance needed
    if parameters and missing:
        missing -= dict(_parameters(tree)).keys()
    for key, (written, _) in overrides.items():
        if key in missing:
            candidates = [text for text in _expression_texts(tree, parameters) if len(text) < 80]
            raise SpecError(
                f"--set {written!r}: the code has no such expression{did_you_mean(written, candidates)}",
                Location(filename, 1, 1),
                "--set",
            )


def _expression_texts(tree: ast.AST, parameters: bool) -> list[str]:
    """The code of every expression ``--set`` can name, each once, in the file's order (parameters last)."""
    expressions = {ast.dump(node): ast.unparse(node) for node in shallow_expressions(tree)}
    for key, name in _parameters(tree) if parameters else ():
        expressions.setdefault(key, name)
    return list(expressions.values())


def _parameters(tree: ast.AST) -> list[tuple[str, str]]:
    """Every function parameter of the code: (the dump of its name as an expression, its name)."""
    names = [node.arg for node in walk(tree) if isinstance(node, ast.arg)]
    return [(ast.dump(ast.parse(name, mode="eval").body), name) for name in names]


def _height(node: ast.AST, heights: dict[int, int], finished: list[ast.AST] | None = None) -> int:
    """The height of ``node`` (1 for a leaf) as :func:`shallow_expressions` counts it, found without
    recursion; ``heights`` holds those found before, by the node's id, and is given this one's and
    its descendants'. ``finished``, if given, gets each node whose height is found, in that order:
    every child before its parent."""
    pending: list[tuple[ast.AST, bool]] = [(node, False)]
    while pending:
        current, children_done = pending.pop()
        if id(current) in heights:
            continue
        children = child_nodes(current)
        if not children_done:
            pending.append((current, True))
            pending += [(child, False) for child in children if id(child) not in heights]
            continue
        heights[id(current)] = 1 + max([heights[id(child)] for child in children]) if children else 1
        if finished is not None:
            finished.append(current)
    return heights[id(node)]


def shallow_expressions(tree: ast.AST) -> list[ast.expr]:
    """Every expression that fits in :data:`MAX_EXPRESSION_DEPTH` levels: those ``--set`` can name.

    Found without recursion, so that no expression in the file (even in code the model
    never uses) sends ast.dump or ast.unparse past Python's recursion limit.
    """
    heights: dict[int, int] = {}
    finished: list[ast.AST] = []
    _height(tree, heights, finished)
    return [node for node in finished if isinstance(node, ast.expr) and heights[id(node)] <= MAX_EXPRESSION_DEPTH]


def refuse_set_values_the_code_gives(evaluator: Evaluator, tensors: Iterable[ast.arg] = ()) -> None:
    """A ``--set`` the code gives a value wherever the reader read it would change nothing: said, not ignored
    (a value given to try another, ``--set units=128`` over ``units = 64``, would otherwise seem to apply).
    So would one of ``tensors``, the model's forward's tensor parameters (``--set x=3``, ``--set
    'x.shape[1]=3'``), that nothing read: their shapes are --input-shape's."""
    by_name = {tensor.arg: tensor for tensor in tensors}
    for key, (text, _) in evaluator.overrides.items():
        root = ast.parse(text.strip(), mode="eval").body
        while isinstance(root, (ast.Attribute, ast.Subscript, ast.Call)):
            root = root.func if isinstance(root, ast.Call) else root.value
        read = key in evaluator.set_values_used or key in evaluator.set_values_known or key in evaluator.set_arguments
        if not read and isinstance(root, ast.Name) and root.id in by_name:
            names = ", ".join(by_name)
            raise SpecError(
                f"--set {text.strip()}: {root.id} is a tensor forward takes, whose shape --set does not give; "
                f"give it with --input-shape B,T,... (once for each tensor forward takes: {names})",
                evaluator.loc(by_name[root.id]),
                "--set",
            )
    for key, node in evaluator.set_values_known.items():
        if key not in evaluator.set_values_used and key not in evaluator.set_arguments:
            text = evaluator.overrides[key][0]
            raise SpecError(
                f"--set {text}: the code gives {text} its value wherever lstmcalc reads it (as here), so --set would "
                "change nothing; --set is for what the code cannot give (to try another value, change the code)",
                evaluator.loc(node),
                "--set",
            )
