"""Pure rendering of answers, source cards, filters and index status as HTML / Markdown strings.

Every piece of paper text (titles, authors, passages, URLs) is data: it is escaped here, never trusted as markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlparse

from paperchat.assistant.results import Answer, Citation, Passage, content_terms

_MARKER = re.compile(r"\[(\d+)\]")
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


def _links(url: str | None, code_url: str | None, paper_id: str = "") -> str:
    links = []
    if href := paper_url(url, paper_id):
        links.append(f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">paper ↗</a>')
    if href := safe_url(code_url):
        links.append(f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">code ↗</a>')
    return f'<span class="pc-links">{" ".join(links)}</span>' if links else ""


def _meta(authors: str, date: str | None, category: str | None, org: str | None) -> str:
    parts = [f'<span class="pc-authors">{esc(authors)}</span>'] if authors else []
    parts += [f"<span>{esc(value)}</span>" for value in (date, org) if value]
    if category:
        parts.append(f'<span class="pc-chip">{esc(category)}</span>')
    return " · ".join(parts)


RELEVANCE_NOTE = "Match: how closely a passage fits the question, as a share of this answer's best passage (100%)."


def relevance_percent(score: float, top: float | None) -> int:
    """The score as a whole percentage of the best passage's (itself when none is given): 0 to 100, never negative."""
    top = score if top is None else top
    if top <= 0:
        return 0
    return round(max(0.0, min(1.0, score / top)) * 100)


def _score(score: float, top: float | None) -> str:
    """Relevance a reader can read: a percentage of the best passage of the answer, with a bar."""
    percent = relevance_percent(score, top)
    return (
        f'<span class="pc-score" title="{esc(RELEVANCE_NOTE)}" aria-label="match {percent}%">'
        f'<span class="pc-bar"><span style="width:{percent}%"></span></span>{percent}%</span>'
    )


def citation_card(c: Citation, turn: int, question: str, org: str | None = None, top: float | None = None) -> str:
    snippet = c.display_text
    return (
        f'<div class="pc-card" id="{card_id(turn, c.n)}" data-paper-id="{esc(c.paper_id)}">'
        f'<div class="pc-head"><span class="pc-n">{c.n}</span>'
        f'<span class="pc-title">{esc(c.display_title)}</span>{_score(c.score, top)}</div>'
        f'<div class="pc-meta">{_meta(c.authors_text, dated(c.date, c.year), c.category, org)}'
        + (f' · <span class="pc-place">{esc(c.location)}</span>' if c.location else "")
        + f'</div><blockquote class="pc-snippet">{highlight(snippet, question)}</blockquote>'
        f"{_links(c.url, c.code_url, c.paper_id)}</div>"
    )


def source_card(s: Passage, question: str, top: float | None = None) -> str:
    passage = s.display_text
    passage = passage if len(passage) <= 400 else passage[:400].rsplit(" ", 1)[0] + " …"
    return (
        f'<div class="pc-card pc-uncited" data-paper-id="{esc(s.paper_id)}">'
        f'<div class="pc-head"><span class="pc-title">{esc(s.display_title)}</span>'
        f"{_score(s.relevance, top)}</div>"
        f'<div class="pc-meta">{_meta(s.authors_text, dated(s.date, s.year), s.category, s.org)}</div>'
        f'<div class="pc-snippet">{highlight(passage, question)}</div>{_links(s.url, s.code_url, s.paper_id)}</div>'
    )


def best_per_paper(passages: list[Passage]) -> list[Passage]:
    """Each paper's best passage, best first."""
    best: dict[str, Passage] = {}
    for passage in sorted(passages, key=lambda p: -p.relevance):
        best.setdefault(passage.paper_id, passage)
    return list(best.values())


def turn_sources(answer: Answer, turn: int) -> str:
    """Cards for the papers one answer cited, best match first, and its other retrieved papers collapsed below."""
    orgs = {s.paper_id: s.org for s in answer.passages}
    cited_ids = {c.paper_id for c in answer.citations}
    top = max([c.score for c in answer.citations] + [s.relevance for s in answer.passages], default=None)
    cited = sorted(answer.citations, key=lambda c: -c.score)
    cards = [citation_card(c, turn, answer.question, orgs.get(c.paper_id), top) for c in cited]
    others = [
        source_card(s, answer.question, top) for s in best_per_paper(answer.passages) if s.paper_id not in cited_ids
    ]
    if answer.refused and not cards:
        # A refusal: the closest papers are the point of the panel, shown open rather than folded away.
        head = '<p class="pc-refusal-note">The indexed papers do not answer this question.'
        head += " The closest papers:</p>" if others else "</p>"
        return head + "".join(others) + f'<p class="pc-note">{esc(RELEVANCE_NOTE)}</p>'
    parts = cards or ['<p class="pc-muted">No paper supported an answer to this question.</p>']
    if others:
        label = f"{len(others)} more retrieved paper{'s' if len(others) != 1 else ''}, not cited"
        parts.append(f'<details class="pc-more"><summary>{label}</summary>{"".join(others)}</details>')
    parts.append(f'<p class="pc-note">{esc(RELEVANCE_NOTE)}</p>')
    return "".join(parts)


def searching_sources(question: str, passages: list[Passage]) -> str:
    """The sources of an answer still being written: what retrieval found, each paper once, best first."""
    papers = best_per_paper(passages)
    top = max((p.relevance for p in passages), default=None)
    if not papers:
        return '<p class="pc-searching">No passage matches this question; writing the reply…</p>'
    found = f"Found {len(papers)} paper{'s' if len(papers) != 1 else ''}; writing the answer…"
    return f'<p class="pc-searching">{found}</p>' + "".join(source_card(p, question, top) for p in papers)


def render_sources(answers: list[Answer], pending: tuple[str, list[Passage]] | None = None) -> str:
    """The source panel: the latest answer's cards (or, while one is written, the `pending` question's retrieved
    passages), each earlier answer's cards collapsed under its question."""
    if not answers and pending is None:
        return '<div class="pc-empty-sources">Sources for each answer appear here.</div>'
    parts, earlier = [], len(answers)
    if pending is not None:
        turn = len(answers) + 1
        parts.append(f'<div class="pc-turn pc-pending-turn" data-turn="{turn}">{searching_sources(*pending)}</div>')
    else:
        parts.append(f'<div class="pc-turn" data-turn="{earlier}">{turn_sources(answers[-1], earlier)}</div>')
        earlier -= 1
    for turn in range(earlier, 0, -1):
        answer = answers[turn - 1]
        parts.append(
            f'<details class="pc-earlier" data-turn="{turn}"><summary>Earlier: {esc(answer.question)}</summary>'
            f"{turn_sources(answer, turn)}</details>"
        )
    return "".join(parts)


def inline_sources(answer: Answer) -> str:
    """The answer's cited papers (a refusal's closest ones) as a short list that follows it in the chat: shown
    on narrow screens, where the source panel sits below the whole conversation."""
    if answer.citations:
        head, items = "Sources", [(f"[{c.n}] ", c) for c in sorted(answer.citations, key=lambda c: c.n)]
    elif answer.refused and answer.passages:
        head, items = "Closest papers", [("", p) for p in best_per_paper(answer.passages)[:3]]
    else:
        return ""
    rows = []
    for marker, paper in items:
        title = esc(paper.display_title)
        href = paper_url(paper.url, paper.paper_id)
        title = f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">{title}</a>' if href else title
        meta = " · ".join(esc(v) for v in (paper.authors_text, paper.year) if v)
        rows.append(f"<li>{esc(marker)}{title}{f' — {meta}' if meta else ''}</li>")
    return f'<div class="pc-inline-sources"><b>{head}</b><ul>{"".join(rows)}</ul></div>'


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
    cells += f'<span class="pc-stat"><b>{esc(name)}</b> index ({esc(stats.get("size_mb", 0))} MB)</span>'
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
