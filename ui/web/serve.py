"""Serving the app: loopback or a host, the logins of the UI settings, the page's look and script."""

from __future__ import annotations

from paperchat.assistant.config import offline_environment

offline_environment()  # before gradio is imported: no analytics, no telemetry

import gradio as gr  # noqa: E402

from paperchat.ui.web.script import JS  # noqa: E402
from paperchat.ui.web.settings import UISettings  # noqa: E402
from paperchat.ui.web.style import CSS, THEME  # noqa: E402

# Sessions whose state the server keeps. Gradio keeps a copy of the page's configuration for each browser tab and
# API client, about a third of a MB of resident memory apiece (bench/web_load.py: 876 → 1050 MB over 519 sessions
# with Gradio's default of 10,000). The least recently used beyond this are dropped; nothing lasting lives there
# (the conversation and the paper scope are kept in the page), so memory stays flat however many come and go.
SESSIONS = 200


def launch(
    demo: gr.Blocks,
    ui: UISettings | None = None,
    *,
    host: str | None = None,
    port: int | None = None,
    block: bool = True,
    quiet: bool = False,
) -> str:
    """Serve the app with the logins of `ui` (the same settings `build_app` got); returns its local URL."""
    ui = ui or UISettings()
    auth = ui.logins()
    _, url, _ = demo.launch(
        server_name=host or ui.host,
        server_port=port if port is not None else ui.port,
        auth=auth or None,
        share=False,
        inbrowser=False,
        prevent_thread_lock=True,
        quiet=quiet,
        show_error=True,
        max_file_size=int(ui.max_upload_mb * 1024 * 1024),
        theme=THEME,
        css=CSS,
        js=JS,
        ssr_mode=False,
        state_session_capacity=SESSIONS,
        mcp_server=False,
    )
    if block:
        demo.block_thread()
    return url
