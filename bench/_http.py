"""Timing helpers for the benchmarks: percentiles, and HTTP load on 127.0.0.1 only.

Every loop here is bounded in count and time and stops by itself.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

HOST = "127.0.0.1"  # the benchmarks never talk to another address


@dataclass(frozen=True)
class Timings:
    label: str
    seconds: list[float]
    wall: float = 0.0
    errors: int = 0

    def pct(self, q: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]

    @property
    def rate(self) -> float:
        return len(self.seconds) / self.wall if self.wall else 0.0

    def ms(self) -> str:
        return (
            f"n={len(self.seconds)} p50 {1e3 * self.pct(50):.0f} ms, "
            f"p95 {1e3 * self.pct(95):.0f} ms, max {1e3 * max(self.seconds):.0f} ms"
        )

    @property
    def mean(self) -> float:
        return statistics.fmean(self.seconds)


def time_calls(label: str, calls: Sequence[Callable[[], object]]) -> Timings:
    seconds = []
    started = time.perf_counter()
    for call in calls:
        t0 = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - t0)
    return Timings(label, seconds, time.perf_counter() - started)


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> tuple[int, bytes]:
    """One request; status 0 when the connection failed or timed out (counted as an error)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        return 0, b""
    finally:
        connection.close()


def closed_loop(
    label: str,
    port: int,
    make: Callable[[int], tuple[str, str, bytes | None, dict[str, str]]],
    *,
    total: int,
    concurrency: int,
    ok: frozenset[int],
    max_seconds: float = 300.0,
) -> Timings:
    """``concurrency`` clients, each sending its next request when the last one answered."""
    lock = threading.Lock()
    counter = iter(range(total))
    seconds: list[float] = []
    errors = 0
    deadline = time.perf_counter() + max_seconds

    def client() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            method, path, body, headers = make(index)
            t0 = time.perf_counter()
            status, _ = request(port, method, path, body=body, headers=headers)
            elapsed = time.perf_counter() - t0
            with lock:
                seconds.append(elapsed)
                errors += status not in ok

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Timings(label, seconds, time.perf_counter() - started, errors)


def open_loop(
    label: str,
    port: int,
    make: Callable[[int], tuple[str, str, bytes | None, dict[str, str]]],
    *,
    rate: float,
    seconds: float,
    ok: frozenset[int],
    pool: int = 32,
) -> Timings:
    """Requests at a fixed ``rate`` for ``seconds``, whether or not the server keeps up.

    Latency counts from the moment a request was due, so a server that falls behind shows
    it in the percentiles (no coordinated omission).
    """
    count = int(rate * seconds)
    results: list[float] = []
    errors = 0
    lock = threading.Lock()
    started = time.perf_counter()

    def send(index: int, due: float) -> None:
        nonlocal errors
        method, path, body, headers = make(index)
        status, _ = request(port, method, path, body=body, headers=headers)
        with lock:
            results.append(time.perf_counter() - due)
            errors += status not in ok

    with ThreadPoolExecutor(max_workers=pool) as executor:
        for index in range(count):
            due = started + index / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            executor.submit(send, index, due)
    return Timings(label, results, time.perf_counter() - started, errors)
