"""Which records are one paper, and why.

Records are one paper when a strong identifier agrees (DOI, arXiv id without its version, or a paper_id the source
gave), or when the normalised title agrees and so do the first author's surname and the year, wherever both records
have one. A title alone never joins records that say they are by other people or of other years: those are other
papers, kept apart. A record that could belong to several such papers and says nothing to choose between them (a
title-only listing line) stays a paper of its own rather than lending its text to the wrong one.

Grouping is a pure function of the records, whatever order they come in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paperchat.ingest.papers import (
    Paper,
    latest_version,
    merge_pair,
    normalise_title,
    paper_identity,
    same_person,
    surname,
)

STRONG_KINDS = {"id": "paper_id", "arxiv": "arXiv id", "doi": "DOI"}  # the order a paper_id is chosen in
DERIVED_PREFIXES = ("t:", "arxiv:", "doi:")  # paper_ids that paperchat derives, not ones a source gave


def strong_ids(paper: Paper) -> dict[str, str]:
    """The identifiers that name this record's paper for certain, by kind: id (a paper_id the source gave), arxiv,
    doi."""
    ids = {"arxiv": paper.arxiv_id, "doi": paper.doi}
    if paper.paper_id and not paper.paper_id.startswith(DERIVED_PREFIXES):
        ids["id"] = paper.paper_id
    return {kind: value for kind, value in ids.items() if value}


@dataclass
class _Facets:
    """What a set of records says about which paper it is."""

    titles: set[str] = field(default_factory=set)
    ids: dict[str, set[str]] = field(default_factory=dict)
    first_authors: list[str] = field(default_factory=list)
    years: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, paper: Paper) -> _Facets:
        return cls(
            titles={normalise_title(paper.title)} - {""},
            ids={kind: {value} for kind, value in strong_ids(paper).items()},
            first_authors=paper.authors[:1],
            years={paper.year} if paper.year else set(),
        )

    def add(self, other: _Facets) -> None:
        self.titles |= other.titles
        for kind, values in other.ids.items():
            self.ids.setdefault(kind, set()).update(values)
        self.first_authors += [name for name in other.first_authors if name not in self.first_authors]
        self.years |= other.years

    def richness(self) -> int:
        return bool(self.ids) + bool(self.first_authors) + bool(self.years)

    def signature(self) -> tuple:
        return (
            frozenset(self.titles),
            frozenset((k, frozenset(v)) for k, v in self.ids.items()),
            frozenset(surname(name) for name in self.first_authors),
            frozenset(self.years),
        )


def _differs(one: _Facets, other: _Facets) -> str | None:
    """Why two sets of records that share a title are not one paper, or None when nothing says they differ."""
    for kind, label in STRONG_KINDS.items():
        if one.ids.get(kind) and other.ids.get(kind) and not one.ids[kind] & other.ids[kind]:
            return f"different {label}s"
    pairs = [(a, b) for a in one.first_authors for b in other.first_authors]
    if pairs and not any(same_person(a, b) for a, b in pairs):
        names = "; ".join(sorted({surname(n).title() for n in one.first_authors + other.first_authors}))
        return f"different first authors ({names})"
    if one.years and other.years and not one.years & other.years:
        return f"different years ({'; '.join(str(y) for y in sorted(one.years | other.years))})"
    return None


def _why_same(one: _Facets, other: _Facets) -> str:
    agreed = []
    if one.first_authors and other.first_authors:
        agreed.append(f"first author ({surname(one.first_authors[0]).title()})")
    if one.years and other.years:
        agreed.append(f"year ({min(one.years & other.years)})")
    return "same title" + (" and " + " and ".join(agreed) if agreed else "")


@dataclass
class Group:
    """Records that are one paper: their positions in the list grouped, the merged paper, and why they merged."""

    records: list[int]
    facets: _Facets
    reasons: list[str] = field(default_factory=list)
    ambiguous: bool = False
    paper: Paper | None = None


def group_records(records: list[Paper]) -> list[Group]:
    """The papers among `records`: each group's records, merged paper and reasons, in the order first seen."""
    groups = _join_weakly(_join_strongly(records))
    for group in groups:
        group.paper = _merged(records, group.records)
    _unique_ids(groups)
    return sorted(groups, key=lambda g: g.records[0])


def _join_strongly(records: list[Paper]) -> list[Group]:
    """Records sharing any strong identifier, joined (union-find)."""
    parent = list(range(len(records)))
    reasons: dict[int, list[str]] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[tuple[str, str], int] = {}
    for i, record in enumerate(records):
        for kind, value in strong_ids(record).items():
            j = first_with.setdefault((kind, value), i)
            if root(i) != root(j):
                low, high = sorted((root(i), root(j)))
                parent[high] = low
                reasons.setdefault(low, []).extend([*reasons.pop(high, []), f"same {STRONG_KINDS[kind]} {value}"])
    members: dict[int, list[int]] = {}
    for i in range(len(records)):
        members.setdefault(root(i), []).append(i)
    groups = []
    for top, indices in members.items():
        facets = _Facets()
        for i in indices:
            facets.add(_Facets.of(records[i]))
        groups.append(Group(indices, facets, list(dict.fromkeys(reasons.get(top, [])))))
    return groups


def _join_weakly(clusters: list[Group]) -> list[Group]:
    """Clusters joined by title, first author and year: the best-described first, each joining the one paper it
    can be; one that could be several stays apart (joining only its twins, which say exactly as little)."""
    groups: list[Group] = []
    by_title: dict[str, list[Group]] = {}  # only groups sharing a title can join: not every pair is compared
    for cluster in sorted(clusters, key=lambda c: (-c.facets.richness(), c.records[0])):
        near = {id(g): g for title in sorted(cluster.facets.titles) for g in by_title.get(title, [])}
        fits = [g for g in near.values() if _differs(g.facets, cluster.facets) is None]
        if len(fits) > 1:
            twins = [g for g in fits if g.ambiguous and g.facets.signature() == cluster.facets.signature()]
            fits = twins[:1]
            cluster.ambiguous = not fits
        if fits:
            [group] = fits
            group.reasons.append(_why_same(group.facets, cluster.facets))
            group.reasons += cluster.reasons
            group.records = sorted(group.records + cluster.records)
            group.facets.add(cluster.facets)
        else:
            groups.append(group := cluster)
        for title in group.facets.titles:
            if not any(g is group for g in by_title.setdefault(title, [])):
                by_title[title].append(group)
    return groups


def _merged(records: list[Paper], indices: list[int]) -> Paper:
    """The group's records merged onto one: the latest arXiv version (its title and abstract are the paper's now),
    else the first with an arXiv id, else the first with a DOI, else the first."""
    order = sorted(indices, key=lambda i: (-latest_version(records[i]), -_id_rank(records[i]), i))
    paper = records[order[0]].model_copy()  # the records themselves stay as they were given
    for i in order[1:]:
        paper = merge_pair(paper, records[i])
    given = sorted(ids["id"] for i in order if "id" in (ids := strong_ids(records[i])))
    # A paper_id a source gave wins (the source's word); then the arXiv id, the DOI, the hash of title and author.
    paper.paper_id = (
        given[0] if given else paper_identity(paper.title, None, paper.authors, paper.year, paper.doi, paper.arxiv_id)
    )
    return paper


def _id_rank(paper: Paper) -> int:
    return 2 if paper.arxiv_id else 1 if paper.doi else 0


def _unique_ids(groups: list[Group]) -> None:
    """Two groups that ended with one id (papers told apart by nothing the id is made of) get numbered ids."""
    seen: dict[str, int] = {}
    for group in sorted(groups, key=lambda g: g.records[0]):
        paper_id = group.paper.paper_id
        seen[paper_id] = seen.get(paper_id, 0) + 1
        if seen[paper_id] > 1:
            group.paper.paper_id = f"{paper_id}-{seen[paper_id]}"


def _fits(group: _Facets, paper: _Facets) -> bool:
    if any(group.ids.get(kind, set()) & values for kind, values in paper.ids.items()):
        return True
    return bool(group.titles & paper.titles) and _differs(group, paper) is None


def _keys(facets: _Facets) -> set[tuple[str, str]]:
    return {("title", title) for title in facets.titles} | {(k, v) for k, vs in facets.ids.items() for v in vs}


class KnownPapers:
    """Papers stored before, found by title or strong identifier, to tell which of them a new group could be: one
    with a strong identifier in common, or a title in common and nothing that says they differ."""

    def __init__(self, papers: dict[str, Paper]) -> None:
        self.facets = {paper_id: _Facets.of(paper) for paper_id, paper in papers.items()}
        self.by_key: dict[tuple[str, str], list[str]] = {}
        for paper_id, facets in self.facets.items():
            for key in _keys(facets):
                self.by_key.setdefault(key, []).append(paper_id)

    def fitting(self, group: Group) -> list[str]:
        """The stored papers this group could be, by paper_id."""
        near = sorted({paper_id for key in _keys(group.facets) for paper_id in self.by_key.get(key, [])})
        return [paper_id for paper_id in near if _fits(group.facets, self.facets[paper_id])]


def kept_apart(groups: list[Group]) -> list[tuple[list[str], str, str]]:
    """(paper ids, title, why) for papers that share a normalised title but are not one paper."""
    notes = []
    by_title: dict[str, list[Group]] = {}
    for group in groups:
        for title in group.facets.titles:
            by_title.setdefault(title, []).append(group)
    for same_title in by_title.values():
        if len(same_title) < 2:
            continue
        ids = [g.paper.paper_id for g in same_title]
        reasons = {_differs(a.facets, b.facets) for a in same_title for b in same_title if a is not b} - {None}
        if any(g.ambiguous for g in same_title):
            reasons.add("a record names nothing (first author, year, identifier) that says which paper it is")
        notes.append((ids, same_title[0].paper.title, "; ".join(sorted(reasons))))
    return notes


@dataclass
class MergeResult:
    papers: list[Paper]
    records: int
    groups: list[Group] = field(default_factory=list)


def merge_papers(records: list[Paper]) -> MergeResult:
    """The papers among `records`, each merged from all of its records (see the module docstring)."""
    groups = group_records(records)
    return MergeResult(papers=[g.paper for g in groups], records=len(records), groups=groups)


def same_paper(one: Paper, other: Paper) -> bool:
    """Whether two records are one paper."""
    return len(group_records([one, other])) == 1
