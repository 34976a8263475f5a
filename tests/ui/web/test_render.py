"""Rendering of answers, source cards and filters: pure functions, everything escaped."""

from __future__ import annotations

from paperchat.assistant.results import Answer, Citation, Passage
from paperchat.ui.web import render


def _citation(n: int = 1, **fields: object) -> Citation:
    data = {
        "paper_id": f"p{n}",
        "title": f"Paper {n}",
        "authors": ["Ada Lovelace"],
        "date": "2024-05-01",
        "year": 2024,
        "category": "LG",
        "url": "https://arxiv.org/abs/2405.00001",
        "snippet": "A passage.",
        "score": 0.61,
    }
    return Citation(n=n, **{**data, **fields})


def _source(paper_id: str, **fields: object) -> Passage:
    data = {"chunk_id": f"{paper_id}:0", "title": f"Title of {paper_id}", "text": "Retrieved text.", "score": 0.2}
    return Passage(paper_id=paper_id, **{**data, **fields})


def test_markers_link_to_their_cards_and_unknown_markers_stay_plain() -> None:
    text = render.answer_markdown("Memory drops [1], speed rises [2]; see [7].", [_citation(1), _citation(2)], 3)
    assert "[\\[1\\]](#source-3-1)" in text and "[\\[2\\]](#source-3-2)" in text
    assert "[7]" in text and "#source-3-7" not in text


def test_answer_text_is_escaped() -> None:
    text = render.answer_markdown('<script>alert("x")</script> [1]', [_citation()], 1)
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_highlight_marks_question_words_and_their_variants_only() -> None:
    marked = render.highlight(
        "Fine-tuned models save GPU memory in the cloud.", "How is fine-tuning done with limited GPU memory?"
    )
    assert "<mark>GPU</mark>" in marked and "<mark>memory</mark>" in marked
    assert "<mark>Fine-tuned</mark>" in marked
    assert "<mark>cloud</mark>" not in marked and "<mark>the</mark>" not in marked


def test_highlight_escapes_markup_in_the_passage() -> None:
    marked = render.highlight("<img src=x onerror=alert(1)> memory", "memory")
    assert "<img" not in marked and "&lt;img" in marked and "<mark>memory</mark>" in marked


def test_citation_card_shows_every_field_and_escapes_paper_text() -> None:
    card = render.citation_card(
        _citation(
            2,
            title="<script>steal()</script> Attention",
            authors=["Bob <b>Bold</b>"],
            code_url="https://github.com/a/b",
            snippet="Attention helps memory.",
        ),
        turn=4,
        question="memory",
        org="Acme Labs",
    )
    assert 'id="source-4-2"' in card and "<script>" not in card and "&lt;script&gt;steal()" in card
    assert "Bob &lt;b&gt;Bold&lt;/b&gt;" in card and "2024-05-01" in card and ">LG<" in card and "Acme Labs" in card
    assert 'href="https://arxiv.org/abs/2405.00001"' in card and 'href="https://github.com/a/b"' in card
    assert "<mark>memory</mark>" in card and ">100%</span>" in card  # alone, it is the best


def test_citation_card_names_the_page_and_section_of_a_pdf_passage() -> None:
    card = render.citation_card(_citation(2, page=7, section="5.4 Ablations"), turn=1, question="q")
    assert '<span class="pc-place">p. 7, §5.4</span>' in card
    assert "pc-place" not in render.citation_card(_citation(2), turn=1, question="q")


def test_links_other_than_http_are_dropped() -> None:
    card = render.citation_card(_citation(url="javascript:alert(1)", code_url="data:text/html,x"), 1, "q")
    assert "javascript:" not in card and "data:text" not in card and "href" not in card
    assert render.safe_url(" https://x.org/a ") == "https://x.org/a" and render.safe_url("/relative") is None


def test_sources_show_latest_answer_and_collapse_uncited_and_earlier() -> None:
    first = Answer(question="first?", text="A [1].", citations=[_citation(1, paper_id="a")], passages=[_source("a")])
    second = Answer(
        question="second?",
        text="B [1].",
        citations=[_citation(1, paper_id="b")],
        passages=[_source("b"), _source("c"), _source("c"), _source("d")],
    )
    html = render.render_sources([first, second])
    latest, earlier = html.split('<details class="pc-earlier"', 1)
    assert 'id="source-2-1"' in latest and "2 more retrieved papers, not cited" in latest
    assert latest.count("width:100%") == 1 and "width:33%" in latest  # bars relative to the best passage
    assert latest.count('data-paper-id="c"') == 1
    assert "Earlier: first?" in earlier and 'id="source-1-1"' in earlier
    assert "appear here" in render.render_sources([])


def test_a_refusal_shows_the_closest_papers_open_as_cards() -> None:
    answer = Answer(question="q", text="The papers do not say.", refused=True, passages=[_source("x")])
    html = render.render_sources([answer])
    assert "do not answer this question. The closest papers:" in html
    assert 'class="pc-card pc-uncited" data-paper-id="x"' in html and "<details" not in html


def test_stats_name_backends_and_empty_message_says_how_to_add_papers() -> None:
    stats = {
        "papers": 271,
        "chunks": 280,
        "sources": 4,
        "index_dir": "/tmp/idx",
        "size_mb": 3.1,
        "embedding": {"backend": "minilm", "model": "all-MiniLM-L6-v2"},
    }
    html = render.render_stats(stats, "extractive (offline, no LLM)")
    assert "271" in html and "all-MiniLM-L6-v2" in html and "extractive" in html
    assert "<b>idx</b> index" in html and "/tmp" not in html  # the index's name, never the server path
    assert "<b>271</b> papers in" in render.render_summary(stats) and "/tmp" not in render.render_summary(stats)
    message = render.empty_index_message("/data/<idx>")
    assert "No papers indexed yet" in message and "Library" in message and "ingest" in message
    assert "&lt;idx&gt;" in message


def test_relevance_reads_as_a_share_of_the_best_passage_never_negative() -> None:
    assert render.relevance_percent(0.5, 0.5) == 100 and render.relevance_percent(0.25, 0.5) == 50
    assert render.relevance_percent(-0.025, 0.5) == 0 and render.relevance_percent(0.3, None) == 100


def test_cards_are_ordered_by_relevance_and_say_what_the_number_means() -> None:
    citations = [_citation(1, paper_id="a", score=0.518), _citation(2, paper_id="b", score=0.545)]
    passages = [_source("c", dense_score=0.005), _source("d", dense_score=0.151), _source("e", dense_score=-0.025)]
    answer = Answer(question="q?", text="A [1] B [2].", citations=citations, passages=passages)
    html = render.render_sources([answer])
    assert html.index('id="source-1-2"') < html.index('id="source-1-1"')  # 0.545 before 0.518
    assert html.index('data-paper-id="d"') < html.index('data-paper-id="c"') < html.index('data-paper-id="e"')
    assert ">100%</span>" in html and ">95%</span>" in html and ">0%</span>" in html and "-0." not in html
    assert "share of this answer&#x27;s best passage" in html


def test_while_an_answer_is_written_its_retrieved_papers_show_first_best_first() -> None:
    earlier = Answer(question="Before?", text="Yes [1].", citations=[_citation(1)])
    found = [_source("a", score=0.2), _source("b", score=0.5), _source("a", chunk_id="a:1", score=0.4)]
    html = render.render_sources([earlier], pending=("Now?", found))
    assert html.startswith('<div class="pc-turn pc-pending-turn" data-turn="2">')
    assert "Found 2 papers; writing the answer" in html  # each paper once
    assert html.index('data-paper-id="b"') < html.index('data-paper-id="a"')
    assert '<details class="pc-earlier" data-turn="1"><summary>Earlier: Before?' in html
    assert "No passage matches" in render.render_sources([], pending=("Now?", []))


def test_each_answer_lists_its_sources_inline_with_links_and_a_refusal_its_closest_papers() -> None:
    answer = Answer(question="q", text="Yes [1].", citations=[_citation(1, title="A <b>bold</b> claim")])
    inline = render.inline_sources(answer)
    assert inline.startswith('<div class="pc-inline-sources"><b>Sources</b>')
    assert '[1] <a href="https://arxiv.org/abs/2405.00001"' in inline and "A &lt;b&gt;bold" in inline
    assert "Ada Lovelace · 2024" in inline
    refusal = Answer(question="q", text="No.", refused=True, passages=[_source("2401.00002")])
    assert "Closest papers" in render.inline_sources(refusal) and "arxiv.org/abs/2401.00002" in render.inline_sources(
        refusal
    )
    assert render.inline_sources(Answer(question="q", text="No.", refused=True)) == ""
