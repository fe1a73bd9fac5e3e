"""Start a Streamlit app on a free loopback port and stop it: one way, used by the benchmark,
the load and deployment scripts and the browser tests."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from atlas.paths import ROOT

STARTUP_TIMEOUT = 60  # s for the server to say ok
# Debian's chromium (Playwright's own browser download does not work here); without the
# background-networking flags it tries Google's hosts at every start.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


class ServerError(RuntimeError):
    """The app did not start; the message ends with the tail of its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path | None, lines: int = 60) -> str:
    if path is None or not path.exists():
        return "(no log)"
    text = path.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:]) or "(the log is empty)"


def health(url: str, timeout: float = 2.0) -> bool:
    """Does the server at `url` (a Streamlit app, or nginx in front of some) say ok?"""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as resp:
            return resp.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def stop(proc: subprocess.Popen) -> None:
    """Terminate, then kill after 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = STARTUP_TIMEOUT) -> None:
    """Poll /_stcore/health until it says ok (never a fixed sleep); fail with the log if the
    server exits or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"streamlit exited early ({proc.returncode}); log {log}:\n{tail(log)}")
        if health(url):
            return
        time.sleep(0.2)
    raise ServerError(f"streamlit did not say ok on /_stcore/health within {timeout:.0f} s; log {log}:\n{tail(log)}")


@contextlib.contextmanager
def serve(log: Path, script: Path = ROOT / "dashboard.py", cwd: Path = ROOT, extra: list[str] = ()):
    """Run `streamlit run script` on a free 127.0.0.1 port, output in `log`; yield its URL; stop it."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
           "--server.address", "127.0.0.1", "--server.port", str(port), *extra]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:  # a file, not a pipe: a full pipe would block the server
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc, log)
        yield url
    finally:
        stop(proc)
