"""`paperchat ui` as a real server process on 127.0.0.1, for bench/web_load.py: started, watched (resident memory,
its log), killed with SIGKILL and started again; stopped by its own pid."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PAPERCHAT = Path(sys.executable).with_name("paperchat")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WebServer:
    """One `paperchat ui --index INDEX` process; `env` adds settings (PAPERCHAT_LIMITS__…). Its stderr goes to
    `log` (appended across restarts)."""

    def __init__(self, index: Path, log: Path, env: dict[str, str] | None = None) -> None:
        self.index, self.log = index, log
        self.env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", **(env or {})}
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, wait: float = 600) -> float:
        """Start and wait until the page answers; returns the seconds that took."""
        started = time.monotonic()
        command = [str(PAPERCHAT), "--index", str(self.index), "ui", "--port", str(self.port)]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=log, cwd=self.index.parent)
        while time.monotonic() - started < wait:
            if self.process.poll() is not None:
                raise RuntimeError(f"paperchat ui exited with {self.process.returncode}; see {self.log}")
            try:
                urllib.request.urlopen(self.url + "config", timeout=5)
                return time.monotonic() - started
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("paperchat ui did not start")

    def rss_mb(self) -> float:
        """Resident memory of the server process now."""
        assert self.process is not None
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
        raise RuntimeError("no VmRSS")

    def kill(self) -> None:
        """SIGKILL, as a crash or an out-of-memory kill would."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_lines(self) -> list[str]:
        return self.log.read_text(errors="replace").splitlines() if self.log.exists() else []

    def __enter__(self) -> WebServer:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
