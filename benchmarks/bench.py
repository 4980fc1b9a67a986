"""Measure lstmcalc against the floor for a Python command, and print each ratio with its target.

    python benchmarks/bench.py                 # everything, about two minutes
    python benchmarks/bench.py --runs 40       # more runs for steadier start-up figures
    python benchmarks/bench.py --keras-python /path/to/venv/bin/python
    python benchmarks/bench.py --torch-python /path/to/venv/bin/python  # torch and torchinfo, if not Keras's
    python benchmarks/bench.py --skip-scaling  # start-up and the Keras and PyTorch comparisons
    python benchmarks/bench.py --code-only     # only code input: against Keras and against torchinfo

Run it with the interpreter of the environment lstmcalc is installed in; it needs only
the standard library. The floor for a command is the interpreter starting and importing
what the command needs, so each lstmcalc command is timed against ``python -c "import
..."`` of its own dependencies in the same environment. Every comparison is paired: the
two commands run alternately, each pair gives a ratio of their CPU times (user + system
of the child, less noisy than wall time on a shared machine), and the figure is the
median of those ratios (robust to a machine that gets busier or quieter during the run).
The same holds for the Keras and torchinfo comparisons and for each scaling step (a run of the larger
spec paired with a run of the smaller one). Median CPU and wall times are shown too.
Exit status 1 when a target is missed.

Before timing, the package is byte-compiled: an installed package always is, but an
editable install under ``PYTHONDONTWRITEBYTECODE`` would otherwise recompile lstmcalc's
own modules on every start and measure that instead.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
GESTURE = ROOT / "specs" / "gesture_classifier.yaml"
#: At most this times the floor, in paired CPU time: the table against importing click, yaml
#: and rich's console and table (what drawing it with rich would need), the JSON summary and
#: check against importing click and yaml.
TABLE_TARGET = 0.80
JSON_TARGET = 1.10
CHECK_TARGET = 1.10
STEP_TARGET = 12.0
#: A graph's table (a shared layer whose Connected to cell is 5,000 tensors long) at most
#: this times a chain's table with as many layers.
GRAPH_TARGET = 2.5
GRAPH_NODES = 20_000
SHARED_USES = 5_000
KERAS_EXPECTED = 40.0
#: Functional Keras code from the corpus (tests/keras_code_corpus.py): ``lstmcalc summary`` of the
#: code at least this many times faster, in paired CPU time, than importing Keras and building the model.
CODE_TARGET = 40.0
CODE_CASES = ("seq2seq_function", "multi_input_mlp")
#: PyTorch code from the corpus (tests/torch_corpus_cases.py) whose table lstmcalc prints exactly as
#: torchinfo does: ``lstmcalc summary`` of the code at least this many times faster, in paired CPU time,
#: than importing torch and torchinfo, building the model and printing ``torchinfo.summary``.
TORCH_TARGET = 25.0
TORCH_CASES = ("mpi_lstm_classifier", "config_dict_attention")
SCALING_LAYERS = (100, 1_000, 10_000, 100_000)

#: Runs a command in-process and reports its peak memory (KiB) and CPU seconds on stderr's last line.
MEASURED = """
import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # VmHWM starts afresh at exec; ru_maxrss would count the process this one was forked from.
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    sys.stderr.write(f"\\n{peak} {usage.ru_utime + usage.ru_stime}")
"""

#: Builds the gesture classifier in Keras from its spec and prints Keras's own summary.
KERAS_PROGRAM = """
import sys, yaml, keras
spec = yaml.safe_load(open(sys.argv[1]))
model = keras.Sequential([keras.Input(shape=spec["input"]["shape"])], name=spec["name"])
for layer in spec["layers"]:
    arguments = dict(layer)
    model.add(getattr(keras.layers, arguments.pop("type"))(**arguments))
model.summary()
"""


#: Imports Keras and builds the model of the code file it is given, as the code does (no summary).
KERAS_CODE_PROGRAM = """
import runpy, sys
import keras
runpy.run_path(sys.argv[1], run_name="__main__")
"""


#: Imports torch and torchinfo, builds a corpus case's model from its file and ``--set`` values and prints
#: torchinfo's summary for the case's inputs, as the oracle records it (tests/oracle/torch_corpus_truth.py).
TORCHINFO_PROGRAM = """
import sys
sys.path.insert(0, sys.argv[1])
from tests.oracle.torch_corpus_truth import CASES, torchinfo_text
print(torchinfo_text(sys.argv[2], CASES[sys.argv[2]]), end="")
"""


def lstmcalc_command() -> list[str]:
    """The ``lstmcalc`` script beside this interpreter, as a user runs it; ``python -m`` without one."""
    script = Path(sys.executable).with_name("lstmcalc")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lstm_calc"]


class Timing(NamedTuple):
    """One run of a command: wall and CPU seconds (user + system, of the child alone)."""

    wall: float
    cpu: float


def run_once(command: list[str], environment: dict[str, str] | None = None) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode not in (0, 1):  # 1: a check that found a problem is still a measurement
        raise SystemExit(
            f"benchmark command failed ({completed.returncode}): {' '.join(command)}\n"
            + completed.stderr.decode(errors="replace")
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(elapsed, cpu)


def paired(
    command: list[str], baseline: list[str], runs: int, warm_up: int = 3, environment: dict[str, str] | None = None
) -> tuple[list[Timing], list[Timing]]:
    """Time the two commands alternately, after warming the file cache with a few runs of each."""
    for _ in range(warm_up):
        run_once(command, environment), run_once(baseline, environment)
    times: list[Timing] = []
    floors: list[Timing] = []
    for _ in range(runs):
        times.append(run_once(command, environment))
        floors.append(run_once(baseline, environment))
    return times, floors


def paired_ratio(times: list[Timing], floors: list[Timing]) -> float:
    """The median over the pairs of one CPU time over the other."""
    return statistics.median(time.cpu / floor.cpu for time, floor in zip(times, floors))


def medians(values: list[Timing]) -> str:
    cpu = statistics.median(value.cpu for value in values) * 1000
    wall = statistics.median(value.wall for value in values) * 1000
    return f"median CPU {cpu:7.1f} ms, wall {wall:7.1f} ms"


def verdict(holds: bool) -> str:
    return "ok" if holds else "MISSED"


def startup(label: str, arguments: list[str], imports: str, runs: int, target: float) -> bool:
    """Time ``lstmcalc ARGUMENTS`` against importing ``imports``; print both and the ratio against ``target``."""
    baseline = [sys.executable, "-c", f"import {imports}"]
    times, floors = paired([*lstmcalc_command(), *arguments], baseline, runs)
    ratio = paired_ratio(times, floors)
    shown = ["lstmcalc"] + [os.path.relpath(part, ROOT) if os.sep in part else part for part in arguments]
    floor_shown = f'python -c "import {imports}"'
    print(label)
    print(f"    {' '.join(shown):60s} {medians(times)}")
    print(f"    {floor_shown:60s} {medians(floors)}")
    print(f"    paired CPU ratio {ratio:.2f}x (target <= {target:.2f}x): {verdict(ratio <= target)}")
    return ratio <= target


def scaled_spec(layers: int) -> str:
    """A chain of ``layers`` layers cycling through every recurrent and core kind, shapes unchanged."""
    kinds = [
        "{type: LSTM, units: 8, return_sequences: true}",
        "{type: GRU, units: 8, return_sequences: true}",
        "{type: Dense, units: 8}",
        "{type: Dropout, rate: 0.1}",
        "{type: SimpleRNN, units: 8, return_sequences: true}",
    ]
    return "name: scaled\ninput: {shape: [10, 8]}\nlayers:\n" + "".join(f"  - {kinds[i % 5]}\n" for i in range(layers))


def graph_spec(nodes: int, shared_uses: int) -> str:
    """A graph of ``nodes`` nodes in one line, every ``nodes // shared_uses``-th a use of one shared Dense.

    The other nodes cycle through the kinds :func:`scaled_spec` chains, so that the two
    specs differ only in the graph: the Connected to column and the shared layer's cell.
    """
    kinds = [
        "type: LSTM, units: 8, return_sequences: true",
        "type: GRU, units: 8, return_sequences: true",
        "type: Dense, units: 8",
        "type: Dropout, rate: 0.1",
        "type: SimpleRNN, units: 8, return_sequences: true",
    ]
    every = nodes // shared_uses
    lines = ["name: graph", "inputs: {x: {shape: [10, 8]}}", "layers:", "  - {type: Dense, units: 8, name: shared}"]
    for index in range(1, nodes):
        if index % every == 0:
            lines.append(f"  - {{shares: shared, name: use_{index}}}")
        else:
            lines.append(f"  - {{{kinds[index % 5]}, name: node_{index}}}")
    return "\n".join(lines) + "\n"


def graph_against_chain(directory: Path, runs: int = 5) -> bool:
    """The graph's table against the chain's, in pairs of runs, both written to a pipe."""
    graph = directory / "graph.yaml"
    chain = directory / "chain.yaml"
    graph.write_text(graph_spec(GRAPH_NODES, SHARED_USES), encoding="utf-8")
    chain.write_text(scaled_spec(GRAPH_NODES), encoding="utf-8")
    times, floors = paired(
        [*lstmcalc_command(), "summary", str(graph)], [*lstmcalc_command(), "summary", str(chain)], runs, warm_up=1
    )
    ratio = paired_ratio(times, floors)
    print(
        f"4. table of a {GRAPH_NODES:,}-node graph (a shared layer used {SHARED_USES:,} times) "
        "against a chain of as many layers"
    )
    print(f"    {'graph':60s} {medians(times)}")
    print(f"    {'chain':60s} {medians(floors)}")
    print(f"    paired CPU ratio {ratio:.2f}x (target <= {GRAPH_TARGET:.2f}x): {verdict(ratio <= GRAPH_TARGET)}")
    return ratio <= GRAPH_TARGET


def measured(arguments: list[str]) -> tuple[Timing, int]:
    """Wall and CPU seconds and peak resident memory (MiB) of ``lstmcalc ARGUMENTS``."""
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", MEASURED, "lstm_calc", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = time.perf_counter() - start
    output, _, figures = completed.stderr.rpartition("\n")
    if completed.returncode != 0:
        raise SystemExit(f"lstmcalc {' '.join(arguments)} failed:\n{output}")
    rss_kib, cpu = figures.split()
    return Timing(elapsed, float(cpu)), int(rss_kib) // 1024


def scaling(output_format: str, directory: Path, runs: int = 3) -> bool:
    """Each size against the size before it, in pairs: the step is the median of the paired CPU ratios."""
    print(
        f"3. scaling, --format {output_format}: each step at most {STEP_TARGET:g}x the CPU time of the previous "
        f"(median of {runs} paired runs)"
    )
    holds = True
    for smaller, larger in zip((None, *SCALING_LAYERS), SCALING_LAYERS):
        results: dict[int, list[tuple[Timing, int]]] = {larger: [], smaller or 0: []}
        for _ in range(runs):
            for layers in (larger, smaller) if smaller else (larger,):
                path = directory / f"layers_{layers}.yaml"
                if not path.exists():
                    path.write_text(scaled_spec(layers), encoding="utf-8")
                results[layers].append(measured(["summary", "--format", output_format, str(path)]))
        timings = [timing for timing, _ in results[larger]]
        rss = statistics.median(memory for _, memory in results[larger])
        line = f"    {larger:>7,} layers: {medians(timings)}, peak memory {rss:5.0f} MiB"
        if smaller:
            time_ratio = paired_ratio(timings, [timing for timing, _ in results[smaller]])
            memory_ratio = rss / statistics.median(memory for _, memory in results[smaller])
            step_holds = time_ratio <= STEP_TARGET and memory_ratio <= STEP_TARGET
            holds = holds and step_holds
            line += f"   x{time_ratio:5.1f} CPU, x{memory_ratio:4.1f} memory: {verdict(step_holds)}"
        print(line)
    return holds


def keras_environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.setdefault("KERAS_BACKEND", "torch")
    return environment


def importable(python: str, modules: str, environment: dict[str, str] | None = None) -> bool:
    """Whether ``python`` can import ``modules`` (``"torch, torchinfo"``)."""
    try:
        completed = subprocess.run([python, "-c", f"import {modules}"], capture_output=True, env=environment)
    except OSError:  # no such interpreter
        return False
    return completed.returncode == 0


def keras_importable(keras_python: str, environment: dict[str, str]) -> bool:
    """Whether ``keras_python`` can import Keras."""
    return importable(keras_python, "keras", environment)


def torch_importable(torch_python: str) -> bool:
    """Whether ``torch_python`` can import torch and torchinfo."""
    return importable(torch_python, "torch, torchinfo")


def keras_ratio(keras_python: str, runs: int) -> None:
    environment = keras_environment()
    if not keras_importable(keras_python, environment):
        print(
            "5. Keras 3 building and summarising the gesture model: skipped: keras is not importable by "
            f"{keras_python} (pass --keras-python PATH of an environment with Keras 3)"
        )
        return
    keras_command = [keras_python, "-c", KERAS_PROGRAM, str(GESTURE)]
    ours_command = [*lstmcalc_command(), "summary", str(GESTURE)]
    keras_times, ours = paired(keras_command, ours_command, max(5, runs // 4), warm_up=1, environment=environment)
    ratio = paired_ratio(keras_times, ours)
    print(f"5. Keras 3 ({environment['KERAS_BACKEND']} backend) building and summarising the gesture model")
    print(f"    {'keras: Sequential(...).summary()':60s} {medians(keras_times)}")
    print(f"    {'lstmcalc summary specs/gesture_classifier.yaml':60s} {medians(ours)}")
    print(f"    paired CPU ratio {ratio:.0f}x (expected >= {KERAS_EXPECTED:g}x): {verdict(ratio >= KERAS_EXPECTED)}")


def corpus_module(name: str) -> Any:
    """The test module ``tests/NAME.py`` of a corpus (standard library only), imported by its path."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_code(name: str) -> str:
    """The code of functional corpus case ``name`` (tests/keras_code_corpus.py)."""
    code: str = corpus_module("keras_code_corpus").CORPUS[name].code
    return code


def against_framework(
    framework: tuple[str, list[str]], ours: tuple[str, list[str]], runs: int, target: float, environment: Any = None
) -> bool:
    """Time a framework's command paired with lstmcalc's (each a label and a command); print both and the ratio."""
    # Half as many pairs as a start-up figure: torch's or Keras's import alone varies by a fifth from
    # one run to the next, and the median of five such ratios moved by as much as the margin.
    pairs = max(5, runs // 2)
    framework_times, our_times = paired(framework[1], ours[1], pairs, warm_up=1, environment=environment)
    ratio = paired_ratio(framework_times, our_times)
    print(f"    {framework[0]:60s} {medians(framework_times)}")
    print(f"    {ours[0]:60s} {medians(our_times)}")
    print(f"    paired CPU ratio {ratio:.0f}x (target >= {target:g}x): {verdict(ratio >= target)}")
    return ratio >= target


def keras_code_ratio(keras_python: str, runs: int, directory: Path) -> bool:
    """``lstmcalc summary`` of functional corpus code against importing Keras and building its model."""
    environment = keras_environment()
    label = "6. functional Keras code: Keras 3 importing and building the model, against lstmcalc summary of the code"
    if not keras_importable(keras_python, environment):
        print(f"{label}: skipped: keras is not importable by {keras_python} (pass --keras-python PATH)")
        return True
    print(f"{label} ({environment['KERAS_BACKEND']} backend)")
    holds = True
    for name in CODE_CASES:
        path = directory / f"{name}.py"
        path.write_text(corpus_code(name), encoding="utf-8")
        keras = (f"keras: import keras, build {name}", [keras_python, "-c", KERAS_CODE_PROGRAM, str(path)])
        ours = (f"lstmcalc summary {name}.py", [*lstmcalc_command(), "summary", str(path)])
        holds = against_framework(keras, ours, runs, CODE_TARGET, environment) and holds
    return holds


def torch_cases() -> dict[str, Any]:
    """The PyTorch corpus's cases (tests/torch_corpus_cases.py), by name."""
    cases: dict[str, Any] = corpus_module("torch_corpus_cases").CASES
    return cases


def torch_table_arguments(case: Any) -> list[str]:
    """``summary FILE --model ... --set ... --input-shape ...`` of a corpus case: its table, as torchinfo prints it."""
    arguments: list[str] = case.arguments(str(ROOT / case.path))
    return ["summary", *arguments[: arguments.index("--format")]]


def torch_code_ratio(torch_python: str, runs: int) -> bool:
    """``lstmcalc summary`` of PyTorch corpus code against torch and torchinfo building and summarising it."""
    label = (
        "7. PyTorch code: torch and torchinfo importing, building and summarising the model, "
        "against lstmcalc summary of the code"
    )
    if not torch_importable(torch_python):
        print(f"{label}: skipped: torch or torchinfo is not importable by {torch_python} (pass --torch-python PATH)")
        return True
    print(label)
    holds = True
    cases = torch_cases()
    for name in TORCH_CASES:
        torchinfo = (f"torchinfo: import torch, build {name}", [torch_python, "-c", TORCHINFO_PROGRAM, str(ROOT), name])
        ours = (f"lstmcalc summary {cases[name].file} ...", [*lstmcalc_command(), *torch_table_arguments(cases[name])])
        holds = against_framework(torchinfo, ours, runs, TORCH_TARGET) and holds
    return holds


def startup_and_scaling(options: argparse.Namespace) -> list[bool]:
    """Figures 1 to 5: start-up against the floor, scaling, and Keras building the gesture model."""
    results = [
        startup(
            "1. table", ["summary", str(GESTURE)], "click, yaml, rich.console, rich.table", options.runs, TABLE_TARGET
        ),
        startup("2. JSON", ["summary", "--format", "json", str(GESTURE)], "click, yaml", options.runs, JSON_TARGET),
        startup("2. check", ["check", str(GESTURE)], "click, yaml", options.runs, CHECK_TARGET),
    ]
    if not options.skip_scaling:
        directory = Path(tempfile.mkdtemp(prefix="lstmcalc-bench-"))
        try:
            results.append(scaling("json", directory))
            results.append(scaling("table", directory))
            results.append(graph_against_chain(directory))
        finally:
            shutil.rmtree(directory)
    keras_ratio(options.keras_python, options.runs)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="paired runs per start-up figure (default 20)")
    parser.add_argument("--keras-python", default=sys.executable, help="interpreter of an environment with Keras 3")
    parser.add_argument(
        "--torch-python", help="interpreter of an environment with torch and torchinfo (default: --keras-python)"
    )
    parser.add_argument("--skip-scaling", action="store_true", help="only the start-up, Keras and PyTorch figures")
    parser.add_argument("--code-only", action="store_true", help="only the figures of code input (6 and 7)")
    options = parser.parse_args()
    if importlib.util.find_spec("lstm_calc") is None:
        raise SystemExit(f"lstmcalc is not installed for {sys.executable}; pip install . first")
    import lstm_calc

    compileall.compile_dir(str(Path(lstm_calc.__file__).parent), quiet=1)
    print(
        f"lstmcalc {lstm_calc.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"{options.runs} paired runs per start-up figure"
    )
    results = [] if options.code_only else startup_and_scaling(options)
    directory = Path(tempfile.mkdtemp(prefix="lstmcalc-bench-code-"))
    try:
        results.append(keras_code_ratio(options.keras_python, options.runs, directory))
    finally:
        shutil.rmtree(directory)
    results.append(torch_code_ratio(options.torch_python or options.keras_python, options.runs))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
