"""What the bot writes to its log: one line per question, and bolt's own lines kept short.

At the default level an operator sees one line per question (`question via=mention user=U1 channel=C1
seconds=0.84 outcome=answered error=-`), plus warnings and errors. Bolt logs a rejected request with its whole body,
which anyone on the network can make a megabyte long, so its lines are cut: with the time, level and logger name
in front (`LOG_FORMAT`) a line stays within 1 KB.
"""

from __future__ import annotations

import logging
import time

from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

from paperchat.assistant.results import Answer

log = logging.getLogger("paperchat.slack")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_LINE_BYTES = 1024
MAX_MESSAGE_BYTES = MAX_LINE_BYTES - 96  # room for the time, level and logger name in front


class ShortLines(logging.Filter):
    """Cuts a record's message to `MAX_MESSAGE_BYTES`, and drops bolt's warning that the client's token wins over
    SLACK_BOT_TOKEN (bolt reads that variable itself; the client was built from the same token)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message == warning_client_prioritized_and_token_skipped():
            return False
        data = message.encode("utf-8", "replace")
        if len(data) > MAX_MESSAGE_BYTES:
            note = f" … ({len(data)} bytes, cut)"
            record.msg = data[: MAX_MESSAGE_BYTES - len(note.encode())].decode("utf-8", "ignore") + note
            record.args = None
        return True


SHORT_LINES = ShortLines()


def bolt_logger() -> logging.Logger:
    """The logger bolt is given: its framework and middleware loggers copy this one's filter when created."""
    logger = logging.getLogger("paperchat.slack.bolt")
    if SHORT_LINES not in logger.filters:
        logger.addFilter(SHORT_LINES)
    return logger


def one_line(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class QuestionLog:
    """The line an operator reads for one question: how it came (mention, dm, command), who asked where, how long
    it took to the reply, and how it ended (answered, refused, limited, invalid, failed, undelivered)."""

    def __init__(self, via: str, user: str | None, channel: str | None) -> None:
        self.via, self.user, self.channel = via, user or "?", channel or "?"
        self.started = time.monotonic()
        self.outcome, self.error = "answered", "-"

    def answered(self, answer: Answer) -> None:
        self.outcome = "refused" if answer.refused else "answered"

    def ended(self, outcome: str, error: object = None) -> None:
        self.outcome = outcome
        if error is not None:
            self.error = one_line(f"{type(error).__name__}: {error}" if isinstance(error, Exception) else error)

    def write(self) -> None:
        seconds = time.monotonic() - self.started
        level = logging.WARNING if self.outcome in ("failed", "undelivered") else logging.INFO
        log.log(level, "question via=%s user=%s channel=%s seconds=%.2f outcome=%s error=%s", self.via, self.user,
                self.channel, seconds, self.outcome, self.error)
