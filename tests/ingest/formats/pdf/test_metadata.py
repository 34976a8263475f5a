from paperchat.ingest.formats.pdf.metadata import (
    ARXIV_STAMP,
    agrees,
    find_abstract,
    plausible_title,
    printed_doi,
    real_author,
    year_from,
)

LATEST = 2030


def test_year_trusts_the_venue_then_copyright_then_the_arxiv_stamp_then_date_lines_then_the_file_date() -> None:
    stamp = ARXIV_STAMP.search("arXiv:2501.10120v1 [cs.IR] 17 Jan 2025")
    venue = "Proceedings of the 62nd Annual Meeting of the ACL, pages 1-9, August 2024"
    assert year_from(["Published 3 May 2025", venue, "© 2023 The authors"], stamp, "", LATEST) == 2024
    assert year_from(["Published 3 May 2025", "© 2023 The authors"], stamp, "", LATEST) == 2023
    assert year_from(["Published 3 May 2026"], stamp, "D:20240101", LATEST) == 2025
    assert year_from([], stamp, "D:20240101", LATEST) == 2025
    lines = ["Received 25 July 2007", "Published 3 October 2008", "Available 2010"]
    assert year_from(lines, None, "D:20100101", LATEST) == 2008
    assert year_from(["Date de publication : 1 mai 2011", "mis en ligne le 01 mai 2013"], None, "", LATEST) == 2011
    assert year_from(["February 2024"], None, "D:20230101", LATEST) == 2024
    assert year_from(["Copyright c 2009 ACM 978-1-60558-392-1/09/06"], None, "", LATEST) == 2009
    assert year_from(["January 2007, Volume 18, Issue 3."], None, "", LATEST) == 2007
    assert year_from(["PLDI'09, June 15-20, 2009, Dublin, Ireland."], None, "", LATEST) == 2009
    assert year_from(["as shown before (Smith et al., 2006)"], None, "D:20080817215520", LATEST) == 2008
    assert year_from(["Transactions coloniales aux Indes (1900-1942)"], None, "D:2016", LATEST) == 2016


def test_an_arxiv_stamp_without_a_date_gives_the_year_of_its_identifier() -> None:
    assert year_from([], ARXIV_STAMP.search("arXiv:1706.03762v7"), "", LATEST) == 2017


def test_a_year_after_next_year_is_a_number_not_a_year() -> None:
    assert year_from(["Published 2099"], None, "", LATEST) is None


def test_printed_doi() -> None:
    assert printed_doi(["PLOS ONE | https://doi.org/10.1371/journal.pone.0197919 June 13, 2018"]) == (
        "10.1371/journal.pone.0197919"
    )
    assert printed_doi(["See 10.1000/xyz for more"]) is None  # no word "doi": maybe a citation


def test_metadata_titles_that_are_not_titles() -> None:
    for junk in ("Microsoft Word - AVE2008 Report.doc", "paper.dvi", "0123456789", "IEEE Transactions", "untitled"):
        assert not plausible_title(junk), junk
    assert plausible_title("Combating Web Spam with TrustRank")
    assert agrees("Combating Web Spam with TrustRank", "Combating Web Spam\nwith TrustRank\nZoltán Gyöngyi")
    assert not real_author("ibm")
    assert real_author("Kayla Thomason, Md Ali Babar")


def test_abstract_runs_to_the_first_section() -> None:
    text = "Title\nAbstract—We study X.\nIt works.\nI. INTRODUCTION\nBody."
    assert find_abstract(text) == "We study X. It works."
