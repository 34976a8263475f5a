"""Keyword retrieval: BM25 (bm25s) over stemmed, stop-worded chunk text, saved in the index directory."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

K1, B = 1.5, 0.75  # BEIR's BM25 settings; SciFact nDCG@10 0.686 here (MODELS.md)


def _stemmer():  # noqa: ANN202
    import Stemmer

    return Stemmer.Stemmer("english")


def tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), return_ids=False, show_progress=False)


class KeywordIndex:
    def __init__(self, ids: list[str], model) -> None:  # noqa: ANN001 - bm25s.BM25
        self.ids = ids
        self.model = model
        self._position = {chunk_id: n for n, chunk_id in enumerate(ids)}

    @classmethod
    def build(cls, ids: list[str], texts: list[str], titles: list[str] | None = None) -> KeywordIndex:
        import bm25s

        model = bm25s.BM25(k1=K1, b=B)
        if ids:
            model.index(tokenize(texts), show_progress=False)
        return cls(list(ids), model)

    def save(self, directory: Path) -> None:
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=directory.parent, prefix=".bm25-"))
        if self.ids:
            self.model.save(str(staging))
        (staging / "ids.json").write_text(json.dumps(self.ids))
        if directory.exists():
            shutil.rmtree(directory)
        os.replace(staging, directory)

    @classmethod
    def load(cls, directory: Path) -> KeywordIndex | None:
        import bm25s

        ids_file = directory / "ids.json"
        if not ids_file.exists():
            return None
        ids = json.loads(ids_file.read_text())
        model = bm25s.BM25.load(str(directory), show_progress=False) if ids else bm25s.BM25(k1=K1, b=B)
        return cls(ids, model)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, k: int, allowed_ids: set[str] | None = None) -> list[tuple[str, float]]:
        if not self.ids or not query.strip():
            return []
        [tokens] = tokenize([query])
        vocab = self.model.vocab_dict
        tokens = [t for t in tokens if t in vocab]
        if not tokens:
            return []
        scores = self.model.get_scores(tokens)
        if allowed_ids is not None:
            mask = np.zeros(len(self.ids), dtype=bool)
            mask[[self._position[i] for i in allowed_ids if i in self._position]] = True
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(self.ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
