"""The filter panel: its widgets' values as Filters. Years are typed as text (a number box cannot be left empty
in the page), so what is typed is checked and a year that is not one is said, naming its box."""

from __future__ import annotations

from paperchat.assistant.filters import Filters
from paperchat.assistant.results import Answer
from paperchat.ui.web import filter_chips

PANEL = ("year_from", "year_to", "author", "category", "org", "keep_undated")  # the filter panel's widgets, in order
YEAR_BOXES = {"year_from": "From year", "year_to": "Until year"}


class PanelError(ValueError):
    """A filter box holding what cannot be a filter (a year that is not a number); says which box."""


def year(value: object, box: str) -> int | None:
    """A typed year as a number; empty (or 0, an empty box of an older page) as no year."""
    text = str(value if value is not None else "").strip()
    if text in ("", "0"):
        return None
    try:
        number = float(text)
    except ValueError:
        raise PanelError(f"{box}: “{text[:20]}” is not a year") from None
    if number != int(number) or not 0 < number < 10_000:
        raise PanelError(f"{box}: “{text[:20]}” is not a year")
    return int(number)


def panel_filters(
    year_from: float | str | None,
    year_to: float | str | None,
    author: str | None,
    category: str | None,
    org: str | None,
    keep_undated: bool | None = None,
    paper_id: str | None = None,
) -> Filters:
    """The filter panel's values as Filters: empty boxes filter nothing, a reversed year range is swapped; a year
    that is not one is a PanelError."""
    low, high = year(year_from, YEAR_BOXES["year_from"]), year(year_to, YEAR_BOXES["year_to"])
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Filters(
        year_from=low,
        year_to=high,
        author=(author or "").strip() or None,
        category=(category or "").strip() or None,
        org=(org or "").strip() or None,
        keep_undated=True if keep_undated else None,
        paper_ids=[paper_id] if paper_id else None,
    )


def dropped_filters(answer: Answer, chip: str) -> list[str]:
    """The inferred filters `answer` left out, and those of `chip`: the names a new answer should ignore."""
    names = [*(answer.filters.get("ignore_inferred") or []), *filter_chips.field_names(chip)]
    return [name for name in dict.fromkeys(names) if name in Filters.model_fields]  # the chip comes from the page
