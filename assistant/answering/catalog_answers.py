"""Questions about the collection itself ("how many papers are about LoRA", "list the papers by Aili Chen",
"which papers mention code releases"), answered from the catalog with one citation per paper listed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperchat.assistant.answering.citations import strip_markers
from paperchat.assistant.filters import Filters, paper_matches
from paperchat.assistant.results import Passage
from paperchat.assistant.retrieval.retriever import source_from
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.papers import Paper
from paperchat.ingest.text import content_terms

COUNT = re.compile(r"^\s*how many (?:of the )?(?:indexed )?papers\b", re.I)
LIST = re.compile(
    r"^\s*(?:please\s+)?(?:list|show|name|give me|enumerate|which|what)\s+(?:me\s+)?(?:all\s+|the\s+|of the\s+)*"
    r"(?:indexed\s+)?papers\b",
    re.I,
)
TOPIC = re.compile(
    r"\b(?:about|on|mention(?:ing)?|discuss(?:ing)?|regarding|concerning|cover(?:ing)?|use|using)\s+(.+)$", re.I
)
LISTED = 15  # papers named in one answer; the count covers all of them


@dataclass
class CollectionQuery:
    kind: str  # "count" | "list"
    topic: str  # words a paper must contain, or "" for all papers within the filters


def parse_collection_question(question: str) -> CollectionQuery | None:
    kind = "count" if COUNT.search(question) else "list" if LIST.search(question) else None
    if kind is None:
        return None
    match = TOPIC.search(question)
    topic = match.group(1).strip(" ?.!") if match else ""
    if re.fullmatch(r"(?:their |the )?code(?: releases?)?|code release[sd]?", topic, re.I):
        topic = ""  # "mention code releases" is the has-code filter, not a topic
    return CollectionQuery(kind, topic)


def matching_papers(papers: list[Paper], query: CollectionQuery, filters: Filters | None) -> list[Paper]:
    wanted = content_terms(query.topic)
    found = []
    for paper in papers:
        if filters is not None and not paper_matches(paper, filters):
            continue
        if wanted and not wanted <= content_terms(f"{paper.title} {paper.abstract}"):
            continue
        found.append(paper)
    return sorted(found, key=lambda p: (-(p.year or 0), p.title))


def collection_answer(
    query: CollectionQuery, papers: list[Paper], first_chunks: dict[str, tuple[str, str]], filters: Filters | None
) -> tuple[str, list[Passage]]:
    """Answer text with [n] markers and the sources they refer to; empty text when nothing matches."""
    if not papers:
        return "", []
    scope = _describe(query, filters)
    count = len(papers)
    noun = "paper" if count == 1 else "papers"
    head = f"{count} indexed {noun} {scope}" if query.kind == "count" else f"The indexed {noun} {scope}"
    lines = [f"{head}:"]
    sources = []
    for n, paper in enumerate(papers[:LISTED], 1):
        chunk_id, text = first_chunks.get(paper.paper_id, (f"{paper.paper_id}:0", paper.title))
        sources.append(source_from(paper, chunk_id, text, 1.0))
        meta = ", ".join(filter(None, [paper.authors_text, str(paper.year or paper.date or "")]))
        lines.append(f"- {strip_markers(clean_latex(paper.title))}" + (f" ({meta})" if meta else "") + f" [{n}]")
    if count > LISTED:
        lines.append(f"…and {count - LISTED} more (`paperchat papers` lists them all).")
    return "\n".join(lines), sources


def _describe(query: CollectionQuery, filters: Filters | None) -> str:
    about = ("are about " if query.kind == "count" else "about ") + query.topic
    parts = [about if query.topic else "match"]
    described = filters.describe() if filters else {}
    names = {"author": "by {}", "org": "from {}", "category": "in category {}", "source": "from source {}"}
    parts += [names[k].format(v) for k, v in described.items() if k in names]
    if described.get("has_code"):
        parts.append("that release code")
    if "year_from" in described or "year_to" in described:
        low, high = described.get("year_from"), described.get("year_to")
        parts.append(
            f"from {low}"
            if high is None
            else f"up to {high}"
            if low is None
            else f"from {low}"
            if low == high
            else f"from {low} to {high}"
        )
    if parts[0] == "match" and len(parts) > 1:
        parts = parts[1:]
    return " ".join(parts)
