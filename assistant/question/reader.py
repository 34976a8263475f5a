"""Read a question once, with the conversation before it, into a QuestionPlan. Nothing after this step needs the
raw question: the plan carries its kind, topic, constraints, named papers, sort, asked field and key terms."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from paperchat.assistant.filters import Filters
from paperchat.assistant.question import conversation
from paperchat.assistant.question.constraints import read_constraints
from paperchat.assistant.question.english import zipf
from paperchat.assistant.question.kinds import COMPARE, read_kind
from paperchat.assistant.question.library import LibraryView, changed_papers
from paperchat.assistant.question.names import KnownNames, Span
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.terms import absent_terms, key_terms, mentions
from paperchat.assistant.question.titles import TitleIndex
from paperchat.ingest.papers import Paper
from paperchat.ingest.text import QUESTION_NOISE, words

# Words about the catalog and about asking, not about what papers say: a question made only of these (once its
# constraints are taken out) has no topic, and its papers are picked by the constraints alone.
CATALOG_WORDS = frozenset(
    """
    paper papers entry entries work works study studies article articles publication publications preprint preprints
    collection library catalog catalogue indexed index listed list lists listing filed categorised categorized
    category categories marked posted published appear appears appeared page profile daily author authors authored
    co co-authored coauthored write writes wrote written
    together jointly organisation organization org name names first last lead latest newest
    oldest earliest recent recently uploaded added most largest fewest smallest least highest number count upvote
    upvotes upvoted received
    popular have has having had all every whole entire
    only single one two three four five many much date year released available code under which what who whose when
    where did does do get got so also now then please arxiv show give find name enumerate itself himself herself
    """.split()  # noqa: SIM905 - a word list reads best as words
)


# A topic has at least one word rarer than the most common English words ("come", "together", "get" are not topics).
EVERYDAY_ZIPF = 5.5


@dataclass(frozen=True)
class _Reading:
    """What reading questions keeps from one catalog version."""

    papers: list[Paper]
    names: KnownNames
    titles: TitleIndex
    kinds: tuple[Counter[str], Counter[str]]  # papers per category and per source format, updated with the library
    categories: frozenset[str]
    formats: frozenset[str]


_cache_lock = threading.Lock()
_cache: tuple[LibraryView, object, _Reading] | None = None


def _reading(library: LibraryView) -> _Reading:
    """Names and titles of the library's current catalog. A new catalog version updates them by its changed papers
    (a library of 100k papers is read whole once, not after every paper added)."""
    global _cache
    version, papers = library.versioned_papers()
    with _cache_lock:
        if _cache is not None and _cache[0] is library and _cache[1] == version:
            return _cache[2]
        if _cache is not None and _cache[0] is library:
            names, titles, kinds = _cache[2].names, _cache[2].titles, _cache[2].kinds
            removed, added = changed_papers(_cache[2].papers, papers)
            try:
                names.update(removed, added)
                titles.update(removed, added)
                for counts, gone, new in zip(kinds, _kinds(removed), _kinds(added), strict=True):
                    counts.subtract(gone)
                    counts.update(new)
            except BaseException:
                _cache = None  # half updated: the next question reads the library whole
                raise
        else:
            names, titles, kinds = KnownNames.of(papers), TitleIndex(papers), _kinds(papers)
        categories, formats = (frozenset(kind for kind, n in counts.items() if n > 0) for counts in kinds)
        _cache = (library, version, _Reading(papers, names, titles, kinds, categories, formats))
        return _cache[2]  # keeping the library alive in the cache keeps its id from being reused


def _kinds(papers: Sequence[Paper]) -> tuple[Counter[str], Counter[str]]:
    """How many papers have each category, and each source format."""
    return Counter(p.category for p in papers if p.category), Counter(f for p in papers for f in p.formats)


def prepare(library: LibraryView) -> None:
    """Build what reading needs (names and titles of the catalog, the English word list) before the first question,
    so it does not pay the ~1 s of loading."""
    _reading(library)
    key_terms("Warm", library)


def read_question(
    question: str, library: LibraryView, history: Sequence[dict] | Sequence[tuple[str, str]] | None = None
) -> QuestionPlan:
    """The plan for `question`, asked after `history` ([{"role", "content"}] or [(question, answer)])."""
    reading = _reading(library)
    plan = _read_alone(question, library, reading)
    turns = conversation.normalise_history(history)
    if not turns:
        return plan
    cited = conversation.cited_papers(turns, reading.papers)
    previous = conversation.previous_question(turns)
    return _as_follow_up(plan, cited, previous, library, reading)


def _read_alone(question: str, library: LibraryView, reading: _Reading) -> QuestionPlan:
    question = question.strip()
    constraints = read_constraints(question, reading.names, reading.categories, reading.formats)
    named = reading.titles.find(question)
    topic = _topic(question, constraints.spans)
    kind = read_kind(question, len(named), not constraints.filters.is_empty(), bool(topic))
    terms = [t for t in key_terms(topic, library) if t.lower() not in CATALOG_WORDS] if topic else []
    return QuestionPlan(
        question=question,
        kind=kind.kind,
        topic=topic,
        filters=constraints.filters,
        named_papers=[paper_id for paper_id, _ in named],
        sort=kind.sort,
        asked_field=kind.asked_field,
        count_asked=kind.count_asked,
        key_terms=terms,
        absent_terms=absent_terms(terms, library),
        list_all=kind.list_all,
    )


def _topic(question: str, spans: list[Span]) -> str:
    """The question with its constraint phrases taken out; '' when only catalog and question words remain."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    kept = question
    for start, end in reversed(merged):
        kept = kept[:start] + " " + kept[end:]
    kept = re.sub(r"\(\s*\)", " ", kept)
    kept = re.sub(r"\s+([,;:?!.])", r"\1", re.sub(r"\s{2,}", " ", kept))
    kept = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", kept).strip(" ,;:?!.")
    content = [w for w in words(kept) if w not in QUESTION_NOISE and w not in CATALOG_WORDS and len(w) > 1]
    return kept if any(zipf(w) < EVERYDAY_ZIPF for w in content) else ""


def _as_follow_up(
    plan: QuestionPlan, cited: list[str], previous: str, library: LibraryView, reading: _Reading
) -> QuestionPlan:
    """A question is a follow-up when it points back (or continues the previous one with no topic of its own) and
    names no paper, and no key term, that the last answer's papers lack. Scope is that answer's papers only."""
    question = plan.question
    new_papers = [paper_id for paper_id in plan.named_papers if paper_id not in cited]
    by_id = {p.paper_id: p for p in reading.papers}
    cited_texts = [f"{by_id[i].title} {by_id[i].abstract} {by_id[i].full_text}" for i in cited if i in by_id]
    new_terms = [t for t in plan.key_terms if not any(mentions(text, t) for text in cited_texts)]
    continues = conversation.continues_previous(question)
    # No topic, constraint or sort of its own: "Why?", "And the second one?"
    elliptic = not plan.topic and plan.filters.is_empty() and plan.sort is None and not plan.list_all
    if plan.kind in ("list", "count"):
        points = conversation.points_back_to_many(question)
    else:
        points = conversation.points_back(question) or elliptic
    if cited and new_papers and conversation.points_back(question) and COMPARE.search(question):
        # "How does it compare with MemAscend?": a new question, comparing the paper pointed at with the one named.
        pointed = [p for p in conversation.pointed_at(question, cited) if p not in plan.named_papers]
        return plan.model_copy(update={"kind": "compare", "named_papers": [*pointed, *plan.named_papers]})
    if not cited or new_papers or new_terms or not points:
        return _continued_form(plan, previous, library, reading) if continues else plan
    scope = conversation.pointed_at(question, cited)
    if plan.named_papers:
        scope = [paper_id for paper_id in cited if paper_id in plan.named_papers]
    followed = _continued_form(plan, previous, library, reading) if continues else plan
    return followed.model_copy(update={"follow_up": True, "scope": scope})


def _continued_form(plan: QuestionPlan, previous: str, library: LibraryView, reading: _Reading) -> QuestionPlan:
    """'And in 2024?' after 'How many papers on LoRA?': the previous question's kind and topic, this one's
    constraints added to the previous ones."""
    # Only a question with no form of its own ("And in 2025?") takes the previous one's.
    if not previous or read_kind(plan.question, len(plan.named_papers), False, True).kind != "passages":
        return plan
    before = _read_alone(previous, library, reading)
    merged = Filters(**{**before.filters.describe(), **plan.filters.describe()})
    return plan.model_copy(
        update={
            "kind": before.kind,
            "topic": plan.topic or before.topic,
            "filters": merged,
            "sort": before.sort,
            "asked_field": before.asked_field,
            "key_terms": plan.key_terms or before.key_terms,
            "named_papers": plan.named_papers or before.named_papers,
        }
    )
