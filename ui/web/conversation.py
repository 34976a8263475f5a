"""A conversation as the page shows, exports and keeps it: chat messages, history for the engine, Markdown, BibTeX,
and the JSON kept in browser storage so a reload keeps it (with the question being answered, if any)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from paperchat.assistant.bibtex import answer_bibtex
from paperchat.assistant.results import Answer
from paperchat.ui.web import cards, render
from paperchat.ui.web.stop import is_stopped

KEPT_EXPORTS = 500  # BibTeX downloads kept on the server (the newest)
STOPPED_NOTE = "Stopped: the answer ends here, unfinished; its citations were not checked."


def conversation_markdown(answers: list[Answer]) -> str:
    """Every question and answer of the conversation, each with its references, as Markdown."""
    return "\n\n".join(
        f"## {answer.question}\n\n{answer.markdown()}" + (f"\n\n*{STOPPED_NOTE}*" if is_stopped(answer) else "")
        for answer in answers
    )


def conversation_bibtex(answers: list[Answer]) -> str:
    """BibTeX for every paper cited anywhere in the conversation, each paper once."""
    cited = {c.paper_id: c for answer in answers for c in answer.citations}
    return answer_bibtex(Answer(question="", text="", citations=list(cited.values())))


def write_bibtex(answers: list[Answer], folder: Path, keep: int = KEPT_EXPORTS) -> str | None:
    """The conversation's BibTeX as a file to download (named by its content), or None when nothing is cited.
    Only the `keep` newest files stay: every answer writes one, and a server runs for months."""
    text = conversation_bibtex(answers)
    if not text:
        return None
    path = folder / hashlib.sha256(text.encode()).hexdigest()[:12] / "paperchat-citations.bib"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    exports = [entry for entry in folder.iterdir() if (entry / path.name).is_file()]
    if len(exports) > keep * 1.2:  # pruned now and then, not at every answer
        for old in sorted(exports, key=lambda entry: entry.stat().st_mtime)[: len(exports) - keep]:
            shutil.rmtree(old, ignore_errors=True)
    return str(path)


def chat_messages(answers: list[Answer], pending: str | None = None, draft: str = "") -> list[dict]:
    """The chat as shown: questions escaped, answers with linked [n] and their sources listed (for narrow screens),
    a refusal marked, a stopped answer said to be one, a pending answer's draft (its markers are shown only once
    checked, with their cards)."""
    messages: list[dict] = []
    for turn, answer in enumerate(answers, 1):
        content = render.answer_markdown(answer.text, answer.citations, turn)
        if answer.refused:
            content = f'<div class="pc-refusal">{content}</div>'
        if is_stopped(answer):
            content += f'\n\n<div class="pc-stopped">⏹ {render.esc(STOPPED_NOTE)}</div>'
        if answer.warnings:
            content += "\n\n" + "\n".join(f"*⚠ {render.esc(w)}*" for w in answer.warnings)
        if inline := cards.inline_sources(answer):
            content += f"\n\n{inline}"
        plain = render.plain_text(answer) + (f"\n\n{STOPPED_NOTE}" if is_stopped(answer) else "")
        messages += [
            question_message(answer.question),
            {"role": "assistant", "content": content + render.plain_copy(plain)},
        ]
    if pending is not None:
        messages += [
            question_message(pending),
            {"role": "assistant", "content": render.esc(render.without_markers(draft)) or "…"},
        ]
    return messages


def question_message(question: str) -> dict:
    """A question as the chat shows it: escaped, with its plain text for Copy."""
    return {"role": "user", "content": render.esc(question) + render.plain_copy(question)}


def engine_history(answers: list[Answer]) -> list[Answer]:
    """The conversation as the engine reads it: the Answers themselves, so a follow-up ("which of those is the
    newest?") works on the papers each answer considered and the plan it answered, not on re-read text. The one
    place the page hands its answers to the next question."""
    return list(answers)


def to_browser(answers: list[Answer] | None, asking: str | None = None) -> dict:
    """The conversation as JSON for the browser's local storage, with the question being answered, if any."""
    return {"answers": [answer.model_dump(mode="json") for answer in answers or []], "asking": asking or None}


def from_browser(saved: list | dict | None) -> tuple[list[Answer], str | None]:
    """The kept conversation back, and the question that was being answered when the page went away. One kept by
    an older version starts afresh rather than failing the page."""
    if isinstance(saved, dict):
        items, asking = saved.get("answers") or [], saved.get("asking")
    else:
        items, asking = saved or [], None  # kept as a bare list by earlier versions
    try:
        return [Answer.model_validate(item) for item in items], asking if isinstance(asking, str) else None
    except ValueError:
        return [], None
