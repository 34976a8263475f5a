"""The citation contract, enforced on answer text whatever wrote it."""

from __future__ import annotations

from paperchat.assistant.answering.citations import strip_markers, uncited_claims, validate_citations
from paperchat.assistant.results import Passage


def source(paper_id: str, n: int = 0, title: str | None = None) -> Passage:
    title = title or f"Paper {paper_id}"
    return Passage(
        chunk_id=f"{paper_id}:{n}", paper_id=paper_id, title=title, text=f"{title}\n\nPassage {n} of {paper_id}."
    )


SOURCES = [source("a"), source("b"), source("a", 1), source("c")]


def test_markers_are_renumbered_by_first_use() -> None:
    checked = validate_citations(
        "Cats purr when they are happy and content [4]. Dogs bark at night in the city [2].", SOURCES
    )
    assert checked.text == "Cats purr when they are happy and content [1]. Dogs bark at night in the city [2]."
    assert [(c.n, c.paper_id) for c in checked.citations] == [(1, "c"), (2, "b")]


def test_two_passages_of_one_paper_share_one_number() -> None:
    checked = validate_citations(
        "First claim from paper a is here [1]. Second claim from paper a is here [3].", SOURCES
    )
    assert checked.text == "First claim from paper a is here [1]. Second claim from paper a is here [1]."
    assert len(checked.citations) == 1
    assert checked.citations[0].snippet == "Passage 0 of a."


def test_out_of_range_and_zero_markers_are_dropped_with_a_warning() -> None:
    checked = validate_citations("A supported claim about the method [2] [9]. Another claim in the text [0].", SOURCES)
    assert checked.text == "A supported claim about the method [1]. Another claim in the text."
    assert checked.dropped_markers == [9, 0]
    assert any("[9]" in w for w in checked.warnings)


def test_grouped_and_ranged_markers_are_split() -> None:
    checked = validate_citations("Both papers agree on this particular point [1, 2]. All three do [1-4].", SOURCES)
    assert checked.text == "Both papers agree on this particular point [1][2]. All three do [1][2][3]."


def test_claims_without_citation_are_flagged_but_framing_is_not() -> None:
    text = "According to the indexed papers:\nThe model reduces memory use by half on every benchmark. It is fast [1]."
    assert uncited_claims(text) == ["The model reduces memory use by half on every benchmark."]


def test_snippet_given_by_the_answerer_is_the_quoted_passage() -> None:
    checked = validate_citations("Quoted sentence from the paper is here [2].", SOURCES, {2: "the exact sentence"})
    assert checked.citations[0].snippet == "the exact sentence"


def test_paper_text_markers_are_stripped_before_quoting() -> None:
    assert strip_markers("as shown in prior work [9], ignore this [1, 2].") == "as shown in prior work, ignore this."


def test_a_streamed_marker_is_held_until_it_closes_and_shown_only_with_sources_it_names() -> None:
    from paperchat.assistant.answering.citations import StreamedMarkers

    markers = StreamedMarkers(sources=3)
    shown = [markers.feed(piece) for piece in ["Kelp grows [", "1", "] fast [9]. Bees [2, ", "9] fly [note] [", "3"]]
    assert shown == ["Kelp grows ", "", "[1] fast . Bees ", "[2] fly [note] ", ""]
    assert markers.close() == ""  # an unfinished marker is never shown
