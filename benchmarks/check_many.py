"""How ``lstmcalc check`` scales with the number of specs in one call.

Generates N typical specs (stacked LSTMs and Dense layers with a budget block, like
specs/gesture_classifier.yaml) in a temporary directory, then times
``lstmcalc check`` on one of them and on all N, each as a fresh process, several times.
The target: checking 1,000 specs costs under 8x checking one (start-up dominates;
parsing must not).

    python benchmarks/check_many.py [--specs 1000] [--repeats 7]

Standard library only, plus the installed ``lstmcalc``. Exits 1 if the target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 8.0


def typical_spec(index: int, rng: random.Random) -> str:
    """A gesture-classifier-like spec: 2-4 LSTMs, 1-3 Dense layers, a budget it stays within."""
    lstm_units = [rng.choice((16, 32, 64, 128)) for _ in range(rng.randint(2, 4))]
    dense_units = [rng.choice((16, 32, 64)) for _ in range(rng.randint(0, 2))] + [rng.randint(2, 10)]
    lines = [
        f"# generated spec {index}",
        f"name: model_{index}",
        "input:",
        f"  shape: [{rng.randint(5, 50)}, {rng.randint(8, 200)}]",
        "layers:",
    ]
    for position, units in enumerate(lstm_units):
        lines += ["  - type: LSTM", f"    units: {units}", "    activation: tanh"]
        if position < len(lstm_units) - 1:
            lines.append("    return_sequences: true")
    lines += [f"  - {{type: Dense, units: {units}, activation: relu}}" for units in dense_units]
    lines += ["budget:", "  max_params: 10_000_000", "  max_param_bytes: 40 MB"]
    return "\n".join(lines) + "\n"


def lstmcalc_command() -> list[str]:
    """The installed ``lstmcalc`` script beside this Python, else ``python -m lstm_calc``."""
    script = Path(sys.executable).with_name("lstmcalc")
    if script.exists():
        return [str(script)]
    found = shutil.which("lstmcalc")
    return [found] if found else [sys.executable, "-m", "lstm_calc"]


def timed_run(command: list[str]) -> float:
    """Wall-clock seconds of one run of ``command``, which must exit 0."""
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"{' '.join(command)} exited {completed.returncode}: {completed.stderr.decode()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--specs", type=int, default=1000, help="how many specs to check in one call (1000)")
    parser.add_argument("--repeats", type=int, default=7, help="runs of each command (7)")
    options = parser.parse_args()

    rng = random.Random(4)
    command = lstmcalc_command()
    with tempfile.TemporaryDirectory(prefix="lstmcalc-bench-") as temporary:
        many = Path(temporary) / "many"
        many.mkdir()
        for index in range(options.specs):
            (many / f"spec_{index:05d}.yaml").write_text(typical_spec(index, rng), encoding="utf-8")
        check_one = [*command, "check", str(many / "spec_00000.yaml")]
        check_many = [*command, "check", str(many)]
        # One untimed run of each warms the file cache and Python's bytecode cache.
        timed_run(check_one)
        timed_run(check_many)
        single, several = [], []
        # Interleaved, so that a busy moment on a shared machine slows both alike.
        for _ in range(options.repeats):
            single.append(timed_run(check_one))
            several.append(timed_run(check_many))

    print(f"lstmcalc: {' '.join(command)}  (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(f"{'':>22} {'min':>9} {'median':>9}")
    for label, times in (("check 1 spec", single), (f"check {options.specs:,} specs", several)):
        print(f"{label:>22} {min(times) * 1000:>7.0f}ms {statistics.median(times) * 1000:>7.0f}ms")
    ratio_min = min(several) / min(single)
    ratio_median = statistics.median(several) / statistics.median(single)
    per_spec = (statistics.median(several) - statistics.median(single)) / max(options.specs - 1, 1)
    print(f"per extra spec: {per_spec * 1000:.2f} ms")
    verdict = "ok" if ratio_median < TARGET_RATIO else "MISSED"
    print(
        f"ratio {options.specs:,} / 1: {ratio_min:.2f}x (min), {ratio_median:.2f}x (median); "
        f"target < {TARGET_RATIO:g}x: {verdict}"
    )
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
