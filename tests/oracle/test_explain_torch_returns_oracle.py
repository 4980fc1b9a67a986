"""``explain`` on a torch.nn recurrent module says what it returns: every shape it names and every
claim about h_n's indices and out[:, -1], checked on a real module's forward pass."""

from __future__ import annotations

import re

import pytest

torch = pytest.importorskip("torch")

from click.testing import CliRunner  # noqa: E402

from lstm_calc.cli import main  # noqa: E402

pytestmark = pytest.mark.oracle

BATCH, STEPS, FEATURES, HIDDEN = 3, 7, 5, 6
MODULES = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "simplernn": torch.nn.RNN}


def explained(kind: str, *options: str) -> str:
    result = CliRunner().invoke(
        main,
        ["explain", kind, "--units", str(HIDDEN), "--input-dim", str(FEATURES), "--framework", "pytorch", *options],
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout.split("What the torch.nn module returns", 1)[1].split("\n\n", 1)[0]


@pytest.mark.parametrize("kind", sorted(MODULES))
@pytest.mark.parametrize(("layers", "bidirectional"), [(1, False), (2, False), (1, True), (3, True)])
def test_the_shapes_and_indices_it_names_are_torch_s(kind: str, layers: int, bidirectional: bool) -> None:
    options = ["--num-layers", str(layers), *(["--bidirectional"] if bidirectional else [])]
    text = " ".join(explained(kind, *options).split())
    torch.manual_seed(0)
    module = MODULES[kind](FEATURES, HIDDEN, num_layers=layers, bidirectional=bidirectional, batch_first=True)
    output, states = module(torch.randn(BATCH, STEPS, FEATURES))
    final = states if isinstance(states, tuple) else (states,)
    assert f"output (None, None, {output.shape[-1]})" in text
    for symbol, state in zip(("h_n", "c_n"), final):
        assert f"{symbol} ({state.shape[0]}, None, {state.shape[-1]})" in text
    h_n = final[0]
    directions = 2 if bidirectional else 1
    for index, layer, direction in re.findall(r"h_n\[(\d+)\] layer (\d+) ?(forward|backward)?", text):
        assert int(index) == int(layer) * directions + (direction == "backward")
    if bidirectional:
        # The forward half of out[:, -1] is h_n[-2]; the backward half is not h_n[-1].
        assert torch.equal(output[:, -1, :HIDDEN], h_n[-2])
        assert not torch.allclose(output[:, -1, HIDDEN:], h_n[-1])
        assert torch.equal(output[:, 0, HIDDEN:], h_n[-1])
        assert "out[:, -1] (None, 12) is not h_n[-1] (None, 6)" in text
    else:
        assert torch.equal(output[:, -1], h_n[-1])
        assert "h_n[-1] is the last layer's final state, the same numbers as out[:, -1]" in text


def test_a_projected_lstm_returns_h_at_the_projection_and_c_at_hidden() -> None:
    text = " ".join(explained("lstm", "--proj-size", "4").split())
    output, (h_n, c_n) = torch.nn.LSTM(FEATURES, HIDDEN, proj_size=4, batch_first=True)(torch.randn(2, STEPS, FEATURES))
    assert f"output (None, None, {output.shape[-1]})" in text
    assert f"h_n (1, None, {h_n.shape[-1]})" in text and f"c_n (1, None, {c_n.shape[-1]})" in text
