"""Calls to Slack: the Web API client and response URLs, both retrying the way Slack asks.

slack_sdk's own retry handlers do the waiting: a 429 waits for its Retry-After, a 500 or 503 and a dropped
connection back off and try again. A response URL that Slack no longer takes (expired after 30 minutes, or 404)
raises `ResponseUrlError` instead of passing silently.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from paperchat.ui.slack.settings import DEFAULT_API_URL

RATE_LIMIT_RETRIES = 3  # each waits the Retry-After Slack gives
SERVER_ERROR_RETRIES = 2
CONNECTION_RETRIES = 2

Respond = Callable[..., None]


def retry_handlers() -> list[RetryHandler]:
    return [
        RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
        ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
    ]


def web_client(token: str, base_url: str | None = None) -> WebClient:
    """The bot's Web API client (`base_url`: another Slack, such as GovSlack, or a stand-in)."""
    return WebClient(token=token, base_url=base_url or DEFAULT_API_URL, retry_handlers=retry_handlers())


class ResponseUrlError(RuntimeError):
    """Slack did not take a message sent to a response URL."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"the response URL answered {status}: {' '.join((body or '').split())[:200]}")
        self.status = status


def responder(response_url: str | None) -> Respond:
    """`respond(text=..., blocks=..., response_type=..., replace_original=..., delete_original=...)` to a response
    URL, as bolt's `respond`, with the retries above, raising `ResponseUrlError` when Slack refuses it."""

    def respond(**message: object) -> None:
        if not response_url:
            raise ResponseUrlError(0, "no response URL")
        body = {key: value for key, value in message.items() if value is not None}
        response = WebhookClient(response_url, retry_handlers=retry_handlers()).send_dict(body)
        if response.status_code != 200:
            raise ResponseUrlError(response.status_code, response.body)

    return respond
