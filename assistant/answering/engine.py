"""Question → Answer, for every backend alike: read the question once into a plan, then act on the plan only.

Catalog facts, superlatives and lists the constraints pin down come from the catalog; lists by topic retrieve deeply
and keep the papers above a relevance cut; everything else retrieves passages (within the named papers, when the
question names some) for the answerer. The refusal step and the citation contract run after every path.
"""

from __future__ import annotations

import time

from paperchat.assistant.answer_stream import Pieces, Retrieved
from paperchat.assistant.answering.base import Answerer, Draft, Turn
from paperchat.assistant.answering.catalog_answers import LISTED, catalog_answer, top
from paperchat.assistant.answering.citations import validate_citations
from paperchat.assistant.answering.paper_lists import LIST_DEPTH, best_per_paper, relevant_papers
from paperchat.assistant.answering.refusal import missing_note, refusal_text, too_weak, unstated_amount
from paperchat.assistant.config import Settings
from paperchat.assistant.filters import Filters, merge_filters, paper_matches
from paperchat.assistant.index.paper_index import PaperIndex
from paperchat.assistant.question.index_library import IndexLibrary
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.reader import read_question
from paperchat.assistant.question.terms import is_name_shaped, mentions, missing_terms, must_be_mentioned, named_terms
from paperchat.assistant.results import Answer, Passage
from paperchat.assistant.retrieval.retriever import Retriever

PER_NAMED_PAPER = 3  # passages retrieved from each paper a summary or comparison names
UNMENTIONED_TERM_MARGIN = 0.1


class AnswerEngine:
    def __init__(self, index: PaperIndex, retriever: Retriever, answerer: Answerer, settings: Settings) -> None:
        self.index = index
        self.retriever = retriever
        self.answerer = answerer
        self.settings = settings
        self.library = IndexLibrary(index.catalog)

    def plan(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None) -> QuestionPlan:
        """The question read once; filters the caller set win over those the question states."""
        plan = read_question(question, self.library, history)
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
        plan = self.plan(question, history, filters)
        timings["plan"] = time.perf_counter() - started
        draft, passages, missing = Draft("", refused=True), [], []
        catalog = self._from_catalog(plan, timings)
        if catalog is not None:
            draft, passages = catalog
            if draft.refused:  # a lookup of a name no paper has says so
                missing = [term for term in plan.absent_terms if is_name_shaped(term)]
        else:
            passages = self._retrieve(plan, k, timings)
            yield Retrieved(passages)  # the sources can be shown while the answer is written
            named = bool(plan.named_papers or plan.scope)  # papers the question names or points back at are evidence
            missing, weak = self._gaps(plan, question, passages, named)
            t0 = time.perf_counter()
            # Absent key terms refuse, but a comparison or list of several named things answers the part it can.
            partial = named and plan.kind in ("compare", "list", "count")
            if (weak or not passages) and not missing and plan.kind in ("list", "count") and plan.constrained():
                # The topic matched nothing well, but the constraints pick papers: they are the evidence.
                catalog = self._catalog(plan, self._matching(plan.filters), counted=[])
                draft, passages = catalog
            elif passages and not (missing and not partial) and not weak:
                for piece in self.answerer.stream(question, passages, plan.kind):
                    if isinstance(piece, Draft):
                        draft = piece
                    else:
                        yield piece
            timings["answer"] = time.perf_counter() - t0
        checked = validate_citations(draft.text, passages, draft.snippets)
        refused = draft.refused or not checked.citations
        text = refusal_text(passages, missing) if refused else checked.text
        if plan.kind == "count" and catalog is None and not refused:  # a count answers with a number first
            text = f"{len(checked.citations)} indexed papers are about this:\n{text}"
        if missing and not refused:  # part of the question answered: say what is missing
            text += f"\n\n{missing_note(missing)}"
        if catalog is None and (stated := plan.filters.sentence()):
            text = f"{stated}\n\n{text}"
        if plan.scope:  # say when a follow-up narrowed the library to what the last answer cited
            scope = "the paper" if len(plan.scope) == 1 else f"the {len(plan.scope)} papers"
            text = f"About {scope} discussed above:\n\n{text}"
        timings["total"] = time.perf_counter() - started
        yield Answer(
            question=question,
            text=text,
            citations=[] if refused else checked.citations,
            passages=passages,
            refused=refused,
            filters=plan.filters.describe(),
            warnings=[] if refused else checked.warnings,
            timings={key: round(value, 4) for key, value in timings.items()},
        )

    def _gaps(self, plan: QuestionPlan, question: str, passages: list[Passage], named: bool) -> tuple[list[str], bool]:
        """What the evidence lacks: the terms a refusal names, and whether the passages are too weak to answer.

        A name no paper has (MiniMax-M3, NVFP4) is missing; a plain word no paper has ("microscaling") may be the
        asker's own word for what the papers say otherwise, so the passages decide. A specific term the library has
        but no retrieved passage mentions may be paraphrased there ("bf16", "bfloat16"): then the passages must match
        the rest of the question clearly better than usual, and a versioned or hyphenated name must appear as is."""
        unmentioned = missing_terms(plan, [p.text for p in passages]) if passages and not named else []
        absent = [t for t in plan.absent_terms if is_name_shaped(t) and (named or t in unmentioned)]
        needed = self._min_relevance + (UNMENTIONED_TERM_MARGIN if unmentioned else 0.0)
        weak = not named and too_weak(plan.topic or question, passages, needed)
        missing = absent or (unmentioned if weak else [t for t in unmentioned if must_be_mentioned(t)])
        if not missing and (amount := unstated_amount(question, passages)):
            missing = [amount]
        return missing, weak

    @property
    def _min_relevance(self) -> float:
        return self.settings.answer.min_relevance

    def _from_catalog(self, plan: QuestionPlan, timings: dict) -> tuple[Draft, list[Passage]] | None:
        """Lookups, superlatives, counts and constraint-pinned lists, answered from the catalog; None otherwise."""
        constrained = plan.constrained()
        counted = [term for term in plan.key_terms if term not in plan.absent_terms] or named_terms(plan.topic)
        if plan.kind == "lookup":
            if plan.named_papers or plan.scope:  # the papers named, or those the question points back at
                found = self.index.catalog.papers_by_id(plan.named_papers or plan.scope)
                papers = [found[paper_id] for paper_id in plan.named_papers or plan.scope if paper_id in found]
            elif plan.sort or (constrained and not plan.topic):
                papers = top(self._matching(plan.filters), plan.sort, plan.count_asked)
            else:
                papers = self._best_papers_for_topic(plan, timings)
                if not papers:
                    return Draft("", refused=True), []
        elif plan.kind == "count" and plan.topic and (named := self._mentioning(plan, counted)):
            papers = named  # "how many papers are about LoRA": every paper that says it, not the best 40 passages
        elif plan.kind in ("count", "list") and (plan.list_all or (constrained and not plan.topic)):
            papers = (
                top(self._matching(plan.filters), plan.sort, plan.count_asked)
                if plan.sort
                else self._matching(plan.filters)
            )
        else:
            return None
        return self._catalog(plan, papers, counted)

    def _catalog(self, plan: QuestionPlan, papers: list, counted: list[str]) -> tuple[Draft, list[Passage]]:
        first = self.index.catalog.first_chunks(p.paper_id for p in papers[:LISTED])
        text, passages = catalog_answer(plan, papers, first, about_terms=counted if plan.kind == "count" else None)
        return (Draft(text) if text else Draft("", refused=True)), passages

    def _mentioning(self, plan: QuestionPlan, terms: list[str]) -> list:
        """Papers within the filters whose text mentions one of `terms`: the question's specific terms the library
        has, or, when the library uses them too widely to call them specific, the names in the topic (LoRA)."""
        if not terms:
            return []
        return [
            paper
            for paper in self._matching(plan.filters)
            if any(mentions(f"{paper.title} {paper.abstract} {paper.full_text}", term) for term in terms)
        ]

    def _matching(self, filters: Filters) -> list:
        return [paper for paper in self.index.catalog.papers() if paper_matches(paper, filters)]

    def _best_papers_for_topic(self, plan: QuestionPlan, timings: dict) -> list:
        """The paper a lookup is about when it names none: the best-matching one, if it matches well enough."""
        passages = self.retriever.retrieve(plan.topic or plan.question, None, plan.retrieval_filters(), timings)
        if not passages or missing_terms(plan, [p.text for p in passages]):
            return []
        if too_weak(plan.topic or plan.question, passages, self._min_relevance):
            return []
        wanted = plan.count_asked or 1
        ids = list(dict.fromkeys(p.paper_id for p in passages))[:wanted]
        found = self.index.catalog.papers_by_id(ids)
        return [found[paper_id] for paper_id in ids if paper_id in found]

    def _retrieve(self, plan: QuestionPlan, k: int | None, timings: dict) -> list[Passage]:
        query = plan.topic or plan.question
        if plan.kind in ("list", "count"):
            passages = self.retriever.retrieve(query, max(k or 0, LIST_DEPTH), plan.retrieval_filters(), timings)
            return relevant_papers(passages, plan.key_terms)
        if plan.kind in ("summary", "compare"):
            if plan.named_papers and not plan.scope:
                per_paper = []
                for paper_id in plan.named_papers:
                    only = plan.filters.model_copy(update={"paper_ids": [paper_id]})
                    per_paper += self.retriever.retrieve(query, PER_NAMED_PAPER, only, timings)[:1]
                return per_paper
            # Papers described rather than named: the best one (summary) or the best few (comparison).
            wanted = 1 if plan.kind == "summary" else plan.count_asked or 2
            passages = self.retriever.retrieve(query, max(k or 0, LIST_DEPTH), plan.retrieval_filters(), timings)
            return [passage for passage, _ in best_per_paper(query, passages)[:wanted]]
        return self.retriever.retrieve(query, k, plan.retrieval_filters(), timings)
