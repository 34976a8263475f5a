"""Identity: when two records are one paper, and what the merged paper keeps."""

from paperchat.ingest.papers import Paper, merge_papers, paper_identity, same_paper

TITLE = "Combating Web Spam with TrustRank"


def test_identity_is_the_arxiv_id_then_the_doi_then_the_title() -> None:
    assert paper_identity(TITLE, "https://arxiv.org/abs/2501.10120") == "arxiv:2501.10120"
    assert paper_identity(TITLE, "https://doi.org/10.1088/1475-7516/2008/10/003") == "doi:10.1088/1475-7516/2008/10/003"
    assert paper_identity(TITLE).startswith("t:")


def test_a_paper_in_a_listing_and_as_a_pdf_becomes_one_paper_with_both_sources_and_the_full_text() -> None:
    listed = Paper(
        title=TITLE, authors=["Z. Gyongyi"], abstract="Spam pages.", sources=["list.txt"], formats=["title-list"]
    )
    as_pdf = Paper(
        title=TITLE,
        authors=["Zoltán Gyöngyi", "Jan Pedersen"],
        year=2004,
        full_text="Body " * 100,
        sources=["pedersen04.pdf"],
        formats=["pdf"],
    )
    [paper] = merge_papers([listed, as_pdf]).papers
    assert paper.sources == ["list.txt", "pedersen04.pdf"]
    assert paper.formats == ["title-list", "pdf"]
    assert paper.full_text == as_pdf.full_text
    assert paper.year == 2004 and paper.authors == ["Zoltán Gyöngyi", "Jan Pedersen"]


def test_same_title_with_different_first_authors_or_ids_is_two_papers() -> None:
    one = Paper(title="Introduction", authors=["Ada Lovelace"], sources=["a.pdf"])
    other = Paper(title="Introduction", authors=["Alan Turing"], sources=["b.pdf"])
    assert not same_paper(one, other)
    assert len(merge_papers([one, other]).papers) == 2
    by_doi = Paper(title=TITLE, url="https://doi.org/10.1000/a")
    other_doi = Paper(title=TITLE, url="https://doi.org/10.1000/b")
    assert not same_paper(by_doi, other_doi)


def test_the_arxiv_id_wins_as_identity_when_records_merge() -> None:
    plain = Paper(title=TITLE, url="https://doi.org/10.1000/a")
    arxiv = Paper(title=TITLE, url="https://arxiv.org/abs/2501.10120")
    [paper] = merge_papers([plain, arxiv]).papers
    assert paper.paper_id == "arxiv:2501.10120"


def test_a_position_in_the_full_text_falls_on_a_page_and_a_page_without_text_is_skipped() -> None:
    paper = Paper(title="Paged Paper", full_text="one\n\nthree", page_starts=[0, 5, 5])
    assert [paper.page_at(position) for position in (0, 3, 5, 9)] == [1, 1, 3, 3]
    assert Paper(title="No Pages").page_at(3) is None
