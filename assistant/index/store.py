"""The vector store: a Chroma collection, embedded on disk by default or on a Chroma server when configured.

We hand Chroma our own vectors and never its default embedding function (which downloads a model).

Embedded Chroma keeps its HNSW index in the memory of each process. A process that only reads (the UI, the bot)
while `paperchat ingest` writes from another process would go on searching its old copy, and fail with
"Error finding id" when asked for a vector only the other process knows; so a reading store reopens Chroma when
another process has finished writing (the manifest is written last), and once after such an error.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from paperchat.assistant.config import Settings, offline_environment
from paperchat.assistant.errors import StoreUnavailableError

# What a user can do about a server that is not there; the store reconnects on the next call by itself.
SERVER_HINT = (
    "is `chroma run --path DIR --host HOST --port PORT` serving there? The next request reconnects; "
    "unset PAPERCHAT_CHROMA_HOST to use the embedded store instead"
)


@dataclass
class DenseHit:
    chunk_id: str
    similarity: float  # cosine similarity, 1 - cosine distance


class VectorStore:
    """Upsert, delete and query chunk vectors by id; metadata carries paper_id for filtering."""

    def __init__(self, settings: Settings, index_dir: Path, name: str | None = None) -> None:
        self.settings = settings
        self.index_dir = index_dir
        self.name = name or settings.collection  # a rebuild writes into a collection of its own (index/rebuild.py)
        self._collection = None
        self._lock = threading.Lock()
        self._opened_at: int | None = None  # the manifest's mtime when this process opened embedded Chroma
        self._wrote = False  # this process wrote: its own Chroma is the current one

    @property
    def location(self) -> str:
        if self.settings.chroma_host:
            return f"chroma server http://{self.settings.chroma_host}:{self.settings.chroma_port}"
        return f"embedded chroma at {self.index_dir / 'chroma'}"

    def _client(self):  # noqa: ANN202 - chromadb client types vary by mode
        offline_environment()
        import chromadb

        chroma_settings = chromadb.Settings(anonymized_telemetry=False)
        if self.settings.chroma_host:
            try:
                return chromadb.HttpClient(
                    host=self.settings.chroma_host, port=self.settings.chroma_port, settings=chroma_settings
                )
            except Exception as error:  # chromadb raises several types for a refused connection
                raise StoreUnavailableError(f"cannot reach {self.location} ({error}); {SERVER_HINT}") from error
        return chromadb.PersistentClient(path=str(self.index_dir / "chroma"), settings=chroma_settings)

    @property
    def collection(self):  # noqa: ANN201
        with self._lock:
            if self._collection is None:
                self._opened_at = self._manifest_stamp()
                self._collection = self._client().get_or_create_collection(
                    self.name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
                )
            return self._collection

    def _manifest_stamp(self) -> int | None:
        try:
            return (self.index_dir / "manifest.json").stat().st_mtime_ns
        except OSError:
            return None

    def _reopen_embedded(self) -> None:
        """Forget this process's Chroma for the index, so the next call loads what is on disk now."""
        from chromadb.api.shared_system_client import SharedSystemClient

        with self._lock:
            self._collection = None
            # Chroma shares one system per path in a process; evict ours (objects still holding it keep working).
            identifier = str(self.index_dir / "chroma")
            getattr(SharedSystemClient, "_identifier_to_system", {}).pop(identifier, None)
            getattr(SharedSystemClient, "_identifier_to_refcount", {}).pop(identifier, None)

    def _call(self, method: str, **kwargs: object) -> dict:
        """Run a collection call; on a lost server connection reconnect once, then fail clearly; embedded, reopen
        when another process has written the index since (see the module docstring)."""
        embedded = not self.settings.chroma_host
        if embedded and self._collection is not None and not self._wrote and self._manifest_stamp() != self._opened_at:
            self._reopen_embedded()
        try:
            return getattr(self.collection, method)(**kwargs)
        except Exception as error:
            if embedded and "error finding id" in str(error).lower():
                self._reopen_embedded()
                return getattr(self.collection, method)(**kwargs)
            if embedded or not _is_connection_error(error):
                raise
            self._collection = None  # a restarted server may hand out new connections; ask again from scratch
            try:
                return getattr(self.collection, method)(**kwargs)
            except StoreUnavailableError:
                raise  # _client() already said what is wrong and what to do
            except Exception as retry_error:
                self._collection = None
                if not _is_connection_error(retry_error):
                    raise
                raise StoreUnavailableError(
                    f"lost connection to {self.location} ({_first_line(retry_error)}); {SERVER_HINT}"
                ) from retry_error

    def drop(self) -> None:
        """Delete the whole collection: what a rebuild left unfinished, or the vectors a rebuild replaced."""
        client = self._client()
        if self.name in {getattr(c, "name", c) for c in client.list_collections()}:
            client.delete_collection(self.name)
        self._collection = None

    def upsert(self, ids: list[str], vectors: Sequence, metadatas: list[dict]) -> None:
        """Vectors and metadata only: chunk texts live in the catalog. Chroma would index a copy of each text
        for its own full-text search, which we never use: writes took twice as long and twice the disk."""
        if ids:
            self._wrote = True
            self._call("upsert", ids=ids, embeddings=vectors, metadatas=metadatas)

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._wrote = True
            self._call("delete", ids=ids)

    def text_hashes(self, ids: list[str]) -> dict[str, str]:
        """Stored text hash per chunk id present, so unchanged chunks are not embedded again."""
        if not ids:
            return {}
        found = self._call("get", ids=ids, include=["metadatas"])
        pairs = zip(found["ids"], found["metadatas"], strict=True)
        return {cid: (meta or {}).get("text_hash", "") for cid, meta in pairs}

    def vectors(self, ids: list[str]) -> dict[str, list[float]]:
        """Stored vectors by chunk id, for the ids present."""
        if not ids:
            return {}
        found = self._call("get", ids=ids, include=["embeddings"])
        return {cid: [float(x) for x in vector] for cid, vector in zip(found["ids"], found["embeddings"], strict=True)}

    def all_metadata(self) -> dict[str, dict]:
        """Metadata of every stored vector by chunk id (paper_id, title, source, text_hash...)."""
        found = self._call("get", include=["metadatas"])
        return {cid: dict(meta or {}) for cid, meta in zip(found["ids"], found["metadatas"], strict=True)}

    def all_ids(self) -> set[str]:
        found = self._call("get", include=[])
        return set(found["ids"])

    def count(self) -> int:
        return int(self._call("count"))

    def query(self, vector: Sequence[float], k: int, paper_ids: list[str] | None = None) -> list[DenseHit]:
        if paper_ids is not None and not paper_ids:
            return []
        where = {"paper_id": {"$in": paper_ids}} if paper_ids is not None else None
        # No count() first: Chroma returns what it has when asked for more (and counting 100k vectors took 11 ms).
        found = self._call(
            "query", query_embeddings=[list(vector)], n_results=max(1, k), where=where, include=["distances"]
        )
        pairs = zip(found["ids"][0], found["distances"][0], strict=True)
        return [DenseHit(cid, 1.0 - float(distance)) for cid, distance in pairs]


def _is_connection_error(error: Exception) -> bool:
    text = f"{type(error).__name__} {error}".lower()
    return any(word in text for word in ("connect", "refused", "timeout", "timed out", "unavailable", "reset"))


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
