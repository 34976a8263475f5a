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
from collections.abc import Callable
from pathlib import Path
from typing import Any

HELP = "run the Slack bot (Socket Mode or HTTP)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Run the Slack bot. Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP mode "
        "(events at /slack/events, request signatures checked with SLACK_SIGNING_SECRET). Each person may ask "
        "PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE questions a minute (default 20; 0: no limit), as in the web UI. "
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


def uses_socket_mode(settings: Any, http: bool) -> bool:
    """Socket Mode when SLACK_APP_TOKEN is set, unless --http asks for HTTP mode."""
    return bool(_secret(settings.app_token)) and not http


def listen_address(args: argparse.Namespace, settings: Any) -> tuple[str, int]:
    """HTTP mode's address: --host / --port, else PAPERCHAT_SLACK__HOST / PAPERCHAT_SLACK__PORT."""
    host = getattr(args, "host", None) or settings.host or "127.0.0.1"
    port = args.port if getattr(args, "port", None) is not None else settings.port
    return host, port


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


def run(args: argparse.Namespace) -> int:
    try:
        from slack_bolt.error import BoltError
    except ImportError:  # an extra: say what to install before asking for tokens
        print("paperchat slack: the Slack bot needs slack-bolt: pip install 'paperchat[slack]'", file=sys.stderr)
        return 2
    from paperchat.ui.slack.logs import LOG_FORMAT
    from paperchat.ui.slack.settings import SlackSettings, unknown_variables

    logging.basicConfig(level=logging.DEBUG if getattr(args, "verbose", False) else logging.INFO, format=LOG_FORMAT)
    _dump_stacks_on_sigusr1()
    settings = SlackSettings()
    for name, hint in unknown_variables().items():
        logging.getLogger("paperchat.slack").warning("%s is no setting of the Slack bot: ignored%s", name, hint)
    http = bool(getattr(args, "http", False))
    problem = _config_problem(settings, http)
    if problem:
        print(f"paperchat slack: {problem}", file=sys.stderr)
        return 2
    socket_mode = uses_socket_mode(settings, http)
    api_url = getattr(args, "api_url", None) or settings.api_url

    from paperchat.assistant.api import Assistant
    from paperchat.assistant.config import Settings
    from paperchat.ui.slack.app import build_app

    core = Settings()
    index_dir = Path(args.index) if getattr(args, "index", None) else core.index_dir
    assistant = Assistant.open(index_dir, core)
    sdk_log = logging.getLogger("slack_sdk")
    level = sdk_log.level
    if not getattr(args, "verbose", False):  # its retry logging would bury the one line said below
        sdk_log.setLevel(logging.CRITICAL)
    try:
        app = build_app(assistant, settings, base_url=api_url, socket_mode=socket_mode, state_dir=index_dir)
    except BoltError as error:  # auth.test refused the token
        print(f"paperchat slack: Slack did not accept SLACK_BOT_TOKEN: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # auth.test never got an answer (URLError, timeout): no network, or a wrong --api-url
        reason = getattr(error, "reason", None) or error
        print(
            f"paperchat slack: cannot reach Slack at {api_url} ({reason}); check the "
            "network, or --api-url / PAPERCHAT_SLACK__API_URL",
            file=sys.stderr,
        )
        return 1
    finally:
        sdk_log.setLevel(level)
    if socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        handler = SocketModeHandler(app, _secret(settings.app_token))
        return _serve(assistant, handler.start, handler.close,
                      lambda: print("paperchat slack: connecting to Slack in Socket Mode (Ctrl-C to stop)",
                                    file=sys.stderr, flush=True))

    from paperchat.ui.slack.server import SlackHTTPServer

    host, port = listen_address(args, settings)
    try:
        server = SlackHTTPServer(app, host, port)
    except OSError as error:
        print(f"paperchat slack: cannot listen on {host}:{port}: {error}", file=sys.stderr)
        return 1
    return _serve(assistant, server.serve_forever, server.server_close,
                  lambda: print(f"paperchat slack: listening on {server.url} (Ctrl-C to stop)", flush=True))


def _serve(assistant: Any, serve: Callable[[], object], close: Callable[[], object],
           announce: Callable[[], object]) -> int:
    """Warm up and serve until Ctrl-C or SIGTERM.

    The warm-up starts only now, when nothing but serving is left to fail: it loads the embedding model in a thread,
    and a process that exits while onnxruntime is inside that load aborts ("terminate called without an active
    exception", exit 134) instead of exiting cleanly. For the same reason the process waits for it before exiting.
    """
    _stop_on_sigterm()  # only now: a run refused above leaves the caller's handlers alone
    warming = None
    try:  # Ctrl-C from here on, even before serving, stops cleanly
        warming = assistant.warm_up(wait=False)  # the first question should not wait for the library to be read
        announce()
        serve()
    except KeyboardInterrupt:
        pass
    finally:
        close()
        if warming is not None and warming.is_alive():
            print("paperchat slack: stopping once the warm-up is done", file=sys.stderr, flush=True)
            warming.join()
    return 0


# --- paperchat feedback -------------------------------------------------------------------------------------
