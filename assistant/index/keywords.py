"""Keyword retrieval: BM25 (bm25s) over stemmed, stop-worded chunk text, saved in the index directory.

Measured on SciFact (bench/scifact_retrieval.py): lucene BM25 with k1 1.5, b 0.75, Snowball stemming and
English stop words gives nDCG@10 0.687; other BM25 variants and k1/b values moved it by less than 0.005.
Counting the title twice helps a little: +0.002 alone; in score fusion +0.001 test, +0.007 train (RM3 query
expansion and word bigrams did not help).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from paperchat.ingest.text import keyword_terms

if TYPE_CHECKING:
    import bm25s

K1, B, METHOD = 1.5, 0.75, "lucene"
TITLE_REPEAT = 2  # the title counts twice: titles name the claim a paper makes
FORMAT_VERSION = 2
# Saved terms are reused only by the same tokenisation: change this whenever keyword_terms() or TITLE_REPEAT changes.
TERMS_VERSION = f"snowball-english-bm25s-stopwords/title-x{TITLE_REPEAT}/1"
TERMS_FILE = "terms.json"


class IndexChangedError(ValueError):
    """Another writer swapped the index in while this process was reading it; reading again gives one version."""


tokenize = keyword_terms  # documents and queries alike


class KeywordIndex:
    def __init__(self, ids: list[str], model: bm25s.BM25 | None, terms: dict[str, str] | None = None) -> None:
        self.ids = ids
        self.model = model  # None when the corpus is empty: bm25s cannot index nothing
        self._position = {chunk_id: n for n, chunk_id in enumerate(ids)}
        self.terms = terms or {}  # document key -> its terms, space-joined: what save() keeps for the next build

    @classmethod
    def build(
        cls, ids: list[str], texts: list[str], titles: list[str] | None = None, previous: Path | None = None
    ) -> KeywordIndex:
        """BM25 over the texts (titles counted TITLE_REPEAT times). With `previous`, the directory of the last
        saved index, documents it already tokenised are not tokenised again: at 100k chunks tokenising is half
        of a rebuild, and adding one paper rebuilds everything (bm25s cannot add documents)."""
        import bm25s

        if len(ids) != len(texts) or (titles is not None and len(titles) != len(ids)):
            raise ValueError("ids, texts and titles must have the same length")
        if not ids:
            return cls([], None)
        known = _saved_terms(previous) if previous is not None else {}
        terms: dict[str, str] = {}
        corpus = []
        for title, text in zip(titles or [""] * len(ids), texts, strict=True):
            key = _document_key(title or "", text or "")
            if key not in terms:
                terms[key] = known[key] if key in known else _terms(title or "", text or "")
            corpus.append(terms[key].split())
        model = bm25s.BM25(k1=K1, b=B, method=METHOD)
        model.index(corpus, show_progress=False)
        return cls(list(ids), model, terms)

    def save(self, directory: Path) -> None:
        """Write into a sibling temporary directory, then swap it in, so readers never see half an index."""
        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}-new-"))
        try:
            if self.model is not None:
                self.model.save(str(staging), show_progress=False)
            (staging / "ids.json").write_text(json.dumps(self.ids))
            (staging / TERMS_FILE).write_text(json.dumps({"version": TERMS_VERSION, "terms": self.terms}))
            meta = {"format": FORMAT_VERSION, "k1": K1, "b": B, "method": METHOD, "title_repeat": TITLE_REPEAT}
            (staging / "meta.json").write_text(json.dumps(meta))
            old = None
            if directory.exists():
                old = Path(tempfile.mkdtemp(dir=directory.parent, prefix=f".{directory.name}-old-"))
                os.replace(directory, old / "index")
            os.replace(staging, directory)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> KeywordIndex | None:
        import bm25s

        ids_file = Path(directory) / "ids.json"
        if not ids_file.exists():
            return None
        # save() swaps whole directories, but bm25s reads several files one by one: a swap in between would
        # mix two versions (seen as "index 22 is out of bounds for axis 0 with size 16" on the next search).
        before = os.stat(directory).st_ino
        ids = json.loads(ids_file.read_text())
        model = bm25s.BM25.load(str(directory), show_progress=False) if ids else None
        if os.stat(directory).st_ino != before or (model is not None and model.scores["num_docs"] != len(ids)):
            raise IndexChangedError(f"{directory} was replaced while it was read")
        return cls(ids, model)

    def __len__(self) -> int:
        return len(self.ids)

    def _scores(self, query: str) -> np.ndarray | None:
        """BM25 score of every document, or None when no query word is in the vocabulary."""
        if self.model is None:
            return None
        token_ids = self.model.get_tokens_ids(tokenize(query))
        if not token_ids:
            return None
        return self.model.get_scores_from_ids(token_ids)

    def search(self, query: str, k: int, allowed_ids: set[str] | None = None) -> list[tuple[str, float]]:
        """Best first; only documents sharing a word with the query. allowed_ids restricts before ranking."""
        scores = self._scores(query)
        if scores is None or k <= 0:
            return []
        matched = np.flatnonzero(scores > 0)  # ascending, so ties break by index order
        if allowed_ids is not None:
            # Walk whichever is smaller in Python: the filter's ids or the documents that match the query.
            if len(allowed_ids) < len(matched):
                allowed = np.fromiter((self._position[i] for i in allowed_ids if i in self._position), dtype=np.int64)
                matched = np.intersect1d(matched, allowed, assume_unique=True)
            else:
                ids = self.ids
                matched = np.fromiter((p for p in matched.tolist() if ids[p] in allowed_ids), dtype=np.int64)
        candidate = scores[matched]
        if len(matched) > k:
            part = np.argpartition(-candidate, k - 1)[:k]
            matched, candidate = matched[part], candidate[part]
        order = np.lexsort((matched, -candidate))
        return [(self.ids[i], float(s)) for i, s in zip(matched[order], candidate[order], strict=True)]

    def score_ids(self, query: str, ids: list[str]) -> dict[str, float]:
        """Exact BM25 scores of the given documents (0.0 when they share no word); unknown ids are left out.

        Score fusion needs the keyword score of dense-only candidates too; guessing 0 costs recall.
        """
        known = [i for i in ids if i in self._position]
        scores = self._scores(query)
        if scores is None:
            return dict.fromkeys(known, 0.0)
        return {i: float(scores[self._position[i]]) for i in known}


def _terms(title: str, text: str) -> str:
    """A document's terms, space-joined (terms never contain spaces): the title TITLE_REPEAT times, then the text."""
    return " ".join(tokenize(title) * TITLE_REPEAT + tokenize(text))


def _document_key(title: str, text: str) -> str:
    return hashlib.blake2b(f"{title}\x00{text}".encode(), digest_size=16).hexdigest()


def _saved_terms(directory: Path) -> dict[str, str]:
    """The terms an earlier build saved, if it tokenised the same way; {} when there are none to trust."""
    try:
        saved = json.loads((Path(directory) / TERMS_FILE).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(saved, dict) or saved.get("version") != TERMS_VERSION or not isinstance(saved.get("terms"), dict):
        return {}
    return saved["terms"]
