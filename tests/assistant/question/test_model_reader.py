"""A model's reply becomes a plan only when it fits the schema generated from QuestionPlan and every fact it names
exists in the library; otherwise it is rejected, with the reason."""

from __future__ import annotations

import json
import typing

import pytest

from paperchat.assistant.question.model_reader import PlanRejected, parse_reply, plan_schema, read_reply
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.reader import read_question
from tests.assistant.question.library_fixture import LIBRARY, paper_id

EARLIER = [paper_id("FRUGAL"), paper_id("GaLore 2"), paper_id("Natural GaLore")]


def reply(**fields: object) -> str:
    return json.dumps({"kind": "passages", "topic": "", "filters": {}, **fields})


def rules(question: str) -> QuestionPlan:
    return read_question(question, LIBRARY)


def objects(node: object) -> list[dict]:
    """Every object schema inside `node`."""
    if isinstance(node, list):
        return [found for item in node for found in objects(item)]
    if not isinstance(node, dict):
        return []
    inner = [found for value in node.values() for found in objects(value)]
    return [node, *inner] if node.get("type") == "object" else inner


def test_the_schema_follows_the_plan_and_is_strict() -> None:
    schema = plan_schema()
    properties = schema["properties"]
    assert properties["kind"]["enum"] == list(typing.get_args(QuestionPlan.model_fields["kind"].annotation))
    assert {"topic", "filters", "named_papers", "sort", "asked_fields", "follow_up", "scope", "exclude"} <= set(
        properties
    )
    assert "question" not in properties and "key_terms" not in properties  # computed, not read by the model
    assert not {"paper_ids", "exclude_paper_ids"} & set(properties["filters"]["properties"])  # set by callers
    assert properties["scope"] == {
        "description": properties["scope"]["description"],
        "items": {"type": "integer"},
        "type": "array",
    }
    for node in objects(schema):  # what strict structured output requires of every object
        assert node["additionalProperties"] is False and node["required"] == list(node["properties"])
    text = json.dumps(schema)
    assert "$ref" not in text and '"default"' not in text


def test_a_reply_in_a_code_fence_or_a_sentence_is_read() -> None:
    assert parse_reply('Here it is:\n```json\n{"kind": "list"}\n```') == {"kind": "list"}
    for text, reason in [("I cannot help with that.", "no JSON object"), ('{"kind": list}', "not valid JSON")]:
        with pytest.raises(PlanRejected, match=reason):
            parse_reply(text)


def test_a_valid_reply_sets_the_plan_and_its_earlier_papers_by_number() -> None:
    question = "How do the two approaches differ?"
    plan = read_reply(reply(kind="compare", follow_up="compare", scope=[2, 3]), rules(question), EARLIER, LIBRARY)
    assert plan.kind == "compare" and plan.follow_up == "compare" and plan.question == question
    assert plan.scope == [paper_id("GaLore 2"), paper_id("Natural GaLore")]
    assert plan.retrieval_filters().paper_ids == plan.scope
    more = read_reply(reply(kind="list", topic="optimizer memory", follow_up="expand", exclude=[1, 2, 3]),
                      rules("Any others?"), EARLIER, LIBRARY)  # fmt: skip
    assert more.exclude == EARLIER and more.scope == [] and more.retrieval_filters().exclude_paper_ids == EARLIER


def test_papers_are_named_by_title_and_resolved_by_the_catalog() -> None:
    question = "Compare galore two with the natural one"
    titles = ["galore 2", "Natural GaLore: Accelerating GaLore for memory-efficient LLM Training"]
    plan = read_reply(reply(kind="compare", named_papers=titles), rules(question), [], LIBRARY)
    assert plan.named_papers == [paper_id("GaLore 2"), paper_id("Natural GaLore")]


def test_a_new_topic_brings_its_own_key_terms() -> None:
    rules_plan = rules("What about the other one?")
    plan = read_reply(reply(topic="MiniMax-M1 training on H800 GPUs"), rules_plan, [], LIBRARY)
    assert "MiniMax-M1" in plan.key_terms and plan.key_terms != rules_plan.key_terms


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"kind": "essay"}, "schema: kind"),
        ({"count_asked": "a few"}, "schema: count_asked"),
        ({"filters": {"author": "Geoffrey Hinton"}}, "author 'Geoffrey Hinton', which no paper has"),
        ({"filters": {"category": "quant-ph"}}, "category 'quant-ph'"),
        ({"filters": {"formats": ["podcast"]}}, "format 'podcast'"),
        ({"named_papers": ["Attention Is All You Need"]}, "no paper has that title"),
        ({"named_papers": ["Gradient Low-Rank Projection"]}, "and 2 papers have that title"),  # not one paper
        ({"scope": [4]}, r"scope \[4\] is not among the 3 earlier papers"),
        ({"exclude": [0]}, r"exclude \[0\] is not among the 3 earlier papers"),
        ({"follow_up": "digress"}, "schema: follow_up"),
    ],
)
def test_a_reply_naming_what_does_not_exist_is_rejected(fields: dict, reason: str) -> None:
    with pytest.raises(PlanRejected, match=reason):
        read_reply(reply(**fields), rules("Which papers are about memory?"), EARLIER, LIBRARY)


def test_a_name_the_question_writes_is_the_askers_word_not_an_invention() -> None:
    question = "Which papers did Geoffrey Hinton write?"
    plan = read_reply(reply(kind="list", filters={"author": "Geoffrey Hinton"}), rules(question), [], LIBRARY)
    assert plan.filters.author == "Geoffrey Hinton"


def test_a_name_the_catalog_has_passes_in_any_spelling_the_filters_match() -> None:
    question = "Which papers did the first author of CoInfra's second author write?"
    plan = read_reply(reply(kind="list", filters={"author": "yang yufeng"}), rules(question), [], LIBRARY)
    assert plan.filters.author == "yang yufeng"
