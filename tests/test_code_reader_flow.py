"""Names in Keras code take the value they have where the code uses them, or lstmcalc asks.

Each case binds ``n`` in one of Python's ways, then builds
``Sequential([Input(shape=(3,)), Dense(n)])``: the Dense layer has n units and, on 3
inputs, 3·n + n parameters (Keras's formula). When the reader cannot be sure of ``n``, it
asks for ``--set n=VALUE`` at the ``n`` of ``Dense(n)``. Deeply nested code is refused
before Python parses it (Python 3.10 crashes on it), in a child process that must exit 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

MODEL = "model = Sequential([Input(shape=(3,)), Dense(n)])\n"
#: Where the n of Dense(n) is in MODEL.
N_COLUMN = MODEL.index("Dense(n)") + len("Dense(") + 1
ASK = "cannot evaluate 'n' (Dense's units) without running the code; give its value with --set 'n=VALUE'"

#: code before MODEL -> the units Keras gives the Dense layer, or None where lstmcalc must ask.
CASES = {
    # the issue's cases
    "augmented": ("n = 4\nn *= 1000\n", 4000),
    "for-over-a-literal": ("n = 4\nfor n in [8]:\n    pass\n", 8),
    "walrus": ("n = 4\n(n := 8)\n", 8),
    "del": ("n = 4\ndel n\n", None),
    "import": ("n = 4\nimport n\n", None),
    "def-body-is-local": ("n = 4\ndef f():\n    n = 100\n", 4),
    # assignment
    "rebinding": ("n = 4\nn = 5\n", 5),
    "chained": ("a = n = 3\n", 3),
    "chained-then-one-changes": ("a = n = 3\na = 7\n", 3),
    "arithmetic-on-names": ("a = 3\nb = 4\nn = a * b + 1\n", 13),
    "annotated": ("n: int = 12\n", 12),
    "annotation-only-keeps-the-value": ("n = 6\nn: int\n", 6),
    "augmented-every-operator": ("n = 100\nn -= 10\nn //= 4\nn += 3\nn %= 7\nn **= 2\n", 16),
    "augmented-unknown-right-side": ("n = 4\nn *= f()\n", None),
    "augmented-unknown-name": ("n += 4\n", None),
    "call": ("n = 4\nn = int('5')\n", None),
    # unpacking
    "tuple": ("a, n = 3, 4\n", 4),
    "swap": ("n, a = 3, 4\nn, a = a, n\n", 4),
    "list-target": ("[n, a] = (5, 6)\n", 5),
    "nested-target": ("(a, (n, b)) = (1, (7, 2))\n", 7),
    "starred-before": ("*rest, n = 1, 2, 9\n", 9),
    "starred-after": ("n, *rest = 9, 1, 2\n", 9),
    "starred-middle": ("a, *rest, b = 2, 0, 0, 3\nn = a + b\n", 5),
    "unpacking-the-wrong-length": ("n = 4\nn, a = 1, 2, 3\n", None),
    "unpacking-a-call": ("n = 4\nn, a = f()\n", None),
    "unpacking-a-name": ("t = (3, 5)\na, n = t\n", 5),
    # loops
    "for-target": ("n = 4\nfor n in range(3):\n    pass\n", 2),
    "for-target-unknown": ("n = 4\nfor n in range(x):\n    pass\n", None),
    "assigned-in-a-for-body": ("n = 4\nfor i in range(3):\n    n = 8\n", 8),
    "augmented-in-a-for-body": ("n = 4\nfor i in range(3):\n    n += i\n", 7),
    "assigned-in-a-for-body-unknown": ("n = 4\nfor i in x:\n    n = 8\n", None),
    "for-with-break": ("n = 4\nfor i in range(3):\n    n = 8\n    break\n", None),
    "assigned-in-for-else": ("n = 4\nfor i in x:\n    pass\nelse:\n    n = 8\n", None),
    "while": ("n = 4\nwhile x:\n    n *= 2\n", None),
    "while-walrus": ("n = 4\nwhile (n := n - 1):\n    pass\n", None),
    "loop-leaves-other-names": ("n = 4\nfor i in range(3):\n    m = i\n", 4),
    # conditions
    "if-undecided": ("n = 4\nif x:\n    n = 8\n", None),
    "if-undecided-same-value-on-both-paths": ("n = 4\nif x:\n    n = 8\nelse:\n    n = 8\n", 8),
    "if-undecided-int-and-float": ("n = 4\nif x:\n    n = 8\nelse:\n    n = 8.0\n", None),
    "if-true": ("n = 4\nif True:\n    n = 8\n", 8),
    "if-known-false": ("DEBUG = False\nn = 4\nif DEBUG:\n    n = 8\n", 4),
    "elif-decided": ("n = 4\nif 0:\n    n = 1\nelif 1:\n    n = 2\nelse:\n    n = 3\n", 2),
    "elif-undecided": ("n = 4\nif 0:\n    n = 1\nelif x:\n    n = 2\nelse:\n    n = 3\n", None),
    "if-walrus-in-the-test": ("n = 4\nif (n := 6) > 2:\n    pass\n", 6),
    "try-body": ("n = 4\ntry:\n    n = 5\nexcept ValueError:\n    pass\n", None),
    "try-both-ways-the-same": ("try:\n    import x\nexcept ImportError:\n    pass\nn = 5\n", 5),
    "try-finally": ("n = 4\ntry:\n    n = 5\nfinally:\n    n += 1\n", 6),
    "except-as": ("n = 4\ntry:\n    pass\nexcept E as n:\n    pass\n", None),
    "match-capture": ("n = 4\nmatch x:\n    case n:\n        pass\n", None),
    "match-case-body": ("n = 4\nmatch x:\n    case 1:\n        n = 8\n", None),
    "with-as": ("n = 4\nwith open('f') as n:\n    pass\n", None),
    "with-body": ("n = 4\nwith strategy.scope():\n    n = 8\n", 8),
    "with-suppress": ("n = 4\nwith suppress(KeyError):\n    n = 8\n", None),
    # walrus
    "walrus-in-an-argument": ("n = 4\nprint((n := 9))\n", 9),
    "walrus-nested": ("a = (n := (b := 3) * 2)\n", 6),
    "walrus-read-in-its-statement": ("n = 4\nm = n + (n := 8)\nn = m\n", None),
    "walrus-in-a-comprehension": ("n = 4\nx = [(n := i) for i in range(3)]\n", None),
    "walrus-in-a-conditional-expression": ("n = 4\nx = 1 if y else (n := 8)\n", None),
    "walrus-after-and": ("n = 4\nx = y and (n := 8)\n", None),
    "walrus-in-a-lambda-body": ("n = 4\nf = lambda: (n := 8)\n", 4),
    "walrus-in-a-lambda-default": ("n = 4\nf = lambda x=(n := 8): x\n", None),
    # imports
    "import-as": ("n = 4\nimport numpy as n\n", None),
    "from-import": ("n = 4\nfrom m import n\n", None),
    "from-import-as": ("n = 4\nfrom m import x as n\n", None),
    "from-import-star": ("n = 4\nfrom m import *\n", None),
    "bound-after-import-star": ("from m import *\nn = 4\n", 4),
    # scopes
    "function-parameter": ("n = 4\ndef f(n=9):\n    return n\n", 4),
    "function-name": ("n = 4\ndef n():\n    pass\n", None),
    "class-name": ("n = 4\nclass n:\n    pass\n", None),
    "class-body-is-local": ("n = 4\nclass C:\n    n = 7\n", 4),
    "nested-function": ("n = 4\ndef f():\n    def g():\n        n = 1\n    n = 2\n", 4),
    "global-in-a-function": ("n = 4\ndef f():\n    global n\n    n = 9\n", None),
    "global-defined-before-the-binding": ("def f():\n    global n\n    n = 9\nn = 4\nf()\n", None),
    "global-in-a-class-body": ("n = 4\nclass C:\n    global n\n    n = 9\n", None),
    "nonlocal-does-not-touch-the-module": (
        "n = 4\ndef f():\n    n = 1\n    def g():\n        nonlocal n\n        n = 2\n",
        4,
    ),
    # code that can rebind anything
    "exec": ("n = 4\nexec('n = 9')\n", None),
    "globals": ("n = 4\nglobals()['n'] = 9\n", None),
    "setattr": ("import sys\nn = 4\nsetattr(sys.modules[__name__], 'n', 9)\n", None),
    "vars-in-a-function": ("n = 4\ndef f():\n    vars()\n", None),
    "bound-after-exec": ("exec('x = 1')\nn = 4\n", None),
    "frame-globals": ("import sys\nn = 4\nsys._getframe().f_globals['n'] = 9\n", None),
    # functions of the file, read at their one call (code_calls)
    "function-default": ("def f(units=8):\n    return units\nn = f()\n", 8),
    "function-argument": ("def f(units):\n    return units * 2\nn = f(3)\n", 6),
    "function-keyword-over-default": ("def f(a, units=8):\n    return units\nn = f(1, units=5)\n", 5),
    "function-default-evaluated-at-def": ("k = 8\ndef f(units=k):\n    return units\nk = 9\nn = f()\n", 8),
    "function-reads-names-at-its-call": ("def f():\n    return k\nk = 9\nn = f()\n", 9),
    # read at each of its calls, as Keras code runs it (Keras names the layers each call makes)
    "function-called-twice": ("def f(u=8):\n    return u\nn = f()\nm = f()\n", 8),
    "function-called-twice-with-other-arguments": ("def f(u=8):\n    return u\nn = f(3)\nm = f()\n", 3),
    "function-used-as-a-value": ("def f(u=8):\n    return u\ng = f\nn = f()\n", None),
    "function-returns-early": ("def f(u=8):\n    if u:\n        return u\n    return 1\nn = f()\n", None),
    "function-star-arguments": ("def f(u=8):\n    return u\nargs = [3]\nn = f(*args)\n", None),
    # builtins on known values, items of known lists and dicts
    "len-of-a-literal-list": ("n = len([0.1, 0.2, 0.3])\n", 3),
    "len-of-a-name": ("xs = [1, 2, 3, 4]\nn = len(xs)\n", 4),
    "len-rebound": ("len = max\nn = len([1, 2])\n", None),
    "builtins-after-star-import": ("from numpy import *\nn = max(2, 7)\n", None),
    "max": ("n = max(2, 7)\n", 7),
    "min-of-a-list": ("n = min([9, 4, 6])\n", 4),
    "sum": ("n = sum([1, 2, 3])\n", 6),
    "round": ("n = round(7.6)\n", 8),
    "int-of-a-float": ("n = int(7.9)\n", 7),
    "tuple-item": ("dims = (4, 9)\nn = dims[1]\n", 9),
    "negative-index": ("dims = [4, 9, 2]\nn = dims[-1]\n", 2),
    "dict-item": ("config = {'units': 5}\nn = config['units']\n", 5),
    "index-out-of-range": ("dims = (4, 9)\nn = dims[2]\n", None),
}


def summary(run, code: str, *options: str):
    return run("summary", "-", "--input-format", "python", "--format", "json", *options, stdin=code)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_name_has_its_value_where_it_is_used_or_is_asked_for(run, case):
    code, units = CASES[case]
    result = summary(run, code + MODEL)
    if units is None:
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"<stdin>:{code.count(chr(10)) + 1}:{N_COLUMN}: error: {ASK}\n"
    else:
        assert (result.exit_code, result.stderr) == (0, "")
        dense = json.loads(result.stdout)["layers"][0]
        assert (dense["output_shape"], dense["params"]) == ([None, units], 3 * units + units)


def test_a_bare_return_after_the_model_is_read_is_not_the_model(run):
    # Once read, the model is None: so is a bare return's value, and the two were taken for one.
    result = summary(run, "n = 4\n" + MODEL + "def f():\n    return\n")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout)["total_params"] == 3 * 4 + 4


SET_CHANGES_NOTHING = (
    "--set n: the code gives n its value wherever lstmcalc reads it (as here), so --set would change nothing; "
    "--set is for what the code cannot give (to try another value, change the code)"
)


def test_set_stands_where_the_code_cannot_give_the_value(run):
    # n is asked for where Dense(n) reads it; block's own n is what its caller gives it. Keras: 40 + 27.
    # (--set n=3 used to replace every read of n: block's Dense(8) became Dense(3), 27 in all.)
    code = "import sys\nn = int(sys.argv[1])\ndef block(x, n):\n    return Dense(n)(x)\n\n"
    model = "inputs = Input(shape=(4,))\nmodel = Model(inputs, Dense(n)(block(inputs, 8)))\n"
    result = summary(run, code + model, "--set", "n=3")
    assert (result.exit_code, json.loads(result.stdout)["total_params"]) == (0, 4 * 8 + 8 + 8 * 3 + 3)


@pytest.mark.parametrize(("code", "where"), [("n = 4\nn *= 1000\n", "3"), ("n = 4\nfor n in [8]:\n    pass\n", "4")])
def test_set_the_code_gives_a_value_wherever_it_is_read_is_refused(run, code: str, where: str):
    result = summary(run, code + MODEL, "--set", "n=7")
    assert (result.exit_code, result.stderr) == (2, f"<stdin>:{where}:{N_COLUMN}: error: {SET_CHANGES_NOTHING}\n")


def test_augmented_assignment_computes_as_python_does(run):
    # 4 / 2 is 2.0, which Dense refuses as it refuses Dense(2.0).
    result = summary(run, "n = 4\nn /= 2\n" + MODEL)
    assert (
        result.stderr == f"<stdin>:3:{N_COLUMN}: error: Dense argument 'units': expected a positive integer, got 2.0\n"
    )


def test_a_function_reads_the_module_name_when_it_is_called(run):
    build = "def build():\n    return Sequential([Input(shape=(3,)), Dense(n)])\n"
    result = summary(run, "n = 4\n" + build + "model = build()\n")
    assert json.loads(result.stdout)["total_params"] == 3 * 4 + 4
    # Rebound after the function, before its one call: the body is read where it runs, with n = 8.
    result = summary(run, "n = 4\n" + build + "n = 8\nmodel = build()\n")
    assert json.loads(result.stdout)["total_params"] == 3 * 8 + 8
    # Called twice, the body is read at each call: each makes a model, the first with n = 8 and the
    # names sequential and dense, the second with n = 1 and sequential_1 and dense_1 (as Keras names them).
    twice = "n = 4\n" + build + "n = 8\nmodel = build()\nn = 1\nother = build()\n"
    result = summary(run, twice, "--model", "model")
    assert json.loads(result.stdout)["total_params"] == 3 * 8 + 8
    result = summary(run, twice, "--model", "other")
    read = json.loads(result.stdout)
    assert (read["total_params"], read["name"], read["layers"][0]["name"]) == (3 + 1, "sequential_1", "dense_1")
    # After a star import, or never called, any value may reach it.
    result = summary(run, "n = 4\n" + build + "from m import *\nmodel = build()\n")
    assert result.stderr == f"<stdin>:3:{N_COLUMN + 3}: error: {ASK}\n"
    result = summary(run, "def build(n):\n    return Sequential([Input(shape=(3,)), Dense(n)])\n")
    assert result.stderr == f"<stdin>:2:{N_COLUMN + 3}: error: {ASK}\n"


def test_a_layer_bound_to_a_name_has_the_arguments_of_when_it_was_made(run):
    code = "n = 4\nlayer = Dense(n)\nn = 8\nmodel = Sequential([Input(shape=(3,)), layer, Dense(n)])\n"
    layers = json.loads(summary(run, code).stdout)["layers"]
    assert [(layer["output_shape"], layer["params"]) for layer in layers] == [
        ([None, 4], 3 * 4 + 4),
        ([None, 8], 4 * 8 + 8),
    ]
    # A layer object changed after it was made is no longer known.
    code = "layer = Dense(4)\nlayer.units = 8\nmodel = Sequential([Input(shape=(3,)), layer])\n"
    assert summary(run, code).stderr == (
        "<stdin>:3:40: error: expected a Keras layer such as LSTM(64) here, got 'layer'\n"
    )


def test_model_add_sees_each_value_in_turn(run):
    code = (
        "n = 4\nmodel = Sequential()\nmodel.add(Input(shape=(3,)))\nmodel.add(Dense(n))\nn *= 2\nmodel.add(Dense(n))\n"
    )
    layers = json.loads(summary(run, code).stdout)["layers"]
    assert [layer["params"] for layer in layers] == [3 * 4 + 4, 4 * 8 + 8]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "shape = [3]\nshape.append(1)\nmodel = Sequential([Input(shape=shape), Dense(2)])\n",
            "<stdin>:3:33: error: cannot evaluate 'shape' (the input's shape) without running the code; "
            "give its value with --set 'shape=VALUE'",
        ),
        (
            "a = [3]\nshape = a\nmodel = Sequential([Input(shape=shape), Dense(2)])\n",
            "<stdin>:3:33: error: cannot evaluate 'shape' (the input's shape) without running the code; "
            "give its value with --set 'shape=VALUE'",
        ),
    ],
    ids=["changed-in-place", "shared-with-another-name"],
)
def test_a_list_that_may_have_changed_is_asked_for(run, code, message):
    result = summary(run, code)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


def test_a_tuple_stays_known(run):
    code = "shape = (3,)\nprint(shape)\nmodel = Sequential([Input(shape=shape), Dense(2)])\n"
    assert json.loads(summary(run, code).stdout)["total_params"] == 3 * 2 + 2


ADD = "model.add(Dense(2))"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            f"if x:\n    {ADD}\n",
            "<stdin>:4:5: error: model.add(...) under a condition lstmcalc cannot decide "
            "cannot be read without running the code; build the model the same way on every "
            "path, or give the model as a YAML spec",
        ),
        (
            f"try:\n    {ADD}\nexcept E:\n    pass\n",
            "<stdin>:4:5: error: model.add(...) in a try block cannot be read without running the code; build the "
            "model the same way on every path, or give the model as a YAML spec",
        ),
        (
            f"match x:\n    case 1:\n        {ADD}\n",
            "<stdin>:5:9: error: model.add(...) in a match case cannot be read without running the code; build the "
            "model the same way on every path, or give the model as a YAML spec",
        ),
        (
            f"while x:\n    {ADD}\n",
            "<stdin>:3:1: error: a while loop runs as often as its test decides while the code runs, which lstmcalc "
            "does not follow; loop with for over a known range or list, or write each layer out, or give the model "
            "as a YAML spec",
        ),
        (
            f"def block():\n    {ADD}\nblock()\n",
            "<stdin>:4:5: error: model.add(...) in a function the model was not made in cannot be read without "
            "running the code; make the model in the function that adds to it, or give the model as a YAML spec",
        ),
    ],
    ids=["if", "try", "match", "while", "function"],
)
def test_a_layer_added_on_some_paths_only_is_refused(run, code, message):
    result = summary(run, "model = Sequential()\nmodel.add(Input(shape=(3,)))\n" + code)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


def test_a_layer_added_under_a_known_condition_is_read(run):
    code = f"model = Sequential()\nmodel.add(Input(shape=(3,)))\nif True:\n    {ADD}\nelse:\n    model.add(Dense(5))\n"
    assert json.loads(summary(run, code).stdout)["total_params"] == 3 * 2 + 2


DEEP = (
    "the code nests more than 1,000 levels deep (operators in a row, brackets, calls, elif); lstmcalc reads a "
    "model's code, not generated code of that depth"
)
HEAD = "from keras import *\n"


#: Code nested past the bound, as (text before, a part repeated, how often, text after), and where it is refused.
DEEP_CODE = {
    "200000-terms": (("x = 1", " + 1", 200_000, "\n"), "2:3999"),
    "parentheses": (("x = ", "(", 100_000, "1" + ")" * 100_000 + "\n"), "2:504"),
    "lists": (("x = ", "[", 100_000, "]" * 100_000 + "\n"), "2:504"),
    "attributes": (("x = a", ".a", 200_000, "\n"), "2:2002"),
    "calls": (("x = f", "()", 200_000, "\n"), "2:2000"),
    "unary-minus": (("x = ", "-", 200_000, "1\n"), "2:1003"),
    "f-string": (("x = f'{1", "+1", 200_000, "}'\n"), "2:5"),
    "elif": (("if x:\n    pass\n", "elif x:\n    pass\n", 5_000, ""), "2004:1"),
}


@pytest.mark.parametrize("case", sorted(DEEP_CODE))
def test_code_nested_too_deep_is_refused_before_parsing(tmp_path, case):
    (before, part, count, after), where = DEEP_CODE[case]
    # Written here and run in a child: a big string kept by this process would swell the
    # memory that later tests measure in the children it forks.
    (tmp_path / "model.py").write_text(HEAD + before + part * count + after + MODEL)
    completed = subprocess.run(
        [sys.executable, "-m", "lstm_calc", "summary", "model.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (completed.returncode, completed.stdout, completed.stderr) == (2, "", f"model.py:{where}: error: {DEEP}\n")


def test_code_nested_a_thousand_levels_in_all_is_read(run):
    # Brackets and operators below the bound: parsed, and the unused deep expression costs nothing.
    code = "x = " + "(" * 150 + " + ".join(["1"] * 600) + ")" * 150 + "\nn = 5\n" + MODEL
    assert json.loads(summary(run, code).stdout)["total_params"] == 3 * 5 + 5


@pytest.mark.skipif(sys.version_info < (3, 12), reason="type statements are Python 3.12+")
def test_a_type_statement_rebinds_its_name(run):
    result = summary(run, "n = 4\ntype n = int\n" + MODEL)
    assert result.stderr == f"<stdin>:3:{N_COLUMN}: error: {ASK}\n"


def test_a_string_that_never_ends_stops_the_count_at_once(tmp_path):
    # Each quote would otherwise start a scan to the end of the line: quadratic on one long line.
    code = "x = '" + "\\'" * 400_000 + "\n" + MODEL
    (tmp_path / "model.py").write_text(code)
    completed = subprocess.run(
        [sys.executable, "-m", "lstm_calc", "summary", "model.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # Python's own words, which differ by version (3.13 adds "perhaps you escaped the end quote?").
    with pytest.raises(SyntaxError) as python_says:
        compile(code, "model.py", "exec")
    assert python_says.value.msg.startswith("unterminated string literal (detected at line 1)")
    assert (completed.returncode, completed.stdout, completed.stderr) == (
        2,
        "",
        f"model.py:1:5: error: invalid Python: {python_says.value.msg}\n",
    )


def test_a_model_made_and_built_on_one_path_is_read(run):
    # Under `if __name__ == "__main__":` (a test lstmcalc cannot decide), the model exists only
    # if the branch runs, and then with every layer the branch adds.
    code = (
        'if __name__ == "__main__":\n    model = Sequential()\n    model.add(Input(shape=(3,)))\n'
        f"    {ADD}\n    model.summary()\n"
    )
    assert json.loads(summary(run, code).stdout)["total_params"] == 3 * 2 + 2
    # A layer added on a path entered after the model was made is still refused.
    code = (
        'if __name__ == "__main__":\n    model = Sequential()\n    model.add(Input(shape=(3,)))\n'
        f"    if x:\n        {ADD}\n"
    )
    assert summary(run, code).stderr == (
        "<stdin>:5:9: error: model.add(...) under a condition lstmcalc cannot decide cannot be read without "
        "running the code; build the model the same way on every path, or give the model as a YAML spec\n"
    )


# -- against Python itself: generated code, run with exec (it is ours), never a wrong number

NAMES = ("a", "b", "n")
SIMPLE = (
    "{x} = {k}",
    "{x} = {y} + {k}",
    "{x} = {y} * 2",
    "{x} += {k}",
    "{x} *= 2",
    "{x} -= 1",
    "{x}, {y} = {y}, {x}",
    "{x}, {y} = {k}, {j}",
    "({x} := {k})",
    "print(({x} := {y} + 1))",
    "{x} = f()",
    "del {x}",
    "{x} = [{k}][0]",
    "{x} = 1 // {y}",
    "a = b = {k}",
    "*{x}, {y} = {k}, {j}, 1",
    "{x} = {y} if flag else {k}",
    "pass",
    "exec('{x} = 9')",
    "globals()['{x}'] = {k}",
    "[({x} := {k}) for _ in range({j})]",
    "{x} = (lambda: {k})()",
    "{x} = h()",
    "f(lambda z=({x} := {k}): z)",
)
COMPOUND = (
    "if {condition}:\n{block}else:\n{block}",
    "if {condition}:\n{block}",
    "for i in range({k}):\n{block}",
    "def g():\n{block}g()\n",
    "def g():\n    global a, b, n\n{block}g()\n",
    "class C:\n{block}",
    "try:\n{block}except ZeroDivisionError:\n{block}",
    "with ctx():\n{block}",
    "while {x} < 3:\n    {x} += 1\n",
    "with suppress(ZeroDivisionError):\n{block}",
    "match {x}:\n    case 1:\n{block8}    case _:\n{block8}",
    "def h():\n    return {x}\n",
    "def g():\n    {x} = 1\n    def i():\n        nonlocal {x}\n{block8}    i()\ng()\n",
)
CONDITIONS = ("True", "False", "flag", "{x} > 2", "0", "{k}")


@st.composite
def statements(draw, depth: int = 0) -> str:
    """One generated statement (with its newline), nested at most two levels."""
    x, y = draw(st.sampled_from(NAMES)), draw(st.sampled_from(NAMES))
    k, j = draw(st.integers(0, 5)), draw(st.integers(0, 5))
    if depth < 2 and draw(st.integers(0, 3)) == 0:
        template = draw(st.sampled_from(COMPOUND))
        for block, indent in (("{block}", "    "), ("{block8}", "        ")):
            while block in template:
                body = "".join(draw(st.lists(statements(depth + 1), min_size=1, max_size=3)))
                template = template.replace(block, "".join(f"{indent}{line}\n" for line in body.splitlines()), 1)
        template = template.replace("{condition}", draw(st.sampled_from(CONDITIONS)))
        return template.format(x=x, k=k)
    if x == y:
        y = next(name for name in NAMES if name != x)
    return draw(st.sampled_from(SIMPLE)).format(x=x, y=y, k=k, j=j) + "\n"


def ran(code: str):
    """What ``n`` is when ``code`` builds the model, or None if the code fails."""
    import contextlib

    built = {}
    scope = {
        "f": lambda *_: 7,
        "ctx": contextlib.nullcontext,
        "suppress": contextlib.suppress,
        "Input": lambda shape: None,
        "print": lambda *_: None,
        "Dense": lambda units: built.setdefault("units", units),
        "Sequential": lambda layers: None,
    }
    try:
        exec(compile(code, "<generated>", "exec"), scope)  # noqa: S102 - code this test generated
    except Exception:  # noqa: BLE001 - a NameError or ZeroDivisionError of random code
        return None
    return built.get("units")


@settings(
    max_examples=int(os.environ.get("LSTMCALC_PROPERTY_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(statements(), min_size=1, max_size=8))
def test_generated_code_gives_pythons_value_or_asks(body):
    from lstm_calc.errors import SpecError
    from lstm_calc.readers import read_text

    code = "flag = f() > 5\na, b, n = 1, 2, 3\n" + "".join(body) + MODEL
    expected = ran(code)
    assume(type(expected) is int)
    try:
        units = read_text("python", code, "<generated>")["layers"][0]["units"]
    except SpecError as error:
        assert "cannot evaluate" in error.message, (code, error.message)
        event("asked")
    else:
        assert (type(units), units) == (int, expected), code
        event("exact")


def test_the_issue_examples_read_as_python_runs_them(run):
    # A default of a function called without it, len() of a literal list, tuple unpacking and an
    # import alias, together: LSTM(1024 + 1) on 8 features is 4·1025·(8 + 1025 + 1) = 4,239,400
    # parameters (Keras's formula); Dense(3) on 1025 is 3,078.
    code = (
        "from keras.models import Sequential\n"
        "from keras.layers import LSTM as KerasLSTM, Dense, Input\n"
        "timesteps, features = 30, 8\n"
        "n_out = len([0.1, 0.2, 0.3])\n"
        "def build_model(units=1024, extra=0):\n"
        "    return Sequential([Input(shape=(timesteps, features)), KerasLSTM(units + extra), Dense(n_out)])\n"
        "model = build_model(extra=1)\n"
    )
    result = summary(run, code)
    assert (result.exit_code, result.stderr) == (0, "")
    layers = json.loads(result.stdout)["layers"]
    assert [(layer["name"], layer["output_shape"], layer["params"]) for layer in layers] == [
        ("lstm", [None, 1025], 4_239_400),
        ("dense", [None, 3], 3_078),
    ]


def test_calls_into_calls_are_followed_only_so_deep(run):
    # f0() calls f1() ... f99(), which builds the model: past MAX_CALL_DEPTH the functions are read
    # where they are defined, their parameters unknown, so u is asked for; never a RecursionError.
    from lstm_calc.readers.code_runs import MAX_CALL_DEPTH

    count = 100
    functions = [f"def f{i}(u=3):\n    return f{i + 1}(u)\n" for i in range(count - 1)]
    functions.append(f"def f{count - 1}(u=3):\n    return Sequential([Input(shape=(3,)), Dense(u)])\n")
    result = summary(run, "".join(functions) + "model = f0()\n")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"<stdin>:{2 * count}:")
    assert "cannot evaluate 'u' (Dense's units)" in result.stderr
    shallow = [f"def f{i}(u=3):\n    return f{i + 1}(u)\n" for i in range(MAX_CALL_DEPTH - 1)]
    shallow.append(f"def f{MAX_CALL_DEPTH - 1}(u=3):\n    return Sequential([Input(shape=(3,)), Dense(u)])\n")
    result = summary(run, "".join(shallow) + "model = f0()\n")
    assert (result.exit_code, json.loads(result.stdout)["total_params"]) == (0, 3 * 3 + 3)
