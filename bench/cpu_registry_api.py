"""CPU per created report over real HTTP: gunicorn workers + their PostgreSQL backends + the
load generator, the whole budget (at 100 reports/s on 2 cores: 20 ms per report).

Starts the benchmark's gunicorn (bench/_registry_http.Server) on ``DATABASE_URL``, sends
``--requests`` POST /api/v1/reports/ from 4 clients (closed loop), and reads the CPU time
each process spent from /proc/<pid>/schedstat before and after. Other load on the machine
changes this far less than it changes latency or throughput. Only for a database of your
own on this machine (its backends are found by database name).

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<your db> .venv/bin/python
bench/cpu_registry_api.py [--requests 600] [--workers 4]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _cpu(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except OSError:
        return 0.0


def _machine_busy() -> float:
    """CPU seconds the whole machine spent busy (all processes, kernel included)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "_bench_settings"
    import django

    django.setup()
    from _http import closed_loop, request
    from _registry_http import Server, _api_path, report_bodies
    from django.db import connection
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from schakel.accounts.models import User

    token, _ = Token.objects.get_or_create(user=User.objects.get(username="melder.politie"))
    token.created = timezone.now()
    token.save(update_fields=["created"])
    bodies = report_bodies(args.requests + 40)
    path = _api_path()
    headers = {"Authorization": f"Token {token.key}", "Content-Type": "application/json"}

    def post(index: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        return "POST", path, bodies[index], {**headers, "Idempotency-Key": str(uuid.uuid4())}

    database = connection.settings_dict["NAME"]

    def backends() -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            )
            return [row[0] for row in cursor.fetchall()]

    server = Server(workers=args.workers)
    try:
        for index in range(40):  # every worker warm, with its connection
            method, path_, body, headers_ = post(args.requests + index)
            request(server.port, method, path_, body=body, headers=headers_)
        workers = [server.process.pid, *_children(server.process.pid)]
        pg = backends()
        before = {pid: _cpu(pid) for pid in workers + pg}
        me0, busy0 = time.process_time(), _machine_busy()
        timings = closed_loop(
            "api", server.port, post, total=args.requests, concurrency=4, ok=frozenset({201})
        )
        client = time.process_time() - me0
        busy = _machine_busy() - busy0
        after = {pid: _cpu(pid) for pid in before}
        late = [pid for pid in backends() if pid not in before]
    finally:
        server.stop()
    n = len(timings.seconds)
    gunicorn = sum(after[p] - before[p] for p in workers)
    postgres = sum(after[p] - before[p] for p in pg)
    load = os.getloadavg()[0]
    print(f"{n} creates, {timings.rate:.1f}/s, errors {timings.errors}, load {load:.1f}")
    print(
        f"  CPU per create: gunicorn {1e3 * gunicorn / n:.2f} ms, PostgreSQL backends "
        f"{1e3 * postgres / n:.2f} ms, load generator {1e3 * client / n:.2f} ms; "
        f"total {1e3 * (gunicorn + postgres + client) / n:.2f} ms"
    )
    print(f"  whole machine busy per create: {1e3 * busy / n:.2f} ms (all processes, kernel too)")
    if late:
        print(f"  ({len(late)} backends started during the run were not counted)")


if __name__ == "__main__":
    main()
