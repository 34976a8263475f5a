"""Which server folders the web UI may ingest: only those under configured roots, checked after resolving links."""

from __future__ import annotations

import os
from pathlib import Path


class OutsideRoots(ValueError):
    """A folder the UI may not read: outside every root, or not a folder."""


def within(path: Path, roots: list[Path]) -> bool:
    """True when the resolved `path` is a root or lies under one (`roots` already resolved)."""
    return any(path == root or root in path.parents for root in roots)


class FolderRoots:
    """The configured roots, resolved once. Nothing is readable when there are none."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = [Path(root).expanduser().resolve() for root in roots]

    def __bool__(self) -> bool:
        return bool(self.roots)

    def folder(self, text: str) -> Path:
        """The resolved folder a user typed. `..` and symbolic links are resolved before the check, and a path outside
        every root gets the same message whether it exists or not, so the check reveals nothing about the server."""
        typed = text.strip()
        refusal = OutsideRoots(f"{typed}: not inside a folder this server allows (PAPERCHAT_UI__FOLDER_ROOTS)")
        if not self.roots or not typed:
            raise refusal
        candidate = Path(typed).expanduser()
        if not candidate.is_absolute():
            candidate = self.roots[0] / candidate  # a relative path is read from the first root
        resolved = candidate.resolve()
        if not within(resolved, self.roots):
            raise refusal
        if not resolved.is_dir():
            raise OutsideRoots(f"{typed}: not a folder")
        return resolved

    def files(self, folder: Path) -> tuple[list[Path], list[str]]:
        """Every visible file under `folder` whose real location is inside a root, and one message per link that
        leads out (skipped). Links are not followed into folders: a link to a folder outside cannot pull it in."""
        found: list[Path] = []
        refused: list[str] = []
        for current, folders, names in os.walk(folder, followlinks=False):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            for name in sorted(names) + [name for name in folders if (Path(current) / name).is_symlink()]:
                path = Path(current) / name
                if name.startswith("."):
                    continue
                real = path.resolve()
                if not within(real, self.roots):
                    refused.append(f"{path.relative_to(folder)}: a link that leaves the allowed folders, skipped")
                elif real.is_file():
                    found.append(path)
                elif real.is_dir() and path.is_symlink():
                    refused.append(f"{path.relative_to(folder)}: a link to a folder, not followed")
        return found, refused

    def gather(self, typed: str) -> tuple[list[Path], dict[str, str], list[str]]:
        """The files of the folder a user typed: paths, the names to show (as typed, never resolved), and errors."""
        try:
            target = self.folder(typed)
        except OutsideRoots as error:
            return [], {}, [str(error)]
        found, refused = self.files(target)
        shown = {str(path): str(Path(typed.strip()) / path.relative_to(target)) for path in found}
        if not found and not refused:
            refused = [f"{typed.strip()}: no files in this folder"]
        return found, shown, refused
