"""The Slack app: bolt listeners over an `Assistant`. Build with `build_app(assistant, settings)`.

Mentions and DMs are answered in the thread of the question (a follow-up in a thread gets the thread's earlier turns
as history); `/paperchat` answers privately with a button to share; buttons record feedback. Every failure becomes a
short apology where the user asked plus a logged error.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from pydantic import SecretStr
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from paperchat.assistant.errors import QuestionError
from paperchat.assistant.limits import RateLimiter
from paperchat.assistant.results import Answer
from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.memory import BoundedMap
from paperchat.ui.slack.settings import SlackSettings

log = logging.getLogger("paperchat.slack")

DEFAULT_COMMAND = "/paperchat"
HISTORY_PAGES = 5  # conversations.replies pages (200 messages each) read for a follow-up
HISTORY_TURNS = 20  # most recent turns given to Assistant.chat
USAGE = "Ask me about the indexed papers, e.g. `/paperchat How can LLMs be fine-tuned with little GPU memory?`"


def _secret(value: SecretStr | str | None) -> str | None:
    text = value.get_secret_value() if isinstance(value, SecretStr) else value
    return text or None


class PaperBot:
    """Holds the engine, the limits and the small in-memory caches the listeners share."""

    def __init__(self, assistant: Any, settings: SlackSettings, *, base_url: str | None = None,
                 client: WebClient | None = None, socket_mode: bool = False, token_verification: bool = True,
                 clock: Callable[[], float] = time.monotonic, questions_per_minute: int | None = None) -> None:
        token = _secret(settings.bot_token)
        signing_secret = _secret(settings.signing_secret)
        if not token:
            raise ValueError("SLACK_BOT_TOKEN is not set")
        if not socket_mode and not signing_secret:
            raise ValueError("SLACK_SIGNING_SECRET is not set; HTTP mode cannot verify requests without it")
        self.assistant = assistant
        if questions_per_minute is None:  # one limit for every shell: PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE
            questions_per_minute = assistant.settings.limits.questions_per_minute
        self.limiter = RateLimiter(questions_per_minute, clock=clock)
        self.answers = BoundedMap(1000)  # button key → Answer, for share and feedback
        self.seen = BoundedMap(5000)  # (channel, ts) of questions already taken: Slack retries, mention + DM events
        self.votes = BoundedMap(5000)  # (user, key, helpful) already recorded
        if client is None:
            client = WebClient(token=token, base_url=base_url) if base_url else WebClient(token=token)
        self.app = App(
            client=client, signing_secret=signing_secret or "", logger=log,
            token_verification_enabled=token_verification, process_before_response=False,
            request_verification_enabled=not socket_mode,
        )
        self.app.bot = self  # type: ignore[attr-defined]  # reachable from the App for tests and the server
        self._register(settings.command or DEFAULT_COMMAND)

    # --- wiring ----------------------------------------------------------------------------------------
    def _register(self, command: str) -> None:
        app = self.app

        @app.event("app_mention")
        def on_mention(event: dict, context: Any, client: WebClient) -> None:
            self.answer_in_thread(event, context, client)

        @app.event("message")
        def on_message(event: dict, context: Any, client: WebClient) -> None:
            if event.get("channel_type") == "im":  # in channels only mentions are answered
                self.answer_in_thread(event, context, client)

        @app.command(command)
        def on_command(ack: Callable, command: dict, respond: Callable) -> None:
            self.answer_command(ack, command, respond)

        @app.action(fmt.ACTION_SHARE)
        def on_share(ack: Callable, body: dict, action: dict, respond: Callable, client: WebClient) -> None:
            ack()
            self.share(body, action, respond, client)

        @app.action(fmt.ACTION_HELPFUL)
        def on_helpful(ack: Callable, body: dict, action: dict, respond: Callable) -> None:
            ack()
            self.feedback(body, action, respond, helpful=True)

        @app.action(fmt.ACTION_NOT_HELPFUL)
        def on_not_helpful(ack: Callable, body: dict, action: dict, respond: Callable) -> None:
            ack()
            self.feedback(body, action, respond, helpful=False)

        @app.error
        def on_error(error: Exception, body: dict) -> None:
            log.error("unhandled error for %s: %r", (body or {}).get("type"), error, exc_info=error)

    # --- mentions and DMs ------------------------------------------------------------------------------
    def answer_in_thread(self, event: dict, context: Any, client: WebClient) -> None:
        channel, ts = event.get("channel"), event.get("ts")
        if not channel or not ts or self._from_bot(event, context):
            return
        if not self.seen.put((channel, ts), True):
            return  # already answered: a retry, or the mention also arrived as a DM message
        thread_ts = event.get("thread_ts") or ts
        placeholder: str | None = None
        try:
            question = fmt.question_text(event.get("text") or "")
            if not question:
                usage = fmt.notice(USAGE.replace("/paperchat", "@paperchat"))
                self._post(client, channel, thread_ts, [{"text": usage}])
                return
            if not self.limiter.allow(event.get("user") or "?"):
                self._post(client, channel, thread_ts, [{"text": self._limit_notice(event.get("user") or "?")}])
                return
            placeholder = client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=fmt.THINKING)["ts"]
            history = self._history(client, channel, thread_ts, ts, context) if event.get("thread_ts") else []
            answer = self.assistant.chat(question, history) if history else self.assistant.ask(question)
            messages = fmt.answer_messages(answer, self._remember(answer))
        except QuestionError as error:
            messages = [{"text": fmt.notice(str(error))}]
        except Exception:
            log.exception("answering a message in %s (ts %s) failed", channel, ts)
            messages = [{"text": fmt.APOLOGY}]
        self._post(client, channel, thread_ts, messages, replace=placeholder)

    def _from_bot(self, event: dict, context: Any) -> bool:
        """This bot's own messages, other bots', and edits/joins/deletions are never answered."""
        if event.get("bot_id") or event.get("bot_profile") or event.get("subtype") not in fmt.USER_SUBTYPES:
            return True
        user = event.get("user")
        return not user or user == getattr(context, "bot_user_id", None)

    def _history(self, client: WebClient, channel: str, thread_ts: str, before_ts: str, context: Any) -> list[dict]:
        replies: list[dict] = []
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            page = client.conversations_replies(channel=channel, ts=thread_ts, limit=200, cursor=cursor)
            replies += page.get("messages") or []
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
        turns = fmt.thread_history(replies, context.bot_user_id, context.bot_id, before_ts)
        return turns[-HISTORY_TURNS:]

    def _post(self, client: WebClient, channel: str, thread_ts: str, messages: list[dict],
              replace: str | None = None) -> None:
        """Post messages in the thread; the first replaces the "thinking" message when there is one."""
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
        except Exception:
            log.exception("posting to %s (thread %s) failed", channel, thread_ts)
            self._apologise_in_thread(client, channel, thread_ts, None if sent else replace)

    @staticmethod
    def _apologise_in_thread(client: WebClient, channel: str, thread_ts: str, replace: str | None) -> None:
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

    def _limit_notice(self, user: str) -> str:
        wait = max(1, round(self.limiter.retry_after(user)))
        return fmt.notice(f"You have asked {self.limiter.per_minute} questions in the last minute; "
                          f"please try again in {wait} s.")

    def _remember(self, answer: Answer) -> str:
        key = uuid.uuid4().hex[:16]
        self.answers.put(key, answer)
        return fmt.button_value(key, answer)

    # --- /paperchat ------------------------------------------------------------------------------------
    def answer_command(self, ack: Callable, command: dict, respond: Callable) -> None:
        user = command.get("user_id") or "?"
        question = fmt.question_text(command.get("text") or "")
        if not question:
            ack(response_type="ephemeral", text=fmt.notice(USAGE))
            return
        if not self.limiter.allow(user):
            ack(response_type="ephemeral", text=self._limit_notice(user))
            return
        ack(response_type="ephemeral", text=fmt.THINKING)  # within Slack's 3 seconds; the answer follows
        try:
            answer = self.assistant.ask(question)
            header = f"*Question:* {fmt.escape(question)}"
            messages = fmt.answer_messages(answer, self._remember(answer), header=header, share=True)
        except QuestionError as error:
            messages = [{"text": fmt.notice(str(error))}]
        except Exception:
            log.exception("answering /paperchat from %s failed", user)
            messages = [{"text": fmt.APOLOGY}]
        try:
            for i, message in enumerate(messages[:5]):  # a response_url takes at most five messages
                respond(response_type="ephemeral", replace_original=i == 0, text=message["text"],
                        blocks=message.get("blocks"))
        except Exception:
            log.exception("responding to /paperchat from %s failed", user)

    # --- buttons ---------------------------------------------------------------------------------------
    def _button_answer(self, value: dict, body: dict) -> Answer | dict | None:
        """The answer a button belongs to: from memory, else rebuilt from what the button and message carry."""
        cached = self.answers.fetch(value.get("k"))
        if cached is not None:
            return cached
        if not value.get("q"):
            return None
        shown = fmt.plain_text((body.get("message") or {}).get("text") or "")
        citations = [{"n": i, "paper_id": paper_id} for i, paper_id in enumerate(value.get("p") or [], 1)]
        return {"question": value["q"], "text": shown, "citations": citations}

    def share(self, body: dict, action: dict, respond: Callable, client: WebClient) -> None:
        user = (body.get("user") or {}).get("id") or "?"
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
        try:
            value = fmt.parse_button_value(action.get("value") or "")
            answer = self.answers.fetch(value.get("k"))
            if answer is None and value.get("q"):
                answer = self.assistant.ask(value["q"])  # the private answer is gone from memory: ask again
            if answer is None or not channel:
                raise ValueError(f"nothing to share for {value!r} in {channel!r}")
            header = f"<@{user}> asked: {fmt.escape(answer.question)}"
            messages = fmt.answer_messages(answer, self._remember(answer), header=header)
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
            respond(delete_original=True)
        except Exception:
            log.exception("sharing an answer for %s in %s failed", user, channel)
            self._apologise(respond)

    def feedback(self, body: dict, action: dict, respond: Callable, helpful: bool) -> None:
        user = (body.get("user") or {}).get("id")
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
        try:
            value = fmt.parse_button_value(action.get("value") or "")
            answer = self._button_answer(value, body)
            if answer is None:
                raise ValueError(f"feedback button without an answer: {action.get('value')!r}")
            if self.votes.put((user, value.get("k"), helpful), True):
                self.assistant.record_feedback(answer, helpful, user=user, channel=channel)
            verdict = "helpful" if helpful else "not helpful"
            respond(response_type="ephemeral", replace_original=False,
                    text=fmt.notice(f"Thanks, your feedback ({verdict}) was recorded."))
        except Exception:
            log.exception("recording feedback from %s failed", user)
            self._apologise(respond)

    @staticmethod
    def _apologise(respond: Callable) -> None:
        try:
            respond(response_type="ephemeral", replace_original=False, text=fmt.APOLOGY)
        except Exception:
            log.exception("could not send the apology either")


def build_app(assistant: Any, settings: SlackSettings, *, base_url: str | None = None,
              client: WebClient | None = None, socket_mode: bool = False, token_verification: bool = True,
              clock: Callable[[], float] = time.monotonic, questions_per_minute: int | None = None) -> App:
    """The bolt App answering from `assistant` (an `Assistant` or anything with its ask/chat/record_feedback).

    `base_url` sends Web API calls elsewhere (a stand-in in tests); `token_verification` calls auth.test at start.
    """
    return PaperBot(assistant, settings, base_url=base_url, client=client, socket_mode=socket_mode,
                    token_verification=token_verification, clock=clock,
                    questions_per_minute=questions_per_minute).app
