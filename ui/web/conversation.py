"""A conversation as the page shows, exports and keeps it: chat messages, history for the engine, Markdown, BibTeX,
and the JSON kept in browser storage so a reload keeps it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from paperchat.assistant.bibtex import answer_bibtex
from paperchat.assistant.results import Answer
from paperchat.ui.web import render


def conversation_markdown(answers: list[Answer]) -> str:
    """Every question and answer of the conversation, each with its references, as Markdown."""
    return "\n\n".join(f"## {answer.question}\n\n{answer.markdown()}" for answer in answers)


def conversation_bibtex(answers: list[Answer]) -> str:
    """BibTeX for every paper cited anywhere in the conversation, each paper once."""
    cited = {c.paper_id: c for answer in answers for c in answer.citations}
    return answer_bibtex(Answer(question="", text="", citations=list(cited.values())))


def write_bibtex(answers: list[Answer], folder: Path) -> str | None:
    """The conversation's BibTeX as a file to download (named by its content), or None when nothing is cited."""
    text = conversation_bibtex(answers)
    if not text:
        return None
    path = folder / hashlib.sha256(text.encode()).hexdigest()[:12] / "paperchat-citations.bib"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def chat_messages(answers: list[Answer], pending: str | None = None, draft: str = "") -> list[dict]:
    """The chat as shown: questions escaped, answers with linked [n] and their sources listed (for narrow screens),
    a refusal marked, a pending answer's draft."""
    messages: list[dict] = []
    for turn, answer in enumerate(answers, 1):
        content = render.answer_markdown(answer.text, answer.citations, turn)
        if answer.refused:
            content = f'<div class="pc-refusal">{content}</div>'
        if answer.warnings:
            content += "\n\n" + "\n".join(f"*⚠ {render.esc(w)}*" for w in answer.warnings)
        if inline := render.inline_sources(answer):
            content += f"\n\n{inline}"
        messages += [
            {"role": "user", "content": render.esc(answer.question)},
            {"role": "assistant", "content": content},
        ]
    if pending is not None:
        messages += [
            {"role": "user", "content": render.esc(pending)},
            {"role": "assistant", "content": render.esc(draft) or "…"},
        ]
    return messages


def engine_history(answers: list[Answer]) -> list[dict]:
    """The conversation as the engine reads it: questions, and answers with their references."""
    turns: list[dict] = []
    for answer in answers:
        turns += [{"role": "user", "content": answer.question}, {"role": "assistant", "content": answer.markdown()}]
    return turns


def to_browser(answers: list[Answer] | None) -> list[dict]:
    """The conversation as JSON for the browser's local storage."""
    return [answer.model_dump(mode="json") for answer in answers or []]


def from_browser(saved: list[dict] | None) -> list[Answer]:
    """The kept conversation back; one kept by an older version starts afresh rather than failing the page."""
    try:
        return [Answer.model_validate(item) for item in saved or []]
    except ValueError:
        return []
