"""A conversation as the page exports and keeps it: Markdown and BibTeX of every answer, JSON for browser storage."""

from __future__ import annotations

from pathlib import Path

from paperchat.assistant.results import Answer, Citation
from paperchat.ui.web import conversation
from paperchat.ui.web.stop import stopped_answer


def _answer(question: str, *papers: str, refused: bool = False) -> Answer:
    citations = [
        Citation(
            n=n,
            paper_id=p,
            title=f"Title {p}",
            authors=["Ada Lovelace", "Alan Turing"],
            year=2024,
            url=f"https://example.org/{p}",
        )
        for n, p in enumerate(papers, 1)
    ]
    return Answer(
        question=question,
        text=" ".join(f"Claim [{c.n}]." for c in citations) or "No answer.",
        citations=citations,
        refused=refused,
    )


def test_markdown_holds_every_question_with_its_references() -> None:
    text = conversation.conversation_markdown([_answer("First?", "a"), _answer("Second?", "b")])
    assert text.index("## First?") < text.index("[Title a](https://example.org/a)") < text.index("## Second?")
    assert "[Title b](https://example.org/b)" in text


def test_bibtex_lists_each_paper_of_the_conversation_once_with_authors_year_and_url() -> None:
    bib = conversation.conversation_bibtex([_answer("First?", "a", "b"), _answer("Second?", "b")])
    assert bib.count("@misc{") == 2
    assert "author = {Ada Lovelace and Alan Turing}" in bib and "year = {2024}" in bib
    assert "url = {https://example.org/b}" in bib


def test_a_refusal_is_marked_in_the_chat() -> None:
    messages = conversation.chat_messages([_answer("Unanswerable?", refused=True)])
    assert messages[1]["content"].startswith('<div class="pc-refusal">')


def test_the_browser_keeps_the_conversation_as_json_and_gives_it_back() -> None:
    answers = [_answer("First?", "a"), _answer("Second?", "b")]
    kept = conversation.to_browser(answers)
    assert conversation.from_browser(kept) == (answers, None)
    assert conversation.from_browser([{"not": "an answer"}]) == ([], None)  # kept by another version: start afresh
    assert conversation.from_browser(None) == ([], None)
    assert conversation.from_browser([a.model_dump(mode="json") for a in answers]) == (answers, None)  # a bare list


def test_a_question_being_answered_is_kept_so_a_reload_can_ask_it_again() -> None:
    kept = conversation.to_browser([_answer("First?", "a")], "Second?")
    answers, asking = conversation.from_browser(kept)
    assert [a.question for a in answers] == ["First?"] and asking == "Second?"


def test_a_stopped_answer_says_so_in_the_chat_and_the_export() -> None:
    stopped = stopped_answer("Slow?", "Half of it [2]", [], 0.0)
    messages = conversation.chat_messages([stopped])
    assert "⏹ Stopped" in messages[1]["content"] and "[2]" not in messages[1]["content"]
    assert "Half of it\n\n*Stopped:" in conversation.conversation_markdown([stopped])


def test_copy_text_rides_along_hidden_in_each_answer() -> None:
    content = conversation.chat_messages([_answer("First?", "a")])[1]["content"]
    assert '<div class="pc-copy" hidden>Claim [1].&#10;&#10;References:&#10;[1] Title a.' in content


def test_only_the_newest_bibtex_downloads_stay_on_the_server(tmp_path: Path) -> None:
    written = [conversation.write_bibtex([_answer(f"Q{n}?", f"p{n}")], tmp_path, keep=5) for n in range(12)]
    kept = sorted(path.parent.name for path in tmp_path.glob("*/paperchat-citations.bib"))
    assert 5 <= len(kept) <= 6 and Path(written[-1]).is_file()  # pruned once past 6, back to the newest 5
