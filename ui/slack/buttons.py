"""The buttons under an answer: Share in channel, Helpful / Not helpful, and the rest of a long list.

A button finds its answer in the bot's memory (the last 1,000). After a restart it carries enough to go on: Share
and the rest of a list ask the question again; feedback records the question, the text the message showed and the
cited papers, by title.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from paperchat.assistant.filters import Filters
from paperchat.assistant.results import Answer
from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.delivery import post_in_thread, reply_privately
from paperchat.ui.slack.slack_text import plain_text
from paperchat.ui.slack.web_client import Respond

if TYPE_CHECKING:
    from paperchat.ui.slack.app import PaperBot

log = logging.getLogger("paperchat.slack")


def _where(body: dict) -> tuple[str, str | None]:
    user = (body.get("user") or {}).get("id") or "?"
    return user, (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


class Buttons:
    def __init__(self, bot: PaperBot) -> None:
        self.bot = bot

    def _answer(self, value: dict) -> Answer | None:
        """The button's answer from memory, else asked again (the bot restarted since)."""
        answer = self.bot.answers.fetch(value.get("k"))
        if answer is None and value.get("q"):
            answer = self.bot.assistant.ask(value["q"])
        return answer

    def _shown_answer(self, value: dict, body: dict) -> Answer | dict | None:
        """For feedback: the answer in memory, else what the message showed, with its cited papers' titles."""
        cached = self.bot.answers.fetch(value.get("k"))
        if cached is not None or not value.get("q"):
            return cached
        shown = plain_text((body.get("message") or {}).get("text") or "")
        ids = [str(paper_id) for paper_id in value.get("p") or []]
        titles = {p.paper_id: p.display_title for p in self.bot.assistant.papers(Filters(paper_ids=ids))} if ids else {}
        citations = [{"n": n, "paper_id": paper_id, "title": titles.get(paper_id, paper_id)}
                     for n, paper_id in enumerate(ids, 1)]
        return {"question": value["q"], "answer": shown, "citations": citations}

    def share(self, body: dict, action: dict, respond: Respond, client: WebClient) -> None:
        user, channel = _where(body)
        try:
            value = fmt.parse_button_value(action.get("value") or "")
            answer = self._answer(value)
            if answer is None or not channel:
                raise ValueError(f"nothing to share for {value!r} in {channel!r}")
            header = f"<@{user}> asked: {fmt.escape(answer.question)}"
            messages = fmt.answer_messages(answer, self.bot.remember(answer), header=header)
            try:
                for message in messages:
                    client.chat_postMessage(channel=channel, text=message["text"], blocks=message["blocks"],
                                            unfurl_links=False, unfurl_media=False)
            except SlackApiError as error:  # e.g. not_in_channel: the response URL can still post there
                log.warning("chat.postMessage to %s failed (%s); sharing through response_url", channel,
                            error.response.get("error"))
                for message in messages:
                    respond(response_type="in_channel", replace_original=False, text=message["text"],
                            blocks=message["blocks"])
        except Exception:
            log.exception("sharing an answer for %s in %s failed", user, channel)
            self._apologise(respond, client, channel, user)
            return
        try:
            respond(delete_original=True)  # the private copy is no longer needed
        except Exception as error:
            log.warning("removing %s's private answer, shared in %s, failed (%s)", user, channel, error)

    def feedback(self, body: dict, action: dict, respond: Respond, client: WebClient, helpful: bool) -> None:
        """Record the verdict; a user's later click on the same answer replaces their earlier one."""
        user, channel = _where(body)
        try:
            value = fmt.parse_button_value(action.get("value") or "")
            answer = self._shown_answer(value, body)
            if answer is None:
                raise ValueError(f"feedback button without an answer: {action.get('value')!r}")
            self.bot.assistant.record_feedback(answer, helpful, user=user, channel=channel or "",
                                               answer_id=str(value.get("k") or ""))
            verdict = "helpful" if helpful else "not helpful"
            text = fmt.notice(f"Thanks, your feedback ({verdict}) was recorded.")
            reply_privately(respond, client, channel, user, [{"text": text}], replace=False)
        except Exception:
            log.exception("recording feedback from %s failed", user)
            self._apologise(respond, client, channel, user)

    def more(self, body: dict, action: dict, respond: Respond, client: WebClient) -> None:
        """A page of the papers a long list matched but did not name, where the answer is: in its thread, or
        privately for a private answer; a button for the next page when more remain."""
        user, channel = _where(body)
        try:
            value = fmt.parse_button_value(action.get("value") or "")
            answer = self._answer(value)
            if answer is None:
                raise ValueError(f"no answer for the button {action.get('value')!r}")
            offset = max(0, int(value.get("o") or 0))
            page = answer.unlisted[offset : offset + fmt.MORE_PER_PAGE]
            papers = self.bot.assistant.papers(Filters(paper_ids=page)) if page else []
            left = len(answer.unlisted) - offset - len(page)
            following = fmt.button_value(str(value.get("k") or ""), answer, offset + len(page))
            messages = fmt.more_messages(papers, len(answer.citations) + offset + 1, left, following)
            message = body.get("message")
            if message and channel and not (body.get("container") or {}).get("is_ephemeral"):
                post_in_thread(client, channel, message.get("thread_ts") or message["ts"], messages)
            else:
                reply_privately(respond, client, channel, user, messages, replace=False)
        except Exception:
            log.exception("listing the rest of an answer for %s in %s failed", user, channel)
            self._apologise(respond, client, channel, user)

    @staticmethod
    def _apologise(respond: Respond | Callable, client: WebClient, channel: str | None, user: str) -> None:
        reply_privately(respond, client, channel, user, [{"text": fmt.APOLOGY}], replace=False)
