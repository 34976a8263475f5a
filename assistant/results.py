"""Typed results of the Python API. Each formats itself: plain text, Markdown, JSON-ready dicts, BibTeX."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from paperchat.assistant.ingest_report import IngestReport
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.papers import authors_line
from paperchat.ingest.text import content_terms, stem

# The one tokeniser, for shells that match a question's words in shown text (they never import ingest themselves).
__all__ = ["Answer", "Citation", "IngestReport", "Passage", "PaperRef", "Refusal", "content_terms", "stem"]
DISPLAY_ONLY = ("display_title",)  # in dicts for readers, not fields: from_dict drops them


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class PaperRef(BaseModel):
    """What results show of a paper: the part of a Paper record shared by passages and citations."""

    paper_id: str
    title: str
    authors: list[str] = Field(default_factory=list)
    authors_truncated: bool = False
    authors_count: int | None = None
    date: str | None = None
    year: int | None = None
    category: str | None = None
    org: str | None = None
    url: str | None = None
    code_url: str | None = None
    profile_of: str | None = None  # the researcher whose profile listing shows the paper

    @property
    def authors_text(self) -> str:
        """'A, B et al.', or '7 authors' when the listing gave only a count (ingest.papers.authors_line)."""
        return authors_line(self.authors, self.authors_truncated, self.authors_count, self.profile_of)

    @property
    def display_title(self) -> str:
        """The title as a reader sees it: LaTeX markup turned into text."""
        return clean_latex(self.title)

    def paper_fields(self) -> dict:
        """The paper's own fields (those PaperRef has), by name."""
        return {name: getattr(self, name) for name in PaperRef.model_fields}

    def to_dict(self) -> dict:
        """Every field under its own name, plus `display_title` (the title without LaTeX): ready for JSON."""
        return {**self.model_dump(mode="json"), "display_title": self.display_title}


class Place(BaseModel):
    """Where a passage sits in its paper: the PDF page and the section, where known."""

    page: int | None = Field(None, description="PDF page (1-based) the passage comes from (where it starts).")
    page_end: int | None = Field(None, description="Last PDF page of a passage that runs across a page break.")
    section: str | None = Field(None, description='Section heading, as printed ("5.4 Results").')

    @property
    def location(self) -> str:
        """'p. 7, §5.4' (a numbered section by its number), 'pp. 7–8', 'p. 3, Introduction', 'p. 7', or ''."""
        parts = []
        if self.page and self.page_end and self.page_end > self.page:
            parts.append(f"pp. {self.page}–{self.page_end}")
        elif self.page:
            parts.append(f"p. {self.page}")
        if self.section:
            number = re.match(r"^((?:\d+\.)*\d+|[A-Z](?:\.\d+)*|[IVX]+)\.?\s", self.section)
            parts.append(f"§{number.group(1)}" if number else self.section)
        return ", ".join(parts)


class Passage(PaperRef, Place):
    """One retrieved passage of one indexed paper."""

    chunk_id: str
    text: str
    page_breaks: list[int] = Field(default_factory=list, description="Offsets in text where each later page begins.")
    score: float = Field(0.0, description="Fused ranking score: orders passages, not comparable across questions.")
    dense_score: float | None = Field(None, description="Cosine similarity of passage and question.")
    keyword_score: float | None = Field(None, description="BM25 score.")

    @property
    def display_text(self) -> str:
        """The passage as a reader sees it: LaTeX markup turned into text."""
        return clean_latex(self.text)

    @property
    def relevance(self) -> float:
        """How well the passage matches the question, 0 to 1 (cosine similarity when the dense retriever saw it)."""
        return self.dense_score if self.dense_score is not None else self.score

    def __repr__(self) -> str:
        return f"Passage(chunk_id={self.chunk_id!r}, title={_short(self.display_title)!r}, score={self.score:.3f})"

    def pages_of(self, quoted: str) -> tuple[int | None, int | None]:
        """(first, last) page of a quoted part of the passage, which may run across a page break; the passage's
        own pages when the quote is not found in it word for word."""
        if self.page is None:
            return None, None
        sentences = [part for part in re.split(r"(?<=[.!?])\s+", quoted.strip()) if part] or [""]
        first, last = sentences[0][:80], sentences[-1][-80:]  # an answer may quote sentences apart from each other
        start = self.text.find(first) if first else -1
        end = self.text.find(last, max(start, 0)) if start >= 0 else -1
        if start < 0 or end < 0:
            return self.page, self._page_at(len(self.text))
        return self._page_at(start), self._page_at(end + len(last) - 1)

    def _page_at(self, offset: int) -> int:
        return (self.page or 0) + sum(1 for at in self.page_breaks if at <= offset)


class Citation(PaperRef, Place):
    """A numbered reference in an answer: the paper and the exact passage that supports the claim."""

    n: int
    snippet: str = ""
    score: float = Field(0.0, description="Relevance of the cited passage to the question, 0 to 1.")
    chunk_id: str = ""

    @property
    def display_text(self) -> str:
        """The cited passage as a reader sees it: LaTeX markup turned into text."""
        return clean_latex(self.snippet)

    def reference(self) -> str:
        """`[1] Title. Authors (date). url`"""
        parts = [f"[{self.n}] {clean_latex(self.title)}."]
        if self.authors_text:
            parts.append(f"{self.authors_text}.")
        if self.date:
            parts.append(f"({self.date})")
        if self.location:
            parts.append(f"{self.location}.")
        if self.url:
            parts.append(self.url)
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"Citation(n={self.n}, paper_id={self.paper_id!r}, title={_short(self.display_title)!r})"

    def _repr_markdown_(self) -> str:
        """`**[1]** [Title](url) — authors, date`, then the cited passage as a quote."""
        title = f"[{self.display_title}]({self.url})" if self.url else self.display_title
        meta = ", ".join(filter(None, [self.authors_text, self.date, self.location]))
        quote = f"\n\n> {' '.join(self.display_text.split())}" if self.snippet else ""
        return f"**[{self.n}]** {title}" + (f" — {meta}" if meta else "") + quote


class Refusal(BaseModel):
    """Why an answer is a refusal, as data: `reason` says which check refused, `missing_terms` what no paper has."""

    reason: Literal["missing_terms", "no_passages", "weak_evidence", "not_supported", "empty_index"] = Field(
        description="missing_terms: a specific term of the question is in no indexed paper (or no passage found). "
        "no_passages: nothing was found within the filters. weak_evidence: the closest passages are too far from "
        "the question. not_supported: the passages gave no sentence, or the model no citation, that answers it. "
        "empty_index: no paper is indexed yet."
    )
    missing_terms: list[str] = Field(default_factory=list, description="What the papers do not mention.")
    closest_papers: list[str] = Field(default_factory=list, description="Paper ids of the closest papers found.")


class Answer(BaseModel):
    """An answer whose every `[n]` resolves to `citations[n-1]`."""

    question: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list, description="Every retrieved passage, best first.")
    refused: bool = False
    unlisted: list[str] = Field(
        default_factory=list,
        description="Ids of papers a long list matched but does not name (it names the first ones): shells offer them.",
    )
    filters: dict = Field(default_factory=dict, description="Filters applied, given and inferred from the question.")
    warnings: list[str] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds per stage.")
    considered: list[str] = Field(
        default_factory=list,
        description="Paper ids the answer was drawn from, in the order it shows them: the next turn's 'those'.",
    )
    plan: dict = Field(
        default_factory=dict, description="The question plan it answered (kind, topic, filters, named papers, scope)."
    )
    refusal: Refusal | None = Field(None, description="Why the answer is a refusal; None when it is not one.")

    @property
    def cited_papers(self) -> list[str]:
        """Paper ids of the citations, in citation order."""
        return list(dict.fromkeys(citation.paper_id for citation in self.citations))

    def references_text(self) -> str:
        """One reference line per citation: `[1] Title. Authors. (date) url`."""
        return "\n".join(citation.reference() for citation in self.citations)

    def __str__(self) -> str:
        """The text with its [n] markers, then the references."""
        refs = self.references_text()
        return f"{self.text}\n\nReferences:\n{refs}" if refs else self.text

    def __repr__(self) -> str:
        return (
            f"Answer(question={_short(self.question)!r}, text={_short(self.text, 80)!r}, "
            f"citations={len(self.citations)}, passages={len(self.passages)}, refused={self.refused})"
        )

    def _repr_markdown_(self) -> str:
        """How a notebook shows an answer: its Markdown, then its warnings."""
        notes = [f"- *{' '.join(warning.split())}*" for warning in self.warnings]
        return self.markdown() + ("\n\n**Warnings**\n\n" + "\n".join(notes) if notes else "")

    def markdown(self) -> str:
        """The text, then the references as a numbered list, each title linked to its paper."""
        lines = [self.text]
        if self.citations:
            lines += ["", "**References**", ""]
            for c in self.citations:
                title = f"[{clean_latex(c.title)}]({c.url})" if c.url else clean_latex(c.title)
                meta = ", ".join(filter(None, [c.authors_text, c.date]))
                lines.append(f"{c.n}. {title}" + (f" — {meta}" if meta else ""))
        return "\n".join(lines)

    def bibtex(self) -> str:
        """The cited papers as BibTeX entries."""
        from paperchat.assistant.bibtex import answer_bibtex

        return answer_bibtex(self)

    def to_dict(self) -> dict:
        """Every field under its own name (text, citations, passages, refusal, plan...), ready for JSON;
        `Answer.from_dict` reads it back."""
        data = self.model_dump(mode="json")
        data["citations"] = [citation.to_dict() for citation in self.citations]
        data["passages"] = [passage.to_dict() for passage in self.passages]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Answer:
        """The Answer a `to_dict()` gave, also one stored before 0.2 (its text under "answer"); other keys, such
        as a feedback record's verdict, are ignored."""
        data = dict(data)
        if "text" not in data and "answer" in data:
            data["text"] = data.pop("answer")
        for key in ("citations", "passages"):
            data[key] = [{k: v for k, v in item.items() if k not in DISPLAY_ONLY} for item in data.get(key) or []]
        return cls.model_validate(data)
