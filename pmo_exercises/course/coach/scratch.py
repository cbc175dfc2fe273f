"""Scratch folders that outlive no one: each is held by a lock while its owner lives.

Grading makes folders of its own: each worker's sandbox (``/var/tmp/pmo-sbx-*``,
with the kernel's home and sockets) and, per notebook, the clean shell's
(``pmo-verdict-*``). A worker that is killed (the wall-clock limit per
notebook does exactly that) cannot remove them. So every such folder holds a
file its owner keeps locked (``flock``) for as long as it lives: the kernel
drops the lock when the process dies, however it dies, and :func:`sweep`
removes every folder whose lock it can take. Process ids are reused; a lock is
not.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path

__all__ = ["GRACE_SECONDS", "LOCK_NAME", "VERDICT_PREFIX", "Scratch", "sweep"]

#: The clean shells' folders (one per notebook, under the system's temporary folder):
#: named here, so that sweeping them needs no import of the verdict's machinery.
VERDICT_PREFIX = "pmo-verdict-"

#: The file a scratch folder's owner keeps locked.
LOCK_NAME = ".owner"

#: A folder without its lock file is swept only once this old: it may be one that is
#: being made this instant (or one left by a kit older than the lock).
GRACE_SECONDS = 60.0


class Scratch:
    """A new folder under ``base``, named ``prefix`` + random, held until :meth:`remove`.

    Parameters
    ----------
    prefix : str
        The folder's name starts with it; :func:`sweep` looks for it.
    base : str or None
        The parent folder (None: the system's temporary folder).
    """

    def __init__(self, prefix: str, base: str | os.PathLike | None = None) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
        # not inherited by the processes we start: the lock is ours alone, and ends with us
        self._fd: int | None = os.open(self.path / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)

    def remove(self) -> None:
        """Remove the folder and release it (again: nothing)."""
        if self._fd is None:
            return
        shutil.rmtree(self.path, ignore_errors=True)
        os.close(self._fd)
        self._fd = None


def _abandoned(folder: Path) -> bool:
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > GRACE_SECONDS
        except OSError:
            return False
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # its owner lives
        return False
    finally:
        os.close(fd)  # the lock, if we took it, goes with it
    return True


def sweep(prefix: str, base: str | os.PathLike | None = None) -> list[Path]:
    """Remove the folders ``base/prefix*`` whose owner has gone; the ones removed.

    A folder is removed when its lock can be taken (its owner died), or when it
    has no lock file and is older than :data:`GRACE_SECONDS`.
    """
    parent = Path(base) if base is not None else Path(tempfile.gettempdir())
    removed = []
    try:
        candidates = [p for p in parent.glob(prefix + "*") if p.is_dir() and not p.is_symlink()]
    except OSError:
        return removed
    for folder in candidates:
        if _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
    return removed
