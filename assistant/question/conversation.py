"""Conversation history: what "it" or "these papers" point back at, and which papers the last answer cited.

History is a list of {"role": "user" | "assistant", "content": str} turns, the shape Gradio, Slack threads and
OpenAI all use. The papers an earlier answer cited are recognised by their titles in its references.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from paperchat.ingest.papers import Paper, normalise_title

Turn = dict[str, str]
# Words that point back at papers an earlier answer cited. "this"/"that" alone are left out: "the paper that …"
# describes a paper rather than pointing back.
POINTS_BACK = re.compile(
    r"\b(?:it|its|it's|they|them|their|these|those|this paper|that paper|this one|that one|these papers|those papers|"
    r"the above|above papers?|(?:the )?same papers?|previous(?:ly)? (?:mentioned|cited)|mentioned above|former|latter|"
    r"(?:the )?(?:first|second|third|fourth|fifth|last) (?:one|paper|result)"
    r"|(?:which|some|any|all|each|both) of them)\b",
    re.IGNORECASE,
)
# Pointers a list question ("which of these …") needs to be about the cited papers rather than the library.
POINTS_BACK_TO_MANY = re.compile(
    r"\b(?:these|those|them|the above|above papers?|same papers?"
    r"|(?:which|some|any|all|each|both) of (?:them|these|those))\b",
    re.IGNORECASE,
)
CONTINUES = re.compile(r"^\W*(?:and|also|what about|how about|and what about|same for)\b", re.IGNORECASE)
SINGULAR = re.compile(r"\b(it|its|it's|this paper|that paper|the paper|this one|that one|first one)\b", re.IGNORECASE)
ORDINAL = re.compile(r"\b(?:the )?(first|second|third|fourth|fifth|last) (?:one|paper|result)\b", re.IGNORECASE)
ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1}


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


def points_back(question: str) -> bool:
    return bool(POINTS_BACK.search(question))


def points_back_to_many(question: str) -> bool:
    return bool(POINTS_BACK_TO_MANY.search(question))


def continues_previous(question: str) -> bool:
    """'And in 2024?', 'What about its code?': the question continues the previous one's form."""
    return bool(CONTINUES.search(question))


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


def pointed_at(question: str, cited: list[str]) -> list[str]:
    """The cited papers the question points at: 'the second one' → the second; 'it' → the first; else all."""
    if match := ORDINAL.search(question):
        index = ORDINALS[match.group(1).lower()]
        return cited[index:][:1] if index >= 0 and index < len(cited) else cited[-1:] if index < 0 else []
    return cited[:1] if refers_to_one(question) else list(cited)
