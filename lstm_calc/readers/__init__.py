"""Every input lstmcalc reads, in one table: input format -> reader.

Each reader returns the located data a YAML spec loads into (:mod:`lstm_calc.readers.yaml_spec`),
so the spec check, shape inference and every renderer are shared by all inputs. The
format follows from the file's extension unless it is given.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any

YAML = "yaml"
KERAS_JSON = "keras-json"
KERAS_ARCHIVE = "keras"
PYTHON = "python"


# Each reader is imported when its format is read: together they bring yaml, json, ast, zipfile
# (with bz2, lzma, shutil and pathlib), tens of milliseconds that one input never needs all of.


def _read_yaml(text: str, filename: str, assignments: Iterable[str], model_name: str | None) -> Any:
    from lstm_calc.readers.yaml_spec import load_spec_text

    return load_spec_text(text, filename)


def _read_keras_json(text: str, filename: str, assignments: Iterable[str], model_name: str | None) -> Any:
    from lstm_calc.readers.keras_json import read_keras_json

    return read_keras_json(text, filename)


def _read_keras_code(text: str, filename: str, assignments: Iterable[str], model_name: str | None) -> Any:
    from lstm_calc.readers.python_model import read_python_model

    return read_python_model(text, filename, assignments, model_name)


def _read_keras_archive(path: str) -> Any:
    from lstm_calc.readers.keras_archive import read_keras_archive

    return read_keras_archive(path)


#: Readers of text: (text, name for messages, --set assignments, --model) -> located spec data.
TEXT_READERS: dict[str, Callable[[str, str, Iterable[str], str | None], Any]] = {
    YAML: _read_yaml,
    KERAS_JSON: _read_keras_json,
    PYTHON: _read_keras_code,
}
#: Readers of a file path (a zip archive is not text).
PATH_READERS: dict[str, Callable[[str], Any]] = {KERAS_ARCHIVE: _read_keras_archive}
INPUT_FORMATS = (YAML, KERAS_JSON, KERAS_ARCHIVE, PYTHON)
SUFFIX_FORMATS = {".yaml": YAML, ".yml": YAML, ".json": KERAS_JSON, ".keras": KERAS_ARCHIVE, ".py": PYTHON}
#: What --set means, and where it applies; --model too (code may build several models).
ASSIGNMENT_FORMATS = (PYTHON,)


def input_format_of(path: str, given: str | None = None) -> str:
    """The format to read ``path`` as: ``given``, else by extension; standard input (``-``) is YAML."""
    if given is not None:
        return given
    if path == "-":
        return YAML
    suffix = os.path.splitext(path)[1].lower()
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    where = Location(path, 1, 1)
    # What is wrong with the path itself comes before what its name says.
    if os.path.isdir(path):
        raise SpecError("is a directory, not a spec file", where)
    if not os.path.exists(path):
        raise SpecError("no such file", where)
    if suffix in (".h5", ".hdf5"):
        raise SpecError(
            "HDF5 model files cannot be read without h5py; save the model with model.save('model.keras') "
            "or write model.to_json() to a .json file",
            where,
        )
    # A name without an extension is common from process substitution: <(cat spec) is /dev/fd/63.
    problem = f"from its extension {suffix!r}" if suffix else "as its name has no extension"
    choices = f"{', '.join(INPUT_FORMATS[:-1])} or {INPUT_FORMATS[-1]}"
    raise SpecError(
        f"cannot tell the input's format {problem}: lstmcalc reads .yaml/.yml specs, Keras model JSON "
        f"(.json), .keras archives and Keras Python code (.py); or give --input-format {choices}",
        where,
    )


def read_text(
    input_format: str,
    text: str,
    filename: str,
    assignments: Iterable[str] = (),
    model_name: str | None = None,
    input_shapes: Sequence[Sequence[int | None]] = (),
) -> Any:
    """The located spec data of ``text`` in ``input_format``; ``model_name`` (``--model``) picks one of
    several models in Python code; ``input_shapes`` are those PyTorch code's ``forward`` receives
    (``--input-shape``)."""
    refuse_misplaced_assignments(input_format, assignments, model_name)
    if input_shapes:
        if input_format != PYTHON:
            raise SpecError("--input-shape gives the input of Python code (a .py input) only", path="--input-shape")
        from lstm_calc.readers.python_model import read_python_model

        return read_python_model(text, filename, assignments, model_name, input_shapes)
    return TEXT_READERS[input_format](text, filename, assignments, model_name)


def read_path(input_format: str, path: str, assignments: Iterable[str] = (), model_name: str | None = None) -> Any:
    """The located spec data of the file at ``path``, for formats that are not text."""
    refuse_misplaced_assignments(input_format, assignments, model_name)
    if path == "-":
        raise SpecError(f"a {input_format} input is read from a file, not from standard input", path="-")
    return PATH_READERS[input_format](path)


def refuse_misplaced_assignments(input_format: str, assignments: Iterable[str], model_name: str | None = None) -> None:
    """Refuse ``--set`` assignments, and ``--model``, for an input that is not Python code."""
    if tuple(assignments) and input_format not in ASSIGNMENT_FORMATS:
        raise SpecError("--set gives values to Python code (a .py input) only", path="--set")
    if model_name is not None and input_format not in ASSIGNMENT_FORMATS:
        raise SpecError(
            "--model picks one of several models in Python code (a .py input); this input holds one",
            path="--model",
        )
