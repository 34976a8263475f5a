from paperchat.ingest.formats.pdf.header import authors_from_lines, layout_title, looks_like_name, names_in
from paperchat.ingest.formats.pdf.reader import Line, Page


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


def test_authors_drop_marks_affiliations_and_emails() -> None:
    lines = ["Ada Lovelace1,∗, Alan Turing2", "1University of Cambridge, UK", "∗ada@example.org", "Poland"]
    assert authors_from_lines(lines) == ["Ada Lovelace", "Alan Turing"]


def test_names_set_without_commas_are_split_at_their_marks() -> None:
    assert names_in("Yichen He∗1 Guanhua Huang∗1 Peiyuan Feng1") == ["Yichen He", "Guanhua Huang", "Peiyuan Feng"]


def test_name_shapes() -> None:
    assert looks_like_name("Ivo H. M. van Stokkum")
    assert looks_like_name("Zoltán Gyöngyi")
    assert not looks_like_name("Prediction Models for the Web")
    assert not looks_like_name("IEEE")


def test_stamp_lines_are_not_authors_though_name_shaped() -> None:
    assert authors_from_lines(["Accepted May 2020", "Received 3 April 2020", "Rui Wang"]) == ["Rui Wang"]
