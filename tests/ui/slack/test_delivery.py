"""A reply always reaches whoever asked, by a second way when the first fails: a /paperchat whose response URL Slack
no longer takes is answered ephemerally by the bot, or in a DM where the bot is not in the channel; each fallback
is logged."""

from __future__ import annotations

import logging

from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.delivery import reply_privately
from paperchat.ui.slack.web_client import responder, web_client
from tests.ui.slack.slack_stand_in import BOT_TOKEN, SlackStandIn, command_body, signed_post
from tests.ui.slack.test_app import QUESTION, cited_links


def ask_privately(stand_in: SlackStandIn, url: str, name: str) -> None:
    status, _, _ = signed_post(url, command_body(QUESTION, stand_in.response_url(name)))
    assert status == 200


def test_a_dead_response_url_is_logged_and_the_answer_comes_ephemerally(seed_assistant, stand_in, start_bot,
                                                                         caplog) -> None:
    caplog.set_level(logging.WARNING, logger="paperchat.slack")
    url = start_bot(seed_assistant)
    stand_in.fail("respond/dead", status=404, error="no_active_hooks")
    ask_privately(stand_in, url, "dead")
    [ephemeral] = stand_in.wait_for(lambda calls: [c for c in calls if c.method == "chat.postEphemeral"],
                                    what="the answer as an ephemeral message")
    assert ephemeral.params["channel"] == "C1" and ephemeral.params["user"] == "U1"
    assert cited_links(ephemeral.params["text"]), "the answer, where the user asked"
    assert [c.status for c in stand_in.calls_to("respond/dead")] == [404]
    assert any("response URL failed" in r.getMessage() and "404" in r.getMessage() for r in caplog.records)
    assert not stand_in.calls_to("chat.postMessage"), "nothing public"


def test_where_the_bot_cannot_post_ephemerally_the_answer_comes_as_a_dm(seed_assistant, stand_in, start_bot,
                                                                        caplog) -> None:
    caplog.set_level(logging.WARNING, logger="paperchat.slack")
    url = start_bot(seed_assistant)
    stand_in.bot_not_in.add("C1")
    stand_in.fail("respond/dead", status=404, error="expired_url")
    ask_privately(stand_in, url, "dead")
    [dm] = stand_in.wait_for(lambda calls: [c for c in calls if c.method == "chat.postMessage"], what="a DM")
    assert dm.params["channel"] == "U1" and cited_links(dm.params["text"])
    assert [c.error for c in stand_in.calls_to("chat.postEphemeral")] == ["not_in_channel"]
    assert any("not_in_channel" in r.getMessage() for r in caplog.records)


def test_a_long_private_reply_continues_where_the_response_url_stopped(stand_in: SlackStandIn) -> None:
    client = web_client(BOT_TOKEN, stand_in.base_url)
    messages = [{"text": f"part {n}"} for n in range(1, 4)]
    stand_in.fail("respond/tired", status=404, error="used_url", after=1)  # after the first message went through
    assert reply_privately(responder(stand_in.response_url("tired")), client, "C1", "U1", messages)
    assert [c.params["text"] for c in stand_in.calls_to("respond/tired") if c.status == 200] == ["part 1"]
    assert [c.params["text"] for c in stand_in.calls_to("chat.postEphemeral")] == ["part 2", "part 3"]


def test_nobody_to_reach_is_said_as_false(stand_in: SlackStandIn) -> None:
    stand_in.fail("respond/dead", status=404, error="expired_url")
    assert not reply_privately(responder(stand_in.response_url("dead")), None, "C1", "U1", [{"text": fmt.APOLOGY}])
