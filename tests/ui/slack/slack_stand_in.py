"""A local stand-in for Slack: the Web API (`WebClient(base_url=...)`), response URLs, signed requests to the bot.

It records every call and answers the way Slack does for the methods the bot uses; messages the bot posts are kept,
so `conversations.replies` returns a thread as Slack would (the users' messages the tests add, plus the bot's).
`fail(...)` scripts what Slack does on a bad day: a 429 with Retry-After, a 500, an error such as missing_scope, a
response URL that answers 404.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

from slack_sdk.signature import SignatureVerifier

BOT_TOKEN = "xoxb-test-token"
SIGNING_SECRET = "test-signing-secret"
BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T0TEST"


@dataclass
class Call:
    method: str  # Web API method ("chat.postMessage") or "respond/<name>" for a response URL
    params: dict
    token: str | None = None
    at: float = field(default_factory=time.monotonic)
    status: int = 200  # the HTTP status it was answered with
    error: str | None = None  # the Slack error it was answered with, if any


@dataclass
class Failure:
    """How one call is answered instead of normally: an HTTP status, Slack's error and its fields, headers."""

    status: int = 200
    error: str | None = None
    fields: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)

    def body(self) -> str:
        if self.status == 200 or self.status == 429:
            return json.dumps({"ok": False, "error": self.error or "ratelimited", **self.fields})
        return self.error or "internal error"


class SlackStandIn:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: list[dict] = []  # every message in every channel: {"channel", "ts", "thread_ts", ...}
        self.errors: dict[str, str] = {}  # method → Slack error code to answer with, every time
        self.failures: dict[str, list[Failure | None]] = {}  # method → how its next calls go (None: well)
        self.ws_url: str | None = None  # answer for apps.connections.open (Socket Mode)
        self.bot_not_in: set[str] = set()  # channels the bot is not a member of (chat.postEphemeral refuses)
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def base_url(self) -> str:
        return self.root + "/api/"

    def response_url(self, name: str) -> str:
        return f"{self.root}/respond/{name}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- state ---------------------------------------------------------------------------------------------
    def next_ts(self) -> str:
        return f"{1_700_000_000 + next(self._ts)}.000100"

    def user_message(self, channel: str, text: str, user: str = "U1", thread_ts: str | None = None,
                     **extra: object) -> dict:
        """A message a person (or another bot, via `extra`) wrote; returned as the event Slack would send."""
        message = {"type": "message", "channel": channel, "user": user, "text": text, "ts": self.next_ts(), **extra}
        if thread_ts:
            message["thread_ts"] = thread_ts
        with self._lock:
            self.messages.append(message)
        return dict(message)

    def fail(self, method: str, *, status: int = 200, error: str | None = None, retry_after: int | None = None,
             times: int = 1, after: int = 0, **fields: object) -> None:
        """Answer `times` calls of `method` (or "respond/<name>"), from the one after the next `after`, with a
        failure: `status=429, retry_after=2` is Slack's rate limit, `status=500` a server error,
        `error="missing_scope", needed="channels:history"` a refusal, `status=404` a dead response URL."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        with self._lock:
            pending = self.failures.setdefault(method, [])
            pending.extend([None] * after + [Failure(status, error, dict(fields), headers)] * times)

    def _next_failure(self, method: str) -> Failure | None:
        with self._lock:
            pending = self.failures.get(method)
            return pending.pop(0) if pending else None

    def record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)
            self._lock.notify_all()

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, predicate, timeout: float = 60.0, what: str = "a call") -> list[Call]:  # noqa: ANN001
        """Block until `predicate(calls)` returns something truthy; returns it. Fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = predicate(list(self.calls))
                if found:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    methods = [c.method for c in self.calls]
                    raise AssertionError(f"timed out waiting for {what}; calls so far: {methods}")
                self._lock.wait(min(left, 0.5))

    def in_thread(self, channel: str, thread_ts: str) -> list[dict]:
        with self._lock:
            return sorted((m for m in self.messages if m["channel"] == channel
                           and (m["ts"] == thread_ts or m.get("thread_ts") == thread_ts)), key=lambda m: m["ts"])

    # --- Web API -------------------------------------------------------------------------------------------
    def api(self, method: str, params: dict, token: str | None) -> dict:
        result = self._answer(method, params, token)
        error = None if result.get("ok") else result.get("error")
        self.record(Call(method, params, token, error=error))  # after the state changed, so waiters see both
        return result

    def _answer(self, method: str, params: dict, token: str | None) -> dict:
        if token != BOT_TOKEN and method != "apps.connections.open":
            return {"ok": False, "error": "invalid_auth"}
        if method in self.errors:
            return {"ok": False, "error": self.errors[method]}
        if method == "auth.test":
            return {"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "paperchat",
                    "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}
        if method == "chat.postMessage":
            message = {"type": "message", "channel": params["channel"], "user": BOT_USER, "bot_id": BOT_ID,
                       "text": params.get("text", ""), "blocks": _json(params.get("blocks")), "ts": self.next_ts()}
            if params.get("thread_ts"):
                message["thread_ts"] = params["thread_ts"]
            with self._lock:
                self.messages.append(message)
            return {"ok": True, "channel": params["channel"], "ts": message["ts"], "message": message}
        if method == "chat.postEphemeral":
            if params.get("channel", "").startswith("C") and params["channel"] in self.bot_not_in:
                return {"ok": False, "error": "not_in_channel"}
            return {"ok": True, "message_ts": self.next_ts()}
        if method == "chat.update":
            with self._lock:
                found = [m for m in self.messages if m["channel"] == params["channel"] and m["ts"] == params["ts"]]
                if not found:
                    return {"ok": False, "error": "message_not_found"}
                found[0].update(text=params.get("text", ""), blocks=_json(params.get("blocks")))
            return {"ok": True, "channel": params["channel"], "ts": params["ts"], "text": params.get("text", "")}
        if method == "conversations.replies":
            thread = self.in_thread(params["channel"], params["ts"])
            if not thread:
                return {"ok": False, "error": "thread_not_found"}
            return {"ok": True, "messages": thread, "has_more": False, "response_metadata": {"next_cursor": ""}}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.ws_url} if self.ws_url else {"ok": False, "error": "not_allowed"}
        return {"ok": True}


def _json(value: object) -> object:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _handler(stand_in: SlackStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def _params(self) -> dict:
            parts = urlsplit(self.path)
            params = dict(parse_qsl(parts.query))
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
            if "json" in (self.headers.get("Content-Type") or ""):
                params.update(json.loads(raw or "{}"))
            elif raw:
                params.update(dict(parse_qsl(raw)))
            return params

        def _reply(self, status: int, body: str, content_type: str = "application/json",
                   headers: dict | None = None) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _route(self) -> None:
            path = urlsplit(self.path).path
            params = self._params()
            auth = self.headers.get("Authorization") or ""
            token = auth.removeprefix("Bearer ") if auth else params.get("token")
            if path.startswith("/api/"):
                method = path[len("/api/"):]
            elif path.startswith("/respond/"):
                method = "respond/" + path[len("/respond/"):]
            else:
                self._reply(404, "not found", "text/plain")
                return
            failure = stand_in._next_failure(method)
            if failure is not None:
                stand_in.record(Call(method, params, token, status=failure.status, error=failure.error))
                kind = "application/json" if failure.status in (200, 429) else "text/plain"
                self._reply(failure.status, failure.body(), kind, failure.headers)
            elif method.startswith("respond/"):
                stand_in.record(Call(method, params))
                self._reply(200, "ok", "text/plain")
            else:
                self._reply(200, json.dumps(stand_in.api(method, params, token)))

        do_GET = do_POST = _route  # noqa: N815

    return Handler


# --- requests from "Slack" to the bot ------------------------------------------------------------------------
def event_body(event: dict, event_id: str | None = None) -> str:
    return json.dumps({
        "token": "unused", "team_id": TEAM, "api_app_id": "A0TEST", "type": "event_callback", "event": event,
        "event_id": event_id or f"Ev{time.monotonic_ns()}", "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
    })


def command_body(text: str, response_url: str, user: str = "U1", channel: str = "C1",
                 command: str = "/paperchat") -> str:
    return urlencode({"token": "unused", "team_id": TEAM, "channel_id": channel, "user_id": user,
                      "command": command, "text": text, "response_url": response_url, "trigger_id": "1.2.3"})


def action_body(action_id: str, value: str, response_url: str, user: str = "U1", channel: str = "C1",
                message: dict | None = None) -> str:
    payload = {
        "type": "block_actions", "team": {"id": TEAM}, "user": {"id": user}, "api_app_id": "A0TEST",
        "channel": {"id": channel}, "response_url": response_url, "trigger_id": "1.2.3",
        "container": {"type": "message", "channel_id": channel, "is_ephemeral": message is None},
        "actions": [{"type": "button", "action_id": action_id, "block_id": "paperchat_actions", "value": value,
                     "action_ts": str(time.time())}],
    }
    if message is not None:
        payload["message"] = message
    return urlencode({"payload": json.dumps(payload)})


def signed_post(url: str, body: str, secret: str = SIGNING_SECRET, timestamp: int | None = None,
                signature: str | None = None, content_type: str | None = None) -> tuple[int, str, float]:
    """POST as Slack does (signed with `secret`); returns status, body and seconds until the response."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    headers = {"Content-Type": content_type or ("application/json" if body.startswith("{")
                                                  else "application/x-www-form-urlencoded"),
               "X-Slack-Request-Timestamp": stamp,
               "X-Slack-Signature": signature
               or SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body) or ""}
    request = urllib.request.Request(url, data=body.encode("utf-8"), headers=headers, method="POST")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8"), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), time.monotonic() - started
