"""Fail unless the source distribution holds every file git tracks (so its tests can run).

python .ci/check_sdist.py dist/lstmcalc-X.tar.gz
"""

from __future__ import annotations

import subprocess
import sys
import tarfile

GENERATED = ("PKG-INFO", "setup.cfg", "lstmcalc.egg-info/")


def main(sdist: str) -> int:
    tracked = set(subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True).stdout.split("\n"))
    tracked.discard("")
    with tarfile.open(sdist) as archive:
        members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    files = {name for name in members if not name.endswith("/") and not name.startswith(GENERATED)}
    # Directories appear as members too; keep only names that are not a prefix of another.
    files = {name for name in files if not any(other.startswith(name + "/") for other in members)}
    missing = sorted(tracked - files)
    extra = sorted(files - tracked)
    for name in missing:
        print(f"{sdist}: missing tracked file {name}", file=sys.stderr)
    for name in extra:
        print(f"{sdist}: holds {name}, which git does not track", file=sys.stderr)
    if missing or extra:
        return 1
    print(f"{sdist}: holds the {len(tracked)} tracked files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
