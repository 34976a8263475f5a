from paperchat.ingest.sections import heading_of, split_sections, without_references

TEXT = """Title of the paper
Abstract
We study seeds.
1 Introduction
Seeds matter.
4.1 Results
We used 178 good seeds.
3. We present schemes for selecting seed sets of pages to
be continued in a sentence.
References
[1] A. Smith. Seeds. 2004.
B. New nls options
The option warnOnly was added in R version 2.5."""


def test_headings_are_numbered_or_named_short_lines() -> None:
    assert heading_of("4.1 Results") == "4.1 Results"
    assert heading_of("B. New nls options") == "B. New nls options"
    assert heading_of("IV. EVALUATION") == "IV. EVALUATION"
    assert heading_of("References") == "References"
    assert heading_of("3. We present schemes for selecting seed sets of pages to") is None
    assert heading_of("1. TrustRank. We used the algorithm in Figure 5") is None
    assert heading_of("D. White∗,‡") is None
    assert heading_of("12 Smith J (2004). Seeds.") is None


def test_sections_in_order_and_the_reference_list_left_out() -> None:
    sections = split_sections(TEXT)
    assert [section.heading for section in sections] == [
        "",
        "Abstract",
        "1 Introduction",
        "4.1 Results",
        "References",
        "B. New nls options",
    ]
    kept = without_references(sections)
    assert "References" not in [section.heading for section in kept]
    assert kept[-1].text == "The option warnOnly was added in R version 2.5."
