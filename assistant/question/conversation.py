"""Conversation history as data: what each earlier turn asked, which papers its answer showed and cited, and the plan
it answered. The next question reads this state; it never parses it back out of rendered text when the data exists.

History is a list of earlier `Answer`s (or their `to_dict()`), the shape the shells keep, or of plain
{"role": "user" | "assistant", "content": str} turns and (question, answer) pairs, the shape Gradio, Slack threads and
OpenAI use. From plain turns the papers are recovered by their titles in the answer's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from paperchat.assistant.errors import QuestionError
from paperchat.ingest.papers import Paper, normalise_title

Turn = dict[str, str]
TURN_KEYS = frozenset({"role", "content"})
ANSWER_KEYS = frozenset({"question", "text", "answer"})


@dataclass
class Exchange:
    """One earlier question and what its answer showed. `considered` is None when only the answer's text is known
    (the papers are then recovered from it); `plan` is the QuestionPlan it answered, as a dict, when known."""

    question: str
    text: str = ""
    considered: list[str] | None = None
    cited: list[str] | None = None
    plan: dict = field(default_factory=dict)

    def papers(self, library: Sequence[Paper]) -> list[str]:
        """The papers the answer showed, in its order: its state when known, else the titles found in its text."""
        if self.considered:
            return list(self.considered)
        if self.cited:
            return list(self.cited)
        return titles_in(self.text, library)


def normalise_history(history: Sequence[object] | None) -> list[Exchange]:
    """Earlier turns, oldest first, as Exchanges. Accepts Answers, their dicts, {"role", "content"} turns and
    (question, answer) pairs, mixed. A dict of any other shape is an error naming the keys it takes."""
    exchanges: list[Exchange] = []
    for number, item in enumerate(history or [], 1):
        if isinstance(item, Exchange):
            exchanges.append(item)
        elif hasattr(item, "question") and hasattr(item, "text") and hasattr(item, "citations"):
            exchanges.append(_from_answer_dict(item.model_dump()))  # type: ignore[attr-defined]
        elif isinstance(item, dict) and "role" in item:
            _plain_turn(exchanges, item, number)
        elif isinstance(item, dict) and ANSWER_KEYS & item.keys():
            exchanges.append(_from_answer_dict(item))
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            question, answer = item
            exchanges.append(Exchange(str(question), str(answer or "")))
        else:
            raise QuestionError(
                f"history item {number} is not a turn: give earlier Answers (or their to_dict()), "
                '{"role": "user"|"assistant", "content": ...} turns or (question, answer) pairs'
            )
    return exchanges


def _plain_turn(exchanges: list[Exchange], item: dict, number: int) -> None:
    unknown = sorted(set(item) - TURN_KEYS)
    role = item.get("role")
    if unknown or role not in ("user", "assistant"):
        raise QuestionError(
            f"history item {number}: a turn has the keys 'role' ('user' or 'assistant') and 'content'"
            + (f"; unknown: {', '.join(unknown)}" if unknown else f"; role was {role!r}")
        )
    content = str(item.get("content") or "")
    if role == "user":
        exchanges.append(Exchange(content))
    elif exchanges and not exchanges[-1].text:
        exchanges[-1].text = content
    else:
        exchanges.append(Exchange("", content))  # an answer without its question (a shortened history)


def _from_answer_dict(data: dict) -> Exchange:
    cited = [c.get("paper_id") for c in data.get("citations") or [] if isinstance(c, dict) and c.get("paper_id")]
    return Exchange(
        question=str(data.get("question") or ""),
        text=str(data.get("text") or data.get("answer") or ""),
        considered=list(data.get("considered") or []) or None,
        cited=list(dict.fromkeys(cited)) or None,
        plan=dict(data.get("plan") or {}),
    )


def titles_in(text: str, papers: Sequence[Paper]) -> list[str]:
    """Paper ids whose titles the text contains, in the order it first names them."""
    normalised = normalise_title(text)
    found = [
        (normalised.find(key), p.paper_id)
        for p in papers
        if len(key := normalise_title(p.title)) > 8 and key in normalised
    ]
    return [paper_id for position, paper_id in sorted(found) if position >= 0]


def last_answered(history: list[Exchange]) -> Exchange | None:
    """The latest turn that has an answer (a user turn still waiting for one is not state)."""
    return next((turn for turn in reversed(history) if turn.text or turn.considered or turn.cited), None)


def shown_before(history: list[Exchange], papers: Sequence[Paper]) -> list[str]:
    """Every paper any earlier answer showed, in order of first showing."""
    return list(dict.fromkeys(paper_id for turn in history for paper_id in turn.papers(papers)))


def recently_discussed(history: list[Exchange], papers: Sequence[Paper], n: int) -> list[str]:
    """`n` papers the conversation discussed last: the latest answer's first, then the earlier answers' (each in its
    own order), returned in the order they were discussed."""
    found: list[str] = []
    for turn in reversed(history):
        for paper_id in turn.papers(papers):
            if paper_id not in found and len(found) < n:
                found.append(paper_id)
    return found[::-1]
