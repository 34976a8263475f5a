from paperchat.ingest.formats.pdf.cover import is_cover

HAL_COVER = [
    "Sound attenuation near a phase transition",
    "J. Swift, B.J. Mulvaney",
    "To cite this version:",
    "HAL Id: jpa-00231626",
    "Submitted on 1 Jan 1979",
    "HAL is a multi-disciplinary open access archive for the deposit and dissemination of scientific research",
]


def test_a_repository_cover_is_known_by_its_boilerplate() -> None:
    assert is_cover(HAL_COVER)


def test_a_title_page_that_mentions_one_such_phrase_is_not_a_cover() -> None:
    assert not is_cover(["A Paper Title", "Ada Lovelace", "Terms of use apply to this dataset.", "Abstract"])
