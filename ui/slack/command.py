"""`paperchat slack`: run the bot. Registered with the CLI through the `paperchat.commands` entry point.

Imports stay light at module level so `paperchat --help` is instant; slack-bolt and the engine load in `run`.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import logging
import signal
import sys
from pathlib import Path
from typing import Any

HELP = "run the Slack bot (Socket Mode or HTTP)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run the Slack bot. Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP mode "
        "(events at /slack/events, request signatures checked with SLACK_SIGNING_SECRET). "
        "Setup: docs/slack.md"
    )
    parser.add_argument(
        "--port", type=int, help="HTTP mode port (default $PAPERCHAT_SLACK__PORT or 3000; 0 = any free)"
    )
    parser.add_argument("--host", help="HTTP mode address (default $PAPERCHAT_SLACK__HOST or 127.0.0.1)")
    parser.add_argument("--http", action="store_true", help="HTTP mode even when SLACK_APP_TOKEN is set")
    parser.add_argument(
        "--api-url", help="Slack Web API base URL (default https://slack.com/api/; $PAPERCHAT_SLACK__API_URL)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")


def _secret(value: Any) -> str:
    return value.get_secret_value() if value is not None else ""


def _config_problem(settings: Any, http: bool) -> str | None:
    token = _secret(settings.bot_token)
    if not token:
        return "SLACK_BOT_TOKEN is not set (the app's Bot User OAuth Token, xoxb-...); see docs/slack.md"
    if "xoxb-" not in token:  # rotating tokens look like xoxe.xoxb-...
        return "SLACK_BOT_TOKEN should be a bot token starting with xoxb-"
    app_token = _secret(settings.app_token)
    if app_token and not http:
        if not app_token.startswith("xapp-"):
            return "SLACK_APP_TOKEN should be an app-level token starting with xapp- (scope connections:write)"
        return None
    if not _secret(settings.signing_secret):
        return (
            "SLACK_SIGNING_SECRET is not set: HTTP mode refuses to run without verifying requests "
            "(or set SLACK_APP_TOKEN for Socket Mode)"
        )
    return None


def _dump_stacks_on_sigusr1() -> None:
    """`kill -USR1 PID` prints every thread's stack to stderr: for a bot that seems stuck (POSIX, real stderr)."""
    # No SIGUSR1 on Windows; no file behind stderr when run embedded: then there is nothing to register.
    with contextlib.suppress(AttributeError, ValueError, OSError):
        faulthandler.register(signal.SIGUSR1, all_threads=True)


def _stop_on_sigterm() -> None:
    """Service managers (systemd, `docker stop`) send SIGTERM: stop as cleanly as on Ctrl-C."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # only the main thread may set handlers (not when run embedded)
        signal.signal(signal.SIGTERM, interrupt)


def _warm_up(assistant: Any) -> None:
    """Read the library in the background, so the first question does not wait for it. Only once the bot is sure to
    start: a start that fails leaves no thread loading models as the process exits (onnxruntime then aborts with
    "terminate called without an active exception", a second line under the one error line)."""
    assistant.warm_up(wait=False)


def run(args: argparse.Namespace) -> int:
    from paperchat.ui.slack.settings import SlackSettings

    logging.basicConfig(
        level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    _dump_stacks_on_sigusr1()
    from paperchat.assistant.api import Assistant
    from paperchat.assistant.config import Settings
    from paperchat.assistant.errors import IndexNotFoundError

    try:
        from slack_bolt.error import BoltError
    except ImportError:  # an extra: say what to install before asking for tokens
        print("paperchat slack: the Slack bot needs slack-bolt: pip install 'paperchat[slack]'", file=sys.stderr)
        return 2
    settings = SlackSettings()
    http = bool(getattr(args, "http", False))
    problem = _config_problem(settings, http)
    if problem:
        print(f"paperchat slack: {problem}", file=sys.stderr)
        return 2
    index_dir = Path(getattr(args, "index", None) or Settings().index_dir)
    if not Assistant.exists(index_dir):  # a mistyped path must not serve every user an empty library
        raise IndexNotFoundError(index_dir)
    socket_mode = bool(_secret(settings.app_token)) and not http
    api_url = getattr(args, "api_url", None) or settings.api_url

    from paperchat.ui.slack.app import build_app

    assistant = Assistant.open(index_dir)
    sdk_log = logging.getLogger("slack_sdk")
    level = sdk_log.level
    if not getattr(args, "verbose", False):  # its retry logging would bury the one line said below
        sdk_log.setLevel(logging.CRITICAL)
    try:
        app = build_app(assistant, settings, base_url=api_url, socket_mode=socket_mode)
    except BoltError as error:  # auth.test refused the token
        print(f"paperchat slack: Slack did not accept SLACK_BOT_TOKEN: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # auth.test never got an answer (URLError, timeout): no network, or a wrong --api-url
        reason = getattr(error, "reason", None) or error
        print(
            f"paperchat slack: cannot reach Slack at {api_url or 'https://slack.com/api/'} ({reason}); check the "
            "network, or --api-url / PAPERCHAT_SLACK__API_URL",
            file=sys.stderr,
        )
        return 1
    finally:
        sdk_log.setLevel(level)
    _stop_on_sigterm()  # only now: a run refused above leaves the caller's handlers alone
    if socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        handler = SocketModeHandler(app, _secret(settings.app_token))
        _warm_up(assistant)
        print("paperchat slack: connecting to Slack in Socket Mode (Ctrl-C to stop)", file=sys.stderr, flush=True)
        try:
            handler.start()
        except KeyboardInterrupt:
            pass
        finally:
            handler.close()
        return 0

    from paperchat.ui.slack.server import SlackHTTPServer

    host = args.host or settings.host or "127.0.0.1"
    port = args.port if args.port is not None else settings.port
    try:
        server = SlackHTTPServer(app, host, port)
    except OSError as error:
        print(f"paperchat slack: cannot listen on {host}:{port}: {error}", file=sys.stderr)
        return 1
    _warm_up(assistant)
    print(f"paperchat slack: listening on {server.url} (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


# --- paperchat feedback -------------------------------------------------------------------------------------
