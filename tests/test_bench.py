"""benchmarks/bench.py pairs every comparison, so a machine that gets busy mid-run cries no wolf."""

from __future__ import annotations

import itertools

from benchmarks import bench
from benchmarks.bench import Timing


def test_a_paired_ratio_is_the_median_of_each_pairs_cpu_ratio():
    # The machine is three times busier for the middle pair: both commands slow down alike.
    times = [Timing(wall=9.0, cpu=0.10), Timing(wall=9.0, cpu=0.30), Timing(wall=9.0, cpu=0.13)]
    floors = [Timing(wall=0.1, cpu=0.08), Timing(wall=0.1, cpu=0.24), Timing(wall=0.1, cpu=0.10)]
    assert round(bench.paired_ratio(times, floors), 9) == 1.25  # 1.25, 1.25, 1.3: wall times play no part


def test_paired_runs_alternate_the_two_commands(monkeypatch):
    calls = []

    def run_once(command, environment=None):
        calls.append(command[0])
        return Timing(0.1, 0.1)

    monkeypatch.setattr(bench, "run_once", run_once)
    times, floors = bench.paired(["ours"], ["floor"], runs=3, warm_up=1)
    assert (len(times), len(floors)) == (3, 3)
    assert calls == ["ours", "floor"] * 4


def test_a_scaling_step_is_paired_so_one_disturbed_run_misses_nothing(monkeypatch, tmp_path, capsys):
    # Each spec ten times the last costs ten times the CPU, but one run of the 100-layer spec
    # lands on a busy moment (5x). Unpaired single runs would call that step x50, a miss.
    cost = {10: 0.01, 100: 0.1}
    disturbed = itertools.count()

    def measured(arguments):
        layers = int(arguments[-1].rsplit("_", 1)[1].split(".")[0])
        slow = 5 if layers == 100 and next(disturbed) == 0 else 1
        return Timing(cost[layers] * slow, cost[layers] * slow), 20

    monkeypatch.setattr(bench, "SCALING_LAYERS", (10, 100))
    monkeypatch.setattr(bench, "measured", measured)
    assert bench.scaling("json", tmp_path, runs=3)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].endswith("x 10.0 CPU, x 1.0 memory: ok")
