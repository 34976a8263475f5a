"""Words from text, one way for the whole project: accent folding, word tokens, stems, content terms, keyword
(BM25) terms, and the title that chunking puts in front of a passage. Every other module asks here."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[a-z0-9]+")  # hyphens and possessives split: LoRA-GGPO and LoRA's both say lora
KEYWORD_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s' own pattern: words of two characters or more
# Words that say nothing about which passage answers a question about papers.
QUESTION_NOISE = frozenset(
    """
    a an the of in on for to and or is are was were be been do does did how what which who whom whose why when
    where there their this that these those it its with by from as at about into than then can could would should
    may might will shall paper papers study work method methods approach model models propose proposed use used
    using show shows result results new any some me tell explain describe give list find i we you they our your
    """.split()  # noqa: SIM905 - a word list reads best as words
)
SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "es", "ed", "ly", "s")


# Letters that Unicode does not decompose into a base letter and an accent, spelled as ASCII readers spell them.
UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                              "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ð": "d", "þ": "th"})

ACCENTS = frozenset("ˆ˜¨´`˘˙˚¸˛ˇ")  # accents a PDF may set apart from their letter (modifier symbols)


def ascii_fold(text: str) -> str:
    """'Zoltán Gyöngyi' → 'Zoltan Gyongyi': accents dropped, other non-ASCII letters too. A PDF's accent set apart
    from its letter ("Lemaˆıtre") folds as the accented letter would ("Lemaitre"); a dash or quote mark that is not
    ASCII still separates words ("Lemaître–Tolman" → "Lemaitre Tolman")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSED))
    if decomposed.isascii():
        return decomposed
    return "".join(c if c.isascii() else " " if unicodedata.category(c)[0] in "PZS" and c not in ACCENTS else ""
                   for c in decomposed)


def words(text: str) -> list[str]:
    """Lower-case ASCII words and numbers, in order."""
    return WORD.findall(ascii_fold(text).lower())


def stem(word: str) -> str:
    """A light suffix stripper: 'trainings' and 'training' → 'train'. Cheap and predictable for matching a question's
    words with a sentence's; BM25 uses the Snowball stemmer (keyword_terms)."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_terms(text: str) -> set[str]:
    """Stemmed words that can tell one passage from another: question noise and one-letter words dropped."""
    return {stem(w) for w in words(text) if w not in QUESTION_NOISE and len(w) > 1}


@lru_cache(maxsize=1)
def _snowball():  # noqa: ANN202 - Stemmer.Stemmer, imported lazily
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _keyword_stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def keyword_terms(text: str) -> list[str]:
    """BM25 terms: lower-case words, English stop words dropped, Snowball-stemmed. The same for documents and
    queries; saved with the keyword index, so a change here must change keywords.TERMS_VERSION."""
    stop = _keyword_stopwords()
    return _snowball().stemWords([t for t in KEYWORD_TOKEN.findall(without_accents(text).lower()) if t not in stop])


def without_accents(text: str) -> str:
    """'Lemaître', 'Schrödinger' → 'Lemaitre', 'Schrodinger': accents dropped from Latin letters, so a question
    typed without them finds the paper; other scripts (Cyrillic, Greek, CJK) are kept as they are."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def without_title(text: str, title: str) -> str:
    """A passage's text without the title line that chunking put in front of it."""
    return text[len(title) :].lstrip() if title and text.startswith(title) else text
