"""Passage text from a PDF → sentences and table rows an answer can quote."""

from __future__ import annotations

from paperchat.assistant.answering.sentences import is_row, split_sentences


def test_sentences_are_split_without_breaking_abbreviations_or_initials() -> None:
    text = "We use e.g. kelp here. As K. Bolejko showed, it grows fast. See Fig. 3 for the rates."
    assert split_sentences(text) == [
        "We use e.g. kelp here.",
        "As K. Bolejko showed, it grows fast.",
        "See Fig. 3 for the rates.",
    ]


def test_lines_of_a_pdf_are_joined_and_a_line_end_hyphen_dropped_only_inside_an_english_word() -> None:
    text = "Each of the six geno-\ntypes was grown\nin a sub-\ntrajectory of the growth chamber."
    assert split_sentences(text) == ["Each of the six genotypes was grown in a sub-trajectory of the growth chamber."]


def test_table_rows_become_units_named_by_the_table_and_its_header() -> None:
    text = (
        "Heat raised several amino acids.\n"
        "Table 3. Fold change of metabolites under heat stress.\n"
        "Compounds Fold change P-value\n"
        "L-tryptophan 11.46 <0.0001\n"
        "Pipecolate 5.89 <0.001\n"
        "The rest changed little in any of the years."
    )
    units = split_sentences(text)
    assert "Table 3 (Compounds Fold change P-value): L-tryptophan 11.46 <0.0001" in units
    assert "Table 3 (Compounds Fold change P-value): Pipecolate 5.89 <0.001" in units
    assert units[0] == "Heat raised several amino acids."  # a caption starts a unit of its own
    assert units[-1] == "The rest changed little in any of the years."


def test_a_row_is_short_mostly_numbers_and_names_what_they_are() -> None:
    assert is_row("L-tryptophan 11.46 <0.0001")
    assert not is_row("0.1 0.2 0.3")  # a figure's axis names nothing
    assert not is_row("the fit in Figure 12 is deemed acceptable after 5 iterations of the method.")
    assert not is_row("Compounds Fold change P-value")
