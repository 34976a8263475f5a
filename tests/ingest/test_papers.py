"""The Paper record: the identifiers it carries (DOI, arXiv id and versions), its id, and the merge of two records."""

import hashlib

from paperchat.ingest.papers import (
    Paper,
    by_date,
    clean_doi,
    date_key,
    merge_pair,
    paper_identity,
    parse_arxiv,
    same_person,
    surname,
    with_dates,
)

TITLE = "Combating Web Spam with TrustRank"


def test_identity_is_the_arxiv_id_then_the_doi_then_the_title() -> None:
    assert paper_identity(TITLE, "https://arxiv.org/abs/2501.10120") == "arxiv:2501.10120"
    assert paper_identity(TITLE, "https://doi.org/10.1088/1475-7516/2008/10/003") == "doi:10.1088/1475-7516/2008/10/003"
    assert paper_identity(TITLE).startswith("t:")


def test_a_title_id_includes_the_first_author_and_year_so_same_title_papers_differ() -> None:
    smith = paper_identity("Attention Is All You Need", authors=["Jane Smith"], year=2019)
    lee = paper_identity("Attention Is All You Need", authors=["Min Lee"], year=2021)
    assert smith != lee and smith.startswith("t:") and lee.startswith("t:")
    # Case, accents, punctuation and the author's given name do not change it.
    assert paper_identity("attention is all you need!", authors=["J. Smith"], year=2019) == smith
    # A title alone hashes as before authors and years counted: indexes from then keep their ids.
    old_id = "t:" + hashlib.sha256(b"combating web spam with trustrank").hexdigest()[:16]
    assert paper_identity(TITLE) == old_id


def test_identifiers_come_from_the_url_the_paper_id_or_their_own_fields() -> None:
    from_url = Paper(title=TITLE, url="https://arxiv.org/abs/2501.10120v2")
    assert (from_url.arxiv_id, from_url.arxiv_versions, from_url.paper_id) == ("2501.10120", ["v2"], "arxiv:2501.10120")
    given = Paper(title=TITLE, arxiv_id="2501.10120v3", url="https://arxiv.org/abs/2501.10120v1")
    assert (given.arxiv_id, given.arxiv_versions) == ("2501.10120", ["v1", "v3"])
    old_style = Paper(title=TITLE, arxiv_id="hep-th/9901001v2")
    assert (old_style.arxiv_id, old_style.arxiv_versions) == ("hep-th/9901001", ["v2"])
    doi = Paper(title=TITLE, doi="https://doi.org/10.1000/ABC.1", url="https://openreview.net/forum?id=x")
    assert (doi.doi, doi.paper_id) == ("10.1000/abc.1", "doi:10.1000/abc.1")
    assert Paper(title=TITLE, url="https://dl.acm.org/doi/abs/10.1145/1316689").doi == "10.1145/1316689"
    assert Paper(title=TITLE, paper_id="bert").paper_id == "bert"  # an id the source gave is kept


def test_parsing_arxiv_ids_dois_and_surnames() -> None:
    assert parse_arxiv("see arXiv:2404.02948v1 [cs.LG]") == ("2404.02948", "v1")
    assert parse_arxiv("cs/0112017") is None and parse_arxiv("arXiv:cs/0112017") == ("cs/0112017", None)
    assert clean_doi("doi: 10.1103/PhysRevLett.116.061102.") == "10.1103/physrevlett.116.061102"
    assert clean_doi("no identifier here") is None
    assert surname("Zoltán Gyöngyi") == surname("Gyöngyi, Z.") == "gyongyi"
    assert surname("Martin Luther King Jr.") == "king"
    assert same_person("Wang Wei", "Wei Wang") and same_person("J. Smith", "Jane Smith")
    assert not same_person("Jane Smith", "Min Lee") and not same_person("", "Min Lee")


def test_the_content_hash_ignores_identifiers_that_only_repeat_the_url() -> None:
    plain = Paper(title=TITLE, url="https://arxiv.org/abs/2501.10120")
    listed = Paper.model_validate_json(plain.model_dump_json(exclude={"doi", "arxiv_id", "arxiv_versions"}))
    assert listed.content_hash() == plain.content_hash()  # a record stored before the fields existed
    with_doi = plain.model_copy(update={"doi": "10.1000/x"})
    assert with_doi.content_hash() != plain.content_hash()  # a DOI the URL does not give is news


def test_the_content_hash_of_a_paper_without_pages_is_what_it_was_before_pages_were_kept() -> None:
    listed = Paper(title=TITLE, authors=["Z. Gyongyi"], abstract="Spam pages.", year=2004)
    before_pages = listed.model_dump_json(exclude={"sources", "formats", "doi", "arxiv_id", "arxiv_versions",
                                                   "title_guessed", "ocr", "ocr_pages", "page_starts", "profile_of"})
    assert listed.content_hash() == hashlib.sha256(before_pages.encode()).hexdigest()[:32]
    paged = listed.model_copy(update={"full_text": "one\n\ntwo", "page_starts": [0, 5]})
    assert paged.content_hash() != listed.model_copy(update={"full_text": "one\n\ntwo"}).content_hash()


def test_merging_two_records_keeps_what_each_knew() -> None:
    listed = Paper(
        title=TITLE, authors=["Z. Gyongyi"], abstract="Spam pages.", sources=["list.txt"], formats=["title-list"]
    )
    as_pdf = Paper(
        title=TITLE,
        authors=["Zoltán Gyöngyi", "Jan Pedersen"],
        year=2004,
        full_text="Body " * 100,
        doi="10.1000/spam",
        url="https://arxiv.org/abs/2501.10120v2",
        sources=["pedersen04.pdf"],
        formats=["pdf"],
    )
    paper = merge_pair(listed, as_pdf)
    assert paper.sources == ["list.txt", "pedersen04.pdf"]
    assert paper.formats == ["title-list", "pdf"]
    assert paper.full_text == as_pdf.full_text
    assert paper.year == 2004 and paper.authors == ["Zoltán Gyöngyi", "Jan Pedersen"]
    assert (paper.doi, paper.arxiv_id, paper.arxiv_versions) == ("10.1000/spam", "2501.10120", ["v2"])


def test_the_full_text_brings_its_pages_and_scanned_pages_into_the_merge() -> None:
    listed = Paper(title=TITLE, url="https://arxiv.org/abs/2501.10120", abstract="Spam pages.", sources=["list.txt"])
    scan = Paper(title=TITLE, full_text="one\n\ntwo", page_starts=[0, 5], ocr=True, ocr_pages=[2], sources=["a.pdf"])
    paper = merge_pair(listed, scan)  # the listing's record is the one kept: it has the arXiv id
    assert paper.page_at(6) == 2 and (paper.ocr, paper.ocr_pages) == (True, [2])
    assert merge_pair(scan, listed).page_starts == [0, 5]


def test_a_position_in_the_full_text_falls_on_a_page_and_a_page_without_text_is_skipped() -> None:
    paper = Paper(title="Paged Paper", full_text="one\n\nthree", page_starts=[0, 5, 5])
    assert [paper.page_at(position) for position in (0, 3, 5, 9)] == [1, 1, 3, 3]
    assert Paper(title="No Pages").page_at(3) is None


def test_a_code_link_in_the_abstract_means_the_paper_has_code() -> None:
    said = Paper(title="Conda", abstract="We propose Conda. The code is released on https://github.com/jie040109/Conda.")
    assert said.has_code and said.code_url == "https://github.com/jie040109/Conda"
    given = Paper(title="X", abstract="See https://gitlab.com/a/b", code_url="https://github.com/x/y")
    assert given.code_url == "https://github.com/x/y"  # the listing's own link wins
    assert not Paper(title="Y", abstract="Our website: https://example.org/y").has_code


def test_dates_in_order_where_a_date_without_a_year_is_this_years() -> None:
    old = Paper(title="Residual detections", date="Mar 1, 2018", year=2018)
    dated = Paper(title="Conformer speech", date="2022-03-01", year=2022)
    this_year = Paper(title="TARA", date="May 25")
    undated = Paper(title="No date at all")
    assert date_key(undated) < date_key(old) < date_key(dated) < date_key(this_year)
    assert by_date([undated, this_year, old, dated]) == [old, dated, this_year, undated]  # undated last
    assert by_date([undated, this_year, old, dated], newest=True) == [this_year, dated, old, undated]
    assert with_dates([undated, old]) == [old]
