from paperchat.ingest.formats.pdf.rows import (
    SUPERSCRIPT_END,
    SUPERSCRIPT_START,
    Glyph,
    rows_of,
    unmarked,
    without_superscripts,
)


def glyphs(text: str, left: float, bottom: float, size: float, start: int = 0) -> list[Glyph]:
    """A word's characters, 0.5 size wide each, in content order from `start`."""
    return [
        Glyph(char, left + i * size / 2, left + (i + 1) * size / 2, bottom, bottom + size, start + i)
        for i, char in enumerate(text)
    ]


def test_characters_given_out_of_order_are_read_in_rows_top_to_bottom_left_to_right() -> None:
    second_row = glyphs("world", 10, 100, 10)
    first_row = glyphs("hello", 10, 120, 10, start=5)
    (first, second) = rows_of(second_row + first_row)
    assert (first.text, second.text) == ("hello", "world")
    assert first.top > second.top and first.size == 10


def test_a_word_gap_is_a_space_and_a_wide_gap_starts_another_piece() -> None:
    row = glyphs("Ada", 0, 100, 10) + glyphs("Byron", 17, 100, 10, start=3) + glyphs("Alan", 80, 100, 10, start=8)
    assert [piece.text for piece in rows_of(row)] == ["Ada Byron", "Alan"]


def test_a_space_the_content_stream_gives_between_neighbours_counts_even_in_tight_type() -> None:
    row = glyphs("Journal", 0, 100, 10) + glyphs("of", 35, 100, 10, start=7)
    row[7].spaced = True
    assert rows_of(row)[0].text == "Journal of"


def test_a_small_raised_character_is_a_superscript_and_a_lowered_one_is_not() -> None:
    row = glyphs("Smith", 0, 100, 10) + glyphs("a", 25, 105, 6, start=5) + glyphs("x", 28, 97, 6, start=6)
    text = rows_of(row)[0].text
    assert text == f"Smith{SUPERSCRIPT_START}a{SUPERSCRIPT_END}x"
    assert without_superscripts(text, ",") == "Smith,x" and unmarked(text) == "Smithax"


def test_a_tall_symbol_never_joins_two_lines_into_one() -> None:
    first = glyphs("Mass at", 0, 120, 10)
    root = [Glyph("√", 40, 46, 100, 132, 7)]  # a root sign reaching from the second line up into the first
    second = glyphs("s = 7 TeV", 0, 102, 10, start=8)
    assert [piece.text for piece in rows_of(first + root + second)] == ["Mass at √", "s = 7 TeV"]
