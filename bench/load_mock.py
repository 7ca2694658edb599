"""A bounded load on `adspixel mock` from a second process, on loopback (not part of CI).

8 concurrent clients send 20,000 mixed create/update/read requests over
keep-alive connections; then every pixel is read back and compared with the
last update each client saw acknowledged.  Prints requests/s, p50 and p99
latency, the 5xx count and the lost updates.  Stops by itself: after the
request budget or --max-seconds, whichever comes first.

    python bench/load_mock.py [--clients 8] [--requests 20000] [--state FILE]
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "load-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Client(threading.Thread):
    def __init__(self, number: int, port: int, budget: int, deadline: float) -> None:
        super().__init__(daemon=True)
        self.number = number
        self.port = port
        self.budget = budget
        self.deadline = deadline
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.acked: dict[str, str] = {}  # pixel id -> last name the mock acknowledged

    def call(
        self,
        conn: http.client.HTTPConnection,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
    ) -> tuple[int, object]:
        body = urlencode(form) if form else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        payload = json.loads(response.read())
        self.latencies.append(time.perf_counter() - started)
        self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
        return response.status, payload

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        pixels: list[str] = []
        sent = 0
        while sent < self.budget and time.monotonic() < self.deadline:
            kind = sent % 10
            if kind == 0 or not pixels:  # create, on an account of this client's own
                account = f"{self.number}{len(pixels):06d}"
                status, body = self.call(
                    conn,
                    "POST",
                    f"/v22.0/act_{account}/adspixels?access_token={TOKEN}",
                    {"name": f"c{self.number}-p{len(pixels)}"},
                )
                if status == 200 and isinstance(body, dict):
                    pixels.append(str(body["id"]))
                    self.acked[str(body["id"])] = f"c{self.number}-p{len(pixels) - 1}"
            elif kind % 2:  # update
                pixel = pixels[sent % len(pixels)]
                name = f"c{self.number}-{pixel}-{sent}"
                status, _ = self.call(
                    conn,
                    "POST",
                    f"/v22.0/{pixel}/?access_token={TOKEN}",
                    {"name": name, "enable_automatic_matching": "true"},
                )
                if status == 200:
                    self.acked[pixel] = name
            else:  # read
                pixel = pixels[sent % len(pixels)]
                self.call(
                    conn,
                    "GET",
                    f"/v22.0/{pixel}?fields=id,name,creation_time,owner_business{{id}}"
                    f"&access_token={TOKEN}",
                )
            sent += 1
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--max-seconds", type=float, default=300)
    parser.add_argument("--state", help="SQLite state file for the mock (default: memory)")
    args = parser.parse_args()
    port = free_port()
    command = [sys.executable, "-m", "adspixel.cli", "mock", "--port", str(port), "--token", TOKEN]
    if args.state:
        command += ["--state", args.state]
    server = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        deadline = time.monotonic() + args.max_seconds
        per_client = args.requests // args.clients
        clients = [Client(n + 1, port, per_client, deadline) for n in range(args.clients)]
        started = time.perf_counter()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.perf_counter() - started

        latencies = sorted(t for c in clients for t in c.latencies)
        statuses: dict[int, int] = {}
        for client in clients:
            for status, count in client.statuses.items():
                statuses[status] = statuses.get(status, 0) + count
        lost = 0
        checker = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for client in clients:
            for pixel, name in client.acked.items():
                checker.request("GET", f"/v22.0/{pixel}?fields=name&access_token={TOKEN}")
                if json.loads(checker.getresponse().read()).get("name") != name:
                    lost += 1
        checker.close()
        total = len(latencies)
        rate = total / elapsed
        p50, p99 = statistics.median(latencies) * 1000, latencies[int(total * 0.99) - 1] * 1000
        server_errors = sum(v for k, v in statuses.items() if k >= 500)
        print(
            f"{args.clients} clients, {total} requests in {elapsed:.1f} s: {rate:,.0f} requests/s"
        )
        print(f"latency p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {latencies[-1] * 1000:.1f} ms")
        print(f"statuses {dict(sorted(statuses.items()))}; 5xx: {server_errors}")
        print(f"pixels checked {sum(len(c.acked) for c in clients)}, lost updates: {lost}")
        return 0 if lost == 0 and not any(k >= 500 for k in statuses) else 1
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
