"""Choosing the sentences that answer: what the question asks for, read with the sentences before it."""

from __future__ import annotations

import pytest

from paperchat.assistant.answering.sentence_choice import Sentences, choose, role_bonus, scored_sentences


@pytest.fixture(scope="module")
def embed():  # noqa: ANN201
    from paperchat.assistant.config import Settings
    from paperchat.assistant.embedding.backends import make_embedding

    return make_embedding(Settings(_env_file=None)).embed_texts


WORKED_EXAMPLE = Sentences(
    1,
    "ahp",
    [
        "The consistency ratio compares the consistency index with a random index.",
        "For a comparison matrix of order four we take the random index value from Table 9.",
        "The value for order four is 0.9.",
        "Requirements were then ranked by their weights.",
    ],
)


def test_the_sentence_stating_the_value_wins_and_brings_the_sentence_it_answers(embed) -> None:  # noqa: ANN001
    question = "Which random index value is taken for a comparison matrix of order four?"
    scored = scored_sentences(question, [WORKED_EXAMPLE], embed)
    assert scored[0].text == "The value for order four is 0.9."
    assert scored[0].borrowed == 1  # its match with the question is the sentence before it
    chosen = choose(scored, max_sentences=1)
    assert [c.text for c in chosen] == [WORKED_EXAMPLE.texts[1], WORKED_EXAMPLE.texts[2]]


def test_a_reason_is_chosen_over_a_restatement_of_the_question(embed) -> None:  # noqa: ANN001
    passage = Sentences(
        1,
        "jit",
        [
            "The tracer does not record the throwing and catching of arbitrary exceptions.",
            "This design trade-off was chosen because exceptions are rare in typical programs.",
            "Recording resumes after the handler.",
        ],
    )
    chosen = choose(scored_sentences("Why does the tracer not record exceptions?", [passage], embed), 1)
    assert any("because exceptions are rare" in c.text for c in chosen)


def test_a_sentence_quoted_twice_in_the_passages_is_a_candidate_once(embed) -> None:  # noqa: ANN001
    abstract = Sentences(1, "p", ["We measure kelp growth of 50 cm per day in summer."], opens_paper=True)
    copy = Sentences(2, "p", ["We measure kelp growth of 50 cm per day in summer."])
    scored = scored_sentences("How fast does kelp grow?", [abstract, copy], embed)
    assert len(scored) == 1


def test_an_elaborating_sentence_comes_along(embed) -> None:  # noqa: ANN001
    passage = Sentences(
        1,
        "cosmo",
        [
            "The modified cluster model is unrealistic because its bang time varies too much.",
            "Specifically, the age of the Universe in this model becomes unrealistically small.",
        ],
    )
    chosen = choose(scored_sentences("Why is the modified cluster model rejected?", [passage], embed), 1)
    assert [c.position for c in chosen] == [0, 1]


def test_role_bonus_prefers_results_and_penalises_questions_and_long_runs_of_numbers() -> None:
    assert role_bonus("We show that the method reduces memory by 40%.") > role_bonus("Memory is a concern.")
    assert role_bonus("Is memory the bottleneck?") < 0
    numbers = " ".join(f"{i} {i + 0.5}" for i in range(20))
    assert role_bonus(f"Values {numbers}") < -0.2
