import pytest

from paperchat.ingest.formats.pdf.titles import credible, file_title, rejection


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        ("the", "a single stop word"),
        ("10.1051/jphyslet:019790040013028700", "a DOI"),
        ("arXiv:2401.00001v2 [cs.CL] 3 Jan 2024", "an arXiv identifier"),
        ("APS/123-QED", "a report number"),
        ("NIST SP 800-223", "a report number"),
        ("12 May 2016", "a date"),
        ("Submitted on 1 Jan 1979", "a date"),
        ("Journal of Statistical Software", "a journal, conference or series banner"),
        ("The AIIDE-17 Workshop on Artificial Intelligence for Games", "a journal, conference or series banner"),
        ("Abstract", "a section heading"),
        ("1 Introduction", "a section heading"),
        ("Research Article", "a journal, conference or series banner"),
        ("Contents", "a section heading"),
        ("Transformers", "fewer than two real words"),
        ("On It", "fewer than two real words"),
    ],
)
def test_what_is_not_a_title_and_why(candidate: str, reason: str) -> None:
    assert rejection(candidate) == reason


def test_titles_are_titles_in_any_script() -> None:
    assert credible("Attention Is All You Need")
    assert credible("Ising on S2 - The Affine Conjecture")
    assert credible("Genre, métissage et transactions coloniales aux Indes néerlandaises (1900-1942)")
    assert credible("デジタルテクノロジーの課題と現状の対応策")


def test_a_line_that_repeats_atop_other_pages_is_a_running_header() -> None:
    assert rejection("Praz et al. Sports Nutrition 12", running={"praz et al. sports nutrition #"}) == (
        "a running header"
    )


def test_a_paper_without_a_credible_title_is_called_after_its_file() -> None:
    assert file_title("/library/scans/old_scan_0042.pdf") == "old_scan_0042"
    assert file_title("notes") == "notes"
