"""Slack's bad days, through the real bot and the stand-in: a 429 waits for its Retry-After and a 500 is tried again,
so the answer still arrives; a response URL Slack no longer takes is an error, not a silent success."""

from __future__ import annotations

import pytest

from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.web_client import ResponseUrlError, responder, web_client
from tests.ui.slack.slack_stand_in import BOT_TOKEN, SlackStandIn, event_body, signed_post
from tests.ui.slack.test_app import QUESTION, cited_links, mention, replies


def answered_after(stand_in: SlackStandIn, url: str, method: str) -> tuple[dict, list]:
    """Ask once; returns the bot's reply in the thread and the calls made to `method`."""
    event = mention(stand_in, QUESTION)
    assert signed_post(url, event_body(event))[0] == 200
    [reply] = replies(stand_in, "C1", event["ts"])
    return reply, stand_in.calls_to(method)


@pytest.mark.parametrize("method", ["chat.postMessage", "chat.update"])
def test_a_429_waits_for_its_retry_after_and_the_answer_arrives(seed_assistant, stand_in, start_bot,
                                                                 method: str) -> None:
    url = start_bot(seed_assistant)
    stand_in.fail(method, status=429, retry_after=2)  # the "thinking" message, or the answer replacing it
    reply, calls = answered_after(stand_in, url, method)
    assert cited_links(reply["text"]) and reply["text"] != fmt.APOLOGY, "the answer, not an apology"
    assert [call.status for call in calls] == [429, 200]
    assert calls[1].at - calls[0].at >= 2.0, "Retry-After was honoured"
    assert all(m["text"] != fmt.APOLOGY for m in stand_in.in_thread("C1", reply["thread_ts"]))


def test_a_server_error_is_tried_again(seed_assistant, stand_in, start_bot) -> None:
    url = start_bot(seed_assistant)
    stand_in.fail("chat.update", status=500)
    reply, calls = answered_after(stand_in, url, "chat.update")
    assert [call.status for call in calls] == [500, 200] and cited_links(reply["text"])


def test_slack_errors_that_are_no_blip_are_not_retried(stand_in: SlackStandIn) -> None:
    from slack_sdk.errors import SlackApiError

    stand_in.fail("chat.postMessage", error="channel_not_found")
    with pytest.raises(SlackApiError, match="channel_not_found"):
        web_client(BOT_TOKEN, stand_in.base_url).chat_postMessage(channel="C404", text="hello")
    assert len(stand_in.calls_to("chat.postMessage")) == 1


def test_a_response_url_that_answers_404_raises(stand_in: SlackStandIn) -> None:
    stand_in.fail("respond/gone", status=404, error="no_active_hooks")
    with pytest.raises(ResponseUrlError, match="404: no_active_hooks") as refused:
        responder(stand_in.response_url("gone"))(text="hello", response_type="ephemeral")
    assert refused.value.status == 404
    with pytest.raises(ResponseUrlError):
        responder(None)(text="hello")


def test_a_response_url_is_retried_after_a_429(stand_in: SlackStandIn) -> None:
    stand_in.fail("respond/busy", status=429, retry_after=1)
    responder(stand_in.response_url("busy"))(text="hello", response_type="ephemeral", blocks=None)
    calls = stand_in.calls_to("respond/busy")
    assert [call.status for call in calls] == [429, 200] and "blocks" not in calls[1].params
    assert calls[1].params == {"text": "hello", "response_type": "ephemeral"}
