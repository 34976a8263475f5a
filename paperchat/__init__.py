"""paperchat: ask questions of your research papers; every claim cites a paper.

`from paperchat import Assistant` is the public entry point; the results (Answer, Citation, Passage, Refusal,
IngestReport), Filters, Settings and every error (`PaperchatError` and its subclasses) are importable from here too.
The installed package maps the repository's folders: paperchat.assistant (the core, assistant/), paperchat.ingest
(parsers, ingest/), paperchat.ui (the shells, ui/) and paperchat.prompts (prompt files, prompts/).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING


def _checkout_root() -> Path | None:
    """The repository's root when this is its `paperchat/` folder rather than an installed copy: then the subpackages
    live beside it (assistant/, ingest/, ui/, prompts/), as the install maps them."""
    root = Path(__file__).resolve().parent.parent
    marks = [root / "pyproject.toml", *(root / name / "__init__.py" for name in ("assistant", "ingest", "ui"))]
    return root if all(mark.is_file() for mark in marks) else None


# Run from the repository's root, this folder is found before any installed paperchat (the current directory comes
# first on sys.path); without this, `import paperchat.assistant` would fail there after a non-editable install.
# With it, the checkout's code is used, whichever way paperchat is installed.
if (_root := _checkout_root()) is not None and str(_root) not in __path__:
    __path__.append(str(_root))

if TYPE_CHECKING:
    from paperchat.assistant import *  # noqa: F403 - the core's exports, named for type checkers and editors

import paperchat.assistant as _core  # noqa: E402 - after __path__ has the checkout; light: exports load on use

__all__ = list(_core.__all__)  # the core's exports are the package's


def __getattr__(name: str) -> object:
    # Lazy, so `paperchat --help` and the parsers never pay for chromadb imports.
    if name in __all__:
        return getattr(_core, name)
    raise AttributeError(name)
