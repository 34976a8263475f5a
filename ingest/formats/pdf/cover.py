"""Cover pages that repositories and publishers put in front of a paper (HAL, OpenEdition, JSTOR, SSRN, CORE...).

A cover repeats the paper's title and authors in the repository's own layout, beside identifiers, licences and
"how to cite" boilerplate; the paper's own title page follows it. A page is a cover when it carries at least two
of the phrases such covers print. The reader skips covers to the paper's own title page and keeps a cover's title
and authors only to confirm or stand in for what that page prints.
"""

from __future__ import annotations

import re

_COVER_PHRASES = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\bhal id\b",
        r"hal is a multi-disciplinary open access",
        r"archive ouverte pluridisciplinaire",
        r"to cite this version",
        r"\bsubmitted on \d",
        r"openedition|revues\.org",
        r"r[ée]f[ée]rence [ée]lectronique|electronic reference",
        r"[ée]dition [ée]lectronique|electronic version",
        r"ce document est un fac-simil[ée]|this document is a facsimile",
        r"jstor is a not-for-profit|your use of the jstor archive",
        r"this content downloaded from",
        r"electronic copy available at",
        r"brought to you by core|citation and similar papers at core",
        r"terms (and conditions )?of use",
        r"downloaded from https?://",
        r"tous droits r[ée]serv[ée]s",
        r"for more information,? please contact",
    )
]
MIN_PHRASES = 2


def is_cover(lines: list[str]) -> bool:
    """Two or more cover phrases on the page."""
    text = "\n".join(lines)
    return sum(bool(phrase.search(text)) for phrase in _COVER_PHRASES) >= MIN_PHRASES
