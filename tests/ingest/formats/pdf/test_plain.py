from paperchat.ingest.formats.pdf.plain import looks_like_authors, title_and_authors


def test_a_title_runs_until_a_line_of_names() -> None:
    lines = ["Deep Residual Learning for", "Image Recognition", "Kaiming He, Xiangyu Zhang and Jian Sun", "Abstract"]
    assert title_and_authors(lines) == (
        "Deep Residual Learning for Image Recognition",
        ["Kaiming He", "Xiangyu Zhang", "Jian Sun"],
    )


def test_stamps_above_the_title_are_skipped() -> None:
    lines = ["arXiv:1706.03762v7 [cs.CL] 2 Aug 2023", "Attention Is All You Need", "Body text."]
    assert title_and_authors(lines)[0] == "Attention Is All You Need"


def test_a_title_is_not_a_names_line() -> None:
    assert looks_like_authors("Ashish Vaswani∗, Noam Shazeer and Niki Parmar")
    assert not looks_like_authors("Attention Is All You Need")


def test_a_title_in_capitals_after_a_draft_stamp_is_the_title() -> None:
    lines = [
        "Draft version July 14, 2017",
        "Typeset using LaTeX default style in AASTeX61",
        "THE SIZE DISTRIBUTION OF NEAR EARTH OBJECTS LARGER",
        "THAN 10 METERS",
        "D. E. Trilling,1,2 F. Valdes,4 L. Allen4",
        "ABSTRACT",
    ]
    title, authors = title_and_authors(lines)
    assert title == "THE SIZE DISTRIBUTION OF NEAR EARTH OBJECTS LARGER THAN 10 METERS"
    assert authors == ["D. E. Trilling", "F. Valdes", "L. Allen"]
