"""Constraints read from a question, each with the phrase that stated it."""

from __future__ import annotations

from paperchat.assistant.question.constraints import read_constraints
from paperchat.assistant.question.names import KnownNames
from paperchat.ingest.papers import Paper

NAMES = KnownNames.of([Paper(title="A", authors=["Yufeng Yang", "Jing Yang", "Zhangqi Jiang"], org="NVIDIA")])
FORMATS = ["profile-listing", "daily-listing", "title-list"]


def read(question: str) -> dict:
    return read_constraints(question, NAMES, ["CV", "RO"], FORMATS).filters.describe()


def test_years() -> None:
    assert read("papers between 2023 and 2024") == {"year_from": 2023, "year_to": 2024}
    assert read("papers from 2025 on low-rank training") == {"year_from": 2025, "year_to": 2025}
    assert read("papers since 2023") == {"year_from": 2023}
    assert read("papers after 2023") == {"year_from": 2024}
    assert read("papers before 2023") == {"year_to": 2022}
    assert read("papers from 2024 or earlier") == {"year_to": 2024}
    assert read("2023 or later, please") == {"year_from": 2023}
    assert read("Which 2025 papers have code?") == {"year_from": 2025, "year_to": 2025, "has_code": True}
    assert read("the NTIRE 2025 challenge report") == {}


def test_authors_position_and_several_names() -> None:
    assert read("Which papers have Jing Yang as first author?") == {"author": "Jing Yang", "author_position": "first"}
    assert read("papers with Yufeng Yang as senior author") == {"author": "Yufeng Yang", "author_position": "last"}
    assert read("papers by Zhangqi Jiang and Yufeng Yang") == {"author": "Zhangqi Jiang", "authors": ["Yufeng Yang"]}


def test_listings_code_organisation_and_number_of_authors() -> None:
    assert read("the oldest entry on the daily papers page") == {"formats": ["daily-listing"]}
    # The profile is the listing: it also shows papers whose shortened author list leaves its owner out.
    assert read("the oldest paper on Yufeng Yang's profile") == {"formats": ["profile-listing"]}
    assert read("papers without code") == {"has_code": False}
    assert read("papers that release their code") == {"has_code": True}
    assert read("posted under NVIDIA's organisation") == {"org": "NVIDIA"}
    # A name set aside is not a constraint.
    assert read("any other RL papers besides the NVIDIA one?") == {}
    assert read("papers on LoRA not by Yufeng Yang") == {}
    assert read("papers listed with only a single author") == {"n_authors": 1}
    assert read("papers with 3 authors") == {"n_authors": 3}
    assert read("which of those was written by just one person?") == {"n_authors": 1}
    assert read("anything written by more than five people") == {"min_authors": 6}
    assert read("a user study with 20 people") == {}  # people count as authors only when they wrote it
    assert read("the ones dated 2025 that come with code") == {"year_from": 2025, "year_to": 2025, "has_code": True}


def test_the_phrases_that_state_constraints_are_reported() -> None:
    question = "Which of Yufeng Yang's papers are in the robotics category?"
    found = read_constraints(question, NAMES, ["RO"], FORMATS)
    assert sorted(question[s:e] for s, e in found.spans) == ["Yufeng Yang's", "robotics"]
