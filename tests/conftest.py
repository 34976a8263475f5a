"""Shared fixtures: real embedded Chroma, the real bundled embedding model, the seed papers."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from paperchat.assistant.config import Settings, offline_environment

offline_environment()

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "examples" / "papers"


def make_settings(index_dir: Path, **overrides: object) -> Settings:
    """Settings isolated from the developer's .env. With PAPERCHAT_CHROMA_HOST set (server mode) each index gets a
    collection of its own on that server: test indexes sharing one collection would see each other's vectors."""
    settings = Settings(_env_file=None, index_dir=index_dir, **overrides)
    if settings.chroma_host and "collection" not in overrides:
        digest = hashlib.sha256(str(Path(index_dir).resolve()).encode()).hexdigest()[:16]
        settings = settings.model_copy(update={"collection": f"test-{digest}"})
    return settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "index")


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the four seed listings, built once per test session; tests copy it before changing it."""
    from paperchat.assistant import Assistant

    index_dir = tmp_path_factory.mktemp("seed-index") / "index"
    assistant = Assistant.open(index_dir, make_settings(index_dir))
    report = assistant.ingest([SEEDS])
    assert report.ok, report.problems
    assistant.index.catalog.close()
    return index_dir


@pytest.fixture(scope="session")
def seed_assistant(seed_index_dir: Path):  # noqa: ANN201
    """A read-only Assistant over the seed index."""
    from paperchat.assistant import Assistant

    return Assistant.open(seed_index_dir, make_settings(seed_index_dir))


@pytest.fixture
def seed_copy(seed_index_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the seed index, for tests that change it."""
    target = tmp_path / "seed-copy"
    shutil.copytree(seed_index_dir, target)
    return target


@pytest.fixture(scope="session")
def tiny_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of eight one-sentence papers on eight topics (kelp, turbines, bees, ...): seconds to build. Tests
    that change it copy it first."""
    from paperchat import Assistant
    from tests.reliability.helpers import TOPICS, tiny_papers, write_jsonl

    root = tmp_path_factory.mktemp("tiny-index")
    source = write_jsonl(root / "papers.jsonl", tiny_papers(len(TOPICS)))
    assistant = Assistant.open(root / "index", make_settings(root / "index"))
    assert assistant.ingest([source]).ok
    assistant.close()
    return root / "index"
