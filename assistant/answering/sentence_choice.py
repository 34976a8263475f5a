"""Which sentences of the retrieved passages answer the question: scored by meaning, shared terms, rhetorical role
and, above all, by whether a sentence supplies what the question asks for (answering.asked).

A sentence is read with the two before it: papers often state the fact just after the sentence that matches the
question ("… we take RI from Table 9. The RI value for order 4 is 0.9."; "X does not support Y. This trade-off was
chosen because …"). A sentence that supplies what is asked borrows the match of a predecessor and is quoted
together with it, as is a sentence that opens by pointing back ("This zone provides …"); a chosen sentence brings
along the next one when that one elaborates it ("Specifically, …").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from paperchat.assistant.answering.asked import Asked, asked_for, fit
from paperchat.assistant.answering.base import EmbedTexts
from paperchat.assistant.answering.sentences import ROW_MAX_TOKENS
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.text import content_terms

PREFILTER = 40  # sentences embedded per question, chosen by shared terms, position and fit first
LEXICAL_WEIGHT = 0.3
ASKED_WEIGHT = 0.25  # what a sentence supplies counts as much as a quarter of the cosine scale
MISSING_QUANTITY = 0.1  # a question asking how many is poorly answered by a sentence without a number
CONTEXT_SHARE = 0.8  # a match borrowed from the sentence before counts at this share (squared two sentences back)
CONTEXT = 2  # sentences looked back
STRONG_FIT = 0.6  # only a sentence that clearly supplies what is asked borrows the match of those before it
SCORE_MARGIN = 0.2  # a sentence this far below the best one is not worth quoting
MAX_SENTENCES_PER_PASSAGE = 3  # sentences quoted from one passage
OPENING_PENALTY = 0.2
BACKGROUND_PENALTY = 0.25  # a sentence that sets the scene restates the problem; it answers only "why"
TABLE_SHARE = 0.3  # a long "sentence" whose words are this much numbers is a table or a figure's axis, not prose
POINTS_BACK = re.compile(r"^(?:this|these|those|such|it|they|its|their|here|there)\b", re.I)
ELABORATES = re.compile(
    r"^(?:specifically|in particular|that is|namely|i\.e\.|this means|as a result|consequently)\b", re.I
)
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
# Numbers with units or comparisons: what results are made of.
RESULT = re.compile(r"\d+(\.\d+)?\s*(%|×|x\b|times|fold|gb|mb|tokens|parameters|params|hours|gpus?)|\bby \d", re.I)


@dataclass
class Sentences:
    """One passage, split: its number among the passages, its paper, whether it opens the paper (an abstract)."""

    n: int
    paper: str
    texts: list[str]
    opens_paper: bool = False


@dataclass
class Candidate:
    n: int  # the passage's number
    position: int  # the sentence's place in its passage
    text: str
    before: list[str]  # up to CONTEXT sentences before it in the passage, nearest last
    after: str  # the sentence after it ("" for the last)
    lexical: float  # share of the question's terms, read with its predecessors when it supplies what is asked
    prior: float
    fit: float
    paper: str = ""
    own: float = 0.0  # share of the question's terms in the sentence alone
    borrowed: int = 0  # how many sentences back its match came from: quote from there
    score: float = 0.0


def scored_sentences(
    question: str,
    sentences: list[Sentences],
    embed: EmbedTexts,
    limit: int = PREFILTER,
    per_source: int = 0,
) -> list[Candidate]:
    """Candidates best first. `sentences` holds each passage's sentences, best passage first; `per_source` > 0 keeps
    that many candidates of every passage (when each passage must be quoted)."""
    terms = content_terms(question)
    asked = asked_for(question)
    candidates = _candidates(question, terms, asked, sentences, ranked=not per_source)
    if not candidates:
        return []
    candidates.sort(key=lambda c: c.lexical + c.prior + ASKED_WEIGHT * c.fit, reverse=True)
    if per_source:  # keep each passage's best few, so no passage loses all its sentences to the others
        taken: Counter[int] = Counter()
        kept = []
        for candidate in candidates:
            taken[candidate.n] += 1
            if taken[candidate.n] <= per_source:
                kept.append(candidate)
        candidates = kept
    candidates = candidates[:limit]
    vectors = np.asarray(embed([question] + [clean_latex(c.text) for c in candidates]), dtype=np.float32)
    similarity = {(c.n, c.position): float(s) for c, s in zip(candidates, vectors[1:] @ vectors[0], strict=True)}
    base: dict[str, float] = {}  # each paper's best sentence by match alone: how the papers rank
    for c in candidates:
        own = similarity[(c.n, c.position)]
        sim = own
        for back in range(1, CONTEXT + 1) if c.fit >= STRONG_FIT else ():  # the answer to what came before
            before = similarity.get((c.n, c.position - back))
            if before is not None and CONTEXT_SHARE**back * before > sim:
                sim, c.borrowed = CONTEXT_SHARE**back * before, back
        if not c.borrowed and c.before and POINTS_BACK.match(c.text):
            c.borrowed = 1
        role = c.prior + role_bonus(c.text, asked)
        base[c.paper] = max(base.get(c.paper, -9.0), own + LEXICAL_WEIGHT * c.own + role)
        penalty = MISSING_QUANTITY if asked and asked.kind == "quantity" and not c.fit else 0.0
        c.score = sim + LEXICAL_WEIGHT * c.lexical + role + ASKED_WEIGHT * c.fit - penalty
    # What is asked decides which sentence of a paper answers; how well a paper matches decides which papers do.
    best: dict[str, float] = {}
    for c in candidates:
        best[c.paper] = max(best.get(c.paper, -9.0), c.score)
    for c in candidates:
        c.score += base[c.paper] - best[c.paper]
    return sorted(candidates, key=lambda c: c.score, reverse=True)


def _candidates(
    question: str, terms: set[str], asked: Asked | None, passages: list[Sentences], ranked: bool
) -> list[Candidate]:
    seen: set[str] = set()
    candidates = []
    for rank, passage in enumerate(passages):
        texts = passage.texts
        sentence_terms = [content_terms(text) for text in texts]
        for position, text in enumerate(texts):
            key = " ".join(text.lower().split())
            if key in seen:  # the same sentence from another passage (an abstract and its copy) is quoted once
                continue
            seen.add(key)
            share = len(terms & sentence_terms[position]) / max(1, len(terms))
            sentence_fit = fit(text, asked)
            lexical = share
            for back in range(1, min(CONTEXT, position) + 1) if sentence_fit >= STRONG_FIT else ():
                window = set().union(*sentence_terms[position - back : position + 1])
                lexical = max(lexical, CONTEXT_SHARE**back * len(terms & window) / max(1, len(terms)))
            # An abstract opens by setting the scene; the answer is usually further on.
            opening = position == 0 and passage.opens_paper and not (asked and asked.kind == "reason")
            prior = (0.05 / (rank + 1) if ranked else 0.0) - OPENING_PENALTY * opening
            before = texts[max(0, position - CONTEXT) : position]
            after = texts[position + 1] if position + 1 < len(texts) else ""
            candidates.append(
                Candidate(passage.n, position, text, before, after, lexical, prior, sentence_fit, passage.paper, share)
            )
    return candidates


def role_bonus(sentence: str, asked: Asked | None = None) -> float:
    """Methods and results answer; background answers only a question that asks why; a sentence that asks restates
    the question; a long run of numbers (a table not split into rows, a figure's axis) answers nothing."""
    asks = sentence.rstrip().endswith("?")
    background = 0.0 if asked and asked.kind == "reason" else BACKGROUND_PENALTY * bool(BACKGROUND.search(sentence))
    tokens = sentence.split()
    numeric = sum(any(c.isdigit() for c in token) for token in tokens) / max(1, len(tokens))
    garbled = numeric > TABLE_SHARE and len(tokens) > 2 * ROW_MAX_TOKENS
    roles = 0.1 * bool(CONTRIBUTION.search(sentence)) + 0.05 * bool(RESULT.search(sentence))
    return roles - background - 0.2 * asks - 0.3 * garbled


def choose(scored: list[Candidate], max_sentences: int) -> list[Candidate]:
    """The best sentence of each passage that comes close to the best overall, then second sentences; a sentence
    that borrowed a predecessor's match brings the sentences from there along, and one that is elaborated by the
    next sentence brings that one. `max_sentences` counts the sentences chosen; those quoted only to give them
    their context add at most CONTEXT more."""
    if not scored:
        return []
    floor = scored[0].score - SCORE_MARGIN
    firsts: dict[int, Candidate] = {}
    seconds: list[Candidate] = []
    for candidate in scored:
        if candidate.score < floor:
            break
        if candidate.n not in firsts:
            firsts[candidate.n] = candidate
        elif sum(c.n == candidate.n for c in seconds) < MAX_SENTENCES_PER_PASSAGE - 1:
            seconds.append(candidate)
    ordered = list(firsts.values())[:max_sentences]
    ordered += seconds[: max(0, max_sentences - len(ordered))]
    chosen: list[Candidate] = []
    for candidate in ordered:
        group = [_neighbour(candidate, -back) for back in range(candidate.borrowed, 0, -1)] + [candidate]
        if candidate.after and ELABORATES.match(candidate.after):
            group.append(_neighbour(candidate, 1))
        group = [c for c in group if not _has(chosen, c)]
        if len(chosen) + len(group) > max_sentences + CONTEXT:
            group = [candidate] if not _has(chosen, candidate) else []
        chosen += group
    return chosen


def _has(chosen: list[Candidate], candidate: Candidate) -> bool:
    return any(c.n == candidate.n and c.position == candidate.position for c in chosen)


def _neighbour(candidate: Candidate, offset: int) -> Candidate:
    """The sentence `offset` places from the candidate (within its context), to be quoted with it."""
    text = candidate.after if offset == 1 else candidate.before[offset]
    return Candidate(candidate.n, candidate.position + offset, text, [], "", 0.0, 0.0, 0.0, candidate.paper)
