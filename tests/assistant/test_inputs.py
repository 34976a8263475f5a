"""Strict inputs, through the public `paperchat` import: every argument is checked at the door and a bad one is an
error that says what is accepted (with the closest valid name), never ignored and never an AttributeError."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from paperchat import Answer, Assistant, Filters, FiltersError, PaperchatError, QuestionError
from tests.conftest import make_settings
from tests.reliability.helpers import write_jsonl

PAPERS = [
    {"title": f"Kelp forest study {n}", "abstract": f"Kelp forests grow half a metre a day in cold water, site {n}.",
     "category": "CV", "year": 2020 + n}
    for n in range(4)
] + [
    {"title": "Honey bee navigation", "abstract": "Honey bees navigate by the polarisation pattern of the sky.",
     "category": "LG", "year": 2024},
    {"title": "Tidal turbine erosion", "abstract": "Tidal turbine blades erode when cavitation bubbles collapse.",
     "category": "RO", "year": 2025},
]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("inputs")
    opened = Assistant.open(root / "index", make_settings(root / "index"))
    assert opened.ingest(write_jsonl(root / "papers.jsonl", PAPERS)).ok
    return opened


def test_an_unknown_filter_name_is_an_error_wherever_filters_are_taken(assistant: Assistant) -> None:
    for call in (assistant.ask, assistant.retrieve, lambda q, f: assistant.stream(q, f)):
        with pytest.raises(FiltersError, match=r"unknown filter 'yeer_from' \(did you mean 'year_from'\?\)"):
            call("kelp growth", {"yeer_from": 2024})
    with pytest.raises(FiltersError, match="did you mean 'year_to'"):
        assistant.papers({"yeer_to": 2024})
    with pytest.raises(FiltersError, match="filters must be a Filters or a dict, not str"):
        assistant.ask("kelp growth", "2024")


def test_papers_take_a_dict_as_every_other_call_does(assistant: Assistant) -> None:
    assert {p.year for p in assistant.papers({"year_from": 2024})} == {2024, 2025}
    assert assistant.papers({"year_from": 2024}) == assistant.papers(Filters(year_from=2024))


def test_years_the_wrong_way_round_are_an_error_not_a_refusal(assistant: Assistant) -> None:
    with pytest.raises(FiltersError, match="year_from 2025 is after year_to 2020"):
        assistant.ask("kelp growth", Filters(year_from=2025, year_to=2020))
    with pytest.raises(FiltersError, match="year_from 2025 is after year_to 2020"):
        assistant.papers({"year_from": 2025, "year_to": 2020})


def test_a_category_may_be_given_by_its_name(assistant: Assistant) -> None:
    by_code = assistant.papers({"category": "CV"})
    assert len(by_code) == 4
    assert assistant.papers({"category": "computer vision"}) == by_code
    assert assistant.papers({"category": "Computer-Vision"}) == by_code
    answer = assistant.ask("How fast does kelp grow?", Filters(category="computer vision"))
    assert not answer.refused and answer.filters["category"] == "CV"
    with pytest.raises(FiltersError, match=r"unknown category 'computer visoin' \(did you mean 'computer vision'\?\)"):
        assistant.papers({"category": "computer visoin"})


@pytest.mark.parametrize("k", ["5", 5.0, True, [5]])
def test_k_of_the_wrong_type_is_a_question_error(assistant: Assistant, k: object) -> None:
    with pytest.raises(QuestionError, match="k must be a whole number of sources"):
        assistant.ask("kelp growth", k=k)  # type: ignore[arg-type]


@pytest.mark.parametrize("question", [None, 42, b"kelp"])
def test_a_question_that_is_not_text_is_a_question_error(assistant: Assistant, question: object) -> None:
    with pytest.raises(QuestionError, match="the question must be text"):
        assistant.ask(question)  # type: ignore[arg-type]


def test_k_limits_the_sources_of_every_kind_of_answer(assistant: Assistant) -> None:
    assert len(assistant.retrieve("kelp forests", k=2)) == 2
    listed = assistant.ask("Which papers are about kelp forests?", k=2)
    assert not listed.refused and 0 < len(listed.citations) <= 2
    unlimited = assistant.ask("Which papers are about kelp forests?")
    assert len(unlimited.citations) > len(listed.citations)
    passages = assistant.ask("How fast does kelp grow?", k=1)
    assert len(passages.passages) == 1 and len(passages.citations) == 1


@pytest.mark.parametrize(
    ("turn", "message"),
    [
        ({"speaker": "user", "content": "kelp?"}, r"history turn 1: unknown key 'speaker'; valid: content, role"),
        ({"role": "usr", "content": "kelp?"}, r"unknown role 'usr' \(did you mean 'user'\?\)"),
        ({"role": "user"}, r"history turn 1 has no 'content'"),
        (("kelp?", "Kelp grows.", "extra"), r"a pair is \(question, answer\), not 3 items"),
        ("kelp?", r"history turn 1 is a str"),
    ],
)
def test_history_turns_of_another_shape_are_an_error(assistant: Assistant, turn: object, message: str) -> None:
    with pytest.raises(QuestionError, match=message):
        assistant.chat("And how fast does it grow?", [turn])  # type: ignore[list-item]


def test_history_takes_turns_pairs_and_earlier_answers(assistant: Assistant) -> None:
    first = assistant.ask("Which paper is about honey bee navigation?")
    for history in (
        [first],
        [first.to_dict()],
        [(first.question, str(first))],
        [{"role": "user", "content": first.question}, {"role": "assistant", "content": str(first)}],
    ):
        follow = assistant.chat("How do they navigate?", history)
        assert isinstance(follow, Answer) and [c.title for c in follow.citations] == ["Honey bee navigation"]


def test_one_argument_order_everywhere_and_the_old_one_still_answers(assistant: Assistant) -> None:
    assert len(assistant.retrieve("kelp forests", {"year_from": 2021}, 2)) == 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = assistant.retrieve("kelp forests", 2, {"year_from": 2021})  # (question, k, filters) before 0.2
        chatted = assistant.chat([], "How fast does kelp grow?")  # (history, question) before 0.2
    assert len(old) == 2 and all(p.year >= 2021 for p in old) and chatted.citations
    assert [w.category for w in caught] == [DeprecationWarning, DeprecationWarning]
    assert "retrieve(question, filters=None, k=None)" in str(caught[0].message)


def test_every_input_error_is_a_paperchat_error_and_a_value_error(assistant: Assistant) -> None:
    for call in (lambda: assistant.ask(""), lambda: assistant.papers({"colour": "red"})):
        with pytest.raises(PaperchatError) as raised:
            call()
        assert isinstance(raised.value, ValueError)


def test_an_index_without_categories_only_accepts_known_names(tmp_path: Path) -> None:
    assistant = Assistant.open(tmp_path / "index", make_settings(tmp_path / "index"))
    assert assistant.papers({"category": "robotics"}) == []  # a known name, no paper in it yet
    with pytest.raises(FiltersError, match="unknown category 'robtics'"):
        assistant.papers({"category": "robtics"})
