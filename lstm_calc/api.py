"""The library's entry points: from spec text or a file to a :class:`ModelSummary`, or to a budget check."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from lstm_calc.errors import Location, SpecError
from lstm_calc.files import MAX_SPEC_BYTES, STDIN_NAME, decode_spec, open_found, read_opened, read_spec
from lstm_calc.readers import (
    ASSIGNMENT_FORMATS,
    PATH_READERS,
    YAML,
    input_format_of,
    read_path,
    read_text,
    refuse_misplaced_assignments,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from lstm_calc.budget import CheckReport, SpecCheck
    from lstm_calc.model_diff import ModelDiff
    from lstm_calc.spec import ModelSpec
    from lstm_calc.summary import ModelSummary


def summarize_text(
    text: str, filename: str = STDIN_NAME, framework: str | None = None, input_format: str = YAML
) -> ModelSummary:
    """Summarise a spec given as text (YAML unless ``input_format`` says otherwise).

    ``filename`` is only used in error locations. ``framework`` (``keras`` or ``pytorch``)
    overrides the spec's own ``framework:``. A :class:`SpecError` carries the text of the
    spec line it points at, for display.
    """
    with _quoting_source(text, filename):
        return build(read_text(input_format, text, filename), filename, framework)[1]


@contextmanager
def _quoting_source(text: str | None, filename: str) -> Iterator[None]:
    """Give a :class:`SpecError` raised inside, located in ``filename``, the text of its line."""
    try:
        yield
    except SpecError as error:
        location = error.location
        if text is not None and location is not None and location.file == filename and error.source_line is None:
            from lstm_calc.source_lines import line_text  # only errors quote a line

            error.source_line = line_text(text, location.line)
        raise


def build(
    data: Any,
    filename: str,
    framework: str | None = None,
    count_macs: bool = True,
    every_layer: bool = False,
    torchinfo_table: bool = False,
) -> tuple[ModelSpec, ModelSummary]:
    """Check located spec data (as any reader returns it) and infer the model's shapes and weights.

    ``count_macs=False`` leaves each layer's MACs at zero, for a caller that shows none. PyTorch
    code gives its summary itself (torch's module calls); its spec is empty of layers.
    ``every_layer`` gives every layer of a graph a row, a subclassed model's ``summary_rows`` aside:
    what a diagram draws and exported code builds is the whole graph, merges made in ``call()`` too.
    ``torchinfo_table`` asks for the calls torchinfo's table is drawn from (see :func:`~lstm_calc.graph.infer`).
    """
    if _is_torch_code_model(data):
        return _torch_code_model(data, filename, framework, count_macs)
    # Imported here, as PyTorch code needs neither the spec check nor shape inference.
    from lstm_calc.graph import infer
    from lstm_calc.spec import parse_model_spec

    model = parse_model_spec(data, filename, framework)
    if every_layer and model.summary_rows:
        model = model._replace(summary_rows=())
    return model, infer(model, count_macs, torchinfo_table)


def _torch_code_model(
    data: Any, filename: str, framework: str | None, count_macs: bool
) -> tuple[ModelSpec, ModelSummary]:
    """PyTorch code's summary, refusing the Keras convention (its module calls are torch's)."""
    if framework not in (None, "pytorch"):
        raise SpecError("PyTorch code is summarised as torch holds it: leave out --framework keras", data.location)
    from lstm_calc.spec_records import ModelSpec

    return ModelSpec(data.name, "float32", "pytorch", (), [], (), ()), data.summary(count_macs)


def _is_torch_code_model(data: Any) -> bool:
    """Whether a reader gave PyTorch code's model rather than spec data."""
    # Only the PyTorch code reader makes one, so a start that never loaded that reader (a YAML
    # spec, a Keras file) need not import it and its dozen modules just to answer no.
    torch_code = sys.modules.get("lstm_calc.readers.torch_code")
    return torch_code is not None and isinstance(data, torch_code.TorchCodeModel)


def _refuse_torch_code(data: Any, command: str) -> None:
    if _is_torch_code_model(data):
        raise SpecError(f"{command} reads specs and Keras models; lstmcalc summary reads PyTorch code", data.location)


def build_file(
    path: str,
    framework: str | None = None,
    input_format: str | None = None,
    assignments: Iterable[str] = (),
    model_name: str | None = None,
) -> tuple[ModelSpec, ModelSummary]:
    """The checked model at ``path`` (any format :func:`load_model` reads) and its summary.

    ``input_format``, ``assignments`` and ``model_name`` as :func:`summarize_file` takes them.
    """
    data, name, text = _load(path, input_format, assignments, model_name=model_name)
    with _quoting_source(text, name):
        _refuse_torch_code(data, "this command (summary --compare, explain, quiz)")
        return build(data, name, framework)


def load_model(path: str, input_format: str | None = None, assignments: Iterable[str] = ()) -> tuple[Any, str]:
    """The located spec data of the model at ``path`` (``-`` for stdin), and its name for messages.

    The format follows from the extension unless ``input_format`` is given; ``assignments``
    are ``--set EXPR=VALUE`` strings for Python code.
    """
    data, name, _ = _load(path, input_format, assignments)
    return data, name


def _load(
    path: str,
    input_format: str | None = None,
    assignments: Iterable[str] = (),
    read: Callable[[str], tuple[str, str]] | None = None,
    model_name: str | None = None,
    input_shapes: Sequence[Sequence[int | None]] = (),
) -> tuple[Any, str, str | None]:
    """:func:`load_model`, and the text read when the format is text (for quoting in errors).

    ``read`` reads the text of ``path`` (:func:`read_spec` unless given); ``model_name`` (``--model``)
    picks one of several models in Python code.
    """
    input_format = input_format_of(path, input_format)
    if input_format in PATH_READERS:
        return read_path(input_format, path, assignments, model_name), path, None
    text, name = (read or read_spec)(path)
    with _quoting_source(text, name):
        return read_text(input_format, text, name, assignments, model_name, input_shapes), name, text


def convert_file(
    path: str, input_format: str | None = None, assignments: Iterable[str] = (), model_name: str | None = None
) -> str:
    """The model at ``path`` (any format :func:`load_model` reads) as an editable YAML spec.

    The spec is checked first, so the YAML written always summarises like its source.
    """
    from lstm_calc.convert import spec_to_yaml

    data, name, text = _load(path, input_format, assignments, model_name=model_name)
    with _quoting_source(text, name):
        _refuse_torch_code(data, "lstmcalc convert")
        build(data, name)
    return spec_to_yaml(data, STDIN_NAME if path == "-" else path)


def export_file(
    path: str,
    target: str,
    input_format: str | None = None,
    assignments: Iterable[str] = (),
    model_name: str | None = None,
) -> str:
    """Python code that builds the model at ``path`` with ``target`` (``keras`` or ``pytorch``).

    The spec is read under the target's convention, as ``summary --framework`` reads it,
    so what the target cannot build is refused with a located error.
    """
    from lstm_calc.export import EXPORTERS

    data, name, text = _load(path, input_format, assignments, model_name=model_name)
    with _quoting_source(text, name):
        _refuse_torch_code(data, "lstmcalc export")
        model, summary = build(data, name, target, every_layer=True)
    return EXPORTERS[target](model, summary, STDIN_NAME if path == "-" else path)


def summarize_file(
    path: str,
    framework: str | None = None,
    input_format: str | None = None,
    assignments: Iterable[str] = (),
    count_macs: bool = True,
    model_name: str | None = None,
    input_shapes: Sequence[Sequence[int | None]] = (),
    every_layer: bool = False,
    torchinfo_table: bool = False,
) -> ModelSummary:
    """Summarise the model at ``path`` (``-`` for stdin), optionally under another ``framework``.

    ``path`` is a YAML spec, Keras model JSON, a ``.keras`` archive or Keras Python code
    (see :func:`load_model`). ``count_macs=False`` leaves the layers' MACs at zero; ``model_name``
    (``--model``) picks one of several models in Python code. ``input_shapes`` are the shapes
    PyTorch code's ``forward`` receives, batch included (``--input-shape``). ``every_layer`` and
    ``torchinfo_table`` (for a caller that prints torchinfo's table) as :func:`build` takes them.
    """
    data, name, text = _load(path, input_format, assignments, model_name=model_name, input_shapes=input_shapes)
    with _quoting_source(text, name):
        return build(data, name, framework, count_macs, every_layer, torchinfo_table)[1]


#: A .keras archive at a git revision holds its weights too: it is copied to a temporary file, up to this size.
MAX_REVISION_ARCHIVE_BYTES = 2 * 1024**3


def diff_files(
    old: str,
    new: str,
    framework: str | None = None,
    input_format: str | None = None,
    assignments: Iterable[str] = (),
    model_name: str | None = None,
) -> ModelDiff:
    """Compare the models at ``old`` and ``new`` layer by layer (:mod:`lstm_calc.model_diff`).

    Each is anything :func:`summarize_file` reads, or ``REV:PATH``: the file at ``PATH``
    as it is at the git revision ``REV`` (:mod:`lstm_calc.revisions`).
    """
    from lstm_calc.model_diff import diff_models

    assignments = tuple(assignments)
    old_summary, new_summary = (
        _summarize_argument(argument, framework, input_format, assignments, model_name) for argument in (old, new)
    )
    return diff_models(old_summary, new_summary, old, new)


def _summarize_argument(
    argument: str,
    framework: str | None,
    input_format: str | None,
    assignments: tuple[str, ...],
    model_name: str | None = None,
) -> ModelSummary:
    from lstm_calc.revisions import is_revision_argument, read_revision, split_revision_argument

    if not is_revision_argument(argument):
        return summarize_file(argument, framework, input_format, assignments, False, model_name)
    revision, path = split_revision_argument(argument)
    input_format = _revision_format(argument, path, input_format)
    refuse_misplaced_assignments(input_format, assignments, model_name)
    if input_format in PATH_READERS:
        import tempfile

        from lstm_calc.readers.keras_archive import read_keras_archive_from

        with tempfile.TemporaryFile() as handle:
            read_revision(revision, path, argument, MAX_REVISION_ARCHIVE_BYTES, handle)
            handle.seek(0)
            data = read_keras_archive_from(handle, argument)
        return build(data, argument, framework, False)[1]
    text = decode_spec(read_revision(revision, path, argument, MAX_SPEC_BYTES), argument)
    with _quoting_source(text, argument):
        data = read_text(input_format, text, argument, assignments, model_name)
        return build(data, argument, framework, False)[1]


def _revision_format(argument: str, path: str, given: str | None) -> str:
    """The format of ``PATH`` in ``REV:PATH``: ``given``, else by its extension (it is no file here to look at)."""
    from lstm_calc.readers import SUFFIX_FORMATS

    if given is not None:
        return given
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIX_FORMATS:
        raise SpecError(
            f"cannot tell the format of {path!r} from its extension; give --input-format", Location(argument, 1, 1)
        )
    return SUFFIX_FORMATS[suffix]


def diagram_file(
    path: str,
    output_format: str = "svg",
    framework: str | None = None,
    input_format: str | None = None,
    assignments: Iterable[str] = (),
    model_name: str | None = None,
) -> str:
    """The picture of the model at ``path`` (any format :func:`load_model` reads): ``svg``, laid
    out by lstmcalc itself, or ``mermaid`` or ``dot`` text for those tools to lay out."""
    from lstm_calc.diagram import diagram_graph

    summary = summarize_file(
        path, framework, input_format, assignments, count_macs=False, model_name=model_name, every_layer=True
    )
    graph = diagram_graph(summary)
    if output_format == "mermaid":
        from lstm_calc.render.diagram_text import render_mermaid

        return render_mermaid(graph)
    if output_format == "dot":
        from lstm_calc.render.diagram_text import render_dot

        return render_dot(graph)
    from lstm_calc.diagram_layout import layout
    from lstm_calc.render.diagram_svg import render_svg

    try:
        placed = layout(graph)
    except SpecError as error:
        error.location = error.location or Location(STDIN_NAME if path == "-" else path, 1, 1)
        raise
    return render_svg(graph, placed)


def check_text(text: str, filename: str = STDIN_NAME, max_params: int | None = None) -> SpecCheck:
    """Check a spec's counts against its own budget and, if given, a ``max_params`` for every spec.

    Raises :class:`SpecError` when the text is not a valid spec.
    """
    with _quoting_source(text, filename):
        return _check(read_text(YAML, text, filename), filename, max_params)


def _check(data: Any, filename: str, max_params: int | None) -> SpecCheck:
    from lstm_calc.budget import COMMAND_LINE_MAX_PARAMS, SpecCheck, check_limits
    from lstm_calc.spec_records import Limit

    model, summary = build(data, filename, count_macs=False)
    limits = model.budget
    if max_params is not None:
        limits += (Limit(COMMAND_LINE_MAX_PARAMS, max_params),)
    return SpecCheck(filename, summary, check_limits(summary, limits))


def check_file(
    path: str,
    max_params: int | None = None,
    input_format: str | None = None,
    assignments: Iterable[str] = (),
    identity: tuple[int, int] | None = None,
    model_name: str | None = None,
) -> SpecCheck:
    """Check the model at ``path`` (``-`` for stdin), in any format :func:`load_model` reads.

    An invalid spec gives a check with its error. With ``identity`` (the ``(st_dev, st_ino)``
    the file had when found), the file is only read if it is still that regular file.
    """
    from lstm_calc.budget import SpecCheck

    read = None if identity is None else (lambda name: _read_found(name, identity))
    try:
        data, name, text = _load(path, input_format, assignments, read, model_name)
        with _quoting_source(text, name):
            return _check(data, name, max_params)
    except SpecError as error:
        return SpecCheck(STDIN_NAME if path == "-" else path, error=error)


def _read_found(path: str, identity: tuple[int, int]) -> tuple[str, str]:
    with open_found(path, identity) as handle:
        raw = read_opened(handle, MAX_SPEC_BYTES, path)
    return decode_spec(raw, path), path


def check_paths(
    paths: Iterable[str],
    max_params: int | None = None,
    input_format: str | None = None,
    assignments: Iterable[str] = (),
    model_name: str | None = None,
) -> CheckReport:
    """Check every spec among ``paths`` (files, directories searched recursively, ``-``), each once.

    ``input_format`` applies to the paths given, not to the YAML specs found in directories;
    ``assignments`` (``--set``) go to the Python inputs. See :mod:`lstm_calc.discovery` for
    which files are read.
    """
    # Here rather than at the top: a summary never loads the budget rules and reports.
    from lstm_calc.budget import CheckReport, SpecCheck
    from lstm_calc.discovery import find_spec_files

    assignments = tuple(assignments)
    assigned = False
    checks = []
    for found in find_spec_files(paths):
        if found.error is not None:
            checks.append(SpecCheck(found.name, error=found.error))
            continue
        given = input_format if found.named else None
        python = _reads_python(found.name, given)
        assigned = assigned or python
        if python:
            checks.append(check_file(found.name, max_params, given, assignments, found.identity, model_name))
        else:
            checks.append(check_file(found.name, max_params, given, (), found.identity))
    if assignments and not assigned:
        raise SpecError("--set gives values to Python code (a .py input) only; no input is Python code", path="--set")
    if model_name is not None and not assigned:
        raise SpecError(
            "--model picks one of several models in Python code (a .py input); no input is Python code",
            path="--model",
        )
    return CheckReport(tuple(checks))


def _reads_python(path: str, input_format: str | None) -> bool:
    try:
        return input_format_of(path, input_format) in ASSIGNMENT_FORMATS
    except SpecError:
        return False
