"""The oracle suite's shared scaffolding, used by the Keras and the torch.nn oracle modules alike.

A spec is a plain Python dict. It is dumped to YAML for lstmcalc and translated into
framework code by ``keras_side.py`` or ``test_torch_oracle.py``, so the two sides can
only differ where lstmcalc and the framework disagree. Everything here touches only
lstmcalc and YAML, never a framework:

- building specs: :func:`seq_spec`, :func:`input_block`, the argument spellings lstmcalc
  declares for a layer (:func:`declared_spellings`, :func:`with_spelling`);
- running lstmcalc: its JSON document from the library (:func:`lstmcalc_document`), its
  refusal (:func:`lstmcalc_refusal`), and what its command line must print when it refuses
  (:func:`assert_cli_refuses`);
- comparing: pinned counts (:func:`assert_pinned_counts`), and the verdict on a randomly
  mutated spec, judged by the framework (:func:`judge_mutation`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from lstm_calc.api import summarize_text
from lstm_calc.errors import SpecError
from lstm_calc.render.json_output import summary_to_dict

SPEC_FILE = "spec.yaml"


# --------------------------------------------------------------------------------------
# Building specs
# --------------------------------------------------------------------------------------


def dump_spec(spec: dict[str, Any]) -> str:
    """The YAML text lstmcalc reads for ``spec``, keys in the order they were written."""
    return yaml.safe_dump(spec, sort_keys=False, default_flow_style=None)


def input_block(shape: list, batch_size: int | None = None) -> dict[str, Any]:
    """An ``input:`` block: the per-sample shape, and the batch size when it is fixed."""
    return {"shape": shape, **({"batch_size": batch_size} if batch_size is not None else {})}


def seq_spec(*layers: dict[str, Any], shape: list, batch_size: int | None = None, **top: Any) -> dict[str, Any]:
    """A spec with an ``input:`` block; ``top`` adds top-level keys such as ``name`` or ``framework``."""
    return {**top, "input": input_block(shape, batch_size), "layers": list(layers)}


def divisors(number: int) -> list[int]:
    """The divisors of ``number``: the ``groups`` a convolution over that many channels can take."""
    return [divisor for divisor in range(1, number + 1) if number % divisor == 0]


def declared_spellings(class_name: str) -> list[tuple[str, tuple[str, ...], Any]]:
    """(spelling, every spelling of its argument, default) for each key lstmcalc takes for a layer type.

    Read from lstmcalc's own argument table, so that new arguments are checked too; a
    required argument's default is None.
    """
    from lstm_calc.arguments import REQUIRED
    from lstm_calc.layers import LAYER_TYPES

    return [
        (spelling, (argument.name, *argument.aliases), None if argument.default is REQUIRED else argument.default)
        for argument in LAYER_TYPES[class_name.lower()].arguments.values()
        for spelling in (argument.name, *argument.aliases)
    ]


def with_spelling(entry: dict[str, Any], spelling: str, spellings: tuple[str, ...], default: Any) -> dict[str, Any]:
    """The entry with its argument written as ``spelling``: the value it gives under another spelling
    moves to this one, and an argument it leaves out gets ``default``."""
    changed = dict(entry)
    given = next((key for key in spellings if key in changed), None)
    if given is None:
        changed[spelling] = default
    elif given != spelling:
        changed[spelling] = changed.pop(given)
    return changed


def is_annotation(class_name: str, spelling: str, convention: str) -> bool:
    """A count-neutral argument lstmcalc keeps under either convention (one the other framework lacks)."""
    from lstm_calc.arguments import anything
    from lstm_calc.layers import LAYER_TYPES

    for argument in LAYER_TYPES[class_name.lower()].arguments.values():
        if spelling in (argument.name, *argument.aliases):
            return argument.check is anything or (convention == "keras" and not argument.keras)
    return False


# --------------------------------------------------------------------------------------
# Running lstmcalc
# --------------------------------------------------------------------------------------


def lstmcalc_document(spec: dict[str, Any], framework: str | None = None) -> dict[str, Any]:
    """lstmcalc's JSON document for ``spec`` (as ``--format json`` prints it), from the library."""
    return summary_to_dict(summarize_text(dump_spec(spec), SPEC_FILE, framework))


def lstmcalc_refusal(spec: dict[str, Any], framework: str | None = None) -> SpecError | None:
    """lstmcalc's error for ``spec``, or None when it summarises it."""
    try:
        lstmcalc_document(spec, framework)
    except SpecError as error:
        return error
    return None


ERROR_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<column>\d+): error: \S")


def assert_cli_refuses(result: Any) -> None:
    """Exit 2, nothing on stdout, and one ``file:line:col: error: ...`` line on stderr."""
    assert result.exit_code == 2, f"exit {result.exit_code}, stdout:\n{result.stdout}"
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, repr(result.stderr)
    match = ERROR_LINE.match(result.stderr)
    assert match, repr(result.stderr)
    assert match["file"] == result.spec_path
    assert int(match["line"]) >= 1 and int(match["column"]) >= 1


# --------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------


def assert_pinned_counts(views: tuple[dict[str, Any], ...], layer_counts: list[int], total: int) -> None:
    """Each view (lstmcalc's, the framework's) has the published per-layer counts and total."""
    for view in views:
        assert [layer["params"] for layer in view["layers"]] == layer_counts
        assert view["total_params"] == total


def assert_both_refuse(refusal: Exception | None, spec: dict[str, Any], run_cli: Callable[..., Any], why: str) -> None:
    """The framework refused ``spec`` (else ``why`` says where the case belongs), and lstmcalc's CLI refuses it."""
    assert refusal is not None, why
    assert_cli_refuses(run_cli(dump_spec(spec)))


def judge_mutation(
    spec: dict[str, Any],
    mutation: str,
    refusal: Exception | None,
    assert_matches: Callable[[dict[str, Any]], None],
    run_cli: Callable[..., Any],
) -> None:
    """A mutated spec, judged by the framework: where it builds, lstmcalc states what it built
    (``assert_matches``); where it refuses (``refusal``), lstmcalc's command line refuses too."""
    if refusal is None:
        assert_matches(spec)
        return
    result = run_cli(dump_spec(spec))
    assert result.exit_code == 2, (
        f"mutation {mutation!r}: the framework refuses ({type(refusal).__name__}: {refusal}) "
        f"but lstmcalc exits {result.exit_code}\n{dump_spec(spec)}"
    )
    assert_cli_refuses(result)
