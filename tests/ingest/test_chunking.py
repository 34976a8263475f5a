from paperchat.ingest.chunking import chunk_paper
from paperchat.ingest.papers import Paper

FULL_TEXT = """Abstract
We rank papers.
4.1 Results
Our ranking found 178 good seeds.
References
[1] A. Smith. Ranking seeds. Journal of Seeds, 2004."""


def test_each_chunk_starts_with_its_section_and_carries_it() -> None:
    paper = Paper(title="Ranking Seeds", abstract="We rank papers.", full_text=FULL_TEXT)
    chunks = chunk_paper(paper)
    results = next(chunk for chunk in chunks if "178" in chunk.text)
    assert results.text == "Ranking Seeds\n\n4.1 Results.\nOur ranking found 178 good seeds."
    assert results.metadata["section"] == "4.1 Results"
    assert chunks[0].text == "Ranking Seeds\n\nWe rank papers."
    assert "section" not in chunks[0].metadata


def test_the_reference_list_is_not_a_chunk() -> None:
    chunks = chunk_paper(Paper(title="Ranking Seeds", full_text=FULL_TEXT))
    assert not any("Journal of Seeds" in chunk.text for chunk in chunks)


def test_an_abstract_only_paper_is_one_chunk() -> None:
    [chunk] = chunk_paper(Paper(title="Ranking Seeds", abstract="We rank papers."))
    assert chunk.text == "Ranking Seeds\n\nWe rank papers."
