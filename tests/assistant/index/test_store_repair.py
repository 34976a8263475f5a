"""A vector store that will not open is found, moved aside and rebuilt from the catalog: vectors Chroma's own log
still holds are kept, and only the rest is embedded again."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from paperchat.assistant import Assistant
from paperchat.assistant.config import Settings
from paperchat.assistant.index.doctor import diagnose
from paperchat.assistant.index.store_repair import rebuild_store, store_problem
from tests.conftest import make_settings
from tests.reliability.helpers import assert_consistent, cli_env, tiny_papers, write_jsonl

pytestmark = pytest.mark.slow
PAPERS = 24
CREATE = """
import json, sys, chromadb
client = chromadb.PersistentClient(path=sys.argv[1], settings=chromadb.Settings(anonymized_telemetry=False))
client.create_collection(sys.argv[2], configuration={"hnsw": json.loads(sys.argv[3])}, embedding_function=None)
"""


def flushing_index(tmp_path: Path) -> tuple[Path, Settings]:
    """An index whose Chroma collection writes its HNSW files every few vectors (as a large index does every
    thousand), so that they exist to be damaged; built by other processes, as `paperchat ingest` builds one (this
    process would otherwise keep the HNSW index it wrote in memory, and never read the damaged files)."""
    settings = make_settings(tmp_path / "index")
    hnsw = {"space": "cosine", "batch_size": 5, "sync_threshold": 10}
    subprocess.run(
        [sys.executable, "-c", CREATE, str(settings.index_dir / "chroma"), settings.collection, json.dumps(hnsw)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    papers = write_jsonl(tmp_path / "papers.jsonl", tiny_papers(PAPERS))
    built = subprocess.run(
        [sys.executable, "-m", "paperchat.ui.cli.main", "ingest", str(papers)],
        cwd=tmp_path,
        env=cli_env(settings.index_dir),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    return settings.index_dir, settings


def damage_hnsw(index_dir: Path) -> None:
    """What a kill in the middle of Chroma's HNSW save left (seen in tests/reliability/test_chroma_kill.py): the
    index's id map cut short."""
    [metadata] = (index_dir / "chroma").glob("*/index_metadata.pickle")
    metadata.write_bytes(metadata.read_bytes()[:7])


def test_a_healthy_store_has_no_problem(tmp_path: Path) -> None:
    index_dir, settings = flushing_index(tmp_path)
    assistant = Assistant.open(index_dir, settings)
    assert store_problem(assistant.index.store) is None


def test_a_store_that_will_not_open_is_rebuilt_embedding_only_what_its_log_lost(tmp_path: Path) -> None:
    index_dir, settings = flushing_index(tmp_path)
    damage_hnsw(index_dir)
    assistant = Assistant.open(index_dir, settings)
    problem = store_problem(assistant.index.store)
    assert problem is not None and "pickle" in problem
    embedded: list[str] = []
    embed = assistant.index.embed
    assistant.index.embed = lambda texts: embedded.extend(texts) or embed(texts)
    rebuilt = rebuild_store(assistant.index)
    assert rebuilt.recovered + rebuilt.reembedded == PAPERS and len(embedded) == rebuilt.reembedded
    assert rebuilt.recovered > 0 and rebuilt.reembedded > 0  # the log held the last writes; the HNSW files the rest
    assert rebuilt.kept_at.name.startswith("chroma.damaged-") and (rebuilt.kept_at / "chroma.sqlite3").exists()
    assert store_problem(assistant.index.store) is None
    assert_consistent(assistant)
    assert [c.title for c in assistant.ask("How do honey bees navigate?").citations][:1] == ["Study 2 on bees"]


def test_doctor_finds_the_broken_store_and_its_repair_says_what_it_embedded(tmp_path: Path) -> None:
    index_dir, settings = flushing_index(tmp_path)
    damage_hnsw(index_dir)
    [*_, store] = diagnose(index_dir, settings)
    assert (store.check, store.ok, store.fix) == ("store", False, "paperchat doctor --repair")
    assert "will not open" in store.detail
    findings = diagnose(index_dir, settings, repair=True)
    store = next(f for f in findings if f.check == "store")
    assert store.repaired and "chunks re-embedded" in store.detail, store.detail
    assert all(f.settled for f in findings), findings
    assert all(f.ok for f in diagnose(index_dir, settings)), "healthy after the repair"


def point_links_past_the_end(index_dir: Path) -> None:
    """Damage that crashes any process searching the store (SIGSEGV in Chroma's native code), as a kill in the
    middle of an HNSW save can leave: level-0 neighbour lists pointing past the last element."""
    [header] = (index_dir / "chroma").glob("*/header.bin")
    _, _, _, count, element_size, _, links_end = struct.unpack_from("<I6Q", header.read_bytes())  # hnswlib's header
    level0 = header.with_name("data_level0.bin")
    data, neighbours = bytearray(level0.read_bytes()), (links_end - 4) // 4
    for element in range(count):
        struct.pack_into(f"<{neighbours + 1}I", data, element * element_size, neighbours, *[count + 5000] * neighbours)
    level0.write_bytes(data)


def test_a_store_that_crashes_its_reader_is_found_and_rebuilt_by_doctor(tmp_path: Path) -> None:
    """Doctor reads a store it does not trust in a child process: the crash is its finding, not its end."""
    index_dir, settings = flushing_index(tmp_path)
    point_links_past_the_end(index_dir)
    store = next(f for f in diagnose(index_dir, settings) if f.check == "store")
    assert not store.ok and "crashed the process that read it (signal 11, SIGSEGV)" in store.detail, store.detail
    findings = diagnose(index_dir, settings, repair=True)
    store = next(f for f in findings if f.check == "store")
    assert store.repaired and "chunks re-embedded" in store.detail and all(f.settled for f in findings), findings
    assert all(f.ok for f in diagnose(index_dir, settings)), "healthy after the repair"
    assistant = Assistant.open(index_dir, settings)
    assert_consistent(assistant)
    assert [c.title for c in assistant.ask("How do honey bees navigate?").citations][:1] == ["Study 2 on bees"]


def test_only_the_current_generations_vectors_are_recovered_from_the_log(tmp_path: Path) -> None:
    import chromadb

    from paperchat.assistant.index import store_repair

    client = chromadb.PersistentClient(path=str(tmp_path), settings=chromadb.Settings(anonymized_telemetry=False))
    for name, vector in (("papers", [1.0, 0.0]), ("papers-g1", [0.0, 1.0])):  # a rebuild's two generations
        collection = client.get_or_create_collection(name, embedding_function=None)
        collection.upsert(ids=["p:0"], embeddings=[vector], metadatas=[{"text_hash": "h"}])
    assert store_repair._logged_vectors(tmp_path, "papers-g1") == {"p:0": ([0.0, 1.0], "h")}
    assert store_repair._logged_vectors(tmp_path, "papers") == {"p:0": ([1.0, 0.0], "h")}
    assert store_repair._logged_vectors(tmp_path, "another") == {}
