"""Keras 3 ``.keras`` archives: a zip holding ``config.json`` (read) and the weights (never read).

The archive is never extracted: only ``config.json`` is decompressed, and at most
:data:`MAX_CONFIG_BYTES` of it, so a zip bomb costs nothing. Only a regular file is read
(not a FIFO, nor a symlink to ``/dev/zero``). Should the archive hold several members of
that name, the last is read, as Keras reads it (``ZipFile.open`` finds the last).
"""

from __future__ import annotations

import zipfile
import zlib
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.files import open_input_file, read_at_most
from lstm_calc.readers.keras_json import keras_model_to_spec
from lstm_calc.readers.located_json import load_located_json

if TYPE_CHECKING:
    from typing import IO

    from lstm_calc.located import LocatedDict

CONFIG_NAME = "config.json"
#: A model config is some kilobytes per layer; refuse anything bigger than a spec may be.
MAX_CONFIG_BYTES = 8 * 1024 * 1024
#: A .keras archive holds three files; a zip with thousands is something else.
MAX_MEMBERS = 1000
#: What zipfile raises for a damaged archive besides BadZipFile: an unknown zip version or
#: compression (NotImplementedError), a member cut short (EOFError), corrupt deflate data
#: (zlib.error), a bad password or encryption (RuntimeError), impossible offsets (ValueError).
_DAMAGED: tuple[type[Exception], ...] = (
    zipfile.BadZipFile, NotImplementedError, EOFError, zlib.error, RuntimeError, ValueError
)  # fmt: skip
try:  # zipfile imports lzma itself where Python has it; damaged LZMA data is no OSError, as bzip2's is
    from lzma import LZMAError

    _DAMAGED += (LZMAError,)
except ImportError:  # pragma: no cover - a Python built without lzma reads no LZMA member either
    pass


def read_keras_archive(path: str) -> LocatedDict:
    """The spec data of the Sequential model saved in the ``.keras`` archive at ``path``.

    Locations in errors name ``PATH/config.json``, as ``zipfile.Path`` names a member.
    """
    text, member_name = _config_text(path)
    return keras_model_to_spec(load_located_json(text, member_name), member_name)


def read_keras_archive_from(handle: IO[bytes], name: str) -> LocatedDict:
    """:func:`read_keras_archive` of an archive already open (a file at a git revision);
    ``name`` stands for its path in messages."""
    text, member_name = _config_text_of(handle, name, Location(name, 1, 1))
    return keras_model_to_spec(load_located_json(text, member_name), member_name)


def _config_text(path: str) -> tuple[str, str]:
    at_start = Location(path, 1, 1)
    with open_input_file(path, "model file") as handle:
        return _config_text_of(handle, path, at_start)


def _config_text_of(handle: IO[bytes], path: str, at_start: Location) -> tuple[str, str]:
    try:
        archive = zipfile.ZipFile(handle)
    except zipfile.BadZipFile:
        raise SpecError(
            "not a .keras archive (not a zip file); Keras 3 writes one with model.save('model.keras')", at_start
        ) from None
    except _DAMAGED as error:
        raise SpecError(f"cannot read the archive: {str(error) or type(error).__name__}", at_start) from None
    except OSError as error:
        raise SpecError(f"cannot read the file: {error.strerror}", at_start) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise SpecError(f"the archive holds {len(members):,} files; a .keras archive holds a few", at_start)
        try:
            # The lookup keras.saving.load_model makes: of several members of one name, the last.
            info = archive.getinfo(CONFIG_NAME)
        except KeyError:
            raise SpecError(f"the archive has no {CONFIG_NAME}; is it a Keras 3 .keras file?", at_start) from None
        member_name = f"{path}/{CONFIG_NAME}"
        too_big = SpecError(
            f"{CONFIG_NAME} is larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MiB; is this a Keras model?", at_start
        )
        if info.file_size > MAX_CONFIG_BYTES:
            raise too_big
        try:
            with archive.open(info) as member:
                # zipfile stops at the recorded size; the limit bounds the read whatever the size says.
                raw = read_at_most(member, MAX_CONFIG_BYTES + 1)
        except _DAMAGED + (OSError,) as error:
            raise SpecError(
                f"cannot read {CONFIG_NAME} from the archive: {str(error) or type(error).__name__}", at_start
            ) from None
        if len(raw) > MAX_CONFIG_BYTES:
            raise too_big
    try:
        return raw.decode("utf-8-sig"), member_name
    except UnicodeDecodeError:
        raise SpecError(f"{CONFIG_NAME} is not UTF-8 text", Location(member_name, 1, 1)) from None
