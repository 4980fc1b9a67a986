"""What real torch and torchinfo say about each model of the PyTorch corpus (tests/torch_corpus_cases.py).

Imported only by the oracle module and the regenerate script, both of which run with torch and
torchinfo installed. A case's model is the file's module-level instance of the class when the
file makes one, else the class built from the case's ``--set`` values read back as Python:
``name=VALUE`` a keyword argument, ``args.field=VALUE`` a field of a namespace passed as
``args``, ``config['key']=VALUE`` an entry of a dict passed as ``config``.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import warnings
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import torch
import torchinfo

from tests.torch_corpus_cases import CASES, TorchCase

REPOSITORY = Path(__file__).resolve().parents[2]
GOLDEN_DIRECTORY = REPOSITORY / "tests" / "golden" / "torch_corpus"
#: torchinfo's depth for the recorded text, as the brief for the corpus asks.
TORCHINFO_DEPTH = 3
DTYPES = {"float": torch.float32, "double": torch.float64, "long": torch.long}


def truth_path(name: str) -> Path:
    """The recorded state_dict, counts and module calls of a case."""
    return GOLDEN_DIRECTORY / f"{name}.json"


def torchinfo_path(name: str) -> Path:
    """The recorded torchinfo text of a case."""
    return GOLDEN_DIRECTORY / f"{name}.torchinfo.txt"


def load_file(name: str, case: TorchCase) -> ModuleType:
    """Import the case's model file afresh (running its module-level code, as Python would)."""
    spec = importlib.util.spec_from_file_location(f"torch_corpus_{name}", REPOSITORY / case.path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _set_value(text: str) -> Any:
    """A ``--set`` VALUE as lstmcalc reads it: a Python literal, else a bare word as a string."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def constructor_arguments(case: TorchCase) -> dict[str, Any]:
    """The keyword arguments the case's ``--set`` values stand for."""
    arguments: dict[str, Any] = {}
    for assignment in case.sets:
        target_text, value_text = assignment.split("=", 1)
        value = _set_value(value_text)
        target = ast.parse(target_text, mode="eval").body
        if isinstance(target, ast.Name):
            arguments[target.id] = value
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            namespace = arguments.setdefault(target.value.id, SimpleNamespace())
            setattr(namespace, target.attr, value)
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Attribute)
            and ast.unparse(target.value.value) == "self"
        ):  # self.args.static, where __init__ keeps its argument args as self.args
            namespace = arguments.setdefault(target.value.attr, SimpleNamespace())
            setattr(namespace, target.attr, value)
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
            arguments.setdefault(target.value.id, {})[ast.literal_eval(target.slice)] = value
        else:
            raise ValueError(f"{assignment!r} does not name a constructor argument")
    return arguments


def build_model(name: str, case: TorchCase) -> torch.nn.Module:
    """The case's model, seeded, in its default (training) mode."""
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module = load_file(name, case)
        model_class = getattr(module, case.model)
        instances = [value for value in vars(module).values() if isinstance(value, model_class)]
        if instances:
            assert len(instances) == 1, f"{case.file} makes {len(instances)} {case.model} instances"
            model: torch.nn.Module = instances[0]
            return model
        model = model_class(**constructor_arguments(case))
    return model


def zeros_inputs(case: TorchCase) -> list[torch.Tensor]:
    """One zeros tensor per ``--input-shape``, in the case's dtypes."""
    return [torch.zeros(shape, dtype=DTYPES[dtype]) for shape, dtype in zip(case.inputs, case.input_dtypes)]


def _tensor_shapes(value: Any) -> list[list[int]]:
    """The shapes of the tensors in a module's output, flattened in order (as torchinfo reads them)."""
    if isinstance(value, torch.Tensor):
        return [list(value.shape)]
    if isinstance(value, (tuple, list)):
        return [shape for item in value for shape in _tensor_shapes(item)]
    return []


def module_calls(model: torch.nn.Module, inputs: list[torch.Tensor]) -> list[dict[str, Any]]:
    """Every module call of one forward pass in the order the calls start (torchinfo's row order):
    its path, class and output shapes.

    The pass runs as torchinfo's does by default: in eval mode, without gradients.
    """
    calls: list[dict[str, Any]] = []
    open_calls: list[dict[str, Any]] = []

    def record_start(path: str) -> Any:
        def hook(module: torch.nn.Module, _inputs: Any) -> None:
            call: dict[str, Any] = {"path": path, "class": type(module).__name__, "outputs": []}
            calls.append(call)
            open_calls.append(call)

        return hook

    def record_end(module: torch.nn.Module, _inputs: Any, output: Any) -> None:
        open_calls.pop()["outputs"] = _tensor_shapes(output)

    handles = []
    for path, module in model.named_modules():
        handles += [module.register_forward_pre_hook(record_start(path)), module.register_forward_hook(record_end)]
    was_training = model.training
    model.eval()
    try:
        torch.manual_seed(0)
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model(*inputs)
    finally:
        model.train(was_training)
        for handle in handles:
            handle.remove()
    return calls


def truth(name: str, case: TorchCase) -> dict[str, Any]:
    """state_dict names and shapes, parameters with their trainable flag, buffers, totals, module calls."""
    model = build_model(name, case)
    parameters = list(model.named_parameters())
    persistent = set(model.state_dict())
    return {
        "case": name,
        "source": case.source,
        "state_dict": [[key, list(value.shape)] for key, value in model.state_dict().items()],
        "parameters": [
            {"name": key, "shape": list(value.shape), "trainable": value.requires_grad} for key, value in parameters
        ],
        "buffers": [
            {"name": key, "shape": list(value.shape), "persistent": key in persistent}
            for key, value in model.named_buffers()
        ],
        "total_params": sum(value.numel() for _, value in parameters),
        "trainable_params": sum(value.numel() for _, value in parameters if value.requires_grad),
        "non_trainable_params": sum(value.numel() for _, value in parameters if not value.requires_grad),
        "module_calls": module_calls(model, zeros_inputs(case)),
    }


def truth_text(name: str, case: TorchCase) -> str:
    """The recorded form of :func:`truth`: indented JSON, one final newline."""
    return json.dumps(truth(name, case), indent=1) + "\n"


def torchinfo_text(name: str, case: TorchCase) -> str:
    """torchinfo's summary of the case's model, as ``str()`` of its result."""
    model = build_model(name, case)
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = torchinfo.summary(
            model,
            input_size=list(case.inputs),
            dtypes=[DTYPES[dtype] for dtype in case.input_dtypes],
            depth=TORCHINFO_DEPTH,
            verbose=0,
        )
    return str(result) + "\n"


def regenerate(names: list[str] | None = None) -> list[str]:
    """Write the truth files of the given cases (all by default); return the paths written."""
    GOLDEN_DIRECTORY.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or sorted(CASES):
        case = CASES[name]
        truth_path(name).write_text(truth_text(name, case), encoding="utf-8")
        torchinfo_path(name).write_text(torchinfo_text(name, case), encoding="utf-8")
        written += [str(truth_path(name)), str(torchinfo_path(name))]
    return written
