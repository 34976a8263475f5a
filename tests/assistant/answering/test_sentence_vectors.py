"""Sentence vectors are embedded once while remembered, and the memory is bounded."""

from __future__ import annotations

from paperchat.assistant.answering.sentence_vectors import RememberedEmbed


def test_only_unseen_texts_are_embedded_and_the_oldest_are_forgotten_first() -> None:
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> list[list[float]]:
        calls.append(list(texts))
        return [[float(len(text)), 1.0] for text in texts]

    remembered = RememberedEmbed(embed, size=3)
    assert remembered(["a", "bb", "a"]) == [[1.0, 1.0], [2.0, 1.0], [1.0, 1.0]]
    assert remembered(["bb", "ccc"]) == [[2.0, 1.0], [3.0, 1.0]]
    assert calls == [["a", "bb"], ["ccc"]]  # "bb" came from memory, "a" was asked for once
    remembered(["dddd"])  # four texts seen, three kept: "a" (least recently used) is forgotten
    remembered(["a"])
    assert calls[-1] == ["a"]
