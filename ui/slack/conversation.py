"""Which conversation a question belongs to, and its earlier turns.

In a thread the thread is the conversation: the answers given in it, kept in memory as Answers (the papers each
showed and the plan it answered), or after a restart its earlier messages read back from Slack. In a direct message
the whole DM is one conversation: a new top-level message follows on from the answers given there before, in or out
of their threads ("What is MemAscend?", then "Who wrote it?"); after a restart a new DM message starts afresh.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from paperchat.assistant.results import Answer
from paperchat.ui.slack.memory import BoundedMap
from paperchat.ui.slack.slack_text import thread_history

log = logging.getLogger("paperchat.slack")

HISTORY_PAGES = 5  # conversations.replies pages (200 messages each) read for a follow-up
HISTORY_TURNS = 20  # most recent turns given to Assistant.chat
DM_ANSWERS = HISTORY_TURNS // 2  # answers remembered per DM (each stands for a question and its answer)


def as_history(answers: list[Answer]) -> list[Answer]:
    """Earlier answers as the history `Assistant.chat` takes: the Answers themselves, oldest first, so the next
    question reads the papers each one showed and the plan it answered. The one place DM history is shaped."""
    return list(answers)


class Conversations:
    """The answers given in each conversation (a DM, or a thread by "channel:thread_ts"), newest last; bounded per
    conversation and in the number of conversations."""

    def __init__(self, per_conversation: int = DM_ANSWERS, conversations: int = 5000) -> None:
        self.per_conversation = per_conversation
        self._answers = BoundedMap(conversations)
        self._lock = threading.Lock()

    def add(self, key: str, answer: Answer) -> None:
        with self._lock:
            kept = self._answers.fetch(key) or deque(maxlen=self.per_conversation)
            kept.append(answer)
            self._answers.put(key, kept)  # also marks the conversation as recently used

    def history(self, key: str) -> list[Answer]:
        with self._lock:
            return as_history(list(self._answers.fetch(key) or []))


def thread_turns(client: WebClient, channel: str, thread_ts: str, before_ts: str, context: Any) -> list[dict]:
    """A thread's earlier turns, read with conversations.replies. When Slack will not give them (a scope the app
    was installed without, a channel it cannot read) the question is answered without them, and the log says why."""
    replies: list[dict] = []
    cursor: str | None = None
    try:
        for _ in range(HISTORY_PAGES):
            page = client.conversations_replies(channel=channel, ts=thread_ts, limit=200, cursor=cursor)
            replies += page.get("messages") or []
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
    except SlackApiError as error:
        response = error.response
        needed = f" (needs the {response.get('needed')} scope: reinstall the app)" if response.get("needed") else ""
        log.warning("reading thread %s in %s failed: %s%s; answering without its earlier turns",
                    thread_ts, channel, response.get("error"), needed)
        return []
    turns = thread_history(replies, context.bot_user_id, context.bot_id, before_ts)
    return turns[-HISTORY_TURNS:]
