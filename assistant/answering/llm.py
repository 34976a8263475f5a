"""The LLM answerer: numbered passages and the prompts in prompts/ go to a chat model, streamed back.

Any llama-index LLM works (OpenAI, OpenAI-compatible servers, a local GGUF through xllamacpp); backends.py makes it.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from paperchat.assistant.answering.base import Draft
from paperchat.assistant.answering.prompts import load_prompt, render_prompt, task_prompt
from paperchat.assistant.answering.refusal import REFUSAL
from paperchat.assistant.errors import backend_failure
from paperchat.assistant.results import Passage
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.text import without_title, words

MAX_PASSAGE_CHARS = 2400  # per passage given to an LLM: long full-text chunks are cut, not dropped


class LLMAnswerer:
    """Answers with a chat model. `llm` is a llama-index LLM (its stream_chat and chat are what is used); `url`
    and `setting` name its server and the setting that points there, for errors."""

    def __init__(self, llm: Any, prompts_dir: Path | None = None, url: str | None = None, setting: str = "") -> None:
        self.llm = llm
        self.prompts_dir = prompts_dir
        self.url = url
        self.setting = setting or "PAPERCHAT_ANSWER__BASE_URL"

    @property
    def refusal(self) -> str:
        return load_prompt("refuse", self.prompts_dir)

    def stream(self, question: str, passages: list[Passage], kind: str = "passages") -> Iterator[str | Draft]:
        """Yield text pieces as they are produced, then the Draft."""
        if not passages:
            yield Draft(REFUSAL, refused=True)
            return
        from llama_index.core.llms import ChatMessage

        messages = [
            ChatMessage(role="system", content=render_prompt("system", self.prompts_dir, refusal=self.refusal)),
            ChatMessage(
                role="user",
                content=render_prompt(
                    "answer",
                    self.prompts_dir,
                    passages=self.format_passages(passages),
                    question=question,
                    task=task_prompt(kind, self.prompts_dir),
                    refusal=self.refusal,
                ),
            ),
        ]
        text, finished = "", False
        chunks = self.llm.stream_chat(messages)
        try:
            for chunk in chunks:
                if chunk.delta:
                    text += chunk.delta
                    yield chunk.delta
            finished = True
        except Exception as error:
            if typed := backend_failure(error, "answer", self.url, self.setting):  # unreachable, refused key...
                raise typed from error
            raise
        finally:
            if not finished:  # stopped midway: close the model's connection now, so the model stops writing
                getattr(chunks, "close", lambda: None)()
                gc.collect()  # the client's stream sits in a reference cycle that only the collector frees
        yield self._draft_from_model(text, passages)

    def format_passages(self, passages: list[Passage]) -> str:
        blocks = []
        for n, passage in enumerate(passages, 1):
            body = without_title(passage.text, passage.title)
            authors = passage.authors_text or "unknown authors"
            blocks.append(
                render_prompt(
                    "passage",
                    self.prompts_dir,
                    n=n,
                    title=clean_latex(passage.title),
                    authors=authors,
                    year=passage.year or passage.date or "n.d.",
                    text=clean_latex(body)[:MAX_PASSAGE_CHARS],
                )
            )
        return "\n\n".join(blocks)

    def _draft_from_model(self, text: str, passages: list[Passage]) -> Draft:
        cleaned = text.strip()
        if _says_refusal(cleaned, self.refusal):
            return Draft(REFUSAL, refused=True)
        return Draft(cleaned)


def _says_refusal(text: str, refusal: str) -> bool:
    said, refusing = " ".join(words(text)), " ".join(words(refusal))
    return not text or refusing in said and not re.search(r"\[\d+\]", text)
