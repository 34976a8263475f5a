"""What a question asks for, read from its wording, and how well a sentence supplies it.

Similarity prefers the sentence that repeats the question; these cues prefer the one that answers it:
- a quantity (how many, how much, what value, which rate or level): a sentence stating a number the question does
  not already state, best right beside the thing asked about ("182 supernovae", "the RMS error … is .025");
  reference, figure, table and section numbers, bare years and the bounds of formulas ("q > 0") do not count;
- a reason (why, for what reason): a sentence that gives one (because, due to, in order to, so that);
- a definition (what is meant by, what does X mean, what counts as, what is X called): a sentence that defines
  (is defined as, refers to, is called, we define … as), best near the term asked about;
- a name (which tool, platform, model, dataset, zone): a sentence naming something the question does not name
  (a capitalised, mixed-case or digit-bearing word, or a new modifier of the asked noun: "the access zone"), best
  beside the asked noun;
- a date (when did, in what year): a sentence with a year the question does not state;
- a person (who): a sentence naming a person or a role.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Literal

from paperchat.ingest.text import QUESTION_NOISE, content_terms, stem, words

Kind = Literal["quantity", "reason", "definition", "name", "date", "person"]


@dataclass(frozen=True)
class Asked:
    """What a question asks for: its kind, and the words naming the thing asked about ("supernovae" in "how many
    supernovae …", "RMS error" in "what RMS error …", "session" in "what counts as a 'session'"), stemmed."""

    kind: Kind
    terms: frozenset[str] = field(default_factory=frozenset)
    question: str = ""
    head: str = ""  # the last of them, the noun the phrase is about ("tool" in "which fuzz-testing tool")


MEASURES = (
    "number|count|amount|value|values|level|rate|ratio|percentage|percent|share|fraction|proportion|accuracy|"
    "precision|recall|f-?measure|f1|score|error|size|length|width|height|depth|distance|duration|time|speed|"
    "frequency|temperature|pressure|concentration|mass|weight|density|energy|power|voltage|current|range|cost|price|"
    "speedup|gain|factor|fold|threshold|budget|dose|capacity|resolution|efficiency|latency|throughput|bandwidth|"
    "auc|bleu|perplexity|yield|loss|margin|increase|decrease|reduction|improvement|difference"
)
ASKS_REASON = re.compile(r"\bwhy\b|\bfor what reasons?\b|\bwhat (?:is|was|were|are) the reasons?\b|\bhow come\b", re.I)
# The first interrogative of the question says what it asks; one inside a clause ("the question about who was …")
# comes later. "When" asks only before an auxiliary: "When X is used, what is it called?" asks for a name.
INTERROGATIVE = re.compile(
    r"\b(?:when (?:was|were|did|does|do|is|are|has|had|will)\b|how\b|what\b|which\b|whom?\b|whose\b|where\b)", re.I
)
HEAD_ENDS = (  # what follows the head noun of a wh-phrase: a verb, a preposition or the question's end
    r"(?=\s*(?:[?,;:)]|$)|\s+(?:did|does|do|is|was|were|are|has|had|have|can|could|would|will|must|should|of|for|in|"
    r"on|at|to|per|from|between|with|by|over|under|below|above|among|\w+ed)\b)"
)
ASKS_DATE = re.compile(r"^(?:when\b|(?:what|which) (?:year|date|month|decade|century)\b)", re.I)
ASKS_QUANTITY = re.compile(
    r"^(?:how (?:many|much|long|large|big|wide|fast|often|far|high|old|deep|heavy|small|tall|thick|strong|"
    r"frequently)\b|what fold\b"
    rf"|(?:what|which)\s+(?:[^\s?]+\s+){{0,4}}?(?:{MEASURES})s?{HEAD_ENDS})",
    re.I,
)
ASKS_BY_HOW_MUCH = re.compile(r"\bby (?:how much|what (?:factor|fold|margin|percentage|amount))\b", re.I)
ASKS_DEFINITION = re.compile(
    r"^(?:what (?:is|are|was|were) (?:meant|understood) by\b|what (?:does|do|did) .{1,80}? (?:mean|stand for|denote|"
    r"call|do)\b|what (?:exactly )?counts? as\b|what (?:is|are|was|were)\b|what (?:popular |common |usual )?names?\b"
    r"|how (?:do|does|did|is|are) .{1,80}? defined?\b)",
    re.I,
)
ASKS_PERSON = re.compile(r"^(?:who|whom|whose)\b", re.I)
ASKS_NAME = re.compile(r"^which\b", re.I)
QUOTED = re.compile(r"['‘“\"]([^'’”\"]{2,60})['’”\"]")
LEADING = frozenset({"how", "what", "which", "many", "much", "by", "the", "a", "an", "of", "is", "are", "exactly"})
AUXILIARIES = ("did", "does", "do", "is", "was", "were", "are", "has", "had", "have", "can", "could", "would", "will")
STOP_AFTER_HEAD = frozenset(  # a verb or preposition after the head of the thing asked about
    AUXILIARIES
    + ("must", "should", "of", "for", "in", "on", "at", "to", "per", "from", "between", "with", "by", "over", "under")
    + ("below", "above", "among", "that", "which", "who", "when", "where", "make", "made", "counts", "count", "and")
)

YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
REFERENCE_NUMBER = re.compile(
    r"\[[\d,;\s–-]+\]|\b(?:fig(?:ure)?s?|tables?|tab|sec(?:tion)?s?|eqs?|equations?|chapters?|appendix|refs?|"
    r"steps?|cases?|models?|runs?|rules?|rq|h)\.?\s*\(?[\dIVX]+(?:\.\d+)*[a-z]?\)?",
    re.I,
)
# A number on its own, not part of a word ("run1") and not a bound in a formula ("q > 0"), which states nothing.
NUMBER = re.compile(r"(?<![\w.<>≤≥])(?<![<>≤≥] )(\d+(?:[.,]\d+)*|\.\d+)")
NEAR_BEFORE = 8  # the thing asked about may come this many words before the number ("the RMS error … is .025")
NEAR_AFTER = 3  # or just after it ("182 supernovae")
# A number stated of the thing asked about is linked to it: "the RMS error … is .025", "an accuracy of 0.43".
LINKS = frozenset(
    "is was are were be being been of = : reached reaches achieved achieves "  # noqa: SIM905 - a word list reads best as words
    "to at about approximately around nearly roughly by than becomes became "
    "equals equal".split()
)
NEAR_NAME = 3  # a name this close to the asked noun names it ("the fuzzer JSFUNFUZZ", "LimeSurvey as our platform")
NEAR_TERM = 6  # a defining phrase this close to the term defines it
SAME_PREFIX = 5  # two forms of one word share at least this many first letters
NUMBER_WORDS = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|"
    r"thousands?|millions?|billions?|dozens?|twice|half)\b",
    re.I,
)
REASON = re.compile(
    r"\b(?:because|since (?!\d)|due to|owing to|thanks to|as a result|in order to|so that|so as to|the reasons? "
    r"(?:is|was|for)|to (?:avoid|reduce|prevent|ensure|allow|enable|keep|limit|expedite|speed up|save|simplify|"
    r"minimi[sz]e|maximi[sz]e|lower)|unrealistic\w*|cannot|impossible|too \w+ (?:to|for)|which is (?:why|closed))",
    re.I,
)
WEAK_REASON = re.compile(r"\b(?:therefore|thus|hence|this (?:means|implies)|consequently|motivat\w+|so)\b", re.I)
DEFINES = re.compile(
    r"\b(?:is|are|was|were) (?:defined|called|termed|referred|denoted|named)\b|\brefers? to\b|\bunderstood as\b"
    r"|\bdefined? (?:as|by)\b|\bwe (?:define|call|term|denote|refer to)\b|\bknown as\b|\bstands? for\b|\bdenotes?\b"
    r"|\bmeans\b|\bi\.e\.|\bnamely\b|\bcalled\b|\breferred to as\b",
    re.I,
)
NAME = re.compile(r"(?<![\w-])(?:[A-Z][\w.+-]*[A-Z0-9][\w.+-]*|[a-z]+[A-Z][\w-]*|[A-Z][a-z]{2,}[\w-]*)")
DETERMINERS = frozenset(
    "one two three four five each every all some any such other another "  # noqa: SIM905 - a word list reads best as words
    "first second last same several many few both either neither no not "
    "only its his her".split()
)
CITATION = re.compile(r"\([^()]*\b(?:1[5-9]|20)\d\d[a-z]?\)|\b[A-Z][\w-]+ et al\.")  # (Smith, 2004), Smith et al.
NOT_NAMES = frozenset({"fig", "figure", "table", "section", "eq", "equation", "appendix", "ref", "et", "al"})
PERSON = re.compile(
    r"\b(?:author|authors|expert|experts|annotators?|participants?|students?|researchers?|the (?:team|group))\b"
    r"|\b(?:Dr|Prof)\.|\b[A-Z][a-z]+ [A-Z][a-z]+\b"
)


def asked_for(question: str) -> Asked | None:
    """What the question asks for, read at its first interrogative; None when its wording does not say (a question
    about a topic in general, or how something is done)."""
    if ASKS_REASON.search(question):
        return Asked("reason", question=question)
    if found := ASKS_BY_HOW_MUCH.search(question):
        return Asked("quantity", frozenset(content_terms(_asked_phrase(question[found.start() :]))), question)
    found = INTERROGATIVE.search(question)
    if found is None:
        return None
    clause = question[found.start() :]
    for pattern, kind in (
        (ASKS_DATE, "date"),
        (ASKS_QUANTITY, "quantity"),
        (ASKS_DEFINITION, "definition"),
        (ASKS_PERSON, "person"),
        (ASKS_NAME, "name"),
    ):
        if pattern.search(clause):
            quoted = QUOTED.search(question)
            phrase = quoted.group(1) if quoted and kind == "definition" else _asked_phrase(clause)
            head = stem(phrase.split()[-1]) if phrase.split() else ""
            return Asked(kind, frozenset(content_terms(phrase)), question, head)  # type: ignore[arg-type]
    return None


def _asked_phrase(clause: str) -> str:
    """The thing asked about: the words from the interrogative to the first function word or verb after its head
    ("how many dark nights per …" → "dark nights")."""
    taken: list[str] = []
    leading = words(clause)[:10]
    if leading[:1] == ["how"] and len(leading) > 2 and leading[2] in AUXILIARIES:
        return ""  # "how much does X cut …": the amount is of the verb's object, not of anything named here
    for word in leading:
        if not taken and (word in LEADING or word in STOP_AFTER_HEAD):
            continue
        if taken and (word in STOP_AFTER_HEAD or word.endswith("ed")):
            break
        taken.append(word)
    return " ".join(taken[:4])


def fit(sentence: str, asked: Asked | None) -> float:
    """How well `sentence` supplies what the question asks for, 0 to 1 (0 when nothing in particular is asked)."""
    if asked is None:
        return 0.0
    if asked.kind == "quantity":
        return states_quantity(sentence, asked)
    if asked.kind == "reason":
        return 1.0 if REASON.search(sentence) else 0.4 if WEAK_REASON.search(sentence) else 0.0
    if asked.kind == "definition":
        return _defines(sentence, asked)
    if asked.kind == "date":
        return float(any(year not in asked.question for year in YEAR.findall(sentence)))
    if asked.kind == "person":
        return float(bool(PERSON.search(sentence)))
    return _names(sentence, asked)


def states_quantity(sentence: str, asked: Asked) -> float:
    """1 for a number the question does not state, stated of the thing asked about (just after it, or linked to it
    by "is", "of", "reached" …); 0.8 for one shortly after it; 0.6 for one elsewhere or a number word ("eleven
    months"); 0 for none."""
    given = {number for _, number in _numbers(asked.question)}
    new = [(i, number) for i, number in _numbers(sentence) if number not in given]
    if not new:
        said = {w.lower() for w in NUMBER_WORDS.findall(asked.question)}
        return 0.6 if any(w.lower() not in said for w in NUMBER_WORDS.findall(sentence)) else 0.0
    at = _positions(sentence, asked.terms)
    tokens = sentence.split()
    after = any(i < j <= i + NEAR_AFTER for i, _ in new for j in at)  # "182 supernovae"
    linked = any(
        i - NEAR_BEFORE <= j < i and any(t.lower().strip(",;") in LINKS for t in tokens[j + 1 : i + 1])
        for i, _ in new
        for j in at
    )
    return 1.0 if after or linked else 0.8 if any(i - NEAR_BEFORE <= j < i for i, _ in new for j in at) else 0.6


def _defines(sentence: str, asked: Asked) -> float:
    """1 for a defining phrase near the term, 0.7 for one elsewhere. A copula or a colon is in every other
    sentence: alone it defines nothing."""
    at = _positions(sentence, asked.terms)
    spots = [len(sentence[: m.start()].split()) for m in DEFINES.finditer(sentence)]
    if not spots:
        return 0.0
    return 1.0 if any(abs(i - j) <= NEAR_TERM for i in spots for j in at) else 0.7


def _names(sentence: str, asked: Asked) -> float:
    """1 for a new name (or a new modifier of the asked noun: "the access zone") beside the asked noun, 0.5 for a
    new name elsewhere."""
    names = new_names(sentence, asked.question)
    at = _positions(sentence, frozenset({asked.head}) if asked.head else asked.terms)
    if any(abs(i - j) <= NEAR_NAME for i, _ in names for j in at):
        return 1.0
    tokens = [_word(t) for t in sentence.split()]
    question_terms = content_terms(asked.question)
    for j in at:
        modifier = tokens[j - 1] if j else ""
        if len(modifier) > 2 and modifier not in QUESTION_NOISE | DETERMINERS and stem(modifier) not in question_terms:
            return 1.0
    return 0.5 if names else 0.0


def new_names(sentence: str, question: str) -> list[tuple[int, str]]:
    """(word index, name) for the name-shaped words of `sentence`, not its first word, that the question lacks."""
    asked = question.lower()
    initials = "".join(w[0] for w in words(question))
    sentence = CITATION.sub(_blank, sentence)  # the authors of a cited work name no answer
    found = []
    for match in NAME.finditer(sentence):
        word = match.group(0).rstrip(".-")
        if match.start() == 0 or len(word) < 2 or word.lower() in asked or word.lower() in NOT_NAMES:
            continue
        if word.isupper() and word.isalpha() and word.lower() in initials:  # "NE" for the question's "named entity"
            continue
        found.append((len(sentence[: match.start()].split()), word))
    return found


def _numbers(text: str) -> list[tuple[int, str]]:
    """(word index, number) of the numbers of `text` that state something: not references, figure, table or section
    numbers, not bare years, not bounds in formulas."""
    cleaned = YEAR.sub("_", REFERENCE_NUMBER.sub(_blank, text))
    return [(len(cleaned[: m.start()].split()), m.group(1).strip(",")) for m in NUMBER.finditer(cleaned)]


def _blank(match: re.Match) -> str:
    """As many placeholder words as the match had words, so that word indexes stay those of the sentence."""
    return " ".join("_" for _ in match.group(0).split()) or " "


def _positions(sentence: str, terms: frozenset[str]) -> list[int]:
    """Word indexes of `sentence` whose word is one of `terms` or shares all but its last letters with one
    ("recognition", "recognizer")."""
    return [i for i, token in enumerate(sentence.split()) if any(_same_word(stem(_word(token)), t) for t in terms)]


def _same_word(word: str, term: str) -> bool:
    if word == term:
        return True
    shared = len(os.path.commonprefix([word, term]))
    return shared >= SAME_PREFIX and shared >= min(len(word), len(term)) - 2


def _word(token: str) -> str:
    parts = words(token)
    return parts[-1] if parts else ""
