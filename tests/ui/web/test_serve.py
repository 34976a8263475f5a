"""Serving the app: on loopback, with the page's stylesheet and script in what the browser loads."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from paperchat.ui.web.app import build_app
from paperchat.ui.web.command import free_port
from paperchat.ui.web.serve import launch
from paperchat.ui.web.settings import UISettings


def test_the_app_is_served_on_loopback_with_its_style_and_script(seed_assistant: Any) -> None:
    ui = UISettings(_env_file=None)
    demo = build_app(seed_assistant, ui=ui)
    url = launch(demo, ui, host="127.0.0.1", port=free_port("127.0.0.1"), block=False, quiet=True)
    try:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url.rstrip("/") + "/config", timeout=30) as response:
            config = json.loads(response.read())
        assert "pcChipAction" in config["js"] and ".pc-chip-x" in config["css"]
    finally:
        demo.close()
