"""The upload folder (`<index>/uploads`): files users uploaded, stored under safe names, and taken out again when
no indexed paper comes from them any more.

A removed paper's upload is put aside (outside the index) rather than deleted at once, so the page's Undo can bring
it back; what is put aside goes when the app closes.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadError(ValueError):
    """An uploaded file that cannot be stored (too large, unreadable)."""


def safe_name(name: str) -> str:
    """A plain file name from whatever the browser sent: no folders, no leading dots, no odd characters."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = _UNSAFE.sub("_", base).lstrip("._-")[:120]
    return cleaned or "upload"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_upload(temp_path: str | Path, original_name: str, upload_dir: Path, max_bytes: int) -> Path:
    """Copy an uploaded file into `upload_dir` under a safe name; the same content uploaded again reuses its file."""
    temp_path = Path(temp_path)
    size = temp_path.stat().st_size
    if size > max_bytes:
        # The limit is configured in MB of 1024 * 1024 bytes: say both in that unit.
        mb = 1024 * 1024
        raise UploadError(f"{safe_name(original_name)}: {size / mb:.3g} MB is over the {max_bytes / mb:.3g} MB limit")
    upload_dir.mkdir(parents=True, exist_ok=True)
    root = upload_dir.resolve()
    name = safe_name(original_name)
    digest = _digest(temp_path)
    stem, suffix = Path(name).stem, Path(name).suffix
    for attempt in range(1, 1000):
        target = (root / (name if attempt == 1 else f"{stem}-{attempt}{suffix}")).resolve()
        if target.parent != root:  # belt and braces: never write outside the upload folder
            raise UploadError(f"{name}: refusing a file name that leaves the upload folder")
        if target.exists():
            if _digest(target) == digest:
                return target
            continue
        shutil.copyfile(temp_path, target)
        return target
    raise UploadError(f"{name}: too many files with this name")


def store_uploads(files: list | None, upload_dir: Path, max_bytes: int) -> tuple[list[Path], dict[str, str], list[str]]:
    """Every uploaded file kept in `upload_dir`: stored paths, the names to show, and one error per refused file."""
    paths: list[Path] = []
    names: dict[str, str] = {}
    errors: list[str] = []
    for file in files or []:
        temp = getattr(file, "name", file)
        original = getattr(file, "orig_name", None) or Path(str(temp)).name
        try:
            stored = store_upload(temp, original, upload_dir, max_bytes)
        except (UploadError, OSError) as error:
            errors.append(str(error))
            continue
        paths.append(stored)
        names[str(stored)] = stored.name
    return paths, names, errors


def unused_uploads(sources: Iterable[str], upload_dir: Path, still_used: Iterable[str]) -> list[Path]:
    """The files among `sources` that sit in the upload folder and that no remaining paper comes from."""
    root = upload_dir.resolve()
    used = {str(Path(source).resolve()) for source in still_used}
    found = []
    for source in dict.fromkeys(sources):
        path = Path(source).resolve()
        if path.parent == root and path.is_file() and str(path) not in used:
            found.append(path)
    return found


def put_aside(files: list[Path], holding: Path) -> dict[str, str]:
    """Move `files` out of the upload folder into `holding`; returns where each went (original → held)."""
    held: dict[str, str] = {}
    for file in files:
        target = holding / _digest(file)[:16] / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(file), target)
        held[str(file)] = str(target)
    return held


def bring_back(held: dict[str, str]) -> list[Path]:
    """Put held files back where they were; returns those back in place (a file lost meanwhile is skipped)."""
    back = []
    for original, kept in held.items():
        if Path(kept).is_file():
            Path(original).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(kept, original)
            back.append(Path(original))
    return back


def discard(held: dict[str, str]) -> None:
    for kept in held.values():
        Path(kept).unlink(missing_ok=True)
