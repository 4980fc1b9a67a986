"""Coverage-guided fuzzing of everything a spec goes through, with atheris (libFuzzer for Python).

For runs longer than the property tests in CI (tests/test_properties.py)::

    pip install -e '.[fuzz]'
    python fuzz/fuzz_spec.py -max_total_time=600

Each input is read as spec bytes, as ``lstmcalc summary`` reads a file, in the format its
first byte picks (YAML, Keras model JSON or Keras code), then summarised and rendered as
JSON, Markdown and a table, with the --stats figures. A crash is any exception but
``SpecError``, or an error whose message is not one printable line. Without a corpus
directory on the command line, the corpus is ``fuzz/corpus/``, seeded with the example
specs and the Keras JSON fixtures; crashing inputs are written to ``fuzz/artifacts/``.
Other libFuzzer options (``-jobs=2``, ``-max_len=4096``...) pass through.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import rich.console

    from lstm_calc.api import decode_spec, summarize_text
    from lstm_calc.errors import SpecError
    from lstm_calc.render.json_output import render_json
    from lstm_calc.render.markdown import render_markdown
    from lstm_calc.render.table import render_table
    from lstm_calc.stats import StatsError, model_stats

HERE = Path(__file__).resolve().parent
#: The first byte of an input picks how it is read (byte % 3), so that one corpus covers every reader.
FORMATS = ("yaml", "keras-json", "python")
SEEDS = {"yaml": "specs/*.yaml", "keras-json": "tests/fixtures/keras/*.json", "python": "specs/*.py"}


def test_one_input(data: bytes) -> None:
    """Summarise and render ``data``; raise on anything but a clean, located SpecError."""
    input_format = FORMATS[data[0] % len(FORMATS)] if data else "yaml"
    try:
        summary = summarize_text(decode_spec(data[1:], "fuzz.yaml"), "fuzz.yaml", input_format=input_format)
    except SpecError as error:
        message = str(error)
        if not message.startswith("fuzz.yaml:") or not message.isprintable():
            raise AssertionError(f"not one located, printable line: {message!r}") from error
        error.excerpt()
        return
    try:
        stats = model_stats(summary)
    except StatsError:
        stats = None
    json.loads(render_json(summary, stats))
    render_markdown(summary, stats)
    render_table(summary, rich.console.Console(file=io.StringIO(), width=80), 76, stats)


def main(argv: list[str]) -> None:
    if not any(not argument.startswith("-") for argument in argv[1:]):
        corpus = HERE / "corpus"
        corpus.mkdir(exist_ok=True)
        for index, input_format in enumerate(FORMATS):
            for seed in HERE.parent.glob(SEEDS[input_format]):
                (corpus / seed.name).write_bytes(bytes([index]) + seed.read_bytes())
        argv.append(str(corpus))
    if not any(argument.startswith("-artifact_prefix=") for argument in argv):
        (HERE / "artifacts").mkdir(exist_ok=True)
        argv.append(f"-artifact_prefix={HERE / 'artifacts'}/")
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
