"""Output files (``-o``), written all at once: the old file stays whole until the new one is complete."""

from __future__ import annotations

import errno
import os
import stat

#: Where a link names a process's descriptor (/dev/stdout, /dev/fd/3, /proc/self/fd/3).
_DESCRIPTOR_DIRECTORIES = ("/dev/", "/proc/")


def write_file(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to the file at ``path``, replacing it atomically.

    The text goes to a new file in the same directory, is flushed and synced to disk,
    then renamed over ``path``. On any failure (a full disk, a file-size limit, an
    interrupt) the new file is removed and ``path`` is left as it was. A symbolic link
    at ``path`` is replaced by the file, never written through. The file keeps the old
    file's permissions, or gets those a plain ``open()`` gives (0666 less the umask).
    A device or a pipe (``/dev/null``, a FIFO, ``/dev/stdout``) is written in place.

    Raises ``OSError``.
    """
    if _is_special(path):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    mode = _regular_file_mode(path)
    descriptor, temporary = _create_beside(path)
    try:
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _is_special(path: str) -> bool:
    """Whether ``path`` is to be written in place: a device or a FIFO named directly, or a
    descriptor's link (/dev/stdout, /dev/fd/3), which replacing would swap for a regular
    file (in /dev, as root). Any other link is replaced, whatever it points to."""
    if os.path.islink(path):
        return os.path.abspath(path).startswith(_DESCRIPTOR_DIRECTORIES)
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # missing: created
        return False


def _regular_file_mode(path: str) -> int | None:
    """The permission bits of the regular file at ``path`` (not through a link), or None."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return stat.S_IMODE(status.st_mode) if stat.S_ISREG(status.st_mode) else None


def _create_beside(path: str) -> tuple[int, str]:
    """A new, empty file in the directory of ``path``: its descriptor and its path."""
    directory = os.path.dirname(path) or "."
    # tempfile.mkstemp's way (O_EXCL, a random name), but with mode 0666 for the umask to
    # trim, as for any new file: mkstemp's 0600 would need the umask, which can only be
    # read by changing it for the whole process.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temporary = os.path.join(directory, f".lstmcalc-{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", directory)
