"""IngestReport: what an ingest or remove did. It formats itself as a line, a readable summary and Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

from paperchat.ingest.formats.base import Problem

SHOWN_PROBLEMS = 20  # str() and the Markdown view list this many problems, then say how many more there are
# The steps an ingest reports to its progress callback, `progress(step, done, total)`, in order; every shell shows
# them in these words. "wait": done and total are seconds waited and seconds it will wait for another process.
PROGRESS_STEPS = {
    "wait": "waiting for another process writing this index",
    "parse": "reading files",
    "embed": "embedding chunks",
    "keywords": "updating the keyword index",
}


def progress_text(step: str, done: int, total: int) -> str:
    """'embedding chunks 64/338', 'waiting for another process writing this index: 12 s (gives up after 600 s)'."""
    label = PROGRESS_STEPS.get(step, step)
    if step == "wait":
        return f"{label}: {done} s (gives up after {total} s)"
    return f"{label} {done}/{total}" if step != "keywords" else label


@dataclass(repr=False)
class IngestReport:
    """Counts of papers new, updated, unchanged and removed; each file's problems; seconds per step (`timings`)."""

    files: int = 0
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # not failures: a guessed title, text from OCR
    failed_files: list[str] = field(default_factory=list)
    records: int = 0
    chunks_embedded: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No file had a problem."""
        return not self.problems

    def summary(self) -> str:
        """Every count on one line, as `paperchat ingest` prints it."""
        return (
            f"{self.files} files, {self.records} records: {len(self.new)} new, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged, {len(self.removed)} removed papers; {len(self.failed_files)} files failed, "
            f"{len(self.problems)} problems; {self.chunks_embedded} chunks embedded"
            + (f"; {len(self.notices)} notices" if self.notices else "")
        )

    def __repr__(self) -> str:
        return (
            f"IngestReport(files={self.files}, records={self.records}, new={len(self.new)}, "
            f"updated={len(self.updated)}, unchanged={self.unchanged}, removed={len(self.removed)}, "
            f"problems={len(self.problems)}, chunks_embedded={self.chunks_embedded})"
        )

    def __str__(self) -> str:
        """A few lines for a person: what changed, how long it took, then each problem."""
        total = self.timings.get("total")
        took = f" in {total:.1f} s" if total is not None else ""
        lines = [
            f"Read {self.files} file{'s' * (self.files != 1)} ({self.records} records){took}.",
            f"Papers: {len(self.new)} new, {len(self.updated)} updated, {self.unchanged} unchanged, "
            f"{len(self.removed)} removed; {self.chunks_embedded} chunks embedded.",
        ]
        if self.problems:
            lines.append(f"{len(self.problems)} problem{'s' * (len(self.problems) != 1)}:")
            lines += [f"  {problem}" for problem in self.problems[:SHOWN_PROBLEMS]]
            if len(self.problems) > SHOWN_PROBLEMS:
                lines.append(f"  … and {len(self.problems) - SHOWN_PROBLEMS} more")
        else:
            lines.append("No problems.")
        if self.notices:
            lines.append(f"{len(self.notices)} notice{'s' * (len(self.notices) != 1)} (not failures):")
            lines += [f"  {notice}" for notice in self.notices[:SHOWN_PROBLEMS]]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        """The report as a notebook shows it: a table of counts, then the problems."""
        rows = [
            ("files", self.files),
            ("records", self.records),
            ("new papers", len(self.new)),
            ("updated papers", len(self.updated)),
            ("unchanged papers", self.unchanged),
            ("removed papers", len(self.removed)),
            ("chunks embedded", self.chunks_embedded),
            ("problems", len(self.problems)),
        ]
        lines = ["| | |", "|---|---:|", *(f"| {name} | {value} |" for name, value in rows)]
        if self.problems:
            lines += ["", "**Problems**", ""]
            lines += [f"- `{problem}`" for problem in self.problems[:SHOWN_PROBLEMS]]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """Every field by name, problems as their one-line text: ready for JSON."""
        return {
            "files": self.files,
            "records": self.records,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "failed_files": self.failed_files,
            "problems": [str(p) for p in self.problems],
            "notices": [str(p) for p in self.notices],
            "chunks_embedded": self.chunks_embedded,
            "timings": self.timings,
        }
