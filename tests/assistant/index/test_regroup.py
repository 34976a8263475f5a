"""Grouping a component again: which papers to write, which stored paper each continues, which to delete, and what
merged or was kept apart, and why."""

from __future__ import annotations

from paperchat.assistant.index.catalog_records import Component, StoredRecord
from paperchat.assistant.index.regroup import regroup
from paperchat.ingest.identity import merge_papers
from paperchat.ingest.papers import Paper

TITLE = "Attention Is All You Need"
SMITH = Paper(title=TITLE, authors=["Jane Smith"], year=2019, abstract="Rainfall.", sources=["a.bib"])
LEE = Paper(title=TITLE, authors=["Min Lee"], year=2021, abstract="Classrooms.", sources=["a.bib"])


def component(records: list[tuple[str, int, str | None, Paper]], stored: list[Paper] = ()) -> Component:
    return Component(
        records=[StoredRecord(source, seq, paper_id, paper) for source, seq, paper_id, paper in records],
        papers={p.paper_id: p for p in stored},
        hashes={p.paper_id: p.content_hash() for p in stored},
    )


def test_new_records_are_new_papers_and_two_of_one_title_are_said_to_be_kept_apart() -> None:
    plan = regroup(component([("a.bib", 0, None, SMITH), ("a.bib", 1, None, LEE)]))
    assert sorted(w.members for w in plan.writes) == [[("a.bib", 0)], [("a.bib", 1)]]
    assert all(w.is_new and w.replaces is None for w in plan.writes) and not plan.deletes
    [apart] = plan.kept_apart
    assert apart["title"] == TITLE and "different first authors" in apart["why"] and len(apart["paper_ids"]) == 2


def test_a_paper_that_did_not_change_is_kept_and_its_records_assigned() -> None:
    [stored] = merge_papers([LEE]).papers
    plan = regroup(component([("a.bib", 0, None, LEE)], [stored]))
    assert plan.writes == [] and plan.unchanged == {stored.paper_id: [("a.bib", 0)]} and plan.kept_apart == []


def test_a_stored_merge_of_two_papers_splits_and_the_one_it_described_keeps_its_id() -> None:
    old = LEE.model_copy(update={"paper_id": "t:old"})  # layout 1 stored Lee's record for both
    plan = regroup(component([("a.bib", 0, "t:old", SMITH), ("a.bib", 1, "t:old", LEE)], [old]))
    assert plan.unchanged == {"t:old": [("a.bib", 1)]}  # Lee's paper: nothing to embed again
    [smith] = plan.writes
    assert smith.is_new and smith.paper.authors == ["Jane Smith"] and smith.paper.paper_id != "t:old"


def test_a_title_hash_id_is_kept_when_a_record_adds_the_author_and_year() -> None:
    listed = Paper(title=TITLE, abstract="Rainfall over the Sahel.", sources=["list.txt"])
    [stored] = merge_papers([listed]).papers
    plan = regroup(component([("a.bib", 0, None, SMITH), ("list.txt", 0, stored.paper_id, listed)], [stored]))
    [write] = plan.writes
    assert write.paper.paper_id == stored.paper_id and not write.is_new and write.replaces is None
    assert write.paper.year == 2019 and write.paper.sources == ["a.bib", "list.txt"]
    assert plan.merged == [
        {"paper_id": stored.paper_id, "title": TITLE, "records": ["a.bib", "list.txt"], "why": "same title"}
    ]


def test_a_paper_that_gains_an_arxiv_id_is_renamed_and_replaces_its_old_row() -> None:
    [stored] = merge_papers([SMITH]).papers
    preprint = SMITH.model_copy(update={"sources": ["x.pdf"]})
    preprint = Paper(**{**preprint.model_dump(exclude={"paper_id"}), "url": "https://arxiv.org/abs/1706.03762v2"})
    plan = regroup(component([("a.bib", 0, stored.paper_id, SMITH), ("x.pdf", 0, None, preprint)], [stored]))
    [write] = plan.writes
    assert (write.paper.paper_id, write.replaces, write.is_new) == ("arxiv:1706.03762", stored.paper_id, False)
    assert plan.deletes == []
    assert "same title and first author (Smith) and year (2019)" in plan.merged[0]["why"]


def test_a_stored_paper_whose_records_are_gone_is_deleted() -> None:
    [smith, lee] = merge_papers([SMITH, LEE]).papers
    plan = regroup(component([("a.bib", 1, lee.paper_id, LEE)], [smith, lee]))
    assert plan.deletes == [smith.paper_id] and plan.unchanged == {lee.paper_id: [("a.bib", 1)]}
