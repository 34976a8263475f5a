"""Group a component's records into papers again, and say what that changes: which papers to write (and which
stored paper each continues), which stored papers no group stands for any more, and which records merged and why.

A paper keeps its paper_id while its records do: a paper named by a title hash keeps the hash it was first given,
even when a later record adds the author or year the hash would be made of now, so its chunks keep their vectors.
A paper named by a strong identifier (an id its source gave, arXiv id, DOI) is named by it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from paperchat.assistant.index.catalog_records import Component
from paperchat.ingest.identity import Group, KnownPapers, group_records, kept_apart
from paperchat.ingest.papers import Paper

WEAK = "t:"  # the prefix of ids made from a title hash


@dataclass
class PaperWrite:
    paper: Paper
    replaces: str | None  # the stored paper it continues under another id
    is_new: bool
    members: list[tuple[str, int]]  # its records: (source, seq)


@dataclass
class Regrouping:
    writes: list[PaperWrite] = field(default_factory=list)
    unchanged: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # paper_id → its records
    deletes: list[str] = field(default_factory=list)  # stored papers no group stands for
    merged: list[dict] = field(default_factory=list)  # {paper_id, title, records, why}, for the ingest report
    kept_apart: list[dict] = field(default_factory=list)  # {title, paper_ids, why}


def regroup(component: Component) -> Regrouping:
    """What grouping the component's records again changes (see the module docstring)."""
    records = component.records
    groups = group_records([r.paper for r in records])
    order = sorted(groups, key=lambda g: (-len(g.records), -g.facets.richness(), g.records[0]))
    claimed: set[str] = set()  # stored papers a group continues
    used: set[str] = set()  # paper_ids given out
    known = KnownPapers(component.papers)
    result = Regrouping()
    for group in order:
        paper = group.paper
        assigned = [pid for pid, _ in Counter(records[i].paper_id for i in group.records).most_common() if pid]
        # The stored paper it continues: one its records were grouped into, or any it fits, if it is that paper still.
        fitting = known.fitting(group)
        row = next(
            (
                pid
                for pid in dict.fromkeys([paper.paper_id, *assigned, *fitting])
                if pid in fitting and pid not in claimed
            ),
            None,
        )
        if not paper.paper_id.startswith(WEAK):
            final = paper.paper_id
        elif row and row.startswith(WEAK):
            final = row
        else:  # an id its records had before a rebuild, or a new one
            kept = [pid for pid in assigned if pid.startswith(WEAK) and pid not in used and pid not in component.papers]
            final = kept[0] if kept else _unused(paper.paper_id, lambda pid: pid in used or pid in component.papers)
        used.add(final)
        if row:
            claimed.add(row)
        paper.paper_id = final
        members = [(records[i].source, records[i].seq) for i in group.records]
        if row == final and _unchanged(paper, component.papers[row], component.hashes[row]):
            result.unchanged[final] = members
            continue
        result.writes.append(PaperWrite(paper, row if row != final else None, row is None, members))
        if len(group.records) > 1:
            result.merged.append(_merge_note(group, records))
    result.deletes = sorted(set(component.papers) - claimed)
    written = {w.paper.paper_id for w in result.writes}
    for ids, title, why in kept_apart(groups):  # said when one of them changed, not on every ingest
        if written & set(ids):
            result.kept_apart.append({"title": title, "paper_ids": ids, "why": why})
    result.writes.sort(key=lambda w: w.paper.paper_id)
    return result


def _unused(paper_id: str, taken: Callable[[str], bool]) -> str:
    """The id, numbered when another paper of this component has it already."""
    n, candidate = 1, paper_id
    while taken(candidate):
        n += 1
        candidate = f"{paper_id}-{n}"
    return candidate


def _unchanged(paper: Paper, stored: Paper, stored_hash: str) -> bool:
    """Same content, and from the same files (which the content hash leaves out)."""
    return stored_hash == paper.content_hash() and (paper.sources, paper.formats) == (stored.sources, stored.formats)


def _merge_note(group: Group, records: list) -> dict:
    files = Counter(records[i].source for i in group.records)
    return {
        "paper_id": group.paper.paper_id,
        "title": group.paper.title,
        "records": [f"{source} ({n} records)" if n > 1 else source for source, n in files.items()],
        "why": "; ".join(dict.fromkeys(group.reasons)),
    }
