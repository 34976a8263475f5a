"""Where a question asks. People set the scene before they ask ("I work on image generation. Are there papers
that …?", "My background is in finance, so I'm curious: does the collection have …?", "Great, thanks! Could you cut
that list down …?"): the sentences before the first one that asks are context, and the rest is the ask. The form of
the question (list, count, lookup, …) is read from the ask's main clause, after a leading phrase that only locates it
("In the researcher's profile, which papers …", "In the paper on Lion, how much …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SENTENCE = re.compile(r"(?<=[.!?:;])\s+(?=\S)")
# A sentence asks when it ends in "?" or opens as a question or a request does.
ASKING_START = re.compile(
    r"^\W*(?:and |so |but |also |then |now |ok(?:ay)?,? |hey,? |hi,? )?(?:who|whom|whose|what|what's|which|when|where|"
    r"why|how|is|are|was|were|do|does|did|has|have|had|can|could|would|will|should|may|might|shall|please|list|show|"
    r"give|find|name|tell|summari[sz]e|compare|explain|describe|point|enumerate|count|any|anything|only|just|keep|"
    r"narrow|cut|filter|sort)\b",
    re.I,
)
# A leading locating phrase before the clause that carries the question's form.
LOCATING = re.compile(
    r"^[^,?]{3,100}?,\s+(?=(?:which|what|who|how|when|where|is there|are there|do|does|can|could|please|list|show|"
    r"give|find|name|tell)\b)",
    re.I,
)


@dataclass(frozen=True)
class Ask:
    context: str  # sentences that set the scene, '' when the question asks from its first sentence
    ask: str  # the sentences from the first one that asks
    form: str  # the ask's main clause, where its form is read

    @property
    def has_context(self) -> bool:
        return bool(self.context)


def split_ask(question: str) -> Ask:
    """The context, the ask and the clause its form is read from."""
    question = question.strip()
    sentences = SENTENCE.split(question)
    first = next((i for i, s in enumerate(sentences) if s.rstrip().endswith("?") or ASKING_START.match(s)), None)
    if first is None or first == 0:
        context, ask = "", question
    else:
        context, ask = " ".join(sentences[:first]), " ".join(sentences[first:])
    locating = None if ASKING_START.match(ask) else LOCATING.match(ask)
    return Ask(context, ask, ask[locating.end() :] if locating else ask)
