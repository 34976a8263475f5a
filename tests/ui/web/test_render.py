"""Rendering of answer text and index status: pure functions, everything escaped, plain text for Copy."""

from __future__ import annotations

from paperchat.assistant.results import Answer
from paperchat.ui.web import render
from tests.ui.web.test_cards import _citation  # one sample citation for the card and the text tests


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
    assert (
        "<b>3.1 MB</b> on disk" in html
        and "folder <b>idx</b>" in html
        and "index index" not in html
        and "/tmp" not in html
    )  # the index's name, never the server path
    assert "<b>271</b> papers in" in render.render_summary(stats) and "/tmp" not in render.render_summary(stats)
    message = render.empty_index_message("/data/<idx>")
    assert "No papers indexed yet" in message and "Library" in message and "ingest" in message
    assert "&lt;idx&gt;" in message


def test_copy_gives_plain_text_with_markers_and_a_reference_list() -> None:
    cited = _citation(1, title="Kelp <Forests>", url="https://example.org/kelp")
    answer = Answer(question="q", text="- *Kelp <Forests>*: kelp stores **carbon** [1].", citations=[cited])
    text = render.plain_text(answer)
    assert text.startswith("- Kelp <Forests>: kelp stores carbon [1].")
    assert text.endswith("References:\n[1] Kelp <Forests>. Ada Lovelace. (2024-05-01) https://example.org/kelp")
    assert "](" not in text and "*" not in text
    hidden = render.plain_copy(text)
    assert hidden.startswith('\n\n<div class="pc-copy" hidden>') and "\n" not in hidden.strip()
    assert "Kelp &lt;Forests&gt;" in hidden and "&#10;&#10;References:" in hidden
    assert render.plain_text(Answer(question="q", text="No paper says.", refused=True)) == "No paper says."


def test_unchecked_markers_are_taken_out_of_a_draft() -> None:
    assert render.without_markers("Memory drops [3][4], speed [1, 2] rises [5-6].") == "Memory drops, speed rises."
