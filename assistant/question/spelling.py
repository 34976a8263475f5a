"""British and American spellings read alike: a question about "optimisation of colour images" finds the papers that
write "optimization" and "color", and the other way round.

Word endings, not a word list: -ise/-isation become -ize/-ization, -yse -yze, -our -or, -tre -ter, -ogue -og, and a
doubled l before -ed/-ing/-er is single. Applied to both sides of a comparison, a word rewritten by mistake ("detour")
is rewritten the same way on both sides and still matches itself; in a search it adds a word no paper has.
"""

from __future__ import annotations

import re

RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{3})our(s|ed|ing|ful|ite|ites|able)?$"), r"or\1"),
    (re.compile(r"(?<=[a-z]{3})tre(s)?$"), r"ter\1"),
    (re.compile(r"(?<=[a-z]{3})ogue(s)?$"), r"og\1"),
    (re.compile(r"(?<=[aeiou])ll(ed|ing|er|ers)$"), r"l\1"),
]
WORD = re.compile(r"[A-Za-z]{5,}")


def american_word(word: str) -> str:
    """The American spelling of one word, in lower case when it changes."""
    lower = word.lower()
    for pattern, replacement in RULES:
        changed = pattern.sub(replacement, lower)
        if changed != lower:
            return changed
    return word


def american(text: str) -> str:
    """The text with every word in its American spelling."""
    return WORD.sub(lambda match: american_word(match.group(0)), text)


def other_spellings(text: str) -> list[str]:
    """The words of `text` whose American spelling differs, in that spelling, once each: what a search adds."""
    return list(dict.fromkeys(american_word(w) for w in WORD.findall(text) if american_word(w) != w))
