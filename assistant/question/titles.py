"""Papers a question names by title or short name: "FRUGAL", "MemAscend", "GaLore 2", "Test-Time Training Done Right".

A title's short names are its part before a colon ("GaLore 2: Large-Scale …" → "GaLore 2"), the whole title, and any
name-shaped word (internal capitals or digits: "MiniMax-M2") before the colon or in brackets that no other title
uses. The longest match wins, and a
match followed by a version the name lacks ("GaLore 3", "MiniMax-M3") names nothing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from paperchat.assistant.question.english import zipf
from paperchat.assistant.question.names import Span, word_spans
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.papers import Paper
from paperchat.ingest.text import words

MAX_OTHER_MENTIONS = 2  # a title word that more papers mention ("LoRA", "DPO", "GPUs") is vocabulary, not a name
MAX_SHORT_NAME_WORDS = 6  # a longer part before the colon is a phrase, not a name
COMMON_ENGLISH_ZIPF = 3.0  # a one-word name this common in English ("Frugal", "Lion") must be written as the title does
NAME_SHAPED = re.compile(r"^(?=.*[A-Za-z])(?:.*[a-z].*[A-Z]|.*[A-Z].*\d|.*\d.*[A-Za-z]|[A-Z]{2,}).*$")
VERSION = re.compile(r"^(?:v?\d+(?:\.\d+)*[a-z]?|[a-z]\d+[a-z]?)$")  # 2, v2, 3.5, m3, o1


@dataclass(frozen=True)
class ShortName:
    key: tuple[str, ...]
    written: str  # as the title writes it, for one-word names that are ordinary English words
    paper_id: str


class TitleIndex:
    def __init__(self, papers: Iterable[Paper]) -> None:
        self.names: dict[tuple[str, ...], list[ShortName]] = {}
        papers = list(papers)
        token_titles: Counter[str] = Counter()
        mentions: Counter[str] = Counter()  # papers whose title or abstract has the word
        for paper in papers:
            mentions.update(set(words(f"{paper.title} {paper.abstract}")))
            token_titles.update(set(_name_shaped_tokens(_head_and_brackets(clean_latex(paper.title)))))
        for paper in papers:
            title = clean_latex(paper.title)
            head = re.split(r"\s*:\s*", title, maxsplit=1)[0]
            head = re.sub(r"^(?:the|a|an)\s+", "", head, flags=re.I)
            candidates = [title]
            if head != title and len(words(head)) <= MAX_SHORT_NAME_WORDS:
                candidates.append(head)
            tokens = _name_shaped_tokens(_head_and_brackets(title))
            candidates += [
                token
                for token in tokens
                if token_titles[token] == 1
                and (len(token) > 2 or any(c.isdigit() for c in token))
                and min(mentions[word] for word in words(token)) <= MAX_OTHER_MENTIONS + 1
            ]
            for written in dict.fromkeys(candidates):
                key = tuple(words(written))
                if key and not any(n.paper_id == paper.paper_id for n in self.names.get(key, [])):
                    self.names.setdefault(key, []).append(ShortName(key, written, paper.paper_id))
        self.longest = max((len(key) for key in self.names), default=0)

    def find(self, question: str) -> list[tuple[str, Span]]:
        """(paper id, where the question names it), in order of mention; longest names first where two overlap."""
        spans = word_spans(question)
        tokens = tuple(word for word, _ in spans)
        candidates = []
        for start in range(len(tokens)):
            for end in range(start + 1, min(len(tokens), start + self.longest) + 1):
                candidates += [(start, end, name) for name in self.names.get(tokens[start:end], [])]
        taken: dict[int, tuple[int, int]] = {}  # token → the accepted name range covering it
        found: list[tuple[str, Span]] = []
        for start, end, name in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            if any(taken.get(i, (start, end)) != (start, end) for i in range(start, end)):
                continue  # inside a longer name already read ("GaLore" in "Natural GaLore")
            if end < len(tokens) and VERSION.match(tokens[end]):
                continue  # "GaLore 3" and "MiniMax-M3" name neither GaLore nor MiniMax
            span = (spans[start][1][0], spans[end - 1][1][1])
            if end - start == 1 and not _written_as_a_name(question[span[0] : span[1]], name.written):
                continue
            taken.update({i: (start, end) for i in range(start, end)})
            found.append((name.paper_id, span))
        ordered = sorted(found, key=lambda item: item[1])
        return list({paper_id: (paper_id, span) for paper_id, span in reversed(ordered)}.values())[::-1]


def _head_and_brackets(title: str) -> str:
    """Where a title puts its names: before the colon, and in brackets ("… Sequence (S4) Models")."""
    head = title.split(":", 1)[0] if ":" in title else ""
    return " ".join([head, *re.findall(r"\(([^()]{1,30})\)", title)])


def _name_shaped_tokens(title: str) -> list[str]:
    return [token for token in re.findall(r"[\w][\w.\-]*[\w]|\w", title) if NAME_SHAPED.match(token)]


def _written_as_a_name(seen: str, written: str) -> bool:
    """One ordinary English word names a paper only when written as the title writes it ('FRUGAL', not 'frugal';
    'LiST', not 'List'); any other one-word name in any case but all lower case, unless the title writes it so."""
    if zipf(written) >= COMMON_ENGLISH_ZIPF:
        return seen == written
    return seen.lower() == written.lower() and (
        not seen.islower() or written.islower() or not NAME_SHAPED.match(written)
    )
