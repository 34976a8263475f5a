"""`paperchat ui`: serve the Gradio app. Registered with the CLI through the `paperchat.commands` entry point."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from paperchat.assistant.config import Settings

HELP = "open the web chat UI (Gradio) in the browser"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1, this machine only; "
                        "0.0.0.0 shares the app on the network: use --auth then)")
    parser.add_argument("--port", type=int, help="port to listen on (default 7860; 0 picks a free one)")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="require this login (or PAPERCHAT_UI__AUTH)")
    parser.add_argument("--max-upload-mb", type=float, help="largest file a user may upload (default 25)")
    parser.add_argument("--concurrency", type=int, help="answers computed at once (default 4)")


def parse_auth(text: str | None) -> tuple[str, str] | None:
    """'user:password' → ('user', 'password'); the password may contain ':'."""
    if not text:
        return None
    user, sep, password = text.partition(":")
    if not sep or not user or not password:
        raise ValueError("--auth must be USER:PASSWORD, both non-empty")
    return user, password


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ui_settings(args: argparse.Namespace, settings: Settings) -> Settings:
    """Settings with the command-line options laid over PAPERCHAT_UI__* and .env."""
    given = {name: getattr(args, name, None) for name in ("host", "port", "auth", "max_upload_mb", "concurrency")}
    ui = settings.ui.model_copy(update={name: value for name, value in given.items() if value is not None})
    update: dict = {"ui": ui}
    if getattr(args, "index", None) is not None:
        update["index_dir"] = args.index
    return settings.model_copy(update=update)


def free_port(host: str) -> int:
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def run(args: argparse.Namespace) -> int:
    settings = ui_settings(args, Settings())
    try:
        auth = parse_auth(settings.ui.auth)
    except ValueError as error:
        print(f"paperchat ui: {error}", file=sys.stderr)
        return 2
    if settings.ui.concurrency < 1 or settings.ui.max_upload_mb <= 0:
        print("paperchat ui: --concurrency and --max-upload-mb must be positive", file=sys.stderr)
        return 2
    if not is_loopback(settings.ui.host) and auth is None:
        print(f"paperchat ui: warning: listening on {settings.ui.host} without --auth; anyone who can reach "
              "this machine can read and change the library", file=sys.stderr)

    from paperchat.assistant.api import Assistant
    from paperchat.assistant.errors import USER_ERRORS
    from paperchat.ui.web.app import build_app, launch

    try:
        assistant = Assistant.open(settings.index_dir, settings)
    except USER_ERRORS as error:
        print(f"paperchat ui: {error}", file=sys.stderr)
        return 1
    port = settings.ui.port or free_port(settings.ui.host)
    demo = build_app(assistant)
    print(f"paperchat: serving {settings.index_dir} at http://{settings.ui.host}:{port} (Ctrl+C to stop)",
          file=sys.stderr)
    try:
        launch(demo, settings, host=settings.ui.host, port=port, auth=auth, block=True, quiet=True)
    except KeyboardInterrupt:
        demo.close()
    return 0
