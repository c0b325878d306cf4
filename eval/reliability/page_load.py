"""The page under load: concurrent requests through gradio_client, and requests for files outside the upload folder."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from eval.reliability.cli_runs import EXAMPLES, ROOT, SECRET_MARKER


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_page(port: int, log) -> subprocess.Popen:
    """app.py with its defaults (host included) on `port`; returns once it answers."""
    server = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT,
                              stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"app.py exited with {server.returncode}")
        if time.monotonic() > deadline:
            server.kill()
            raise RuntimeError("app.py did not answer within 300 s")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)


def listening_addresses(port: int) -> list[str]:
    """Local addresses of the sockets listening on `port` (from /proc/net/tcp*, Linux)."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(address)
                if width == 8:
                    found.append(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:
                    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                    found.append(socket.inet_ntop(socket.AF_INET6, words))
    return found


def page_text() -> str:
    mixed = EXAMPLES / "mixed"
    return "\n\n---\n\n".join((mixed / name).read_text(encoding="utf-8")
                              for name in ("harbor-flood-wire.txt", "probe-launch-agency.txt"))


@dataclass
class LoadResult:
    requests: int
    answered: int
    refused: int
    failed: int
    seconds: float
    alive: bool
    errors: list[str]


def page_under_load(url: str, requests: int = 20, preset: str = "fast") -> LoadResult:
    """`requests` clients submit at once; each must get briefs or a clean refusal (a Gradio
    error with a message); afterwards the page must still answer."""
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    text = page_text()
    answered, refused, failed, errors = [], [], [], []
    lock = threading.Lock()
    start = threading.Barrier(requests)

    def one(n: int) -> None:
        try:
            client = Client(url, verbose=False)
            start.wait(timeout=120)
            status, cards, downloads = client.predict(text, [], 100, 0.7, preset, False, False, False,
                                                      api_name="/summarize")
            ok = cards.count('class="story-card"') == 2 and "2 stories" in status
            with lock:
                (answered if ok else failed).append(n)
                if not ok:
                    errors.append(f"request {n}: unexpected answer {status!r}")
        except AppError as exc:
            with lock:
                (refused if str(exc).strip() else failed).append(n)
                errors.append(f"request {n}: refused: {str(exc)[:120]}")
        except Exception as exc:  # noqa: BLE001 (a dropped connection or a crash: counted, not raised)
            with lock:
                failed.append(n)
                errors.append(f"request {n}: {type(exc).__name__}: {str(exc)[:120]}")

    threads = [threading.Thread(target=one, args=(n,)) for n in range(requests)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    seconds = time.perf_counter() - started
    try:
        status, cards, _ = Client(url, verbose=False).predict(text, [], 100, 0.7, preset, False, False, False,
                                                              api_name="/summarize")
        alive = cards.count('class="story-card"') == 2
    except Exception:  # noqa: BLE001
        alive = False
    return LoadResult(requests, len(answered), len(refused), len(failed), seconds, alive, errors)


def path_probes(secret_file: Path) -> dict[str, dict]:
    """File references a client could send instead of an upload, all naming `secret_file`."""
    from gradio.utils import get_upload_folder

    upload_root = Path(get_upload_folder())
    relative = os.path.relpath(secret_file, upload_root)

    def file_data(path: str) -> dict:
        return {"path": path, "meta": {"_type": "gradio.FileData"}, "orig_name": Path(path).name}

    return {
        "absolute path": file_data(str(secret_file)),
        "path escaping the upload folder": file_data(str(upload_root / relative)),
        "relative path": file_data(relative),
        "file:// URL": {**file_data(str(secret_file)), "url": secret_file.as_uri()},
        "/etc/passwd": file_data("/etc/passwd"),
    }


CONTROL = "the same file uploaded (control)"


def upload(url: str, path: Path) -> dict:
    """Upload a file the way the page does; the FileData that refers to it."""
    import httpx

    with open(path, "rb") as handle:
        reply = httpx.post(url + "gradio_api/upload", files={"files": (path.name, handle)}, timeout=60)
    reply.raise_for_status()
    [stored] = reply.json()
    return {"path": stored, "meta": {"_type": "gradio.FileData"}, "orig_name": path.name}


def probe_paths(url: str, secret_file: Path) -> dict[str, str]:
    """POST each probe to the page's HTTP API (gradio_client would upload local files itself);
    returns name -> 'refused' or what went wrong. The control uploads the file first and
    must be 'answered' (its text in the briefs), which shows the probes can reach the reader."""
    verdicts = {}
    probes = path_probes(secret_file)
    probes[CONTROL] = upload(url, secret_file)
    for name, data in probes.items():
        payload = json.dumps({"data": ["", [data], 100, 0.7, "fast", False, False, False]}).encode()
        request = urllib.request.Request(url + "gradio_api/call/summarize", payload,
                                         {"Content-Type": "application/json"})
        try:
            event_id = json.load(urllib.request.urlopen(request, timeout=30))["event_id"]
            with urllib.request.urlopen(f"{url}gradio_api/call/summarize/{event_id}", timeout=120) as stream:
                reply = stream.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:  # refused before the queue
            reply = f"event: error\nHTTP {exc.code}"
        if name == CONTROL:
            verdicts[name] = "answered" if SECRET_MARKER in reply and "event: error" not in reply else "NOT ANSWERED"
        elif SECRET_MARKER in reply or "root:x:0:0" in reply:
            verdicts[name] = "LEAKED"
        elif "event: error" not in reply:
            verdicts[name] = "not refused"
        else:
            verdicts[name] = "refused"
    return verdicts


