"""What each source said: every record kept, each knowing its paper; what a change touches; what must be grouped
again (pending) until an ingest settles it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paperchat.assistant.index.catalog import Catalog
from paperchat.ingest.papers import Paper

SMITH = Paper(title="Attention Is All You Need", authors=["Jane Smith"], year=2019, doi="10.1000/rain")
LEE = Paper(title="Attention Is All You Need", authors=["Min Lee"], year=2021)
RAIN = Paper(title="Sahel rainfall from gauges", doi="10.1000/RAIN", year=2019)  # Smith's paper, another title
BEES = Paper(title="Bees and polarised light", year=1967)


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    opened = Catalog(tmp_path / "catalog.sqlite")
    yield opened
    opened.close()


def test_every_record_of_a_source_is_kept_even_two_of_one_title(catalog: Catalog) -> None:
    touched = catalog.replace_source("a.bib", [SMITH, LEE])
    assert touched == {"title:attention is all you need"}
    rows = catalog.db.execute("SELECT source, seq, doi, paper_id FROM records ORDER BY seq").fetchall()
    assert rows == [("a.bib", 0, "10.1000/rain", None), ("a.bib", 1, None, None)]
    assert catalog.sources() == ["a.bib"]


def test_a_component_reaches_records_through_titles_and_identifiers(catalog: Catalog) -> None:
    catalog.replace_source("a.bib", [SMITH, LEE])
    catalog.replace_source("b.jsonl", [RAIN, BEES])
    found = catalog.component({"title:attention is all you need"})
    assert [(r.source, r.seq) for r in found.records] == [("a.bib", 0), ("a.bib", 1), ("b.jsonl", 0)]  # DOI link
    assert found.papers == {}
    assert [r.paper.title for r in catalog.component({"title:bees and polarised light"}).records] == [BEES.title]


def test_a_component_includes_the_stored_papers_of_its_records(catalog: Catalog) -> None:
    catalog.replace_source("a.bib", [LEE])
    lee = LEE.model_copy(update={"sources": ["a.bib"]})
    catalog.write_papers([(lee, [], None)], {lee.paper_id: [("a.bib", 0)]})
    catalog.forget_records(source="a.bib")
    found = catalog.component({f"paper:{lee.paper_id}"})
    assert found.records == [] and set(found.papers) == {lee.paper_id}  # its records are gone: it must go too
    assert found.hashes[lee.paper_id] == lee.content_hash()


def test_a_record_saying_what_it_said_keeps_its_paper(catalog: Catalog) -> None:
    catalog.replace_source("a.bib", [SMITH, LEE])
    catalog.assign({"p-smith": [("a.bib", 0)], "p-lee": [("a.bib", 1)]})
    touched = catalog.replace_source("a.bib", [LEE, SMITH.model_copy(update={"abstract": "Revised."})])
    assert {"paper:p-smith", "paper:p-lee"} <= touched
    assert catalog.db.execute("SELECT seq, paper_id FROM records ORDER BY seq").fetchall() == [
        (0, "p-lee"),
        (1, "p-smith"),
    ]


def test_forgetting_a_paper_forgets_its_records_in_every_source(catalog: Catalog) -> None:
    catalog.replace_source("a.bib", [SMITH])
    catalog.replace_source("b.jsonl", [RAIN, BEES])
    catalog.assign({"doi:10.1000/rain": [("a.bib", 0), ("b.jsonl", 0)]})
    touched = catalog.forget_records(paper_id="doi:10.1000/rain")
    assert touched == {"paper:doi:10.1000/rain", "title:attention is all you need", "title:sahel rainfall from gauges"}
    assert [r.paper.title for r in catalog.component({"title:bees and polarised light"}).records] == [BEES.title]
    assert catalog.sources() == ["b.jsonl"]


def test_pending_keys_stay_until_settled_and_disagreements_are_found_the_slow_way(catalog: Catalog) -> None:
    touched = catalog.replace_source("a.bib", [SMITH, LEE])
    assert catalog.unfinished_keys() == touched
    catalog.settle(touched)
    assert catalog.unfinished_keys() == set()
    catalog.mark_disagreeing_keys()  # records grouped into no stored paper: an interrupted run, found without a log
    assert catalog.unfinished_keys() == {"title:attention is all you need"}
