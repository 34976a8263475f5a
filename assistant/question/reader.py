"""Read a question once, with the conversation before it, into a QuestionPlan. Nothing after this step needs the
raw question: the plan carries its kind, topic, constraints, named papers, sort, asked field and key terms."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from paperchat.assistant.question import conversation
from paperchat.assistant.question.abbreviations import Abbreviations
from paperchat.assistant.question.asked import asked_for
from paperchat.assistant.question.asks import split_ask
from paperchat.assistant.question.constraints import read_constraints
from paperchat.assistant.question.english import zipf
from paperchat.assistant.question.follow_up import follow
from paperchat.assistant.question.kinds import (
    EXISTS,
    FILTER_FIELDS,
    ONE_PAPER_REFERENCE,
    YES_NO,
    KindReading,
    read_kind,
)
from paperchat.assistant.question.library import LibraryView, changed_papers
from paperchat.assistant.question.names import KnownNames, Span
from paperchat.assistant.question.order import list_order
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.pointers import ONE as POINTS_AT_PAPERS
from paperchat.assistant.question.terms import absent_terms, has_known_alternative, key_terms, library_spelling
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
    popular have has having had all every whole entire dated undated longest shortest biggest longer shorter bigger
    larger smaller greater fewer newer older earlier later among amongst within between across
    only single one two three four five many much date year released available code under which what who whose when
    where did does do get got so also now then please arxiv show give find name enumerate itself himself herself
    """.split()  # noqa: SIM905 - a word list reads best as words
)


# Words about the conversation itself (thanks, keep only the ones that …): a follow-up made of these and catalog
# words has no topic of its own.
CONVERSATION_WORDS = frozenset(
    """
    thanks thank great nice cool ok okay sure please kindly could would cut down keep narrow filter only just ones
    came come out sorry interesting fun awesome perfect wonderful hmm hi hey actually really also again instead
    other others else more additional further there in pls plz thx btw fyi different unrelated separate question
    topic switching gears totally
    """.split()  # noqa: SIM905 - a word list reads best as words
)


WHOLE_LIBRARY = re.compile(
    r"\b(?:in|of|across|from) (?:this|the|your|our|my|whole|entire) (?:whole |entire )?(?:library|collection|"
    r"catalog(?:ue)?|index|corpus|pile)\b",
    re.I,
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
    abbreviations: Abbreviations
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
            abbreviations = _cache[2].abbreviations
            removed, added = changed_papers(_cache[2].papers, papers)
            try:
                names.update(removed, added)
                titles.update(removed, added)
                abbreviations.update(removed, added)
                for counts, gone, new in zip(kinds, _kinds(removed), _kinds(added), strict=True):
                    counts.subtract(gone)
                    counts.update(new)
            except BaseException:
                _cache = None  # half updated: the next question reads the library whole
                raise
        else:
            names, titles, kinds = KnownNames.of(papers), TitleIndex(papers), _kinds(papers)
            abbreviations = Abbreviations(papers)
        categories, formats = (frozenset(kind for kind, n in counts.items() if n > 0) for counts in kinds)
        _cache = (library, version, _Reading(papers, names, titles, kinds, abbreviations, categories, formats))
        return _cache[2]  # keeping the library alive in the cache keeps its id from being reused


def _kinds(papers: Sequence[Paper]) -> tuple[Counter[str], Counter[str]]:
    """How many papers have each category, and each source format."""
    return Counter(p.category for p in papers if p.category), Counter(f for p in papers for f in p.formats)


def prepare(library: LibraryView) -> None:
    """Build what reading needs (names and titles of the catalog, the English word list) before the first question,
    so it does not pay the ~1 s of loading."""
    _reading(library)
    key_terms("Warm", library)


def read_question(question: str, library: LibraryView, history: Sequence[object] | None = None) -> QuestionPlan:
    """The plan for `question`, asked after `history` (earlier Answers or their dicts, [{"role", "content"}] turns or
    (question, answer) pairs; see conversation.normalise_history)."""
    reading = _reading(library)
    plan = _read_alone(question, library, reading)
    exchanges = conversation.normalise_history(history)
    if not exchanges:
        return plan
    return follow(plan, exchanges, reading.papers, lambda text: _read_alone(text, library, reading))


def _read_alone(question: str, library: LibraryView, reading: _Reading) -> QuestionPlan:
    question = respelt(question.strip())
    constraints = read_constraints(question, reading.names, reading.categories, reading.formats)
    named = reading.titles.find(question)
    asked = split_ask(question)
    order, order_span = list_order(question)  # "Oldest first, please" orders a list; it is not what is searched
    spans = [*constraints.spans, *([order_span] if order_span else [])]
    topic = _topic(question, spans)
    if asked.has_context:  # the scene a question sets is context: its own topic and terms are the ask's
        in_ask = read_constraints(asked.ask, reading.names, reading.categories, reading.formats)
        # An ask about the whole library ("the oldest paper in this library") takes no topic from the scene.
        ask_order = list_order(asked.ask)[1]
        ask_spans = [*in_ask.spans, *([ask_order] if ask_order else [])]
        topic = _topic(asked.ask, ask_spans) or ("" if WHOLE_LIBRARY.search(asked.ask) else topic)
    terms = [t for t in key_terms(topic, library) if t.lower() not in CATALOG_WORDS] if topic else []
    # One of alternatives ("microcontrollers or IoT-class devices") is the asker's word for the thing, not a word
    # every answer must contain.
    terms = [t for t in terms if not has_known_alternative(topic, t, library)]
    absent = absent_terms(terms, library)
    notes = list(constraints.notes)
    for term in absent:  # a paper's name with a typo ("MemAcsend") names that paper, and the answer says so
        if (near := reading.titles.near(term)) is not None and near[0] not in [i for i, _ in named]:
            named.append((near[0], (0, 0)))
            terms, absent = [t for t in terms if t != term], [t for t in absent if t != term]
            notes.append(f"Reading “{term}” as “{near[1]}”.")
        elif (meant := library_spelling(term, library)) is not None:  # "Gausian splatting": the library's word
            terms, absent = [t for t in terms if t != term], [t for t in absent if t != term]
            topic = re.sub(rf"\b{re.escape(term)}\b", meant, topic)
            notes.append(f"Reading “{term}” as “{meant}”.")
    for term in terms:  # a method's own abbreviation, defined by one paper only, names that paper ("BCWI")
        coined = reading.abbreviations.owner(term) if term.isalnum() and term != term.lower() else None
        if coined is not None and coined not in [i for i, _ in named]:
            named.append((coined, (0, 0)))
    if named and absent and asked.form != asked.ask:
        # "MemAscend is supposed to save host RAM … By how much does it lower …?": beside a paper named, a statement
        # describes it in the asker's words; a word no paper has counts only in the sentence that asks.
        stated = [term for term in absent if term not in asked.form]
        terms, absent = [t for t in terms if t not in stated], [t for t in absent if t not in stated]
        if stated:  # the papers named are searched for what the sentence that asks says
            in_form = read_constraints(asked.form, reading.names, reading.categories, reading.formats)
            topic = _topic(asked.form, in_form.spans) or topic
    # "sorted from oldest to newest" orders a list: its "newest" is no superlative.
    form = asked.form if (in_form := list_order(asked.form)[1]) is None else _cut(asked.form, in_form)
    kind = read_kind(form, len(named), not constraints.filters.is_empty(), bool(topic))
    about_papers = named or POINTS_AT_PAPERS.search(question) or ONE_PAPER_REFERENCE.search(asked.form)
    asks_yes_no = bool(YES_NO.match(asked.form)) and not EXISTS.match(asked.form)
    if asks_yes_no and not constraints.filters.is_empty() and about_papers:
        # "Was MemAscend posted in 2024?", "Does it have code?": each paper's fields answer yes or no.
        fields = [FILTER_FIELDS[name] for name in constraints.filters.describe() if name in FILTER_FIELDS]
        kind = KindReading("lookup", None, fields[0] if fields else None, asked_fields=tuple(dict.fromkeys(fields)))
    return QuestionPlan(
        question=question,
        kind=kind.kind,
        topic=topic,
        filters=constraints.filters,
        notes=notes,
        named_papers=[paper_id for paper_id, _ in named],
        sort=kind.sort,
        asked_field=kind.asked_field,
        asked_fields=list(kind.asked_fields),
        asked_for=asked_for(asked.ask),
        count_asked=kind.count_asked,
        key_terms=terms,
        absent_terms=absent,
        aliases=reading.abbreviations.in_text(topic) if topic else {},
        list_all=kind.list_all,
        order=order if kind.kind in ("list", "count") else None,
        yes_no=kind.kind == "lookup" and asks_yes_no and not constraints.filters.is_empty(),
    )


def _cut(text: str, span: Span) -> str:
    return f"{text[: span[0]]} {text[span[1] :]}".strip()


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
    content = [w for w in words(kept) if not _ignored(w) and len(w) > 1]
    return kept if any(zipf(w) < EVERYDAY_ZIPF for w in content) else ""


IGNORED = QUESTION_NOISE | CATALOG_WORDS | CONVERSATION_WORDS
MISSPELT_RARER = 2.5  # a word this much rarer (zipf) than a question word one letter away misspells it ("actualy")


def respelt(question: str) -> str:
    """The question with misspelt question, catalog and conversation words set right ("other test-time training
    papres?" → "… papers?", "realy" → "really"), so that its form reads as meant; every other word as typed."""
    return re.sub(r"\b[a-z]{5,}\b", lambda match: _known_spelling(match.group(0)), question)


def _known_spelling(word: str) -> str:
    if word in IGNORED or zipf(word) >= EVERYDAY_ZIPF:
        return word
    near = _misspelt(word)
    return near[0] if len(near) == 1 else word


def _ignored(word: str) -> bool:
    """A question, catalog or conversation word, or a misspelling of one (_misspelt)."""
    return word in IGNORED or (len(word) >= 5 and bool(_misspelt(word)))


def _misspelt(word: str) -> list[str]:
    """The question, catalog and conversation words `word` misspells: one letter (or two swapped) away and far
    more common."""
    rare = zipf(word) + MISSPELT_RARER
    return [
        known
        for known in IGNORED
        if len(known) >= 5 and zipf(known) >= rare and OSA.distance(word, known, score_cutoff=1) <= 1
    ]
