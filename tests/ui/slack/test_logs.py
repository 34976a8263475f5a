"""The log an operator reads: a rejected request, however large, writes at most 1 KB; starting writes no bolt
warning about tokens; a failed question is a warning."""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request

import pytest

from paperchat.ui.slack.logs import LOG_FORMAT, MAX_LINE_BYTES, MAX_MESSAGE_BYTES, QuestionLog, ShortLines
from paperchat.ui.slack.server import MAX_BODY_BYTES
from tests.ui.slack.slack_stand_in import BOT_TOKEN, event_body, signed_post
from tests.ui.slack.test_app import QUESTION, mention, replies


def logged_bytes(records: list[logging.LogRecord]) -> list[int]:
    """Each record as `paperchat slack` writes it: one line with the time, level and logger name in front."""
    line = logging.Formatter(LOG_FORMAT)
    return [len(line.format(record).encode("utf-8")) + 1 for record in records]


def test_a_rejected_request_logs_at_most_1_kb(seed_assistant, stand_in, start_bot, caplog) -> None:
    url = start_bot(seed_assistant)
    caplog.set_level(logging.INFO)  # the default level of `paperchat slack`
    big = event_body(mention(stand_in, "x" * (MAX_BODY_BYTES - 4096)))  # just under the 1 MB the server takes
    for _ in range(5):
        assert signed_post(url, big, secret="not-the-secret")[0] == 401
        request = urllib.request.Request(url, data=big.encode(), headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError):  # unsigned
            urllib.request.urlopen(request, timeout=30)
    sizes = logged_bytes(caplog.records)
    assert len(sizes) == 10 and max(sizes) <= MAX_LINE_BYTES, sizes  # one line of at most 1 KB per request
    assert any("Invalid request signature" in r.getMessage() and "bytes, cut" in r.getMessage()
               for r in caplog.records), "still says what was rejected"


def test_starting_logs_no_warning_about_the_token(seed_assistant, stand_in, start_bot, caplog,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)  # as `paperchat slack` runs: bolt reads it itself
    caplog.set_level(logging.DEBUG)
    url = start_bot(seed_assistant)
    assert not [r for r in caplog.records if "token` will be unused" in r.getMessage()]
    event = mention(stand_in, QUESTION)  # and the bot still works with the client it was given
    signed_post(url, event_body(event))
    replies(stand_in, "C1", event["ts"])


def test_long_lines_are_cut_on_a_character_boundary_and_say_so() -> None:
    record = logging.LogRecord("slack_bolt.X", logging.INFO, __file__, 1, "body: %s", ("ü" * 5000,), None)
    assert ShortLines().filter(record)
    message = record.getMessage()
    assert len(message.encode("utf-8")) <= MAX_MESSAGE_BYTES and message.startswith("body: üü")
    assert message.endswith("(10006 bytes, cut)")
    short = logging.LogRecord("x", logging.INFO, __file__, 1, "fine %s", ("line",), None)
    assert ShortLines().filter(short) and short.getMessage() == "fine line"


def test_a_failed_question_is_a_warning_with_its_error(caplog) -> None:
    caplog.set_level(logging.INFO, logger="paperchat.slack")
    entry = QuestionLog("command", "U1", None)
    entry.ended("failed", RuntimeError("engine down\nsecond line"))
    entry.write()
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert re.search(r"^question via=command user=U1 channel=\? seconds=\d+\.\d\d outcome=failed "
                     r"error=RuntimeError: engine down second line$", record.getMessage())
