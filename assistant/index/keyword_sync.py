"""Keeping an index's keyword index (tantivy) in step with its catalog: the logged changes applied, or the whole
index built again from every chunk."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from paperchat.assistant.index.keywords import KeywordIndex

if TYPE_CHECKING:
    from paperchat.assistant.index.paper_index import PaperIndex

OLD_KEYWORDS_DIR = "bm25"  # bm25s, before keyword changes were logged: replaced on the first build


def apply_changes(index: PaperIndex) -> None:
    """Apply the catalog's logged chunk changes to the keyword index: time in proportion to the change."""
    keywords = index.keywords
    if keywords is None:  # nothing indexed yet: an empty index, so readers find one
        index.rebuild_keywords()
        return
    with keywords.writing() as writer:
        upto, changed = index.catalog.keyword_changes()
        writer.remove(changed)
        writer.add(index.catalog.keyword_rows(changed))
    index.catalog.forget_keyword_changes(upto)


def build(index: PaperIndex) -> None:
    """The keyword index built again from every catalog chunk; the caller holds the index's keywords lock."""
    upto = index.catalog.last_keyword_change()  # changes logged after this are applied by the next sync
    keywords = KeywordIndex.create(index.keywords_path, index.catalog.all_chunks())
    index.use_generation(index.generation, index._store, keywords)  # noqa: SLF001 - the vectors stay
    index.catalog.forget_keyword_changes(upto)
    shutil.rmtree(index.index_dir / OLD_KEYWORDS_DIR, ignore_errors=True)
