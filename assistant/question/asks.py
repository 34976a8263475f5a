"""Where a question asks. People set the scene before they ask ("I work on image generation. Are there papers
that …?", "My background is in finance, so I'm curious: does the collection have …?", "Great, thanks! Could you cut
that list down …?"): sentences before the first one that asks, when they speak of the asker or are only politeness,
are context, and the rest is the ask. Sentences that name what the question is about ("BCWI vs BT^2: both are about
…. How do they differ?") are part of the ask. The form of the question (list, count, lookup, …) is read from the
first asking sentence's main clause, after a leading phrase that only locates it ("In the researcher's profile,
which papers …") and a polite opening ("Could you please list …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperchat.ingest.text import words

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


# The asker speaking of themselves, or of what others told them: the scene, not the subject.
ASKER = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|we|we're|our|us|colleague|friend|someone|somebody)\b", re.I)
POLITENESS = frozenset(
    """
    hi hello hey thanks thank you great nice cool ok okay sure please cheers interesting fun awesome perfect
    wonderful good sounds neat wow oh ah right got it sorry so and well
    """.split()  # noqa: SIM905 - a word list reads best as words
)
# A request's polite opening: "Could you please list …" is read as "list …".
POLITE = re.compile(
    r"^\W*(?:(?:could|can|would|will) you (?:please |kindly |maybe )?|please |kindly |i(?:'d| would) like (?:you )?to "
    r"|i want (?:you )?to |help me )(?=(?:list|show|give|find|name|tell|summari[sz]e|compare|explain|describe|point|"
    r"enumerate|count)\b)",
    re.I,
)
# Openings before the clause that carries the form: an interjection ("hey, are there …") and a request that embeds
# the question ("tell me which papers …", "point me to the papers on …").
OPENING = re.compile(
    r"^\W*(?:(?:hey|hi|hello|ok|okay|so|well|also|and|btw|yo)\b,?\s+)+"
    r"|^\W*(?:(?:tell|show|let) me (?:know )?(?=(?:which|what|whether|if|the|any|all)\b)|point me (?:to|at|towards) )",
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
    if context and not (ASKER.search(context) or not set(words(context)) - POLITENESS):
        context, ask = "", question  # it names the subject: part of the question
    form_start = " ".join(sentences[first:]) if first else question
    locating = None if ASKING_START.match(form_start) else LOCATING.match(form_start)
    ask_form = form_start
    form = ask_form[locating.end() :] if locating else ask_form
    form = POLITE.sub("", form) or form
    return Ask(context, ask, OPENING.sub("", OPENING.sub("", form, count=1), count=1) or form)
