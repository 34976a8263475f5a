"""Follow-up questions: find what "it" or "that paper" refers to in the conversation so far.

History is a list of {"role": "user" | "assistant", "content": str} turns, the shape Gradio, Slack threads and
OpenAI all use. The papers an earlier answer cited are recognised by their titles in its references.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from paperchat.ingest.papers import Paper, normalise_title

Turn = dict[str, str]
# Words that point back at something said before.
ANAPHORA = re.compile(
    r"\b(it|its|it's|this|that|these|those|they|them|their|the paper|the papers|the authors|the method|"
    r"the approach|the model|same|above|previous|mentioned|first one|second one|former|latter)\b",
    re.IGNORECASE,
)
SINGULAR = re.compile(r"\b(it|its|it's|this paper|that paper|the paper|this one|that one|first one)\b", re.IGNORECASE)


def normalise_history(history: Sequence[Turn] | Sequence[tuple[str, str]] | None) -> list[Turn]:
    """Accept [{"role", "content"}] or [(question, answer)] pairs."""
    turns: list[Turn] = []
    for item in history or []:
        if isinstance(item, dict):
            turns.append({"role": str(item.get("role", "user")), "content": str(item.get("content") or "")})
        else:
            question, answer = item
            turns += [{"role": "user", "content": str(question)}, {"role": "assistant", "content": str(answer or "")}]
    return turns


def is_follow_up(question: str) -> bool:
    return bool(ANAPHORA.search(question)) or len(question.split()) <= 4


def cited_papers(history: list[Turn], papers: list[Paper]) -> list[str]:
    """Paper ids the latest assistant turn cited, in the order it cited them."""
    last = next((t["content"] for t in reversed(history) if t["role"] == "assistant"), "")
    text = normalise_title(last)
    found = [(text.find(key), p.paper_id) for p in papers if len(key := normalise_title(p.title)) > 8 and key in text]
    return [paper_id for position, paper_id in sorted(found) if position >= 0]


def previous_question(history: list[Turn]) -> str:
    return next((t["content"] for t in reversed(history) if t["role"] == "user"), "")


def refers_to_one(question: str) -> bool:
    return bool(SINGULAR.search(question))
