"""The Answerer protocol: every answer backend streams text pieces and then a Draft, with the same parameters."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest

from paperchat.assistant.answering.base import Answerer, Draft
from paperchat.assistant.answering.extractive import ExtractiveAnswerer
from paperchat.assistant.answering.llm import LLMAnswerer
from paperchat.assistant.results import Passage


class EchoAnswerer:
    """The smallest answerer: quotes the first passage and cites it."""

    def stream(self, question: str, passages: list[Passage], kind: str = "passages") -> Iterator[str | Draft]:
        if not passages:
            yield Draft("", refused=True)
            return
        text = f"{passages[0].text} [1]"
        yield text
        yield Draft(text, snippets={1: passages[0].text})


def answer_with(answerer: Answerer, question: str, passages: list[Passage]) -> Draft:
    """What the core does with any answerer: the pieces are shown as they come; the Draft comes last."""
    *pieces, draft = answerer.stream(question, passages)
    assert all(isinstance(piece, str) for piece in pieces)
    assert isinstance(draft, Draft)
    return draft


def test_a_class_with_stream_is_an_answerer() -> None:
    passage = Passage(paper_id="p", title="BERT", chunk_id="p:0", text="BERT is a bidirectional encoder.")
    draft = answer_with(EchoAnswerer(), "What is BERT?", [passage])
    assert draft.text == "BERT is a bidirectional encoder. [1]" and not draft.refused
    assert answer_with(EchoAnswerer(), "What is BERT?", []).refused


def parameters(function: object) -> list[tuple[str, object, object]]:
    signature = inspect.signature(function)
    return [(p.name, p.kind, p.default) for p in signature.parameters.values() if p.name != "self"]


@pytest.mark.parametrize("answerer", [ExtractiveAnswerer, LLMAnswerer])
def test_every_answerer_has_the_protocol_parameters(answerer: type) -> None:
    assert parameters(answerer.stream) == parameters(Answerer.stream)
