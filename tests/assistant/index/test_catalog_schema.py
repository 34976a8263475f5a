"""A catalog written before papers were keyed by paper_id (layout 1, tests/data/layout1) is upgraded on open: every
paper keeps its id and its chunks, so nothing is embedded again; what layout 1 had lost comes back on re-ingest."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from paperchat.assistant.index.catalog import Catalog
from paperchat.assistant.index.catalog_schema import LAYOUT
from tests.conftest import REPO, make_settings

FIXTURE = REPO / "tests" / "data" / "layout1"
WRITTEN_AT = "/tmp/paperchat-layout1"  # where the fixture's files were when layout 1 indexed them
OLD_IDS = {"t:4a1c934d3d98f3ce", "doi:10.1000/kelp.2022", "arxiv:2305.01234"}


def old_catalog(folder: Path) -> Path:
    """The fixture's files and its layout-1 catalog in `folder`, the catalog naming the files where they are now."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("papers.jsonl", "refs.bib", "later.jsonl"):
        shutil.copy(FIXTURE / name, folder / name)
    path = folder / "index" / "catalog.sqlite"
    path.parent.mkdir()
    shutil.copy(FIXTURE / "catalog.sqlite", path)
    with closing(sqlite3.connect(path)) as db, db:
        for table, columns in (("records", ("source", "record")), ("papers", ("record",))):
            for column in columns:
                db.execute(f"UPDATE {table} SET {column} = replace({column}, ?, ?)", (WRITTEN_AT, str(folder)))
    return path


def test_a_layout_1_catalog_is_upgraded_keeping_every_paper_id_and_chunk(tmp_path: Path) -> None:
    path = old_catalog(tmp_path)
    with closing(sqlite3.connect(path)) as db:
        chunks_before = db.execute("SELECT chunk_id, text_hash FROM chunks ORDER BY chunk_id").fetchall()
    catalog = Catalog(path)
    assert catalog.db.execute("PRAGMA user_version").fetchone()[0] == LAYOUT
    assert {p.paper_id for p in catalog.papers()} == OLD_IDS
    assert catalog.db.execute("SELECT chunk_id, text_hash FROM chunks ORDER BY chunk_id").fetchall() == chunks_before
    rows = catalog.db.execute("SELECT source, seq, doi, arxiv, paper_id FROM records ORDER BY source, seq").fetchall()
    name = {str(tmp_path / n): n for n in ("papers.jsonl", "refs.bib", "later.jsonl")}
    assert [(name[source], *rest) for source, *rest in rows] == [
        ("later.jsonl", 0, None, None, None),  # never finished: no paper yet
        ("papers.jsonl", 0, None, None, "doi:10.1000/kelp.2022"),
        ("papers.jsonl", 1, None, "2305.01234", "arxiv:2305.01234"),
        ("refs.bib", 0, None, None, "t:4a1c934d3d98f3ce"),
        ("refs.bib", 1, "10.1000/kelp.2022", None, "doi:10.1000/kelp.2022"),
    ]
    assert catalog.unfinished_keys() == {"title:honey bees and polarised light"}
    papers = catalog.papers()
    catalog.close()
    assert Catalog(path).papers() == papers  # a second open finds it upgraded


def test_an_upgrade_that_fails_leaves_the_old_catalog_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperchat.assistant.index import catalog_schema

    path = old_catalog(tmp_path)

    def broken(record: dict) -> tuple:
        raise RuntimeError("the upgrade stops half way")

    monkeypatch.setattr(catalog_schema, "identity_columns", broken)
    with pytest.raises(RuntimeError, match="half way"):
        Catalog(path)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM pending_keys").fetchone()[0] == 1
        assert db.execute("SELECT count(*) FROM papers WHERE title_key IS NOT NULL").fetchone()[0] == 3


@pytest.mark.slow
def test_an_index_from_before_answers_and_reingests_without_embedding_what_it_had(tmp_path: Path) -> None:
    from paperchat.assistant import Assistant
    from paperchat.assistant.embedding.backends import make_embedding
    from paperchat.assistant.index.store import VectorStore

    path = old_catalog(tmp_path)
    settings = make_settings(path.parent)
    with closing(sqlite3.connect(path)) as db:  # the vectors layout 1's index had, under its chunk ids
        chunks = db.execute("SELECT chunk_id, paper_id, text, text_hash FROM chunks").fetchall()
    vectors = make_embedding(settings).embed_texts([text for _, _, text, _ in chunks]).tolist()
    VectorStore(settings, path.parent).upsert(
        [cid for cid, *_ in chunks], vectors, [{"paper_id": pid, "text_hash": h} for _, pid, _, h in chunks]
    )
    assistant = Assistant.open(path.parent, settings)
    embedded: list[str] = []
    embed = assistant.index.embed
    assistant.index.embed = lambda texts: embedded.extend(texts) or embed(texts)
    assert {p.paper_id for p in assistant.papers()} == OLD_IDS
    report = assistant.ingest([tmp_path / "papers.jsonl", tmp_path / "refs.bib"])
    # Only what layout 1 never indexed: Smith's paper (it lost it to Lee's of the same title), and the paper the
    # interrupted run left; every stored paper is unchanged.
    assert sorted(t.split("\n")[0] for t in embedded) == ["Attention Is All You Need", "Honey bees and polarised light"]
    assert report.unchanged == 3 and len(report.new) == 2 and not report.updated
    papers = {p.paper_id: p for p in assistant.papers()}
    assert set(papers) > OLD_IDS and len(papers) == 5
    assert sorted(p.authors[0] for p in papers.values() if p.title == "Attention Is All You Need") == [
        "Jane Smith",
        "Min Lee",
    ]
    answer = assistant.ask("What predicts rainfall over the Sahel?")
    assert [c.authors[0] for c in answer.citations][:1] == ["Jane Smith"], answer.text
