"""A model's reading of a question, taken only when it holds: the reply's JSON schema is generated from
`QuestionPlan`, the reply is validated against it, and every fact it names is checked against the catalog.

A model sets what reading needs judgement for (kind, topic, filters, named papers, sort, asked fields, count, whole
catalog) and, in a conversation, how the question follows up and which earlier papers it is about or leaves out, by
their numbers in the prompt. Papers
are named by title and resolved to ids by the catalog. What follows from those fields (key terms, absent terms) is
computed as for the rules' plan. A reply that is not JSON, does not fit the schema, or names an author, organisation,
category, source kind, paper or earlier paper that does not exist is rejected as a whole: a plan half taken from a
model that misread one hard fact is not trusted on the rest. A name the question itself writes is the asker's word,
not the model's invention, and passes (the answer then says that no paper matches it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache

from pydantic import BaseModel, Field, ValidationError, create_model

from paperchat.assistant.filters import Filters
from paperchat.assistant.question.catalog_facts import CatalogFacts, catalog_facts
from paperchat.assistant.question.library import LibraryView
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.reader import CATALOG_WORDS
from paperchat.assistant.question.terms import absent_terms, key_terms
from paperchat.ingest.text import words

# The plan's fields a model reads from a question; the rest are computed from them or set by callers. A field added
# to QuestionPlan is offered to models once it is named here (its type and description come from QuestionPlan).
MODEL_SET = (
    "kind", "topic", "filters", "named_papers", "sort", "asked_field", "asked_fields", "count_asked", "list_all",
    "follow_up",
)  # fmt: skip
# Plan fields of earlier papers' ids, which a model gives as the numbers the prompt shows them with.
NUMBERED = {
    "scope": "Numbers of the earlier papers the question is about (only these answer it); [] for a new question.",
    "exclude": "Numbers of earlier papers to leave out: those shown before when more are asked for, or the one a "
    "correction says was not meant.",
}
# Filters set by callers and by the conversation, never by reading a question's words.
SET_BY_CALLERS = frozenset({"paper_ids", "exclude_paper_ids", "ignore_inferred", "source"})
SCHEMA_DROPPED = frozenset({"title", "default"})  # keys strict structured output does not accept


class PlanRejected(ValueError):
    """The model's reading was not used; the message says why, for logs."""


@lru_cache(maxsize=1)
def reply_model() -> type[BaseModel]:
    """The shape of a model's reply: the plan's MODEL_SET fields with QuestionPlan's types and descriptions, papers
    named by title, and earlier papers (scope, exclude) by their numbers in the prompt."""
    plan_fields = QuestionPlan.model_fields
    filters = create_model(
        "PlanFilters",
        **{name: (info.annotation, info) for name, info in Filters.model_fields.items() if name not in SET_BY_CALLERS},
    )
    fields: dict = {
        name: (filters if name == "filters" else plan_fields[name].annotation, plan_fields[name])
        for name in MODEL_SET
        if name in plan_fields and name != "named_papers"
    }
    fields["filters"] = (filters, Field(default_factory=filters, description=plan_fields["filters"].description))
    fields["named_papers"] = (
        list[str],
        Field(default_factory=list, description="Titles of the papers the question names, as the library writes them."),
    )
    for name, description in NUMBERED.items():
        if name in plan_fields:
            fields[name] = (list[int], Field(default_factory=list, description=description))
    return create_model("PlanReply", **fields)


@lru_cache(maxsize=1)
def plan_schema() -> dict:
    """The reply's JSON schema in the form strict structured output accepts: references inlined, every property
    required (optional ones are nullable), no other properties, no titles or defaults. Made once per process (40 ms)
    and shared: callers do not change it."""
    schema = reply_model().model_json_schema()
    return _strict(schema, schema.get("$defs", {}))


def _strict(node: object, defs: dict) -> object:
    if isinstance(node, list):
        return [_strict(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        resolved = {**defs[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
        return _strict(resolved, defs)
    out = {key: _strict(value, defs) for key, value in node.items() if key not in SCHEMA_DROPPED | {"$defs"}}
    if "properties" in node:  # property names are data: a field called "title" stays
        out["properties"] = {name: _strict(value, defs) for name, value in node["properties"].items()}
    if out.get("type") == "object" and "properties" in out:
        out["required"] = list(out["properties"])
        out["additionalProperties"] = False
    return out


def parse_reply(text: str) -> dict:
    """The JSON object in a reply; a reply wrapped in a code fence or a sentence is read too."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise PlanRejected("the reply holds no JSON object")
    try:
        data = json.loads(text[start : end + 1])
    except json.JSONDecodeError as error:
        raise PlanRejected(f"the reply is not valid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise PlanRejected("the reply is not a JSON object")
    return data


def read_reply(text: str, rules_plan: QuestionPlan, earlier: Sequence[str], library: LibraryView) -> QuestionPlan:
    """The plan a model's reply states for `rules_plan.question`, or PlanRejected. `earlier` are the ids of the
    earlier papers in the order the prompt numbered them (1 first)."""
    try:
        reply = reply_model().model_validate(parse_reply(text))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the reply"
        raise PlanRejected(f"the reply does not fit the plan's schema: {where}: {first['msg']}") from None
    facts = catalog_facts(library)
    filters = Filters(**reply.filters.model_dump())
    _check_names(filters, rules_plan.question, facts)
    update = {name: getattr(reply, name) for name in reply_model().model_fields if name in MODEL_SET}
    update |= {"filters": filters, "named_papers": _resolve_titles(reply.named_papers, facts)}
    update |= {name: _earlier_papers(name, getattr(reply, name), earlier) for name in NUMBERED if hasattr(reply, name)}
    if reply.topic != rules_plan.topic:  # the terms evidence must contain follow from the topic
        terms = [t for t in key_terms(reply.topic, library) if t.lower() not in CATALOG_WORDS] if reply.topic else []
        update |= {"key_terms": terms, "absent_terms": absent_terms(terms, library)}
    return QuestionPlan.model_validate({**rules_plan.model_dump(), **update})


def _check_names(filters: Filters, question: str, facts: CatalogFacts) -> None:
    """Every author, organisation, category and source kind the filters name selects some paper, or is written in
    the question itself."""
    asked = set(words(question))
    named = [("author", name) for name in filters.named_authors()]
    named += [(field, value) for field in ("org", "category") if (value := getattr(filters, field))]
    named += [("formats", kind) for kind in filters.formats or []]
    for field, value in named:
        if words(value) and set(words(value)) <= asked:
            continue
        if not facts.exists(field, value):
            raise PlanRejected(f"the reply names {field.rstrip('s')} {value!r}, which no paper has")


def _earlier_papers(field: str, numbers: list[int], earlier: Sequence[str]) -> list[str]:
    wrong = [n for n in numbers if not 1 <= n <= len(earlier)]
    if wrong:
        raise PlanRejected(f"the reply's {field} {wrong} is not among the {len(earlier)} earlier papers")
    return list(dict.fromkeys(earlier[n - 1] for n in numbers))


def _resolve_titles(titles: list[str], facts: CatalogFacts) -> list[str]:
    """Paper ids of the titles, each of which must name one paper (CatalogFacts.resolve_title)."""
    ids = []
    for title in titles:
        found = facts.resolve_title(title)
        if len(found) != 1:
            have = "no paper has" if not found else f"{len(found)} papers have"
            raise PlanRejected(f"the reply names the paper {title!r}, and {have} that title")
        ids.append(found[0])
    return list(dict.fromkeys(ids))
