"""Question → Answer, for every backend alike: read the question once into a plan, then act on the plan only.

Catalog facts, superlatives and lists the constraints pin down come from the catalog; lists by topic retrieve deeply
and keep the papers above a relevance cut; everything else retrieves passages (within the named papers, when the
question names some) for the answerer. The refusal step and the citation contract run after every path.
"""

from __future__ import annotations

import time

from paperchat.assistant.answer_stream import Pieces, Retrieved
from paperchat.assistant.answering.backends import make_planner
from paperchat.assistant.answering.base import Answerer, Draft, Turn
from paperchat.assistant.answering.catalog_route import CatalogRoute
from paperchat.assistant.answering.citations import validate_citations
from paperchat.assistant.answering.paper_lists import (
    LIST_DEPTH,
    MAX_LISTED,
    PASSAGES_PER_SHOWN,
    best_per_paper,
    focused,
    in_order,
    relevant_papers,
)
from paperchat.assistant.answering.refusal import (
    closest_papers,
    missing_note,
    refusal_of,
    refusal_text,
    too_weak,
    unstated_amount,
    unstated_text,
)
from paperchat.assistant.answering.unstated import (
    asks_event_date,
    paper_text,
    unknown_words,
    unstated_event_date,
    unstated_names,
)
from paperchat.assistant.config import Settings
from paperchat.assistant.filters import Filters, merge_filters
from paperchat.assistant.index.paper_index import PaperIndex
from paperchat.assistant.question.asked import stated_in
from paperchat.assistant.question.index_library import IndexLibrary
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.reader import read_question
from paperchat.assistant.question.terms import is_name_shaped, missing_terms, must_be_mentioned
from paperchat.assistant.results import Answer, Passage
from paperchat.assistant.retrieval.retriever import Retriever, source_from
from paperchat.ingest.text import keyword_terms

PER_NAMED_PAPER = 3  # passages retrieved from each paper a summary or comparison names
UNMENTIONED_TERM_MARGIN = 0.1
ONE_PAPER_KINDS = ("passages", "summary", "lookup")  # questions about a detail of one paper


class AnswerEngine:
    def __init__(self, index: PaperIndex, retriever: Retriever, answerer: Answerer, settings: Settings) -> None:
        self.index = index
        self.retriever = retriever
        self.answerer = answerer
        self.settings = settings
        self.library = IndexLibrary(index.catalog)
        self.catalog = CatalogRoute(index, retriever, settings)
        self.planner = make_planner(settings)  # None offline: the rules read every question

    def plan(
        self,
        question: str,
        history: list[Turn] | None = None,
        filters: Filters | None = None,
        timings: dict[str, float] | None = None,
    ) -> QuestionPlan:
        """The question read once; filters the caller set win over those the question states. With a model
        configured, the model reads it too, and its plan replaces the rules' when it holds (answering.planner)."""
        plan = read_question(question, self.library, history)
        if self.planner is not None:
            plan = self.planner.read(question, history, plan, self.library, {} if timings is None else timings)
        if filters is not None:  # even an empty set may name inferred filters to ignore
            plan.filters = merge_filters(filters, plan.filters)
            if filters.paper_ids:
                # Papers the caller pinned the question to are the papers it is about, as if it named them: "it" is
                # the chosen paper, not the last answer's; papers the question names besides come after it.
                pinned = list(filters.paper_ids)
                plan.named_papers = pinned + [paper for paper in plan.named_papers if paper not in pinned]
                plan.scope = []
        return plan

    def run(self, question: str, history: list[Turn], filters: Filters | None, k: int | None) -> Pieces:
        """The retrieved passages (when the answer is written from passages), text pieces as the answerer writes
        them, then the checked Answer."""
        started = time.perf_counter()
        timings: dict[str, float] = {}
        plan = self.plan(question, history, filters, timings)
        timings["plan"] = time.perf_counter() - started
        draft, passages, missing, shown, relaxed = Draft("", refused=True), [], [], None, ""
        weak, unstated_terms = False, []
        # The paper's own date does not answer when something else happened (founded, born): the passages must.
        event = plan.kind == "lookup" and plan.asked_field == "date" and asks_event_date(question)
        catalog = None if event else self.catalog.answer(plan, timings, k)
        if catalog is not None:
            draft, passages, papers = catalog
            shown = [paper.paper_id for paper in papers]
            if draft.refused:  # a lookup of a name no paper has says so
                missing = [term for term in plan.absent_terms if is_name_shaped(term)]
        else:
            passages = self._retrieve(plan, k, timings)
            named = bool(plan.named_papers or plan.scope)  # papers the question names or points back at are evidence
            missing, unsaid, weak = self._gaps(plan, question, passages, named)
            given = Filters(**{n: v for n, v in (filters or Filters()).describe().items() if n != "ignore_inferred"})
            if (weak or not passages) and not missing and not named and plan.topic and plan.filters != given:
                # The constraints the question states leave nothing about the topic: answer without them (never
                # without the filters the caller set), and say so.
                loose = plan.model_copy(update={"filters": given})
                loose_passages = self._retrieve(loose, k, timings)
                loose_missing, loose_unsaid, loose_weak = self._gaps(loose, question, loose_passages, named)
                if loose_passages and not loose_missing and not loose_weak:
                    stated = plan.filters.sentence().removeprefix("Filters applied: ").rstrip(".")
                    relaxed = f"No indexed paper about this matches {stated}; without that constraint:"
                    plan, passages, missing, weak = loose, loose_passages, loose_missing, loose_weak
                    unsaid = loose_unsaid
            yield Retrieved(passages)  # the sources can be shown while the answer is written
            if named and not missing and (unstated := self._unstated(plan)):
                draft = Draft("", refused=True, reason=unstated)
                passages, unstated_terms = [], list(plan.asked_for)
            elif unsaid[0] and not missing and not weak:  # the closest papers never say what the question is about
                unstated_terms, titles = unsaid
                draft = Draft("", refused=True, reason=unstated_text(titles, unstated_terms, bool(plan.scope)))
            t0 = time.perf_counter()
            # Absent key terms refuse, but a comparison or list of several named things answers the part it can.
            partial = named and plan.kind in ("compare", "list", "count")
            if (weak or not passages) and not missing and plan.kind in ("list", "count") and plan.constrained():
                # The topic matched nothing well, but the constraints pick papers: they are the evidence.
                matching = self.catalog.matching(plan.retrieval_filters())
                draft, passages, papers = self.catalog.draft(plan, matching, [], k=k)
                shown = [paper.paper_id for paper in papers]
            elif passages and not (missing and not partial) and not weak and not draft.reason:
                for piece in self.answerer.stream(question, passages, plan.kind):
                    if isinstance(piece, Draft):
                        draft = piece
                    else:
                        yield piece
            timings["answer"] = time.perf_counter() - t0
        checked = validate_citations(draft.text, passages, draft.snippets)
        refused = draft.refused or not checked.citations
        known = [term for term in missing if term not in plan.absent_terms]  # in the library, not in what was found
        text = (draft.reason or refusal_text(passages, missing, known, bool(plan.exclude))) if refused else checked.text
        if plan.kind == "count" and shown is None and not refused:  # a count answers with a number first
            text = f"{len(checked.citations)} indexed papers are about this:\n{text}"
        if missing and not refused:  # part of the question answered: say what is missing
            text += f"\n\n{missing_note(missing, known, bool(plan.exclude))}"
        if shown is None and (stated := relaxed or plan.filters.sentence()):
            text = f"{stated}\n\n{text}"
        if plan.scope and shown is None and not refused:  # a follow-up answered from the papers discussed
            text = f"{_about_scope(len(plan.scope))}\n\n{text}"
        if plan.notes:  # what the question was read as, where it was read softly
            text = " ".join(plan.notes) + f"\n\n{text}"
        cited = list(dict.fromkeys(citation.paper_id for citation in checked.citations))
        timings["total"] = time.perf_counter() - started
        yield Answer(
            question=question,
            text=text,
            citations=[] if refused else checked.citations,
            passages=passages,
            refused=refused,
            unlisted=[] if refused else _unlisted(shown, passages),
            filters=plan.filters.describe(),
            warnings=[] if refused else checked.warnings + k_notes(plan.kind, k, shown is not None),
            timings={key: round(value, 4) for key, value in timings.items()},
            refusal=refusal_of(passages, missing or unstated_terms, weak) if refused else None,
            # What the next turn's "it" and "those" point at: the papers shown, else cited, else the ones looked at.
            considered=(shown if shown and not refused else cited) or list(plan.scope),
            plan=plan.to_dict(),
        )

    def _gaps(
        self, plan: QuestionPlan, question: str, passages: list[Passage], named: bool
    ) -> tuple[list[str], tuple[list[str], list[str]], bool]:
        """What the evidence lacks: the terms a refusal names as absent from the library, what the closest papers
        never mention of what the question is about (the terms, and those papers' titles), and whether the passages
        are too weak to answer.

        A name no paper has (MiniMax-M3, NVFP4) is missing; a plain word no paper has ("microscaling") may be the
        asker's own word for what the papers say otherwise, so the passages decide. A specific term the library has
        but neither the retrieved passages nor their papers mention may be paraphrased there ("bf16", "bfloat16"):
        then the passages must match the rest of the question clearly better than usual, and a versioned or
        hyphenated name must appear as is. The papers a question names or points back at answer it, but not about a
        versioned name they never mention ("ARC-AGI-3" of a paper that reports ARC-AGI-2). A question about a detail
        of one paper is not answered when the closest papers never mention a name it uses, when a specific word of
        it is in no paper at all, or when it asks the date of an event no passage dates (answering.unstated)."""
        papers = self.index.catalog.papers_by_id({p.paper_id for p in passages}) if passages else {}
        texts = [p.text for p in passages] + [paper_text(paper) for paper in papers.values()]
        unmentioned = missing_terms(plan, texts) if passages and not named else []
        absent = [t for t in plan.absent_terms if is_name_shaped(t) and (named or t in unmentioned)]
        if named and not absent:
            texts = [f"{p.title} {p.abstract} {p.full_text}" for p in self._named_papers(plan)]
            absent = [term for term in missing_terms(plan, texts) if must_be_mentioned(term)] if texts else []
        needed = self._min_relevance + (UNMENTIONED_TERM_MARGIN if unmentioned else 0.0)
        weak = not named and too_weak(plan.topic or question, passages, needed)
        missing = absent or (unmentioned if weak else [t for t in unmentioned if must_be_mentioned(t)])
        if not missing and (amount := unstated_amount(question, passages)):
            missing = [amount]
        closest = [papers[i] for i in closest_papers(question, passages, self._min_relevance) if i in papers]
        if not missing and (date := unstated_event_date(question, closest, passages)):
            missing = [date]
        if missing or not closest or plan.kind not in ONE_PAPER_KINDS:
            return missing, ([], []), weak
        asked = plan.topic or question  # the ask, not the scene it sets ("my supervisor in Montreal ...")
        unsaid = unstated_names(asked, closest, plan.aliases) + unknown_words(question, self.library, closest)
        return missing, (unsaid, [paper.title for paper in closest]), weak

    def _named_papers(self, plan: QuestionPlan) -> list:
        found = self.index.catalog.papers_by_id(plan.scope or plan.named_papers)
        return [found[paper_id] for paper_id in plan.scope or plan.named_papers if paper_id in found]

    def _also_mentioning(self, plan: QuestionPlan, listed: list[Passage]) -> list[Passage]:
        """The papers a list's defining names (SLAM, GaLore) appear in that retrieval did not reach: every paper
        that has the property belongs in the list, not only those whose passages ranked high."""
        if not (terms := plan.defining_terms()) or len(listed) >= MAX_LISTED:
            return []
        shown = {passage.paper_id for passage in listed}
        more = [paper for paper in self.catalog.mentioning(plan, terms) if paper.paper_id not in shown]
        first = self.index.catalog.first_chunks(paper.paper_id for paper in more[: MAX_LISTED - len(listed)])
        return [
            source_from(paper, *first[paper.paper_id], score=0.0)
            for paper in more[: MAX_LISTED - len(listed)]
            if paper.paper_id in first
        ]

    def _unstated(self, plan: QuestionPlan) -> str:
        """For a question about given papers (named, or pointed back at) that asks for something specific: a refusal
        naming what none of those papers mentions anywhere ("learning rate", "attention heads"), else ''."""
        if plan.kind != "passages" or not plan.asked_for:  # a summary asks what the paper is about: it always says
            return ""
        papers = self._named_papers(plan)
        terms = {term for p in papers for term in keyword_terms(f"{p.title} {p.abstract} {p.full_text}")}
        if not papers or any(stated_in(terms, phrase) for phrase in plan.asked_for):
            return ""
        return unstated_text([p.title for p in papers], plan.asked_for, bool(plan.scope))

    @property
    def _min_relevance(self) -> float:
        return self.settings.answer.min_relevance

    def _retrieve(self, plan: QuestionPlan, k: int | None, timings: dict) -> list[Passage]:
        query = plan.search_text()
        if plan.kind in ("list", "count"):
            # "Any others?" lists the papers that clear the topic's bar, less those shown: the bar is set by the
            # best paper on the topic, shown or not, so that when every relevant paper was shown nothing is listed.
            shown = set(plan.exclude)
            filters = plan.retrieval_filters().model_copy(update={"exclude_paper_ids": None})
            depth = max(k or 0, LIST_DEPTH) + PASSAGES_PER_SHOWN * len(shown)
            passages = self.retriever.retrieve(query, depth, filters, timings)
            listed = relevant_papers(passages, plan.defining_terms(), plan.aliases, shown)
            listed = in_order(listed + self._also_mentioning(plan, listed), plan.order)  # within the filters: not shown
            return listed[:k] if k and plan.kind == "list" else listed  # k papers listed, one passage each
        if plan.kind in ("summary", "compare"):
            per_paper = []
            for paper_id in plan.scope or plan.named_papers:
                only = plan.filters.model_copy(update={"paper_ids": [paper_id]})
                per_paper += self.retriever.retrieve(query, PER_NAMED_PAPER, only, timings)[:1]
            wanted = 1 if plan.kind == "summary" else max(plan.count_asked or 2, len(per_paper))
            if plan.scope or len(per_paper) >= wanted:
                return per_paper
            # Papers described rather than named ("X vs the weight conditioning paper"): the best of the rest.
            others = plan.retrieval_filters().model_copy(update={"paper_ids": None})
            passages = self.retriever.retrieve(query, max(k or 0, LIST_DEPTH), others, timings)
            named = {passage.paper_id for passage in per_paper}
            described = [passage for passage, _ in best_per_paper(query, passages) if passage.paper_id not in named]
            return per_paper + described[: wanted - len(per_paper)]
        passages = self.retriever.retrieve(query, k, plan.retrieval_filters(), timings)
        if plan.count_asked == 1 and not plan.scope and not plan.named_papers:
            return focused(query, passages)
        return passages


def _about_scope(n: int) -> str:
    return "About the paper discussed above:" if n == 1 else f"About the {n} papers discussed above:"


def _unlisted(shown: list[str] | None, passages: list[Passage]) -> list[str]:
    """The papers a catalog answer matched but does not name: a long list names its first ones, each with a passage."""
    named = {passage.paper_id for passage in passages}
    return [paper_id for paper_id in shown or [] if paper_id not in named]


def k_notes(kind: str, k: int | None, from_catalog: bool) -> list[str]:
    """Why `k` (the most sources an answer draws on) changed nothing, for the kinds of question it cannot limit."""
    if k is None:
        return []
    if kind == "count" and not from_catalog:
        return [f"k={k} does not limit a count: every paper found is counted and cited"]
    if kind in ("summary", "compare"):
        return [f"k={k} does not apply to a {kind}: it quotes one passage of each paper it is about"]
    return []
