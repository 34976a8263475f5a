"""What every answerer is: it turns a question and numbered passages into a Draft, streamed piece by piece.

Whatever writes the draft, the refusal step and the citation contract check it afterwards (answering.refusal,
answering.citations); no answerer is trusted to cite or refuse well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from paperchat.assistant.results import Passage

EmbedTexts = Callable[[list[str]], list[list[float]]]
Turn = dict[str, str]


@dataclass
class Draft:
    """An answerer's text with [n] markers (n = position in the passages it was given, 1-based)."""

    text: str
    snippets: dict[int, str] = field(default_factory=dict)  # n → the exact sentences quoted, when known
    refused: bool = False
    reason: str = ""  # why a refusal refuses, in a sentence the user reads ("The catalog lists no date for …")


class Answerer(Protocol):
    """An answer backend, registered in answering.backends: extractive, openai, openai-like, local."""

    def stream(self, question: str, passages: list[Passage], kind: str = "passages") -> Iterator[str | Draft]:
        """Text pieces as they are produced, then the Draft (always last, always once). `kind` is the question
        plan's kind: for list, summary and compare the passages are one per chosen paper, each to be used."""
        ...
