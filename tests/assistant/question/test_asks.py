"""Where a question asks: scene-setting sentences are context; the form is read from the ask's main clause."""

from __future__ import annotations

from paperchat.assistant.question.asks import split_ask


def test_a_story_before_the_question_is_context() -> None:
    asked = split_ask("I read on a forum that Acme cards are fast. Which papers train with FP4?")
    assert asked.context == "I read on a forum that Acme cards are fast."
    assert asked.ask == asked.form == "Which papers train with FP4?"


def test_a_lead_in_before_a_colon_is_context() -> None:
    asked = split_ask("My background is in finance, so I'm curious: does the collection have papers on portfolios?")
    assert asked.has_context and asked.form.startswith("does the collection have")


def test_politeness_before_a_request_is_context() -> None:
    assert split_ask("Great, thanks! Could you keep only the 2025 ones?").form == "Could you keep only the 2025 ones?"


def test_a_locating_phrase_is_taken_off_the_form_but_not_the_ask() -> None:
    asked = split_ask("In the researcher's profile, which papers use roadside sensors?")
    assert not asked.has_context and asked.form == "which papers use roadside sensors?"
    assert asked.ask.startswith("In the researcher's profile")


def test_a_question_that_asks_from_its_first_word_is_all_ask() -> None:
    for question in (
        "Which papers deal with federated learning, where clients train together?",
        "What is LoRA? Thanks",
    ):
        asked = split_ask(question)
        assert asked.context == "" and asked.form == asked.ask == question


def test_an_interjection_or_an_embedding_request_is_taken_off_the_form() -> None:
    assert split_ask("hey, are there papers on LoRA?").form == "are there papers on LoRA?"
    assert split_ask("Could you tell me which papers use LoRA?").form == "which papers use LoRA?"
    assert split_ask("Could you point me to the papers on roadside sensors?").form == "the papers on roadside sensors?"
