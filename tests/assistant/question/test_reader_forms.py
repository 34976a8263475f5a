"""How the reader takes a question's form as meant: misspelt question words, a list's order, words that only switch
topic. Over the small library shaped like the seeds (library_fixture)."""

from __future__ import annotations

from paperchat.assistant.question.reader import read_question, respelt
from tests.assistant.question.library_fixture import LIBRARY


def test_misspelt_question_and_catalog_words_are_set_right() -> None:
    assert respelt("neat. other test-time training papres?") == "neat. other test-time training papers?"
    assert respelt("what does weight decay realy do") == "what does weight decay really do"
    assert respelt("papers on GaLore and SparsePO") == "papers on GaLore and SparsePO"  # names stay as typed
    plan = read_question("other test-time training papres?", LIBRARY)
    assert plan.kind == "list" and plan.absent_terms == []  # not a term no paper has


def test_a_misspelt_topic_word_is_read_as_the_librarys_word_and_said() -> None:
    plan = read_question("Federatd learning papers in here?", LIBRARY)
    assert plan.absent_terms == [] and "federated" in plan.topic
    assert plan.notes == ["Reading “Federatd” as “federated”."]


def test_a_list_asked_from_oldest_to_newest_is_a_list_in_that_order_not_a_superlative() -> None:
    question = "Can you list Yufeng Yang's papers from 2024 or earlier, sorted from oldest to newest?"
    plan = read_question(question, LIBRARY)
    assert (plan.kind, plan.order, plan.sort) == ("list", "oldest", None)
    assert plan.filters.describe() == {"author": "Yufeng Yang", "year_to": 2024}


def test_words_that_only_switch_topic_leave_the_catalog_question_without_a_topic() -> None:
    plan = read_question("Different question: which paper on the daily list was posted by NVIDIA?", LIBRARY)
    assert plan.kind == "list" and not plan.topic and plan.filters.describe()["org"] == "NVIDIA"
