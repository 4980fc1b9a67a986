"""``REV:PATH`` inputs: a file as it is at a git revision, read with git and nothing else.

Revisions and paths come from command lines that CI fills in from branches anyone can
push, so: only ``git`` runs, with fixed arguments and no shell; a revision cannot start
with ``-`` (git would take it for an option); a path cannot leave the repository; and
when git fails, the message says which step failed, never what git printed. The blob
is read with ``git cat-file blob``, which prints the stored bytes as they are (``git
show`` may run a configured text conversion on them).

``PATH`` is relative to the current directory, as a plain file argument is, so
``lstmcalc diff main:model.yaml model.yaml`` compares the file with its version on main
from any directory of the repository.
"""

from __future__ import annotations

import os
import posixpath
from typing import TYPE_CHECKING

from lstm_calc.errors import Location, SpecError
from lstm_calc.files import READ_CHUNK

if TYPE_CHECKING:
    from typing import IO

#: Git commands should take milliseconds; a hung one (a network file system) is an error.
GIT_TIMEOUT_SECONDS = 60


def is_revision_argument(argument: str) -> bool:
    """Whether a model argument means ``REV:PATH``: it holds a colon and names no existing file.

    A file whose name holds a colon is still read as a file.
    """
    return argument != "-" and ":" in argument and not os.path.lexists(argument)


def split_revision_argument(argument: str) -> tuple[str, str]:
    """``REV`` and the repository-relative path of ``REV:PATH``, refused when hostile."""
    where = Location(argument, 1, 1)
    revision, _, path = argument.partition(":")
    if not revision:
        raise SpecError("REV:PATH needs a revision before the colon (a branch, tag or commit)", where)
    if revision.startswith("-"):
        raise SpecError("a revision cannot start with '-'", where)
    if not path:
        raise SpecError("REV:PATH needs a path after the colon", where)
    if "\0" in argument or any(char in argument for char in "\n\r"):
        raise SpecError("a revision or path cannot hold a NUL or line break", where)
    if path.startswith("/") or os.path.isabs(path):
        raise SpecError("the path of REV:PATH is relative to the current directory, not absolute", where)
    prefix = _git(["rev-parse", "--show-prefix"], argument, "the current directory is not in a git repository")
    inside = posixpath.normpath(posixpath.join(prefix.decode("utf-8", "surrogateescape").strip("\n"), path))
    if inside == ".." or inside.startswith("../") or inside == ".":
        raise SpecError("the path of REV:PATH leaves the repository", where)
    return revision, inside


def read_revision(revision: str, path: str, argument: str, limit: int, into: IO[bytes] | None = None) -> bytes:
    """The bytes of ``path`` at ``revision``, as :func:`split_revision_argument` gives them for
    ``argument``: at most ``limit + 1`` of them (more than ``limit`` means too big), or, with
    ``into``, written to that file instead (and ``b""``).

    Raises :class:`SpecError` at the argument for whatever git cannot do.
    """
    commit = _git(
        ["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
        argument,
        f"no revision {revision!r} in this repository",
    ).strip()
    name = f"{commit.decode('ascii')}:{path}"
    kind = _git(["cat-file", "-t", name], argument, f"no file {path!r} at revision {revision!r}").strip()
    if kind != b"blob":
        raise SpecError(f"{path!r} at revision {revision!r} is not a file", Location(argument, 1, 1))
    return _read_blob(name, argument, limit, into)


def _git(arguments: list[str], argument: str, failure: str) -> bytes:
    """What ``git ARGUMENTS`` prints; a :class:`SpecError` saying ``failure`` if it fails."""
    # Here, not at the top: a plain file argument never runs git, and subprocess costs start-up.
    import subprocess

    where = Location(argument, 1, 1)
    try:
        completed = subprocess.run(
            ["git", *arguments],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
        )
    except FileNotFoundError:
        raise SpecError("REV:PATH is read with git, and git is not installed", where) from None
    except (OSError, subprocess.TimeoutExpired):
        raise SpecError("git could not be run", where) from None
    if completed.returncode != 0:
        raise SpecError(failure, where)
    return completed.stdout


def _read_blob(name: str, argument: str, limit: int, into: IO[bytes] | None) -> bytes:
    import subprocess

    where = Location(argument, 1, 1)
    too_big = SpecError(f"the file at that revision is larger than {limit // (1024 * 1024)} MiB", where)
    try:
        process = subprocess.Popen(
            ["git", "cat-file", "blob", name],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        raise SpecError("git could not be run", where) from None
    assert process.stdout is not None, "stdout is a pipe"
    chunks = []
    size = 0
    with process:
        while size <= limit:
            chunk = process.stdout.read(READ_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if into is None:
                chunks.append(chunk)
            else:
                into.write(chunk)
        if size > limit:
            process.kill()
            raise too_big
    if process.returncode != 0:
        raise SpecError("git could not read the file at that revision", where)
    return b"".join(chunks)
