"""A scripted OpenAI-compatible chat-completions server on 127.0.0.1, streaming included.

Tests give it a `reply(messages) -> str` function and read back every request it received. Requests for a question
plan (they ask for JSON output; see `asks_for_a_plan`) can be scripted apart: `plan_reply`, a `plan_delay` before it,
and `refused_formats`, the response formats the server answers with HTTP 400 as servers without them do. A script
that raises RefusedRequest is answered with its status; one that raises anything else with HTTP 500 and the error,
as a failing server would.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Reply = Callable[[list[dict]], str]


class RefusedRequest(Exception):  # noqa: N818 - what the server does, not a failure of the script
    """Raised by a script: the server answers the request with this HTTP status and error message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def asks_for_a_plan(body: dict) -> bool:
    """A planning request asks for JSON output: by response format, or in its system prompt when the server refused
    the formats."""
    output = (body.get("response_format") or {}).get("type", "")
    system = next((m.get("content") or "" for m in body.get("messages", []) if m.get("role") == "system"), "")
    return output.startswith("json") or "JSON object" in system


class ScriptedChatServer:
    """`word_delay` seconds pass between streamed words (a slow model); `streams` records, per streamed reply,
    whether the client read it to the end (False: it went away midway, as a stopped answer should)."""

    def __init__(
        self,
        reply: Reply,
        plan_reply: Reply | None = None,
        plan_delay: float = 0.0,
        refused_formats: frozenset[str] = frozenset(),
        word_delay: float = 0.0,
    ) -> None:
        self.reply = reply
        self.plan_reply = plan_reply
        self.plan_delay = plan_delay
        self.refused_formats = refused_formats
        self.word_delay = word_delay
        self.requests: list[dict] = []
        self.streams: list[bool] = []
        self.closing = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                if not self.path.endswith("/chat/completions"):
                    self.send_error(404)
                    return
                output = (body.get("response_format") or {}).get("type")
                if output in server.refused_formats:
                    self._error(400, f"response_format type {output!r} is not supported")
                    return
                planning = asks_for_a_plan(body) and server.plan_reply is not None
                if planning and server.plan_delay:
                    server.closing.wait(server.plan_delay)
                try:
                    text = (server.plan_reply if planning else server.reply)(body["messages"])
                except RefusedRequest as refused:
                    self._error(refused.status, str(refused))
                    return
                except Exception as error:  # noqa: BLE001 - a failing script is a failing server
                    self._error(500, f"the scripted reply failed: {error!r}")
                    return
                try:
                    if body.get("stream"):
                        self._stream(body["model"], text)
                    else:
                        self._complete(body["model"], text)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped waiting (a timeout): nothing to answer

            def _error(self, status: int, message: str) -> None:
                data = json.dumps({"error": {"message": message, "type": "invalid_request_error"}}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _complete(self, model: str, text: str) -> None:
                payload = {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": model,
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, model: str, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                words = text.split(" ")
                try:
                    for n, word in enumerate(words):
                        piece = word if n == len(words) - 1 else word + " "
                        self._event(model, {"content": piece}, None)
                        time.sleep(server.word_delay)
                    self._event(model, {}, "stop")
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    server.streams.append(False)
                    return
                server.streams.append(True)

            def _event(self, model: str, delta: dict, finish: str | None) -> None:
                chunk = {
                    "id": "chatcmpl-test",
                    "object": "chat.completion.chunk",
                    "created": int(time.time()),
                    "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ScriptedChatServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.closing.set()  # a delayed reply stops waiting
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def chat_requests(self) -> list[dict]:
        """Every chat-completions request body, planning and answering, in the order received."""
        return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]

    @property
    def plan_requests(self) -> list[dict]:
        return [body for body in self.chat_requests if asks_for_a_plan(body)]

    @property
    def answer_requests(self) -> list[dict]:
        return [body for body in self.chat_requests if not asks_for_a_plan(body)]
