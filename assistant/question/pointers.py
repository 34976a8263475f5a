"""Which earlier papers a follow-up points at, by the words it points with:

- "those", "them", "the two" → every paper of the latest answer; "it", "this paper" → its first;
- an ordinal ("the second one", "the last of those", "the former") → that place in the latest answer that showed
  that many papers (an answer about one paper has no second, so "the first one" after it means the list before);
  a citation number ("[2]", "reference 2") → the paper the latest answer cited with it;
- "the other one", "the rest" → the papers of an earlier list that the conversation has not been about since;
- "the <description> one" → the one earlier paper the description fits best;
- a paper of the same family as one discussed, by the part of its name that differs ("the M1 model" after
  MiniMax-01 → MiniMax-M1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from paperchat.assistant.question.conversation import Exchange, shown_before
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.ingest.papers import MONTHS, Paper, by_date, date_key, with_dates
from paperchat.ingest.text import content_terms, stem, words

MANY = re.compile(
    r"\b(?:those|these|them|they|their|theirs|both|either|neither|each(?: one)?|all of them|the above"
    r"|(?:that|this|the) list|the ones?|the (?:[\w-]+ ){1,3}ones|which ones?"
    r"|(?:these|those|the|this) (?:two|three|four|five|\d)"
    r"|(?:which|one|some|any|all|none|each|both|either|neither|how many) of (?:them|these|those|the above))\b"
    # "and which squeezes the largest model …": a question that continues the last one chooses among its papers.
    r"|^\W*(?:and|so|ok|okay|then|but)\W+(?:which|who)\b(?!\s+(?:papers?|works?|studies|articles)\b)",
    re.I,
)
ONE = re.compile(
    r"\b(?:it|its|it's|itself|(?:this|that|the same) (?:paper|one|work|study|article|model|method|approach|system"
    r"|benchmark|dataset|preprint|entry)|the (?:paper|work|study|authors?)(?! (?:that|which|where|who|on|about|from|by"
    r"|with|in|for)\b)|he|she|his|her)\b",
    re.I,
)
# Words that can only mean several papers ("they" may be one paper's authors): after an answer about one paper they
# point at the list before it.
# (A count, "those two", "both", is left to the caller: it means the papers discussed last, whichever answers.)
SEVERAL = re.compile(r"\b(?:each|all of them|(?:those|these)(?! (?:two|three|four)\b)|the (?:papers|ones))\b", re.I)
# A question that looks for papers by its own description searches the library, pointer words or not.
DESCRIBES_PAPERS = re.compile(
    r"\b(?:is there|are there|do you have|does the (?:collection|library) have|find|look for|any)\s+(?:an?\s+|any\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:papers?|works?|studies|articles|preprints?)\b"
    r"|^\W*(?:which|what) (?:papers?|works?|studies)\b",
    re.I,
)
# "the reinforcement learning one", "the speech paper", "that LoRA one", "the transportation platform": one of the
# earlier papers, by what it is about; "the NVIDIA one" by its organisation too. "The one that relies on a reference
# model": by the clause after "one" (a pronoun for a paper shown; "the paper that …" searches the library).
DESCRIBED_ONE = re.compile(
    r"\b(?:the|that|this) ((?:(?!(?:in|of|for|on|with|to|by|at|from|and|or)\b)[\w.-]+\s+){0,4}?[\w.-]+)\s+"
    r"(?:one|paper|work|study|approach|method|model|system|platform|framework|survey|challenge)\b"
    r"(?!\s+(?:that|which|where|on|in|from|about|by)\b)"
    r"|\bthe one (?:that|which|who|where|with|using|about|on)\s+((?:[\w.'’-]+\s+){0,8}[\w.'’-]+)",
    re.I,
)
PLACE = r"first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th"
THING = r"one|paper|result|work|study|article|entry|item|option|link|reference|source|model|method|approach"
# "the first paper to use GRPO" is a superlative over the library, not a place in a list.
ORDINAL = re.compile(
    rf"\b(?:the )?(?:({PLACE}) (?:{THING})(?!\s+(?:to|that|which|who|where|ever)\b)"
    rf"|({PLACE}) of (?:those|these|them|the (?:two|three|four|five|list|above|papers|ones))|(former|latter))\b",
    re.I,
)
# "the one I asked about first", "the first paper you brought up": the first paper of the conversation, not of a list.
FIRST_DISCUSSED = re.compile(
    r"\bthe (?:one|paper) (?:i|we) (?:first )?asked (?:you )?about(?: first)?\b|\bthe (?:one|paper) (?:you|i|we) "
    r"(?:brought up|mentioned|showed|found) first\b|\bthe first (?:one|paper|work) (?:you|i|we) (?:brought up|mentioned"
    r"|showed|found|suggested|gave|asked about|talked about|discussed)\b|\bthe (?:original|very first) (?:one|paper)\b",
    re.I,
)
# Comparatives pick among the papers discussed; superlatives ("the oldest paper") are sorts, read elsewhere.
OLDER = re.compile(r"\b(?:older|earlier)\b", re.I)
NEWER = re.compile(r"\b(?:newer|later|more recent)\b", re.I)
FULL_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")  # fmt: skip
MONTH_WORDS = MONTHS | {"sept": 9} | {name: number for number, name in enumerate(FULL_MONTHS, 1)}
PLACES = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1, "former": 0, "latter": -1}
PLACES |= {"1st": 0, "2nd": 1, "3rd": 2, "4th": 3, "5th": 4}
CITATION_NUMBER = re.compile(r"\[(\d{1,2})\]|\b(?:reference|ref\.?|source|citation)\s*#?\s*(\d{1,2})\b", re.I)
OTHER = re.compile(
    r"\bthe other (?:one|ones|paper|papers|work|study|article|model|method|approach|entry|two|three)\b"
    # "the rest of the concepts" is part of a paper; "the rest of them", or "the rest" alone, are papers.
    r"|\bthe others\b|\bthe remaining (?:one|ones|paper|papers|two|three)\b"
    r"|\bthe rest (?:of (?:them|those|these|the (?:papers|list)))\b|\bthe rest\W*$",
    re.I,
)


def pointed_at(
    question: str,
    plan: QuestionPlan,
    history: list[Exchange],
    previous: list[str],
    papers: Sequence[Paper],
    salient: list[str] | None = None,
) -> list[str]:
    """The earlier papers the question points at ([] when it points at none). `previous` is what the latest answer
    with papers showed: "those" or a question with no topic, constraint or form of its own means all of them; "it"
    means the `salient` paper when there is one (brought in by name), else the first of them."""
    if not previous or DESCRIBES_PAPERS.search(question) and not MANY.search(question):
        return []
    if (picked := ordinal_pick(question, history, papers)) is not None:
        return picked
    if (others := other_pick(question, history, papers, previous)) is not None:
        return others
    # A description picks among the latest answer's papers, else among all shown ("going back to the low-light one").
    earlier = shown_before(history, papers)
    for candidates in ([previous, earlier] if len(previous) > 1 else [earlier]):
        if len(candidates) > 1 and (picked := described_pick(question, candidates, papers)):
            return picked
    if MANY.search(question):
        if len(previous) == 1 and SEVERAL.search(question):
            return next((shown for turn in reversed(history) if len(shown := turn.papers(papers)) > 1), previous)
        return list(previous)
    if ONE.search(question):
        return salient or previous[:1]
    elliptic = not plan.topic and plan.filters.is_empty() and not plan.list_all and not plan.named_papers
    return list(previous) if elliptic else []


def pick_at(question: str) -> int:
    """Where the question first points at one earlier paper by place, number, "other" or description (its length when
    it does not)."""
    pointers = (FIRST_DISCUSSED, CITATION_NUMBER, ORDINAL, OTHER, DESCRIBED_ONE)
    found = [match.start() for pointer in pointers if (match := pointer.search(question))]
    return min(found, default=len(question))


def ordinal_pick(question: str, history: list[Exchange], papers: Sequence[Paper]) -> list[str] | None:
    """The paper at the place an ordinal or a citation number names; None when none does."""
    if number := CITATION_NUMBER.search(question):
        index = int(number.group(1) or number.group(2)) - 1
        for turn in reversed(history):
            cited = turn.cited or turn.papers(papers)
            if cited:
                return [cited[index]] if 0 <= index < len(cited) else None
        return None
    if FIRST_DISCUSSED.search(question):
        return shown_before(history, papers)[:1] or None
    match = ORDINAL.search(question)
    if match is None:
        return None
    index = PLACES[next(group for group in match.groups() if group).lower()]
    for turn in reversed(history):
        shown = turn.papers(papers)
        if len(shown) >= 2 and (index < len(shown)):  # -1 (the last) needs a list too
            return [shown[index]]
    return None


def other_pick(question: str, history: list[Exchange], papers: Sequence[Paper], focus: list[str]) -> list[str] | None:
    """ "the other one": the papers of the latest earlier list outside `focus` (what the latest answer was about);
    None when the question says no such thing or no earlier answer showed others."""
    if not OTHER.search(question):
        return None
    seen_focus = False
    for turn in reversed(history):
        shown = turn.papers(papers)
        if shown == focus and not seen_focus:
            seen_focus = True  # the latest answer itself: the others are in a list before it
            continue
        if rest := [paper_id for paper_id in shown if paper_id not in focus]:
            return rest
    return None


def described_pick(question: str, previous: list[str], papers: Sequence[Paper]) -> list[str]:
    """The one earlier paper "the <description> one" describes best: by its date when the description gives one
    ("the January one", "the 2024 one", "the older one"), else the only one whose title and abstract share the most of
    the description's words; [] when none, or several equally, do."""
    by_id = _families(papers).by_id
    candidates = [by_id[paper_id] for paper_id in previous if paper_id in by_id]
    for match in DESCRIBED_ONE.finditer(question):  # "the first paper … the RLHF one": the description is the second
        if ORDINAL.match(match.group(0)):
            continue
        description = match.group(1) or match.group(2)
        if (dated := _dated_pick(description, candidates)) is not None:
            return dated
        wanted = content_terms(description)
        fits = {p.paper_id: _fit(wanted, p) for p in candidates}
        best = max(fits.values(), default=(0, 0))
        winners = [paper_id for paper_id, fit in fits.items() if fit == best]
        if best[0] and len(winners) == 1:
            return winners
    return []


def _fit(wanted: set[str], paper: Paper) -> tuple[int, int]:
    """How well a description fits a paper: how many of its words the title and abstract share, then how often they
    use them (the title counting three times): "the RLHF one" is the paper most about RLHF."""
    title = [stem(word) for word in words(f"{paper.title} {paper.org or ''}")]  # the organisation names it too
    abstract = [stem(word) for word in words(paper.abstract)]
    shared = wanted & set(title + abstract)
    return len(shared), sum(3 * title.count(word) + abstract.count(word) for word in shared)


def _dated_pick(description: str, candidates: list[Paper]) -> list[str] | None:
    """The paper a date description picks ([] when it fits none or several), None when the description gives no
    date. A month or year matches the paper's date; "older"/"newer" picks by date among them."""
    said = description.lower().split()
    dated = with_dates(candidates)
    if OLDER.search(description) or NEWER.search(description):
        ordered = by_date(dated)
        return [(ordered[-1] if NEWER.search(description) else ordered[0]).paper_id] if len(ordered) > 1 else []
    months = {MONTH_WORDS[word] for word in said if word in MONTH_WORDS}
    years = {int(word) for word in said if re.fullmatch(r"(?:19|20)\d\d", word)}
    if not months and not years:
        return None
    fitting = [
        p.paper_id
        for p in dated
        if (not months or date_key(p)[1] in months) and (not years or (p.year or date_key(p)[0]) in years)
    ]
    return fitting if len(fitting) == 1 else []


def named_by_short_title(question: str, previous: list[str], papers: Sequence[Paper]) -> list[str]:
    """The earlier papers the question names by the short title before their colon, in any case ("conda" for
    "Conda: Column-Normalized Adam ..."), in the order shown."""
    by_id = _families(papers).by_id
    named = []
    for paper_id in previous:
        short = short_name(by_id[paper_id]) if paper_id in by_id else ""
        said = re.search(rf"(?<!\w){re.escape(short)}(?!\w)", question, re.I) if short else None
        if said and len(short) >= 3:
            named.append(paper_id)
    return named


def sibling_named(question: str, previous: list[str], papers: Sequence[Paper]) -> list[str]:
    """Papers of the same family as one discussed, named by the part of the name that differs: after
    "MiniMax-01: …", "the M1 model" is "MiniMax-M1: …" (a name's stem, then a version or variant)."""
    families = _families(papers)
    stems = {families.of.get(paper_id, "") for paper_id in previous} - {""}
    said = {word.lower() for word in re.findall(r"[\w.]+", question)}
    found = [
        paper_id
        for name_stem in stems
        for variant, paper_id in families.members.get(name_stem, [])
        if variant in said and paper_id not in previous
    ]
    return found if len(found) == 1 else []


@dataclass(frozen=True)
class _Families:
    """The library's papers by the stem of their short name (stem → [(variant, paper id)], paper id → stem), and by
    id."""

    members: dict[str, list[tuple[str, str]]]
    of: dict[str, str]
    by_id: dict[str, Paper]


_families_cache: tuple[Sequence[Paper], _Families] | None = None


def _families(papers: Sequence[Paper]) -> _Families:
    """The families of a library's papers and the papers by id, built once per catalog version (the reader passes
    the same list until the catalog changes), so a follow-up does not read every paper again."""
    global _families_cache
    cached = _families_cache
    if cached is not None and cached[0] is papers:
        return cached[1]
    members: dict[str, list[tuple[str, str]]] = {}
    of: dict[str, str] = {}
    for paper in papers:
        name_stem, variant = _split(paper)
        if name_stem:
            members.setdefault(name_stem.lower(), []).append((variant.lower(), paper.paper_id))
            of[paper.paper_id] = name_stem.lower()
    by_id = {paper.paper_id: paper for paper in papers}
    _families_cache = (papers, _Families(members, of, by_id))  # holding the list keeps its identity from being reused
    return _families_cache[1]


def short_name(paper: Paper) -> str:
    """The short title before a colon, when it is a name of at most three words ("GaLore 2"); else ''."""
    short = paper.title.split(":")[0].strip() if ":" in paper.title else ""
    return short if short and len(short.split()) <= 3 else ""


def _split(paper: Paper) -> tuple[str, str]:
    """A short name's stem and variant, split at its last hyphen or space ("MiniMax-M1" → MiniMax, M1); the variant
    must hold a digit, so a plain word after the stem is not a version (('', '') otherwise)."""
    short = short_name(paper)
    stem, _, variant = short.rpartition("-") if "-" in short else short.rpartition(" ")
    if stem and any(c.isdigit() for c in variant) and len(stem) >= 3:
        return stem.strip(), variant.strip()
    return "", ""
