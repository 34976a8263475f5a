"""A passage's text → the sentences and table rows an answer can quote, in the passage's order.

Text from PDFs arrives in lines: a sentence runs over several lines, a word may be hyphenated at a line end, and a
table is a run of lines that each hold one row. Prose lines are joined and split at sentence ends (never after an
abbreviation or an initial); a line-end hyphen is dropped only when the joined word is an English word ("geno-" +
"types"), so compounds keep theirs ("sub-" + "trajectory"). Each table row becomes a unit of its own, introduced by
the table's label and column header, so that a quoted row says what its numbers are.
"""

from __future__ import annotations

import re

from paperchat.assistant.question.english import zipf

ABBREVIATIONS = (
    "e.g.", "i.e.", "et al.", "vs.", "fig.", "figs.", "eq.", "eqs.", "cf.", "approx.", "resp.", "no.", "sec.",
    "sect.", "ref.", "refs.", "ch.", "vol.", "pp.", "dr.", "mr.", "ms.", "prof.", "inc.", "ltd.", "st.", "al.",
)  # fmt: skip
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"“‘'\[])")
INITIAL = re.compile(r"(?:^|\s)[A-Z]\.$")  # "K." of "K. Bolejko": a name goes on
LINE_HYPHEN = re.compile(r"([A-Za-z]+)-\n([a-z]+)")
NUMBER_TOKEN = re.compile(r"^[<>≤≥±~≈(]?[-−+]?\d[\d.,]*(?:[eE][-−+]?\d+)?[%)*]*(?:[A-Za-z]{0,3})$")
TABLE_LABEL = re.compile(r"^(Table|Tab\.|TABLE)\s*([0-9IVX]+[a-z]?)\b")
CAPTION = re.compile(r"^(Table|Tab\.|TABLE|Figure|Fig\.?|FIGURE)\s*[0-9IVX]+[a-z]?[.:]")  # starts a unit of its own
MIN_WORDS = 4
ROW_MAX_TOKENS = 16
ROW_NUMBER_SHARE = 0.3  # a line whose tokens are this much numbers is a row of a table, not a line of prose
HEADER_MAX_TOKENS = 10


def split_sentences(text: str) -> list[str]:
    """The prose sentences of `text` (four words or more) and its table rows, in order."""
    units: list[str] = []
    prose: list[str] = []
    for kind, content in _blocks(_join_hyphens(text)):
        if kind == "rows":
            units += _sentences(" ".join(prose))
            prose = []
            units += content
        else:
            if CAPTION.match(content[0]):  # a caption interrupts the prose around it
                units += _sentences(" ".join(prose))
                prose = []
            prose.append(content[0])
    units += _sentences(" ".join(prose))
    return units


def _sentences(text: str) -> list[str]:
    pieces = SENTENCE_BREAK.split(text)
    sentences: list[str] = []
    for piece in pieces:
        previous = sentences[-1] if sentences else ""
        if previous and (_abbreviated(previous) or INITIAL.search(previous)):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return [s for s in (" ".join(s.split()) for s in sentences) if len(s.split()) >= MIN_WORDS]


def _abbreviated(sentence: str) -> bool:
    """Whether the piece ends with an abbreviation ("e.g.", "Fig.", "et al."), not with a sentence's end."""
    last = sentence.lower().split()[-2:]
    return bool(last) and (last[-1] in ABBREVIATIONS or " ".join(last) in ABBREVIATIONS)


def _join_hyphens(text: str) -> str:
    """'geno-\\ntypes' → 'genotypes' (an English word), 'sub-\\ntrajectory' → 'sub-trajectory' (a compound)."""

    def join(match: re.Match) -> str:
        head, tail = match.group(1), match.group(2)
        joined = head + tail
        return joined if zipf(joined) > 0 else f"{head}-{tail}"

    return LINE_HYPHEN.sub(join, text)


def is_row(line: str) -> bool:
    """A table row: a short line, mostly numbers, with at least one word to name what the numbers are."""
    tokens = line.split()
    if not 2 <= len(tokens) <= ROW_MAX_TOKENS or line.rstrip().endswith((".", ",", ";")):
        return False
    numbers = sum(bool(NUMBER_TOKEN.match(token)) for token in tokens)
    words = sum(len(re.sub(r"[^A-Za-z]", "", token)) >= 2 for token in tokens)
    return numbers >= 1 and words >= 1 and numbers / len(tokens) >= ROW_NUMBER_SHARE


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """("prose", [line]) and ("rows", [unit, ...]) in order; two or more row lines in a row make a table."""
    lines = [line.strip() for line in text.split("\n")]
    blocks: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        run = i
        while run < len(lines) and is_row(lines[run]):
            run += 1
        if run - i >= 2:
            header, label = _header(lines, i, blocks)
            intro = " ".join(part for part in (label, f"({header})" if header else "") if part)
            blocks.append(("rows", [f"{intro}: {row}" if intro else row for row in lines[i:run]]))
            i = run
        else:
            if lines[i]:
                blocks.append(("prose", [lines[i]]))
            i += 1
    return blocks


def _header(lines: list[str], start: int, blocks: list[tuple[str, list[str]]]) -> tuple[str, str]:
    """The column header (the short line just above the rows, taken out of the prose) and the table's label
    ("Table 3") from a caption in the few lines above."""
    header = ""
    above = lines[start - 1] if start else ""
    short = len(above.split()) <= HEADER_MAX_TOKENS and not above.endswith(".")
    if above and short and blocks and blocks[-1] == ("prose", [above]):
        blocks.pop()
        header = above
    label = ""
    for line in reversed(lines[max(0, start - 6) : start]):
        if match := TABLE_LABEL.match(line):
            label = f"Table {match.group(2)}"
            break
    return header, label
