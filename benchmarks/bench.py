"""Measure lstmcalc against the floor for a Python command, and print each ratio with its target.

    python benchmarks/bench.py                 # everything, about two minutes
    python benchmarks/bench.py --runs 40       # more runs for steadier start-up figures
    python benchmarks/bench.py --keras-python /path/to/venv/bin/python

Run it with the interpreter of the environment lstmcalc is installed in; it needs only
the standard library. The floor for a command is the interpreter starting and importing
what the command needs, so each lstmcalc command is timed against ``python -c "import
..."`` of its own dependencies in the same environment, the two run alternately and the
ratio is the median of the paired runs (robust to a machine that gets busier or quieter
during the run); minimum and median times are shown too. Exit status 1 when a target
is missed.

Before timing, the package is byte-compiled: an installed package always is, but an
editable install under ``PYTHONDONTWRITEBYTECODE`` would otherwise recompile lstmcalc's
own modules on every start and measure that instead.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GESTURE = ROOT / "specs" / "gesture_classifier.yaml"
STARTUP_TARGET = 1.25
STEP_TARGET = 12.0
KERAS_EXPECTED = 40.0
SCALING_LAYERS = (100, 1_000, 10_000, 100_000)

#: Runs a command in-process and reports its peak memory (KiB) and CPU seconds on stderr's last line.
MEASURED = """
import resource, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
finally:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write(f"\\n{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
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


def lstmcalc_command() -> list[str]:
    """The ``lstmcalc`` script beside this interpreter, as a user runs it; ``python -m`` without one."""
    script = Path(sys.executable).with_name("lstmcalc")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lstm_calc"]


def run_once(command: list[str], environment: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):  # 1: a check that found a problem is still a measurement
        raise SystemExit(f"benchmark command failed ({completed.returncode}): {' '.join(command)}\n"
                         + completed.stderr.decode(errors="replace"))
    return elapsed


def paired(command: list[str], baseline: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Time the two commands alternately, after warming the file cache with a few runs of each."""
    for _ in range(3):
        run_once(command), run_once(baseline)
    times: list[float] = []
    floors: list[float] = []
    for _ in range(runs):
        times.append(run_once(command))
        floors.append(run_once(baseline))
    return times, floors


def milliseconds(values: list[float]) -> str:
    return f"min {min(values) * 1000:6.1f} ms, median {statistics.median(values) * 1000:6.1f} ms"


def verdict(holds: bool) -> str:
    return "ok" if holds else "MISSED"


def startup(label: str, arguments: list[str], imports: str, runs: int) -> bool:
    """Time ``lstmcalc ARGUMENTS`` against importing ``imports``; print both and the ratio."""
    baseline = [sys.executable, "-c", f"import {imports}"]
    times, floors = paired([*lstmcalc_command(), *arguments], baseline, runs)
    ratio = statistics.median(time / floor for time, floor in zip(times, floors))
    shown = ["lstmcalc"] + [os.path.relpath(part, ROOT) if os.sep in part else part for part in arguments]
    floor_shown = f'python -c "import {imports}"'
    print(label)
    print(f"    {' '.join(shown):60s} {milliseconds(times)}")
    print(f"    {floor_shown:60s} {milliseconds(floors)}")
    print(f"    ratio {ratio:.2f}x (target <= {STARTUP_TARGET}x): {verdict(ratio <= STARTUP_TARGET)}")
    return ratio <= STARTUP_TARGET


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


def measured(arguments: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak resident memory (MiB) and CPU seconds of ``lstmcalc ARGUMENTS``."""
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
    return elapsed, int(rss_kib) // 1024, float(cpu)


def scaling(output_format: str, directory: Path) -> bool:
    print(f"3. scaling, --format {output_format}: each step at most {STEP_TARGET:g}x the time of the previous")
    holds = True
    previous = None
    for layers in SCALING_LAYERS:
        path = directory / f"layers_{layers}.yaml"
        if not path.exists():
            path.write_text(scaled_spec(layers), encoding="utf-8")
        repeats = 3 if layers < 100_000 else 2
        runs = [measured(["summary", "--format", output_format, str(path)]) for _ in range(repeats)]
        wall = min(run[0] for run in runs)
        rss = min(run[1] for run in runs)
        line = f"    {layers:>7,} layers: {wall * 1000:8.0f} ms, peak memory {rss:5d} MiB"
        if previous:
            time_ratio, memory_ratio = wall / previous[0], rss / previous[1]
            step_holds = time_ratio <= STEP_TARGET and memory_ratio <= STEP_TARGET
            holds = holds and step_holds
            line += f"   x{time_ratio:5.1f} time, x{memory_ratio:4.1f} memory: {verdict(step_holds)}"
        print(line)
        previous = wall, rss
    return holds


def keras_ratio(keras_python: str, runs: int) -> None:
    environment = dict(os.environ)
    environment.setdefault("KERAS_BACKEND", "torch")
    try:
        importable = subprocess.run([keras_python, "-c", "import keras"], capture_output=True, env=environment)
    except OSError:  # no such interpreter
        importable = None
    if importable is None or importable.returncode != 0:
        print("4. Keras 3 building and summarising the gesture model: skipped: keras is not importable by "
              f"{keras_python} (pass --keras-python PATH of an environment with Keras 3)")
        return
    keras_command = [keras_python, "-c", KERAS_PROGRAM, str(GESTURE)]
    keras_times = [run_once(keras_command, environment) for _ in range(max(3, runs // 5))]
    ours = [run_once([*lstmcalc_command(), "summary", str(GESTURE)]) for _ in range(max(3, runs // 5))]
    # Minimum over minimum: the least disturbed run of each (these runs are not paired).
    ratio = min(keras_times) / min(ours)
    print(f"4. Keras 3 ({environment['KERAS_BACKEND']} backend) building and summarising the gesture model")
    print(f"    {'keras: Sequential(...).summary()':60s} {milliseconds(keras_times)}")
    print(f"    {'lstmcalc summary specs/gesture_classifier.yaml':60s} {milliseconds(ours)}")
    print(f"    ratio {ratio:.0f}x (expected >= {KERAS_EXPECTED:g}x): {verdict(ratio >= KERAS_EXPECTED)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="paired runs per start-up figure (default 20)")
    parser.add_argument("--keras-python", default=sys.executable, help="interpreter of an environment with Keras 3")
    parser.add_argument("--skip-scaling", action="store_true", help="only the start-up and Keras figures")
    options = parser.parse_args()
    if importlib.util.find_spec("lstm_calc") is None:
        raise SystemExit(f"lstmcalc is not installed for {sys.executable}; pip install . first")
    import lstm_calc

    compileall.compile_dir(str(Path(lstm_calc.__file__).parent), quiet=1)
    print(f"lstmcalc {lstm_calc.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"{options.runs} paired runs per start-up figure")
    results = [
        startup("1. table", ["summary", str(GESTURE)], "click, yaml, rich.console, rich.table", options.runs),
        startup("2. JSON", ["summary", "--format", "json", str(GESTURE)], "click, yaml", options.runs),
        startup("2. check", ["check", str(GESTURE)], "click, yaml", options.runs),
    ]
    if not options.skip_scaling:
        directory = Path(tempfile.mkdtemp(prefix="lstmcalc-bench-"))
        try:
            results.append(scaling("json", directory))
            results.append(scaling("table", directory))
        finally:
            shutil.rmtree(directory)
    keras_ratio(options.keras_python, options.runs)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
