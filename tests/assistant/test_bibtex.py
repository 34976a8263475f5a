"""BibTeX export of an answer's cited papers: valid entries that our own BibTeX reader reads back."""

from __future__ import annotations

from paperchat.assistant.bibtex import answer_bibtex, bibtex_escape, citation_key
from paperchat.assistant.results import Answer, Citation
from paperchat.ingest.formats import bibtex


def _answer() -> Answer:
    return Answer(question="q", text="A [1] and B [2] and C [3].", citations=[
        Citation(n=1, paper_id="arxiv:2505.23254",
                 title="MemAscend: System Memory Optimization for $50\\%$ less & more",
                 authors=["Yufeng Yang", "Peidong Wang"], authors_truncated=True, date="2025-05-29", year=2025,
                 url="https://arxiv.org/abs/2505.23254", code_url="https://github.com/x/memascend", category="LG"),
        Citation(n=2, paper_id="t:abc", title="The {BERT} Model_v2 #1", authors=["Yang, Yufeng"], year=2025),
        Citation(n=3, paper_id="t:def", title="MemAscend again", authors=["Yufeng Yang"], date="May 25"),
    ])


def test_every_cited_paper_becomes_an_entry_that_parses_back() -> None:
    text = answer_bibtex(_answer())
    parsed = bibtex.parse(text, "export.bib")
    assert not parsed.problems
    titles = [p.display_title for p in parsed.papers]
    assert titles[0].startswith("MemAscend: System Memory Optimization for 50% less & more")
    assert "BERT Model_v2 #1" in titles[1]
    first = parsed.papers[0]
    assert first.year == 2025 and first.authors[:2] == ["Yufeng Yang", "Peidong Wang"]
    assert "2505.23254" in (first.url or "") or first.paper_id == "arxiv:2505.23254"
    assert "eprint = {2505.23254}" in text and "archiveprefix = {arXiv}" in text and "and others" in text
    assert "github.com/x/memascend" in text and "keywords = {LG}" in text


def test_keys_are_readable_and_unique() -> None:
    answer = _answer()
    assert citation_key(answer.citations[0]) == "yang2025memascend"
    assert citation_key(answer.citations[1]) == "yang2025bert"
    text = answer_bibtex(answer)
    assert "@misc{yang2025memascend," in text and "@misc{yangmemascend," in text and "@misc{yang2025bert," in text


def test_a_paper_without_authors_is_keyed_by_its_title_word_and_year() -> None:
    anonymous = Citation(n=1, paper_id="t:x", title="The Quiet Kelp Forests", year=2024)
    assert citation_key(anonymous) == "quiet2024"
    assert citation_key(anonymous.model_copy(update={"year": None})) == "quiet"
    assert "anon" not in answer_bibtex(Answer(question="q", text="K [1].", citations=[anonymous]))


def test_duplicate_keys_get_a_suffix() -> None:
    citation = _answer().citations[0]
    twice = Answer(question="q", text="x", citations=[citation, citation.model_copy(update={"n": 2})])
    text = answer_bibtex(twice)
    assert "@misc{yang2025memascend," in text and "@misc{yang2025memascenda," in text


def test_special_characters_are_escaped_and_no_citation_means_no_entries() -> None:
    assert bibtex_escape("50% of {x} & y_z #1") == r"50\% of x \& y\_z \#1"
    assert answer_bibtex(Answer(question="q", text="The papers do not say.", refused=True)) == ""
