"""`chroma run` on 127.0.0.1 for the benchmarks that measure server mode (scale.py, chroma_sparse_check.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.common import fresh_dir

CHROMA = Path(sys.executable).with_name("chroma")


class ChromaServer:
    """`chroma run` on 127.0.0.1 for the server-mode measurements; stopped by its own pid."""

    def __init__(self, path: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.path = fresh_dir(path)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> ChromaServer:
        command = [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=2)
                return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError("the Chroma server did not start")

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def rss_mb(self) -> float:
        assert self.process is not None
        with open(f"/proc/{self.process.pid}/status") as handle:
            line = next(line for line in handle if line.startswith("VmRSS"))
        return round(int(line.split()[1]) / 1024, 1)

    def __exit__(self, *_: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
