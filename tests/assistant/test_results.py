"""Results format themselves: a citation as a reference line, an answer as text, Markdown and JSON-ready dicts."""

from __future__ import annotations

import json

from paperchat import Answer, Citation, Passage, Refusal
from paperchat.assistant.results import PaperRef


def citation(**fields: object) -> Citation:
    base = {
        "n": 1,
        "paper_id": "p1",
        "title": "Attention Is All You Need",
        "authors": ["A. Vaswani", "N. Shazeer"],
        "date": "2017-06-12",
        "year": 2017,
        "url": "https://arxiv.org/abs/1706.03762",
        "snippet": "We propose",
    }
    return Citation(**{**base, **fields})


def test_authors_text_shows_truncation_or_a_count() -> None:
    assert PaperRef(paper_id="p", title="t", authors=["A", "B"]).authors_text == "A, B"
    assert PaperRef(paper_id="p", title="t", authors=["A"], authors_truncated=True).authors_text == "A et al."
    assert PaperRef(paper_id="p", title="t", authors_count=7).authors_text == "7 authors"
    assert PaperRef(paper_id="p", title="t", authors_count=1).authors_text == "1 author"
    assert PaperRef(paper_id="p", title="t").authors_text == ""
    # The researcher whose profile lists the paper, when the line stops before their name.
    on_profile = PaperRef(paper_id="p", title="t", authors=["A"], authors_truncated=True, profile_of="Ada Lovelace")
    assert on_profile.authors_text == "A et al. (on Ada Lovelace's profile)"
    shown = on_profile.model_copy(update={"authors": ["Ada Lovelace", "A"]})
    assert shown.authors_text == "Ada Lovelace, A et al."


def test_a_passage_relevance_is_its_cosine_similarity_when_known() -> None:
    passage = Passage(paper_id="p", title="t", chunk_id="p:0", text="x", score=0.03, dense_score=0.71)
    assert passage.relevance == 0.71
    assert Passage(paper_id="p", title="t", chunk_id="p:0", text="x", score=0.4).relevance == 0.4
    assert passage.to_dict()["chunk_id"] == "p:0" and passage.to_dict()["dense_score"] == 0.71


def test_a_citation_reference_names_title_authors_date_and_url() -> None:
    assert citation().reference() == (
        "[1] Attention Is All You Need. A. Vaswani, N. Shazeer. (2017-06-12) https://arxiv.org/abs/1706.03762"
    )
    assert citation(n=2, authors=[], date=None, url=None).reference() == "[2] Attention Is All You Need."


def test_a_citation_from_a_pdf_names_its_page_and_section() -> None:
    cited = citation(page=7, section="5.4 Ablations")
    assert cited.location == "p. 7, §5.4"
    assert cited.reference().endswith("(2017-06-12) p. 7, §5.4. https://arxiv.org/abs/1706.03762")
    assert citation(page=3, section="Introduction").location == "p. 3, Introduction"
    assert citation(section="IV. EVALUATION").location == "§IV" and citation().location == ""
    assert cited.to_dict()["page"] == 7 and cited.to_dict()["section"] == "5.4 Ablations"


def test_a_passage_across_a_page_break_knows_the_page_of_each_part() -> None:
    text = "Title\n\nEnd of page four. Start of page five."
    passage = Passage(paper_id="p", title="Title", chunk_id="p:3", text=text, page=4, page_breaks=[text.index("Start")])
    assert passage.pages_of("End of page four.") == (4, 4) and passage.pages_of("Start of page five.") == (5, 5)
    assert passage.pages_of("End of page four. Start of page five.") == (4, 5)
    assert Passage(paper_id="p", title="t", chunk_id="p:0", text="x").pages_of("x") == (None, None)
    assert citation(page=4, page_end=5).location == "pp. 4–5"


def test_a_citation_title_loses_its_latex() -> None:
    cited = citation(title=r"Scaling \emph{Transformers} to $10^6$ tokens")
    assert "\\emph" not in cited.reference() and "Transformers" in cited.reference()
    assert "\\emph" not in cited.to_dict()["display_title"]
    assert cited.to_dict()["title"] == cited.title  # the title as indexed stays searchable and round-trips


def test_a_citation_dict_keeps_every_field_under_its_own_name() -> None:
    data = citation(score=0.8, chunk_id="p1:3").to_dict()
    assert set(data) == {*Citation.model_fields, "display_title"}
    assert data["score"] == 0.8 and data["authors"] == ["A. Vaswani", "N. Shazeer"] and data["chunk_id"] == "p1:3"
    assert {"page", "page_end", "section"} <= set(data)  # where in a PDF, when known


def test_an_answer_prints_its_text_then_its_references() -> None:
    answer = Answer(question="What is the Transformer?", text="An attention-only model [1].", citations=[citation()])
    assert str(answer) == "An attention-only model [1].\n\nReferences:\n" + citation().reference()
    assert str(Answer(question="q", text="No paper says.", refused=True)) == "No paper says."


def test_an_answer_in_markdown_links_each_title() -> None:
    answer = Answer(question="q", text="An attention-only model [1].", citations=[citation(), citation(n=2, url=None)])
    assert answer.markdown().splitlines() == [
        "An attention-only model [1].",
        "",
        "**References**",
        "",
        "1. [Attention Is All You Need](https://arxiv.org/abs/1706.03762) — A. Vaswani, N. Shazeer, 2017-06-12",
        "2. Attention Is All You Need — A. Vaswani, N. Shazeer, 2017-06-12",
    ]


def test_an_answer_dict_keeps_every_field_and_reads_back() -> None:
    passage = Passage(paper_id="p1", title="Attention Is All You Need", chunk_id="p1:0", text="We propose", score=0.5)
    refusal = Refusal(reason="missing_terms", missing_terms=["GPT-7"], closest_papers=["p1"])
    answer = Answer(
        question="q", text="t [1]", citations=[citation(chunk_id="p1:0")], passages=[passage], filters={"year": 2017},
        timings={"retrieve": 0.1}, considered=["p1"], plan={"kind": "passages"}, warnings=["w"], refusal=refusal,
    )
    data = json.loads(json.dumps(answer.to_dict()))
    assert set(data) == set(Answer.model_fields) and "answer" not in data
    assert data["text"] == "t [1]" and data["refused"] is False and data["passages"][0]["chunk_id"] == "p1:0"
    assert data["citations"][0]["chunk_id"] == "p1:0" and data["refusal"]["missing_terms"] == ["GPT-7"]
    assert data["considered"] == ["p1"] and data["plan"] == {"kind": "passages"}
    assert Answer.from_dict(data) == answer


def test_an_answer_stored_before_text_had_its_name_still_reads() -> None:
    old = {"question": "q", "answer": "t [1]", "refused": False, "helpful": True,
           "citations": [{"n": 1, "paper_id": "p1", "title": "T", "authors": [], "date": None, "year": None,
                          "url": None, "snippet": "s", "score": 0.5}]}
    answer = Answer.from_dict(old)
    assert answer.text == "t [1]" and answer.citations[0].snippet == "s" and answer.passages == []


def test_results_have_short_reprs_and_show_themselves_in_notebooks() -> None:
    long_text = "An attention-only model [1]. " * 500
    answer = Answer(question="What is the Transformer?", text=long_text, citations=[citation()], warnings=["w"])
    assert len(repr(answer)) < 250 and repr(answer).startswith("Answer(question='What is the Transformer?'")
    assert repr(citation()) == "Citation(n=1, paper_id='p1', title='Attention Is All You Need')"
    assert answer._repr_markdown_().startswith(answer.markdown()) and "**Warnings**" in answer._repr_markdown_()
    assert citation()._repr_markdown_().splitlines() == [
        "**[1]** [Attention Is All You Need](https://arxiv.org/abs/1706.03762) — A. Vaswani, N. Shazeer, 2017-06-12",
        "",
        "> We propose",
    ]
    passage = Passage(paper_id="p1", title="T", chunk_id="p1:0", text="x" * 5000, score=0.5)
    assert repr(passage) == "Passage(chunk_id='p1:0', title='T', score=0.500)"
