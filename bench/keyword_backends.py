"""The keyword-index candidates bench/keyword_candidates.py measures: bm25s, SQLite FTS5 and tantivy, behind one
small interface (build, add, remove, search, score)."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))



class Bm25s:
    """The index paperchat had before: bm25s, lucene BM25 k1 1.5 b 0.75, rebuilt and saved whole on every change."""

    name = "bm25s (rebuild)"

    def __init__(self, path: Path) -> None:
        self.path = path

    def build(self, ids: list[str], terms: list[str]) -> None:
        import bm25s

        self.ids, self.terms = list(ids), list(terms)
        self.position = {d: n for n, d in enumerate(self.ids)}
        self.model = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
        self.model.index([t.split() for t in self.terms], show_progress=False)
        shutil.rmtree(self.path, ignore_errors=True)
        self.model.save(str(self.path), show_progress=False)

    def add(self, ids: list[str], terms: list[str]) -> None:
        self.build(self.ids + ids, self.terms + terms)

    def remove(self, ids: list[str]) -> None:
        drop = set(ids)
        keep = [(i, t) for i, t in zip(self.ids, self.terms, strict=True) if i not in drop]
        self.build([i for i, _ in keep], [t for _, t in keep])

    def _scores(self, query: list[str]) -> np.ndarray | None:
        token_ids = self.model.get_tokens_ids(query)
        return self.model.get_scores_from_ids(token_ids) if token_ids else None

    def search(self, query: list[str], k: int) -> list[tuple[str, float]]:
        scores = self._scores(query)
        if scores is None:
            return []
        top = np.argpartition(-scores, k)[:k]
        top = top[np.lexsort((top, -scores[top]))]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def score_ids(self, query: list[str], ids: list[str]) -> dict[str, float]:
        scores = self._scores(query)
        return {i: 0.0 if scores is None else float(scores[self.position[i]]) for i in ids}


class Fts5:
    name = "SQLite FTS5 bm25()"

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE docs (id TEXT PRIMARY KEY)")
        self.db.execute(
            "CREATE VIRTUAL TABLE kw USING fts5(terms, tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\")"
        )

    def _insert(self, ids: list[str], terms: list[str]) -> None:
        for doc_id, text in zip(ids, terms, strict=True):
            rowid = self.db.execute("INSERT INTO docs (id) VALUES (?)", (doc_id,)).lastrowid
            self.db.execute("INSERT INTO kw (rowid, terms) VALUES (?, ?)", (rowid, text))

    def build(self, ids: list[str], terms: list[str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self._insert(ids, terms)
        self.db.execute("INSERT INTO kw(kw) VALUES('optimize')")

    def add(self, ids: list[str], terms: list[str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self._insert(ids, terms)

    def remove(self, ids: list[str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            for doc_id in ids:
                row = self.db.execute("SELECT rowid FROM docs WHERE id=?", (doc_id,)).fetchone()
                self.db.execute("DELETE FROM kw WHERE rowid=?", row)
                self.db.execute("DELETE FROM docs WHERE rowid=?", row)

    @staticmethod
    def _match(query: list[str]) -> str:
        return " OR ".join('"' + t.replace('"', '""') + '"' for t in dict.fromkeys(query))

    def search(self, query: list[str], k: int) -> list[tuple[str, float]]:
        if not query:
            return []
        rows = self.db.execute(
            "SELECT d.id, -s.score FROM (SELECT rowid, bm25(kw) AS score FROM kw WHERE kw MATCH ? "
            "ORDER BY score LIMIT ?) s JOIN docs d ON d.rowid = s.rowid ORDER BY s.score",
            (self._match(query), k),
        )
        return rows.fetchall()

    def score_ids(self, query: list[str], ids: list[str]) -> dict[str, float]:
        if not query:
            return dict.fromkeys(ids, 0.0)
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT d.id, -bm25(kw) FROM kw JOIN docs d ON d.rowid = kw.rowid "
            f"WHERE kw MATCH ? AND kw.rowid IN (SELECT rowid FROM docs WHERE id IN ({marks}))",
            (self._match(query), *ids),
        )
        return {**dict.fromkeys(ids, 0.0), **dict(rows.fetchall())}


class Tantivy:
    name = "tantivy"

    def __init__(self, path: Path) -> None:
        import tantivy

        self.t = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("terms", stored=False, tokenizer_name="whitespace")
        self.schema = builder.build()
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path))
        self.writer = self.index.writer(heap_size=100_000_000, num_threads=1)

    def _commit(self) -> None:
        self.writer.commit()
        self.index.reload()

    def build(self, ids: list[str], terms: list[str]) -> None:
        for doc_id, text in zip(ids, terms, strict=True):
            self.writer.add_document(self.t.Document(id=doc_id, terms=text))
        self._commit()

    def add(self, ids: list[str], terms: list[str]) -> None:
        self.build(ids, terms)

    def remove(self, ids: list[str]) -> None:
        for doc_id in ids:
            self.writer.delete_documents_by_term("id", doc_id)
        self._commit()

    def _query(self, query: list[str]):  # noqa: ANN202
        q = self.t.Query
        return q.boolean_query(
            [(self.t.Occur.Should, q.term_query(self.schema, "terms", t)) for t in dict.fromkeys(query)]
        )

    def search(self, query: list[str], k: int) -> list[tuple[str, float]]:
        if not query:
            return []
        searcher = self.index.searcher()
        hits = searcher.search(self._query(query), k).hits
        return [(searcher.doc(address)["id"][0], score) for score, address in hits]

    def score_ids(self, query: list[str], ids: list[str]) -> dict[str, float]:
        q, occur = self.t.Query, self.t.Occur
        only = q.const_score_query(
            q.boolean_query([(occur.Should, q.term_query(self.schema, "id", i)) for i in ids]), 0.0
        )
        searcher = self.index.searcher()
        hits = searcher.search(q.boolean_query([(occur.Must, self._query(query)), (occur.Must, only)]), len(ids)).hits
        return {**dict.fromkeys(ids, 0.0), **{searcher.doc(a)["id"][0]: s for s, a in hits}}
