"""Embedding backends, chosen in one place: the bundled model by default (without loading llama-index), and the
openai backend against a real OpenAI-compatible embeddings server on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from paperchat import EmbedderUnavailableError
from paperchat.assistant.config import EmbeddingSettings, Settings, offline_environment

offline_environment()

from paperchat.assistant.embedding.backends import embedding_identity, make_embedding  # noqa: E402
from paperchat.assistant.embedding.minilm import DEFAULT_MODEL_NAME, MiniLMEmbedding  # noqa: E402

slow = pytest.mark.slow


def fake_vector(text: str) -> list[float]:
    """What the stand-in server answers: a vector that tells texts apart."""
    return [float(len(text)), float(text.count(" ")), 1.0]


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
    with pytest.raises(EmbedderUnavailableError, match="OPENAI_API_KEY") as raised:
        make_embedding(settings)
    assert raised.value.setting == "OPENAI_API_KEY"


def test_identity_of_the_default_model(no_openai_env: None) -> None:
    settings = Settings(_env_file=None)
    assert embedding_identity(settings) == {"backend": "minilm", "model": DEFAULT_MODEL_NAME, "dimension": 384}
    assert isinstance(make_embedding(settings), MiniLMEmbedding)
    openai = Settings(_env_file=None, embedding=EmbeddingSettings(backend="openai"))
    assert embedding_identity(openai)["dimension"] == 1536
