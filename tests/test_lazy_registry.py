"""The layer registry is one explicit table whose kinds are imported when a spec needs them."""

from __future__ import annotations

import subprocess
import sys

from lstm_calc.layers import LAYER_SPELLINGS, LAYER_TYPES


def test_the_spellings_are_every_class_and_torch_name():
    classes = set(LAYER_TYPES.values())
    names = {cls.class_name for cls in classes} | {cls.torch_class_name for cls in classes if cls.torch_class_name}
    assert LAYER_SPELLINGS == sorted(names)
    assert LAYER_TYPES["conv1d"].class_name == "Conv1D"
    assert LAYER_TYPES["linear"] is LAYER_TYPES["dense"]
    assert "lstm" in LAYER_TYPES and "Lstm" not in LAYER_TYPES
    assert LAYER_TYPES.get("transformer") is None


def test_a_spec_imports_only_the_kinds_it_uses():
    program = (
        "import sys\n"
        "from lstm_calc.api import summarize_text\n"
        "summarize_text('input: {shape: [4]}\\nlayers:\\n  - {type: Dense, units: 2}\\n')\n"
        "print(sorted(name for name in sys.modules if name.startswith('lstm_calc.layers.')))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    unused = ["recurrent", "wrappers", "convolutional", "pooling", "reshaping", "normalization", "merging", "attention"]
    assert "'lstm_calc.layers.core'" in loaded
    assert [kind for kind in unused if f"'lstm_calc.layers.{kind}'" in loaded] == []


def test_the_keras_class_names_are_every_keras_kind_s_own():
    from lstm_calc.readers.keras_config import KERAS_CLASSES, KERAS_KINDS, KERAS_OPERATION_NAMES

    every = {}
    for cls in LAYER_TYPES.values():
        # CustomLayer stands for the user's own classes (readers/custom_layers.py), not one of Keras's; Sequential
        # for a Sequential model used as a layer (readers/functional_nested.py), not one of keras.layers.
        if not getattr(cls, "torch_only", False) and cls.class_name not in ("CustomLayer", "Sequential"):
            every.setdefault(cls.class_name, cls)
    # Keras's operations (keras.ops.mean makes Mean) are kinds a saved config names, not classes code calls.
    operations = {name: every.pop(name) for name in KERAS_OPERATION_NAMES}
    assert list(KERAS_CLASSES.items()) == list(every.items())
    assert list(KERAS_KINDS.items()) == [*every.items(), *operations.items()]
    assert "Linear" not in KERAS_CLASSES and KERAS_CLASSES.get("TransformerEncoder") is None


def test_keras_code_imports_only_the_kinds_it_uses():
    program = (
        "import sys\n"
        "from lstm_calc.api import summarize_text\n"
        "summarize_text('import keras\\nmodel = keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(4)])\\n',"
        " 'm.py', input_format='python')\n"
        "print(sorted(name for name in sys.modules if name.startswith('lstm_calc.layers.')))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    unused = ["convolutional", "pooling", "reshaping", "merging", "attention", "transformer_torch", "conv_lstm"]
    assert "'lstm_calc.layers.recurrent'" in loaded
    assert [kind for kind in unused if f"'lstm_calc.layers.{kind}'" in loaded] == []


def test_functional_code_without_a_nested_model_does_not_load_its_modules():
    program = (
        "import sys\n"
        "from lstm_calc.api import summarize_text\n"
        "summarize_text('import keras\\nx = keras.Input((3,))\\nmodel = keras.Model(x, keras.layers.Dense(2)(x))\\n',"
        " 'm.py', input_format='python')\n"
        "print(sorted(name for name in sys.modules if name.startswith('lstm_calc.')))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    assert "'lstm_calc.readers.functional_code'" in loaded
    assert "functional_nested" not in loaded and "nested_models" not in loaded
