"""The Assistant: the one object every shell (CLI, UI, Slack bot) and every script talks to."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from paperchat.assistant.answer_stream import AnswerStream, ComposedWhole, Pieces, Retrieved
from paperchat.assistant.async_api import AsyncTwins
from paperchat.assistant.config import Settings, offline_environment
from paperchat.assistant.errors import IndexNotFoundError
from paperchat.assistant.filters import Filters, merge_filters, paper_matches
from paperchat.assistant.index.paper_index import PaperIndex, Progress, index_exists
from paperchat.assistant.ingest_report import IngestReport
from paperchat.assistant.inputs import (
    as_filters,
    check_history,
    check_k,
    check_question,
    legacy_order,
    resolve_category,
)
from paperchat.assistant.question.conversation import normalise_history
from paperchat.assistant.results import Answer, Passage, Refusal
from paperchat.ingest.papers import Paper

History = list[dict] | list[tuple[str, str]] | list[Answer] | None
NO_PAPERS = "No papers are indexed yet. Add some with `paperchat ingest PAPERS... --index PATH`."


class Assistant(AsyncTwins):
    """Ask questions of an index of papers. Open with `Assistant.open(index_dir)`.

    Every question call takes `(question, filters=None, k=None)`: `filters` a Filters or a dict of the same
    names, `k` the most sources the answer draws on (passages; papers for a list). Every call has an async twin
    (`aask`, `achat`, `astream`, ...). Errors are `paperchat.PaperchatError` subclasses."""

    def __init__(self, index: PaperIndex, settings: Settings) -> None:
        from paperchat.assistant.answering.backends import make_answerer
        from paperchat.assistant.answering.engine import AnswerEngine
        from paperchat.assistant.answering.sentence_vectors import RememberedEmbed
        from paperchat.assistant.retrieval.retriever import Retriever

        self.settings = settings
        self.index = index
        self.retriever = Retriever(index, settings.retrieval)
        self.answerer = make_answerer(settings, RememberedEmbed(lambda texts: self.index.embed(texts)))
        self.engine = AnswerEngine(index, self.retriever, self.answerer, settings)

    @classmethod
    def open(
        cls,
        index_dir: str | Path | None = None,
        settings: Settings | None = None,
        rebuild: bool = False,
        create: bool = False,
    ) -> Assistant:
        """Open the index at `index_dir`, default `settings.index_dir` (PAPERCHAT_INDEX_DIR); settings default to
        `Settings()` (PAPERCHAT_* variables and .env). A path without an index raises IndexNotFoundError, creating
        nothing there; `create=True` creates an empty index (to `ingest` into). A backend that cannot be used (no API
        key, no server URL) is an AnswererUnavailableError or EmbedderUnavailableError here, not at the first
        question.

        With `rebuild`, the index may have been built with other settings (another embedding model, chunking): the
        next `ingest` embeds every indexed paper again with these settings, into a new generation that readers
        (other processes too) switch to only when it is complete; until then they answer from the old one."""
        offline_environment()
        from paperchat.assistant.embedding.backends import make_embedding

        settings = settings or Settings()
        index_dir = Path(index_dir) if index_dir is not None else settings.index_dir
        if not create and not index_exists(index_dir):
            raise IndexNotFoundError(index_dir)  # before anything is made: no model is loaded for a mistyped path
        return cls(PaperIndex(index_dir, settings, make_embedding(settings), rebuild=rebuild, create=create), settings)

    @staticmethod
    def exists(index_dir: str | Path) -> bool:
        """Whether there is an index at `index_dir` (shells check before they start serving it)."""
        return index_exists(Path(index_dir))

    @staticmethod
    def diagnose(index_dir: str | Path | None = None, settings: Settings | None = None, repair: bool = False) -> list:
        """Check an index directory without opening it (it may be broken); with `repair`, fix what can be fixed.
        One finding per check: catalog, manifest, papers, vectors, orphans, keywords."""
        from paperchat.assistant.index.doctor import diagnose

        settings = settings or Settings()
        return diagnose(Path(index_dir) if index_dir is not None else settings.index_dir, settings, repair)

    def warm_up(self, wait: bool = True) -> threading.Thread | None:
        """Load what the first question needs: the embedding model, the vector and keyword stores, and the question
        reader's indexes of the library (16–19 s at 100k papers). A server calls it with `wait=False` as it starts,
        so that its first user does not pay for it. A failure is only logged: the question that needs the broken
        part says what is wrong."""
        if not wait:
            thread = threading.Thread(target=self.warm_up, name="paperchat-warm-up", daemon=True)
            thread.start()
            return thread
        from paperchat.assistant.question.reader import prepare

        try:
            prepare(self.engine.library)
            self.retriever.retrieve("warm up", k=1)
        except Exception as error:  # noqa: BLE001 - warming up must never stop a server from starting
            logging.getLogger(__name__).warning("paperchat: warming up failed (%s)", error)
        return None

    # --- the library --------------------------------------------------------------------------------
    def ingest(self, paths: list[str | Path] | str | Path, progress: Progress | None = None) -> IngestReport:
        """Add or update papers from files and folders (read recursively); a bad file is reported in the
        IngestReport, never fatal. `progress(step, done, total)` is called as the work goes: steps "wait" (for
        another process writing this index; done = seconds waited), "parse" (files), "embed" (chunks, per batch),
        "keywords"."""
        paths = [paths] if isinstance(paths, (str, Path)) else paths
        return self.index.ingest([Path(p) for p in paths], progress)

    def finish_interrupted(self) -> IngestReport | None:
        """Finish the papers an interrupted ingest left unfinished (their records read, their indexing not done): the
        step every ingest starts with, run on its own, as a server does when it starts. None when none were left."""
        if not self.index.catalog.unfinished_keys():
            return None
        return self.index.ingest([])

    def remove(self, target: str | Path) -> IngestReport:
        """Remove a paper by id, or every paper that only a given source file provided."""
        target = str(target)
        if target in self.index.catalog.sources():
            return self.index.remove(source=target)
        resolved = str(Path(target).resolve())
        if resolved in self.index.catalog.sources():
            return self.index.remove(source=resolved)
        return self.index.remove(paper_id=target)

    def papers(self, filters: Filters | dict | None = None) -> list[Paper]:
        """Every indexed paper within `filters` (a Filters or a dict), in catalog order; with `paper_ids`, only those
        are read, in that order."""
        filters = self._filters(filters)
        if filters is not None and filters.paper_ids is not None:  # a known few: no pass over the whole catalog
            found = self.index.catalog.papers_by_id(filters.paper_ids)
            return [p for paper_id in filters.paper_ids if (p := found.get(paper_id)) and paper_matches(p, filters)]
        allowed = self.retriever.allowed_papers(filters)
        papers = self.index.catalog.papers()
        return papers if allowed is None else [p for p in papers if p.paper_id in set(allowed)]

    def stats(self) -> dict:
        """The index: its folder, papers, chunks, vectors, embedding model, chunking, store, size, answer backend."""
        return {**self.index.stats(), "answer_backend": self.settings.answer.backend}

    def record_feedback(
        self, answer: Answer | dict, helpful: bool, user: str | None = None, channel: str = "", answer_id: str = ""
    ) -> None:
        """Keep a verdict on an answer, with its question and citations, in the index directory. With `answer_id` (the
        shell's name for the answer shown), a user's new verdict on it replaces their earlier one in `feedback()`."""
        data = answer.to_dict() if isinstance(answer, Answer) else dict(answer)
        data.pop("passages", None)  # what was retrieved can be large; the verdict is about what was cited
        record = {"helpful": helpful, "user": user, "channel": channel, **data}
        self.index.catalog.add_feedback({**record, "answer_id": answer_id} if answer_id else record)

    def feedback(self) -> list[dict]:
        """Every verdict, oldest first: helpful, user, channel, created, and the answer's fields (question, text,
        citations, ...). A user's latest verdict on an answer (same `answer_id`) is the one that counts; the catalog
        keeps the earlier ones too. Verdicts stored before 0.2 have the text under "answer"; it is read as "text"."""
        latest: dict[object, dict] = {}
        for n, item in enumerate(self.index.catalog.feedback()):
            if "text" not in item and "answer" in item:
                item["text"] = item.pop("answer")
            key = (item["user"], item["answer_id"]) if item.get("user") and item.get("answer_id") else n
            latest.pop(key, None)  # the new verdict takes its own place in time
            latest[key] = item
        return list(latest.values())

    # --- questions ----------------------------------------------------------------------------------
    def retrieve(self, question: str, filters: Filters | dict | None = None, k: int | None = None) -> list[Passage]:
        """The passages an answer would be drawn from, best first: `k` of them (settings.retrieval.top_k by
        default), within `filters`. `retrieve(question, 5)` from before 0.2 still means k=5, with a warning."""
        if isinstance(filters, int) and not isinstance(filters, bool) or isinstance(k, (Filters, dict)):
            k, filters = legacy_order(k, filters, "retrieve(question, filters=None, k=None)")
        checked_k = check_k(k, self.settings.limits.max_results)
        return self.retriever.retrieve(self._question(question), checked_k, self._filters(filters))

    def ask(self, question: str, filters: Filters | dict | None = None, k: int | None = None) -> Answer:
        """Answer from the indexed papers with numbered citations, or say plainly that they do not answer
        (`answer.refused`, with the reason in `answer.refusal`). `k` is the most sources the answer draws on:
        passages, or papers for a list; a count, summary or comparison says in `warnings` why it cannot follow k."""
        return self.stream(question, filters, k).answer()

    def chat(
        self, question: str, history: History = None, filters: Filters | dict | None = None, k: int | None = None
    ) -> Answer:
        """Answer `question` as the next turn of a conversation: "it" and "that paper" refer to what earlier answers
        cited. `history` is a list of {"role", "content"} turns, (question, answer) pairs, or earlier Answers.
        `chat(history, question)` from before 0.2 still works, with a warning."""
        if not isinstance(question, str) and isinstance(history, str):
            question, history = legacy_order(question, history, "chat(question, history=None, filters=None, k=None)")
        return self.stream(question, filters, k, history).answer()

    def stream(
        self,
        question: str,
        filters: Filters | dict | None = None,
        k: int | None = None,
        history: History = None,
    ) -> AnswerStream:
        """The answer as it is written: iterate for text pieces, then `.answer()` for the checked Answer. A `[n]`
        marker is shown once it is complete and names a retrieved passage. With the offline extractive answerer the
        answer is composed whole (`stream.incremental` is False) and its words arrive at once."""
        question, k = self._question(question), check_k(k, self.settings.limits.max_results)
        check_history(history)
        turns = normalise_history(history)
        pieces = self._pieces(question, turns, self._filters(filters), k)
        return AnswerStream(pieces, incremental=getattr(self.answerer, "streams", True))

    def _pieces(self, question: str, history: list[dict], filters: Filters | None, k: int | None) -> Pieces:
        from paperchat.assistant.answering.citations import StreamedMarkers

        if self.index.catalog.is_empty():  # said as such, never as "the papers do not answer this"
            yield ComposedWhole()
            yield from _words(NO_PAPERS)
            yield Answer(question=question, text=NO_PAPERS, refused=True, refusal=Refusal(reason="empty_index"))
            return
        markers: StreamedMarkers | None = None
        streamed = False
        for piece in self.engine.run(question, history, filters, k):
            if isinstance(piece, Retrieved):
                markers = StreamedMarkers(len(piece.passages))
            elif isinstance(piece, str):
                streamed = True
                piece = markers.feed(piece) if markers else piece
                if not piece:
                    continue
            elif isinstance(piece, Answer):
                if markers:
                    markers.close()
                if not streamed:
                    # Composed whole (offline answerer, catalog answers): its words keep one interface for all.
                    yield ComposedWhole()
                    yield from _words(piece.text)
            yield piece

    def _question(self, question: Any) -> str:  # noqa: ANN401 - checked here
        return check_question(question, self.settings.answer.max_question_chars)

    def _filters(self, filters: Filters | dict | None) -> Filters | None:
        """The call's filters over the defaults in Settings.filters; None when nothing is filtered. Category names
        become codes; years the wrong way round are an error."""
        given = as_filters(filters)
        defaults = self.settings.filters
        if (given is None or not given.category) and not defaults.category:
            categories: list[str | None] = []
        else:
            categories = [paper.category for paper in self.index.catalog.papers()]
        given = resolve_category(given, categories)
        if given is not None:
            given.check_years()
        if not defaults.describe():
            return given
        return merge_filters(given, resolve_category(defaults, categories))


def _words(text: str) -> Iterator[str]:
    return iter(re.findall(r"\S+\s*", text))
