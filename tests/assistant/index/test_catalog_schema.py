"""A catalog written by an older paperchat is upgraded in place on open. One from before papers were keyed by
paper_id (layout 1, tests/data/layout1) keeps every paper's id and chunks, so nothing is embedded again, and what
layout 1 had lost comes back on re-ingest; one from before chunks kept their page gains the columns."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from paperchat.assistant.index.catalog import Catalog
from paperchat.assistant.index.catalog_schema import LAYOUT, ChunkPlace, create_or_upgrade
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
    [chunk_id, _] = chunks_before[0]  # the fixture predates pages too: its chunks gained the columns, empty
    assert catalog.chunk_places([chunk_id]) == {chunk_id: ChunkPlace()}
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


FIRST_SCHEMA = """
CREATE TABLE records (source TEXT NOT NULL, title_key TEXT NOT NULL, record TEXT NOT NULL,
                      PRIMARY KEY (source, title_key));
CREATE TABLE papers (title_key TEXT PRIMARY KEY, paper_id TEXT NOT NULL UNIQUE, record TEXT NOT NULL,
                     content_hash TEXT NOT NULL, indexed_at REAL NOT NULL DEFAULT 0);
CREATE TABLE chunks (chunk_id TEXT PRIMARY KEY, paper_id TEXT NOT NULL, n INTEGER NOT NULL,
                     text TEXT NOT NULL, text_hash TEXT NOT NULL);
INSERT INTO chunks VALUES ('p:1', 'p', 1, 'an old chunk', 'h');
"""


def test_the_first_catalogs_gain_the_new_columns_and_keep_their_chunks(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(FIRST_SCHEMA)
    catalog = Catalog(path)
    assert catalog.chunks_by_id(["p:1"]) == {"p:1": ("p", "an old chunk")}
    assert catalog.chunk_places(["p:1"]) == {"p:1": ChunkPlace()}  # no page until the paper is ingested again
    catalog.close()


def test_a_layout_2_catalog_from_before_pages_gains_the_chunk_columns(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    with closing(sqlite3.connect(path)) as db:
        create_or_upgrade(db)
        db.execute("DROP TABLE chunks")  # as layout 2 was before chunks kept their place
        db.execute("CREATE TABLE chunks (chunk_id TEXT PRIMARY KEY, paper_id TEXT NOT NULL, n INTEGER NOT NULL, "
                   "text TEXT NOT NULL, text_hash TEXT NOT NULL)")
        db.execute("INSERT INTO chunks VALUES ('p:1', 'p', 1, 'an old chunk', 'h')")
        db.commit()
    catalog = Catalog(path)
    assert catalog.chunk_places(["p:1"]) == {"p:1": ChunkPlace()}
    assert catalog.db.execute("PRAGMA user_version").fetchone()[0] == LAYOUT
    catalog.close()


def test_upgrading_twice_changes_nothing_and_says_whether_pending_keys_were_new(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "new.sqlite")) as db:
        assert create_or_upgrade(db) is False  # a new catalog has nothing an interrupted run could have left
        assert create_or_upgrade(db) is False
    with closing(sqlite3.connect(tmp_path / "first.sqlite")) as db:
        db.executescript(FIRST_SCHEMA)
        assert create_or_upgrade(db) is True  # from before pending keys: the caller looks the slow way
        assert create_or_upgrade(db) is False


def test_a_place_round_trips_through_its_row() -> None:
    place = ChunkPlace(7, "5.4 Ablations", [120, 900])
    assert ChunkPlace.from_row(place.row()) == place
    assert ChunkPlace.from_row(ChunkPlace().row()) == ChunkPlace()
