"""Can the installed chromadb keep the keyword side in Chroma (sparse BM25 index + Search API)? Prints what fails.

    .venv/bin/python bench/chroma_sparse_check.py

Tries an embedded client and a `chroma run` server on 127.0.0.1: a collection whose schema has a sparse vector
index fed by ChromaBm25EmbeddingFunction, then a Search() ranked by Knn on it, then a plain dense Search().
chromadb 1.5.9: both refused on embedded and single-node server ("Sparse vector indexing is not enabled in
local", "Search operation is not implemented for local executor"); they exist on Chroma Cloud / distributed.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.chroma_server import ChromaServer  # noqa: E402

DOCS = ["protein folding with graph networks", "sparse attention for long documents"]


def probe(client, label: str) -> None:  # noqa: ANN001 - a chromadb client
    from chromadb import Knn, Schema, Search, SparseVectorIndexConfig
    from chromadb.utils.embedding_functions import ChromaBm25EmbeddingFunction

    steps = []
    try:
        schema = Schema()
        bm25 = ChromaBm25EmbeddingFunction()
        schema.create_index(config=SparseVectorIndexConfig(source_key="#document", embedding_function=bm25), key="bm25")
        sparse = client.create_collection("sparse-check", schema=schema)
        sparse.add(ids=["a", "b"], documents=DOCS, embeddings=[[0.1, 0.2], [0.2, 0.1]])
        sparse.search(Search().rank(Knn(query="protein folding", key="bm25")).limit(2))
        steps.append("sparse BM25 index + Search: ok")
    except Exception as error:  # noqa: BLE001 - the point is to print what fails
        steps.append(f"sparse BM25 index: {type(error).__name__}: {str(error)[:160]}")
    try:
        dense = client.create_collection("dense-check")
        dense.add(ids=["a"], documents=DOCS[:1], embeddings=[[0.1, 0.2]])
        dense.search(Search().rank(Knn(query=[0.1, 0.2])).limit(1))
        steps.append("dense Search(): ok")
    except Exception as error:  # noqa: BLE001
        steps.append(f"dense Search(): {type(error).__name__}: {str(error)[:160]}")
    for step in steps:
        print(f"{label}: {step}")


def main() -> None:
    import chromadb

    print(f"chromadb {chromadb.__version__}")
    probe(chromadb.PersistentClient(path=tempfile.mkdtemp()), "embedded")
    with ChromaServer(Path(tempfile.mkdtemp()) / "server") as server:
        probe(chromadb.HttpClient(host="127.0.0.1", port=server.port), "chroma run server")


if __name__ == "__main__":
    main()
