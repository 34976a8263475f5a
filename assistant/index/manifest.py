"""The index manifest: which embedding model and chunking built the index, so a mismatch is caught."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from paperchat.assistant.errors import IndexMismatchError

FORMAT_VERSION = 1


def read_manifest(index_dir: Path) -> dict | None:
    path = index_dir / "manifest.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise IndexMismatchError(f"{path}: unreadable manifest ({error}); fix: paperchat ingest --rebuild") from error


def write_manifest(index_dir: Path, data: dict) -> None:
    path = index_dir / "manifest.json"
    data = {**data, "format_version": FORMAT_VERSION, "updated": time.strftime("%Y-%m-%dT%H:%M:%S")}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=2))
    os.replace(temporary, path)  # atomic: readers never see half a manifest


def check_manifest(index_dir: Path, expected: dict) -> None:
    """Raise a clear error when the index was built with another embedding model, chunking or format."""
    found = read_manifest(index_dir)
    if found is None:
        return
    fix = "fix: `paperchat ingest --rebuild PATH...` (or point PAPERCHAT_INDEX_DIR at another folder)"
    if found.get("format_version") != FORMAT_VERSION:
        raise IndexMismatchError(
            f"{index_dir}: index format {found.get('format_version')}, this paperchat reads {FORMAT_VERSION}; {fix}"
        )
    for section in ("embedding", "chunking"):
        want, have = expected.get(section, {}), found.get(section, {})
        differing = [k for k, v in want.items() if v is not None and have.get(k) not in (None, v)]
        if differing:
            detail = ", ".join(f"{k}: index has {have.get(k)!r}, settings say {want[k]!r}" for k in differing)
            raise IndexMismatchError(f"{index_dir}: built with another {section} ({detail}); {fix}")
