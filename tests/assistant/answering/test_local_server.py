"""The [local] answer backend: a GGUF file served in-process by llama.cpp (xllamacpp), spoken to over HTTP.

The model here is a tiny random-weight llama written by the test, so its words are noise: the engine must turn
an answer without valid citations into a refusal, whatever a real runtime returns.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperchat.assistant import Assistant
from tests.conftest import make_settings

pytest.importorskip("xllamacpp", reason="the [local] extra is not installed")
pytest.importorskip("gguf", reason="gguf writes the test model")


def test_a_local_gguf_model_answers_through_llama_cpp(tmp_path: Path) -> None:
    from tests.tiny_gguf import write_tiny_gguf

    model = write_tiny_gguf(tmp_path / "tiny.gguf")
    papers = tmp_path / "papers.jsonl"
    papers.write_text(json.dumps({"title": "Kelp growth", "abstract": "Kelp grows half a metre per day."}) + "\n")
    settings = make_settings(tmp_path / "index", answer={"backend": "local", "gguf_path": model, "max_tokens": 8,
                                                          "context_window": 2048})
    assistant = Assistant.open(tmp_path / "index", settings, create=True)
    assistant.ingest([papers])
    stream = assistant.stream("How fast does kelp grow?")
    streamed, answer = list(stream), stream.answer()
    assert streamed, "the local server streamed nothing"
    assert answer.refused and answer.citations == []  # noise cites nothing, so it is never shown as an answer
    assert answer.passages[0].title == "Kelp growth"
