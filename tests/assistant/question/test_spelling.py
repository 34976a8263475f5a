"""British and American spellings read alike."""

from __future__ import annotations

from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.spelling import american, other_spellings
from paperchat.assistant.question.terms import mentions


def test_endings_become_american() -> None:
    assert american("Optimisation of colour images, modelling and analysing the centre of a catalogue") == (
        "optimization of color images, modeling and analyzing the center of a catalog"
    )
    assert american("The hour is four") == "The hour is four"  # too short to be an ending


def test_a_search_adds_the_american_spelling_and_a_plain_word_matches_either() -> None:
    assert other_spellings("regularised optimisation") == ["regularized", "optimization"]
    plan = QuestionPlan(question="q", topic="optimisation of colour")
    assert plan.search_text() == "optimisation of colour (optimization; color)"
    assert mentions("We study optimization.", "optimisation") and mentions("A colour map.", "color")
    assert not mentions("A colour map.", "colon")
