"""The question plan: a typed record of one reading of a question, shown in one line or as a dict."""

from __future__ import annotations

from paperchat.assistant.filters import Filters
from paperchat.assistant.question.plan import QuestionPlan


def test_a_plan_describes_itself_in_one_line_with_only_what_it_found() -> None:
    plan = QuestionPlan(
        question="Which of Yufeng Yang's papers are about robots?",
        kind="list",
        topic="robots",
        filters=Filters(author="Yufeng Yang"),
        key_terms=["CoInfra"],
    )
    line = plan.describe()
    assert line.startswith("list topic='robots'") and "Yufeng Yang" in line and "CoInfra" in line
    assert "\n" not in line and "sort" not in line and "follow_up" not in line


def test_a_plan_round_trips_through_its_dict() -> None:
    plan = QuestionPlan(question="When was FRUGAL published?", kind="lookup", named_papers=["p1"], asked_field="date")
    data = plan.to_dict()
    assert data["asked_field"] == "date" and data["filters"]["author"] is None
    assert QuestionPlan.model_validate(data) == plan


def test_retrieval_filters_add_the_scope_or_the_named_papers() -> None:
    named = QuestionPlan(question="q", named_papers=["a", "b"], filters=Filters(year_from=2024))
    assert named.retrieval_filters().paper_ids == ["a", "b"] and named.retrieval_filters().year_from == 2024
    scoped = QuestionPlan(question="q", named_papers=["a"], scope=["c"], follow_up="pronoun")
    assert scoped.retrieval_filters().paper_ids == ["c"]
    assert QuestionPlan(question="q").retrieval_filters().is_empty()
    listed = QuestionPlan(question="Which papers build on GaLore?", kind="list", named_papers=["galore"])
    assert listed.retrieval_filters().paper_ids is None  # the name is part of the topic


def test_the_terms_a_listed_paper_must_mention_are_the_names_the_question_is_about() -> None:
    plan = QuestionPlan(
        question="q",
        topic="papers doing GaLore-style projection, with GPT-2 or bf16, that reweight data",
        key_terms=["GaLore", "GPT-2", "bf16", "reweight"],
    )
    assert plan.defining_terms() == ["GPT-2", "bf16"]  # a likened name and a plain word do not decide membership
    negated = QuestionPlan(
        question="q",
        topic="other methods that project gradients, even if they don't carry the GaLore name, besides LoRA",
        key_terms=["GaLore", "LoRA"],
    )
    assert negated.defining_terms() == []  # what the papers need not be does not decide membership


def test_a_list_searches_without_its_framing_and_with_the_long_forms_of_abbreviations() -> None:
    plan = QuestionPlan(
        question="q", kind="list", topic="Which papers here use ZO methods", aliases={"ZO": ["zeroth order"]}
    )
    assert plan.search_text() == "use ZO methods (zeroth order)"
    asked = QuestionPlan(question="q", kind="list", topic="what's there on combining fine-tuned checkpoints")
    assert asked.search_text() == "combining fine-tuned checkpoints"  # a request's words are not the topic
