#!/usr/bin/env python
"""Idle and slow clients must not stall the site (issue 13, finding 2).

Opens 50 idle TCP connections (they send nothing, like browsers' preconnect sockets) and 20
slowloris-style partial requests (a request line, then one more header line every second, never
finished) against a running server, keeps them open for the whole attack (a connection the
server drops is opened again at once), and meanwhile asks /healthz ten times a second on fresh
connections. Prints p50/p95/max of /healthz during the attack and fails (exit 1) unless every
answer was a 200 in under 100 ms.

    python tests/perf/perf_reliability.py --port 8107            # the nginx stack (make perf runs it)
    python tests/perf/perf_reliability.py --port 8108 --seconds 40   # bare gunicorn, to compare

Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import sys
import threading
import time

HOST = "127.0.0.1"
LIMIT_MS = 100.0
PROBE_TIMEOUT = 10.0


class Attack:
    """Keeps `idle` silent sockets and `slow` never-finished requests open until stopped."""

    def __init__(self, port: int, idle: int, slow: int):
        self.port, self.idle, self.slow = port, idle, slow
        self.stopping = threading.Event()
        self.reopened = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _open(self, partial: bool) -> socket.socket | None:
        try:
            sock = socket.create_connection((HOST, self.port), timeout=2)
            if partial:
                sock.sendall(f"GET /?slow={time.monotonic_ns()} HTTP/1.1\r\nHost: {HOST}\r\n".encode())
            return sock
        except OSError:
            return None

    @staticmethod
    def _alive(sock: socket.socket) -> bool:
        """False once the server closed it (recv returns b'' or data: e.g. a 408 or 400)."""
        sock.setblocking(False)
        try:
            return not sock.recv(1024, socket.MSG_PEEK)
        except BlockingIOError:
            return True
        except OSError:
            return False
        finally:
            sock.setblocking(True)

    def _run(self) -> None:
        sockets: list[tuple[socket.socket | None, bool]] = [(self._open(False), False) for _ in range(self.idle)]
        sockets += [(self._open(True), True) for _ in range(self.slow)]
        while not self.stopping.wait(1.0):
            for index, (sock, partial) in enumerate(sockets):
                if sock is not None and self._alive(sock):
                    if partial:
                        try:
                            sock.sendall(f"X-Slow-{index}: {time.monotonic_ns()}\r\n".encode())
                            continue
                        except OSError:
                            pass
                    else:
                        continue
                if sock is not None:
                    sock.close()
                sockets[index] = (self._open(partial), partial)
                self.reopened += 1
        for sock, _ in sockets:
            if sock is not None:
                sock.close()

    def start(self) -> None:
        self.thread.start()
        time.sleep(1.5)  # let every socket connect (and the partial requests start) first

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)


def probe(port: int) -> tuple[float, int | str]:
    """One /healthz on a fresh connection: (milliseconds, status or error)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=PROBE_TIMEOUT)
    try:
        conn.request("GET", "/healthz", headers={"Host": f"{HOST}:{port}"})
        response = conn.getresponse()
        response.read()
        outcome: int | str = response.status
    except OSError as exc:
        outcome = exc.__class__.__name__
    finally:
        conn.close()
    return (time.perf_counter() - started) * 1000, outcome


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def probe_for(port: int, seconds: float) -> tuple[list[float], list[str]]:
    """/healthz ten times a second for this long: (milliseconds, failures)."""
    timings, failures = [], []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        elapsed, outcome = probe(port)
        timings.append(elapsed)
        if outcome != 200:
            failures.append(f"{outcome} after {elapsed:.0f} ms")
        time.sleep(max(0.0, 0.1 - elapsed / 1000))
    return timings, failures


def figures(timings: list[float]) -> str:
    return (
        f"{len(timings)} probes, p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms"
    )


def run(port: int, seconds: float, idle: int, slow: int) -> bool:
    # The same probes without the attack first: on a busy machine /healthz is slow on its own.
    baseline, _ = probe_for(port, min(10.0, seconds / 3))
    attack = Attack(port, idle, slow)
    attack.start()
    try:
        timings, failures = probe_for(port, seconds)
    finally:
        attack.stop()
    slow_answers = [t for t in timings if t >= LIMIT_MS]
    print(f"/healthz on 127.0.0.1:{port} before the attack: {figures(baseline)}")
    print(
        f"/healthz during {seconds:.0f}s of {idle} idle + {slow} slowloris connections "
        f"(reopened {attack.reopened} the server dropped): {figures(timings)}; "
        f"{len(slow_answers)} at or over {LIMIT_MS:.0f} ms; failures: {len(failures)}",
        flush=True,
    )
    for failure in failures[:5]:
        print(f"  failed: {failure}")
    ok = not failures and not slow_answers
    print("reliability: PASS" if ok else f"reliability: FAIL (every /healthz must be a 200 under {LIMIT_MS:.0f} ms)")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True, help="port on 127.0.0.1 (nginx for the real test)")
    parser.add_argument("--seconds", type=float, default=30, help="how long the attack lasts (default 30)")
    parser.add_argument("--idle", type=int, default=50)
    parser.add_argument("--slow", type=int, default=20)
    args = parser.parse_args()
    return 0 if run(args.port, args.seconds, args.idle, args.slow) else 1


if __name__ == "__main__":
    sys.exit(main())
