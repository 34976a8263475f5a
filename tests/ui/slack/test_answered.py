"""Slack delivers an event again when it did not hear back in time; a retry that reaches a restarted bot is not
answered a second time. What was answered is kept in the index directory for Slack's retry window."""

from __future__ import annotations

import time
from pathlib import Path

from paperchat.ui.slack.answered import FILE_NAME, KEEP_SECONDS, AnsweredMessages
from tests.ui.slack.slack_stand_in import event_body, signed_post
from tests.ui.slack.test_app import QUESTION, mention, posts_in, replies


def test_a_retry_after_a_restart_is_answered_once(seed_assistant, stand_in, start_bot, tmp_path: Path) -> None:
    before = start_bot(seed_assistant, state_dir=tmp_path)
    event = mention(stand_in, QUESTION)
    delivery = event_body(event, event_id="Ev0001")
    assert signed_post(before, delivery)[0] == 200
    replies(stand_in, "C1", event["ts"])
    assert (tmp_path / FILE_NAME).is_file()

    after = start_bot(seed_assistant, state_dir=tmp_path)  # a new process: nothing in memory
    assert signed_post(after, delivery)[0] == 200  # Slack's retry of the same event
    time.sleep(1.0)  # room for a wrong second answer to start
    assert len(posts_in(stand_in, "C1", event["ts"])) == 1, "one thinking message, replaced by the one answer"

    forgetful = start_bot(seed_assistant)  # what a bot that kept nothing on disk would do: answer again
    assert signed_post(forgetful, delivery)[0] == 200
    stand_in.wait_for(lambda _: len(posts_in(stand_in, "C1", event["ts"])) == 2, what="a second answer")


def test_answered_messages_outlive_the_process_for_the_retry_window(tmp_path: Path) -> None:
    now = [1000.0]
    first = AnsweredMessages(tmp_path, clock=lambda: now[0])
    first.add("C1:1.0")
    first.close()
    second = AnsweredMessages(tmp_path, clock=lambda: now[0])
    assert second.contains("C1:1.0") and not second.contains("C1:2.0")
    now[0] += KEEP_SECONDS + 1
    assert not second.contains("C1:1.0")
    second.add("C1:3.0")  # adding prunes what is past the window
    assert second._db.execute("SELECT key FROM answered").fetchall() == [("C1:3.0",)]


def test_without_a_folder_they_are_kept_in_memory() -> None:
    answered = AnsweredMessages(None)
    answered.add("D1:1.0")
    assert answered.contains("D1:1.0") and answered.path is None
