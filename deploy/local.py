"""Two or more app processes behind nginx, on loopback: the deployment of docs/deploy.md, runnable.

    python -m deploy.local [--backends 2] [--port 8080]

starts the app processes (each `streamlit run dashboard.py` on a free 127.0.0.1 port, started
and health-polled the way the browser tests start theirs), writes deploy/nginx.conf with those
ports into a temporary folder, runs Debian's nginx from it (`nginx -p <folder> -c nginx.conf`:
pid, logs and config all there), polls every process's /_stcore/health, and stops everything
on Ctrl-C or SIGTERM. ``local_deployment()`` does the same for the tests and the load script.
"""
from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from deploy.procs import listener_pid
from atlas.paths import ROOT
from tools.server import free_port, health, serve, stop, tail

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
COOKIE = "atlas_backend"  # the balancing key (deploy/nginx.conf)
LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ key=(?P<key>\S*) upstream=(?P<upstream>\S*)')


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def static_folders(app_static: Path = ROOT / "static") -> dict[str, str]:
    """Where nginx finds the files it serves itself: Streamlit's bundle, the map component's files
    and the app's static/ folder (those of this Python environment and checkout)."""
    import streamlit
    import streamlit_folium

    return {"@STREAMLIT_STATIC@": str(Path(streamlit.__file__).parent / "static"),
            "@FOLIUM_BUILD@": str(Path(streamlit_folium.__file__).parent / "frontend" / "build"),
            "@APP_STATIC@": str(app_static)}


def render(listen: str, backends: list[str], prefix: Path, app_static: Path = ROOT / "static") -> str:
    """deploy/nginx.conf with its @...@ fields filled in."""
    servers = "\n        ".join(f"server {b} max_fails=2 fail_timeout=10s;" for b in backends)
    fields = {"@PREFIX@": str(prefix), "@LISTEN@": listen, "@BACKENDS@": servers, **static_folders(app_static)}
    lines = TEMPLATE.read_text().splitlines(keepends=True)
    return "".join(line if line.lstrip().startswith("#") else re.sub("@[A-Z_]+@", lambda m: fields[m[0]], line)
                   for line in lines)


@dataclass
class Deployment:
    url: str  # nginx
    backends: list[str]  # the app processes' URLs
    folder: Path  # nginx's config, pid, logs

    @property
    def access_log(self) -> Path:
        return self.folder / "access.log"

    def backend_pids(self) -> dict[str, int]:
        """Each app process's URL -> its pid (the process listening on its port)."""
        return {b: listener_pid(int(b.rsplit(":", 1)[1])) for b in self.backends}

    def served(self) -> list[dict]:
        """Every request nginx has logged: request, status, key (cookie) and upstream (host:port)."""
        if not self.access_log.exists():
            return []
        return [m.groupdict() for m in map(LINE.search, self.access_log.read_text().splitlines()) if m]

    def backend_for(self, key: str) -> str:
        """The app process a browser with the cookie ``atlas_backend=key`` reaches (asked once)."""
        req = urllib.request.Request(f"{self.url}/_stcore/health", headers={"Cookie": f"{COOKIE}={key}"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            resp.read()
        for _ in range(50):  # nginx writes the line just after the response
            mine = [r for r in self.served() if r["key"] == key]
            if mine:
                return "http://" + mine[-1]["upstream"]
            time.sleep(0.1)
        raise RuntimeError(f"nginx logged no request with the key {key}")


def _start_nginx(nginx: str, folder: Path):
    out = (folder / "nginx.out").open("w")
    cmd = [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log"),
           "-g", "daemon off;"]
    return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT), out


@contextlib.contextmanager
def local_deployment(backends: int = 2, port: int | None = None, folder: Path | None = None,
                     startup: float = 30.0, app: tuple[Path, Path, list[str]] | None = None):
    """Start ``backends`` app processes and nginx in front of them on 127.0.0.1; yield a
    Deployment; stop nginx, then the apps. The folder (nginx's config and logs, and the apps'
    logs ``app-N.log``) is a new temporary one unless ``folder`` is given (and then kept).
    ``app``: another Streamlit app (script, its folder, extra arguments) instead of the atlas,
    its folder's static/ served by nginx (the benchmark's plain map)."""
    nginx = nginx_binary()
    if nginx is None:
        raise FileNotFoundError("nginx is not installed (Debian: apt-get install nginx)")
    own_folder = folder is None
    folder = Path(tempfile.mkdtemp(prefix="atlas-nginx-")) if own_folder else Path(folder)
    (folder / "tmp").mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    try:
        with contextlib.ExitStack() as apps:
            urls = [apps.enter_context(serve(folder / f"app-{i}.log", *(app or ()))) for i in range(backends)]
            app_static = app[1] / "static" if app else ROOT / "static"
            (folder / "nginx.conf").write_text(
                render(f"127.0.0.1:{port}", [u.removeprefix("http://") for u in urls], folder, app_static))
            proc, out = _start_nginx(nginx, folder)
            apps.callback(out.close)
            apps.callback(stop, proc)  # nginx: fast shutdown, open websockets included
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + startup
            while not health(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start ({proc.poll()}); {folder}:\n"
                                       f"{tail(folder / 'nginx.out')}\n{tail(folder / 'error.log')}")
                time.sleep(0.2)
            yield Deployment(url, urls, folder)
    finally:
        if own_folder:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m deploy.local", description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1 (default 8080)")
    parser.add_argument("--folder", type=Path, help="nginx's folder (kept); default a temporary one")
    args = parser.parse_args(argv)

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    with local_deployment(args.backends, args.port, args.folder) as d:
        print(f"nginx   {d.url}  (config, pid and logs in {d.folder})")
        for b, pid in d.backend_pids().items():
            print(f"app     {b}  pid {pid}")
        print("Ctrl-C stops it all.", flush=True)
        state = {b: True for b in d.backends}
        try:
            while not stopping:  # the active health check open-source nginx lacks: say when one fails
                for b in d.backends:
                    ok = health(b)
                    if ok != state[b]:
                        print(f"{time.strftime('%H:%M:%S')} {b}/_stcore/health: {'ok' if ok else 'FAILING'}", flush=True)
                        state[b] = ok
                for _ in range(10):
                    if stopping:
                        break
                    time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        print("stopping", flush=True)
    print("stopped")


if __name__ == "__main__":
    main()
