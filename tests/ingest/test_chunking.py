import pytest

from paperchat.ingest.chunking import chunk_paper, sentence_pieces
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


def test_a_chunk_of_a_paper_with_pages_knows_its_page_and_where_the_next_one_begins() -> None:
    page_one = "4.1 Results\nOur ranking found 178 good seeds."
    page_two = "It also found 12 bad ones."
    text = f"{page_one}\n\n{page_two}"
    paper = Paper(title="Ranking Seeds", full_text=text, page_starts=[0, len(page_one) + 2])
    [chunk] = [chunk for chunk in chunk_paper(paper) if "178" in chunk.text]
    assert (chunk.page, chunk.metadata["page"], chunk.section) == (1, 1, "4.1 Results")
    [second_page] = chunk.page_breaks
    assert chunk.text[second_page:].startswith("It also found 12 bad ones.")


def test_a_paper_without_pages_gives_chunks_without_pages() -> None:
    chunks = chunk_paper(Paper(title="Ranking Seeds", full_text=FULL_TEXT))
    assert all(chunk.page is None and "page" not in chunk.metadata for chunk in chunks)


def test_sentences_are_cut_at_their_ends_and_join_back_into_the_text() -> None:
    text = "We follow Smith et al. Their model works. See Fig. 2 for K. Bolejko's plot.  Then (a) ends here! Last"
    pieces = sentence_pieces(text)
    assert pieces == [
        "We follow Smith et al. Their model works. ",
        "See Fig. 2 for K. Bolejko's plot.  ",
        "Then (a) ends here! ",
        "Last",
    ]
    assert "".join(pieces) == text and sentence_pieces("") == []


def test_a_long_full_text_is_chunked_without_reading_nltk_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """NLTK refuses its data files when an installer hard-linked them; the chunker must not need them."""
    from llama_index.core.utils import GlobalsHelper

    def refused(_: object) -> None:
        raise PermissionError("refusing multiply-linked file (st_nlink=3)")  # what NLTK says then

    monkeypatch.setattr(GlobalsHelper, "punkt_tokenizer", property(refused))
    sentences = " ".join(f"Sentence {n} says something about kelp forests and their growth." for n in range(400))
    chunks = chunk_paper(Paper(title="Kelp", full_text=sentences), chunk_tokens=128, chunk_overlap=16)
    assert len(chunks) > 10 and all(chunk.text.startswith("Kelp\n\n") for chunk in chunks)
    assert all(chunk.text.rstrip().endswith("growth.") for chunk in chunks[:-1])  # cut at sentence ends
