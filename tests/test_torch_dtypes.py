"""The dtype of a PyTorch model's parameters, which sizes its bytes: the last conversion the code makes
of the whole model where it is made, in order (each converts the parameters in place); a conversion
lstmcalc cannot size exactly refused at its line. tests/oracle/test_torch_dtypes_oracle.py checks
every figure in torch 2.13."""

from __future__ import annotations

import pytest

from tests.code_summaries import read_summary, summarize_code

MODEL = """import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(6, 8)
        self.fc = nn.Linear(8, 2)
{init}

{made}
"""

#: The code that makes the model (from line 12) -> the dtype of its parameters, as torch gives it.
READ = {
    "made": ("model = Net()", "float32"),
    "double": ("model = Net().double()", "float64"),
    "after_a_device_move": ("model = Net().cpu().double()", "float64"),
    "the_last_wins": ("model = Net().half().float().double()", "float64"),
    "the_last_wins_back": ("model = Net().to(torch.float64).float()", "float32"),
    "to_with_device_and_dtype": ("model = Net().to('cpu', torch.float16)", "float16"),
    "to_dtype_keyword": ("model = Net().to(device=torch.device('cpu'), dtype=torch.bfloat16)", "bfloat16"),
    "later_statements": ("model = Net()\nmodel.half()\nmodel = model.eval().double()", "float64"),
    "in_main": ("if __name__ == '__main__':\n    model = Net()\n    model.double()", "float64"),
    "in_a_function": ("def main():\n    model = Net().half()\n    return model\n\n\nmain()", "float16"),
}
BYTES = {"float64": 8, "float32": 4, "float16": 2, "bfloat16": 2}

#: Code lstmcalc refuses: (what makes the model, __init__'s last line, where, the message's start).
REFUSED = {
    "type": ("model = Net().type(torch.float64)", "", "12:9", "lstmcalc does not follow Net().type(torch.float64)"),
    "a_tensors_dtype": (
        "model = Net().to(torch.zeros(1, dtype=torch.float64))",
        "",
        "12:9",
        "lstmcalc cannot tell which dtype Net().to(torch.zeros(1, dtype=torch.float64)) converts the model to",
    ),
    "part_of_the_model": ("model = Net()\nmodel.fc.double()", "", "13:1", "lstmcalc does not size parameters of"),
    "maybe": (
        "model = Net()\nif torch.cuda.is_available():\n    model.half()",
        "",
        "14:5",
        "lstmcalc cannot tell whether model.half() runs",
    ),
    "in_init": (
        "model = Net()",
        "        self.double()",
        "10:9",
        "lstmcalc does not follow a dtype conversion inside __init__ (self.double())",
    ),
    "part_in_init": (
        "model = Net()",
        "        self.lstm.half()",
        "10:9",
        "lstmcalc does not follow a dtype conversion inside __init__ (self.lstm.half())",
    ),
    "wrapped": (
        "model = Net()\nmodel = nn.Sequential(model, nn.Linear(2, 2))\nmodel.half()",
        "",
        "14:1",
        "lstmcalc does not follow model.half() on a model that module-level code wraps in nn.Sequential",
    ),
    "default_dtype": (
        "torch.set_default_dtype(torch.float64)\nmodel = Net()",
        "",
        "12:1",
        "lstmcalc does not follow torch.set_default_dtype(torch.float64)",
    ),
}


def code(made: str, init: str = "") -> str:
    """The model's file: ``init`` as the last line of ``__init__`` (line 10), ``made`` from line 12 on."""
    return MODEL.format(init=init or "        pass", made=made)


@pytest.mark.parametrize("name", sorted(READ))
def test_the_last_conversion_of_the_whole_model_sizes_its_parameters(tmp_path, name: str) -> None:
    made, dtype = READ[name]
    summary = read_summary(tmp_path, code(made))
    assert (summary["dtype"], summary["total_params"], summary["param_bytes"]) == (dtype, 530, 530 * BYTES[dtype])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_conversion_lstmcalc_cannot_size_is_refused_at_its_line(tmp_path, name: str) -> None:
    made, init, where, message = REFUSED[name]
    path, result = summarize_code(tmp_path, code(made, init))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:{where}: error: {message}")
    assert result.stderr.count("\n") == 1
