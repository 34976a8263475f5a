"""The shared set of real papers (../shared/pdfs beside the checkout, or $PAPERCHAT_SHARED/pdfs) when this checkout
has it; tests that need it skip otherwise."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

SHARED_PDFS = Path(os.environ.get("PAPERCHAT_SHARED", Path(__file__).parents[4] / ".." / "shared")) / "pdfs"
GOLD_FILE = SHARED_PDFS / "gold.json"

needs_shared_set = pytest.mark.skipif(
    not GOLD_FILE.is_file(), reason=f"the shared set of real papers is not here ({SHARED_PDFS.resolve()})"
)


def gold() -> list[dict]:
    return json.loads(GOLD_FILE.read_text()) if GOLD_FILE.is_file() else []


def paper_bytes(name: str) -> bytes:
    return (SHARED_PDFS / "papers" / name).read_bytes()


def wide_bytes(name: str) -> bytes:
    return (SHARED_PDFS / "wide" / name).read_bytes()


def wide_gold() -> list[dict]:
    path = SHARED_PDFS / "wide" / "gold.json"
    return json.loads(path.read_text()) if path.is_file() else []
