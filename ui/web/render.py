"""Pure rendering of answer text and index status as HTML / Markdown strings; source cards are in cards.py.

Every piece of paper text (titles, authors, passages, URLs) is data: it is escaped here, never trusted as markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlparse

from paperchat.assistant.results import Answer, Citation, content_terms

_MARKER = re.compile(r"\[(\d+)\]")
_MARKER_GROUP = re.compile(r"\s?\[\d+(?:\s*[-–,;]\s*\d+)*\]")
_EMPHASIS = re.compile(r"(\*{1,2})(?=\S)([^*\n]+?)(?<=\S)\1")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*")


def esc(text: object) -> str:
    return html.escape(str(text or ""), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link, else None (no javascript:, data: or relative links from papers)."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def card_id(turn: int, n: int) -> str:
    return f"source-{turn}-{n}"


def answer_markdown(text: str, citations: Iterable[Citation], turn: int) -> str:
    """Answer text for the chat: HTML escaped, each resolvable `[n]` a link to its source card."""
    known = {c.n for c in citations}

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return f"[\\[{n}\\]](#{card_id(turn, n)})" if n in known else match.group(0)

    # Link and image syntax from paper text is shown as text: "](" and "]:" lose their meaning.
    inert = re.sub(r"\](?=[(:])", r"\\]", esc(text))
    return _MARKER.sub(link, inert)


def without_markers(text: str) -> str:
    """Text with its [n] markers taken out: for a draft whose markers were not yet checked against its sources."""
    return _MARKER_GROUP.sub("", text)


def plain_text(answer: Answer) -> str:
    """The answer as a reader pastes it: its text with [n] (emphasis marks dropped), then a numbered reference list
    (title, authors, date, link). No markup of any kind."""
    text = _EMPHASIS.sub(r"\2", answer.text)
    return f"{text}\n\nReferences:\n{answer.references_text()}" if answer.citations else text


def plain_copy(text: str) -> str:
    """The plain text the page's Copy button gives for a message, carried in it, hidden: a block of its own whose
    line breaks are character references, so the chat's Markdown neither reads it nor ends it at a blank line."""
    value = esc(text).replace("\n", "&#10;")
    return f'\n\n<div class="pc-copy" hidden>{value}</div>'


def query_terms(question: str) -> set[str]:
    """The question's content terms, stemmed by the project's one tokeniser (as retrieval reads them)."""
    return {term for term in content_terms(question) if len(term) > 2}


def _matches(word: str, terms: set[str]) -> bool:
    # "fine-tuned" matches "fine-tuning": both give the stems "fine" and "tun".
    return bool(content_terms(word) & terms)


def highlight(text: str, question: str) -> str:
    """Escaped text with the words of the question wrapped in <mark>."""
    terms = query_terms(question)
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        out.append(esc(text[last : match.start()]))
        word = esc(match.group(0))
        out.append(f"<mark>{word}</mark>" if terms and _matches(match.group(0), terms) else word)
        last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


_ARXIV_ID = re.compile(r"(?:arxiv:)?(\d{4}\.\d{4,5}(?:v\d+)?)", re.I)


def paper_url(url: str | None, paper_id: str) -> str | None:
    """The paper's own http(s) link; else, for an arXiv id, its abstract page."""
    if href := safe_url(url):
        return href
    found = _ARXIV_ID.fullmatch(paper_id or "")
    return f"https://arxiv.org/abs/{found.group(1)}" if found else None


def dated(date: str | None, year: int | None) -> str | None:
    """'Feb 15' with its year when the date lacks one: 'Feb 15, 2025'."""
    if date and year and str(year) not in date:
        return f"{date}, {year}"
    return date or (str(year) if year else None)


def llm_label(answer: object) -> str:
    """What writes the answers, from the answer settings: 'extractive (offline, no LLM)', 'openai · gpt-4o-mini'."""
    backend = getattr(answer, "backend", "")
    if backend == "extractive":
        return "extractive (offline, no LLM)"
    if backend == "local":
        return f"local · {Path(str(getattr(answer, 'gguf_path', '') or '')).name or 'GGUF'}"
    return f"{backend} · {getattr(answer, 'model', '')}"


def render_stats(stats: dict, llm: str) -> str:
    embedding = stats.get("embedding") or {}
    model = " · ".join(str(v) for v in (embedding.get("backend"), embedding.get("model")) if v)
    items = [
        ("papers", f"{stats.get('papers', 0):,}"),
        ("chunks", f"{stats.get('chunks', 0):,}"),
        ("source files", f"{stats.get('sources', 0):,}"),
        ("embedding", model or "?"),
        ("answers", llm),
    ]
    cells = "".join(f'<span class="pc-stat"><b>{esc(v)}</b> {esc(k)}</span>' for k, v in items)
    name = Path(str(stats.get("index_dir") or "")).name  # the index's name: the page shows no server paths
    cells += f'<span class="pc-stat"><b>{esc(stats.get("size_mb", 0))} MB</b> on disk</span>'
    cells += f'<span class="pc-stat">in the folder <b>{esc(name)}</b></span>'
    return f'<div class="pc-stats">{cells}</div>'


def render_summary(stats: dict) -> str:
    """The header's one line: how many papers, in which index (the rest is in the About tab)."""
    name = Path(str(stats.get("index_dir") or "")).name
    papers = int(stats.get("papers") or 0)
    return (
        f'<div class="pc-summary"><b>{papers:,}</b> paper{"s" if papers != 1 else ""} in '
        f'<span class="pc-index">{esc(name)}</span></div>'
    )


def empty_index_message(name: str) -> str:
    return (
        '<div class="pc-empty"><h3>No papers indexed yet</h3>'
        f"<p>The index <code>{esc(name)}</code> is empty. Add papers to start asking questions:</p><ul>"
        "<li>open the <b>Library</b> tab and upload files (PDF, BibTeX, JSONL, Markdown, text or paper listings), "
        "or give a folder path to ingest;</li>"
        "<li>or run <code>paperchat ingest PATH…</code> on the server, with this index.</li></ul></div>"
    )
