"""The files ``lstmcalc check`` reads, found so that an untrusted tree cannot steer it.

``check`` runs in CI on trees that anyone can push, so every name in such a tree is
untrusted. The rules (the README's "What ``check`` promises on an untrusted tree"):

* A directory is searched for ``*.yaml``/``*.yml`` files, hidden names skipped.
  Symbolic links to directories are not followed.
* A symbolic link found in a directory is followed only when its target lies inside
  that directory. One that leads outside is an invalid entry, and nothing is said
  about its target, not even its name.
* A path named on the command line that lies inside the current directory but leads
  outside it through a symbolic link is refused the same way: pre-commit and CI pass
  names taken from the tree. A path that is outside as written was chosen by the user.
* Only regular files are opened: FIFOs, devices and sockets are invalid entries,
  found with ``stat`` and checked again with ``fstat`` on the descriptor opened
  without blocking.
* A directory that cannot be read is an invalid entry, never skipped.
* Each file is checked once, by its device and inode, under the first name given;
  a link is not checked where the same search finds the file it points to.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.files import LINK_OUT_OF_TREE, file_identity, leads_out_of_tree, not_a_file, within
from lstm_calc.records import record

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import NamedTuple

#: What ``check`` looks for in a directory.
SPEC_SUFFIXES = (".yaml", ".yml")
STDIN = "-"


# The type checker reads the fields' types from a typing.NamedTuple; at run time the record is a
# named tuple from lstm_calc.records with the same fields, which is quicker to define (every check
# imports this module). tests/test_typed_records.py keeps the two alike.
if TYPE_CHECKING:

    class _Found(NamedTuple):
        name: str
        identity: tuple[int, int] | None = None
        error: SpecError | None = None
        named: bool = False

else:
    _Found = record("Found", ("name", "identity", "error", "named"), defaults=(None, None, False))


class Found(_Found):
    """One entry of a ``check`` run: the ``name`` to show and open, the ``(st_dev, st_ino)``
    it had when found, and the :class:`SpecError` that makes it invalid without being read, if any.

    ``named`` is true for a path given on the command line, false for one found in a directory.
    """

    __slots__ = ()


def find_spec_files(paths: Iterable[str]) -> Iterator[Found]:
    """Every entry to check among ``paths`` (files, directories searched recursively, ``-``), in order, each once."""
    seen: set[object] = set()
    for path in paths:
        for found in _argument(path):
            key = _key(found)
            if key not in seen:
                seen.add(key)
                yield found


def _key(found: Found) -> object:
    """What makes two entries one: the file's identity, else the entry's own (a link refused, a directory)."""
    if found.name == STDIN:
        return STDIN
    if found.identity is not None:
        return found.identity
    try:
        return ("entry", *file_identity(os.lstat(found.name)))
    except OSError:
        return ("name", os.path.abspath(found.name))


def _argument(path: str) -> list[Found]:
    if path == STDIN:
        return [Found(STDIN, named=True)]
    try:
        if leads_out_of_tree(path):
            return [Found(path, error=SpecError(LINK_OUT_OF_TREE), named=True)]
    except OSError as error:
        return [Found(path, error=SpecError(f"cannot resolve the path: {error.strerror}"), named=True)]
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return [Found(path, error=SpecError("no such file", Location(path, 1, 1)), named=True)]
    except OSError as error:
        return [Found(path, error=_unreadable_file(error), named=True)]
    if stat.S_ISDIR(status.st_mode):
        return _directory(path)
    return [_file(path, status)._replace(named=True)]


def _directory(top: str) -> list[Found]:
    """The entries of the tree under ``top``, sorted by path, the links to files found directly left out."""
    root = os.path.realpath(top)
    entries: list[Found] = []
    links: list[Found] = []
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as scan:
                listed = list(scan)
        except OSError as error:
            entries.append(Found(directory, error=SpecError(f"cannot read the directory: {error.strerror}")))
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_symlink():
                    if entry.name.endswith(SPEC_SUFFIXES):
                        links += _link(entry.path, root, top)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.name.endswith(SPEC_SUFFIXES):
                    entries.append(_file(entry.path, entry.stat(follow_symlinks=False)))
            except OSError as error:
                entries.append(Found(entry.path, error=_unreadable_file(error)))
    direct = {found.identity for found in entries}
    entries += [found for found in links if found.identity is None or found.identity not in direct]
    if not entries:
        return [Found(top, error=SpecError("the directory has no *.yaml or *.yml spec files", Location(top, 1, 1)))]
    return sorted(entries, key=lambda found: found.name.split(os.sep))


def _link(path: str, root: str, top: str) -> list[Found]:
    # Whether the target exists or what it is stays unsaid for a link leading outside: that is
    # information about a file the tree has no business reading.
    if not within(os.path.realpath(path), root):
        return [Found(path, error=SpecError(f"is a symbolic link that leads outside '{top}'; not followed"))]
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return [Found(path, error=SpecError("is a symbolic link to a file that does not exist"))]
    if stat.S_ISDIR(status.st_mode):
        return []  # a directory is no spec file, whatever its name; its specs are found where it is
    return [_file(path, status)]


def _file(path: str, status: os.stat_result) -> Found:
    error = None if stat.S_ISREG(status.st_mode) else not_a_file(status.st_mode)
    return Found(path, file_identity(status), error)


def _unreadable_file(error: OSError) -> SpecError:
    return SpecError(f"cannot read the file: {error.strerror or error}")
