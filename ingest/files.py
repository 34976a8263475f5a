"""The only place ingest touches the file system: finding documents under the given paths and reading them.

Neither function raises for a bad file or path; what cannot be read becomes a Problem naming the path and why.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from paperchat.ingest.formats import parse_document
from paperchat.ingest.formats.base import ParseError, ParseResult, Problem

MAX_FILE_SETTING = "PAPERCHAT_INGEST__MAX_FILE_MB"
_MB = 1024 * 1024
_FILE_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def iter_files(paths: list[Path]) -> Iterator[Path | Problem]:
    """Every regular file under `paths`, in order: a file as given, a folder recursively with its entries
    sorted by name. Hidden files and folders (.git, .DS_Store) inside folders are skipped; a hidden file
    named explicitly is not. A file reached twice (twice given, or through a link) is yielded once."""
    seen: set[Path] = set()
    for path in paths:
        for found in _walk(path, ancestors=frozenset()):
            if isinstance(found, Problem):
                yield found
                continue
            real = found.resolve()
            if real not in seen:
                seen.add(real)
                yield found


def read_document(path: Path, max_bytes: int) -> ParseResult:
    """Parse one file. Its size is checked before anything is read; every failure is a Problem in the result."""
    source = str(path)
    try:
        info = path.stat()
    except OSError as error:
        return _failed(source, _os_reason(error, path))
    if not stat.S_ISREG(info.st_mode):
        return _failed(source, f"not a regular file ({_kind(info.st_mode)})")
    if info.st_size > max_bytes:
        size, limit = info.st_size / _MB, max_bytes / _MB
        return _failed(source, f"file is {size:.1f} MB, over the {limit:g} MB limit ({MAX_FILE_SETTING})")
    try:
        data = _read_at_most(path, max_bytes)
    except OSError as error:
        return _failed(source, _os_reason(error, path))
    if data is None:
        return _failed(source, f"file grew past the {max_bytes / _MB:g} MB limit while being read ({MAX_FILE_SETTING})")
    try:
        return parse_document(data, source)
    except ParseError as error:
        return _failed(source, error.reason, error.line)


def _walk(path: Path, ancestors: frozenset[Path]) -> Iterator[Path | Problem]:
    """Depth first, with a stack of its own: folder depth is bounded by the file system, not by Python's recursion
    limit. Each entry carries the real paths of the folders above it, to notice a link back up."""
    pending: list[tuple[Path, frozenset[Path]]] = [(path, ancestors)]
    while pending:
        path, ancestors = pending.pop()
        try:
            info = path.stat()  # follows links
        except OSError as error:
            yield Problem(str(path), _os_reason(error, path))
            continue
        if stat.S_ISREG(info.st_mode):
            yield path
            continue
        if not stat.S_ISDIR(info.st_mode):
            yield Problem(str(path), f"not a regular file ({_kind(info.st_mode)}), skipped")
            continue
        real = path.resolve()
        if real in ancestors:
            yield Problem(str(path), f"symbolic link loop: leads back to {real}, skipped")
            continue
        try:
            entries = sorted(path.iterdir(), key=lambda entry: entry.name)
        except OSError as error:
            yield Problem(str(path), _os_reason(error, path))
            continue
        inside = ancestors | {real}
        # Pushed in reverse so they come off the stack in name order.
        pending += [(entry, inside) for entry in reversed(entries) if not entry.name.startswith(".")]


def _read_at_most(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it holds more than max_bytes (it grew after the size check)."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def _os_reason(error: OSError, path: Path) -> str:
    if error.errno == errno.ENOENT:
        return "broken symbolic link" + _link_target(path) if path.is_symlink() else "no such file or directory"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or str(error)


def _link_target(path: Path) -> str:
    try:
        return f" (points to {os.readlink(path)})"
    except OSError:
        return ""


def _kind(mode: int) -> str:
    return _FILE_KINDS.get(stat.S_IFMT(mode), "not a file")


def _failed(source: str, reason: str, line: int | None = None) -> ParseResult:
    return ParseResult(problems=[Problem(source, reason, line)])
