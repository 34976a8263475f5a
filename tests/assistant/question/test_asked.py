"""What a question asks for, and whether a text states it."""

from __future__ import annotations

from paperchat.assistant.question.asked import asked_for, stated_in
from paperchat.ingest.text import keyword_terms


def test_the_things_asked_for_after_what_and_how_many() -> None:
    assert asked_for("What learning rate and batch size did they use?") == ["learning rate", "batch size"]
    assert asked_for("How many attention heads does its encoder use?") == ["attention heads"]
    assert asked_for("Nice. How much compute went into meta-training it?") == ["compute"]
    # A comparative asks for the amount of a change, stated as a number, not the word: the noun after it is asked.
    assert asked_for("how much faster is it on GSM8K?") == []
    assert asked_for("How much more memory does it use?") == ["memory"]
    assert asked_for("what loss keeps its outputs consistent?") == ["loss"]  # "keeps" is the verb
    assert asked_for("what sizes are its two DiT models?") == []  # a measure alone is answered by numbers


def test_kinds_of_things_and_which_questions_ask_for_an_instance_not_a_word() -> None:
    for question in ("What method does it propose?", "Which serving engine did they run?", "What is MemAscend?"):
        assert asked_for(question) == []


def test_a_text_states_a_phrase_when_it_has_every_telling_word() -> None:
    text = set(keyword_terms("We train with a learning rate of 1e-4 and report the batch sizes."))
    assert stated_in(text, "learning rate") and stated_in(text, "batch size")
    assert not stated_in(text, "attention heads")
