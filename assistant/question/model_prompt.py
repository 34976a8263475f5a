"""What a model is shown to read a question: the conversation state (each earlier question and the papers its
answer showed, numbered once across the conversation), the rules' plan in the reply's own terms as a hint, and the
library's categories and source kinds, which a question may name in words the catalog writes otherwise.

The conversation state is conversation.normalise_history's: an earlier answer's papers are its data (`considered`,
else its citations) when the history holds it, else the titles its text writes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from paperchat.assistant.question.catalog_facts import CatalogFacts, catalog_facts
from paperchat.assistant.question.conversation import Exchange, normalise_history
from paperchat.assistant.question.library import LibraryView
from paperchat.assistant.question.model_reader import MODEL_SET, NUMBERED
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.papers import Paper

MAX_TURNS = 6  # earlier turns shown; older ones rarely matter and cost the model time
MAX_PAPERS_PER_TURN = 20  # papers shown per earlier answer
MAX_VOCABULARY = 60  # categories or source kinds listed; a larger library lists its most common


@dataclass(frozen=True)
class ModelPrompt:
    """The fields of the planning prompt, and the ids of the earlier papers in the order it numbers them."""

    conversation: str
    hint: str
    categories: str
    formats: str
    earlier: list[str]


def build_prompt(history: Sequence[object] | None, rules_plan: QuestionPlan, library: LibraryView) -> ModelPrompt:
    """The prompt's fields for a question asked after `history` (its last MAX_TURNS turns). Each earlier paper gets
    one number, at its first appearance, used again wherever it appears later, so a reply names papers, not
    positions in one answer."""
    facts = catalog_facts(library)
    earlier: list[str] = []
    lines: list[str] = []
    turns: list[Exchange] = normalise_history(history)[-MAX_TURNS:]
    for n, turn in enumerate(turns, 1):
        lines.append(f"Turn {n}. Question: {turn.question}")
        shown = [paper_id for paper_id in _shown(turn, facts) if paper_id in facts.by_id][:MAX_PAPERS_PER_TURN]
        lines.append("The answer showed these papers:" if shown else "The answer showed no papers.")
        for paper_id in shown:
            if paper_id not in earlier:
                earlier.append(paper_id)
            lines.append(f"[{earlier.index(paper_id) + 1}] {describe(facts.by_id[paper_id])}")
    return ModelPrompt(
        conversation="\n".join(lines) or "(none: this is the first question)",
        hint=json.dumps(as_reply(rules_plan, earlier, facts.by_id), ensure_ascii=False),
        categories=", ".join(facts.most_common("category", MAX_VOCABULARY)) or "(none)",
        formats=", ".join(facts.most_common("formats", MAX_VOCABULARY)) or "(none)",
        earlier=earlier,
    )


def _shown(turn: Exchange, facts: CatalogFacts) -> list[str]:
    """Exchange.papers: the answer's data, else the titles its text writes, found through the facts' titles (a
    text-only answer costs a scan of prepared titles, not normalising every title again: 1 s per answer at 100k)."""
    return list(turn.considered or turn.cited or facts.titles_in(turn.text))


def describe(paper: Paper) -> str:
    """'"Title" (2024-05-01; A, B et al.; code)': what a question may pick an earlier paper by."""
    authors = ", ".join(paper.authors[:3]) + (" et al." if len(paper.authors) > 3 or paper.authors_truncated else "")
    parts = [paper.date or (str(paper.year) if paper.year else "undated"), authors or None, paper.category]
    parts += ["code" if paper.has_code else None, f"{paper.upvotes} upvotes" if paper.upvotes is not None else None]
    return f'"{clean_latex(paper.title)}" ({"; ".join(part for part in parts if part)})'


def as_reply(plan: QuestionPlan, earlier: list[str], by_id: dict[str, Paper]) -> dict:
    """A plan in the reply's terms: papers by title, earlier papers by number, only the filters it sets."""
    reply = {name: getattr(plan, name) for name in MODEL_SET if name in QuestionPlan.model_fields}
    reply["filters"] = {k: v for k, v in plan.filters.describe().items() if k not in ("paper_ids", "exclude_paper_ids")}
    reply["named_papers"] = [clean_latex(by_id[i].title) for i in plan.named_papers if i in by_id]
    for name in NUMBERED:
        if name in QuestionPlan.model_fields:
            reply[name] = [earlier.index(i) + 1 for i in getattr(plan, name) if i in earlier]
    return reply
