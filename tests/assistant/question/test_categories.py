"""Categories stated by arXiv code or by the taxonomy's name, only where the question frames them as a category."""

from __future__ import annotations

from paperchat.assistant.question.categories import find_category

KNOWN = ["CV", "LG", "RO", "CL", "DB", "cs.AI"]


def code(question: str) -> str | None:
    found = find_category(question, KNOWN)
    return found[0] if found else None


def test_codes_with_or_without_the_archive() -> None:
    assert code("Which papers in cs.RO use lidar?") == "RO"
    assert code("CV papers from 2024") == "CV"
    assert code("Which computer-vision (CV) papers have code?") == "CV"
    assert code("papers filed under cs.AI") == "cs.AI"  # as the catalog writes it


def test_names_from_the_arxiv_taxonomy() -> None:
    assert code("Yufeng Yang's papers in the robotics category") == "RO"
    assert code("Which paper is categorised under databases?") == "DB"
    assert code("papers filed under computer vision") == "CV"
    assert code("Yufeng Yang's machine learning papers") == "LG"


def test_a_topic_is_not_a_category() -> None:
    assert code("Which papers apply machine learning to portfolios?") is None
    assert code("Which vision transformers run on microcontrollers?") is None
    assert code("Which papers detect AI-generated text?") is None
    assert code("papers filed under quantum physics") is None  # not a category this catalog has


def test_both_the_name_and_the_code_are_reported_as_stating_it() -> None:
    question = "Which of Yufeng Yang's papers are filed under robotics (cs.RO)?"
    found, spans = find_category(question, KNOWN)
    assert found == "RO" and sorted(question[s:e] for s, e in spans) == ["cs.RO", "robotics"]
