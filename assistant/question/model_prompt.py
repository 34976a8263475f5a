"""What a model is shown to read a question: the conversation state (each earlier question and the papers its
answer showed, numbered once across the conversation), the rules' plan in the reply's own terms as a hint, and the
library's categories and source kinds, which a question may name in words the catalog writes otherwise.

Conversation state is data where the history holds it: an earlier `Answer` (or its `to_dict()`) gives its papers
as `considered` (in the order shown), else as its citations. A plain `{"role", "content"}` or `(question, answer)`
history gives them by the titles the answer text contains, in the order it writes them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from paperchat.assistant.question.catalog_facts import catalog_facts
from paperchat.assistant.question.library import LibraryView
from paperchat.assistant.question.model_reader import MODEL_SET
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.papers import Paper

MAX_TURNS = 6  # earlier turns shown; older ones rarely matter and cost the model time
MAX_PAPERS_PER_TURN = 20  # papers shown per earlier answer
MAX_VOCABULARY = 60  # categories or source kinds listed; a larger library lists its most common


@dataclass
class EarlierTurn:
    """One earlier question and the paper ids its answer showed, in order."""

    question: str
    papers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ModelPrompt:
    """The fields of the planning prompt, and the ids of the earlier papers in the order it numbers them."""

    conversation: str
    hint: str
    categories: str
    formats: str
    earlier: list[str]


def earlier_turns(history: Sequence[object] | None, library: LibraryView) -> list[EarlierTurn]:
    """The conversation's earlier turns, oldest first; the last MAX_TURNS of them."""
    turns: list[EarlierTurn] = []
    for item in history or []:
        if isinstance(item, tuple):
            question, answer = item
            turns.append(EarlierTurn(str(question)))
            _answered(turns, answer, library)
            continue
        data = _as_dict(item)
        if "role" in data:
            if data["role"] == "user":
                turns.append(EarlierTurn(str(data.get("content") or "")))
            elif data["role"] == "assistant":  # the turn may carry its papers as data beside its text
                _answered(turns, data if {"considered", "citations"} & data.keys() else data.get("content"), library)
        elif "question" in data:  # an Answer's dict
            turns.append(EarlierTurn(str(data["question"])))
            _answered(turns, data, library)
    return turns[-MAX_TURNS:]


def _as_dict(item: object) -> dict:
    if isinstance(item, dict):
        return item
    to_dict = getattr(item, "to_dict", None)
    return to_dict() if callable(to_dict) else {}


def _answered(turns: list[EarlierTurn], answer: object, library: LibraryView) -> None:
    """Set the papers of the latest turn from its answer: data when the answer is one, else its text's titles."""
    if not turns:
        turns.append(EarlierTurn(""))
    data = answer if isinstance(answer, dict) else _as_dict(answer)
    if data:
        cited = [c.get("paper_id") for c in data.get("citations") or [] if isinstance(c, dict)]
        shown = [str(paper_id) for paper_id in (data.get("considered") or cited) if paper_id]
    else:
        shown = catalog_facts(library).titles_in(str(answer or ""))
    turns[-1].papers = list(dict.fromkeys(shown))


def build_prompt(turns: list[EarlierTurn], rules_plan: QuestionPlan, library: LibraryView) -> ModelPrompt:
    """The prompt's fields. Each earlier paper gets one number, at its first appearance, used again wherever it
    appears later, so a reply's scope names papers, not positions in one answer."""
    facts = catalog_facts(library)
    by_id = facts.by_id
    earlier: list[str] = []
    lines: list[str] = []
    for n, turn in enumerate(turns, 1):
        lines.append(f"Turn {n}. Question: {turn.question}")
        shown = [paper_id for paper_id in turn.papers if paper_id in by_id][:MAX_PAPERS_PER_TURN]
        lines.append("The answer showed these papers:" if shown else "The answer showed no papers.")
        for paper_id in shown:
            if paper_id not in earlier:
                earlier.append(paper_id)
            lines.append(f"[{earlier.index(paper_id) + 1}] {describe(by_id[paper_id])}")
    return ModelPrompt(
        conversation="\n".join(lines) or "(none: this is the first question)",
        hint=json.dumps(as_reply(rules_plan, earlier, by_id), ensure_ascii=False),
        categories=", ".join(facts.most_common("category", MAX_VOCABULARY)) or "(none)",
        formats=", ".join(facts.most_common("formats", MAX_VOCABULARY)) or "(none)",
        earlier=earlier,
    )


def describe(paper: Paper) -> str:
    """'"Title" (2024-05-01; A, B et al.; code)': what a question may pick an earlier paper by."""
    authors = ", ".join(paper.authors[:3]) + (" et al." if len(paper.authors) > 3 or paper.authors_truncated else "")
    parts = [paper.date or (str(paper.year) if paper.year else "undated"), authors or None, paper.category]
    parts += ["code" if paper.has_code else None, f"{paper.upvotes} upvotes" if paper.upvotes is not None else None]
    return f'"{clean_latex(paper.title)}" ({"; ".join(part for part in parts if part)})'


def as_reply(plan: QuestionPlan, earlier: list[str], by_id: dict[str, Paper]) -> dict:
    """A plan in the reply's terms: papers by title, scope by number, only the filters it sets."""
    reply = {name: getattr(plan, name) for name in MODEL_SET if name in QuestionPlan.model_fields}
    reply["filters"] = {k: v for k, v in plan.filters.describe().items() if k != "paper_ids"}
    reply["named_papers"] = [clean_latex(by_id[i].title) for i in plan.named_papers if i in by_id]
    reply["scope"] = [earlier.index(paper_id) + 1 for paper_id in plan.scope if paper_id in earlier]
    return reply
