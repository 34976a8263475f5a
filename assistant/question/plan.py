"""The question plan: what one reading of a question (and the conversation before it) found. The Assistant executes
the plan and reads nothing else of the question."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from paperchat.assistant.filters import Filters
from paperchat.assistant.question.holdings import without_request
from paperchat.assistant.question.spelling import other_spellings

Kind = Literal["passages", "list", "count", "lookup", "summary", "compare"]
Sort = Literal["oldest", "newest", "most_authors", "fewest_authors", "most_upvoted", "least_upvoted"]
# How a follow-up relates to the answer before it (None: a question of its own):
# pronoun - about the paper(s) pointed at; narrow - the earlier papers that meet a constraint or topic;
# superlative - the first of the earlier papers by a sort; compare - how the earlier papers differ;
# expand - more papers on the topic, leaving out those shown; clarify - a corrected target, searched afresh;
# continue - the previous question's form with this one's constraints ("And in 2024?").
FollowUp = Literal["pronoun", "narrow", "superlative", "compare", "expand", "clarify", "continue"]
CatalogField = Literal[
    "date", "authors", "first_author", "authors_count", "category", "org", "code_url", "upvotes", "title"
]


# "Which papers here are about", "are there any papers that", "does the collection have papers which": the ask's frame.
LIST_FRAMING = re.compile(
    r"^\W*(?:(?:which|what|are there|is there|does the (?:collection|library) have|do you have|list|show(?: me)?|find"
    r"|give me|how many)\s+)?(?:any\s+|other\s+|more\s+)*(?:papers?|works?|studies|entries|articles|publications)\s+"
    r"(?:here\s+|in the (?:collection|library)\s+)?(?:that\s+|which\s+|where\s+|who\s+)?(?:is\s+|are\s+)?"
    r"(?:about\s+)?",
    re.I,
)


LIKENED = re.compile(r"([\w.]+(?:-[\w.]+)*?)-(?:style|like|type|inspired|esque)\b", re.I)  # "GaLore-style"
# A name in a negated phrase is what the papers need not be: "even if they don't carry the GaLore name", "besides
# LoRA", "other than Muon", "without RLHF".
NEGATED = re.compile(
    r"\b(?:not|don'?t|doesn'?t|didn'?t|never|without|besides|except|apart from|other than|beyond|rather than|instead"
    r" of)\s+((?:(?!but\b)[\w.'’-]+[ \t]*){1,5})",
    re.I,
)
NAME = re.compile(r"[\w.]+(?:-[\w.]+)*")


class QuestionPlan(BaseModel):
    """One question, read. `kind` says how to answer:
    - passages: retrieve by `topic` (within `filters`) and answer from the passages;
    - list / count: the papers about `topic` within `filters` (all papers within them when `topic` is "");
    - lookup: a catalog fact (`asked_field`) of the named papers, or of the best paper for `topic`, or the paper
      that comes first by `sort` among those within `filters`;
    - summary: what the named paper (or the best paper for `topic`) contributes;
    - compare: how the named papers differ."""

    question: str = Field(description="The question as asked.")
    kind: Kind = "passages"
    topic: str = Field("", description="Text to retrieve with, constraint phrases removed; '' when none is left.")
    filters: Filters = Field(default_factory=Filters, description="Every constraint the question states.")
    named_papers: list[str] = Field(default_factory=list, description="Paper ids named by title or short name.")
    sort: Sort | None = None
    asked_field: CatalogField | None = Field(None, description="The catalog field that is the answer.")
    asked_fields: list[CatalogField] = Field(
        default_factory=list, description="Every catalog field asked for, `asked_field` first."
    )
    notes: list[str] = Field(
        default_factory=list, description="What the reading decided softly (a typo read as a name), to be said."
    )
    yes_no: bool = Field(
        False, description="A yes/no question about given papers: its filters are what is asked, not a selection."
    )
    asked_for: list[str] = Field(
        default_factory=list,
        description="What the question asks for ('learning rate', 'attention heads'): evidence must mention one.",
    )
    count_asked: int | None = Field(None, description="How many papers the question expects ('which two papers').")
    key_terms: list[str] = Field(
        default_factory=list, description="Specific terms (names, versions, datasets, metrics) evidence must contain."
    )
    aliases: dict[str, list[str]] = Field(
        default_factory=dict,
        description="The question's abbreviations and long forms → their other forms the library defines (ZO ↔ "
        "zeroth order): searched too, and accepted as mentions.",
    )
    absent_terms: list[str] = Field(
        default_factory=list, description="Key terms that no document of the library contains (document frequency 0)."
    )
    list_all: bool = Field(False, description="The whole catalog (within the filters) was asked for.")
    order: Literal["oldest", "newest"] | None = Field(
        None, description="The date order a list is asked in ('oldest first', 'sorted by date'); None: by relevance."
    )
    follow_up: FollowUp | None = Field(None, description="How the question relates to the answer before it.")
    scope: list[str] = Field(
        default_factory=list, description="Paper ids of earlier answers the question is about: only these answer it."
    )
    exclude: list[str] = Field(
        default_factory=list, description="Paper ids to leave out: shown before (expand), or corrected (clarify)."
    )

    def describe(self) -> str:
        """One line for logs and debugging: kind, topic and every non-empty part."""
        parts = [self.kind, f"topic={self.topic!r}"]
        if not self.filters.is_empty():
            parts.append(f"filters={self.filters.describe()}")
        names = ("follow_up", "named_papers", "sort", "order", "asked_field", "count_asked", "key_terms")
        names += ("absent_terms",)
        for name in (*names, "scope", "exclude"):
            if value := getattr(self, name):
                parts.append(f"{name}={value}")
        parts += ["list_all"] if self.list_all else []
        return " ".join(parts)

    def to_dict(self) -> dict:
        return self.model_dump()

    def defining_terms(self) -> list[str]:
        """The key terms a paper must mention to be in a list: names (LoRA, GPT-2, Muon) the question is about, not
        names it uses to describe a kind ("GaLore-style projection" asks for projections like GaLore's) or negates
        ("even if they don't carry the GaLore name"), nor plain words a paper may put otherwise ("reweight" for
        "weighting")."""
        negated = [name for span in NEGATED.findall(self.topic) for name in NAME.findall(span)]
        likened = {name.lower() for name in LIKENED.findall(self.topic) + negated}
        named = [t for t in self.key_terms if t != t.lower() or any(c.isdigit() for c in t)]
        return [term for term in named if term.lower() not in likened]

    def search_text(self) -> str:
        """What retrieval searches with: the topic (else the question), for a list without its framing ("which papers
        are about …": what papers are about is the rest), the other forms of its abbreviations, and the American
        spelling of its British words (keywords are matched as spelt)."""
        base = self.topic or self.question
        if self.kind in ("list", "count"):
            base = LIST_FRAMING.sub("", without_request(base)) or base
        other = [form for forms in self.aliases.values() for form in forms] + other_spellings(base)
        return f"{base} ({'; '.join(other)})" if other else base

    def constrained(self) -> bool:
        """The question states constraints (authors, years, category, listing, code) that select papers."""
        return not self.filters.is_empty()

    def retrieval_filters(self) -> Filters:
        """The filters with the follow-up scope applied as paper ids, else the named papers, except for lists and
        counts, whose named papers are part of the topic ("which papers build on GaLore"); excluded papers left out."""
        ids = self.scope or ([] if self.kind in ("list", "count") else self.named_papers)
        update: dict = {"paper_ids": list(ids)} if ids else {}
        if self.exclude:
            update["exclude_paper_ids"] = list(self.exclude)
        return self.filters.model_copy(update=update) if update else self.filters
