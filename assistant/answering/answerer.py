"""Sources → draft answer text, by the offline extractive answerer or an LLM, streamed piece by piece.

Whatever writes the draft, `assistant.citations` checks it afterwards; nothing here is trusted to cite well.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from paperchat.assistant.answering.extractive import Draft, EmbedTexts, compose, refusal_text
from paperchat.assistant.answering.prompts import load_prompt, render_prompt
from paperchat.assistant.config import Settings
from paperchat.assistant.results import Passage
from paperchat.ingest.latex import clean_latex
from paperchat.ingest.text import without_title, words

MAX_SOURCE_CHARS = 2400  # per passage given to an LLM: long full-text chunks are cut, not dropped


class Answerer:
    def __init__(self, settings: Settings, embed: EmbedTexts, llm: object | None = None) -> None:
        self.settings = settings.answer
        self.embed = embed
        self.llm = llm

    @property
    def refusal(self) -> str:
        return load_prompt("refuse", self.settings.prompts_dir)

    def stream(self, question: str, sources: list[Passage]) -> Iterator[str | Draft]:
        """Yield text pieces as they are produced, then the Draft."""
        if self.llm is None:
            yield compose(question, sources, self.embed, self.settings.min_relevance, self.settings.max_sentences)
            return
        if not sources:
            yield Draft(refusal_text(sources), refused=True)
            return
        from llama_index.core.llms import ChatMessage

        messages = [
            ChatMessage(
                role="system", content=render_prompt("system", self.settings.prompts_dir, refusal=self.refusal)
            ),
            ChatMessage(
                role="user",
                content=render_prompt(
                    "answer",
                    self.settings.prompts_dir,
                    sources=self.format_sources(sources),
                    question=question,
                    refusal=self.refusal,
                ),
            ),
        ]
        text = ""
        for chunk in self.llm.stream_chat(messages):
            if chunk.delta:
                text += chunk.delta
                yield chunk.delta
        yield self._draft_from_model(text, sources)

    def draft(self, question: str, sources: list[Passage]) -> Draft:
        return next(piece for piece in self.stream(question, sources) if isinstance(piece, Draft))

    def format_sources(self, sources: list[Passage]) -> str:
        blocks = []
        for n, source in enumerate(sources, 1):
            body = without_title(source.text, source.title)
            authors = source.authors_text or "unknown authors"
            blocks.append(
                render_prompt(
                    "source",
                    self.settings.prompts_dir,
                    n=n,
                    title=clean_latex(source.title),
                    authors=authors,
                    year=source.year or source.date or "n.d.",
                    text=clean_latex(body)[:MAX_SOURCE_CHARS],
                )
            )
        return "\n\n".join(blocks)

    def _draft_from_model(self, text: str, sources: list[Passage]) -> Draft:
        cleaned = text.strip()
        if _says_refusal(cleaned, self.refusal):
            return Draft(refusal_text(sources), refused=True)
        return Draft(cleaned)

    def condense(self, history: list[dict], question: str) -> str:
        """A standalone question for retrieval; only an LLM can rewrite, the extractive path keeps the question."""
        if self.llm is None or not history:
            return question
        from llama_index.core.llms import ChatMessage

        transcript = "\n".join(f"{turn['role']}: {turn['content'][:1500]}" for turn in history[-6:])
        prompt = render_prompt("condense", self.settings.prompts_dir, history=transcript, question=question)
        rewritten = str(self.llm.chat([ChatMessage(role="user", content=prompt)]).message.content or "").strip()
        return rewritten.splitlines()[0].strip() if rewritten else question


def _says_refusal(text: str, refusal: str) -> bool:
    said, refusing = " ".join(words(text)), " ".join(words(refusal))
    return not text or refusing in said and not re.search(r"\[\d+\]", text)
