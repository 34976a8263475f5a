"""Questions: an @mention or a DM is answered in the thread of the question, `/paperchat` privately.

The conversation is the thread, or in a DM the whole DM (conversation.py). Who a message addresses or copies is not
part of the question; `help` shows how to use the bot. A question is taken once, however often Slack delivers it,
and each one leaves one line in the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient

from paperchat.assistant.errors import QuestionError
from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.conversation import thread_turns
from paperchat.ui.slack.delivery import post_in_thread, reply_privately
from paperchat.ui.slack.logs import QuestionLog
from paperchat.ui.slack.slack_text import USER_SUBTYPES, asks_for_help, question_text
from paperchat.ui.slack.web_client import Respond

if TYPE_CHECKING:
    from paperchat.ui.slack.app import PaperBot

log = logging.getLogger("paperchat.slack")


def from_bot(event: dict, context: Any) -> bool:
    """This bot's own messages, other bots', and edits/joins/deletions are never answered."""
    if event.get("bot_id") or event.get("bot_profile") or event.get("subtype") not in USER_SUBTYPES:
        return True
    user = event.get("user")
    return not user or user == getattr(context, "bot_user_id", None)


class Questions:
    def __init__(self, bot: PaperBot, command: str) -> None:
        self.bot = bot
        self.command_name = command

    def help_text(self) -> str:
        """How to use the bot, as Slack shows it (mrkdwn). It names nothing of the server's settings."""
        example = "How can LLMs be fine-tuned when GPU memory is limited?"
        limit = self.bot.limiter.per_minute
        lines = [
            "*paperchat* answers questions about the indexed papers, with numbered citations that link to them.",
            f"• `@paperchat {example}` in a channel: answered in the thread. For a follow-up, mention it again "
            "in the thread: `@paperchat who wrote it?`",
            "• A direct message: every message is a question, and a new message follows on from the earlier "
            "answers there.",
            f"• `{self.command_name} <question>`: answered only to you, with a *Share in channel* button.",
            "• Under an answer: *Helpful* / *Not helpful*; a long list offers the papers it did not name.",
        ]
        if limit > 0:
            lines.append(f"Each person may ask {limit} questions a minute.")
        return fmt.NOTICE + "\n".join(lines)

    def limit_notice(self, user: str) -> str:
        wait, limit = max(1, round(self.bot.limiter.retry_after(user))), self.bot.limiter.per_minute
        asked = f"{limit} question" if limit == 1 else f"{limit} questions"
        return fmt.notice(f"You have asked {asked} in the last minute; please try again in {wait} s.")

    # --- mentions and DMs ----------------------------------------------------------------------------------
    def in_thread(self, event: dict, context: Any, client: WebClient) -> None:
        channel, ts, user = event.get("channel"), event.get("ts"), event.get("user") or "?"
        if not channel or not ts or from_bot(event, context):
            return
        key = f"{channel}:{ts}"
        if not self.bot.taken.put(key, True) or self.bot.answered.contains(key):
            return  # already taken: a retry (perhaps after a restart), or a mention that also came as a DM message
        thread_ts = event.get("thread_ts") or ts
        direct = event.get("channel_type") == "im"
        question = question_text(event.get("text") or "")
        if not question or asks_for_help(question):
            post_in_thread(client, channel, thread_ts, [{"text": self.help_text()}])
            self.bot.answered.add(key)
            return
        entry = QuestionLog("dm" if direct else "mention", user, channel)
        placeholder: str | None = None
        if not self.bot.limiter.allow(user):
            entry.ended("limited")
            messages = [{"text": self.limit_notice(user)}]
        else:
            try:
                placeholder = client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=fmt.THINKING)["ts"]
                thread = f"{channel}:{thread_ts}"
                if event.get("thread_ts"):  # a reply in a thread: the thread is the conversation
                    history = self.bot.threads.history(thread) or thread_turns(client, channel, thread_ts, ts, context)
                else:  # a new message: in a DM the DM is the conversation; in a channel it starts one
                    history = self.bot.dms.history(channel) if direct else []
                answer = self.bot.assistant.chat(question, history) if history else self.bot.assistant.ask(question)
                entry.answered(answer)
                self.bot.threads.add(thread, answer)
                if direct:
                    self.bot.dms.add(channel, answer)
                messages = fmt.answer_messages(answer, self.bot.remember(answer))
            except QuestionError as error:
                entry.ended("invalid", error.reason)
                messages = [{"text": fmt.notice(error.reason)}]
            except Exception as error:
                log.exception("answering a message in %s (ts %s) failed", channel, ts)
                entry.ended("failed", error)
                messages = [{"text": fmt.APOLOGY}]
        if not post_in_thread(client, channel, thread_ts, messages, replace=placeholder):
            entry.ended("undelivered", "Slack refused the reply")
        self.bot.answered.add(key)
        entry.write()

    # --- /paperchat ---------------------------------------------------------------------------------------
    def command(self, ack: Callable, command: dict, respond: Respond, client: WebClient | None = None) -> None:
        user, channel = command.get("user_id") or "?", command.get("channel_id")
        question = question_text(command.get("text") or "")
        if not question or asks_for_help(question):
            ack(response_type="ephemeral", text=self.help_text())
            return
        entry = QuestionLog("command", user, channel)
        if not self.bot.limiter.allow(user):
            ack(response_type="ephemeral", text=self.limit_notice(user))
            entry.ended("limited")
            entry.write()
            return
        ack(response_type="ephemeral", text=fmt.THINKING)  # within Slack's 3 seconds; the answer follows
        try:
            answer = self.bot.assistant.ask(question)
            entry.answered(answer)
            header = f"*Question:* {fmt.escape(question)}"
            messages = fmt.answer_messages(answer, self.bot.remember(answer), header=header, share=True)
        except QuestionError as error:
            entry.ended("invalid", error.reason)
            messages = [{"text": fmt.notice(error.reason)}]
        except Exception as error:
            log.exception("answering /paperchat from %s failed", user)
            entry.ended("failed", error)
            messages = [{"text": fmt.APOLOGY}]
        if not reply_privately(respond, client, channel, user, messages):
            entry.ended("undelivered", "no way to reach the asker")
        entry.write()
