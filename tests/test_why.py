"""``lstmcalc why``: which known mistake gives a person's number, with both calculations.

Every mistake of the catalogue (lstm_calc/layers/mistakes.py) has a case here with the
number a person gets by making it; the right counts are pinned to real Keras 3 / torch.nn
in tests/oracle/test_why_oracle.py, and so are the wrong ones where a real layer has them
(Keras's LSTM without bias, torch.nn.LSTM for Keras's LSTM counted with two biases...).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lstm_calc.layers.mistake_records import Case, Setting
from lstm_calc.layers.mistakes import BATCH_MULTIPLIED, MISTAKES, OTHER_LAYER_COUNT, mistakes_of
from lstm_calc.why import diagnose_options
from tests.conftest import SPECS

GESTURE = str(SPECS / "gesture_classifier.yaml")

SEED_SENTENCES = [
    "48,896 is 4 × 64 × (126 + 64 + 1): the first LSTM's count.",
    "`lstm_1` reads the 64 features `lstm` outputs, not the 126 input features: 4 × 128 × (64 + 128 + 1) = 98,816.",
]


def test_the_seed_claim_is_diagnosed_as_the_issue_says(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = run("why", GESTURE, "--layer", "lstm_1", "--got", "48896")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "\n".join(
        [
            "`lstm_1` (LSTM) has 98,816 parameters, not 48,896.",
            "",
            *SEED_SENTENCES,
            "",
            "  yours LSTM params = 4 × units × (input_dim + units + 1) = 4 × 64 × (126 + 64 + 1)  = 48,896",
            "  right LSTM params = 4 × units × (input_dim + units + 1) = 4 × 128 × (64 + 128 + 1) = 98,816",
            "",
        ]
    )


def test_the_seed_claim_at_80_columns(run, golden):
    result = run("why", GESTURE, "--layer", "lstm_1", "--got", "48896")
    assert result.exit_code == 0
    golden("why/gesture_lstm_1_48896.out", result.stdout)


def test_the_seed_claim_as_json(run):
    result = run("why", GESTURE, "--layer", "lstm_1", "--got", "48896", "--format", "json")
    document = json.loads(result.stdout)
    assert (document["layer"], document["got"], document["params"], document["verdict"]) == (
        "lstm_1",
        48_896,
        98_816,
        "explained",
    )
    assert document["right"]["substituted"] == "4 × 128 × (64 + 128 + 1)"
    [explanation] = document["explanations"]
    assert explanation["substituted"] == "4 × 64 × (126 + 64 + 1)"
    assert explanation["mistakes"] == [
        {
            "key": "other_layer_count",
            "counted": "the first LSTM's count",
            "reason": "`lstm_1` reads the 64 features `lstm` outputs, not the 126 input features",
        }
    ]


#: (the command's layer, the number a person gets, the mistake that gives it, the wrong calculation)
CATALOGUE_CASES = [
    ("lstm --units 12 --input-dim 80", 4_416, "bias_forgotten", "4 × 12 × (80 + 12)"),
    ("lstm --units 12 --input-dim 80", 4_512, "torch_biases_in_keras", "4 × 12 × (80 + 12 + 2)"),
    ("lstm --units 12 --input-dim 80 --framework pytorch", 4_464, "keras_bias_in_torch", "4 × 12 × (80 + 12 + 1)"),
    ("lstm --units 12 --input-dim 80 --bidirectional", 4_464, "bidirectional_not_doubled", "4 × 12 × (80 + 12 + 1)"),
    (
        "lstm --units 12 --input-dim 80 --bidirectional",
        17_856,
        "bidirectional_doubled_twice",
        "2 × 2 × 4 × 12 × (80 + 12 + 1)",
    ),
    (
        "lstm --units 12 --input-dim 80 --bidirectional --framework pytorch",
        4_512,
        "bidirectional_not_doubled",
        "4 × 12 × (80 + 12 + 2)",
    ),
    (
        "gru --units 12 --input-dim 80 --bidirectional --framework pytorch",
        13_536,
        "bidirectional_doubled_twice",
        "2 × 2 × 3 × 12 × (80 + 12 + 2)",
    ),
    (
        "lstm --units 12 --input-dim 80 --num-layers 2 --framework pytorch",
        4_512,
        "num_layers_ignored",
        "4 × 12 × (80 + 12 + 2)",
    ),
    ("lstm --units 64 --input-dim 126 --time-steps 5", 17_920, "time_steps_as_features", "4 × 64 × (5 + 64 + 1)"),
    (
        "lstm --units 12 --input-dim 80 --proj-size 5 --framework pytorch",
        4_512,
        "proj_size_ignored",
        "4 × 12 × (80 + 12 + 2)",
    ),
    ("lstm --units 12 --input-dim 80", 3_348, "gates_3", "3 × 12 × (80 + 12 + 1)"),
    ("lstm --units 12 --input-dim 80", 1_116, "gates_1", "12 × (80 + 12 + 1)"),
    ("gru --units 64 --input-dim 32", 18_624, "reset_after_ignored", "3 × 64 × (32 + 64 + 1)"),
    ("gru --units 64 --input-dim 32 --no-reset-after", 18_816, "reset_after_assumed", "3 × 64 × (32 + 64 + 2)"),
    ("gru --units 64 --input-dim 32", 25_088, "gates_4", "4 × 64 × (32 + 64 + 2)"),
    ("gru --units 64 --input-dim 32", 6_272, "gates_1", "64 × (32 + 64 + 2)"),
    ("gru --units 64 --input-dim 32 --framework pytorch", 18_624, "keras_bias_in_torch", "3 × 64 × (32 + 64 + 1)"),
    ("simplernn --units 32 --input-dim 10", 5_504, "gates_4", "4 × 32 × (10 + 32 + 1)"),
    ("simplernn --units 32 --input-dim 10", 4_128, "gates_3", "3 × 32 × (10 + 32 + 1)"),
    ("simplernn --units 32 --input-dim 10", 1_408, "torch_biases_in_keras", "32 × (10 + 32 + 2)"),
    ("dense --units 64 --input-dim 128", 8_192, "bias_forgotten", "128 × 64"),
    ("dense --units 64 --input-dim 128 --time-steps 10", 81_984, "time_steps_flattened", "64 × (1280 + 1)"),
    (
        "embedding --input-dim 10000 --output-dim 128 --time-steps 40",
        400_000,
        "embedding_times_steps",
        "10000 × 40",
    ),
    ("conv1d --filters 32 --kernel-size 3 --input-dim 80", 7_680, "bias_forgotten", "32 × 3 × 80"),
    ("conv1d --filters 32 --kernel-size 3 --input-dim 80", 2_592, "kernel_size_forgotten", "32 × (1 × 80 + 1)"),
    (
        "conv1d --filters 32 --kernel-size 3 --input-dim 80 --time-steps 20",
        1_952,
        "time_steps_as_features",
        "32 × (3 × 20 + 1)",
    ),
    ("lstm --units 12 --input-dim 80 --batch-size 32", 142_848, BATCH_MULTIPLIED, "32 × 4 × 12 × (80 + 12 + 1)"),
    ("lstm --units 12 --input-dim 80", 35_712, BATCH_MULTIPLIED, "8 × 4 × 12 × (80 + 12 + 1)"),
    (
        "mha --embed-dim 64 --num-heads 4 --key-dim 64",
        16_640,
        "heads_split",
        "4 × (2 × 16 + 16) × (64 + 1) + 64 × (4 × 16 + 1)",
    ),
    (
        "mha --embed-dim 64 --num-heads 4",
        66_368,
        "heads_full_width",
        "4 × (2 × 64 + 64) × (64 + 1) + 64 × (4 × 64 + 1)",
    ),
    (
        "mha --embed-dim 64 --num-heads 4 --framework pytorch",
        66_368,
        "heads_full_width",
        "4 × (2 × 64 + 64) × (64 + 1) + 64 × (4 × 64 + 1)",
    ),
    ("mha --embed-dim 64 --num-heads 4 --framework pytorch", 16_384, "bias_forgotten", "4 × 64 × 64"),
    ("convlstm2d --filters 32 --kernel-size 3 --input-dim 3", 40_320, "bias_forgotten", "4 × 32 × 3 × 3 × (3 + 32)"),
]

#: Mistakes that need a model around the layer: (layer, number, mistake, wrong calculation).
MODEL_CASES = [
    ("lstm_1", 48_896, OTHER_LAYER_COUNT, "4 × 64 × (126 + 64 + 1)"),
    ("lstm_1", 130_560, "wrong_input_layer", "4 × 128 × (126 + 128 + 1)"),
    ("lstm_2", 98_816, OTHER_LAYER_COUNT, "4 × 128 × (64 + 128 + 1)"),
    ("dense_1", 4_160, OTHER_LAYER_COUNT, "64 × (64 + 1)"),
]


@pytest.mark.parametrize(("layer", "got", "key", "wrong"), CATALOGUE_CASES, ids=lambda value: str(value))
def test_each_mistake_gives_the_number_a_person_gets(run, layer, got, key, wrong):
    result = run("why", *layer.split(), "--got", str(got), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["verdict"] == "explained"
    first = document["explanations"][0]
    assert [step["key"] for step in first["mistakes"]] == [key]
    assert (first["substituted"], first["params"]) == (wrong, got)


@pytest.mark.parametrize(("layer", "got", "key", "wrong"), MODEL_CASES, ids=lambda value: str(value))
def test_each_model_mistake_gives_the_number_a_person_gets(run, layer, got, key, wrong):
    result = run("why", GESTURE, "--layer", layer, "--got", str(got), "--format", "json")
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)["explanations"][0]
    assert [step["key"] for step in first["mistakes"]] == [key]
    assert (first["substituted"], first["params"]) == (wrong, got)


def test_every_mistake_of_the_catalogue_has_a_case():
    keys = {mistake.key for mistakes in MISTAKES.values() for mistake in mistakes}
    tested = {case[2] for case in CATALOGUE_CASES + MODEL_CASES}
    assert keys | {BATCH_MULTIPLIED, OTHER_LAYER_COUNT} == tested


def test_a_mistake_made_inside_bidirectional(run):
    # Keras's Bidirectional(LSTM(12)) on 80 features without its bias: 2 × 4,416.
    result = run("why", str(SPECS / "bidirectional_encoder.yaml"), "--layer", "bidirectional", "--got", "8832")
    assert result.exit_code == 0
    assert "8,832 is 2 × 4 × 12 × (80 + 12): the count without the bias." in result.stdout


def test_a_pair_of_mistakes(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = run("why", GESTURE, "--layer", "lstm_1", "--got", "130048")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2:4] == [
        "130,048 is 4 × 128 × (126 + 128): the count without the bias; and the count on the 126 features `lstm` reads.",
        "`lstm_1` has a bias (use_bias: true); and `lstm_1` reads the 64 features `lstm` outputs, not the 126 input "
        "features: 4 × 128 × (64 + 128 + 1) = 98,816.",
    ]


def test_the_right_number(run):
    result = run("why", "lstm", "--units", "12", "--input-dim", "80", "--got", "4464")
    assert (result.exit_code, result.stdout) == (
        0,
        "4,464 is right: this LSTM has 4,464 parameters.\n\n"
        "  right LSTM params = 4 × units × (input_dim + units + 1) = 4 × 12 × (80 + 12 + 1) = 4,464\n",
    )


def test_no_known_mistake_exits_1_with_the_right_calculation(run):
    result = run("why", "lstm", "--units", "128", "--input-dim", "64", "--got", "48896")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == (
        "This LSTM has 98,816 parameters, not 48,896.\n"
        "No known mistake, nor pair of mistakes, gives 48,896. The right count:\n\n"
        "  right LSTM params = 4 × units × (input_dim + units + 1) = 4 × 128 × (64 + 128 + 1) = 98,816\n"
    )


def test_unexplained_as_json(run):
    result = run("why", "lstm", "--units", "128", "--input-dim", "64", "--got", "48896", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert (document["verdict"], document["explanations"], document["params"]) == ("unexplained", [], 98_816)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((GESTURE, "--got", "1"), "Error: with a spec, name the layer: --layer NAME"),
        (
            (GESTURE, "--layer", "lstm_9", "--got", "1"),
            "Error: gesture_classifier has no layer named 'lstm_9'; layers with a formula: "
            "lstm, lstm_1, lstm_2, dense, dense_1, dense_2",
        ),
        (("lstm", "--units", "12", "--input-dim", "80", "--layer", "x", "--got", "1"), "--layer names a layer"),
        ((GESTURE, "--layer", "lstm", "--units", "3", "--got", "1"), "Error: --units describes a KIND"),
        (("lstm", "--units", "12", "--got", "1"), "Error: lstm needs --input-dim"),
        (("lstm", "--units", "12", "--input-dim", "80"), "Missing option '--got'"),
    ],
    ids=lambda value: str(value)[:40],
)
def test_usage_errors_exit_2(run, args, message):
    result = run("why", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_bad_spec_is_a_located_error(run, tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("input: {shape: [5, 3]}\nlayers:\n  - {type: LSTM, units: -1}\n", encoding="utf-8")
    result = run("why", str(spec), "--layer", "lstm", "--got", "1")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{spec}:3:")


def test_every_wrong_count_is_the_varied_layers_own_weights():
    """A mistake varies what the layer's formula is given: the varied layer's weights count the same."""
    for layer_options, *_ in CATALOGUE_CASES:
        from lstm_calc.cli.learning_commands import _layer_options
        from lstm_calc.why import _built

        words = layer_options.split()
        given, framework, time_steps, batch = {}, "keras", None, None
        pairs = iter(words[1:])
        for word in pairs:
            name = word[2:].replace("-", "_")
            if name in ("bidirectional", "no_reset_after"):
                given[name] = True
            elif name == "framework":
                framework = next(pairs)
            else:
                value = int(next(pairs))
                if name == "time_steps":
                    time_steps = value
                elif name == "batch_size":
                    batch = value
                else:
                    given[name] = value
        layer, shape = _built(_layer_options(words[0], framework, **given), time_steps, batch)
        for mistake in mistakes_of(layer):
            variation = mistake.vary(Case(layer, shape), Setting())
            if variation is None or variation.case.factor is not None:
                continue
            varied = variation.case
            assert varied.count() == sum(weight.size for weight in varied.layer.weights(varied.input_shape)), (
                layer_options,
                mistake.key,
            )


def test_the_library_answers_without_the_command_line():
    from lstm_calc.formulas import LayerOptions

    diagnosis = diagnose_options(LayerOptions("gru", units=64, input_dim=32), 18_624)
    assert diagnosis.verdict == "explained"
    assert diagnosis.explanations[0].steps[0].key == "reset_after_ignored"


def test_help_imports_neither_why_nor_quiz():
    program = (
        "from lstm_calc.cli import main\n"
        "try:\n    main(['--help'], prog_name='lstmcalc')\nexcept SystemExit:\n    pass\n"
        "import sys\nprint(' '.join(sorted(sys.modules)), file=sys.stderr)"
    )
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True)
    loaded = set(completed.stderr.split())
    assert "lstm_calc.cli.learning_commands" in loaded  # --help lists the commands' short help
    assert (
        not {
            "lstm_calc.why",
            "lstm_calc.layers.mistakes",
            "lstm_calc.render.why_text",
            "lstm_calc.quiz",
            "lstm_calc.quiz_models",
            "lstm_calc.render.quiz_text",
        }
        & loaded
    )


def test_the_docs_examples_of_why_and_quiz_are_real_output(run):
    import re

    from tests.docs_pages import page

    readme = page("reference/why.md", "reference/quiz.md")
    examples = re.findall(r"```\n\$ lstmcalc ((?:why|quiz) .+?)\n(.*?)```", readme, flags=re.S)
    assert len(examples) == 2
    for command, output in examples:
        assert run(*[word.strip("'") for word in command.split()]).stdout == output, command
