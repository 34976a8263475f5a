"""Answers from the catalog: lookups, superlatives and lists that the question's constraints pin down.

When constraints (authors, category, year, listing) select the papers, the constraint is the evidence: those papers
are cited with the field that answers, never refused for low similarity to any passage.
"""

from __future__ import annotations

from paperchat.assistant.answering.citations import strip_markers
from paperchat.assistant.question.plan import QuestionPlan
from paperchat.assistant.results import Passage
from paperchat.assistant.retrieval.retriever import source_from
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.papers import Paper, by_date, date_key

LISTED = 25  # papers named in one answer; a count covers all of them
FIELD_LABELS = {
    "date": "date",
    "authors": "authors",
    "first_author": "first author",
    "authors_count": "authors",
    "category": "category",
    "org": "organisation",
    "code_url": "code",
    "upvotes": "upvotes",
    "title": "title",
}
SORT_FIELDS = {
    "oldest": "date",
    "newest": "date",
    "most_authors": "authors_count",
    "fewest_authors": "authors_count",
    "most_upvoted": "upvotes",
}


def authors_count(paper: Paper) -> int:
    return paper.authors_count or len(paper.authors)


def ordered(papers: list[Paper], sort: str | None) -> list[Paper]:
    """Papers in the order a superlative asks for; papers that lack the value come last."""
    if sort in ("oldest", "newest"):
        return by_date(papers, newest=sort == "newest")
    if sort in ("most_authors", "fewest_authors"):
        counted = [p for p in papers if authors_count(p)]
        return sorted(counted, key=authors_count, reverse=sort == "most_authors")
    if sort == "most_upvoted":
        return sorted([p for p in papers if p.upvotes is not None], key=lambda p: -(p.upvotes or 0))
    return sorted(papers, key=date_key, reverse=True)


def top(papers: list[Paper], sort: str | None, wanted: int | None) -> list[Paper]:
    """The first `wanted` papers by the sort (1 by default), with any papers tied with the last one."""
    ranked = ordered(papers, sort)
    if not ranked or sort is None:
        return ranked[: wanted or len(ranked)]
    field = SORT_FIELDS[sort]
    cut = ranked[: wanted or 1]
    last = field_value(cut[-1], field)
    return cut + [p for p in ranked[len(cut) :] if field_value(p, field) == last]


def field_value(paper: Paper, field: str) -> str:
    if field == "date":
        return paper.date or (str(paper.year) if paper.year else "")
    if field == "authors":
        return paper.authors_text
    if field == "first_author":
        return paper.authors[0] if paper.authors else ""
    if field == "authors_count":
        count = authors_count(paper)
        more = "+" if paper.authors_truncated and not paper.authors_count else ""
        return f"{count}{more} author{'s' if count != 1 else ''}" if count else ""
    if field == "code_url":
        return paper.code_url or ("code released" if paper.has_code else "no code link listed")
    if field == "upvotes":
        return f"{paper.upvotes} upvotes" if paper.upvotes is not None else ""
    return str(getattr(paper, field) or "")


def shown_fields(plan: QuestionPlan) -> list[str]:
    """The asked field, the sort's field, and what the constraints were about: what a reader checks."""
    fields = list(dict.fromkeys([*([plan.asked_field] if plan.asked_field else []), *plan.asked_fields]))
    if plan.sort:
        fields.append(SORT_FIELDS[plan.sort])
    if plan.filters.named_authors() or plan.filters.n_authors is not None:
        fields.append("authors")
    if plan.filters.category:
        fields.append("category")
    if plan.filters.org or "authors" in fields:  # who is behind a paper: its people and its organisation
        fields.append("org")
    if plan.filters.has_code:
        fields.append("code_url")
    fields += ["date"] if not fields else []
    return list(dict.fromkeys(fields))


def paper_line(paper: Paper, fields: list[str], n: int) -> str:
    # A value that says what it is needs no label: "3 upvotes", and "3 authors" for a listing that gives a count only.
    unlabelled = ("authors_count", "upvotes", *(() if paper.authors else ("authors",)))
    values = [
        f"{FIELD_LABELS[f]}: {value}" if f not in unlabelled else value
        for f in fields
        if (value := field_value(paper, f))
    ]
    meta = "; ".join(values)
    return f"- *{strip_markers(clean_latex(paper.title))}*" + (f" ({meta})" if meta else "") + f" [{n}]"


def catalog_answer(
    plan: QuestionPlan,
    papers: list[Paper],
    first_chunks: dict[str, tuple[str, str]],
    total: int | None = None,
    about_terms: list[str] | None = None,
    head: str = "",
) -> tuple[str, list[Passage]]:
    """Text with [n] markers and the passages they cite: one line per paper with the fields that answer.
    `total` is how many papers matched when `papers` is a shortened list; `about_terms` what a count counted;
    `head` replaces the first line."""
    if not papers:
        return "", []
    total = total if total is not None else len(papers)
    fields = shown_fields(plan)
    noun = "paper" if total == 1 else "papers"
    scope = plan.filters.sentence().removeprefix("Filters applied: ").rstrip(".")
    if plan.kind == "count":
        about = " or ".join(about_terms) if plan.topic and about_terms else ""
        head_line = (
            f"{total} indexed {noun}"
            + (f" are about {about}" if about else "")
            + (f" match ({scope})" if scope and not about else f" ({scope})" if scope else "")
            + ":"
        )
    elif plan.sort:
        head_line = f"By {FIELD_LABELS[SORT_FIELDS[plan.sort]]} ({plan.sort.replace('_', ' ')}):"
    else:
        head_line = f"From the catalog ({scope}):" if scope else "From the catalog:"
    lines, passages = [head or head_line], []
    for n, paper in enumerate(papers[:LISTED], 1):
        chunk_id, text = first_chunks.get(paper.paper_id, (f"{paper.paper_id}:0", paper.title))
        passages.append(source_from(paper, chunk_id, text, 1.0))
        lines.append(paper_line(paper, fields, n))
    if total > min(len(papers), LISTED):
        lines.append(f"…and {total - min(len(papers), LISTED)} more.")  # each shell offers them its own way
    return "\n".join(lines), passages


def unlisted_fields(plan: QuestionPlan, papers: list[Paper]) -> list[tuple[str, str]]:
    """(field label, paper title) for each asked catalog field a paper has no value for."""
    fields = list(dict.fromkeys([*([plan.asked_field] if plan.asked_field else []), *plan.asked_fields]))
    return [
        (FIELD_LABELS[field], clean_latex(paper.title))
        for paper in papers
        for field in fields
        if field != "code_url" and not field_value(paper, field)
    ]
