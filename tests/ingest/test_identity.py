"""Which records are one paper: a strong identifier, or title with first author and year; never a title alone
against records that disagree."""

from __future__ import annotations

import itertools

from paperchat.ingest.identity import group_records, kept_apart, merge_papers, same_paper, strong_ids
from paperchat.ingest.papers import Paper

TITLE = "Attention Is All You Need"
SMITH = Paper(title=TITLE, authors=["Jane Smith", "John Doe"], year=2019, abstract="Rainfall.", sources=["a.bib"])
LEE = Paper(title=TITLE, authors=["Min Lee"], year=2021, abstract="Classrooms.", sources=["a.bib"])


def test_same_title_by_other_people_or_of_another_year_is_another_paper() -> None:
    result = merge_papers([SMITH, LEE])
    assert len(result.papers) == 2 and len({p.paper_id for p in result.papers}) == 2
    assert [p.abstract for p in result.papers] == ["Rainfall.", "Classrooms."]
    later = SMITH.model_copy(update={"year": 2024})
    assert not same_paper(SMITH, later)
    [(ids, title, why)] = kept_apart(merge_papers([SMITH, LEE]).groups)
    assert title == TITLE and len(ids) == 2 and "different first authors (Lee; Smith)" in why


def test_same_title_first_author_and_year_is_one_paper_whatever_the_casing() -> None:
    again = Paper(title="ATTENTION is all you need.", authors=["J. Smith"], year=2019, sources=["b.txt"])
    [group] = group_records([SMITH, again])
    assert group.records == [0, 1] and group.paper.sources == ["a.bib", "b.txt"]
    assert group.reasons == ["same title and first author (Smith) and year (2019)"]


def test_a_record_missing_authors_or_year_joins_the_one_paper_it_fits() -> None:
    title_only = Paper(title=TITLE, abstract="A longer abstract about rainfall over the Sahel.", sources=["list.txt"])
    no_year = Paper(title=TITLE, authors=["Jane Smith"], sources=["notes.md"])
    [group] = group_records([title_only, no_year, SMITH])
    assert group.paper.year == 2019 and group.paper.abstract.startswith("A longer abstract")
    assert group.paper.sources == ["list.txt", "notes.md", "a.bib"]


def test_a_record_that_could_be_several_papers_stays_apart_with_its_twins() -> None:
    title_only = Paper(title=TITLE, abstract="Which one?", sources=["list.txt"])
    twin = title_only.model_copy(update={"sources": ["other-list.txt"]})
    groups = group_records([SMITH, LEE, title_only, twin])
    assert [g.records for g in groups] == [[0], [1], [2, 3]]
    assert groups[2].ambiguous and len({g.paper.paper_id for g in groups}) == 3
    assert "names nothing" in kept_apart(groups)[0][2]


def test_the_same_doi_is_one_paper_whatever_the_title_says() -> None:
    conference = Paper(title="Deep Residual Learning", doi="10.1109/CVPR.2016.90", year=2016, sources=["c.bib"])
    journal = Paper(
        title="Deep residual learning for image recognition",
        url="https://doi.org/10.1109/cvpr.2016.90",
        year=2017,
        sources=["j.bib"],
    )
    [group] = group_records([conference, journal])
    assert group.paper.paper_id == "doi:10.1109/cvpr.2016.90" and group.reasons == ["same DOI 10.1109/cvpr.2016.90"]
    assert not same_paper(conference, conference.model_copy(update={"doi": "10.1109/other"}))


def test_arxiv_versions_are_one_paper_that_knows_its_versions_and_shows_the_latest() -> None:
    v1 = Paper(title="Old title", url="https://arxiv.org/abs/2501.10120v1", abstract="First draft.", sources=["1.pdf"])
    v2 = Paper(title="New title", url="https://arxiv.org/abs/2501.10120v2", abstract="Revised.", sources=["2.pdf"])
    [paper] = merge_papers([v1, v2]).papers
    assert (paper.paper_id, paper.arxiv_versions) == ("arxiv:2501.10120", ["v1", "v2"])
    assert (paper.title, paper.abstract) == ("New title", "Revised.")
    assert paper.sources == ["2.pdf", "1.pdf"]


def test_an_id_the_source_gave_is_strong_and_wins() -> None:
    assert strong_ids(Paper(title="x", paper_id="doc-7", url="https://arxiv.org/abs/2501.10120")) == {
        "id": "doc-7",
        "arxiv": "2501.10120",
    }
    assert strong_ids(Paper(title="x")) == {}  # a derived title hash names nothing for certain
    one, other = Paper(title="Summary", paper_id="d1"), Paper(title="Summary", paper_id="d2")
    assert [p.paper_id for p in merge_papers([one, other]).papers] == ["d1", "d2"]


def test_grouping_does_not_depend_on_the_order_of_the_records() -> None:
    title_only = Paper(title=TITLE, sources=["list.txt"])
    arxiv = Paper(title=TITLE, authors=["Jane Smith"], url="https://arxiv.org/abs/1706.03762", sources=["x.pdf"])
    records = [SMITH, LEE, title_only, arxiv]
    expected = None
    for order in itertools.permutations(records):
        found = sorted(sorted(p.sources) for p in merge_papers(list(order)).papers)
        assert expected is None or found == expected
        expected = found
    assert expected == [["a.bib"], ["a.bib", "x.pdf"], ["list.txt"]]
