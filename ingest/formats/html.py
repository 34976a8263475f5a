"""HTML: a saved web page, recognised by its markup whatever the file is called (a page saved as .txt too).

The main text comes from trafilatura, which drops navigation, menus, footers and other boilerplate; the
title is the page's own (og:title, <title> or <h1>) without the site name tacked on ("… - Wikipedia").
"""

from __future__ import annotations

import logging
import re

from paperchat.ingest.formats.base import ParseError, ParseResult
from paperchat.ingest.formats.fields import year_from_date
from paperchat.ingest.formats.pdf.authors import looks_like_name
from paperchat.ingest.papers import Paper

FORMAT = "html"

_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S)
_SITE_SUFFIX = re.compile(r"\s+[-–—|]\s+([^-–—|]{2,40})$")
_MAX_SITE_WORDS = 4
_EDIT_LINK = re.compile(r"\[edit\]$", re.MULTILINE)  # a wiki heading's edit link is navigation, not text


def detect(text: str) -> bool:
    """A document that opens with <!DOCTYPE html>, <html> or <head> (after an XML declaration or comments)."""
    return _START.match(text[:4096]) is not None


def parse(text: str, source: str) -> ParseResult:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its warnings are about pages, not our run
    body = trafilatura.extract(text, include_comments=False, include_tables=True, favor_precision=True) or ""
    body = _EDIT_LINK.sub("", body)
    if not body.strip():
        raise ParseError("web page without main text")
    info = trafilatura.extract_metadata(text)
    site = (info.sitename or "") if info else ""
    title = page_title(info.title if info and info.title else "", site) or source.rsplit("/", 1)[-1]
    authors = [name.strip() for name in re.split(r";|,|\band\b", info.author or "")] if info else []
    date = info.date if info and info.date else None
    return ParseResult(
        papers=[
            Paper(
                title=title,
                authors=[name for name in authors if looks_like_name(name)],
                date=date,
                year=year_from_date(date),
                url=info.url if info and info.url else None,
                abstract=(info.description or "") if info else "",
                full_text=body.strip(),
                sources=[source],
            )
        ],
        format=FORMAT,
    )


def page_title(title: str, site: str = "") -> str:
    """'Frederick Bates (politician) - Wikipedia' → 'Frederick Bates (politician)': a short trailing part
    after a dash or bar is the site's name."""
    title = " ".join(title.split())
    match = _SITE_SUFFIX.search(title)
    if match and (match.group(1).strip().lower() == site.lower() or len(match.group(1).split()) <= _MAX_SITE_WORDS):
        return title[: match.start()].strip()
    return title
