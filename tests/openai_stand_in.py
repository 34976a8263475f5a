"""A scripted OpenAI-compatible chat-completions server on 127.0.0.1, streaming included.

Tests give it a `reply(messages) -> str` function and read back every request it received.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Reply = Callable[[list[dict]], str]


class ScriptedChatServer:
    """`word_delay` seconds pass between streamed words (a slow model); `streams` records, per streamed reply,
    whether the client read it to the end (False: it went away midway, as a stopped answer should)."""

    def __init__(self, reply: Reply, word_delay: float = 0.0) -> None:
        self.reply = reply
        self.word_delay = word_delay
        self.requests: list[dict] = []
        self.streams: list[bool] = []
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
                text = server.reply(body["messages"])
                if body.get("stream"):
                    self._stream(body["model"], text)
                else:
                    self._complete(body["model"], text)

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
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def chat_requests(self) -> list[dict]:
        return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]
