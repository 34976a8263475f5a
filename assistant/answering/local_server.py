"""A GGUF model served in this process by xllamacpp (llama.cpp's own OpenAI-compatible server, prebuilt wheel).

The answer engine then talks to it like to any OpenAI-compatible server, so one code path serves them all.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.request
from pathlib import Path

from paperchat.assistant.errors import AnswererUnavailableError

SETTING = "PAPERCHAT_ANSWER__GGUF_PATH"
_servers: dict[tuple[str, int], tuple[object, str]] = {}
_lock = threading.Lock()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_local_server(gguf_path: Path | None, context_window: int = 8192, timeout: float = 120.0) -> str:
    """Start (once per process and model) a server on 127.0.0.1 for `gguf_path`; return its /v1 base URL."""
    if gguf_path is None:
        raise AnswererUnavailableError(f"the local answer backend needs {SETTING}, a .gguf model file", setting=SETTING)
    path = Path(gguf_path).expanduser().resolve()
    if not path.is_file():
        raise AnswererUnavailableError(f"{path}: no such GGUF model file ({SETTING})", setting=SETTING)
    try:
        import xllamacpp
    except ImportError as error:
        raise AnswererUnavailableError(
            "the local answer backend needs xllamacpp: pip install 'paperchat[local]'", setting=SETTING
        ) from error
    with _lock:
        key = (str(path), context_window)
        if key in _servers:
            return _servers[key][1]
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_ctx = context_window
        params.hostnames = ["127.0.0.1"]
        params.port = _free_port()
        params.warmup = False
        params.cpuparams.n_threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
        server = xllamacpp.Server(params)
        base_url = f"http://127.0.0.1:{params.port}/v1"
        _wait_healthy(base_url, timeout)
        _servers[key] = (server, base_url)  # kept alive for the process: the server stops when it is collected
        return base_url


def _wait_healthy(base_url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    health = base_url.removesuffix("/v1") + "/health"
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AnswererUnavailableError(
        f"the local model server at {base_url} did not become ready in {timeout:.0f}s", url=base_url, setting=SETTING
    )
