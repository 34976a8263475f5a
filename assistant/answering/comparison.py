"""A comparison, extracted: the points the compared papers each state, side by side, aspect by aspect.

Abstracts state the same few things in the same order: what the paper proposes, and what it finds or achieves. A
comparison quotes, for each aspect, each paper's own sentence on it (the one closest to the question among those
that play that role), so a reader sees the papers' answers to the same point next to each other instead of two
separate summaries.
"""

from __future__ import annotations

import re

import numpy as np

from paperchat.assistant.answering.base import Draft, EmbedTexts
from paperchat.assistant.answering.citations import strip_markers
from paperchat.assistant.answering.refusal import REFUSAL
from paperchat.assistant.results import Passage
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.text import without_title

SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"“])")
PROPOSES = re.compile(
    r"\b(?:we (?:propose|introduce|present|develop|design|study|analy[sz]e|revisit|show|derive|prove)|this (?:paper|"
    r"work|study) (?:proposes|introduces|presents|studies|addresses)|our (?:method|approach|framework|model)|"
    r"(?:is|are) (?:proposed|introduced))\b",
    re.I,
)
FINDS = re.compile(
    r"\d|\b(?:outperforms?|improves?|achieves?|reduces?|results? (?:show|demonstrate)|experiments? (?:show|"
    r"demonstrate)|we (?:find|observe|show|demonstrate)|(?:speeds?|scales?) up|matches|surpass(?:es)?)\b",
    re.I,
)
ASPECTS = (("Approach", PROPOSES), ("Findings", FINDS))
MIN_WORDS = 5
SHORT_TITLE_WORDS = 6


def compare_side_by_side(question: str, passages: list[Passage], embed: EmbedTexts) -> Draft:
    """For each aspect, each paper's sentence on it ([n] = the paper's passage number, 1-based)."""
    sentences = [[s for s in _sentences(passage)] for passage in passages]
    flat = [s for group in sentences for s in group]
    if len(passages) < 2 or not flat:
        return Draft(REFUSAL, refused=True)
    vectors = np.asarray(embed([question, *[clean_latex(s) for s in flat]]), dtype=np.float32)
    similarity = dict(zip(flat, (vectors[1:] @ vectors[0]).tolist(), strict=True))
    lines, snippets, used = ["Side by side:"], {}, set()
    for aspect, role in ASPECTS:
        parts = []
        for n, (passage, group) in enumerate(zip(passages, sentences, strict=True), 1):
            fitting = [s for s in group if role.search(s) and s not in used] or [s for s in group if s not in used]
            if not fitting:
                continue
            best = max(fitting, key=lambda s: similarity[s])
            used.add(best)
            snippets[n] = f"{snippets.get(n, '')} {clean_latex(best)}".strip()
            parts.append(f"*{short_title(passage.title)}*: {_cited(clean_latex(best), n)}")
        if len(parts) >= 2:
            lines.append(f"- **{aspect}.** " + " — ".join(parts))
    return Draft("\n".join(lines), snippets) if len(lines) > 1 else Draft(REFUSAL, refused=True)


def short_title(title: str) -> str:
    """The name a title goes by: its part before a colon when short, else its first words."""
    title = strip_markers(clean_latex(title))
    head = title.split(":", 1)[0].strip()
    if len(head.split()) <= SHORT_TITLE_WORDS:
        return head
    return " ".join(head.split()[:SHORT_TITLE_WORDS]) + "…"


def _sentences(passage: Passage) -> list[str]:
    body = strip_markers(without_title(passage.text, passage.title).strip()).replace("\n", " ")
    return [s.strip() for s in SENTENCE_BREAK.split(body) if len(s.split()) >= MIN_WORDS]


def _cited(sentence: str, n: int) -> str:
    text = sentence.rstrip().rstrip(".")
    return f"{text} [{n}]."
