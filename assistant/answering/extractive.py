"""The offline answerer: it quotes the retrieved sentences that best answer the question and generates nothing.

Small local language models neither cite nor refuse reliably (see MODELS.md), so the default answer is
built only from the papers' own sentences, each carrying its source number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from paperchat.assistant.answering.base import Draft, EmbedTexts
from paperchat.assistant.answering.citations import strip_markers
from paperchat.assistant.answering.comparison import compare_side_by_side
from paperchat.assistant.answering.refusal import REFUSAL, SUPPORT_MARGIN, relevance
from paperchat.assistant.answering.sentence_choice import Candidate, Sentences, choose, scored_sentences
from paperchat.assistant.answering.sentences import split_sentences
from paperchat.assistant.results import Passage
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.text import content_terms, without_title

__all__ = ["ExtractiveAnswerer", "compose", "quote_each", "split_sentences"]

PREFILTER_PER_PAPER = 4
RUNNING_TITLE_WORDS = 4  # a title this long repeated inside a passage is a running header, not a sentence
# Sentences quoted from each paper when the plan chose the papers (lists, summaries, comparisons).
PER_PAPER = {"list": 1, "count": 1, "compare": 2, "summary": 3}


def _body(source: Passage) -> str:
    """The passage's text without the title and section heading chunking put in front, nor the title repeated
    inside it as a running header or title block: quoted, they say nothing (the citation names the section), and
    they match every question about the paper or the section."""
    body = without_title(source.text, source.title).strip()
    if source.section and body.startswith(source.section):
        body = body[len(source.section) :].lstrip(".:?! \n")
    if len(source.title.split()) >= RUNNING_TITLE_WORDS:
        title = r"\s+".join(re.escape(word) for word in source.title.split())
        body = re.sub(title, " ", body, flags=re.IGNORECASE)
    return strip_markers(body)


class ExtractiveAnswerer:
    """The offline default: quotes the papers' own sentences; nothing to download, nothing generated."""

    def __init__(self, embed: EmbedTexts, min_relevance: float, max_sentences: int) -> None:
        self.embed = embed
        self.min_relevance = min_relevance
        self.max_sentences = max_sentences

    streams = False  # the answer is composed whole: AnswerStream.incremental says so

    def stream(self, question: str, passages: list[Passage], kind: str = "passages") -> Iterator[str | Draft]:
        if kind == "compare" and not (compared := compare_side_by_side(question, passages, self.embed)).refused:
            yield compared
        elif kind in PER_PAPER:
            yield quote_each(question, passages, self.embed, PER_PAPER[kind])
        else:
            yield compose(question, passages, self.embed, self.min_relevance, self.max_sentences)


def compose(
    question: str, sources: list[Passage], embed: EmbedTexts, min_relevance: float, max_sentences: int
) -> Draft:
    """Quote the sentences that best answer the question, each followed by [n] (n = position in `sources`, 1-based):
    what the question asks for (a number, a reason, a definition, a name) first, read with the sentence before it
    (answering.sentence_choice)."""
    question_terms = content_terms(question)
    evidence = [relevance(source, question_terms) for source in sources]
    best = max(evidence, default=0.0)
    # Sources well below the best one are context, not evidence. Whether there is evidence at all is the refusal
    # step's call (answering.refusal), made before any answerer: the papers a question names pass it by name.
    floor = min(best, max(min_relevance, best - SUPPORT_MARGIN))
    # Within the best-matching paper the margin does not apply: the passage that states a fact often resembles the
    # question less than the one that discusses it.
    paper = sources[evidence.index(best)].paper_id if sources else None
    supporting = [
        (n, s) for n, (s, e) in enumerate(zip(sources, evidence, strict=True), 1) if e >= floor or s.paper_id == paper
    ]
    scored = scored_sentences(question, _sentences(supporting), embed)
    if not scored:
        return Draft(REFUSAL, refused=True)
    return _format(choose(scored, max_sentences), sources)


def quote_each(question: str, passages: list[Passage], embed: EmbedTexts, per_paper: int) -> Draft:
    """The best `per_paper` sentences of every passage given, in the given order: for lists of papers, summaries
    and comparisons, where the caller chose the papers and each must be quoted."""
    numbered = list(enumerate(passages, 1))
    kept = min(PREFILTER_PER_PAPER, per_paper + 1)  # a paper's best few by shared terms go on to the embedding
    scored = scored_sentences(question, _sentences(numbered), embed, kept * len(passages), per_source=kept)
    chosen: list[Candidate] = []
    for n, _ in numbered:
        chosen += [c for c in scored if c.n == n][:per_paper]
    if not chosen:
        return Draft(REFUSAL, refused=True)
    return _format(chosen, passages)


def _sentences(numbered: list[tuple[int, Passage]]) -> list[Sentences]:
    return [
        Sentences(n, passage.paper_id, split_sentences(_body(passage)), passage.chunk_id.endswith(":0"))
        for n, passage in numbered
    ]


def _format(chosen: list[Candidate], sources: list[Passage]) -> Draft:
    """One bullet per paper, in order of first choice; quoted sentences keep the paper's own order."""
    order = list(dict.fromkeys(c.n for c in chosen))
    lines: list[str] = []
    snippets: dict[int, str] = {}
    for n in order:
        sentences = [c.text for c in sorted((c for c in chosen if c.n == n), key=lambda c: c.position)]
        quoted = " ".join(_with_marker(clean_latex(s), n) for s in sentences)
        # A title's own "[3]" would otherwise be read as a citation of source 3.
        lines.append(f"- *{strip_markers(clean_latex(sources[n - 1].title))}*: {quoted}")
        snippets[n] = " ".join(clean_latex(s) for s in sentences)
    return Draft("From the indexed papers:\n" + "\n".join(lines), snippets)


def _with_marker(sentence: str, n: int) -> str:
    """'It works.' → 'It works [1].'; a sentence ending in ? or ! keeps its mark."""
    text = sentence.rstrip().rstrip(".")
    return f"{text} [{n}]" + ("" if text.endswith(("?", "!")) else ".")
