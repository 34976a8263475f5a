"""The bundled MiniLM model, for real, on small inputs: shapes, meaning, batching, truncation, checksums."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import numpy as np
import pytest

from paperchat.assistant.config import EmbeddingSettings, offline_environment

offline_environment()

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
