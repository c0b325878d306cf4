"""Atomic file writes: a file is whole or absent, never partial (batch briefs, outputs, state)."""
from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path

# write_atomic's temporary files: `.<name>.<random>.tmp` beside the target.
_TEMP_RE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: str | Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename: never a partial file.

    On Linux the text goes into an unnamed file (O_TMPFILE) that gets a name only once it
    is complete, so even a kill leaves nothing partial behind. Elsewhere a named temporary
    file is used: Ctrl+C removes it; a kill leaves it, hidden, until
    `remove_stale_temp_files` clears it on the next batch run.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if _write_unnamed_then_link(path, text.encode("utf-8")):
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it private; give it a normal file's mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_unnamed_then_link(path: Path, data: bytes) -> bool:
    """Linux: write and sync an O_TMPFILE, link it under a hidden name, rename it into place.
    False where the OS or file system cannot (then write_atomic uses a named temporary file)."""
    if not hasattr(os, "O_TMPFILE"):
        return False
    try:
        fd = os.open(path.parent, os.O_TMPFILE | os.O_WRONLY, 0o666)  # the umask applies
    except OSError:
        return False
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        if not _link_fd(fd, tmp):
            return False
        try:
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    finally:
        os.close(fd)
    return True


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
