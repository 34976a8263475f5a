"""The offline answerer: it quotes the retrieved sentences that best answer the question and generates nothing.

Small local language models neither cite nor refuse reliably (see MODELS.md), so the default answer is
built only from the papers' own sentences, each carrying its source number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import numpy as np

from paperchat.assistant.answering.base import Draft, EmbedTexts
from paperchat.assistant.answering.citations import strip_markers
from paperchat.assistant.answering.comparison import compare_side_by_side
from paperchat.assistant.answering.refusal import REFUSAL, relevance
from paperchat.assistant.results import Passage
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.text import content_terms, without_title

ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "vs.", "fig.", "eq.", "cf.", "approx.", "resp.", "no.", "sec.")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"“])")
MAX_SENTENCES_PER_PAPER = 3
PREFILTER_PER_PAPER = 4
# Sentences quoted from each paper when the plan chose the papers (lists, summaries, comparisons).
PER_PAPER = {"list": 1, "count": 1, "compare": 2, "summary": 3}
QUANTITY = re.compile(
    r"\b(how (many|much|long|fast|large|big|often)|what (\w+ )?(number|percentage|share|fraction|accuracy|score|"
    r"speedup|cost|size|rate)|by how much)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\d")
TABLE_SHARE = 0.3  # a "sentence" whose words are this much numbers is a table row or a figure's axis, not prose
WHY = re.compile(r"\b(why|motivat\w*|what problem|which problem|challenge)\b", re.IGNORECASE)
# Numbers with units or comparisons: what results are made of.
RESULT = re.compile(r"\d+(\.\d+)?\s*(%|×|x\b|times|fold|gb|mb|tokens|parameters|params|hours|gpus?)|\bby \d", re.I)
PREFILTER = 32
LEXICAL_WEIGHT = 0.3
SCORE_MARGIN = 0.2  # a sentence this far below the best one is not worth quoting
SUPPORT_MARGIN = 0.15  # a passage this far below the best one is context, not evidence
OPENING_PENALTY = 0.2
BACKGROUND_PENALTY = 0.25  # a sentence that sets the scene restates the problem; it answers only "why"
# Rhetorical role: abstracts open with background and close with contributions and results; the question
# is usually answered by the latter.
CONTRIBUTION = re.compile(
    r"\b(we (propose|introduce|present|develop|design|show|find|demonstrate|achieve|reduce|derive|prove)|"
    r"this (paper|work) (proposes|introduces|presents|shows)|our (method|approach|model|framework|results?)|"
    r"(achieves?|reduces?|outperforms?|improves?|enables?|cuts?|lowers?)\b)",
    re.IGNORECASE,
)
BACKGROUND = re.compile(
    r"\b(in recent years|in the last few years|has become|have become|have emerged|has emerged|remains? (an? )?"
    r"(open|challenging|unaddressed|resource)|is crucial|are often|is often|however,|"
    r"with the (introduction|rise|success|increase|growth)|as the (size|scale|number)|has become a bottleneck)\b",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[str]:
    pieces = SENTENCE_BREAK.split(text.replace("\n", " "))
    sentences: list[str] = []
    for piece in pieces:
        if sentences and sentences[-1].lower().endswith(ABBREVIATIONS):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return [s.strip() for s in sentences if len(s.split()) >= 4]


def _body(source: Passage) -> str:
    return strip_markers(without_title(source.text, source.title).strip())


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
    """Quote the best supporting sentences, each followed by [n] (n = position in `sources`, 1-based)."""
    question_terms = content_terms(question)
    evidence = [relevance(source, question_terms) for source in sources]
    best = max(evidence, default=0.0)
    # Sources well below the best one are context, not evidence. Whether there is evidence at all is the refusal
    # step's call (answering.refusal), made before any answerer: the papers a question names pass it by name.
    floor = min(best, max(min_relevance, best - SUPPORT_MARGIN))
    supporting = [(n, s) for n, (s, e) in enumerate(zip(sources, evidence, strict=True), 1) if e >= floor]
    scored = _scored_sentences(question, supporting, embed, PREFILTER)
    if not scored:
        return Draft(REFUSAL, refused=True)
    return _format(_choose(scored, max_sentences), sources)


def quote_each(question: str, passages: list[Passage], embed: EmbedTexts, per_paper: int) -> Draft:
    """The best `per_paper` sentences of every passage given, in the given order: for lists of papers, summaries
    and comparisons, where the caller chose the papers and each must be quoted."""
    numbered = list(enumerate(passages, 1))
    kept = min(PREFILTER_PER_PAPER, per_paper + 1)  # a paper's best few by shared terms go on to the embedding
    scored = _scored_sentences(question, numbered, embed, kept * len(passages), per_source=kept)
    chosen: list[tuple[int, str]] = []
    for n, _ in numbered:
        chosen += [(m, sentence) for _, m, sentence in [s for s in scored if s[1] == n][:per_paper]]
    if not chosen:
        return Draft(REFUSAL, refused=True)
    return _format(chosen, passages)


def _scored_sentences(
    question: str, supporting: list[tuple[int, Passage]], embed: EmbedTexts, limit: int, per_source: int = 0
) -> list[tuple[float, int, str]]:
    """(score, passage number, sentence), best first: meaning (embedding), shared terms, position, role."""
    question_terms = content_terms(question)
    asks_why, asks_quantity = bool(WHY.search(question)), bool(QUANTITY.search(question))
    candidates: list[tuple[int, str, float, float]] = []
    for rank, (n, source) in enumerate(supporting):
        for position, sentence in enumerate(split_sentences(_body(source))):
            overlap = len(question_terms & content_terms(sentence)) / max(1, len(question_terms))
            # Opening sentences of an abstract set the scene; the answer is usually further on.
            opening = OPENING_PENALTY if position == 0 and not asks_why else 0.0
            prior = (0.0 if per_source else 0.05 / (rank + 1)) - opening
            candidates.append((n, sentence, overlap, prior))
    if not candidates:
        return []
    candidates.sort(key=lambda c: c[2] + c[3], reverse=True)
    if per_source:  # keep each passage's best few, so no passage loses all its sentences to the others
        taken: Counter[int] = Counter()
        kept = []
        for candidate in candidates:
            taken[candidate[0]] += 1
            if taken[candidate[0]] <= per_source:
                kept.append(candidate)
        candidates = kept
    candidates = candidates[:limit]
    vectors = np.asarray(embed([question] + [clean_latex(c[1]) for c in candidates]), dtype=np.float32)
    similarity = vectors[1:] @ vectors[0]
    scored = []
    for (n, sentence, lexical, prior), sim in zip(candidates, similarity, strict=True):
        role = _role_bonus(sentence, asks_why, asks_quantity)
        scored.append((float(sim) + LEXICAL_WEIGHT * lexical + prior + role, n, sentence))
    return sorted(scored, reverse=True)


def _role_bonus(sentence: str, asks_why: bool = False, asks_quantity: bool = False) -> float:
    """Methods and results answer; background answers only a question that asks why; a question asking how many or
    how much is answered by a sentence that states a number; a table row or figure axis answers nothing."""
    asks = sentence.rstrip().endswith("?")  # a sentence that asks restates the question rather than answering it
    background = 0.0 if asks_why else BACKGROUND_PENALTY * bool(BACKGROUND.search(sentence))
    tokens = sentence.split()
    table = sum(any(c.isdigit() for c in token) for token in tokens) / max(1, len(tokens)) > TABLE_SHARE
    quantity = (0.1 if NUMBER.search(sentence) else -0.1) if asks_quantity else 0.0
    roles = 0.1 * bool(CONTRIBUTION.search(sentence)) + 0.05 * bool(RESULT.search(sentence)) + quantity
    return roles - background - 0.2 * asks - 0.3 * table


def _choose(scored: list[tuple[float, int, str]], max_sentences: int) -> list[tuple[int, str]]:
    """The best sentence of each paper that comes close to the best overall, then second sentences."""
    floor = scored[0][0] - SCORE_MARGIN
    firsts: dict[int, str] = {}
    seconds: list[tuple[int, str]] = []
    for score, n, sentence in scored:
        if score < floor:
            break
        if n not in firsts:
            firsts[n] = sentence
        elif len([m for m, _ in seconds if m == n]) < MAX_SENTENCES_PER_PAPER - 1:
            seconds.append((n, sentence))
    chosen = list(firsts.items())[:max_sentences]
    return chosen + seconds[: max(0, max_sentences - len(chosen))]


def _format(chosen: list[tuple[int, str]], sources: list[Passage]) -> Draft:
    """One bullet per paper, in order of first choice; quoted sentences keep the paper's own order."""
    order = list(dict.fromkeys(n for n, _ in chosen))
    lines: list[str] = []
    snippets: dict[int, str] = {}
    for n in order:
        sentences = [s for m, s in chosen if m == n]
        body = _body(sources[n - 1])
        sentences.sort(key=lambda s: body.find(s))
        quoted = " ".join(_with_marker(clean_latex(s), n) for s in sentences)
        # A title's own "[3]" would otherwise be read as a citation of source 3.
        lines.append(f"- *{strip_markers(clean_latex(sources[n - 1].title))}*: {quoted}")
        snippets[n] = " ".join(clean_latex(s) for s in sentences)
    return Draft("From the indexed papers:\n" + "\n".join(lines), snippets)


def _with_marker(sentence: str, n: int) -> str:
    """'It works.' → 'It works [1].'; a sentence ending in ? or ! keeps its mark."""
    text = sentence.rstrip().rstrip(".")
    return f"{text} [{n}]" + ("" if text.endswith(("?", "!")) else ".")
