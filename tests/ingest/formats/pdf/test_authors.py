from paperchat.ingest.formats.pdf.authors import (
    authors_from_lines,
    corporate_author,
    letters_joined,
    looks_like_name,
    names_in,
    names_of_line,
    normal_case,
)
from paperchat.ingest.formats.pdf.reader import Line
from paperchat.ingest.formats.pdf.rows import SUPERSCRIPT_END, SUPERSCRIPT_START


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


def test_names_before_an_affiliation_on_the_same_line_are_kept_in_normal_case() -> None:
    assert names_of_line("YAXIONG XIE and KYLE JAMIESON, Princeton University, USA") == ["Yaxiong Xie", "Kyle Jamieson"]
    assert normal_case("Frances GOUDA") == "Frances Gouda" and normal_case("D.-M. Mei") == "D.-M. Mei"


def test_honorifics_degrees_and_roles_are_not_names() -> None:
    line = "Dr. Raja Bhattacharya, MD, Associate Professor, Department of General Medicine,"
    assert names_of_line(line) == ["Raja Bhattacharya"]
    assert names_of_line("Mr. Souvik Saha, MSc Statistics, Department of Statistics") == ["Souvik Saha"]


def test_superscript_marks_separate_names_and_a_name_broken_at_a_line_end_is_joined() -> None:
    mark_a, mark_b = f"{SUPERSCRIPT_START}a,∗{SUPERSCRIPT_END}", f"{SUPERSCRIPT_START}b{SUPERSCRIPT_END}"
    lines = [
        f"Richard C. Brower,{mark_a} George T. Flemming{mark_b} and Rohan",
        f"Misra{SUPERSCRIPT_START}a{SUPERSCRIPT_END}",
        f"{SUPERSCRIPT_START}a{SUPERSCRIPT_END}Boston University, Boston, MA 02215, USA",
    ]
    assert authors_from_lines(lines) == ["Richard C. Brower", "George T. Flemming", "Rohan Misra"]


def test_a_name_printed_letter_by_letter_is_read_whole() -> None:
    assert letters_joined("N . G . G R A T Z") == "N. G. GRATZ"
    assert authors_from_lines(["N . G . G R A T Z", "Geneva, Switzerland"]) == ["N. G. Gratz"]


def test_places_and_a_sentence_after_the_names_end_nothing_but_themselves() -> None:
    prose = "We review the recent construction of the model on a sphere and what it means for the limit"
    assert authors_from_lines(["A. Smith, B. Jones", "United Kingdom", prose, "Carl Sagan"]) == ["A. Smith", "B. Jones"]


def test_a_group_under_the_title_is_the_author_when_no_person_is_named() -> None:
    assert corporate_author(["DeepSeek-AI", "research@deepseek.com"]) == "DeepSeek-AI"
    assert corporate_author(["The ATLAS Collaboration"]) == "The ATLAS Collaboration"
    assert corporate_author(["Geneva, Switzerland"]) == ""


def test_an_affiliation_in_brackets_after_a_name_is_not_part_of_it() -> None:
    line = "Ada Lovelace (University of London), Alan Turing (Princeton)"
    assert names_of_line(line) == ["Ada Lovelace", "Alan Turing"]
    assert names_of_line("Ada Lovelace | Alan Turing") == ["Ada Lovelace", "Alan Turing"]


def test_lines_set_smaller_than_the_names_are_affiliations_even_when_name_shaped() -> None:
    lines = [
        Line("Ada Lovelace1, Md Ali Babar2 and Andrew", 12, 72, 700, 400),
        Line("D. White3", 12, 72, 686, 140),
        Line("1 Integrated Metabolomics (SECIM), University of Florida, 2 IROA", 10, 72, 670, 500),
        Line("Technologies LLC, Ann Arbor, MI, United States of America", 10, 72, 660, 500),
        Line("We study how the words of a long sentence in the abstract end the block of authors", 10, 72, 640, 500),
        Line("Carl Sagan", 12, 72, 600, 140),
    ]
    assert authors_from_lines(lines) == ["Ada Lovelace", "Md Ali Babar", "Andrew D. White"]


def test_addresses_and_affiliations_in_other_languages_are_not_names() -> None:
    assert authors_from_lines(["Ada Lovelace, Alan Turing", "One Microsoft Way", "Redmond WA"]) == [
        "Ada Lovelace",
        "Alan Turing",
    ]
    assert names_of_line("Dipartimento di Fisica") == [] and names_of_line("Universita di Roma, Italy") == []


def test_a_group_named_in_the_author_block_is_one_author_and_a_mark_separates_name_from_affiliation() -> None:
    assert names_of_line("The ATLAS and CMS Collaborations") == ["The ATLAS and CMS Collaborations"]
    assert names_of_line("Roberto Baldoni • Universita di Roma, Italy") == ["Roberto Baldoni"]
