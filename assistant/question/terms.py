"""A question's key terms: the specific words evidence must contain (model names and versions, datasets, hardware,
metrics, named methods), told from ordinary words by their shape, by how rare they are in English (wordfreq), and by
how many documents of the library contain them; and which of them a set of passages never mentions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from paperchat.assistant.question.english import zipf
from paperchat.assistant.question.library import LibraryView
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.question.spelling import american
from paperchat.ingest.text import keyword_terms, words

RARE_IN_ENGLISH_ZIPF = 2.5  # a capitalised word rarer than this in English is a name (zipf 3: once per million words)
UNKNOWN_TO_ENGLISH_ZIPF = 1.0  # a lower-case word below this is not an English word at all (wordfreq's floor)
NAMED_ZIPF = 4.5  # a capitalised word followed by a number is a versioned name unless common ("Table 2", "Which 2025")
COMMON_SHARE = 0.05  # a word in this share of the library's documents is its ordinary vocabulary ...
COMMON_MIN_DOCUMENTS = 5  # ... counted in at least this many documents, so a tiny library does not call all common
TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-.'’][A-Za-z0-9]+)*")
NAME_SHAPED = re.compile(r"[a-z][A-Z]|[A-Z]{2}|[A-Za-z]-?\d|\d[A-Za-z]")  # MiniMax, BLEU, M3, Mamba-2, 4o
POSSESSIVE = re.compile(r"['’]s$")
VERSION = re.compile(r"^[vV]?\d+(?:\.\d+)?[a-z]?$")  # the "2" of "Loihi 2", "3.7" of "Claude 3.7", "v3" of "X v3"
# English forms adjectives from a noun with these ("GRPO-style", "Sinkhorn-type", "Conformer-based"): the name is the
# part before; a passage says "GRPO", not "GRPO-style". Grammar, not vocabulary: the list is closed.
MODIFIER_SUFFIX = re.compile(
    r"-((?i:style|type|like|based|driven|aware|level|wise|free|specific|oriented|inspired)|[a-z]{3,}(?:ed|ing)"
    r"|written|built|made|known|grown|given|drawn|taught|led|held|run|set|shown|done)$"
)  # a participle too ("Sinkhorn-regularised", "GRPO-trained", "LLM-written"): lower case, so "Re-ID" stays a name
# A name ending in a version part ("Mamba-2", "ARC-AGI-3", "MiniMax-M3", "GaLore 2"): the version must match exactly.
VERSIONED = re.compile(r"[A-Za-z][-\s](?:[A-Za-z]?\d+(?:\.\d+)?[a-z]?)$")
FUNCTION_WORDS = frozenset({"or", "and", "a", "an", "the", "it", "them", "this", "that", "these", "those"})
VERB_PHRASE_END = re.compile(r"(?:\s+\w+){0,2}?\s+(?:it|them|this|that|these|those)\b", re.I)  # "... against it"
CAPITALISED_COMPOUND = re.compile(r"^[A-Z][A-Za-z]*-[A-Za-z]")  # "Adam-mini", "Switch-EMA": a hyphenated name


def key_terms(text: str, library: LibraryView) -> list[str]:
    """The specific terms of `text`, as written, in order: a name-shaped token (MiniMax-M3, GPT-2, NVFP4, xAR-L), a
    capitalised word rare in English (Loihi, Sinkhorn), a word English does not know at all (reweight), and a name
    with the version after it ("Loihi 2", "Claude 3.7"). Words without digits that the library uses widely are its
    ordinary vocabulary, not key terms. Quantities (24GB, 256x256, 90%) are not terms."""
    matches = list(TOKEN.finditer(text))
    found: list[str] = []
    for i, match in enumerate(matches):
        token = MODIFIER_SUFFIX.sub("", POSSESSIVE.sub("", match.group(0)))
        if token[0].isdigit():
            continue  # a quantity, or a version already joined to the name before it
        at_start = not text[: match.start()].strip(" \"'‘“(")
        following = matches[i + 1] if i + 1 < len(matches) else None
        if following and _versions(text, match, following) and (NAME_SHAPED.search(token) or _a_name(token, at_start)):
            found.append(f"{token} {following.group(0)}")
            continue
        specific = bool(NAME_SHAPED.search(token) or CAPITALISED_COMPOUND.match(token))
        if not specific and token[0].isupper() and not at_start:
            specific = _rarest_zipf(token) < RARE_IN_ENGLISH_ZIPF
        elif not specific:
            specific = _rarest_zipf(token) < UNKNOWN_TO_ENGLISH_ZIPF
        if specific and (any(c.isdigit() for c in token) or not _common_in_library(token, library)):
            found.append(token)
    return list(dict.fromkeys(found))


def _versions(text: str, name: re.Match, following: re.Match) -> bool:
    return VERSION.match(following.group(0)) is not None and text[name.end() : following.start()] == " "


def _a_name(token: str, at_start: bool) -> bool:
    return token[0].isupper() and not at_start and zipf(token) < NAMED_ZIPF


def _rarest_zipf(token: str) -> float:
    parts = [part for part in re.split(r"[-.'’]", token) if part.isalpha() and len(part) > 2]
    return min((zipf(part) for part in parts), default=9.0)


def _common_in_library(token: str, library: LibraryView) -> bool:
    terms = keyword_terms(token)
    if not terms or not library.documents:
        return False
    common = max(COMMON_MIN_DOCUMENTS, COMMON_SHARE * library.documents)
    return min(library.document_frequency(term) for term in terms) >= common


def absent_terms(terms: Iterable[str], library: LibraryView) -> list[str]:
    """Key terms with a word that no document of the library contains: "MiniMax-M3" when only M1 and M2 exist.
    A version of one character ("Loihi 2") is below what the keyword index keeps; passages must decide those."""

    def unknown(word: str) -> bool:  # in either spelling: "regularised" is known when papers write "regularized"
        spellings = {*keyword_terms(word), *keyword_terms(american(word))} or {""}
        return all(library.document_frequency(t) == 0 for t in spellings) and bool(keyword_terms(word))

    return [term for term in terms if any(unknown(word) for word in re.split(r"[\s-]+", term))]


def library_spelling(word: str, library: LibraryView) -> str | None:
    """The library's word a misspelt one means ("Gausian" → "gaussian"): a plain word (lower case or capitalised) of
    five or more letters that English does not know and no document contains, one letter (or two swapped) away from
    words the library has; the one in the most documents. None for names (digits, inner capitals: "QLoRA"), short
    words, or when nothing near is in the library."""
    lower = word.lower()
    plain = word.islower() or (word[0].isupper() and word[1:].islower())  # "QLoRA", "GSPO" are names, not typos
    if not plain or not word.isalpha() or len(word) < 5 or zipf(lower) >= UNKNOWN_TO_ENGLISH_ZIPF:
        return None
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(lower[:i], lower[i:]) for i in range(len(lower) + 1)]
    near = {a + b[1:] for a, b in splits if b}  # one letter deleted, swapped, changed or added
    near |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    near |= {a + c + b[1:] for a, b in splits if b for c in letters} | {a + c + b for a, b in splits for c in letters}
    scored = []
    for candidate in near - {lower}:
        terms = keyword_terms(candidate)
        if len(terms) == 1 and (frequency := library.document_frequency(terms[0])) > 0:
            scored.append((frequency, zipf(candidate), candidate))
    return max(scored)[2] if scored else None


def has_known_alternative(text: str, term: str, library: LibraryView) -> bool:
    """Whether `text` offers `term` as one of alternatives ("microcontrollers or IoT-class devices", "A/B") beside a
    word the library knows: then the term is one of the asker's words for the thing, and a passage that does not
    use it may still answer."""
    name = re.escape(term)
    other = r"([A-Za-z][\w-]*)"
    around = (
        rf"{other}\s*(?:,\s*|\s+or\s+|/)(?:\w+\s+)?{name}(?![\w-])",  # "X or T", "X or a T", "X/T"
        rf"(?<![\w-]){name}(?:\s+\w+)?(?:\s+or\s+|/)(?:an?\s+|the\s+)?{other}",  # "T or X", "T devices or X"
    )
    for pattern in around:
        for match in re.finditer(pattern, text):
            if match.group(1).lower() in FUNCTION_WORDS or VERB_PHRASE_END.match(text[match.end() :]):
                continue  # "build on GaLore or benchmark against it": an alternative action, not another word
            if any(library.document_frequency(w) > 0 for w in keyword_terms(match.group(1))):
                return True
    return False


def is_acronym(term: str) -> bool:
    return 2 <= len(term) <= 6 and term.isalpha() and term.isupper()


def spells_out(text: str, acronym: str) -> bool:
    """Whether consecutive words of `text` have the acronym's letters as initials: NMT in "neural machine
    translation". Only for passages already retrieved for the question, where a chance match is unlikely."""
    initials = "".join(word[0] for word in words(text))
    return acronym.lower() in initials and len(acronym) >= 3


def is_name_shaped(term: str) -> bool:
    """Written as a name (capitals after the first letter, digits, a capitalised compound), not as a plain word."""
    return bool(NAME_SHAPED.search(term) or CAPITALISED_COMPOUND.match(term) or term[:1].isupper())


def mentions(text: str, term: str) -> bool:
    """Whether `text` contains `term`: a name with digits or several parts as consecutive words, or written as one
    ("GPT-2", "GPT 2", "GPT2"); a plain word by its stem ("LibriSpeech" matches "librispeech's")."""
    parts = words(term)
    if not parts:
        return False
    if len(parts) == 1 and not any(c.isdigit() for c in parts[0]):
        if term.islower():  # a plain word, in either spelling ("optimisation", "optimization")
            return set(keyword_terms(american(term))) <= set(keyword_terms(american(text)))
        return set(keyword_terms(term)) <= set(keyword_terms(text))
    if american(" ".join(parts)) != " ".join(parts):  # a British part ("Sinkhorn-regularised"): both sides American,
        parts, text = words(american(" ".join(parts))), american(" ".join(words(text)))  # accents folded first
    have = words(text)
    joined = "".join(parts)
    spaced = f" {' '.join(parts)} "
    if spaced in f" {' '.join(have)} ":
        return True
    return any("".join(have[i : i + n]) == joined for n in (1, 2, 3) for i in range(len(have) - n + 1))


def named_terms(text: str) -> list[str]:
    """The name-shaped words of `text` (LoRA, GPT-2, NVIDIA), whether or not the library uses them widely."""
    return list(dict.fromkeys(m.group(0) for m in TOKEN.finditer(text) if NAME_SHAPED.search(m.group(0))))


def must_be_mentioned(term: str) -> bool:
    """A name with a version part ("Mamba-2", "MiniMax-M3", "GaLore 2") or a hyphenated name ("Adam-mini"): passages
    must say it as written, since a neighbour (M2 for M3, Adam for Adam-mini) is a different thing, and the keyword
    index keeps only the parts. A single word ("bf16" for "bfloat16") may be paraphrased."""
    return bool(VERSIONED.search(term) or CAPITALISED_COMPOUND.match(term))


def missing_terms(plan: QuestionPlan, texts: Iterable[str]) -> list[str]:
    """The plan's key terms that none of `texts` mentions: "No indexed paper mentions Loihi 2." when non-empty."""
    texts = list(texts)

    def said(text: str, term: str) -> bool:
        other = plan.aliases.get(term.upper(), plan.aliases.get(term.lower(), []))
        spelled = is_acronym(term) and spells_out(text, term)
        return mentions(text, term) or spelled or any(mentions(text, form) for form in other)

    return [term for term in plan.key_terms if not any(said(text, term) for text in texts)]
