"""The catalog side of answering: which papers a lookup, superlative, count or constraint-pinned list is about, and
the papers of an earlier answer that a follow-up keeps (narrow) or ranks (superlative).

A follow-up's scope is all it answers from: a narrowing filters the earlier papers and never searches the library
again, and when no earlier paper meets the constraint the answer says so and shows them with the values that fail.
"""

from __future__ import annotations

from paperchat.assistant.answering.base import Draft
from paperchat.assistant.answering.catalog_answers import (
    FIELD_LABELS,
    LISTED,
    SORT_FIELDS,
    catalog_answer,
    field_value,
    paper_line,
    shown_fields,
    top,
    unlisted_fields,
)
from paperchat.assistant.answering.paper_lists import LIST_DEPTH, best_per_paper, relevant_papers
from paperchat.assistant.answering.refusal import too_weak
from paperchat.assistant.config import Settings
from paperchat.assistant.filters import Filters, paper_matches
from paperchat.assistant.index.paper_index import PaperIndex
from paperchat.assistant.question.kinds import FILTER_FIELDS
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.terms import mentions, missing_terms, named_terms
from paperchat.assistant.results import Passage
from paperchat.assistant.retrieval.retriever import Retriever, source_from
from paperchat.ingest.papers import Paper

PER_SCOPED_PAPER = 3  # passages read from each earlier paper when a narrowing asks which are about a topic
# Within the earlier papers, one is about the narrowing's topic when its best passage is this close to the best one.
SCOPED_RELATIVE_CUT = 0.85

CatalogResult = tuple[Draft, list[Passage], list[Paper]]


class CatalogRoute:
    def __init__(self, index: PaperIndex, retriever: Retriever, settings: Settings) -> None:
        self.index = index
        self.retriever = retriever
        self.settings = settings

    def answer(self, plan: QuestionPlan, timings: dict, k: int | None = None) -> CatalogResult | None:
        """Lookups, superlatives, counts, constraint-pinned lists and narrowings, answered from the catalog, naming at
        most `k` papers; None when the question needs passages."""
        scoped = self.scope_papers(plan)
        if plan.yes_no:  # about the papers named, pointed back at, or described ("the Conformer paper")
            found = self.index.catalog.papers_by_id(plan.named_papers)
            papers = scoped or [found[i] for i in plan.named_papers if i in found]
            described = plan.model_copy(update={"filters": Filters()})  # what is asked selects nothing
            papers = papers or self._best_papers_for_topic(described, timings)
            return self._yes_no(plan, papers) if papers else (Draft("", refused=True), [], [])
        if scoped is not None and plan.kind == "lookup":
            chosen = top(scoped, plan.sort, plan.count_asked) if plan.sort else scoped
            return self.draft(plan, chosen, [], len(scoped), k=k)
        if scoped is not None and plan.kind in ("list", "count"):
            return self._narrowed(plan, scoped, timings, k)
        counted = [term for term in plan.key_terms if term not in plan.absent_terms] or named_terms(plan.topic)
        constrained = plan.constrained()
        if plan.kind == "lookup":
            if plan.named_papers:
                found = self.index.catalog.papers_by_id(plan.named_papers)
                papers = [found[paper_id] for paper_id in plan.named_papers if paper_id in found]
            elif plan.sort and plan.topic:  # "the newest of the speech papers": the first of the topic's papers
                about = self._papers_about(plan, timings)
                if not about:
                    return Draft("", refused=True), [], []
                papers = top(about, plan.sort, plan.count_asked)
                if not papers:
                    label = FIELD_LABELS[SORT_FIELDS[plan.sort]]
                    reason = (
                        f"The catalog lists no {label} for the {_papers(len(about))} about this, so none comes first."
                    )
                    return Draft("", refused=True, reason=reason), [], about
                return self.draft(plan, papers, counted, head=f"Of the {_papers(len(about))} about this, {_by(plan)}")
            elif plan.sort or (constrained and not plan.topic):
                papers = top(self.matching(plan.retrieval_filters()), plan.sort, plan.count_asked)
            else:
                papers = self._best_papers_for_topic(plan, timings)
                if not papers:
                    return Draft("", refused=True), [], []
        elif plan.kind == "count" and plan.topic and (named := self.mentioning(plan, counted)):
            papers = named  # "how many papers are about LoRA": every paper that says it, not the best 40 passages
        elif plan.kind in ("count", "list") and (plan.list_all or (constrained and not plan.topic)):
            matching = self.matching(plan.retrieval_filters())
            papers = top(matching, plan.sort, plan.count_asked) if plan.sort else matching
        else:
            return None
        return self.draft(plan, papers, counted, k=k)

    def scope_papers(self, plan: QuestionPlan) -> list[Paper] | None:
        """The earlier papers a follow-up is about, in their order; None for a question of its own."""
        if not plan.scope:
            return None
        found = self.index.catalog.papers_by_id(plan.scope)
        return [found[paper_id] for paper_id in plan.scope if paper_id in found]

    def draft(
        self,
        plan: QuestionPlan,
        papers: list[Paper],
        counted: list[str],
        of: int | None = None,
        head: str = "",
        k: int | None = None,
    ) -> CatalogResult:
        """One line per paper with the fields that answer; `of`: how many earlier papers they were chosen from;
        `k`: the most papers named (a count still counts them all)."""
        total, papers = len(papers), papers[:k] if k else papers
        first = self.index.catalog.first_chunks(p.paper_id for p in papers[:LISTED])
        about = counted if plan.kind == "count" else None
        text, passages = catalog_answer(plan, papers, first, total=total, about_terms=about, head=head)
        if text and of and not head:
            text = f"{_of_earlier(of)}\n{text}"
        if not text:
            return Draft("", refused=True), passages, papers
        if plan.kind == "lookup" and (unlisted := unlisted_fields(plan, papers)):
            said = _unlisted_sentence(unlisted)
            asked = {*plan.asked_fields, plan.asked_field} - {None, "code_url"}
            if len(unlisted) == len(papers) * len(asked):  # nothing asked is known: say so, cite nothing
                return Draft("", refused=True, reason=said), passages, papers
            text += f"\n\n{said}"
        return Draft(text), passages, papers

    def _yes_no(self, plan: QuestionPlan, papers: list[Paper]) -> CatalogResult:
        """Yes or no for each paper, by whether it meets the filters the question asks about, with the fields that
        decide it; "not listed" when the catalog lacks a field a filter needs."""
        first = self.index.catalog.first_chunks(p.paper_id for p in papers)
        fields = shown_fields(plan)
        needed = {FILTER_FIELDS[name] for name in plan.filters.describe() if name in FILTER_FIELDS} - {"code_url"}
        verdicts = [
            None if any(not field_value(p, f) for f in needed) else paper_matches(p, plan.filters) for p in papers
        ]
        words = {True: "Yes", False: "No", None: "Not listed"}
        heads = {True: "Yes.", False: "No.", None: "The catalog does not list this."}
        head = heads[verdicts[0]] if len(set(verdicts)) == 1 else f"Yes for {verdicts.count(True)} of {len(papers)}:"
        lines, passages = [head], []
        for n, (paper, verdict) in enumerate(zip(papers, verdicts, strict=True), 1):
            chunk_id, text = first.get(paper.paper_id, (f"{paper.paper_id}:0", paper.title))
            passages.append(source_from(paper, chunk_id, text, 1.0))
            lines.append(f"- {words[verdict]}: {paper_line(paper, fields, n)[2:]}")
        if unlisted := unlisted_fields(plan, papers):
            lines += ["", _unlisted_sentence(unlisted)]
        return Draft("\n".join(lines)), passages, papers

    def matching(self, filters: Filters) -> list[Paper]:
        return [paper for paper in self.index.catalog.papers() if paper_matches(paper, filters)]

    def _narrowed(self, plan: QuestionPlan, scoped: list[Paper], timings: dict, k: int | None) -> CatalogResult:
        """The earlier papers that meet the question's constraints and, when it has a topic, are about it."""
        kept = [paper for paper in scoped if paper_matches(paper, plan.filters)]
        if plan.topic and kept:
            kept = self._about_topic(plan, kept, timings)
        if kept:
            head = f"Of the {_papers(len(scoped))} discussed above, {len(kept)} {_match(plan, kept)}:"
            return self.draft(plan, kept, [], head=head, k=k)
        wanted = plan.filters.sentence().removeprefix("Filters applied: ").rstrip(".") or f"about {plan.topic}"
        head = f"None of the {_papers(len(scoped))} discussed above matches ({wanted}). They are:"
        shown = plan.model_copy(update={"kind": "list", "filters": plan.filters})
        return self.draft(shown, scoped, [], head=head, k=k)

    def _about_topic(self, plan: QuestionPlan, papers: list[Paper], timings: dict) -> list[Paper]:
        """Of a few papers, those that mention the topic's specific terms, else those whose best passage matches the
        topic well and nearly as well as the best of them."""
        terms = [term for term in plan.key_terms if term not in plan.absent_terms] or named_terms(plan.topic)
        if terms:
            text = {p.paper_id: f"{p.title} {p.abstract} {p.full_text}" for p in papers}
            mentioning = [p for p in papers if any(mentions(text[p.paper_id], term) for term in terms)]
            if mentioning:
                return mentioning
        only = plan.filters.model_copy(update={"paper_ids": [p.paper_id for p in papers]})
        passages = self.retriever.retrieve(plan.search_text(), PER_SCOPED_PAPER * len(papers), only, timings)
        ranked = best_per_paper(plan.topic, passages)
        if not ranked:
            return []
        floor = max(self.settings.answer.min_relevance, ranked[0][1] * SCOPED_RELATIVE_CUT)
        keep = {passage.paper_id for passage, score in ranked if score >= floor}
        return [paper for paper in papers if paper.paper_id in keep]

    def _papers_about(self, plan: QuestionPlan, timings: dict) -> list[Paper]:
        """The papers a list of the topic would name, in its order."""
        passages = self.retriever.retrieve(plan.search_text(), LIST_DEPTH, plan.retrieval_filters(), timings)
        if not passages or too_weak(plan.topic, passages, self.settings.answer.min_relevance):
            return []
        ids = [passage.paper_id for passage in relevant_papers(passages, plan.defining_terms(), plan.aliases)]
        found = self.index.catalog.papers_by_id(ids)
        return [found[paper_id] for paper_id in ids if paper_id in found]

    def mentioning(self, plan: QuestionPlan, terms: list[str]) -> list[Paper]:
        """Papers within the filters whose text mentions one of `terms` (or another form of it the library defines):
        the question's specific terms the library has, or, when the library uses them too widely to call them
        specific, the names in the topic (LoRA)."""
        forms = [form for term in terms for form in [term, *plan.aliases.get(term.upper(), [])]]
        if not forms:
            return []
        return [
            paper
            for paper in self.matching(plan.retrieval_filters())
            if any(mentions(f"{paper.title} {paper.abstract} {paper.full_text}", form) for form in forms)
        ]

    def _best_papers_for_topic(self, plan: QuestionPlan, timings: dict) -> list[Paper]:
        """The paper a lookup is about when it names none: the best-matching one, if it matches well enough."""
        passages = self.retriever.retrieve(plan.search_text(), None, plan.retrieval_filters(), timings)
        if not passages or missing_terms(plan, [p.text for p in passages]):
            return []
        if too_weak(plan.topic or plan.question, passages, self.settings.answer.min_relevance):
            return []
        wanted = plan.count_asked or 1
        ids = list(dict.fromkeys(p.paper_id for p in passages))[:wanted]
        found = self.index.catalog.papers_by_id(ids)
        return [found[paper_id] for paper_id in ids if paper_id in found]


def _papers(n: int) -> str:
    return "paper" if n == 1 else f"{n} papers"


def _of_earlier(n: int) -> str:
    return "About the paper discussed above:" if n == 1 else f"Of the {n} papers discussed above:"


def _match(plan: QuestionPlan, kept: list[Paper]) -> str:
    stated = plan.filters.sentence().removeprefix("Filters applied: ").rstrip(".")
    verb = "matches" if len(kept) == 1 else "match"
    return f"{verb} ({stated})" if stated and not plan.topic else f"{verb} ({plan.topic})" if plan.topic else verb


def _by(plan: QuestionPlan) -> str:
    """'by date (newest):'"""
    assert plan.sort is not None
    return f"by {FIELD_LABELS[SORT_FIELDS[plan.sort]]} ({plan.sort.replace('_', ' ')}):"


def _unlisted_sentence(unlisted: list[tuple[str, str]]) -> str:
    """'The catalog lists no date for “A” or “B”, and no authors for “A”.'"""
    by_field: dict[str, list[str]] = {}
    for label, title in unlisted:
        by_field.setdefault(label, []).append(f"“{title}”")
    parts = [f"no {label} for {' or '.join(titles)}" for label, titles in by_field.items()]
    return f"The catalog lists {', and '.join(parts)}."
