"""`paperchat ui`: serve the Gradio app. Registered with the CLI through the `paperchat.commands` entry point."""

from __future__ import annotations

import argparse
import logging
import sys

from paperchat.assistant.config import LimitsSettings, Settings
from paperchat.ui.web.settings import UISettings, is_loopback

HELP = "open the web chat UI (Gradio) in the browser"
__all__ = ["EPILOG", "HELP", "add_arguments", "free_port", "is_loopback", "run", "ui_settings"]


EPILOG = f"""\
Each user (a login; without logins, a browser tab or API client) may ask
PAPERCHAT_LIMITS__QUESTIONS_PER_MINUTE questions a minute (default {LimitsSettings().questions_per_minute}; 0 = no
limit). A question over the limit is refused at once and logged in one line.
At start, papers an interrupted ingest left unfinished are finished first."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--host",
        help="address to listen on (default 127.0.0.1, this machine only; "
        "0.0.0.0 shares the app on the network: use --auth then)",
    )
    parser.add_argument("--port", type=int, help="port to listen on (default 7860; 0 picks a free one)")
    parser.add_argument(
        "--auth",
        metavar="USER:PASSWORD",
        action="append",
        help="a login; repeat for more users (or PAPERCHAT_UI__AUTH=user:pw,user2:pw2). "
        "Logged-in users may ask questions",
    )
    parser.add_argument(
        "--admin",
        metavar="USER",
        action="append",
        dest="admins",
        help="a login that may also add and remove papers; repeat for more (or PAPERCHAT_UI__ADMINS)."
        " Without --auth, only a UI on 127.0.0.1 lets its one user change the library",
    )
    parser.add_argument(
        "--folder-root",
        metavar="DIR",
        action="append",
        dest="folder_roots",
        type=str,
        help="a server folder admins may ingest from the page; repeat for more (or "
        "PAPERCHAT_UI__FOLDER_ROOTS). Without one, the page offers uploads only",
    )
    parser.add_argument("--max-upload-mb", type=float, help="largest file a user may upload (default 25)")
    parser.add_argument("--concurrency", type=int, help="answers computed at once (default 4)")


def ui_settings(args: argparse.Namespace, ui: UISettings) -> UISettings:
    """The web UI's settings with the command-line options laid over PAPERCHAT_UI__* and .env."""
    names = ("host", "port", "auth", "admins", "folder_roots", "max_upload_mb", "concurrency")
    given = {name: getattr(args, name, None) for name in names}
    return ui.model_copy(update={name: value for name, value in given.items() if value is not None})


def log_to_stderr() -> None:
    """The web shell's log (one line per refused question, what a restart finished) on stderr, at INFO."""
    logger = logging.getLogger("paperchat.ui.web")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s paperchat ui: %(message)s", "%Y-%m-%d %H:%M:%S"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


def finish_interrupted(assistant: object) -> None:
    """Before serving: finish the papers an interrupted ingest left (a server killed mid-upload), so the library is
    whole once the page is up; said in one line. A failure is logged and serving goes on with what is indexed."""
    try:
        report = assistant.finish_interrupted()  # type: ignore[attr-defined]
    except Exception as error:  # noqa: BLE001 - the index stays as it was; the next ingest tries again
        logging.getLogger("paperchat.ui.web").warning("could not finish an interrupted ingest: %s", error)
        return
    if report is not None:
        done = len(report.new) + len(report.updated)
        logging.getLogger("paperchat.ui.web").info(
            "finished %d paper%s an interrupted ingest left", done, "" if done == 1 else "s"
        )


def free_port(host: str) -> int:
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def run(args: argparse.Namespace) -> int:
    from paperchat.assistant.api import Assistant
    from paperchat.assistant.errors import IndexNotFoundError

    settings = Settings()
    if getattr(args, "index", None) is not None:
        settings = settings.model_copy(update={"index_dir": args.index})
    ui = ui_settings(args, UISettings())
    try:
        ui = UISettings.model_validate(ui.model_dump())  # the command line's values checked like the environment's
        auth = ui.logins()
    except ValueError as error:
        print(f"paperchat ui: {str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    if ui.concurrency < 1 or ui.max_upload_mb <= 0:
        print("paperchat ui: --concurrency and --max-upload-mb must be positive", file=sys.stderr)
        return 2
    if unknown := [name for name in ui.admins if auth and name not in {user for user, _ in auth}]:
        print(f"paperchat ui: --admin {unknown[0]} is not one of the --auth logins", file=sys.stderr)
        return 2
    if not Assistant.exists(settings.index_dir):  # a mistyped path must not serve every user an empty library
        raise IndexNotFoundError(settings.index_dir)
    if not ui.loopback and not auth:
        print(
            f"paperchat ui: warning: listening on {ui.host} without --auth; anyone who can reach this machine "
            "can ask questions, and nobody can change the library from the page",
            file=sys.stderr,
        )
    elif auth and not ui.admins:
        print(
            "paperchat ui: no --admin given: logged-in users may ask, nobody may add or remove papers from the page",
            file=sys.stderr,
        )

    log_to_stderr()
    from paperchat.assistant.errors import USER_ERRORS
    from paperchat.ui.web.app import build_app
    from paperchat.ui.web.serve import launch

    try:
        assistant = Assistant.open(settings.index_dir, settings)
    except USER_ERRORS as error:
        print(f"paperchat ui: {error}", file=sys.stderr)
        return 1
    ui = ui.model_copy(update={"port": ui.port or free_port(ui.host)})
    finish_interrupted(assistant)
    assistant.warm_up(wait=False)  # the first question should not wait for the library to be read
    demo = build_app(assistant, ui=ui)
    print(f"paperchat: serving {settings.index_dir} at http://{ui.host}:{ui.port} (Ctrl+C to stop)", file=sys.stderr)
    try:
        launch(demo, ui, block=True, quiet=True)
    except KeyboardInterrupt:
        demo.close()
    return 0
