"""Papers → Chunks. An abstract-sized paper is one chunk with its title; a full text is split by tokens within
each section, and every chunk starts with its section's heading ("4.1 Results") and carries it in `section`, so a
citation can name it. The reference list is left out of the chunks: its titles and names match many questions
and answer none (the full text keeps it)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

from paperchat.ingest.papers import Paper
from paperchat.ingest.sections import split_sections, without_references


@dataclass
class Chunk:
    chunk_id: str
    paper_id: str
    n: int
    text: str
    metadata: dict = field(default_factory=dict)

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:24]


def chunk_metadata(paper: Paper) -> dict:
    """The fields copied onto every chunk; Chroma metadata values must be scalars."""
    data = {
        "paper_id": paper.paper_id,
        "title": paper.title,
        "authors": ", ".join(paper.authors),
        "category": paper.category or "",
        "org": paper.org or "",
        "has_code": paper.has_code,
        "source": paper.sources[0] if paper.sources else "",
    }
    if paper.year is not None:
        data["year"] = paper.year
    return data


@lru_cache(maxsize=4)
def _splitter(chunk_tokens: int, chunk_overlap: int):  # noqa: ANN202 - llama-index type stays internal
    # Imported lazily: llama-index pulls in a lot, and parsing never needs it.
    from llama_index.core.node_parser import SentenceSplitter

    return SentenceSplitter(chunk_size=chunk_tokens, chunk_overlap=chunk_overlap)


def chunk_paper(paper: Paper, chunk_tokens: int = 512, chunk_overlap: int = 64) -> list[Chunk]:
    """Title and abstract form chunk 0; a full text adds token-sized chunks, each headed by the title."""
    meta = chunk_metadata(paper)
    head = paper.title.strip()
    texts: list[tuple[str, str]] = []  # (section heading, chunk text)
    if paper.abstract.strip() or not paper.full_text:
        texts.append(("", f"{head}\n\n{paper.abstract.strip()}".strip()))
    if paper.full_text.strip():
        splitter = _splitter(chunk_tokens, chunk_overlap)
        for section in without_references(split_sections(paper.full_text)):
            for piece in splitter.split_text(section.text) if section.text else []:
                body = f"{_as_sentence(section.heading)}\n{piece.strip()}" if section.heading else piece.strip()
                texts.append((section.heading, f"{head}\n\n{body}"))
    return [
        Chunk(
            chunk_id=f"{paper.paper_id}:{n}",
            paper_id=paper.paper_id,
            n=n,
            text=text,
            metadata={**meta, "section": heading} if heading else dict(meta),
        )
        for n, (heading, text) in enumerate(texts)
    ]


def _as_sentence(heading: str) -> str:
    """'4.1 Results' → '4.1 Results.': a sentence of its own, so answers never glue it to the first sentence."""
    return heading if heading.endswith((".", "?", "!", ":")) else f"{heading}."
