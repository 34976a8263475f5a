"""How a question follows the answer before it. Rules about the question's form, applied to every kind of answer:

- a question that names a switch ("different topic", "unrelated question") or searches by its own description ("is
  there a paper that …", "which papers …" with no pointer back) stands alone;
- a correction ("sorry, I meant …", "… rather than …") searches afresh for what it describes, leaving out the papers
  it corrects, and keeps the earlier question's ask when it brings none of its own (clarify); a correction to a place
  ("sorry, I meant the second one") takes that paper;
- "other", "else", "any more" ask for more papers on the topic, leaving out every paper shown so far (expand); "the
  other one" is a pointer;
- a pointer back at the earlier papers ("those", "them", "the two", "it", "the second one", or a question with no
  topic of its own) scopes the answer to them: with a sort it picks the first of them (superlative), with a
  comparison it compares them (compare), with a constraint or topic and "only"/"which of those" it keeps those that
  meet it (narrow), and otherwise it asks about them (pronoun). Which papers a pointer means is read by
  `pointers` ("it", an ordinal, "the other one", a description, a family's variant); "it" against a paper picked
  compares those two.
The scope is what the answer is drawn from; a follow-up never starts a new search of the library when it points back.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from paperchat.assistant.question.conversation import Exchange, last_answered, recently_discussed, shown_before
from paperchat.assistant.question.kinds import BOTH_SIDES, COMPARE, read_kind
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.pointers import (
    ONE,
    OTHER,
    described_pick,
    named_by_short_title,
    ordinal_pick,
    other_pick,
    pick_at,
    pointed_at,
    sibling_named,
)
from paperchat.ingest.papers import Paper

SWITCH = re.compile(
    r"\b(?:different|new|unrelated|separate|another|other) (?:topic|question|subject|thing)\b|\bswitch(?:ing)? "
    r"(?:topics?|gears|subjects?)\b|\bchange of (?:topic|subject)\b|\btotally different\b|\bon another note\b"
    r"|\bunrelated\b|\bmoving on\b",
    re.I,
)
CLARIFY = re.compile(
    r"^\W*(?:(?:ah|oh|uh|um|hmm|wait|ok|okay|oh no)\W+)?"
    r"(?:sorry|apologies|apologi[sz]e|oops|my bad|my mistake|no[,.!]|nope|not that(?: one)?|wrong (?:one|paper))\b"
    r"|\bi (?:actually |really )?(?:meant|mean|was (?:actually |really )?(?:thinking of|asking about|referring to"
    r"|looking for|after|interested in|talking about))\b"
    r"|\bnot (?:that|this) one\b",
    re.I,
)
# What the corrected question does not mean: "speech synthesis rather than recognition" drops "recognition".
# The phrase ends at a punctuation mark, within six words (a longer stretch is left whole rather than cut mid-word).
NOT_MEANT = re.compile(
    r"\b(?:rather than|instead of|not)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,5}(?=\s*(?:[,.;:?!()]|$))", re.I
)
EXPAND = re.compile(
    r"\b(?:any|some|are there|what|which|anything|something|show me|list)\s+(?:\w+\s+){0,2}?"
    r"(?:others?|else|more(?=\s*(?:[?.!,]|$|\s+(?:on|about|like|in|from|of|for|related|similar|along)\b|\s+"
    r"(?:papers?|works?|studies|ones|entries|articles|stuff|things?)\b))|additional|further)\b"
    r"|\b(?:other|more|additional|further)\s+(?:[\w-]+\s+){0,6}?(?:papers?|works?|studies|ones|entries|articles)\b"
    r"|^\W*(?:and |any )?(?:others?|more)\W*$|\bwhat else\b|\banything else\b",
    re.I,
)
NARROW = re.compile(
    r"\b(?:only|just|keep(?= (?:only|just|those|these|them|the ones|ones)\b)|narrow|cut|filter|limit|restrict|exclude"
    r"|drop|remove|leave out|which of (?:those|these|them|the above)|any of (?:those|these|them)"
    r"|of (?:those|these|them|the above),?)\b",
    re.I,
)
# "Which of those claims the biggest cut?": an extreme the papers' text states, not a catalog field: asked of them.
TEXT_SUPERLATIVE = re.compile(
    r"\b(?:biggest|largest|highest|lowest|smallest|best|worst|fastest|slowest|strongest)\b", re.I
)
# "how does the M1 model build on that?": a new paper set against the one discussed, as a comparison is.
RELATES_BACK = re.compile(
    r"\b(?:build(?:s|ing)?\s+(?:up)?on|extend(?:s|ing)?|improv(?:e|es|ing)\s+(?:up)?on|go(?:es)?\s+beyond"
    r"|differ(?:s)?\s+from|compare[sd]?\s+(?:to|with)|relate[sd]?\s+to|follow(?:s)?\s+(?:up\s+)?on|succeed(?:s)?"
    r"|replace[sd]?)\s+(?:that|this|it|the (?:earlier|previous|original|first|older)"
    r" (?:one|paper|model|work|version))\b",
    re.I,
)
MAX_COMPARED = 4
TWO = re.compile(r"\b(?:two|both|either|pair|the former|the latter)\b", re.I)


def follow(
    plan: QuestionPlan, history: list[Exchange], papers: list[Paper], read_alone: Callable[[str], QuestionPlan]
) -> QuestionPlan:
    """The plan of `plan.question` as asked after `history` (oldest first). `read_alone` reads any question alone."""
    last = _last_with_papers(history, papers)
    question = plan.question
    if last is None or SWITCH.search(question):
        return plan
    previous = last.papers(papers)
    if CLARIFY.search(question):
        # "Sorry, I meant the second one": a place in a list shown, or "the other one", not a new search.
        if picked := ordinal_pick(question, history, papers) or other_pick(question, history, papers, previous):
            return plan.model_copy(update={"follow_up": "pronoun", "scope": picked, "named_papers": []})
        return _clarify(plan, last, previous, read_alone)
    if len(named := named_by_short_title(question, previous, papers)) > 1 and not plan.named_papers:
        plan = plan.model_copy(update={"named_papers": named, "count_asked": len(named)})  # "conda vs cosmos"
    if not plan.named_papers and (sibling := sibling_named(question, previous, papers)):
        plan = plan.model_copy(update={"named_papers": sibling})  # "the M1 model" after MiniMax-01
    new_names = [paper_id for paper_id in plan.named_papers if paper_id not in previous]
    salient = _brought_in(last, previous)
    pointed = pointed_at(question, plan, history, previous, papers, salient)
    if EXPAND.search(question) and not ONE.search(question) and not (OTHER.search(question) and pointed):
        return _expand(plan, history, papers, read_alone)
    if new_names:
        # "how does it compare with MemAscend?": the earlier paper is one side; "compare WARP and LiNeS" names both.
        back = pointed[:1] or (previous[:1] if RELATES_BACK.search(question) else [])
        if back and (COMPARE.search(question) or RELATES_BACK.search(question)) and len(plan.named_papers) < 2:
            return plan.model_copy(update={"kind": "compare", "named_papers": [*back, *plan.named_papers]})
        return plan
    if not pointed:
        return _continued(plan, last, read_alone) if _continues(plan) else plan
    if plan.named_papers:  # names one of the earlier papers: about that one, and one it describes besides
        others = [paper_id for paper_id in previous if paper_id not in plan.named_papers]
        described = described_pick(question, others, papers) if others else []  # "MKOR and the Gauss-Newton one"
        pointed = [paper_id for paper_id in previous if paper_id in plan.named_papers or paper_id in described]
    if len(pointed) > 2 and TWO.search(question) and plan.count_asked in (None, 2):
        pointed = pointed[:2]  # "which of both", "the two": the first two shown
    scoped = plan.model_copy(update={"scope": pointed, "named_papers": []})
    if plan.sort is not None and not (COMPARE.search(question) and len(pointed) == 1):  # "compared with the older one"
        return scoped.model_copy(update={"follow_up": "superlative", "kind": "lookup", "topic": "", "key_terms": []})
    # "When were they each published?" asks a catalog field of each paper: a lookup, not a comparison.
    field_of_each = plan.kind == "lookup" and plan.asked_field is not None and not plan.topic
    if COMPARE.search(question) and plan.kind not in ("list", "count") and not field_of_each:
        wanted = plan.count_asked or (2 if TWO.search(question) else MAX_COMPARED)
        it = salient or previous[:1]  # what "it" means
        if len(pointed) == 1 and (other_side := _other_side(question, pointed[0], it, previous, history, papers)):
            pointed, wanted = [*other_side, pointed[0]], 2  # "how does it differ from the January one"
        elif len(pointed) == 1 and pick_at(question) < len(question):
            wanted = 1  # "the third one: how long a sequence can it handle compared with before?" is asked of it
        if len(pointed) < wanted and plan.named_papers:  # "MKOR and the Gauss-Newton one": another paper shown
            others = [paper_id for paper_id in previous if paper_id not in pointed]
            described = described_pick(question, others, papers)
            if described or BOTH_SIDES.search(question):
                pointed += (described or others)[: wanted - len(pointed)]
        if len(pointed) < wanted and not plan.named_papers:  # "compare the two" after one: the two discussed last
            pointed = recently_discussed(history, papers, wanted)
        if len(pointed) >= 2:
            return scoped.model_copy(update={"follow_up": "compare", "kind": "compare", "scope": pointed[:wanted]})
    narrows = NARROW.search(question) and (plan.constrained() or plan.topic) and not TEXT_SUPERLATIVE.search(question)
    if narrows and len(pointed) > 1:  # one paper is not narrowed: "what does it say people keep fixed" asks of it
        return scoped.model_copy(update={"follow_up": "narrow", "kind": "count" if plan.kind == "count" else "list"})
    return scoped.model_copy(update={"follow_up": "pronoun"})


def _last_with_papers(history: list[Exchange], papers: list[Paper]) -> Exchange | None:
    """The latest answered turn that showed papers, else the latest answered turn."""
    answered = [turn for turn in history if turn.text or turn.considered or turn.cited]
    return next((turn for turn in reversed(answered) if turn.papers(papers)), last_answered(history))


def _other_side(
    question: str, picked: str, it: list[str], previous: list[str], history: list[Exchange], papers: list[Paper]
) -> list[str]:
    """The paper a comparison sets against the one it picked: what "it" means (`it`) when the question says it
    ("how does it compare with the first one"), else an earlier paper it describes ("the first paper you brought up
    … the RLHF one"), among the latest answer's papers (`previous`) first."""
    # "how is its trick different from the first one": "its" before the pick is the paper discussed; "the third one
    # … can it handle" is the pick itself.
    said_it = ONE.search(question)
    if said_it is not None and said_it.start() < pick_at(question) and it and it[0] != picked:
        return it[:1]
    latest = [i for i in previous if i != picked]  # "the RLHF one among those"
    return described_pick(question, latest, papers) or described_pick(
        question, [i for i in shown_before(history, papers) if i != picked], papers
    )


def _brought_in(last: Exchange, previous: list[str]) -> list[str]:
    """The paper a comparison brought in by name ("how does the M1 model build on that?" → MiniMax-M1), named after
    the one it was set against: what "it" means in the next question."""
    named = last.plan.get("named_papers") or []
    return named[-1:] if last.plan.get("kind") == "compare" and named and named[-1] in previous else []


def _continues(plan: QuestionPlan) -> bool:
    """'And in 2025?', 'What about 2024?': constraints with no form of their own continue the previous question."""
    bare = read_kind(plan.question, len(plan.named_papers), False, True).kind == "passages"
    return bare and bool(re.match(r"^\W*(?:and|also|what about|how about|same for)\b", plan.question, re.I))


def _continued(plan: QuestionPlan, last: Exchange, read_alone: Callable[[str], QuestionPlan]) -> QuestionPlan:
    """The previous question's kind and topic, with this question's constraints over the previous ones."""
    if not last.question:
        return plan
    before = read_alone(last.question)
    merged = before.filters.model_copy(update=plan.filters.describe())
    return plan.model_copy(
        update={
            "follow_up": "continue",
            "kind": before.kind,
            "topic": plan.topic or before.topic,
            "filters": merged,
            "sort": before.sort,
            "asked_field": before.asked_field,
            "asked_fields": before.asked_fields,
            "key_terms": plan.key_terms or before.key_terms,
            "absent_terms": plan.absent_terms or before.absent_terms,
            "named_papers": plan.named_papers or before.named_papers,
            "list_all": before.list_all,
        }
    )


def _clarify(
    plan: QuestionPlan, last: Exchange, previous: list[str], read_alone: Callable[[str], QuestionPlan]
) -> QuestionPlan:
    """A correction: its own description, searched afresh, without the paper it corrects (the one the last answer was
    about, unless it names it; after a list, the one it means may be among those listed) and without what it says it
    did not mean; the earlier question's ask when it brings none."""
    # The whole correction describes the target, its scene-setting sentence too ("I meant the one with Lyapunov.").
    topic = re.sub(r"\s{2,}", " ", NOT_MEANT.sub(" ", plan.question)).strip()
    update: dict = {"follow_up": "clarify", "topic": topic or plan.topic, "scope": []}
    # What it corrects is the paper the last answer was about; after a list, the one it means may be on the list.
    corrected = previous if len(previous) == 1 else []
    update["exclude"] = [paper_id for paper_id in corrected if paper_id not in plan.named_papers]
    asks = plan.kind != "passages" or re.search(
        r"\?|\b(?:how|what|which|who|when|why|could|can|summar)", plan.question, re.I
    )
    if not asks and last.question:
        before = read_alone(last.question)
        for name in ("kind", "asked_field", "asked_fields", "sort"):
            update[name] = getattr(before, name)
    return plan.model_copy(update=update)


def _expand(
    plan: QuestionPlan, history: list[Exchange], papers: list[Paper], read_alone: Callable[[str], QuestionPlan]
) -> QuestionPlan:
    """More papers on this question's topic, or the earlier one's when it has none, leaving out all shown so far."""
    update: dict = {"follow_up": "expand", "kind": "count" if plan.kind == "count" else "list", "scope": []}
    update["exclude"] = shown_before(history, papers)
    if not plan.topic:  # "any others?": the topic of the latest question that had one
        for turn in reversed(history):
            before = read_alone(turn.question) if turn.question else None
            if before is not None and before.topic:
                update.update(topic=before.topic, key_terms=before.key_terms, absent_terms=before.absent_terms)
                update["filters"] = before.filters.model_copy(update=plan.filters.describe())
                break
    return plan.model_copy(update=update)
