"""PyTorch code whose functions do more than their body says: a decorator that wraps what a function makes
or returns (or caches it: one module made twice is one shared module), a class body that binds a method's
name to something else than a def, code outside the class that replaces a method. lstmcalc read the
body and printed wrong counts and shapes (a probe against torch 2.13 and torchinfo found them); now a
function ``__init__`` runs so is refused at its decorator, and ``forward`` stops there with a note,
its parameters exact. Harmless decorators (``@torch.no_grad()``, ``@staticmethod``) are followed, as are
methods bound to another def (tests/torch_probe_cases.py, with torchinfo's tables)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lstm_calc.cli import main

HEADER = "import functools\n\nimport torch\nimport torch.nn as nn\n\n\n"


def _summary(tmp_path: Path, code: str, *options: str) -> tuple[Path, Result]:
    path = tmp_path / "model.py"
    path.write_text(HEADER + code, encoding="utf-8")
    return path, CliRunner().invoke(main, ["summary", str(path), "--input-shape", "2,5,4", *options])


# torch: block(3) is Sequential(Linear(3, 3), LayerNorm(3)), 99 parameters in all; the body alone says 93.
WRAPPED_BUILDER = """def with_norm(fn):
    def wrapper(n):
        return nn.Sequential(fn(n), nn.LayerNorm(n))
    return wrapper


@with_norm
def block(n):
    return nn.Linear(n, n)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 3, batch_first=True)
        self.b = block(3)

    def forward(self, x):
        return self.b(self.gru(x)[0])


model = Net()
"""

# torch: the cache makes one Linear, shared by a and b: 20 parameters, not 40.
CACHED_FACTORY = """@functools.lru_cache(maxsize=None)
def shared_linear(n):
    return nn.Linear(n, n)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = shared_linear(4)
        self.b = shared_linear(4)

    def forward(self, x):
        return self.b(self.a(x))


model = Net()
"""

REPLACED_HELPER = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = self.make(4)

    def make(self, n):
        return nn.Linear(n, n)

    def forward(self, x):
        return self.body(x)


def make_big(self, n):
    return nn.Sequential(nn.Linear(n, 4 * n), nn.Linear(4 * n, n))


Net.make = make_big
model = Net()
"""


@pytest.mark.parametrize(
    ("code", "where", "why"),
    [
        (
            WRAPPED_BUILDER,
            "13:2",
            "block is decorated with @with_norm, which may change what it makes or returns",
        ),
        (
            CACHED_FACTORY,
            "7:2",
            "shared_linear is decorated with @functools.lru_cache(maxsize=None), which may change what it makes "
            "or returns",
        ),
        (REPLACED_HELPER, "12:5", "code outside the class assigns .make"),
        (
            REPLACED_HELPER.replace("\n\ndef make_big", "\n    make = functools.partial(make, n=8)\n\ndef make_big"),
            "18:12",
            "the class body binds make to functools.partial(make, n=8), not to a def",
        ),
    ],
    ids=["wrapping-decorator", "cache", "replaced-from-outside", "bound-to-a-call"],
)
def test_a_function_init_runs_whose_body_is_not_all_it_does_is_refused(tmp_path, code, where, why):
    path, result = _summary(tmp_path, code)
    name = why.split()[0] if not why.startswith(("code", "the class")) else "make"
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"{path}:{where}: error: lstmcalc cannot follow {name} without running the code: {why}; make the "
        "modules it makes in __init__ without it, or give the model as a YAML spec\n"
    )


LAST_STEP = """def last_step(fn):
    @functools.wraps(fn)
    def wrapper(self, x):
        return fn(self, x)[:, -1]
    return wrapper


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 3, batch_first=True)
        self.fc = nn.Linear(3, 2)

    @last_step
    def encode(self, x):
        out, _ = self.gru(x)
        return out

    def forward(self, x):
        return self.fc(self.encode(x))


model = Net()
"""

UNDECORATED = LAST_STEP.replace("    @last_step\n", "")


@pytest.mark.parametrize(
    ("code", "note"),
    [
        (
            LAST_STEP,
            "forward is followed up to line 20 (encode is decorated with @last_step, which may change what it "
            "makes or returns); the shapes after it are unknown (?)",
        ),
        (
            UNDECORATED.replace("    def forward", "    @last_step\n    def forward"),
            "forward is followed up to line 24 (forward is decorated with @last_step, which may change what it "
            "makes or returns); the shapes after it are unknown (?)",
        ),
        (
            UNDECORATED.replace("model = Net()", "Net.forward = Net.encode\nmodel = Net()"),
            "forward is followed up to line 24 (forward may be replaced by code outside the class, which assigns "
            ".forward); the shapes after it are unknown (?)",
        ),
        (
            UNDECORATED.replace("\n\nmodel", "\n    forward = last_step(forward)\n\n\nmodel"),
            "forward is followed up to line 27 (the class body binds forward to last_step(forward), not to a def); "
            "the shapes after it are unknown (?)",
        ),
    ],
    ids=["decorated-method", "decorated-forward", "replaced-forward", "forward-bound-to-a-call"],
)
def test_forward_stops_where_a_body_is_not_all_it_does(tmp_path, code, note):
    _, result = _summary(tmp_path, code, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    summary = json.loads(result.stdout)
    assert summary["notes"] == [note]
    assert summary["total_params"] == 89  # GRU(4, 3) 81 and Linear(3, 2) 8: __init__ is followed whole


def test_a_shape_changed_in_place_under_another_name_is_unknown(tmp_path):
    # y = x; x.transpose_(1, 2): y is the same tensor in torch, but lstmcalc cannot tell an alias from a copy.
    code = (
        "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
        "        self.fc = nn.Linear(5, 2)\n\n    def forward(self, x):\n        y = x\n"
        "        x.transpose_(1, 2)\n        return self.fc(y)\n\n\nmodel = Net()\n"
    )
    _, result = _summary(tmp_path, code, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    summary = json.loads(result.stdout)
    assert summary["notes"] == [
        "forward does not follow line 14 (x.transpose_(1, 2) changes a tensor another name may hold too); "
        "the shapes that depend on it are unknown (?)"
    ]
    assert [layer["output_shape"] for layer in summary["layers"]] == [None]
