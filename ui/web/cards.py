"""Source cards: the papers an answer cited (best match first), its other retrieved papers, a refusal's closest
papers, a stopped answer's sources, and the short list that follows an answer on a phone.

Every piece of paper text is data: escaped here, never trusted as markup.
"""

from __future__ import annotations

from paperchat.assistant.results import Answer, Citation, Passage
from paperchat.ui.web.render import card_id, dated, esc, highlight, paper_url, safe_url
from paperchat.ui.web.stop import is_stopped


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


RELEVANCE_NOTE = (
    "Match: how closely a passage fits the question, as a share of the best passage this answer cites (100%)."
)


def best_score(answer: Answer) -> float | None:
    """What 100% is: the best passage the answer cites; the best retrieved one when it cites none."""
    if answer.citations:
        return max(c.score for c in answer.citations)
    return max((s.relevance for s in answer.passages), default=None)


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
    top = best_score(answer)
    cited = sorted(answer.citations, key=lambda c: -c.score)
    cards = [citation_card(c, turn, answer.question, orgs.get(c.paper_id), top) for c in cited]
    others = [
        source_card(s, answer.question, top) for s in best_per_paper(answer.passages) if s.paper_id not in cited_ids
    ]
    if is_stopped(answer):
        head = '<p class="pc-stopped-note">Stopped before the answer was finished.'
        head += " The papers it was being written from:</p>" if others else " No paper had been found yet.</p>"
        return head + "".join(others) + (f'<p class="pc-note">{esc(RELEVANCE_NOTE)}</p>' if others else "")
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
    elif (answer.refused or is_stopped(answer)) and answer.passages:
        head = "Closest papers" if answer.refused else "Written from"
        head, items = head, [("", p) for p in best_per_paper(answer.passages)[:3]]
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
