"""Getting a reply to whoever asked: in the thread of their question, or privately (/paperchat, buttons).

Slack's transient failures are retried by the client (web_client.py). What still fails has a second way: the apology
replaces the "thinking" message, or becomes a new reply; a private reply whose response URL Slack refuses goes as an
ephemeral message from the bot, or, where the bot is not in the channel, as a direct message. Every failure is logged.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.web_client import Respond

log = logging.getLogger("paperchat.slack")

RESPONSE_URL_MESSAGES = 5  # a response URL takes at most five messages


def post_in_thread(client: WebClient, channel: str, thread_ts: str, messages: list[dict],
                   replace: str | None = None) -> bool:
    """Post messages in the thread; the first replaces the "thinking" message `replace` when there is one.
    False when Slack refused them: then an apology stands where the answer would have been."""
    sent = 0
    try:
        for message in messages:
            body: dict = {"text": message["text"]}
            if message.get("blocks"):
                body["blocks"] = message["blocks"]
            if sent == 0 and replace:
                client.chat_update(channel=channel, ts=replace, **body)
            else:
                client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False,
                                        unfurl_media=False, **body)
            sent += 1
        return True
    except Exception:
        log.exception("posting to %s (thread %s) failed", channel, thread_ts)
        apologise_in_thread(client, channel, thread_ts, None if sent else replace)
        return False


def apologise_in_thread(client: WebClient, channel: str, thread_ts: str, replace: str | None) -> None:
    """The apology replaces the "thinking" message, or, if that fails too, is a new reply in the thread."""
    if replace:
        try:
            client.chat_update(channel=channel, ts=replace, text=fmt.APOLOGY)
            return
        except Exception:
            log.exception("replacing the thinking message in %s failed", channel)
    try:
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=fmt.APOLOGY)
    except Exception:
        log.exception("could not post the apology in %s either", channel)


def reply_privately(respond: Respond, client: WebClient | None, channel: str | None, user: str | None,
                    messages: list[dict], replace: bool = True) -> bool:
    """Messages only `user` sees: through the response URL (the first replacing what it showed, with `replace`);
    if Slack refuses that URL, as ephemeral messages from the bot in `channel`; if the bot cannot post there, in
    the bot's direct messages with the user. False when none of these reached them."""
    sent = 0
    try:
        for message in messages[:RESPONSE_URL_MESSAGES]:
            respond(response_type="ephemeral", replace_original=replace and sent == 0, text=message["text"],
                    blocks=message.get("blocks"))
            sent += 1
        return True
    except Exception as error:
        log.warning("replying to %s in %s through the response URL failed (%s); replying another way",
                    user, channel, error)
    rest = messages[sent:]
    if client is None or not user:
        return False
    try:
        if not channel:
            raise ValueError("no channel to post in")
        for message in rest:
            client.chat_postEphemeral(channel=channel, user=user, text=message["text"], blocks=message.get("blocks"))
        return True
    except Exception as error:
        reason = error.response.get("error") if isinstance(error, SlackApiError) else error
        log.warning("an ephemeral reply to %s in %s failed (%s); sending it as a direct message", user, channel, reason)
    try:
        for message in rest:  # posting to a user id posts in the app's DM with them
            client.chat_postMessage(channel=user, text=message["text"], blocks=message.get("blocks"),
                                    unfurl_links=False, unfurl_media=False)
        return True
    except Exception:
        log.exception("could not reach %s at all: the reply is lost", user)
        return False
