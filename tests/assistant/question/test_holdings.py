"""Asking what the library holds on a topic, in words that name no papers, is asking for its papers."""

from __future__ import annotations

import pytest

from paperchat.assistant.question.holdings import asks_what_is_held


@pytest.mark.parametrize(
    "question",
    [
        "what's here on merging several fine-tuned checkpoints?",
        "What do we have on machine unlearning?",
        "what do u have on GaLore-style training",
        "anything on neural radiance fields?",
        "Anyone training LLMs with 4-bit floats?",
        "list everything on federated learning pls",
        "need methods that cut GPU memory for long inputs",
        "Which post-training quantization methods for LLMs are in the collection?",
        "What has Yufeng Yang published on cooperative perception?",
        "I've been reading about DPO and wondered whether anyone applied that to video generators.",
        "Looking for papers on text-to-video generation. What's in there? Thanks!",
    ],
)
def test_requests_for_what_the_library_holds(question: str) -> None:
    assert asks_what_is_held(question)


@pytest.mark.parametrize(
    "question",
    [
        "Anything about its training data?",  # points at a paper discussed
        "anything on decoding for quantum error correction? what threshold?",  # the last sentence asks a detail
        "What is the main idea of LoRA?",
        "Is there a speedup over the baseline?",
        "Does accuracy improve if there are more layers?",  # a condition, not a wish to know what exists
    ],
)
def test_questions_about_something_else(question: str) -> None:
    assert not asks_what_is_held(question)
