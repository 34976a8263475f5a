"""HTTP mode: a small threaded HTTP server feeding Slack's requests to the bolt App.

Bolt checks every request's signature and timestamp (401 otherwise). This server binds 127.0.0.1 unless told
otherwise (put a TLS-terminating reverse proxy or tunnel in front), takes port 0 for "any free port", limits body size,
and answers `GET /healthz` for probes.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from slack_bolt import App, BoltRequest, BoltResponse

log = logging.getLogger("paperchat.slack")

EVENTS_PATH = "/slack/events"
MAX_BODY_BYTES = 1 << 20  # Slack payloads are a few kB; anything this big is not from Slack


class SlackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, app: App, host: str = "127.0.0.1", port: int = 0, path: str = EVENTS_PATH) -> None:
        self.app = app
        self.events_path = path
        super().__init__((host, port), _Handler)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        host = self.server_address[0]
        return f"http://{host}:{self.port}{self.events_path}"

    def start(self) -> int:
        """Serve in a background thread; returns the bound port."""
        self._thread = threading.Thread(target=self.serve_forever, name="paperchat-slack-http", daemon=True)
        self._thread.start()
        return self.port

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    server: SlackHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:  # noqa: N802
        if urlsplit(self.path).path == "/healthz":
            self._send(200, {"content-type": ["text/plain"]}, "ok")
        else:
            self._send(404, {}, "")

    def do_POST(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        if parts.path != self.server.events_path:
            self._send(404, {}, "")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_BYTES:
            self.close_connection = True
            self._send(413 if length > 0 else 400, {}, "")
            return
        raw = self.rfile.read(length)
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            self._send(400, {}, "")
            return
        headers = {key.lower(): self.headers.get_all(key) or [] for key in set(self.headers.keys())}
        try:
            request = BoltRequest(body=body, query=parts.query, headers=headers)
            response: BoltResponse = self.server.app.dispatch(request)
        except Exception:
            log.exception("dispatching a Slack request failed")
            response = BoltResponse(status=500, body="")
        self._send(response.status, response.headers, response.body)

    def _send(self, status: int, headers: dict, body: str | dict) -> None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        self.send_response(status)
        for key, values in headers.items():
            if key.lower() in ("content-length", "connection"):
                continue
            for value in values if isinstance(values, (list, tuple)) else [values]:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def serve(app: App, host: str = "127.0.0.1", port: int = 0, path: str = EVENTS_PATH) -> SlackHTTPServer:
    """Start serving `app` in the background; `server.port` is the bound port, `server.stop()` ends it."""
    server = SlackHTTPServer(app, host, port, path)
    server.start()
    return server
