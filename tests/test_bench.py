"""benchmarks/bench.py pairs every comparison, so a machine that gets busy mid-run cries no wolf."""

from __future__ import annotations

import itertools
from pathlib import Path

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


def test_functional_code_against_keras_prints_each_case_with_the_40x_target(monkeypatch, tmp_path, capsys):
    # Keras's side takes 4.5 s of CPU for the seq2seq, 3 s for the multi-input model; lstmcalc's 0.1 s.
    keras_cpu = {"seq2seq_function": 4.5, "multi_input_mlp": 3.0}
    commands = []

    def paired(command, baseline, runs, warm_up=3, environment=None):
        commands.append((command, baseline, runs, environment["KERAS_BACKEND"]))
        case = Path(command[-1]).stem
        return [Timing(wall=9.0, cpu=keras_cpu[case])] * runs, [Timing(wall=0.2, cpu=0.1)] * runs

    monkeypatch.setattr(bench, "keras_importable", lambda python, environment: True)
    monkeypatch.setattr(bench, "paired", paired)
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    assert not bench.keras_code_ratio("/venv/bin/python", runs=20, directory=tmp_path)
    assert capsys.readouterr().out.splitlines() == [
        "6. functional Keras code: Keras 3 importing and building the model, against lstmcalc summary of the code "
        "(torch backend)",
        f"    {'keras: import keras, build seq2seq_function':60s} median CPU  4500.0 ms, wall  9000.0 ms",
        f"    {'lstmcalc summary seq2seq_function.py':60s} median CPU   100.0 ms, wall   200.0 ms",
        "    paired CPU ratio 45x (target >= 40x): ok",
        f"    {'keras: import keras, build multi_input_mlp':60s} median CPU  3000.0 ms, wall  9000.0 ms",
        f"    {'lstmcalc summary multi_input_mlp.py':60s} median CPU   100.0 ms, wall   200.0 ms",
        "    paired CPU ratio 30x (target >= 40x): MISSED",
    ]
    # Keras's side imports Keras and runs the corpus case's code as written; lstmcalc reads the same file.
    for command, baseline, runs, backend in commands:
        assert command[:2] == ["/venv/bin/python", "-c"] and "import keras" in command[2]
        assert baseline[-2:] == ["summary", command[-1]] and (runs, backend) == (10, "torch")
    assert (tmp_path / "seq2seq_function.py").read_text().startswith("from keras.models import Model\n")


def test_functional_code_against_keras_is_skipped_without_keras(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(bench, "keras_importable", lambda python, environment: False)
    assert bench.keras_code_ratio("/no/python", runs=20, directory=tmp_path)
    assert capsys.readouterr().out == (
        "6. functional Keras code: Keras 3 importing and building the model, against lstmcalc summary of the code: "
        "skipped: keras is not importable by /no/python (pass --keras-python PATH)\n"
    )


def test_pytorch_code_against_torchinfo_prints_each_case_with_the_25x_target(monkeypatch, capsys):
    # torchinfo's side takes 1.5 s of CPU for the LSTM classifier, 1.2 s for the attention model; lstmcalc's 0.05 s.
    torchinfo_cpu = {"mpi_lstm_classifier": 1.5, "config_dict_attention": 1.2}
    commands = []

    def paired(command, baseline, runs, warm_up=3, environment=None):
        commands.append((command, baseline, runs))
        return [Timing(wall=2.0, cpu=torchinfo_cpu[command[-1]])] * runs, [Timing(wall=0.1, cpu=0.05)] * runs

    monkeypatch.setattr(bench, "torch_importable", lambda python: True)
    monkeypatch.setattr(bench, "paired", paired)
    assert not bench.torch_code_ratio("/venv/bin/python", runs=20)
    assert capsys.readouterr().out.splitlines() == [
        "7. PyTorch code: torch and torchinfo importing, building and summarising the model, "
        "against lstmcalc summary of the code",
        f"    {'torchinfo: import torch, build mpi_lstm_classifier':60s} median CPU  1500.0 ms, wall  2000.0 ms",
        f"    {'lstmcalc summary 11_mpi_lstm_classifier.py ...':60s} median CPU    50.0 ms, wall   100.0 ms",
        "    paired CPU ratio 30x (target >= 25x): ok",
        f"    {'torchinfo: import torch, build config_dict_attention':60s} median CPU  1200.0 ms, wall  2000.0 ms",
        f"    {'lstmcalc summary 21_config_dict_attention.py ...':60s} median CPU    50.0 ms, wall   100.0 ms",
        "    paired CPU ratio 24x (target >= 25x): MISSED",
    ]
    # torchinfo's side imports torch and torchinfo and builds the case's model from its file; lstmcalc
    # reads that file with the case's own command line, its table (no --format) as torchinfo prints it.
    (torchinfo, ours, runs), _ = commands
    assert torchinfo == ["/venv/bin/python", "-c", bench.TORCHINFO_PROGRAM, str(bench.ROOT), "mpi_lstm_classifier"]
    assert ours[-8:] == [
        "summary",
        str(bench.ROOT / "tests" / "torch_corpus" / "11_mpi_lstm_classifier.py"),
        "--model",
        "LSTMClassifier",
        "--set",
        "vocab_size=1000",
        "--input-shape",
        "4,20",
    ]
    assert runs == 10


def test_pytorch_code_against_torchinfo_is_skipped_without_torch(monkeypatch, capsys):
    monkeypatch.setattr(bench, "torch_importable", lambda python: False)
    assert bench.torch_code_ratio("/no/python", runs=20)
    assert capsys.readouterr().out == (
        "7. PyTorch code: torch and torchinfo importing, building and summarising the model, against lstmcalc "
        "summary of the code: skipped: torch or torchinfo is not importable by /no/python (pass --torch-python PATH)\n"
    )


def test_the_pytorch_figure_measures_models_whose_table_is_torchinfo_s_text():
    from tests.test_torch_corpus import TORCHINFO_TEXT_IDENTICAL

    assert set(bench.TORCH_CASES) <= set(TORCHINFO_TEXT_IDENTICAL)
