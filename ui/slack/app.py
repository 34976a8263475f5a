"""The Slack app: bolt listeners over an `Assistant`. Build with `build_app(assistant, settings)`.

Mentions and DMs are answered in the thread of the question (questions.py), `/paperchat` privately with a button to
share; buttons record feedback and list the rest of a long answer (buttons.py). Slack's transient errors are retried
as Slack asks (web_client.py); what still fails becomes a short apology where the user asked, plus a logged error.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from slack_bolt import App
from slack_sdk import WebClient

from paperchat.assistant.limits import RateLimiter
from paperchat.assistant.results import Answer
from paperchat.ui.slack import format as fmt
from paperchat.ui.slack.answered import AnsweredMessages
from paperchat.ui.slack.buttons import Buttons
from paperchat.ui.slack.conversation import Conversations
from paperchat.ui.slack.logs import bolt_logger, log
from paperchat.ui.slack.memory import BoundedMap
from paperchat.ui.slack.questions import Questions
from paperchat.ui.slack.settings import SlackSettings
from paperchat.ui.slack.web_client import responder, web_client

DEFAULT_COMMAND = "/paperchat"


def _secret(value: SecretStr | str | None) -> str | None:
    text = value.get_secret_value() if isinstance(value, SecretStr) else value
    return text or None


class PaperBot:
    """Holds the engine, the limits and the state the listeners share: answers behind buttons, messages taken
    and answered, the answers given in each DM."""

    def __init__(self, assistant: Any, settings: SlackSettings, *, base_url: str | None = None,
                 client: WebClient | None = None, socket_mode: bool = False, token_verification: bool = True,
                 clock: Callable[[], float] = time.monotonic, questions_per_minute: int | None = None,
                 state_dir: Path | None = None) -> None:
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
        self.answers = BoundedMap(1000)  # button key → Answer, for share, feedback and the rest of a list
        self.taken = BoundedMap(5000)  # "channel:ts" of questions being answered by this process
        self.answered = AnsweredMessages(state_dir)  # … and answered, on disk, for Slack's retries after a restart
        self.dms = Conversations()  # by DM channel
        self.threads = Conversations()  # by channel:thread_ts
        self.client = client or web_client(token, base_url or settings.api_url)
        self.app = App(
            client=self.client, signing_secret=signing_secret or "", logger=bolt_logger(),
            token_verification_enabled=token_verification, process_before_response=False,
            request_verification_enabled=not socket_mode,
        )
        self.app.bot = self  # type: ignore[attr-defined]  # reachable from the App for tests and the server
        self.questions = Questions(self, settings.command or DEFAULT_COMMAND)
        self.buttons = Buttons(self)
        self._register(settings.command or DEFAULT_COMMAND)

    def remember(self, answer: Answer) -> str:
        """Keep the answer for its buttons; returns what the buttons carry."""
        key = uuid.uuid4().hex[:16]
        self.answers.put(key, answer)
        return fmt.button_value(key, answer)

    def _register(self, command: str) -> None:
        app, questions, buttons = self.app, self.questions, self.buttons

        @app.event("app_mention")
        def on_mention(event: dict, context: Any, client: WebClient) -> None:
            questions.in_thread(event, context, client)

        @app.event("message")
        def on_message(event: dict, context: Any, client: WebClient) -> None:
            if event.get("channel_type") == "im":  # in channels only mentions are answered
                questions.in_thread(event, context, client)

        @app.command(command)
        def on_command(ack: Callable, command: dict, client: WebClient) -> None:
            questions.command(ack, command, responder(command.get("response_url")), client)

        @app.action(fmt.ACTION_SHARE)
        def on_share(ack: Callable, body: dict, action: dict, client: WebClient) -> None:
            ack()
            buttons.share(body, action, responder(body.get("response_url")), client)

        @app.action(fmt.ACTION_HELPFUL)
        def on_helpful(ack: Callable, body: dict, action: dict, client: WebClient) -> None:
            ack()
            buttons.feedback(body, action, responder(body.get("response_url")), client, helpful=True)

        @app.action(fmt.ACTION_NOT_HELPFUL)
        def on_not_helpful(ack: Callable, body: dict, action: dict, client: WebClient) -> None:
            ack()
            buttons.feedback(body, action, responder(body.get("response_url")), client, helpful=False)

        @app.action(fmt.ACTION_MORE)
        def on_more(ack: Callable, body: dict, action: dict, client: WebClient) -> None:
            ack()
            buttons.more(body, action, responder(body.get("response_url")), client)

        @app.error
        def on_error(error: Exception, body: dict) -> None:
            log.error("unhandled error for %s: %r", (body or {}).get("type"), error, exc_info=error)


def build_app(assistant: Any, settings: SlackSettings, *, base_url: str | None = None,
              client: WebClient | None = None, socket_mode: bool = False, token_verification: bool = True,
              clock: Callable[[], float] = time.monotonic, questions_per_minute: int | None = None,
              state_dir: Path | None = None) -> App:
    """The bolt App answering from `assistant` (an `Assistant` or anything with its ask/chat/papers/record_feedback).

    `base_url` (else PAPERCHAT_SLACK__API_URL) sends Web API calls elsewhere, such as GovSlack or a stand-in;
    `token_verification` calls auth.test at start;
    `state_dir` (the index directory) keeps the messages answered, so that Slack's retries after a restart are not
    answered again.
    """
    return PaperBot(assistant, settings, base_url=base_url, client=client, socket_mode=socket_mode,
                    token_verification=token_verification, clock=clock, questions_per_minute=questions_per_minute,
                    state_dir=state_dir).app
