"""Writing an output file all at once: a temporary file in the same folder, then a rename.

A reader (a CI step, a browser reloading the report) never sees half a file, and a write that
fails (disk full, interrupted, the folder vanished) leaves an existing file as it was. The
temporary file is created with the permissions an ordinary write would give (``0o666`` less
the umask), or the existing file's mode when one is replaced.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and :func:`os.replace`.

    Raises:
        OSError: the folder is missing or not writable, ``path`` is a folder, the disk is
            full...; ``path`` is then unchanged and no temporary file is left behind.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(21, "is a folder", os.fspath(target))
    folder = target.parent
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:
            pass
        else:
            tmp.chmod(mode)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


__all__ = ["write_text_atomic"]
