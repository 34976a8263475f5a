from paperchat.ingest.formats.pdf.text import clean_pages, join_lines, repair, running_lines


def test_ligatures_and_glyph_codes_between_letters_are_spelled_out() -> None:
    assert repair("MapReduce: Simpli\x02ed Data Processing") == "MapReduce: Simplified Data Processing"
    assert repair("e\ufb03cient \ufb02ow") == "efficient flow"
    assert repair("solubil\ufffeity") == "solubility"


def test_an_accent_set_as_a_glyph_of_its_own_joins_its_letter() -> None:
    as_typeset = "Lemaˆıtre–Tolman models of Schr¨odinger’s ´etude, c¸a"
    assert repair(as_typeset) == "Lemaître–Tolman models of Schrödinger’s étude, ça"
    assert repair("naïve café, x^2") == "naïve café, x^2"  # letters already accented, and a caret, stay


def test_control_codes_that_are_not_between_letters_are_not_letters() -> None:
    assert repair("x \x04 y") == "x   y"


def test_wrapped_title_lines_are_joined_and_hyphens_mended() -> None:
    assert join_lines(["A Perspective on Explanations of Molecular", "Prediction Models"]) == (
        "A Perspective on Explanations of Molecular Prediction Models"
    )
    assert join_lines(["trans-", "duction"]) == "transduction"
    assert join_lines(["Just-in-", "Time"]) == "Just-in- Time"


WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]


def make_pages(count: int) -> list[list[str]]:
    return [
        [
            f"{n} TIMP: Modeling in R",
            f"The {WORDS[n]} section begins.",
            f"It says {WORDS[n + 1]}.",
            f"Ends {WORDS[n - 1]}.",
            str(n),
        ]
        for n in range(1, count + 1)
    ]


def test_running_headers_and_page_numbers_are_dropped() -> None:
    pages = clean_pages(make_pages(6))
    assert all("TIMP: Modeling in R" not in page for page in pages)
    assert pages[2] == "The delta section begins.\nIt says epsilon.\nEnds gamma."


def test_a_line_repeated_in_the_middle_of_pages_is_text() -> None:
    pages = [["Head", "x", "y", "z", "Table 1: Results", "p", "q", "r"] for _ in range(5)]
    assert "table #: results" not in running_lines(pages)


def test_few_pages_have_no_running_lines() -> None:
    assert clean_pages([["Title", "1"], ["Title", "2"]]) == ["Title", "Title"]


def test_arxiv_margin_stamps_and_icon_digits_are_not_text() -> None:
    page = ["Body text begins here.", "arXiv:2501.10120v1 [cs.IR] 17 Jan 2025", "a1111111111", "More body text."]
    assert clean_pages([page]) == ["Body text begins here.\nMore body text."]


def test_prose_is_a_long_line_of_mostly_lower_case_words() -> None:
    from paperchat.ingest.formats.pdf.text import is_prose

    assert is_prose("We review the recent construction of the model on a sphere and what it means for the limit")
    assert not is_prose("Department of Physics, University of Texas at Austin, Austin, Texas 78712, U.S.A.")
    assert not is_prose("Ada Lovelace, Alan Turing")
