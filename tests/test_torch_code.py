"""PyTorch code read with ast (lstm_calc.readers.torch_code): the module tree, state_dict names
and shapes, totals and every module call's output as real torch 2.13 gives them (pinned in
tests/torch_code_expected.py; tests/oracle/test_torch_code_oracle.py runs real torch), the
note where forward is not followed, and located refusals."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from lstm_calc.api import build
from lstm_calc.cli import main
from lstm_calc.errors import SpecError
from lstm_calc.readers.python_model import read_python_model
from lstm_calc.summary import ModelSummary
from tests.conftest import ROOT
from tests.torch_code_cases import TORCH_CODE_CASES
from tests.torch_code_expected import EXPECTED
from tests.torch_norm_cases import NORM_KINDS


def summarize(code: str, shapes: list[list[int | None]] | None = None, **options: Any) -> ModelSummary:
    """The summary lstmcalc reads from ``code`` with ``--input-shape`` ``shapes``."""
    data = read_python_model(code, "model.py", options.pop("assignments", ()), input_shapes=shapes or (), **options)
    return build(data, "model.py")[1]


def torchinfo_table(summary: ModelSummary) -> tuple[str, list[str]]:
    """The table lstmcalc prints as torchinfo's (to its last rule), and the note lines it prints under it."""
    from lstm_calc.render.torchinfo_table import render_torchinfo

    text = render_torchinfo(summary)
    rule = text.index("\n", text.rindex("=" * 80)) + 1
    return text[:rule], text[rule:].splitlines()


def as_torch_gives(summary: ModelSummary) -> dict[str, Any]:
    """The summary in run_in_torch's terms: state_dict keys and shapes, totals, module calls."""
    state_dict = {}
    for layer in summary.layers:
        for weight in (*layer.weights, *layer.buffers):
            state_dict[f"{layer.name}.{weight.name}" if layer.name else weight.name] = weight.shape
    return {
        "state_dict": state_dict,
        "params": sum(layer.params for layer in summary.layers),
        "trainable": sum(layer.trainable_params for layer in summary.layers),
        "calls": [(call.path, call.depth, call.outputs) for call in summary.module_calls if call.called],
        "call_inputs": [call.inputs for call in summary.module_calls if call.called],
    }


@pytest.mark.parametrize("name", TORCH_CODE_CASES)
def test_as_torch_gives_it(name: str) -> None:
    code, shapes = TORCH_CODE_CASES[name]
    read = as_torch_gives(summarize(code, shapes))
    expected = EXPECTED[name]
    # torch orders the state_dict by module, parameters before buffers; lstmcalc's rows too.
    assert read["state_dict"] == expected["state_dict"]
    assert list(read["state_dict"]) == list(expected["state_dict"])
    assert read["params"] == expected["params"]
    assert read["trainable"] == expected["trainable"]
    assert read["calls"] == expected["calls"]
    assert read["call_inputs"] == expected["call_inputs"]


def test_an_lstm_call_gives_its_whole_output_and_states() -> None:
    code, shapes = TORCH_CODE_CASES["bidirectional_states"]
    summary = summarize(code, shapes)
    lstm = next(call for call in summary.module_calls if call.path == "lstm")
    assert lstm.inputs == ((4, 12, 5),)
    assert lstm.outputs == ((4, 12, 64), (4, 4, 32), (4, 4, 32))
    assert (lstm.depth, lstm.params) == (1, 35072)
    head = next(call for call in summary.module_calls if call.path == "head")
    assert (head.class_name, head.depth, head.params, head.inputs) == ("Sequential", 1, 1091, ((4, 64),))
    row = next(layer for layer in summary.layers if layer.name == "lstm")
    assert (row.input_shape, row.output_shape) == ((4, 12, 5), (4, 12, 64))
    assert summary.output_shape == (4, 3)
    assert summary.notes == ()


def test_without_input_shapes_parameters_stay_exact_and_shapes_unknown() -> None:
    code, _ = TORCH_CODE_CASES["module_tree"]
    summary = summarize(code)
    assert as_torch_gives(summary)["state_dict"] == EXPECTED["module_tree"]["state_dict"]
    assert sum(layer.params for layer in summary.layers) == EXPECTED["module_tree"]["params"]
    assert [(call.path, call.outputs) for call in summary.module_calls][:3] == [
        ("", None),
        ("emb", None),
        ("rnn", None),
    ]
    assert summary.notes == ("shapes are shown with --input-shape B,T,... for each tensor forward takes (tokens)",)


def test_frozen_and_buffers() -> None:
    code, shapes = TORCH_CODE_CASES["module_tree"]
    summary = summarize(code, shapes)
    emb = next(layer for layer in summary.layers if layer.name == "emb")
    assert [(w.name, w.trainable) for w in emb.weights] == [("weight", False)]
    root = next(layer for layer in summary.layers if layer.name == "")
    assert [(w.name, w.shape) for w in root.weights] == [("scale", (16,))]
    assert [(w.name, w.shape) for w in root.buffers] == [("positions", (50, 16))]


def test_what_forward_cannot_follow_is_one_note_and_unknown_shapes_after_it() -> None:
    code = """
import torch.nn as nn
from helpers import mystery

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(4, 8)
        self.b = nn.Linear(8, 2)

    def forward(self, x):
        x = self.a(x)
        y = self.b(mystery(x))
        x = mystery(x)
        return self.b(x) + y
"""
    summary = summarize(code, [[3, 4]])
    assert [(call.path, call.outputs) for call in summary.module_calls] == [
        ("", None),
        ("a", ((3, 8),)),
        ("b", None),
        ("b", None),
    ]
    assert summary.notes == (
        "forward does not follow line 13 (mystery(x)); the shapes that depend on it are unknown (?)",
    )
    assert sum(layer.params for layer in summary.layers) == 40 + 18


def test_batch_norm_on_time_second_input_is_refused_as_torch_refuses_it() -> None:
    code = """
import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.BatchNorm1d(8)

    def forward(self, x):
        return self.norm(x)
"""
    with pytest.raises(SpecError) as caught:
        summarize(code, [[2, 10, 8]])
    assert str(caught.value) == (
        "model.py:10:16: error: torch would refuse this call: num_features (axis 1: channels come first) "
        "is 8, but the input's size there is 10"
    )
    assert summarize(code, [[2, 8, 10]]).module_calls[1].outputs == ((2, 8, 10),)


def test_unknown_constructor_value_is_asked_for_with_set() -> None:
    code = """
import torch.nn as nn

class M(nn.Module):
    def __init__(self, args):
        super().__init__()
        self.fc = nn.Linear(args.hidden, 2)

    def forward(self, x):
        return self.fc(x)
"""
    with pytest.raises(SpecError, match=r"model.py:7:29: error: lstmcalc cannot know the value of args.hidden"):
        summarize(code)
    summary = summarize(code, [[1, 5]], assignments=["args.hidden=5"])
    assert summary.module_calls[1].outputs == ((1, 2),)


def test_summary_command_prints_rows_by_module_path(tmp_path: Any) -> None:
    path = tmp_path / "model.py"
    path.write_text(TORCH_CODE_CASES["bidirectional_states"][0])
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "4,12,5"])
    assert result.exit_code == 0, result.stderr
    # torchinfo.summary(Net(), input_size=(4, 12, 5)) prints exactly this (torchinfo 1.8.0, torch 2.13).
    rows = result.stdout.splitlines()[3:11]
    assert rows == [
        "Net                                      [4, 3]                    --",
        "├─LSTM: 1-1                              [4, 12, 64]               35,072",
        "├─Sequential: 1-2                        [4, 3]                    --",
        "│    └─Linear: 2-1                       [4, 16]                   1,040",
        "│    └─ReLU: 2-2                         [4, 16]                   --",
        "│    └─Dropout: 2-3                      [4, 16]                   --",
        "│    └─Linear: 2-4                       [4, 3]                    51",
        "=" * 90,
    ]


def test_class_choice_and_model_option() -> None:
    code = """
import torch.nn as nn

class A(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 3)

    def forward(self, x):
        return self.fc(x)

class B(A):
    pass
"""
    assert summarize(code).name == "B"  # A is B's parent: used by another class
    assert summarize(code, model_name="A").name == "A"
    with pytest.raises(
        SpecError, match="cannot tell which nn.Module class is the model: B .line 12., C .line 15.; name"
    ):
        summarize(code + "\nclass C(nn.Module):\n    pass\n" + "\n" * 0, model_name=None)


@pytest.mark.parametrize(
    ("code", "where", "message"),
    [
        ("import torch\n\nclass Config:\n    hidden = 8\n", (1, 1), "the code defines no nn.Module class"),
        (
            "import torch.nn as nn\nimport transformers as hf\n\nclass Model(hf.PreTrainedModel):\n    pass\n",
            (4, 13),
            "the code defines no nn.Module class: class Model is based on hf.PreTrainedModel, imported as "
            "transformers.PreTrainedModel, which lstmcalc cannot read (it reads only the classes the file "
            "defines)",
        ),
        (
            "import torch.nn as nn\nfrom .layers import Encoder as Base\n\nclass Net(Base):\n    pass\n",
            (4, 11),
            "the code defines no nn.Module class: class Net is based on Base, imported from its package, which "
            "lstmcalc cannot read (it reads only the classes the file defines)",
        ),
    ],
)
def test_a_file_without_a_module_class_says_which_base_hides_one(
    code: str, where: tuple[int, int], message: str
) -> None:
    with pytest.raises(SpecError) as raised:
        summarize(code)
    assert (raised.value.message, (raised.value.location.line, raised.value.location.column)) == (message, where)


def test_forward_defaults_and_the_training_flag() -> None:
    code = """
import torch.nn as nn
import torch.nn.functional as F

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.p = 0.5

    def forward(self, x, hidden=None):
        if hidden is None:
            x = F.dropout(x, p=self.p, training=self.training)
        if self.training:
            x = x * 2
        return self.fc(x)
"""
    # torchinfo runs forward in eval mode: self.training is False, and the note says so.
    summary = summarize(code, [[2, 4]])
    assert [(call.path, call.outputs) for call in summary.module_calls] == [("", ((2, 3),)), ("fc", ((2, 3),))]
    assert summary.notes == (
        "forward branches on self.training: it is followed in eval mode (False), as torchinfo runs it",
    )


def test_commands_that_read_specs_refuse_pytorch_code(tmp_path: Any) -> None:
    path = tmp_path / "model.py"
    path.write_text(TORCH_CODE_CASES["last_step_head"][0])
    for arguments, command in (
        (["export", str(path), "--to", "keras"], "lstmcalc export"),
        (["convert", str(path)], "lstmcalc convert"),
    ):
        result = CliRunner().invoke(main, arguments)
        assert result.exit_code == 2
        assert result.stderr == (
            f"{path}:4:1: error: {command} reads specs and Keras models; lstmcalc summary reads PyTorch code\n"
        )
    result = CliRunner().invoke(main, ["summary", str(path), "--framework", "keras"])
    assert result.exit_code == 2
    assert "PyTorch code is summarised as torch holds it" in result.stderr


def test_a_keras_script_importing_torch_is_still_keras_code() -> None:
    code = """
import torch
import keras

model = keras.Sequential([keras.Input(shape=(5, 3)), keras.layers.LSTM(4)])
"""
    summary = build(read_python_model(code, "model.py"), "model.py")[1]
    assert (summary.framework, [layer.params for layer in summary.layers]) == ("keras", [128])


def test_a_forward_calling_itself_is_refused_at_its_call() -> None:
    code = """
import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        return self.forward(self.fc(x))
"""
    with pytest.raises(SpecError, match=r"model.py:10:16: error: forward methods call each other more than 50 deep"):
        summarize(code, [[1, 2]])


def test_a_module_passed_in_that_cannot_be_known_is_refused_not_left_out() -> None:
    # Counting without it gave 0 parameters for HyperRushNet/pyrender's Seq2Seq (tests/torch_corpus/30).
    code = """
import torch.nn as nn

class Seq2Seq(nn.Module):
    def __init__(self, encoder, hidden_size):
        super().__init__()
        self.encoder = encoder
        self.hidden_size = hidden_size
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(self.encoder(x))

model = Seq2Seq(make_encoder(), 4)
"""
    with pytest.raises(SpecError, match=r"model.py:7:24: error: lstmcalc cannot tell which module self.encoder is: "):
        summarize(code, [[1, 4]])


@pytest.mark.parametrize(
    ("container", "where", "function", "module"),
    [
        ("nn.Sequential(nn.Linear(4, 4), F.relu)", "9:52", "F.relu", "ReLU"),
        ("nn.ModuleList([nn.Linear(4, 4), activation])", "9:53", "activation", "Tanh"),
        ("nn.Sequential(nn.Linear(4, 4), nn.functional.gelu)", "9:52", "nn.functional.gelu", "GELU"),
    ],
)
def test_a_function_among_modules_is_refused_as_torch_refuses_it(container, where, function, module) -> None:
    # torch 2.13: nn.Sequential(nn.Linear(4, 4), F.relu) raises "torch.nn.functional.relu is not a
    # Module subclass", and so does nn.ModuleList with torch.tanh in it.
    code = f"""
import torch
import torch.nn.functional as F
from torch import nn

class Net(nn.Module):
    def __init__(self, activation=torch.tanh):
        super().__init__()
        self.body = {container}

    def forward(self, x):
        return x
"""
    message = (
        f"model.py:{where}: error: {function} is a function, not a module: torch refuses it here too "
        f'("is not a Module subclass"); its module is nn.{module}()'
    )
    with pytest.raises(SpecError) as refused:
        summarize(code, [[1, 4]])
    assert str(refused.value) == message


def test_without_input_shapes_the_size_figures_are_unknown_not_zero() -> None:
    result = CliRunner().invoke(main, ["summary", str(ROOT / "tests" / "torch_corpus" / "01_torchinfo_lstm_net.py")])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[3:] == [
        "LSTMNet                                  --                        --",
        "├─Embedding: 1-1                         --                        6,000",
        "├─LSTM: 1-2                              --                        3,768,320",
        "├─Linear: 1-3                            --                        10,260",
        "=" * 90,
        "Total params: 3,784,580",
        "Trainable params: 3,784,580",
        "Non-trainable params: 0",
        "Total mult-adds: ?",
        "=" * 90,
        "Input size (MB): ?",
        "Forward/backward pass size (MB): ?",
        "Params size (MB): 15.14",
        "Estimated Total Size (MB): ?",
        "=" * 90,
        "shapes are shown with --input-shape B,T,... for each tensor forward takes (x)",
    ]


def test_dropout_without_p_is_torch_s_default_half() -> None:
    code = """
import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(self.drop(x))
"""
    summary = summarize(code, [[3, 4]])
    assert [(call.path, call.outputs) for call in summary.module_calls] == [
        ("", ((3, 2),)),
        ("drop", ((3, 4),)),
        ("fc", ((3, 2),)),
    ]


def test_set_names_a_constructor_parameter_the_code_never_reads() -> None:
    code = """
import torch.nn as nn

class M(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.fc = nn.Linear(8, hidden_size)

    def forward(self, x):
        return self.fc(x)
"""
    summary = summarize(code, [[3, 8]], assignments=["input_size=5", "hidden_size=2"])
    assert summary.module_calls[0].outputs == ((3, 2),)
    with pytest.raises(SpecError, match="--set 'input_sise': the code has no such expression"):
        summarize(code, [[3, 8]], assignments=["input_sise=5", "hidden_size=2"])


def test_a_condition_on_an_unknown_value_asks_for_that_value() -> None:
    code = """
import torch.nn as nn

class M(nn.Module):
    def __init__(self, rnn_type):
        super().__init__()
        if rnn_type.lower() in ['lstm', 'gru']:
            self.rnn = nn.LSTM(4, 6)
        else:
            self.rnn = nn.RNN(4, 6)

    def forward(self, x):
        return self.rnn(x)
"""
    with pytest.raises(SpecError, match=r"model.py:7:12: error: lstmcalc cannot know the value of rnn_type to decide"):
        summarize(code)
    summary = summarize(code, assignments=["rnn_type='LSTM'"])
    assert summary.layers[0].type == "LSTM"


def test_input_shape_of_one_axis_is_a_tensor_torch_takes(tmp_path: Any) -> None:
    path = tmp_path / "model.py"
    path.write_text(TORCH_CODE_CASES["unbatched_token_ids"][0])
    result = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "5"])
    assert result.exit_code == 0, result.stderr
    # torchinfo.summary(Tagger(), input_size=(5,), dtypes=[torch.long]) gives these rows.
    assert result.stdout.splitlines()[3:7] == [
        "Tagger                                   [5, 3]                    --",
        "├─Embedding: 1-1                         [5, 8]                    160",
        "├─LSTM: 1-2                              [5, 6]                    384",
        "├─Linear: 1-3                            [5, 3]                    21",
    ]
    refused = CliRunner().invoke(main, ["summary", str(path), "--input-shape", "5,0"])
    assert refused.exit_code == 2
    assert "Invalid value for '--input-shape': '5,0': each size is at least 1" in refused.stderr


def test_a_dict_keyed_by_names_bound_to_strings_is_known() -> None:
    code = """
import torch.nn as nn

START_TAG = "<START>"
STOP_TAG = "<STOP>"

class M(nn.Module):
    def __init__(self, tag_to_ix):
        super().__init__()
        self.fc = nn.Linear(4, len(tag_to_ix))

    def forward(self, x):
        return self.fc(x)

model = M({"B": 0, START_TAG: 1, STOP_TAG: 2, "B": 3})
"""
    # torch: a duplicate key keeps one entry, so nn.Linear(4, 3): fc.weight (3, 4)
    summary = summarize(code, [[2, 4]])
    assert summary.module_calls[0].outputs == ((2, 3),)


def test_a_weight_replaced_by_another_shape_is_torch_s_and_shapes_are_unknown_from_its_module() -> None:
    code = """
import torch
import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(10, 4)
        self.embedding.weight = nn.Parameter(torch.zeros(30, 6))
        self.fc = nn.Linear(6, 2)

    def forward(self, x):
        return self.fc(self.embedding(x))
"""
    # torch: embedding.weight (30, 6) in the weight's place; the call gives (2, 5, 6)
    read = as_torch_gives(summarize(code, [[2, 5]]))
    assert read["state_dict"] == {"embedding.weight": (30, 6), "fc.weight": (2, 6), "fc.bias": (2,)}
    assert read["params"] == 194
    # not (2, 5, 4), which the constructor's sizes would give: the rows of the weight it holds, as F.embedding
    assert read["calls"] == [("", 0, ((2, 5, 2),)), ("embedding", 1, ((2, 5, 6),)), ("fc", 1, ((2, 5, 2),))]


@pytest.mark.parametrize(("bias", "entries", "params"), [("False", 26, 2128), ("True", 52, 2440)])
def test_nn_transformer_is_its_encoder_and_decoder(bias: str, entries: int, params: int) -> None:
    code = f"""
import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.transformer = nn.Transformer(
            d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=2, dim_feedforward=16, bias={bias}
        )

    def forward(self, x):
        return self.transformer(x, x)
"""
    # torch 2.13: nn.Transformer(...).state_dict() has `entries` entries, `params` parameters
    read = as_torch_gives(summarize(code, [[5, 3, 8]]))
    names = list(read["state_dict"])
    assert len(names) == entries
    assert read["params"] == params
    assert names[0] == "transformer.encoder.layers.0.self_attn.in_proj_weight"
    assert names[-1] == ("transformer.decoder.norm.bias" if bias == "True" else "transformer.decoder.norm.weight")
    assert read["state_dict"]["transformer.encoder.norm.weight"] == (8,)
    assert read["calls"][1] == ("transformer", 1, ((5, 3, 8),))
    # then what torch calls inside it: encoder (its layers, its norm), decoder (the same)
    assert [path for path, _, _ in read["calls"]][2:4] == ["transformer.encoder", "transformer.encoder.layers.0"]
    assert read["calls"][-1] == ("transformer.decoder.norm", 3, ((5, 3, 8),))


@pytest.mark.parametrize(
    "name",
    [
        "LSTMCell",
        "GRUCell",
        "RNNCell",
        *NORM_KINDS,
        "MaxPool1d",
        "AvgPool1d",
        "AdaptiveAvgPool1d",
        "AdaptiveMaxPool1d",
        "AdaptiveAvgPool2d",
        "AdaptiveMaxPool2d",
        "Flatten",
        "Unflatten",
        "TransformerEncoderLayer",
        "TransformerEncoder",
        "ReLU",
        "Tanh",
        "Sigmoid",
        "GELU",
        "LeakyReLU",
        "Identity",
        "Softmax",
        "LogSoftmax",
        "ELU",
        "SiLU",
        "SELU",
        "CELU",
        "Mish",
        "Softplus",
        "Softsign",
        "Hardtanh",
        "ReLU6",
        "Hardswish",
        "Hardsigmoid",
        "LogSigmoid",
        "Tanhshrink",
        "Softshrink",
        "Hardshrink",
        "Threshold",
        "Softmin",
        "GLU",
    ],
)
def test_each_kind_s_positional_parameters_are_its_layer_class_s(name: str) -> None:
    from lstm_calc.layers import LAYER_TYPES
    from lstm_calc.readers.torch_kinds import TORCH_KINDS

    assert TORCH_KINDS[name].positional == LAYER_TYPES[name.lower()].torch_positional  # type: ignore[attr-defined]


def test_a_buffer_of_unknown_shape_is_refused_not_left_out() -> None:
    code = """
import torch
import torch.nn as nn

class M(nn.Module):
    def __init__(self, table):
        super().__init__()
        self.register_buffer("positions", table)
        self.register_buffer("nothing", None)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)

model = M(load_table())
"""
    refusal = r"model.py:8:43: error: lstmcalc cannot tell the shape of buffer 'positions' without running the code"
    with pytest.raises(SpecError, match=refusal):
        summarize(code, [[1, 4]])


def test_math_functions_and_constants_in_init() -> None:
    # math.ceil(d / 3) in __init__ was asked for with --set; forward read math already.
    code = """
import math
import torch.nn as nn

class Net(nn.Module):
    def __init__(self, d=10):
        super().__init__()
        self.fc = nn.Linear(4, math.ceil(d / 3))
        self.g = nn.Linear(4, int(math.sqrt(d * 10)) + round(math.pi))

    def forward(self, x):
        return self.fc(x)
"""
    summary = summarize(code)
    assert [(row.name, row.params) for row in summary.layers] == [("fc", 4 * 4 + 4), ("g", 4 * 13 + 13)]
