"""A Keras MultiHeadAttention whose num_heads does not divide the query's features (num_heads=2,
key_dim=4 on 5 features) is fine in Keras, which gives each head key_dim features of its own; torch's
MultiheadAttention splits embed_dim across its heads and refuses it. ``params``, ``explain`` and
``why`` print the Keras figures and say torch has no equivalent (they stopped with an internal error).
Keras 3.15.1 counts 189 and 278 parameters; tests/oracle/test_attention_quick_commands_oracle.py checks
both live, and that torch refuses them."""

from __future__ import annotations

from pathlib import Path

from lstm_calc.formulas import LayerOptions, calculate

CODE = (
    "import keras\nfrom keras import layers\n\ninp = keras.Input(shape=(6, 5))\n"
    "x = layers.MultiHeadAttention(num_heads=2, key_dim=4)(inp, inp)\nmodel = keras.Model(inp, x)\n"
)
FORMULA = (
    "MultiHeadAttention params = num_heads × (2 × key_dim + value_dim) × (embed_dim + 1) + embed_dim × "
    "(num_heads × value_dim + 1) = 2 × (2 × 4 + 4) × (5 + 1) + 5 × (2 × 4 + 1) = 189"
)
NO_EQUIVALENT = (
    "torch.nn.MultiheadAttention has no equivalent: its heads are always embed_dim / num_heads wide for query, key "
    "and value alike (it has no key_dim), so num_heads must divide embed_dim, and {heads} does not divide {embed} "
    "(torch: embed_dim must be divisible by num_heads)."
)


def _code(tmp_path: Path) -> str:
    path = tmp_path / "model.py"
    path.write_text(CODE, encoding="utf-8")
    return str(path)


def test_params_prints_the_keras_count_and_no_torch_equivalent(run, golden) -> None:
    result = run("params", "mha", "--embed-dim", "6", "--num-heads", "4", "--key-dim", "3", "--value-dim", "2")
    assert (result.exit_code, result.stderr) == (0, "")
    golden("params/mha_6_4_3_2.out", result.stdout)


def test_the_note_says_torch_has_no_equivalent() -> None:
    calculation = calculate(LayerOptions("mha", embed_dim=6, num_heads=4, key_dim=3, value_dim=2))
    assert (calculation.params, calculation.note) == (278, NO_EQUIVALENT.format(heads=4, embed=6))


def test_explain_prints_the_keras_lesson(run, golden, tmp_path: Path) -> None:
    result = run("explain", _code(tmp_path))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:2] == ["multi_head_attention (MultiHeadAttention): 189 params", FORMULA]
    golden("explain/mha_heads_not_dividing.out", result.stdout)


def test_why_compares_with_the_keras_count(run, tmp_path: Path) -> None:
    result = run("why", _code(tmp_path), "--layer", "multi_head_attention", "--got", "123")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout == (
        "`multi_head_attention` (MultiHeadAttention) has 189 parameters, not 123.\n"
        "No known mistake, nor pair of mistakes, gives 123. The right count:\n\n"
        f"  right {FORMULA}\n"
    )


def test_why_finds_the_mistake_of_full_width_heads(run, tmp_path: Path) -> None:
    result = run("why", _code(tmp_path), "--layer", "multi_head_attention", "--got", "235")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:3] == [
        "`multi_head_attention` (MultiHeadAttention) has 189 parameters, not 235.",
        "",
        "235 is 2 × (2 × 5 + 5) × (5 + 1) + 5 × (2 × 5 + 1): the count with every head 5",
    ]
