"""Filters as chips: those set for the next question, and those an answer used, each removable with its × button.

A chip's × carries an action for the page script: `clear:NAME` empties a filter set in the panel, `drop:NAME` asks
the last question again without a filter the engine inferred from it. A year range is one chip (NAME `year`).
"""

from __future__ import annotations

from paperchat.ui.web.render import esc

LABELS = {
    "year": "years",
    "author": "author",
    "authors": "authors",
    "author_position": "author position",
    "category": "category",
    "org": "organisation",
    "source": "source",
    "formats": "listed in",
    "has_code": "has code",
    "n_authors": "authors",
    "min_authors": "authors",
    "max_authors": "authors",
    "keep_undated": "undated papers",
}
AUTHOR_COUNTS = {"n_authors": "exactly", "min_authors": "at least", "max_authors": "at most"}
YEAR_FIELDS = ("year_from", "year_to")
MODIFIERS = ("ignore_inferred",)  # shown as a note, not as a chip


def field_names(chip: str) -> list[str]:
    """The Filters fields one chip stands for: `year` is the range's two ends."""
    return list(YEAR_FIELDS) if chip == "year" else [chip]


def _value(key: str, value: object, titles: dict[str, str]) -> str:
    if key == "paper_ids" and isinstance(value, list):
        named = [titles[paper_id] for paper_id in value if paper_id in titles]
        if len(named) == len(value) == 1:
            return named[0] if len(named[0]) <= 80 else named[0][:79].rstrip() + "…"
        return f"{len(value)} chosen paper{'s' if len(value) != 1 else ''}"
    if key in AUTHOR_COUNTS:
        return f"{AUTHOR_COUNTS[key]} {value}"
    if key == "keep_undated":
        return "kept" if value else "left out"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "yes" if value is True else "no" if value is False else str(value)


def chips_of(filters: dict, titles: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(chip name, label, value) for each filter: the year range as one chip, then the others in order. `titles`
    names the papers a question was about (paper id → title)."""
    chips = []
    low, high = filters.get("year_from"), filters.get("year_to")
    if low is not None or high is not None:
        years = str(low) if low == high else f"{low or '…'}–{high or '…'}"
        chips.append(("year", LABELS["year"], years))
    for key, value in filters.items():
        if key in YEAR_FIELDS or key in MODIFIERS:
            continue
        label = "about" if key == "paper_ids" else LABELS.get(key, key)
        chips.append((key, label, _value(key, value, titles or {})))
    return chips


def _chip(name: str, label: str, value: str, action: str | None, note: str = "") -> str:
    button = (
        f'<button class="pc-chip-x" data-action="{esc(action)}" title="Remove this filter" '
        f'aria-label="Remove the filter {esc(label)}: {esc(value)}">×</button>'
        if action
        else ""
    )
    return f'<span class="pc-chip pc-filter" data-filter="{esc(name)}">{esc(label)}: {esc(value)}{note}{button}</span>'


def _inferred(name: str, applied: dict, given: dict) -> bool:
    return name != "paper_ids" and any(given.get(key) != applied.get(key) for key in field_names(name))


def render_filters(applied: dict, given: dict, titles: dict[str, str] | None = None) -> str:
    """Chips for the filters an answer used (`titles` names its papers). Those the engine inferred from the question
    are marked and carry a × that asks again without them; the ones the asker already removed are named."""
    names = ["year" if name in YEAR_FIELDS else name for name in applied.get("ignore_inferred") or []]
    dropped = [LABELS.get(name, name) for name in dict.fromkeys(names)]
    gone = f' <span class="pc-dropped">Not applied: {esc(", ".join(dropped))}.</span>' if dropped else ""
    chips = []
    for name, label, value in chips_of(applied, titles):
        if _inferred(name, applied, given):
            note = ' <em title="inferred from the question">inferred</em>'
            chips.append(_chip(name, label, value, f"drop:{name}", note))
        else:
            chips.append(_chip(name, label, value, None))
    if not chips:
        return f'<div class="pc-filters pc-muted">No filters: every paper was searched.{gone}</div>'
    return f'<div class="pc-filters">Filters applied: {" ".join(chips)}{gone}</div>'


def pending_filters(given: dict, undated: int = 0) -> str:
    """The filters set for the next question, as chips with a × each; a year range says how many undated papers
    it leaves out, or keeps."""
    if not given:
        return ""
    chips = " ".join(_chip(name, label, value, f"clear:{name}") for name, label, value in chips_of(given))
    note = ""
    if undated:
        verb = "keeps" if given.get("keep_undated") else "leaves out"
        note = f' <span class="pc-undated">{verb} {undated:,} paper{"s" if undated != 1 else ""} without a year</span>'
    return f'<div class="pc-filters pc-pending">Next question: {chips}{note}</div>'
