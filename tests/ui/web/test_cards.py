"""Source cards: cited papers best first, the others folded, a refusal's closest papers, a stopped answer's
sources, and the list that follows an answer on a phone. Everything escaped."""

from __future__ import annotations

from paperchat.assistant.results import Answer, Citation, Passage
from paperchat.ui.web import cards, render
from paperchat.ui.web.stop import stopped_answer


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


def test_citation_card_shows_every_field_and_escapes_paper_text() -> None:
    card = cards.citation_card(
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
    card = cards.citation_card(_citation(2, page=7, section="5.4 Ablations"), turn=1, question="q")
    assert '<span class="pc-place">p. 7, §5.4</span>' in card
    assert "pc-place" not in cards.citation_card(_citation(2), turn=1, question="q")


def test_links_other_than_http_are_dropped() -> None:
    card = cards.citation_card(_citation(url="javascript:alert(1)", code_url="data:text/html,x"), 1, "q")
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
    html = cards.render_sources([first, second])
    latest, earlier = html.split('<details class="pc-earlier"', 1)
    assert 'id="source-2-1"' in latest and "2 more retrieved papers, not cited" in latest
    assert latest.count("width:100%") == 1 and "width:33%" in latest  # bars relative to the best passage
    assert latest.count('data-paper-id="c"') == 1
    assert "Earlier: first?" in earlier and 'id="source-1-1"' in earlier
    assert "appear here" in cards.render_sources([])


def test_a_refusal_shows_the_closest_papers_open_as_cards() -> None:
    answer = Answer(question="q", text="The papers do not say.", refused=True, passages=[_source("x")])
    html = cards.render_sources([answer])
    assert "do not answer this question. The closest papers:" in html
    assert 'class="pc-card pc-uncited" data-paper-id="x"' in html and "<details" not in html


def test_relevance_reads_as_a_share_of_the_best_passage_never_negative() -> None:
    assert cards.relevance_percent(0.5, 0.5) == 100 and cards.relevance_percent(0.25, 0.5) == 50
    assert cards.relevance_percent(-0.025, 0.5) == 0 and cards.relevance_percent(0.3, None) == 100


def test_cards_are_ordered_by_relevance_and_say_what_the_number_means() -> None:
    citations = [_citation(1, paper_id="a", score=0.518), _citation(2, paper_id="b", score=0.545)]
    passages = [_source("c", dense_score=0.005), _source("d", dense_score=0.151), _source("e", dense_score=-0.025)]
    answer = Answer(question="q?", text="A [1] B [2].", citations=citations, passages=passages)
    html = cards.render_sources([answer])
    assert html.index('id="source-1-2"') < html.index('id="source-1-1"')  # 0.545 before 0.518
    assert html.index('data-paper-id="d"') < html.index('data-paper-id="c"') < html.index('data-paper-id="e"')
    assert ">100%</span>" in html and ">95%</span>" in html and ">0%</span>" in html and "-0." not in html
    assert "share of the best passage this answer cites" in html


def test_while_an_answer_is_written_its_retrieved_papers_show_first_best_first() -> None:
    earlier = Answer(question="Before?", text="Yes [1].", citations=[_citation(1)])
    found = [_source("a", score=0.2), _source("b", score=0.5), _source("a", chunk_id="a:1", score=0.4)]
    html = cards.render_sources([earlier], pending=("Now?", found))
    assert html.startswith('<div class="pc-turn pc-pending-turn" data-turn="2">')
    assert "Found 2 papers; writing the answer" in html  # each paper once
    assert html.index('data-paper-id="b"') < html.index('data-paper-id="a"')
    assert '<details class="pc-earlier" data-turn="1"><summary>Earlier: Before?' in html
    assert "No passage matches" in cards.render_sources([], pending=("Now?", []))


def test_each_answer_lists_its_sources_inline_with_links_and_a_refusal_its_closest_papers() -> None:
    answer = Answer(question="q", text="Yes [1].", citations=[_citation(1, title="A <b>bold</b> claim")])
    inline = cards.inline_sources(answer)
    assert inline.startswith('<div class="pc-inline-sources"><b>Sources</b>')
    assert '[1] <a href="https://arxiv.org/abs/2405.00001"' in inline and "A &lt;b&gt;bold" in inline
    assert "Ada Lovelace · 2024" in inline
    refusal = Answer(question="q", text="No.", refused=True, passages=[_source("2401.00002")])
    assert "Closest papers" in cards.inline_sources(refusal) and "arxiv.org/abs/2401.00002" in cards.inline_sources(
        refusal
    )
    assert cards.inline_sources(Answer(question="q", text="No.", refused=True)) == ""


def test_the_best_cited_passage_is_the_hundred_percent_even_when_an_uncited_one_scores_higher() -> None:
    answer = Answer(
        question="q?",
        text="A [1].",
        citations=[_citation(1, paper_id="a", score=0.14)],
        passages=[_source("a", dense_score=0.14), _source("z", dense_score=0.24)],
    )
    latest = cards.render_sources([answer])
    cited, folded = latest.split("<details", 1)
    assert ">100%</span>" in cited and ">100%</span>" in folded  # never more than 100%, even when uncited


def test_a_stopped_answer_keeps_the_papers_it_was_written_from() -> None:
    found = [_source("a", dense_score=0.3), _source("b", dense_score=0.6)]
    html = cards.render_sources([stopped_answer("q?", "Half an answer [2]", found, 0.0)])
    assert "Stopped before the answer was finished" in html and html.count("pc-card pc-uncited") == 2
    assert html.index('data-paper-id="b"') < html.index('data-paper-id="a"') and "<details" not in html
    assert "No paper had been found yet" in cards.render_sources([stopped_answer("q?", "", None, 0.0)])
