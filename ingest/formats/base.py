"""What every parser returns: the papers it found, the problems it met, per file and line, and notices: things a
user should know about a paper that was read (its title is a guess, its text is from OCR)."""

from __future__ import annotations

from dataclasses import dataclass, field

from paperchat.ingest.papers import Paper


class ParseError(ValueError):
    """A whole file cannot be parsed. `line` is 1-based when the problem has a place."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class Problem:
    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


@dataclass
class ParseResult:
    papers: list[Paper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    format: str = ""
    notices: list[Problem] = field(default_factory=list)
