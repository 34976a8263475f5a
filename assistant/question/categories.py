"""Categories a question states, by arXiv code ("cs.RO", "(CV)") or by the taxonomy's name ("robotics")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from paperchat.assistant.question.names import Span

# The arXiv taxonomy's names for the codes a listing shows (general knowledge, the same for every question).
ARXIV_NAMES: dict[str, tuple[str, ...]] = {
    "AI": ("artificial intelligence",),
    "AR": ("hardware architecture", "computer architecture"),
    "CC": ("computational complexity",),
    "CE": ("computational engineering",),
    "CG": ("computational geometry",),
    "CL": ("computation and language", "natural language processing", "nlp", "computational linguistics"),
    "CR": ("cryptography and security", "security", "cryptography"),
    "CV": ("computer vision", "computer vision and pattern recognition"),
    "CY": ("computers and society",),
    "DB": ("databases", "database"),
    "DC": ("distributed computing", "parallel computing", "distributed, parallel, and cluster computing"),
    "DL": ("digital libraries",),
    "DM": ("discrete mathematics",),
    "DS": ("data structures and algorithms", "data structures"),
    "ET": ("emerging technologies",),
    "FL": ("formal languages", "automata theory"),
    "GL": ("general literature",),
    "GR": ("graphics", "computer graphics"),
    "GT": ("computer science and game theory", "game theory"),
    "HC": ("human-computer interaction", "human computer interaction", "hci"),
    "IR": ("information retrieval",),
    "IT": ("information theory",),
    "LG": ("machine learning",),
    "LO": ("logic in computer science",),
    "MA": ("multiagent systems", "multi-agent systems"),
    "MM": ("multimedia",),
    "MS": ("mathematical software",),
    "NA": ("numerical analysis",),
    "NE": ("neural and evolutionary computing", "evolutionary computing"),
    "NI": ("networking and internet architecture", "networking"),
    "OC": ("optimization and control",),
    "OS": ("operating systems",),
    "PF": ("performance",),
    "PL": ("programming languages",),
    "RO": ("robotics",),
    "SC": ("symbolic computation",),
    "SD": ("sound",),
    "SE": ("software engineering",),
    "SI": ("social and information networks",),
    "SP": ("signal processing",),
    "SY": ("systems and control",),
    "AS": ("audio and speech processing", "speech processing"),
    "IV": ("image and video processing",),
    "ML": ("statistical machine learning",),
}
CODE = re.compile(r"\b(?:cs|stat|eess|math|q-bio|q-fin|physics)\.([A-Z]{2})\b")
# A bare code or a name is a category only where the question frames it as one.
NAME_FRAME_BEFORE = re.compile(
    r"(?:\b(?:filed|listed|categori[sz]ed|classified|tagged|marked)\s+(?:under|in|as)|\bunder|'s|’s"
    r"|\b(?:papers?|entries|entry|ones?)\s+(?:(?:are|is|were|was)\s+)?(?:in|from))"
    r"(?:\s+the)?(?:\s+arxiv)?\s*$",
    re.I,
)
CODE_FRAME_BEFORE = re.compile(r"(?:\bin|\bunder|\bas)(?:\s+the)?(?:\s+arxiv)?\s*$", re.I)
FRAME_AFTER = re.compile(
    r"^\s*(?:\(\s*(?:cs|stat|eess|math)\.[A-Z]{2}\s*\)|\)|\s*(?:-|\s)?(?:category|papers?\b|area))", re.I
)


def find_category(question: str, known: Iterable[str]) -> tuple[str, list[Span]] | None:
    """The category code the question states (as the catalog writes it) and the phrases that state it, or None.
    A code given with its name ("robotics (cs.RO)", "computer-vision (CV)") is stated by both."""
    known_codes = {code.split(".")[-1].upper(): code for code in known}
    found: tuple[str, Span] | None = None
    if match := CODE.search(question):
        found = match.group(1), match.span()
    for match in re.finditer(r"\b([A-Z]{2})\b", question):
        if not found and match.group(1) in known_codes and _framed(question, match.span(), CODE_FRAME_BEFORE):
            found = match.group(1), match.span()
    for code in ARXIV_NAMES:
        for match in _name_matches(question, code):
            if not found and code in known_codes and _framed(question, match.span(), NAME_FRAME_BEFORE):
                found = code, match.span()
    if found is None:
        return None
    code, span = found
    spans = list(dict.fromkeys([span, *(m.span() for m in _name_matches(question, code))]))
    return known_codes.get(code, code), spans


def _name_pattern(names: Iterable[str]) -> re.Pattern:
    """One pattern for a code's names; "computer vision" also matches "computer-vision"."""
    alternatives = [r"[\s-]+".join(re.escape(word) for word in name.split()) for name in names]
    return re.compile(rf"\b(?:{'|'.join(alternatives)})\b", re.I)


NAME_PATTERNS = {code: _name_pattern(names) for code, names in ARXIV_NAMES.items()}


def _name_matches(question: str, code: str) -> list[re.Match]:
    return list(NAME_PATTERNS[code].finditer(question)) if code in NAME_PATTERNS else []


def _framed(question: str, span: Span, frame_before: re.Pattern) -> bool:
    before, after = question[: span[0]].rstrip("( "), question[span[1] :]
    in_brackets = question[span[0] - 1 : span[0]] == "("
    return bool(frame_before.search(before) or NAME_FRAME_BEFORE.search(before) or FRAME_AFTER.search(after)) or (
        in_brackets
    )
