"""What a question asks about that the papers found do not state, even when they are the right papers.

A question about a detail of a paper names what it asks about. When the closest papers never mention a name the
question uses ("the Dutch data", "Mozilla's Kraken benchmark"), or a specific word that no paper of the library
uses at all ("gluten", "tokamak"), the papers say nothing about it, however well the rest of the question matches
them. And the year of an event (when was X founded, in what year did Y co-found Z) is stated only by a passage that
gives a year beside that event; the paper's own date does not answer it.

Names are compared as words, with their ending free, so that an inflected or translated name still counts
("Russia", "Russlands"). Papers not written in English, and questions not asked in it, are not checked word by word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from paperchat.assistant.answering.asked import YEAR
from paperchat.assistant.question.english import zipf
from paperchat.assistant.question.library import LibraryView
from paperchat.assistant.question.terms import MODIFIER_SUFFIX, NAME_SHAPED, POSSESSIVE, spells_out
from paperchat.assistant.results import Passage
from paperchat.ingest.papers import Paper
from paperchat.ingest.text import QUESTION_NOISE, keyword_terms, words

ENGLISH = frozenset(
    "the of and to in is are was were that for with as this be by on it we from "  # noqa: SIM905 - words read best as words
    "an which or not what how why who does did do".split()
)
ENGLISH_SHARE = 0.06  # a text whose words are less than this share English function words is in another language
CAPITALISED = r"[A-Z][\w'’.-]*\w"
NAME_RUN = re.compile(rf"(?<![\w'’-]){CAPITALISED}(?:\s+(?:and|of|de|van|von|der)\s+{CAPITALISED}|\s+{CAPITALISED})*")
FREE_ENDING = 2  # letters a name's ending may differ by and still count as the name
MIN_STEM = 4  # ... but at least this many first letters must agree
SPECIFIC_ZIPF = 4.0  # an English word rarer than this (once per 10,000 words) names something specific
LOWER_WORD = re.compile(r"(?<![\w-])[a-z]{3,}(?![\w-])")
KNOWN_ZIPF = 1.0  # below this, English does not know the word (a foreign word, a typo, a coinage)
# When did X happen, for an event other than the paper's publication ("when" as a question, not "even when …").
ASKS_EVENT_DATE = re.compile(
    r"(?:^\W*when\b|\bwhen (?:was|were|did|does|do|is|are|has|had)\b|\b(?:what|which) year\b).*?"
    r"\b(co-?found\w*|found(?:ed|ing)?|establish\w*|born|died|creat\w*|"
    r"launch\w*|open(?:ed)?|start(?:ed)?|built|incorporat\w*|invent\w*|discover\w*|acquir\w*|form(?:ed)?)\b",
    re.I,
)
EVENT_NEAR = 12  # words between the event and the year that dates it
SENTENCE_START = re.compile(r"(?:^|[.?!:;]\s+|\n)[\s\"'‘“(]*$")
LETTER_THEN_DIGIT = re.compile(r"(?<=\b[A-Za-z])[\s$_{}^]+(?=\d)")  # "L$_2$", "L_2", "L 2" → "L2"
ACRONYM = re.compile(r"[A-Z]{2,6}")
FIRST_PERSON = re.compile(r"I(?:['’](?:m|ve|d|ll))?")
FIRST_WORD_ZIPF = 4.5  # a word this common, capitalised after a full stop ("What is there?"), is a first word


def in_english(text: str) -> bool:
    """Whether `text` is written in English, by its share of English function words."""
    found = words(text)
    return bool(found) and sum(w in ENGLISH for w in found) / len(found) >= ENGLISH_SHARE


def paper_text(paper: Paper) -> str:
    """Everything a paper says of itself: title, authors, organisation, abstract and full text."""
    return " ".join([paper.title, " ".join(paper.authors), paper.org or "", paper.abstract, paper.full_text])


def unstated_names(question: str, papers: Iterable[Paper], aliases: dict[str, list[str]] | None = None) -> list[str]:
    """The names of the question (capitalised words after its first, acronyms, a name of several words such as
    "William and Mary") that none of `papers` mentions, ending free; [] when the question or a paper is not in
    English. An abbreviation is mentioned by the long form the library defines for it (`aliases`: "RL" →
    "reinforcement learning") or by words whose initials spell it ("LLMs" by "Large Language Models"), and a name
    of letters and digits as markup writes it ("L2" as "L$_2$")."""
    texts = [paper_text(paper) for paper in papers]
    if not texts or not any(w in ENGLISH for w in words(question)) or not all(map(in_english, texts)):
        return []
    have = set().union(*(words(text) for text in texts), *(words(LETTER_THEN_DIGIT.sub("", t)) for t in texts))
    said_text = f" {' '.join(' '.join(words(text)) for text in texts)} "

    def spelled_out(name: str) -> bool:
        if ACRONYM.fullmatch(name) and any(re.search(rf"\b{name}(?:s|[A-Z][a-z]+|\d+)\b", t) for t in texts):
            return True  # built on: "CNNs", "VGGNet", "VGG16"
        single = name[:-1] if name.endswith("s") else name  # "LLMs" by "large language models"
        if ACRONYM.fullmatch(single) and any(spells_out(text, single) for text in texts):
            return True
        return any(f" {' '.join(words(form))} " in said_text for form in (aliases or {}).get(name.upper(), []))

    unsaid = []
    for name in question_names(question):
        if re.search(r"\s(?:and|of|de|van|von|der)\s", name):  # one name of several words ("William and Mary")
            unsaid += [name] if not all(_said(part, have) for part in words(name)) else []
        else:
            unsaid += [
                part for part in name.split() if not all(_said(w, have) for w in words(part)) and not spelled_out(part)
            ]
    return unsaid


def question_names(question: str) -> list[str]:
    """Capitalised words and runs of them ("William and Mary", "Frederick Bates"), the question's first word left
    out, and a common word that begins a later sentence ("... GaLore style. What is there?"); possessives and
    adjective endings ("GRPO-style") taken off."""
    names = []
    for match in NAME_RUN.finditer(question):
        parts = [MODIFIER_SUFFIX.sub("", POSSESSIVE.sub("", part)) for part in match.group(0).split()]
        before = question[: match.start()]
        if not before.strip(" \"'‘“(") or (SENTENCE_START.search(before) and zipf(parts[0]) >= FIRST_WORD_ZIPF):
            parts = parts[1:]  # the first word is capitalised as a first word
            while parts and parts[0] in ("and", "of", "de", "van", "von", "der"):
                parts = parts[1:]
        parts = [part for part in parts if not FIRST_PERSON.fullmatch(part)]  # "Ah, I'm sorry": the asker, no name
        run = " ".join(parts)
        if re.search(r"\s(?:and|or)\s", run) and all(NAME_SHAPED.search(p) for p in re.split(r"\s(?:and|or)\s", run)):
            names += re.split(r"\s(?:and|or)\s", run)  # "VGG and ResNet": two names, not one of several words
        elif parts:
            names.append(run)
    return list(dict.fromkeys(names))


def _said(word: str, have: set[str]) -> bool:
    """Whether `word`, its singular, or a form with another ending of up to FREE_ENDING letters is among `have`;
    a short word must be there as it is."""
    if word in have or word.rstrip("s") in have:
        return True
    if len(word) <= MIN_STEM:
        return False
    stem = word[: max(MIN_STEM, len(word) - FREE_ENDING)]
    return any(w.startswith(stem) for w in have)


def unknown_words(question: str, library: LibraryView, papers: Iterable[Paper]) -> list[str]:
    """Specific English words of the question, written in lower case (rarer than SPECIFIC_ZIPF, known to English),
    that neither `papers` nor any document of the library contains, in either spelling (-ise, -ize), when the papers
    are full texts in English: a full paper that never uses a specific word says nothing about it. An abstract is
    too short to tell."""
    papers = list(papers)
    if not papers or not all(p.full_text and in_english(p.full_text) for p in papers):
        return []
    if not any(w in ENGLISH for w in words(question)):
        return []
    said = set().union(*(words(paper_text(paper)) for paper in papers))
    found = []
    for word in dict.fromkeys(LOWER_WORD.findall(question)):  # a capitalised word is a name: unstated_names
        if word in QUESTION_NOISE or word in said or not KNOWN_ZIPF <= zipf(word) < SPECIFIC_ZIPF:
            continue
        spellings = {word, re.sub(r"is(e|ed|es|ing|ation|ations)$", r"iz\1", word)}
        if all(any(library.document_frequency(t) == 0 for t in keyword_terms(s)) for s in spellings):
            found.append(word)
    return found


def unstated_event_date(question: str, papers: Iterable[Paper], passages: Iterable[Passage]) -> str | None:
    """'a date for that event' when the question asks when something happened (founded, born, launched …) and no
    passage of `papers` gives a year within EVENT_NEAR words of that event; None otherwise, and when those papers
    are not in English (another language is not read word by word)."""
    asked = ASKS_EVENT_DATE.search(question)
    english = {paper.paper_id for paper in papers if in_english(paper_text(paper))}
    texts = [passage.text for passage in passages if passage.paper_id in english]
    if asked is None or not texts:
        return None
    event = re.sub(r"^co-?", "", asked.group(1).lower())[:4]
    for text in texts:
        tokens = text.lower().split()
        events = [i for i, token in enumerate(tokens) if event in token]
        years = [i for i, token in enumerate(tokens) if YEAR.search(token)]
        if any(abs(i - j) <= EVENT_NEAR for i in events for j in years):
            return None
    return "a date for that event"


def asks_event_date(question: str) -> bool:
    """The question asks when something other than the paper's publication happened (founded, born, launched)."""
    return ASKS_EVENT_DATE.search(question) is not None
