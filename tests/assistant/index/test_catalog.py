"""The paper catalog: what each source file said, the merged papers written after their vectors, and their chunks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paperchat.assistant.errors import CatalogCorruptError
from paperchat.assistant.index.catalog import Catalog
from paperchat.ingest.chunking import Chunk
from paperchat.ingest.papers import Paper, normalise_title

BERT = Paper(paper_id="bert", title="BERT: Pre-training of Deep Bidirectional Transformers", year=2018)
GPT = Paper(paper_id="gpt", title="Language Models are Few-Shot Learners", year=2020)


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    opened = Catalog(tmp_path / "catalog.sqlite")
    yield opened
    opened.close()


def chunks_of(paper: Paper, *texts: str) -> list[Chunk]:
    return [Chunk(f"{paper.paper_id}:{n}", paper.paper_id, n, text) for n, text in enumerate(texts)]


def store(catalog: Catalog, paper: Paper, *texts: str) -> None:
    catalog.write_papers([(normalise_title(paper.title), paper, chunks_of(paper, *texts), None)])


def test_records_are_kept_per_source_and_say_which_papers_a_change_touches(catalog: Catalog) -> None:
    assert catalog.replace_source("a.jsonl", [BERT, GPT]) == {normalise_title(BERT.title), normalise_title(GPT.title)}
    catalog.replace_source("b.bib", [BERT.model_copy(update={"url": "https://arxiv.org/abs/1810.04805"})])
    touched = catalog.replace_source("a.jsonl", [GPT])  # a.jsonl no longer lists BERT
    assert normalise_title(BERT.title) in touched
    assert catalog.sources() == ["a.jsonl", "b.bib"]
    records = catalog.records_for([normalise_title(BERT.title), "never seen"])
    assert [r.url for r in records[normalise_title(BERT.title)]] == ["https://arxiv.org/abs/1810.04805"]
    assert records["never seen"] == []


def test_papers_and_chunks_are_read_back_by_id(catalog: Catalog) -> None:
    catalog.replace_source("a.jsonl", [BERT, GPT])
    store(catalog, BERT, "BERT abstract", "BERT body")
    store(catalog, GPT, "GPT-3 abstract")
    assert [p.paper_id for p in catalog.papers()] == ["bert", "gpt"]
    assert catalog.papers_by_id(["gpt", "missing"])["gpt"].year == 2020
    assert catalog.chunk_ids("bert") == ["bert:0", "bert:1"]
    assert catalog.chunks_by_id(["bert:1", "nope"]) == {"bert:1": ("bert", "BERT body")}
    assert catalog.first_chunks(["bert", "gpt"]) == {
        "bert": ("bert:0", "BERT abstract"),
        "gpt": ("gpt:0", "GPT-3 abstract"),
    }
    assert catalog.chunk_ids_of_papers(["bert"]) == {"bert:0", "bert:1"}
    assert [(cid, title) for cid, title, _ in catalog.all_chunks()][0] == ("bert:0", BERT.title)
    assert catalog.counts() == {"papers": 2, "chunks": 3, "sources": 1}
    rows = catalog.paper_rows([normalise_title(BERT.title)])
    assert rows[normalise_title(BERT.title)] == ("bert", BERT.content_hash())


def test_a_paper_whose_records_were_written_but_not_its_row_is_unfinished(catalog: Catalog) -> None:
    catalog.replace_source("a.jsonl", [BERT, GPT])
    store(catalog, BERT, "BERT abstract")
    assert catalog.unfinished_keys() == {normalise_title(GPT.title)}  # an ingest stopped before GPT's vectors


def test_rewriting_a_paper_replaces_its_chunks(catalog: Catalog) -> None:
    store(catalog, BERT, "old abstract", "old body")
    store(catalog, BERT, "new abstract")
    assert catalog.chunks_by_id(["bert:0", "bert:1"]) == {"bert:0": ("bert", "new abstract")}


def test_delete_and_forget_a_paper(catalog: Catalog) -> None:
    catalog.replace_source("a.jsonl", [BERT, GPT])
    store(catalog, BERT, "BERT abstract")
    store(catalog, GPT, "GPT-3 abstract")
    assert catalog.forget_records(paper_id="bert") == {normalise_title(BERT.title)}
    assert catalog.delete_paper(normalise_title(BERT.title)) == "bert"
    assert catalog.delete_paper("no such title") is None
    assert [p.paper_id for p in catalog.papers()] == ["gpt"] and catalog.chunk_ids("bert") == []
    assert catalog.forget_records(source="a.jsonl") == {normalise_title(GPT.title)}
    catalog.clear_papers()
    assert catalog.counts() == {"papers": 0, "chunks": 0, "sources": 0}


def test_the_paper_list_follows_writes_from_another_connection(tmp_path: Path, catalog: Catalog) -> None:
    store(catalog, BERT, "BERT abstract")
    version, papers = catalog.versioned_papers()
    other = Catalog(tmp_path / "catalog.sqlite")  # another process, say `paperchat ingest` beside the UI
    store(other, GPT, "GPT-3 abstract")
    other.close()
    new_version, new_papers = catalog.versioned_papers()
    assert new_version != version and len(new_papers) == len(papers) + 1


def test_feedback_is_kept_in_order_with_its_time(catalog: Catalog) -> None:
    catalog.add_feedback({"helpful": True, "question": "What is BERT?"})
    catalog.add_feedback({"helpful": False, "question": "And GPT?"})
    items = catalog.feedback()
    assert [item["question"] for item in items] == ["What is BERT?", "And GPT?"]
    assert all(item["created"] > 0 for item in items)


def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CatalogCorruptError, match="catalog.sqlite: the catalog is not a readable SQLite database"):
        Catalog(path)


def test_an_unchanged_paper_stays_the_same_object_across_versions(catalog: Catalog) -> None:
    store(catalog, BERT, "BERT abstract")
    _, before = catalog.versioned_papers()
    store(catalog, GPT, "GPT-3 abstract")
    _, after = catalog.versioned_papers()
    assert after[0] is before[0] and [p.paper_id for p in after] == ["bert", "gpt"]  # only GPT's record was parsed
    store(catalog, BERT.model_copy(update={"year": 2019}), "BERT abstract, revised")
    _, rewritten = catalog.versioned_papers()
    assert rewritten[0] is not before[0] and rewritten[0].year == 2019 and rewritten[1] is after[1]
    catalog.delete_paper(normalise_title(GPT.title))
    assert [p.paper_id for p in catalog.versioned_papers()[1]] == ["bert"]


def test_a_catalog_from_before_write_ids_opens_and_reads_its_papers(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE papers (title_key TEXT PRIMARY KEY, paper_id TEXT NOT NULL UNIQUE, record TEXT NOT NULL, "
        "content_hash TEXT NOT NULL, indexed_at REAL NOT NULL DEFAULT 0)"
    )
    old.execute("INSERT INTO papers VALUES (?,?,?,?,0)", ("bert", "bert", BERT.model_dump_json(), "h"))
    old.commit()
    old.close()
    catalog = Catalog(path)
    store(catalog, GPT, "GPT-3 abstract")
    assert [p.paper_id for p in catalog.versioned_papers()[1]] == ["bert", "gpt"]
    catalog.close()


def test_pending_keys_are_what_changed_records_left_unsettled(catalog: Catalog) -> None:
    bert, gpt = normalise_title(BERT.title), normalise_title(GPT.title)
    catalog.replace_source("a.jsonl", [BERT, GPT])
    assert catalog.unfinished_keys() == {bert, gpt}
    store(catalog, BERT, "BERT abstract")  # a written paper row settles its key in the same transaction
    catalog.settle([gpt])  # an ingest found GPT needed nothing
    assert catalog.unfinished_keys() == set()
    catalog.forget_records(source="a.jsonl")  # the papers must go too: pending until deleted
    assert catalog.unfinished_keys() == {bert, gpt}
    catalog.delete_paper(bert)
    catalog.settle([gpt])
    catalog.replace_source("b.jsonl", [GPT])
    store(catalog, GPT, "GPT-3 abstract")
    catalog.clear_papers()  # `ingest --rebuild`: every record's paper is to be written again
    assert catalog.unfinished_keys() == {gpt}


def test_a_catalog_from_before_pending_keys_finds_what_an_interrupted_run_left(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite"
    first = Catalog(path)
    first.replace_source("a.jsonl", [BERT, GPT])
    store(first, BERT, "BERT abstract")
    first.settle([normalise_title(BERT.title)])
    first.close()
    old = sqlite3.connect(path)  # as a catalog written before the table existed
    old.execute("DROP TABLE pending_keys")
    old.commit()
    old.close()
    reopened = Catalog(path)
    assert reopened.unfinished_keys() == {normalise_title(GPT.title)}  # records without a paper row
    reopened.close()


def test_each_chunk_keeps_its_page_section_and_page_breaks(catalog: Catalog) -> None:
    catalog.replace_source("a.pdf", [BERT])
    body = Chunk("bert:1", "bert", 1, "BERT\n\n4 Results.\nEnd of page 3. Page 4.", section="4 Results", page=3)
    body.page_breaks = [body.text.index("Page 4")]
    catalog.write_papers([(normalise_title(BERT.title), BERT, [*chunks_of(BERT, "abstract"), body], None)])
    places = catalog.chunk_places(["bert:0", "bert:1", "nope"])
    assert (places["bert:1"].page, places["bert:1"].section, places["bert:1"].page_breaks) == (3, "4 Results", [32])
    assert places["bert:0"].page is None and places["bert:0"].section == "" and "nope" not in places
