"""Questions as Slack users write them: whom a message addresses or copies does not change the answer, `help` shows
help, what the bot says names no server setting, and each question leaves one line in the log."""

from __future__ import annotations

import json
import logging
import re

import pytest

from paperchat.ui.slack import format as fmt
from tests.ui.slack.slack_stand_in import BOT_USER, command_body, event_body, signed_post
from tests.ui.slack.test_app import cited_links, mention, replies

QZO = "what is QZO?"


def expected_text(seed_assistant, question: str = QZO) -> str:  # noqa: ANN001
    answer = seed_assistant.ask(question)
    assert answer.citations, "the seed papers answer it"
    return fmt.mrkdwn(answer.text)


def test_a_cc_does_not_change_the_answer(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    event = mention(stand_in, f"{QZO} cc <@U0OTHER> and <!subteam^S01|@ml-team>")
    signed_post(url, event_body(event))
    [reply] = replies(stand_in, "C1", event["ts"])
    assert reply["text"].startswith(expected_text(seed_assistant)) and cited_links(reply["text"])


@pytest.mark.parametrize("ping", ["@channel", "<!channel>", "<!here>", "@here"])
def test_a_channel_ping_in_a_slash_command_is_not_part_of_the_question(seed_assistant, stand_in, start_bot,
                                                                       ping: str) -> None:
    url = start_bot(seed_assistant)
    assert signed_post(url, command_body(f"{ping} {QZO}", stand_in.response_url("ping")))[0] == 200
    [private] = stand_in.wait_for(lambda calls: [c for c in calls if c.method == "respond/ping"], what="answer")
    assert f"*Question:* {QZO}" in private.params["text"]
    assert expected_text(seed_assistant) in private.params["text"]


def test_help_shows_help_and_asks_nothing(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant, rate_limit=None)  # the core's limit, which help states
    status, body, _ = signed_post(url, command_body("help", stand_in.response_url("help")))
    shown = json.loads(body)
    assert status == 200 and shown["response_type"] == "ephemeral"
    assert "/paperchat <question>" in shown["text"] and "Share in channel" in shown["text"]
    limit = seed_assistant.settings.limits.questions_per_minute
    assert f"{limit} questions a minute" in shown["text"] and "PAPERCHAT_" not in shown["text"]

    event = mention(stand_in, "help")
    signed_post(url, event_body(event))
    [reply] = replies(stand_in, "C1", event["ts"])
    assert reply["text"] == shown["text"]
    assert not stand_in.calls_to("respond/help") and [c.params["text"] for c in stand_in.calls_to(
        "chat.postMessage")] == [shown["text"]], "no thinking message, no answer"


def test_a_question_over_the_length_limit_is_told_without_setting_names(seed_assistant, stand_in, start_bot,
                                                                        caplog) -> None:
    caplog.set_level(logging.INFO, logger="paperchat.slack")
    url = start_bot(seed_assistant)
    event = mention(stand_in, "why " * 600)
    signed_post(url, event_body(event))
    [reply] = replies(stand_in, "C1", event["ts"])
    assert reply["text"].startswith(fmt.NOTICE) and "over the 2000 limit" in reply["text"]
    assert "PAPERCHAT_" not in reply["text"]
    stand_in.wait_for(lambda _: any("outcome=invalid" in r.getMessage() for r in caplog.records), timeout=5,
                      what="the log line")  # written once the reply is posted


def test_one_log_line_per_question_at_the_default_level(seed_assistant, stand_in, start_bot, caplog) -> None:
    caplog.set_level(logging.INFO)  # every logger, as `paperchat slack` logs by default
    url = start_bot(seed_assistant, rate_limit=1)
    asked = [mention(stand_in, QZO, user="U7"), mention(stand_in, QZO, user="U7")]
    for event in asked:
        signed_post(url, event_body(event))
        replies(stand_in, "C1", event["ts"])
    lines = stand_in.wait_for(lambda _: len(caplog.records) >= 2 and caplog.records, timeout=5, what="2 lines")
    pattern = r"question via=mention user=U7 channel=C1 seconds=\d+\.\d\d outcome=(\w+) error=-"
    assert [re.fullmatch(pattern, r.getMessage()).group(1) for r in lines] == ["answered", "limited"]
    assert [r.levelno for r in lines] == [logging.INFO, logging.INFO]


def test_a_refusal_is_logged_as_refused(seed_assistant, stand_in, start_bot, caplog) -> None:
    caplog.set_level(logging.INFO, logger="paperchat.slack")
    url = start_bot(seed_assistant)
    event = mention(stand_in, f"<@{BOT_USER}> How do honey bees navigate at night?")
    signed_post(url, event_body(event))
    replies(stand_in, "C1", event["ts"])
    stand_in.wait_for(lambda _: any("outcome=" in r.getMessage() for r in caplog.records), timeout=5, what="line")
    [line] = [r.getMessage() for r in caplog.records if "outcome=" in r.getMessage()]
    assert "outcome=refused" in line
