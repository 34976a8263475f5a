"""BibTeX for the papers an answer cites: one entry per cited paper, in citation order."""

from __future__ import annotations

import re

from paperchat.assistant.results import Answer, Citation
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.papers import arxiv_id
from paperchat.ingest.text import words

_SPECIAL = re.compile(r"([&%$#_])")
_KEY_WORDS = frozenset({"a", "an", "the", "on", "of", "for", "and", "in", "to", "with", "towards", "toward"})


def bibtex_escape(text: str) -> str:
    """Text safe inside a braced BibTeX field: special characters escaped, braces dropped, one line."""
    text = " ".join(clean_latex(text).split())
    text = text.replace("\\", "").replace("{", "").replace("}", "")
    return _SPECIAL.sub(r"\\\1", text)


def _ascii_word(text: str) -> str:
    return "".join(words(text))


def citation_key(citation: Citation) -> str:
    """`yang2022conformer`: first author's surname, year, first significant title word. Without authors, the title
    word leads (`conformer2022`), as reference managers key anonymous works."""
    surname = _ascii_word(citation.authors[0].replace(",", " ").split()[-1]) if citation.authors else ""
    if citation.authors and "," in citation.authors[0]:  # "Yang, Yufeng"
        surname = _ascii_word(citation.authors[0].split(",")[0])
    words = [_ascii_word(w) for w in clean_latex(citation.title).split()]
    word = next((w for w in words if w and w not in _KEY_WORDS), "paper")
    year = str(citation.year) if citation.year else ""
    return f"{surname}{year}{word}" if surname else f"{word}{year}"


def citation_bibtex(citation: Citation, key: str) -> str:
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(citation.title) + "}")]
    if citation.authors:
        names = [bibtex_escape(name) for name in citation.authors]
        if citation.authors_truncated:
            names.append("others")
        fields.append(("author", " and ".join(names)))
    if citation.year:
        fields.append(("year", str(citation.year)))
    found = arxiv_id(citation.paper_id.removeprefix("arxiv:"), citation.url)
    if found:
        fields += [("eprint", found), ("archiveprefix", "arXiv")]
    if citation.category:
        fields.append(("keywords", bibtex_escape(citation.category)))
    if citation.url:
        fields.append(("url", citation.url.replace("{", "%7B").replace("}", "%7D")))
    notes = [f"Code: \\url{{{citation.code_url}}}"] if citation.code_url and "}" not in citation.code_url else []
    if citation.date and not citation.year:
        notes.append(bibtex_escape(citation.date))
    if notes:
        fields.append(("note", "; ".join(notes)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def answer_bibtex(answer: Answer) -> str:
    """BibTeX entries for every paper the answer cites; an empty string when it cites none."""
    entries: list[str] = []
    used: set[str] = set()
    for citation in answer.citations:
        key = base = citation_key(citation)
        suffix = ord("a")
        while key in used:
            key = f"{base}{chr(suffix)}"
            suffix += 1
        used.add(key)
        entries.append(citation_bibtex(citation, key))
    return "\n".join(entries)
