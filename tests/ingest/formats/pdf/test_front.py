from paperchat.ingest.formats.pdf.front import read_front, without_footnote_mark
from paperchat.ingest.formats.pdf.reader import Line, Page


def page(*lines: tuple[str, float, float]) -> Page:
    """A page of (text, size, top) lines at the left margin."""
    return Page(1, 612, 792, [Line(text, size, 72, top, 72 + 6 * len(text)) for text, size, top in lines])


BODY = ("We study things in a careful way and report what we found in the end. " * 2, 10, 500)


def test_the_title_page_gives_title_and_authors() -> None:
    title_page = page(("Learning Rules for Reading Papers", 18, 700), ("Ada Lovelace, Alan Turing", 12, 660), BODY)
    front = read_front(title_page, None, {}, set(), "/papers/x.pdf")
    assert (front.title, front.authors, front.guess) == (
        "Learning Rules for Reading Papers",
        ["Ada Lovelace", "Alan Turing"],
        "",
    )


def test_no_credible_title_takes_the_sane_metadata_title_then_the_file_name_and_says_it_is_a_guess() -> None:
    junk = page(("the", 24, 700), ("10.1000/xyz.123", 18, 680), BODY)
    front = read_front(junk, None, {"Title": "Readable Metadata Title Here"}, set(), "/scans/scan_0042.pdf")
    assert front.title == "Readable Metadata Title Here" and "metadata" in front.guess
    front = read_front(junk, None, {"Title": "untitled"}, set(), "/scans/scan_0042.pdf")
    assert front.title == "scan_0042" and "file" in front.guess


def test_a_cover_title_printed_on_the_title_page_is_taken_and_its_authors_stand_in() -> None:
    cover = page(("Sound Attenuation Near a Phase Transition", 16, 700), ("J. Swift, B. J. Mulvaney", 12, 670), BODY)
    scan = page(("Sound attenuation near a phase", 14, 700), ("transition (*)", 14, 684), ("0.GLATTER", 8, 660), BODY)
    front = read_front(scan, cover, {}, set(), "/x.pdf")
    assert front.title == "Sound Attenuation Near a Phase Transition"
    assert front.authors == ["J. Swift", "B. J. Mulvaney"]


def test_footnote_marks_after_a_title() -> None:
    assert without_footnote_mark("Indes néerlandaises (1900-1942)1") == "Indes néerlandaises (1900-1942)"
    assert without_footnote_mark("A Title (*)") == "A Title"
    assert without_footnote_mark("Llama 2: Open Models") == "Llama 2: Open Models"


def test_a_line_of_the_title_that_looks_like_a_name_is_not_an_author() -> None:
    title_page = page(
        ("An Agent for Comprehensive Academic", 18, 700),
        ("Paper Search", 14, 680),
        ("Ada Lovelace, Alan Turing", 12, 650),
        BODY,
    )
    info = {"Title": "An Agent for Comprehensive Academic Paper Search"}
    front = read_front(title_page, None, info, set(), "/x.pdf")
    assert front.title == "An Agent for Comprehensive Academic Paper Search"
    assert front.authors == ["Ada Lovelace", "Alan Turing"]


def test_a_metadata_title_that_is_only_a_phrase_of_the_page_does_not_replace_the_page_title() -> None:
    title_page = page(
        ("Fundamentals of Distributed Computing: A Tour of Vector Clocks", 24, 700),
        ("Ada Lovelace, Alan Turing", 12, 660),
        ("Vector clocks order the events of a distributed computation. " * 2, 10, 500),
    )
    front = read_front(title_page, None, {"Title": "Vector Clocks"}, set(), "/x.pdf")
    assert front.title == "Fundamentals of Distributed Computing: A Tour of Vector Clocks"
