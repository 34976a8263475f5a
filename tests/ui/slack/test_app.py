"""The Slack bot end to end over real HTTP: signed Slack payloads to the bot on 127.0.0.1, its Web API calls and
response_url posts to a local stand-in for Slack, a real Assistant over the seed papers as the engine."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.slack_text import plain_text
from tests.conftest import make_settings
from tests.ui.slack.slack_stand_in import (
    BOT_ID,
    BOT_TOKEN,
    BOT_USER,
    SlackStandIn,
    action_body,
    command_body,
    event_body,
    signed_post,
)

QUESTION = "How can large language models be fine-tuned when GPU memory is limited?"
FOLLOW_UP = "What results does that paper report?"
LINK = re.compile(r"<([^<>|\s]+)\|([^<>|\n]+)>")


def mention(stand_in: SlackStandIn, text: str, channel: str = "C1", user: str = "U1",
            thread_ts: str | None = None) -> dict:
    return {**stand_in.user_message(channel, f"<@{BOT_USER}> {text}", user, thread_ts), "type": "app_mention"}


def direct(stand_in: SlackStandIn, text: str, user: str = "U1", channel: str = "D1", **extra: Any) -> dict:
    return {"type": "message", "channel_type": "im", **stand_in.user_message(channel, text, user, **extra)}


def replies(stand_in: SlackStandIn, channel: str, thread_ts: str, count: int = 1) -> list[dict]:
    """Wait until the bot has `count` finished (not "thinking") messages in the thread; returns them."""
    def finished(_calls: list) -> list[dict] | None:
        done = [m for m in stand_in.in_thread(channel, thread_ts)
                if m.get("bot_id") == BOT_ID and m["text"] != fmt.THINKING]
        return done if len(done) >= count else None
    return stand_in.wait_for(finished, what=f"{count} bot replies in {channel} thread {thread_ts}")


def cited_links(text: str) -> list[tuple[str, str]]:
    return [(url, plain_text(label)) for url, label in LINK.findall(text)]


def expected_links(answer: Any) -> list[str]:
    return [" ".join(c.display_title.split()) for c in answer.citations]


def button_value(message: dict, action_id: str) -> str:
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return element["value"]
    raise AssertionError(f"no {action_id} button in {message['blocks']}")


def posts_in(stand_in: SlackStandIn, channel: str, thread_ts: str) -> list[dict]:
    return [c.params for c in stand_in.calls_to("chat.postMessage")
            if c.params["channel"] == channel and c.params.get("thread_ts") == thread_ts]


class Gated:
    """The real engine, held at the door until the test lets it answer."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.entered, self.release = inner, threading.Event(), threading.Event()

    def ask(self, *args: Any, **kwargs: Any) -> Any:
        self.entered.set()
        assert self.release.wait(30)
        return self.inner.ask(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class Failing:
    def ask(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("engine down")

    chat = ask


def test_mention_is_answered_in_its_thread_with_working_links(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    event = mention(stand_in, QUESTION)
    status, _, _ = signed_post(url, event_body(event))
    assert status == 200
    [reply] = replies(stand_in, "C1", event["ts"])

    thinking = stand_in.calls_to("chat.postMessage")[0]
    assert thinking.params["thread_ts"] == event["ts"] and thinking.params["text"] == fmt.THINKING
    assert thinking.token == BOT_TOKEN
    [update] = stand_in.calls_to("chat.update")
    assert update.params["ts"] == reply["ts"], "the thinking message was replaced by the answer"
    assert reply.get("thread_ts") == event["ts"] and len(stand_in.calls_to("chat.postMessage")) == 1

    expected = seed_assistant.ask(QUESTION)
    assert expected.citations, "the seed papers answer this question"
    assert reply["text"].startswith(fmt.mrkdwn(expected.text)) and "[1]" in reply["text"]
    links = cited_links(reply["text"])
    assert [label for _, label in links] == expected_links(expected)
    for (link, _), citation in zip(links, expected.citations, strict=True):
        parts = urlsplit(link)
        assert parts.scheme == "https" and parts.netloc and " " not in link
        if citation.url:
            assert link == citation.url
    assert {fmt.ACTION_HELPFUL, fmt.ACTION_NOT_HELPFUL} <= {
        e["action_id"] for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]}


def test_direct_message_is_answered_in_thread_once(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    event = direct(stand_in, QUESTION)
    assert signed_post(url, event_body(event))[0] == 200
    # The same message delivered again (a Slack retry, or also as an app_mention) is not answered twice.
    assert signed_post(url, event_body({**event, "type": "app_mention"}))[0] == 200
    [reply] = replies(stand_in, "D1", event["ts"])
    assert cited_links(reply["text"]) and reply["thread_ts"] == event["ts"]
    time.sleep(0.3)  # room for a wrong second answer to show up
    assert len(posts_in(stand_in, "D1", event["ts"])) == 1


def test_slash_command_acks_at_once_answers_privately_and_shares(seed_assistant, stand_in, start_bot) -> None:
    engine = Gated(seed_assistant)
    url = start_bot(engine)
    status, body, seconds = signed_post(url, command_body(QUESTION, stand_in.response_url("cmd")))
    assert status == 200 and seconds < 3
    assert json.loads(body) == {"text": fmt.THINKING, "response_type": "ephemeral"}
    assert engine.entered.wait(10) and not stand_in.calls_to("respond/cmd"), "acknowledged before answering"
    engine.release.set()

    [private] = stand_in.wait_for(lambda calls: [c for c in calls if c.method == "respond/cmd"], what="the answer")
    assert private.params["response_type"] == "ephemeral" and private.params["replace_original"] is True
    expected = seed_assistant.ask(QUESTION)
    assert [label for _, label in cited_links(private.params["text"])] == expected_links(expected)
    assert not stand_in.calls_to("chat.postMessage"), "nothing public yet"

    value = button_value(private.params, fmt.ACTION_SHARE)
    status, _, seconds = signed_post(url, action_body(fmt.ACTION_SHARE, value, stand_in.response_url("share")))
    assert status == 200 and seconds < 3
    [shared] = stand_in.wait_for(lambda calls: [c for c in calls if c.method == "chat.postMessage"], what="share")
    assert shared.params["channel"] == "C1" and "thread_ts" not in shared.params
    assert shared.params["text"].startswith(f"<@U1> asked: {fmt.escape(QUESTION)}")
    assert [label for _, label in cited_links(shared.params["text"])] == expected_links(expected)
    [deleted] = stand_in.wait_for(lambda calls: [c for c in calls if c.method == "respond/share"], what="delete")
    assert deleted.params["delete_original"] is True


def test_feedback_buttons_are_stored_with_the_answer(seed_copy: Path, stand_in, start_bot) -> None:
    from paperchat.assistant import Assistant

    engine = Assistant.open(seed_copy, make_settings(seed_copy))
    url = start_bot(engine)
    event = mention(stand_in, QUESTION)
    signed_post(url, event_body(event))
    [reply] = replies(stand_in, "C1", event["ts"])
    value = button_value(reply, fmt.ACTION_HELPFUL)
    for name, action, user in [("fb1", fmt.ACTION_HELPFUL, "U1"), ("fb2", fmt.ACTION_HELPFUL, "U1"),
                               ("fb3", fmt.ACTION_NOT_HELPFUL, "U2")]:
        body = action_body(action, value, stand_in.response_url(name), user=user, message=reply)
        assert signed_post(url, body)[0] == 200
        [thanks] = stand_in.wait_for(lambda calls, n=name: [c for c in calls if c.method == f"respond/{n}"],
                                     what=f"thanks for {name}")
        assert thanks.params["response_type"] == "ephemeral" and "recorded" in thanks.params["text"]

    # A bot restarted since the answer (nothing in memory) still stores what the message showed.
    restarted = start_bot(engine)
    body = action_body(fmt.ACTION_NOT_HELPFUL, value, stand_in.response_url("fb4"), user="U3", message=reply)
    assert signed_post(restarted, body)[0] == 200
    stand_in.wait_for(lambda calls: [c for c in calls if c.method == "respond/fb4"], what="thanks for fb4")

    stored = engine.feedback()
    assert [(f["helpful"], f["user"], f["channel"]) for f in stored] == [
        (True, "U1", "C1"), (False, "U2", "C1"), (False, "U3", "C1")]  # U1's second click is not counted twice
    expected = engine.ask(QUESTION)
    assert stored[0]["question"] == QUESTION and stored[0]["text"] == expected.text
    assert [c["title"] for c in stored[0]["citations"]] == [c.title for c in expected.citations]
    assert stored[2]["question"] == QUESTION and " ".join(expected.text.split()) in stored[2]["text"]
    assert [c["paper_id"] for c in stored[2]["citations"]] == [c.paper_id for c in expected.citations]


def test_never_answers_itself_or_other_bots(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    ignored = [
        direct(stand_in, "an answer of mine", user=BOT_USER, bot_id=BOT_ID),
        {**mention(stand_in, "my own mention", user=BOT_USER), "bot_id": BOT_ID},
        direct(stand_in, "beep boop", user="UOTHER", bot_id="BOTHER", subtype="bot_message"),
        direct(stand_in, "edited", subtype="message_changed"),
    ]
    for event in ignored:
        assert signed_post(url, event_body(event))[0] == 200
    good = direct(stand_in, QUESTION)
    signed_post(url, event_body(good))
    replies(stand_in, "D1", good["ts"])
    assert {c.params.get("thread_ts") for c in stand_in.calls_to("chat.postMessage")} == {good["ts"]}


def test_rate_limit_per_user(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant, rate_limit=2)
    asked = [mention(stand_in, QUESTION, user="U1") for _ in range(3)]
    for event in asked:
        signed_post(url, event_body(event))
        replies(stand_in, "C1", event["ts"])
    limited = replies(stand_in, "C1", asked[2]["ts"])[0]
    assert limited["text"].startswith(fmt.NOTICE) and "2 questions in the last minute" in limited["text"]
    assert [p["text"] for p in posts_in(stand_in, "C1", asked[2]["ts"])] == [limited["text"]], "no thinking, no answer"
    assert all(cited_links(replies(stand_in, "C1", e["ts"])[0]["text"]) for e in asked[:2])
    status, body, _ = signed_post(url, command_body(QUESTION, stand_in.response_url("limited")))
    assert status == 200 and "questions in the last minute" in json.loads(body)["text"]

    other = mention(stand_in, QUESTION, user="U2")
    signed_post(url, event_body(other))
    assert cited_links(replies(stand_in, "C1", other["ts"])[0]["text"]), "another user is not limited"


def test_failing_engine_becomes_an_apology_and_a_logged_error(stand_in, start_bot, caplog) -> None:
    caplog.set_level(logging.ERROR, logger="paperchat.slack")
    url = start_bot(Failing())
    event = mention(stand_in, QUESTION)
    assert signed_post(url, event_body(event))[0] == 200
    [reply] = replies(stand_in, "C1", event["ts"])
    assert reply["text"] == fmt.APOLOGY and reply["thread_ts"] == event["ts"]
    assert stand_in.calls_to("chat.update"), "the thinking message became the apology"

    status, _, _ = signed_post(url, command_body(QUESTION, stand_in.response_url("sorry")))
    assert status == 200
    [sorry] = stand_in.wait_for(lambda calls: [c for c in calls if c.method == "respond/sorry"], what="apology")
    assert sorry.params["text"] == fmt.APOLOGY and sorry.params["response_type"] == "ephemeral"

    def logged(_calls: list) -> list:
        return [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info
                and isinstance(r.exc_info[1], RuntimeError)]
    errors = stand_in.wait_for(lambda calls: len(logged(calls)) >= 2 and logged(calls), timeout=5, what="errors")
    assert {("/paperchat" in r.getMessage()) for r in errors} == {True, False}, "both failures were logged"


def test_slack_refusing_the_answer_still_leaves_an_apology(seed_assistant, stand_in, start_bot, caplog) -> None:
    caplog.set_level(logging.ERROR, logger="paperchat.slack")
    url = start_bot(seed_assistant)
    stand_in.errors["chat.update"] = "cant_update_message"
    event = mention(stand_in, QUESTION)
    signed_post(url, event_body(event))
    replies(stand_in, "C1", event["ts"])
    texts = [p["text"] for p in posts_in(stand_in, "C1", event["ts"])]
    assert texts == [fmt.THINKING, fmt.APOLOGY]
    assert any("cant_update_message" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
