from paperchat.ingest.formats.pdf.header import layout_title, title_text
from paperchat.ingest.formats.pdf.reader import Line, Page
from paperchat.ingest.formats.pdf.rows import SUPERSCRIPT_END, SUPERSCRIPT_START


def line(text: str, size: float, top: float, left: float = 72) -> Line:
    return Line(text=text, size=size, left=left, top=top, right=left + 6 * len(text))


def page(lines: list[Line]) -> Page:
    return Page(number=1, width=612, height=792, lines=lines)


FIRST_PAGE = [
    line("Journal of Things 12 (2020)", 9, 770),
    line("Learning to Rank Papers", 18, 700),
    line("by Their Citations", 18, 678),
    line("Ada Lovelace1,∗, Alan Turing2", 12, 640),
    line("1University of Cambridge, UK", 10, 624),
    line("∗ada@example.org", 10, 610),
    line("Abstract", 11, 580),
    line("We rank papers. " * 8, 10, 560),
    line("A Logo In A Figure", 28, 400),
    line("Body text of the paper goes on here. " * 3, 10, 380),
]


def test_title_is_the_largest_type_above_the_author_block_joined_across_lines() -> None:
    title, below = layout_title(page(FIRST_PAGE))
    assert title == "Learning to Rank Papers by Their Citations"
    assert [entry.text for entry in below][0] == "Ada Lovelace1,∗, Alan Turing2"


def test_letter_spaced_banners_and_dates_are_never_the_title() -> None:
    lines = [
        line("R E S E A R C H A R T I C L E Open Access", 24, 760),
        line("Submitted 25 March 2016", 22, 740),
        *FIRST_PAGE[1:],
    ]
    assert layout_title(page(lines))[0] == "Learning to Rank Papers by Their Citations"


def test_a_page_in_one_size_has_no_layout_title() -> None:
    same_size = [line(entry.text, 10, entry.top) for entry in FIRST_PAGE]
    assert layout_title(page(same_size)) == ("", [])


def test_a_banner_or_identifier_set_largest_gives_way_to_the_next_credible_block() -> None:
    lines = [line("NIST SP 800-223", 30, 760), *FIRST_PAGE[1:]]
    assert layout_title(page(lines))[0] == "Learning to Rank Papers by Their Citations"
    lines = [line("the", 30, 760), *FIRST_PAGE[1:]]
    assert layout_title(page(lines))[0] == "Learning to Rank Papers by Their Citations"


def test_a_smaller_line_right_under_the_title_that_names_nobody_is_its_subtitle() -> None:
    lines = [
        line("High-Performance Computing Security", 36, 700),
        line("Architecture, Threat Analysis, and Security Posture", 24, 660),
        line("Ada Lovelace", 18, 620),
        line("Alan Turing", 18, 600),
        line("Body text of the report. " * 3, 11, 500),
    ]
    title, below = layout_title(page(lines))
    assert title == "High-Performance Computing Security: Architecture, Threat Analysis, and Security Posture"
    assert [entry.text for entry in below][:2] == ["Ada Lovelace", "Alan Turing"]


def test_a_footnote_mark_after_the_title_is_dropped_and_an_exponent_inside_it_kept() -> None:
    assert title_text(f"Ising on S{SUPERSCRIPT_START}2{SUPERSCRIPT_END} - The Affine Conjecture") == (
        "Ising on S2 - The Affine Conjecture"
    )
    assert title_text(f"A Study of Things{SUPERSCRIPT_START}∗{SUPERSCRIPT_END}") == "A Study of Things"


def test_a_title_repeated_atop_every_page_is_still_the_title_when_set_large() -> None:
    running = {"learning to rank papers by their citations"}
    assert layout_title(page(FIRST_PAGE), running)[0] == "Learning to Rank Papers by Their Citations"


def test_text_placed_outside_the_page_is_never_the_title() -> None:
    hidden = line("A Hidden Copy Of Some Other Title", 30, 900)  # above the page's top edge
    assert layout_title(page([hidden, *FIRST_PAGE]))[0] == "Learning to Rank Papers by Their Citations"
