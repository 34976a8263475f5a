"""Catalog answers: superlatives, ties, the fields that answer, and one citation per paper."""

from __future__ import annotations

from paperchat.assistant.answering.catalog_answers import catalog_answer, field_value, ordered, top
from paperchat.assistant.filters import Filters
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.ingest.papers import Paper

OLD = Paper(title="Residual detections", authors=["Yufeng Yang", "A B"], date="Mar 1, 2018", year=2018)
DATED = Paper(title="Conformer speech", authors=["Yufeng Yang"], date="Mar 1, 2022", year=2022, upvotes=3)
THIS_YEAR = Paper(title="TARA", authors=["Yufeng Yang", "C D", "E F"], date="May 25", upvotes=9)
UNDATED = Paper(title="No date at all", authors=["G H"], upvotes=9)


def test_a_date_without_a_year_is_this_years_and_newer_than_any_dated_one() -> None:
    assert [p.title for p in ordered([DATED, THIS_YEAR, OLD, UNDATED], "newest")][:3] == [
        "TARA",
        "Conformer speech",
        "Residual detections",
    ]
    assert ordered([DATED, UNDATED, OLD], "oldest")[-1] is UNDATED  # papers without a date come last


def test_top_keeps_ties_with_the_last_paper_taken() -> None:
    assert [p.title for p in top([DATED, THIS_YEAR, UNDATED], "most_upvoted", None)] == ["TARA", "No date at all"]
    assert [p.title for p in top([OLD, DATED, THIS_YEAR], "most_authors", None)] == ["TARA"]
    assert len(top([OLD, DATED, THIS_YEAR], None, 2)) == 2


def test_fields_read_as_a_person_would_write_them() -> None:
    assert field_value(THIS_YEAR, "authors_count") == "3 authors"
    assert field_value(OLD, "first_author") == "Yufeng Yang"
    assert field_value(DATED, "upvotes") == "3 upvotes"
    assert field_value(UNDATED, "date") == ""


def test_an_answer_cites_each_paper_with_the_field_that_answers() -> None:
    plan = QuestionPlan(
        question="What is the oldest paper by Yufeng Yang?",
        kind="lookup",
        sort="oldest",
        filters=Filters(author="Yufeng Yang"),
    )
    text, passages = catalog_answer(plan, [OLD], {OLD.paper_id: (f"{OLD.paper_id}:0", "Residual detections. Text")})
    assert "*Residual detections*" in text and "Mar 1, 2018" in text and text.rstrip().endswith("[1]")
    assert [p.paper_id for p in passages] == [OLD.paper_id] and passages[0].text.startswith("Residual")


def test_a_count_says_how_many_matched_even_when_the_list_is_cut() -> None:
    plan = QuestionPlan(question="How many papers by Yufeng Yang?", kind="count", filters=Filters(author="Yufeng Yang"))
    text, passages = catalog_answer(plan, [OLD, DATED], {}, total=30)
    assert text.startswith("30 indexed papers match (author Yufeng Yang)")
    assert "…and 28 more" in text and len(passages) == 2
    assert catalog_answer(plan, [], {}) == ("", [])


def test_authors_known_only_by_their_count_are_not_labelled_twice() -> None:
    counted = Paper(title="Counted", authors_count=3, year=2025)
    plan = QuestionPlan(question="Which papers have 3 authors?", kind="list", filters=Filters(n_authors=3))
    text, _ = catalog_answer(plan, [counted, OLD], {})
    assert "*Counted* (3 authors)" in text and "authors: 3 authors" not in text
    assert "*Residual detections* (authors: Yufeng Yang, A B)" in text
