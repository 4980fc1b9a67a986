"""Start-up cost of code input: Keras code and PyTorch code each import only their own reader
(benchmarks/bench.py's figures 6 and 7 have the timings against Keras and torchinfo).

Checked in a fresh interpreter each time, since this test session has imported everything.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT
from tests.keras_code_corpus import CORPUS
from tests.torch_corpus_cases import CASES

#: The PyTorch code reader, which Keras code never needs.
TORCH_READER = {"lstm_calc.readers.torch_code", "lstm_calc.readers.torch_init", "lstm_calc.readers.torch_forward"}
#: The Keras code readers, and the spec check and shape inference that Keras code's data goes through:
#: PyTorch code gives its summary itself.
KERAS_ONLY = {
    "lstm_calc.readers.functional_code",
    "lstm_calc.readers.keras_code",
    "lstm_calc.readers.subclassed_code",
    "lstm_calc.spec",
    "lstm_calc.graph",
}


def modules_after_summary(*arguments: str) -> set[str]:
    """The modules a fresh interpreter holds after ``lstmcalc summary ARGUMENTS``."""
    program = (
        "import sys\n"
        "from lstm_calc.cli import main\n"
        "try:\n"
        f"    main(['summary', *{list(arguments)!r}], prog_name='lstmcalc')\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
    return set(completed.stderr.split())


def test_functional_keras_code_imports_neither_yaml_nor_the_pytorch_reader_nor_dataclasses(tmp_path):
    path = tmp_path / "seq2seq.py"
    path.write_text(CORPUS["seq2seq_function"].code, encoding="utf-8")
    loaded = modules_after_summary(str(path))
    assert "lstm_calc.readers.functional_code" in loaded
    # The subclassed-model reader only reads code that builds no functional or Sequential model.
    assert not ({"yaml", "dataclasses", "lstm_calc.readers.subclassed_code"} | TORCH_READER) & loaded


def test_pytorch_code_imports_neither_yaml_nor_the_keras_readers():
    case = CASES["mpi_lstm_classifier"]
    arguments = case.arguments(str(ROOT / case.path))
    loaded = modules_after_summary(*arguments[: arguments.index("--format")])
    assert TORCH_READER <= loaded
    assert not ({"yaml"} | KERAS_ONLY) & loaded


def test_pytorch_code_loads_the_rarer_tensor_operations_only_when_forward_calls_one(tmp_path):
    rarer = {"lstm_calc.readers.torch_more_functions", "lstm_calc.readers.torch_more_shapes"}
    case = CASES["mpi_lstm_classifier"]
    arguments = case.arguments(str(ROOT / case.path))
    table_arguments = arguments[1 : arguments.index("--format")]
    assert not rarer & modules_after_summary(str(ROOT / case.path), *table_arguments)
    source = (ROOT / case.path).read_text(encoding="utf-8")
    path = tmp_path / "pooled.py"
    pooled = source.replace("last_hidden = lstm_out[:, -1, :]", "last_hidden = lstm_out.mean(dim=1)")
    path.write_text(pooled, encoding="utf-8")
    assert rarer <= modules_after_summary(str(path), *table_arguments)


def test_keras_code_that_imports_torch_for_its_backend_is_still_keras_code(tmp_path):
    # Only code naming torch loads the PyTorch reader, which still decides whether it is PyTorch code.
    path = tmp_path / "seq2seq.py"
    path.write_text("import torch\n" + CORPUS["seq2seq_function"].code, encoding="utf-8")
    loaded = modules_after_summary("--format", "json", str(path))
    assert {"lstm_calc.readers.torch_code", "lstm_calc.readers.functional_code"} <= loaded


def test_code_importing_torch_in_letters_python_reads_as_ascii_is_still_read_as_pytorch_code(tmp_path):
    # Python reads identifiers in their NFKC form: ｔorch (a fullwidth t) is torch.
    case = CASES["mpi_lstm_classifier"]
    path = tmp_path / "model.py"
    source = (ROOT / case.path).read_text(encoding="utf-8")
    path.write_text(source.replace("import torch.nn as nn", "import \uff54orch.nn as nn"), encoding="utf-8")
    arguments = case.arguments(str(path))
    loaded = modules_after_summary(*arguments[: arguments.index("--format")])
    assert "lstm_calc.readers.torch_code" in loaded
