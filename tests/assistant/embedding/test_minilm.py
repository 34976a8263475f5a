"""Embedding backends: the real bundled MiniLM model on small inputs, and the openai backend against a local server."""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from paperchat.assistant.config import EmbeddingSettings, Settings, offline_environment

offline_environment()

from paperchat.assistant.embedding.backends import embedding_identity, make_embedding  # noqa: E402
from paperchat.assistant.embedding.minilm import (  # noqa: E402
    BUNDLED_ONNX,
    BUNDLED_TOKENIZER,
    DEFAULT_MODEL_NAME,
    MAX_TOKENS,
    MiniLMEmbedding,
    ModelFileError,
    ModelFiles,
    bundled_path,
    load_model,
    verify_sha256,
)

slow = pytest.mark.slow


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedding:
    return MiniLMEmbedding()


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


@slow
def test_shape_and_unit_norm(embedder: MiniLMEmbedding) -> None:
    vectors = embedder.embed_texts(["Graph neural networks for molecules.", "Hello"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    query = embedder.get_query_embedding("What is attention?")
    assert len(query) == embedder.dimension == 384
    assert embedder.model_name == DEFAULT_MODEL_NAME


@slow
def test_paraphrase_is_closer_than_unrelated(embedder: MiniLMEmbedding) -> None:
    anchor, paraphrase, unrelated = embedder.embed_texts(
        [
            "Vitamin D supplements reduce the risk of bone fractures in elderly people.",
            "Taking vitamin D lowers fracture rates among older adults.",
            "The telescope detected a new planet orbiting a distant star.",
        ]
    )
    assert cosine(anchor, paraphrase) > 0.6
    assert cosine(anchor, paraphrase) > cosine(anchor, unrelated) + 0.3


@slow
def test_batch_equals_one_by_one(embedder: MiniLMEmbedding) -> None:
    # Different lengths, so the short texts are padded inside the batch: padding must not change them.
    texts = [
        "Short.",
        "A somewhat longer sentence about protein folding and structure prediction.",
        "CRISPR " * 40,
        "Transformers use self-attention to relate every token to every other token in a sequence.",
    ]
    batched = embedder.embed_texts(texts)
    single = np.vstack([embedder.embed_texts([text]) for text in texts])
    np.testing.assert_allclose(batched, single, atol=1e-4)
    # The entry points named as in LlamaIndex give the same vectors.
    np.testing.assert_allclose(np.array(embedder.get_text_embedding_batch(texts)), single, atol=1e-4)
    np.testing.assert_allclose(np.array(embedder.get_text_embedding(texts[1])), single[1], atol=1e-4)


@slow
def test_order_preserved_when_lengths_differ(embedder: MiniLMEmbedding) -> None:
    texts = [f"Sentence number {i}. " + "More words follow here. " * (7 - i) for i in range(7)]
    reference = np.vstack([embedder.embed_texts([text]) for text in texts])
    permutation = [3, 0, 6, 1, 5, 2, 4]
    # batch_size 2: several batches, each made of length-sorted texts, must land back in input order.
    shuffled = embedder.embed_texts([texts[i] for i in permutation], batch_size=2)
    np.testing.assert_allclose(shuffled, reference[permutation], atol=1e-4)


@slow
def test_long_text_is_truncated_at_256_tokens(embedder: MiniLMEmbedding) -> None:
    words = ["the", "cell", "membrane", "regulates", "transport", "of", "ions", "and", "molecules"]
    long_text = " ".join(words[i % len(words)] for i in range(3000))
    prefix = " ".join(long_text.split()[:400])  # already more than 256 tokens
    assert len(embedder.model.tokenizer.encode(long_text).ids) == MAX_TOKENS
    long_vector, prefix_vector = embedder.embed_texts([long_text, prefix])
    assert np.isfinite(long_vector).all()
    np.testing.assert_allclose(long_vector, prefix_vector, atol=1e-4)


@slow
def test_model_loaded_once_per_process(embedder: MiniLMEmbedding) -> None:
    first, second = MiniLMEmbedding(), MiniLMEmbedding(embed_batch_size=8)
    assert first.session is second.session is embedder.session
    assert first.model.tokenizer is second.model.tokenizer


@slow
def test_async_variants(embedder: MiniLMEmbedding) -> None:
    texts = ["Async one.", "Async two is a bit longer."]

    async def run() -> tuple[list[list[float]], list[float]]:
        return await embedder.aget_text_embedding_batch(texts), await embedder.aget_query_embedding(texts[0])

    batch, query = asyncio.run(run())
    np.testing.assert_allclose(np.array(batch), embedder.embed_texts(texts), atol=1e-4)
    np.testing.assert_allclose(np.array(query), batch[0], atol=1e-4)


@slow
def test_llamaindex_adapter_gives_the_same_vectors(embedder: MiniLMEmbedding) -> None:
    from llama_index.core.embeddings import BaseEmbedding

    from paperchat.assistant.embedding.llama_adapter import LlamaMiniLMEmbedding

    adapter = LlamaMiniLMEmbedding(embed_batch_size=2)
    assert isinstance(adapter, BaseEmbedding)
    texts = ["Protein folding.", "Self-attention relates every token to every other token.", "Third text."]
    np.testing.assert_allclose(
        np.array(adapter.get_text_embedding_batch(texts)), embedder.embed_texts(texts), atol=1e-4
    )

    async def run() -> list[float]:
        return await adapter.aget_query_embedding(texts[0])

    np.testing.assert_allclose(np.array(asyncio.run(run())), embedder.embed_texts(texts[:1])[0], atol=1e-4)


def test_the_bundled_model_does_not_load_llama_index() -> None:
    """`paperchat ask` with the default backends starts without importing llama-index (1.5 s of a cold start)."""
    import subprocess
    import sys

    code = (
        "import sys; from paperchat.assistant.api import Assistant;"
        "from paperchat.assistant.embedding.backends import make_embedding;"
        "from paperchat.assistant.config import Settings; make_embedding(Settings(_env_file=None));"
        "print(sorted(m for m in sys.modules if m.startswith('llama_index')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_bundled_files_match_their_checksums() -> None:
    for bundled in (BUNDLED_ONNX, BUNDLED_TOKENIZER):
        verify_sha256(bundled_path(bundled), bundled.sha256)


@pytest.fixture
def tampered_tokenizer(tmp_path: Path) -> Path:
    copy = tmp_path / "tokenizer.json"
    shutil.copyfile(bundled_path(BUNDLED_TOKENIZER), copy)
    with copy.open("a") as handle:
        handle.write("\n")  # still valid JSON, different bytes
    return copy


def test_checksum_mismatch_is_a_clear_error(tampered_tokenizer: Path) -> None:
    with pytest.raises(ModelFileError) as error:
        verify_sha256(tampered_tokenizer, BUNDLED_TOKENIZER.sha256)
    message = str(error.value)
    assert str(tampered_tokenizer) in message and BUNDLED_TOKENIZER.sha256 in message
    actual = message.split("got ")[1][:64]
    assert len(actual) == 64 and actual != BUNDLED_TOKENIZER.sha256


def test_load_refuses_a_tampered_bundled_file(tampered_tokenizer: Path) -> None:
    files = ModelFiles(
        onnx=bundled_path(BUNDLED_ONNX),
        tokenizer=tampered_tokenizer,
        name=DEFAULT_MODEL_NAME,
        onnx_sha256=BUNDLED_ONNX.sha256,
        tokenizer_sha256=BUNDLED_TOKENIZER.sha256,
    )
    with pytest.raises(ModelFileError, match="Checksum mismatch"):
        load_model(files, threads=1)


@slow
def test_overridden_paths_skip_the_check_and_name_the_model(
    tampered_tokenizer: Path, embedder: MiniLMEmbedding
) -> None:
    settings = EmbeddingSettings(model="my-minilm", tokenizer_path=tampered_tokenizer, threads=1)
    custom = MiniLMEmbedding(settings)
    assert custom.model_name == "my-minilm"
    assert custom.session is not embedder.session  # other files, other cache entry
    assert custom.dimension == 384
    np.testing.assert_allclose(custom.embed_texts(["same model"]), embedder.embed_texts(["same model"]), atol=1e-4)


def test_missing_override_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="not found"):
        MiniLMEmbedding(EmbeddingSettings(onnx_path=tmp_path / "nope.onnx"))


def fake_vector(text: str) -> list[float]:
    return [float(len(text)), float(text.count(" ")), 1.0]


class EmbeddingServer(ThreadingHTTPServer):
    requests: list[dict]
    auth_headers: list[str | None]
    floats_only: bool = False  # like servers that ignore encoding_format


class EmbeddingHandler(BaseHTTPRequestHandler):
    """Answers POST /v1/embeddings as OpenAI does, floats or base64 as the client asks."""

    server: EmbeddingServer

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        if self.path != "/v1/embeddings":
            self.send_error(404)
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        self.server.auth_headers.append(self.headers.get("Authorization"))
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        data = []
        for index, text in enumerate(inputs):
            vector: list[float] | str = fake_vector(text)
            if body.get("encoding_format") == "base64" and not self.server.floats_only:
                vector = base64.b64encode(np.array(vector, dtype="<f4").tobytes()).decode()
            data.append({"object": "embedding", "index": index, "embedding": vector})
        payload = json.dumps(
            {"object": "list", "data": data, "model": body["model"], "usage": {"prompt_tokens": 1, "total_tokens": 1}}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass


@pytest.fixture
def embedding_server() -> Iterator[EmbeddingServer]:
    server = EmbeddingServer(("127.0.0.1", 0), EmbeddingHandler)
    server.requests, server.auth_headers = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def no_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_BASE", "PAPERCHAT_OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@slow
def test_openai_backend_with_compatible_server(embedding_server: EmbeddingServer, no_openai_env: None) -> None:
    base_url = f"http://127.0.0.1:{embedding_server.server_address[1]}/v1"
    settings = Settings(
        _env_file=None,
        embedding=EmbeddingSettings(backend="openai", base_url=base_url, openai_model="nomic-embed-text"),
    )
    embedding = make_embedding(settings)
    texts = ["first passage", "a second, longer passage"]
    assert embedding.get_text_embedding_batch(texts) == [fake_vector(t) for t in texts]
    assert embedding.get_query_embedding("what is it") == fake_vector("what is it")

    requests = embedding_server.requests
    assert [r["model"] for r in requests] == ["nomic-embed-text", "nomic-embed-text"]
    assert requests[0]["input"] == texts and requests[1]["input"] == ["what is it"]
    assert requests[0]["encoding_format"] == "base64"  # what the openai client asks for by default
    assert embedding_server.auth_headers[0] == "Bearer unused"
    embedding_server.floats_only = True
    assert embedding.get_query_embedding("plain floats") == fake_vector("plain floats")
    assert embedding_identity(settings) == {"backend": "openai", "model": "nomic-embed-text", "dimension": None}
    assert embedding_identity(settings, dimension=3)["dimension"] == 3


def test_openai_backend_without_key_or_server_is_refused(no_openai_env: None) -> None:
    settings = Settings(_env_file=None, embedding=EmbeddingSettings(backend="openai"))
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        make_embedding(settings)


def test_identity_of_the_default_model(no_openai_env: None) -> None:
    settings = Settings(_env_file=None)
    assert embedding_identity(settings) == {"backend": "minilm", "model": DEFAULT_MODEL_NAME, "dimension": 384}
    assert isinstance(make_embedding(settings), MiniLMEmbedding)
    openai = Settings(_env_file=None, embedding=EmbeddingSettings(backend="openai"))
    assert embedding_identity(openai)["dimension"] == 1536
