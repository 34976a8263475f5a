"""What a question asks for, and whether a sentence supplies it."""

from __future__ import annotations

import pytest

from paperchat.assistant.answering.asked import asked_for, fit, new_names


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many supernovae were in the data set?", "quantity"),
        ("What RMS error did the final model achieve?", "quantity"),
        ("By what fold did tryptophan change under heat?", "quantity"),
        ("Why did the experiments run on sites rather than pages?", "reason"),
        ("What is meant by the 'spine' of a tree skeleton?", "definition"),
        ("When the manifold is used to discretise an equation, what is that approach called?", "definition"),
        ("Which fuzz-testing tool did the team modify?", "name"),
        ("Which density profile did they use for the cluster?", "name"),  # the head noun is "profile", no measure
        ("In what year did he found the institute?", "date"),
        ("Who acted as the oracle in the evaluation?", "person"),
        ("In the example, which answer was given to the question about who was minister?", "name"),  # first asks
    ],
)
def test_the_first_interrogative_says_what_is_asked(question: str, kind: str) -> None:
    asked = asked_for(question)
    assert asked is not None and asked.kind == kind


def test_a_question_about_a_topic_asks_for_nothing_in_particular() -> None:
    assert asked_for("How did heat stress change the grain yield of the genotypes?") is None


def test_a_number_beside_the_thing_asked_about_answers_how_many() -> None:
    asked = asked_for("How many supernovae were in the data set that models 1-4 were fitted to?")
    assert fit("The supernova data consists of 182 supernovae from the gold sample.", asked) == 1.0
    assert fit("For models which fit the supernova data, we find that q > 0.", asked) == 0.0  # a bound, no number
    assert fit("The values for models 1–4 are 183.6 and 184.3.", asked) == 0.6  # a number, not of supernovae
    assert fit("The models fit the supernova data very well.", asked) == 0.0


def test_a_number_the_question_already_states_or_a_reference_number_answers_nothing() -> None:
    asked = asked_for("Which random index (RI) value is taken for a 4x4 comparison matrix?")
    assert fit("The RI value for order (4) is 0.9.", asked) == 1.0
    assert fit("The order of matrices is (4×4); we take the RI value of order (4) from Table 9.", asked) == 0.0


def test_a_reason_is_given_by_a_causal_phrase() -> None:
    asked = asked_for("Why does the system not record exceptions?")
    assert fit("This design trade-off was chosen because exceptions are rare.", asked) == 1.0
    assert fit("Exceptions are recorded by the interpreter.", asked) == 0.0


def test_a_definition_is_best_near_the_term_asked_about() -> None:
    asked = asked_for("In the training, what exactly counts as a 'session'?")
    assert fit("We define a session as a sub-trajectory that ends with the stop action.", asked) == 1.0
    assert fit("Results are defined by the value model.", asked) == 0.7  # a definition, of something else
    assert fit("The session ran for hours.", asked) == 0.0


def test_a_name_beside_the_asked_noun_answers_which() -> None:
    asked = asked_for("Which survey platform hosted the online experiment?")
    assert fit("We selected the open-source survey tool LimeSurvey for this purpose.", asked) == 0.5
    assert fit("The experiment ran on the LimeSurvey platform hosted by the university.", asked) == 1.0
    assert fit("The access platform of the study was chosen with care.", asked) == 1.0  # a new modifier names it
    assert fit("The experiment was online.", asked) == 0.0


def test_an_acronym_of_the_question_s_own_words_is_no_new_name() -> None:
    question = "Which named-entity recognizers did the system add?"
    assert [name for _, name in new_names("We add a named-entity (NE) recognizer from Stanford.", question)] == [
        "Stanford"
    ]
