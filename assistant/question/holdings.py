"""Asking what the library holds on a topic asks for its papers, in words that name no papers: "what do you have on
X", "what's here on X", "anything on X?", "has anyone applied X to Y?", "I'm looking for methods that …"."""

from __future__ import annotations

import re

from paperchat.assistant.question.asks import POLITENESS, SENTENCE
from paperchat.ingest.text import words

# Also "what is there?", "list everything on X", "which X methods are in the collection?", "what has <author> published
# on X?". Read only when the question points at no paper ("anything about its training data?" asks about one), and only
# from the last sentence that asks: in "anything on X? what threshold?" the first sentence finds the topic, the last
# asks.
HOLDINGS = re.compile(
    r"^\W*what(?:'s|’s| is| else is)? (?:there|here|in (?:there|here|the (?:collection|library|index|catalog)))\b"
    r"|^\W*what (?:do|does|did|have|has) (?:you|u|we|ya|the (?:collection|library|index|catalog)) (?:\w+ )?(?:have|"
    r"got|hold|cover)\b"
    r"|^\W*(?:is there )?anything (?:on|about|in|that|related|regarding|around|from|covering|dealing|with|which)\b"
    r"|^\W*(?:has |have |did |does |is )?(?:any(?:one|body)|some(?:one|body)) (?!else\b)"
    r"|\b(?:wonder(?:ed|ing)?|know|curious|asking|ask|see) (?:whether|if) "
    r"(?:any(?:one|body)|there (?:are|is|were|was)\b)"
    r"|^\W*(?:list|show|give me|name) (?:me )?(?:everything|anything|all (?:you|there|that))\b"
    r"|^\W*(?:i'?m |i am |i )?(?:looking|searching|hunting) (?:for )?(?:[\w'’-]+ ){0,4}?(?:papers|works?|methods|"
    r"approaches|techniques|research|literature|anything|something)\b"
    r"|^\W*(?:i )?(?:need|want|search) (?:some |any )?(?:[\w'’-]+ ){0,4}?(?:papers|works?|methods|approaches|"
    r"techniques|research|literature|anything|something)\b"
    r"|^\W*what (?:has|have|did) .{2,60}? (?:published|written|put out|posted|done)\b"
    r"|^\W*(?:which|what) .{0,80}?\b(?:are|is) (?:there )?(?:in (?:the |this |your |our )?(?:collection|library|index|"
    r"catalog|corpus|pile)|here|there|available|indexed)\W*$",
    re.I,
)
# The words of such a request ("what's there on", "do you have anything about", "I'm looking for papers on").
HOLDINGS_FRAMING = re.compile(
    r"^\W*(?:(?:hey|hi|hello|ok|okay|so)\W+)?"
    r"(?:what(?:'s|’s| is)? (?:there|here|in (?:there|here))"
    r"|what (?:do|does|did|have|has) (?:you|u|we|the (?:collection|library)) (?:\w+ )?(?:have|got|hold)"
    r"|(?:is there )?anything|(?:i'?m |i am |im )?(?:looking|searching) for|(?:i )?need|list everything"
    r"|give me everything)\s+(?:(?:on|about|regarding|around|in|for|that)\s+)?",
    re.I,
)
POINTS_BACK = re.compile(r"\b(?:it|its|it's|these|those|this (?:paper|one|work)|that (?:paper|one|work))\b", re.I)


def asks_what_is_held(question: str) -> bool:
    """Whether the question asks what the library holds on its topic (the caller checks it names no paper)."""
    return bool(HOLDINGS.search(_last_sentence(question))) and not POINTS_BACK.search(question)


def without_request(topic: str) -> str:
    """The topic without the words of a request for what the library holds ("what's there on X" → "X"): they are
    about asking, not about the topic, so not searched with."""
    return HOLDINGS_FRAMING.sub("", topic)


def _last_sentence(question: str) -> str:
    """The last sentence that says more than politeness ("… what's in there? Thanks!" → "what's in there?")."""
    sentences = [s for s in SENTENCE.split(question.strip()) if set(words(s)) - POLITENESS]
    return sentences[-1] if sentences else question
