"""What `paperchat stats` shows of an index: where it is, what it holds, which models built it, its size."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from paperchat.assistant.index.manifest import read_manifest

if TYPE_CHECKING:
    from paperchat.assistant.index.paper_index import PaperIndex


def index_stats(index: PaperIndex) -> dict:
    """Folder, counts, vectors, embedding model, chunking, store, size on disk, last update."""
    manifest = read_manifest(index.index_dir) or {}
    return {
        "index_dir": str(index.index_dir),
        **index.catalog.counts(),
        "vectors": index.store.count(),
        "embedding": manifest.get("embedding", index.identity),
        "chunking": manifest.get("chunking"),
        "store": index.store.location,
        "size_mb": round(directory_size(index.index_dir) / 1e6, 2),
        "updated": manifest.get("updated"),
    }


def directory_size(root: Path) -> int:
    """Bytes under `root`. Files and folders that vanish while counting (keyword segments being merged) are skipped."""
    total = 0
    for folder, _, files in os.walk(root):  # os.walk ignores a folder that vanished between listing and entering
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(folder, name)).st_size
    return total
