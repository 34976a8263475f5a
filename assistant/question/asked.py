"""What a question asks for: the thing named right after "what", "how many" or "how much" ("What learning rate and
batch size …" → learning rate, batch size; "How many attention heads …" → attention heads). A paper that never
mentions any of them cannot state the answer, however well the rest of the question matches it.

"Which X" asks for an instance of a kind ("which serving engine" is answered by "vLLM"), and so do kinds of things
after "what" ("what method", "what dataset", "what accuracy"): a paper answers them by naming the instance, not the
word, so they are not asked-for terms.
"""

from __future__ import annotations

import re

from paperchat.assistant.question.english import zipf
from paperchat.ingest.text import QUESTION_NOISE, keyword_terms

WH = re.compile(r"\b(?:what|how (?:many|much))\s+", re.I)
# Words that end the asked-for phrase: auxiliaries, pronouns, prepositions, determiners and quantifiers ("how much
# cache each head gets" asks for cache), relatives.
ENDS_PHRASE = frozenset(
    """
    is are was were be been being do does did has have had can could would will shall should may might must
    it its they them their he she his her we our you your i my this that these those there here which who whom whose
    the a an of in on at for to from by with into onto per over under about as than then when where while if
    across between during through via within without against among each every both either neither another
    """.split()  # noqa: SIM905 - a word list reads best as words
)
# Kinds of things a paper answers by naming an instance, not the word itself.
KINDS_OF_THINGS = frozenset(
    """
    method methods approach approaches technique techniques algorithm algorithms framework frameworks model models
    architecture architectures system systems tool tools dataset datasets data benchmark benchmarks task tasks metric
    metrics measure measures baseline baselines setting settings experiment experiments version versions kind kinds
    type types sort sorts way ways idea ideas contribution contributions difference differences problem problems
    criterion criteria strategy strategies mechanism mechanisms rule rules
    limitation limitations advantage advantages benefit benefits goal goals purpose finding findings conclusion
    conclusions result results performance accuracy score scores number numbers value values amount part parts
    thing things main key core central exactly exact specific specifically paper papers work study studies authors
    author one ones kind
    """.split()  # noqa: SIM905 - a word list reads best as words
)
# A measure asked on its own ("what sizes are its two models?") is answered by numbers, not by the word; inside a
# name ("learning rate", "batch size") it is part of what is asked.
MEASURES = frozenset(
    ("size", "sizes", "length", "lengths", "speed", "speeds", "rate", "rates", "ratio", "ratios", "count", "counts")
)
EVERYDAY_ZIPF = 5.45  # a word this common says nothing on its own about whether a paper states the answer
MAX_PHRASE_WORDS = 4
# "How much faster", "how much more memory": a comparative asks for the amount of a change, which a paper states as a
# number ("an 8x speedup") without the word; it is not asked for, the noun after it is.
COMPARATIVES = frozenset(
    """
    faster slower smaller larger bigger cheaper costlier better worse lower higher longer shorter quicker fewer greater
    less more
    """.split()  # noqa: SIM905 - a word list reads best as words
)
# After the asked-for noun, an object or possessive pronoun shows that the word before it was a verb ("what criterion
# decides it", "what loss keeps its outputs consistent").
OBJECT_PRONOUNS = frozenset({"it", "them", "him", "her", "us", "its", "their", "his", "our", "your"})


def asked_for(question: str) -> list[str]:
    """The phrases the question asks for, in order; [] when it asks for a kind of thing or nothing specific."""
    phrases: list[str] = []
    for match in WH.finditer(question):
        taken: list[str] = []
        for word in re.findall(r"[\w][\w'’-]*", question[match.end() :])[: MAX_PHRASE_WORDS * 2]:
            lower = word.lower()
            if not taken and lower in COMPARATIVES:
                continue
            if lower in ENDS_PHRASE or lower in QUESTION_NOISE - {"and"}:
                if lower in OBJECT_PRONOUNS and len(taken) > 1:
                    taken.pop()  # "what criterion decides it": "decides" is the verb, not part of what is asked
                break
            if len([w for w in taken if w.lower() != "and"]) >= MAX_PHRASE_WORDS:
                break
            taken.append(word)
        for phrase in " ".join(taken).split(" and "):
            telling = [w for w in phrase.split() if w.lower() not in KINDS_OF_THINGS and zipf(w) < EVERYDAY_ZIPF]
            if telling and not all(w.lower() in MEASURES for w in telling):
                phrases.append(" ".join(telling))
    return list(dict.fromkeys(phrases))


def stated_in(text_terms: set[str], phrase: str) -> bool:
    """Whether a text (its keyword terms) mentions every telling word of the phrase."""
    terms = keyword_terms(phrase)
    return bool(terms) and set(terms) <= text_terms
