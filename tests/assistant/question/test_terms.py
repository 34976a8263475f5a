"""Key terms: specific words told from ordinary ones by shape, English word frequency and the library's own counts."""

from __future__ import annotations

from paperchat.assistant.question.library import InMemoryLibrary
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.terms import (
    absent_terms,
    has_known_alternative,
    key_terms,
    library_spelling,
    mentions,
    missing_terms,
)
from paperchat.ingest.papers import Paper

LIBRARY = InMemoryLibrary(
    [
        Paper(title="MiniMax-M1: lightning attention", abstract="MiniMax-M1 is trained on H800 GPUs."),
        Paper(title="The MiniMax-M2 Series", abstract="M2 activates 10B parameters; LLMs and GPUs."),
        *[Paper(title=f"Paper {n}", abstract="Training LLMs on GPUs with the Adam optimizer.") for n in range(8)],
    ]
)


def test_versions_count_minimax_m3_is_not_in_the_library() -> None:
    terms = key_terms("How many total and active parameters does MiniMax-M3 have?", LIBRARY)
    assert terms == ["MiniMax-M3"] and absent_terms(terms, LIBRARY) == ["MiniMax-M3"]
    assert absent_terms(key_terms("What does MiniMax-M2 activate?", LIBRARY), LIBRARY) == []


def test_shapes_and_rare_words_are_terms_ordinary_words_and_quantities_are_not() -> None:
    terms = key_terms("Does the paper report PSNR on LibriSpeech with GPT-2 on a 24GB card at 256x256?", LIBRARY)
    assert terms == ["PSNR", "LibriSpeech", "GPT-2"]
    assert key_terms("Which papers reduce memory when training large models?", LIBRARY) == []
    # A capitalised word rare in English is a name, and a version after a name belongs to it.
    assert key_terms("Is anything run on Loihi 2 or with Sinkhorn iterations?", LIBRARY) == ["Loihi 2", "Sinkhorn"]


def test_a_trailing_everyday_word_is_not_part_of_the_name() -> None:
    assert key_terms("Which paper trains BitNet-style models with an S4-style layer?", LIBRARY) == ["BitNet", "S4"]
    assert key_terms("How well does the Conformer-based model do?", LIBRARY) == ["Conformer"]


def test_words_the_library_uses_widely_are_its_vocabulary() -> None:
    # "LLMs" and "GPUs" are name-shaped, but most documents here use them.
    assert key_terms("How do LLMs use GPUs?", LIBRARY) == []


def test_mentions_match_versions_exactly_and_plain_words_by_stem() -> None:
    assert mentions("We fine-tune GPT 2 and GPT2-medium.", "GPT-2")
    assert not mentions("We fine-tune GPT-3.", "GPT-2")
    assert mentions("Results on LibriSpeech's test-clean split", "LibriSpeech")
    assert not mentions("MiniMax-M2 and MiniMax-M1", "MiniMax-M3")


def test_missing_terms_names_what_no_passage_contains() -> None:
    plan = QuestionPlan(question="q", key_terms=["Loihi 2", "SNN"])
    assert missing_terms(plan, ["Spiking nets (SNN) on Loihi 1.", "Nothing here."]) == ["Loihi 2"]
    assert missing_terms(plan, []) == ["Loihi 2", "SNN"]


def test_a_name_made_an_adjective_by_a_participle_is_the_name() -> None:
    from paperchat.assistant.question.terms import MODIFIER_SUFFIX

    assert MODIFIER_SUFFIX.sub("", "Sinkhorn-regularised") == "Sinkhorn"
    assert MODIFIER_SUFFIX.sub("", "GRPO-trained") == "GRPO" and MODIFIER_SUFFIX.sub("", "GRPO-Style") == "GRPO"
    assert MODIFIER_SUFFIX.sub("", "Adam-mini") == "Adam-mini"  # a name of its own
    assert MODIFIER_SUFFIX.sub("", "LLM-written") == "LLM"  # an irregular participle too


def test_a_term_offered_beside_a_known_alternative_is_not_required() -> None:
    """'microcontrollers or IoT-class devices': either word names the thing, so neither must be in every answer."""
    text = "Which works train LLMs on GPUs or TPU-class chips?"
    assert has_known_alternative(text, "TPU-class", LIBRARY)
    assert has_known_alternative("tuning with Adam/Lion", "Lion", LIBRARY)
    assert not has_known_alternative("Which TPU-class chips train LLMs?", "TPU-class", LIBRARY)
    assert not has_known_alternative("Does it use Zorblax or Quuxinator?", "Quuxinator", LIBRARY)
    # an alternative action with its own object is not another word for the thing
    assert not has_known_alternative("Which build on MiniMax-M1 or train against it?", "MiniMax-M1", LIBRARY)


def test_a_name_is_mentioned_with_or_without_its_accents() -> None:
    assert mentions("the Lemaître–Tolman models we study", "Lemaitre-Tolman")
    assert mentions("Sinkhorn-regularized transport", "Sinkhorn-regularised")
    assert not mentions("the Tolman models we study", "Lemaitre-Tolman")


def test_a_misspelt_word_is_read_as_the_library_word_one_letter_from_it() -> None:
    library = InMemoryLibrary([Paper(title="Gaussian splatting for scenes", abstract="Federated learning with LoRA.")])
    assert library_spelling("Gausian", library) == "gaussian"
    assert library_spelling("federatd", library) == "federated"
    # Names with digits, short words, English words and words nothing is near are left alone.
    for word in ("SmolLM3", "PSNR", "splatting", "LibriSpeech", "QLoRA"):
        assert library_spelling(word, library) is None
