"""Papers → Chunks. An abstract-sized paper is one chunk with its title; a full text is split by tokens within
each section, and every chunk starts with its section's heading ("4.1 Results") and carries it in `section`, so a
citation can name it. A chunk of a paper with pages (a PDF) carries the page it starts on and where in its text
each later page begins, so a citation can name the page of the very sentence it quotes. The reference list is left
out of the chunks: its titles and names match many questions and answer none (the full text keeps it)."""

from __future__ import annotations

import hashlib
import re
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
    section: str = ""
    page: int | None = None  # the PDF page the chunk's text starts on
    page_breaks: list[int] = field(default_factory=list)  # offsets in `text` where each following page begins

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


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"“‘'])")
# Not the end of a sentence: an abbreviation or a name's initial ("et al. Smith", "K. Bolejko").
NOT_AN_END = re.compile(
    r"(?:\b(?:e\.g|i\.e|et al|vs|fig|figs|eq|eqs|cf|approx|resp|no|sec|sect|ref|refs|dr|mr|ms|prof|inc|ltd|st)\.|"
    r"(?:^|\s)[A-Z]\.)$",
    re.I,
)


def sentence_pieces(text: str) -> list[str]:
    """`text` cut after each sentence, the whitespace kept with the sentence before it, so the pieces join back into
    the text. The chunker's sentence step: llama-index's default reads NLTK's punkt data, which NLTK refuses to open
    when the installer hard-linked its files (uv does by default), and a regular expression needs no data file."""
    pieces, start = [], 0
    for end in SENTENCE_END.finditer(text):
        if not NOT_AN_END.search(text[max(start, end.start() - 12) : end.start()]):
            pieces.append(text[start : end.end()])
            start = end.end()
    return [*pieces, text[start:]] if start < len(text) else pieces


@lru_cache(maxsize=4)
def _splitter(chunk_tokens: int, chunk_overlap: int):  # noqa: ANN202 - llama-index type stays internal
    # Imported lazily: llama-index pulls in a lot, and parsing never needs it.
    from llama_index.core.node_parser import SentenceSplitter

    return SentenceSplitter(chunk_size=chunk_tokens, chunk_overlap=chunk_overlap, chunking_tokenizer_fn=sentence_pieces)


def chunk_paper(paper: Paper, chunk_tokens: int = 512, chunk_overlap: int = 64) -> list[Chunk]:
    """Title and abstract form chunk 0; a full text adds token-sized chunks, each headed by the title."""
    meta = chunk_metadata(paper)
    head = paper.title.strip()
    pieces: list[tuple[str, str, int | None, list[int]]] = []  # (section heading, text, page, page breaks)
    if paper.abstract.strip() or not paper.full_text:
        abstract = paper.abstract.strip()
        page, breaks = _pages(paper, _find(paper.full_text, abstract), len(abstract), len(head) + 2)
        pieces.append(("", f"{head}\n\n{abstract}".strip(), page, breaks))
    if paper.full_text.strip():
        splitter = _splitter(chunk_tokens, chunk_overlap)
        cursor = 0  # pieces come in order; each is found in the full text after the previous one's start
        for section in without_references(split_sections(paper.full_text)):
            for piece in splitter.split_text(section.text) if section.text else []:
                piece = piece.strip()
                prefix = f"{head}\n\n" + (f"{_as_sentence(section.heading)}\n" if section.heading else "")
                at = paper.full_text.find(piece, cursor)
                if at < 0:  # line breaks that are not "\n" (U+2028, U+0085) read differently in sections
                    at = _find(paper.full_text, piece, cursor)
                cursor = at + 1 if at >= 0 else cursor
                page, breaks = _pages(paper, at, len(piece), len(prefix))
                pieces.append((section.heading, prefix + piece, page, breaks))
    chunks = []
    for n, (heading, text, page, breaks) in enumerate(pieces):
        metadata = {**meta, "section": heading} if heading else dict(meta)
        if page is not None:
            metadata["page"] = page
        chunks.append(Chunk(f"{paper.paper_id}:{n}", paper.paper_id, n, text, metadata, heading, page, breaks))
    return chunks


def _find(text: str, passage: str, start: int = 0) -> int:
    """Where a passage whose line breaks differ (an abstract joined into one line) starts in the text, from
    `start`; -1 when it is not there."""
    opening = passage.split()[:8]
    if not opening or not text:
        return -1
    found = re.compile(r"\s+".join(map(re.escape, opening))).search(text, start)
    return found.start() if found else -1


def _pages(paper: Paper, at: int, length: int, offset: int) -> tuple[int | None, list[int]]:
    """(page the text at `at` starts on, offsets in the chunk where later pages begin) for a paper with pages."""
    if at < 0 or not paper.page_starts:
        return None, []
    breaks = [offset + start - at for start in sorted(set(paper.page_starts)) if at < start < at + length]
    return paper.page_at(at), breaks


def _as_sentence(heading: str) -> str:
    """'4.1 Results' → '4.1 Results.': a sentence of its own, so answers never glue it to the first sentence."""
    return heading if heading.endswith((".", "?", "!", ":")) else f"{heading}."
