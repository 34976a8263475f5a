"""The index manifest: which embedding model and chunking built the index, so a mismatch is caught."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from paperchat.assistant.errors import IndexMismatchError

FORMAT_VERSION = 1
KEYWORDS_DIR = "keywords"


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


def set_aside_if_unreadable(index_dir: Path) -> None:
    """Before a rebuild: a manifest that cannot be read is moved aside (kept, dated), as the rebuild writes anew."""
    try:
        read_manifest(index_dir)
    except IndexMismatchError:
        path = index_dir / "manifest.json"
        os.replace(path, path.with_name(f"manifest.json.damaged-{time.strftime('%Y%m%d-%H%M%S')}"))


def update_manifest(index_dir: Path, current: dict, changes: dict) -> None:
    """The manifest as it was, with `current` facts (settings, counts) and `changes` over it; None removes a key."""
    previous = read_manifest(index_dir) or {}
    data = {**previous, "created": previous.get("created", time.strftime("%Y-%m-%dT%H:%M:%S")), **current, **changes}
    write_manifest(index_dir, {key: value for key, value in data.items() if value is not None})


def manifest_stamp(index_dir: Path) -> int | None:
    """When the manifest last changed: a cheap check, before each read, for another process's writes."""
    try:
        return (index_dir / "manifest.json").stat().st_mtime_ns
    except OSError:
        return None


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


def active_generation(manifest: dict | None, switched_chunks: bool) -> int:
    """Which generation of vectors and keyword index the index answers from: 0 until the first rebuild
    (index/rebuild.py). A rebuild stopped after switching the catalog's chunks (`switched_chunks`) but before
    writing the manifest counts as switched: the manifest names the generation it was switching to."""
    manifest = manifest or {}
    if manifest.get("switching") is not None and switched_chunks:
        return int(manifest["switching"])
    return int(manifest.get("generation", 0))


def collection_name(base: str, generation: int) -> str:
    """The Chroma collection of a generation: the configured name, then `papers-g1`, `papers-g2`..."""
    return base if generation == 0 else f"{base}-g{generation}"


def keywords_name(generation: int) -> str:
    """The keyword index folder of a generation: `keywords`, then `keywords-g1`..."""
    return KEYWORDS_DIR if generation == 0 else f"{KEYWORDS_DIR}-g{generation}"
