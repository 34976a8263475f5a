"""The one refusal step, run for every answerer: before it (is there evidence at all?) and after it (did the
draft cite anything?). A refusal says what was missing and names the closest papers."""

from __future__ import annotations

import re
from collections.abc import Collection

from paperchat.assistant.results import Passage, Refusal
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.text import content_terms

REFUSAL = "The indexed papers do not answer this question."
NOTHING_MORE = "No other indexed paper is about this: the papers shown above are all the library has on it."
# A question about money is answered only by a passage that states an amount of money.
# "How much does it cost?", "what price": money, not "how much compute does that cost" (an amount of compute).
ASKS_MONEY = re.compile(
    r"\b(?:price[sd]?|dollars?|usd|euros?|money)\b|\bhow much (?:does|did|would|will|do) (?:it|this|that|they|"
    r"the \w+) cost\b|\bwhat (?:does|did|would) (?:it|this|that|the \w+) cost\b",
    re.IGNORECASE,
)
STATES_MONEY = re.compile(r"[$€£]\s?\d|\d[\d,.]*\s?(k|m|million|billion)?\s?(usd|dollars?|euros?)\b", re.IGNORECASE)
COVERAGE_WEIGHT = 0.25
SUPPORT_MARGIN = 0.15  # a passage this far below the best one is context, not evidence
COVERAGE_ONLY_WEIGHT = 0.6  # keyword-only retrieval: over half of the question's terms must be in the passage


def relevance(passage: Passage, question_terms: set[str]) -> float:
    """How well a passage matches: cosine similarity plus the share of the question's terms it contains.
    Either alone misleads: names and rare terms barely move a sentence embedding, and paraphrases share no words."""
    coverage = len(question_terms & content_terms(passage.text)) / max(1, len(question_terms))
    if passage.dense_score is None:  # keyword-only retrieval: the share of question terms is all the evidence
        return COVERAGE_ONLY_WEIGHT * coverage
    return passage.dense_score + COVERAGE_WEIGHT * coverage


def evidence(question: str, passages: list[Passage]) -> list[float]:
    """relevance() of each passage to the question, in passage order."""
    terms = content_terms(question)
    return [relevance(passage, terms) for passage in passages]


def too_weak(question: str, passages: list[Passage], min_relevance: float) -> bool:
    """No passage comes close enough to the question for any answerer to build on."""
    return max(evidence(question, passages), default=0.0) < min_relevance


# "How many codebook entries do they use?", "which exact LoRA rank …": a count or value of something named.
ASKS_NUMBER = re.compile(
    r"\bhow many ((?:[\w-]+\s+){0,3}?[\w-]+?)(?=\s+(?:do|does|did|are|is|were|was|can|could|would|will|have|has|had|in"
    r"|of|per|for|it|they|there)\b|\s*[?.,;]|\s*$)"
    r"|\b(?:which|what) exact ((?:[\w-]+\s+){0,3}?[\w-]+?)"
    r"(?=\s+(?:and|do|does|did|is|are|was|were|it|they)\b|\s*[?.,;]|\s*$)",
    re.I,
)
NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?"
    r"|millions?|billions?|dozens?|single|double|triple|once|twice)\b",
    re.I,
)
NEAR_WORDS = 8  # a number this close to the thing counted states its count


def unstated_amount(question: str, passages: list[Passage]) -> str | None:
    """What the question asks to be measured that no passage states ("an amount of money", "a number of codebook
    entries"), or None. A count is stated by a number near the thing counted, or, where no passage names that thing
    in the question's words, by any number at all (the passage may count it in words of its own)."""
    if ASKS_MONEY.search(question) and not any(STATES_MONEY.search(p.text) for p in passages):
        return "an amount of money"
    if not (asked := ASKS_NUMBER.search(question)) or not passages:
        return None
    thing = asked.group(1) or asked.group(2)
    head = re.sub(r"(?:es|s)$", "", thing.split()[-1].lower())  # the thing counted: "entries" of "codebook entries"
    word = re.compile(rf"\b{re.escape(head)}(?:s|es)?\b", re.I)
    named = [p.text for p in passages if word.search(p.text)]
    if not named:
        stated = any(NUMBER.search(p.text) for p in passages)
    else:
        stated = any(_number_near(text, word) for text in named)
    return None if stated else f"a number of {thing}" if asked.group(1) else f"the exact {thing}"


def _number_near(text: str, word: re.Pattern) -> bool:
    tokens = text.split()
    spots = [i for i, token in enumerate(tokens) if word.search(token)]
    return any(NUMBER.search(" ".join(tokens[max(0, i - NEAR_WORDS) : i + NEAR_WORDS + 1])) for i in spots)


def missing_note(missing_terms: list[str], known: Collection[str] = (), left_out_shown: bool = False) -> str:
    """'No indexed paper mentions “Loihi 2”.': what part of a question the papers could not answer (a description
    such as "an amount of money" stays unquoted). Terms the library has (`known`) but the papers found do not are
    said as such: "None of the papers found mentions …", or, when the papers shown before were left out, "No indexed
    paper besides those shown before mentions …"."""
    named = " or ".join(term if term.startswith(("an ", "a ", "the ")) else f"“{term}”" for term in missing_terms)
    if not any(term in known for term in missing_terms):
        return f"No indexed paper mentions {named}."
    where = "No indexed paper besides those shown before" if left_out_shown else "None of the papers found"
    return f"{where} mentions {named}."


def unstated_text(titles: list[str], asked: list[str], discussed: bool) -> str:
    """'“QZO: …”, discussed above, does not mention “learning rate” or “batch size”, so it does not answer this.'"""
    named = " or ".join(f"“{phrase}”" for phrase in asked)
    papers = "; ".join(f"“{clean_latex(title)}”" for title in titles)
    where = ", discussed above," if discussed else ""
    subject, verb = (papers, "does") if len(titles) == 1 else (f"The papers {papers}", "do")
    return f"{subject}{where} {verb} not mention {named}, so the indexed papers do not answer this question."


def refusal_text(
    passages: list[Passage], missing_terms: list[str] | None = None, known: Collection[str] = (), left_out: bool = False
) -> str:
    """'No indexed paper mentions Loihi 2.' when the question's key terms are absent (see missing_note); the closest
    papers after. When the papers shown before were `left_out` ("any others?") and nothing else is found, it says
    so: those were all."""
    if missing_terms:
        note = missing_note(missing_terms, known, left_out)[:-1]
        text = f"{note}, so the indexed papers do not answer this question."
    elif left_out and not passages:
        text = NOTHING_MORE
    else:
        text = REFUSAL
    if passages:
        closest = "; ".join(f"“{clean_latex(p.title)}”" for p in unique_papers(passages)[:3])
        text += f" The closest papers found were: {closest}, but they do not address it."
    return text


def closest_papers(question: str, passages: list[Passage], min_relevance: float) -> list[str]:
    """The papers whose passages are evidence rather than context: the best passage's paper, and any other whose
    best passage comes within SUPPORT_MARGIN of it (and above `min_relevance`); in order of their best passage."""
    scores = evidence(question, passages)
    best = max(scores, default=0.0)
    floor = min(best, max(min_relevance, best - SUPPORT_MARGIN))
    return list(dict.fromkeys(p.paper_id for p, score in zip(passages, scores, strict=True) if score >= floor))


def unique_papers(passages: list[Passage]) -> list[Passage]:
    """The first (best) passage of each paper, in order."""
    seen: dict[str, Passage] = {}
    for passage in passages:
        seen.setdefault(passage.paper_id, passage)
    return list(seen.values())


def refusal_of(passages: list[Passage], missing_terms: list[str], weak: bool) -> Refusal:
    """The reason for a refusal as data, matching what refusal_text says: the terms no paper has, no passage
    found, passages too far from the question, or none that supports an answer."""
    if missing_terms:
        reason = "missing_terms"
    elif not passages:
        reason = "no_passages"
    else:
        reason = "weak_evidence" if weak else "not_supported"
    closest = [passage.paper_id for passage in unique_papers(passages)[:3]]
    return Refusal(reason=reason, missing_terms=list(missing_terms), closest_papers=closest)
