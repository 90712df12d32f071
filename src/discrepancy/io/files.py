"""Opening files named by untrusted input: confined to allowed roots, regular files only, bounded.

Claim files arrive in pull requests, so every path they name (``document:``) and every file a
folder scan finds is untrusted:

- :func:`confine` says whether a path stays inside the allowed roots once ``..`` and symlinks
  are resolved (absolute paths written in a claim file are refused by the caller);
- :func:`read_bytes` opens a path without blocking (``O_NONBLOCK``), refuses anything that is
  not a regular file (FIFOs, devices, sockets: :data:`NOT_REGULAR`) before reading a byte, and
  reads at most ``limit + 1`` bytes, so ``/dev/zero`` or a FIFO can neither hang a run nor
  exhaust its memory;
- :func:`walk_files` scans a folder, following symlinked files and folders only while they
  stay inside the roots, and never twice into one folder (symlink loops).

Every refusal is a :class:`FileRefused` carrying a problem code and a message; the caller adds
the location.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

StrPath = str | os.PathLike[str]

#: The problem code of a path outside the allowed roots.
OUTSIDE_ROOTS: Final = "E005"
#: The problem code of a FIFO, device, socket or symlink loop where a file was expected.
NOT_REGULAR: Final = "E006"

_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK: Final = 1 << 20


class FileRefused(Exception):
    """A file that is not read, and why: a problem code (E001, E003, E005, E006) and a message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def kind_of(mode: int) -> str:
    """What a file of ``mode`` is, in words (``a FIFO``, ``a character device``...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_oserror(err: OSError) -> FileRefused:
    if err.errno == errno.ELOOP:
        return FileRefused(NOT_REGULAR, "not a regular file: a symlink loop")
    if err.errno == errno.ENOENT:
        return FileRefused("E001", "no such file")
    return FileRefused("E001", f"cannot read file: {err.strerror or err}")


def check_regular(path: StrPath) -> os.stat_result:
    """The ``stat`` of ``path`` (symlinks followed) if it is a regular file.

    Raises:
        FileRefused: E006 for a FIFO, device, socket, folder or symlink loop; E001 when it
            does not exist or cannot be read.
    """
    try:
        st = Path(path).stat()
    except OSError as err:
        raise _refuse_oserror(err) from None
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(NOT_REGULAR, f"not a regular file: {kind_of(st.st_mode)}")
    return st


def read_bytes(path: StrPath, *, limit: int) -> bytes:
    """The content of the regular file ``path``, at most ``limit`` bytes.

    The file is checked before it is opened and again on the open descriptor (``fstat``), opened
    without blocking, and read in chunks up to ``limit + 1`` bytes whatever its ``st_size`` says.

    Raises:
        FileRefused: E006 not a regular file, E003 larger than ``limit``, E001 unreadable.
    """
    check_regular(path)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as err:
        raise _refuse_oserror(err) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(NOT_REGULAR, f"not a regular file: {kind_of(st.st_mode)}")
        if st.st_size > limit:
            raise FileRefused(
                "E003",
                f"file is {st.st_size:,} bytes, larger than the limit of {limit:,}; "
                "split it into smaller files",
            )
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            except BlockingIOError:  # pragma: no cover - regular files do not block
                break
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileRefused(
                "E003",
                f"file is larger than the limit of {limit:,} bytes; split it into smaller files",
            )
        return b"".join(chunks)
    except OSError as err:
        raise _refuse_oserror(err) from None
    finally:
        os.close(fd)


def read_text(path: StrPath, *, limit: int) -> str:
    """:func:`read_bytes` decoded as UTF-8 (a byte order mark is dropped).

    Raises:
        FileRefused: as :func:`read_bytes`; E002 when the bytes are not UTF-8.
    """
    data = read_bytes(path, limit=limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        msg = f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8"
        raise FileRefused("E002", msg) from None


def resolve(path: StrPath) -> Path:
    """``path`` made absolute with every symlink resolved (missing tails are kept as written).

    Raises:
        FileRefused: E006 for a symlink loop.
    """
    try:
        return Path(path).resolve(strict=False)
    except RuntimeError:  # Python < 3.13 reports a symlink loop this way
        raise FileRefused(NOT_REGULAR, "not a regular file: a symlink loop") from None
    except OSError as err:
        raise _refuse_oserror(err) from None


def resolve_roots(roots: Iterable[StrPath]) -> tuple[Path, ...]:
    """The roots, resolved once (a root that is a symlink loop is left out)."""
    out: list[Path] = []
    for root in roots:
        try:
            out.append(resolve(root))
        except FileRefused:
            continue
    return tuple(out)


def inside(path: Path, roots: Sequence[Path]) -> bool:
    """Whether the resolved ``path`` is one of ``roots`` (resolved) or lies below one."""
    return any(path == root or path.is_relative_to(root) for root in roots)


def confine(path: StrPath, roots: Sequence[Path]) -> Path:
    """``path`` resolved, if it stays inside ``roots`` (already resolved).

    Raises:
        FileRefused: E005 when ``..`` or a symlink leads outside every root; E006 for a loop.
    """
    real = resolve(path)
    if not inside(real, roots):
        shown = ", ".join(os.fspath(r) for r in roots) or "(none)"
        raise FileRefused(
            OUTSIDE_ROOTS,
            f"'{os.fspath(path)}' leads outside the allowed folders ({shown}); "
            "keep documents inside the project, or allow their folder with 'document-roots'",
        )
    return real


def walk_files(
    folder: StrPath,
    roots: Sequence[Path],
    *,
    keep_dir: Callable[[str], bool],
    keep_file: Callable[[str], bool],
    refused: Callable[[Path, FileRefused], None],
) -> Iterator[Path]:
    """Files below ``folder`` (paths as found, not resolved) whose names ``keep_file`` keeps,
    in folders whose names ``keep_dir`` keeps.

    Symlinked folders and files are followed while their target stays inside ``roots`` (the
    folder itself counts as a root); each real folder is entered once, so a symlink loop ends.
    A symlink leading outside, a loop or a dangling link is passed to ``refused`` with the
    reason, never silently skipped.
    """
    top = Path(folder)
    allowed = (*roots, *resolve_roots([top]))
    seen: set[tuple[int, int]] = set()
    stack = [top]
    while stack:
        here = stack.pop()
        try:
            st = here.stat()
        except OSError as err:
            refused(here, _refuse_oserror(err))
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in seen:
            continue
        seen.add(ident)
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as err:
            refused(here, _refuse_oserror(err))
            continue
        subfolders: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError as err:
                refused(path, _refuse_oserror(err))
                continue
            wanted = keep_dir(entry.name) if is_dir else keep_file(entry.name)
            if not wanted:
                continue
            if is_link:
                try:
                    confine(path, allowed)
                    if not is_dir:
                        path.stat()  # a dangling link or a loop is reported here
                except FileRefused as err:
                    refused(path, err)
                    continue
                except OSError as err:
                    refused(path, _refuse_oserror(err))
                    continue
            if is_dir:
                subfolders.append(path)
            else:
                yield path
        stack.extend(reversed(subfolders))


__all__ = [
    "NOT_REGULAR",
    "OUTSIDE_ROOTS",
    "FileRefused",
    "check_regular",
    "confine",
    "inside",
    "kind_of",
    "read_bytes",
    "read_text",
    "resolve",
    "resolve_roots",
    "walk_files",
]
