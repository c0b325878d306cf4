"""Atomic file writes: a file is whole or absent, never partial (batch briefs, outputs, state)."""
from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

# write_atomic's temporary files: `.<name>.<random>.tmp` beside the target.
_TEMP_RE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: str | Path, text: str | Iterable[str]) -> None:
    """Write `text` (a string, or its pieces in order) to a temporary file in the same
    folder, then rename: never a partial file. Pieces are encoded and written a buffer at a
    time, so a large output is never held whole, as text or as bytes.

    On Linux the text goes into an unnamed file (O_TMPFILE) that gets a name only once it
    is complete, so even a kill leaves nothing partial behind. Elsewhere a named temporary
    file is used: Ctrl+C removes it; a kill leaves it, hidden, until
    `remove_stale_temp_files` clears it on the next batch run.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _buffered_bytes([text] if isinstance(text, str) else text)
    left = _write_unnamed_then_link(path, data)
    if left is None:
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in left:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it private; give it a normal file's mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


WRITE_BUFFER = 1 << 20  # characters gathered before each write


def _buffered_bytes(pieces: Iterable[str]) -> Iterator[bytes]:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= WRITE_BUFFER:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def _write_unnamed_then_link(path: Path, data: Iterator[bytes]) -> Iterator[bytes] | None:
    """Linux: write and sync an O_TMPFILE, link it under a hidden name, rename it into place.
    Where the OS or file system cannot, the bytes still to write: `data` itself, or the
    unnamed file read back when it could not be linked (then write_atomic names a file)."""
    if not hasattr(os, "O_TMPFILE"):
        return data
    try:
        fd = os.open(path.parent, os.O_TMPFILE | os.O_RDWR, 0o666)  # the umask applies
    except OSError:
        return data
    handed_on = False
    try:
        for chunk in data:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]
        os.fsync(fd)
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        if not _link_fd(fd, tmp):
            handed_on = True
            return _read_back(fd)
        try:
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    finally:
        if not handed_on:
            os.close(fd)
    return None


def _read_back(fd: int) -> Iterator[bytes]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        while chunk := os.read(fd, WRITE_BUFFER):
            yield chunk
    finally:
        os.close(fd)


def _link_fd(fd: int, target: Path) -> bool:
    """linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD, target, AT_SYMLINK_FOLLOW): os.link
    cannot ask for AT_SYMLINK_FOLLOW on Linux."""
    import ctypes

    try:
        linkat = ctypes.CDLL(None, use_errno=True).linkat
    except (OSError, AttributeError):
        return False
    at_fdcwd, at_symlink_follow = -100, 0x400
    return linkat(at_fdcwd, f"/proc/self/fd/{fd}".encode(), at_fdcwd, os.fsencode(target), at_symlink_follow) == 0


def remove_stale_temp_files(folder: str | Path) -> list[str]:
    """Delete temporary files a killed `write_atomic` left in `folder`; returns their names."""
    removed = []
    for path in sorted(Path(folder).glob(".*.tmp")):
        if _TEMP_RE.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
