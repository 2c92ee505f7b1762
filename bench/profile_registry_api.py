"""CPU per request of POST /api/v1/reports/, in process: the development metric for issue 3.

Calls the WSGI application (the same one gunicorn serves, with the benchmark settings) with
real request bodies from the generator, one after the other, and prints per request: the
CPU time of this process (`time.process_time`), the CPU time of its PostgreSQL backend (from
/proc/<pid>/schedstat, when the server runs on this machine and the connection persists),
and the number of SQL statements. CPU time is far less sensitive to other load on the
machine than wall time, so it is the figure to compare before and after a change (best
interleaved: other helpers' load still inflates it somewhat). ``--profile`` adds a cProfile
of the measured requests, timed in CPU, by cumulative and by own time.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<your db> .venv/bin/python
bench/profile_registry_api.py [--requests 300] [--profile] [--path /api/v1/me/]``.
The database is migrated and given the demo users (``--no-migrate`` skips that); each run
adds ``--requests`` reports.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _backend_cpu(pid: int | None) -> float:
    if pid is None:
        return math.nan
    try:  # nanoseconds on a CPU (the scheduler's account; /proc/<pid>/stat counts 10 ms ticks)
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except OSError:
        return math.nan


def _setup(migrate: bool) -> str:
    """Django with the benchmark settings; the token of the reporter the benchmark uses."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "_bench_settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from schakel.accounts.models import User
    from schakel.core.demo import demo_load

    if migrate:
        call_command("migrate", verbosity=0, interactive=False)
        demo_load(codes_per_user=1)
    token, _ = Token.objects.get_or_create(user=User.objects.get(username="melder.politie"))
    token.created = timezone.now()  # tokens expire; this one is for this run
    token.save(update_fields=["created"])
    return str(token.key)


def _caller(token: str, path: str, bodies: list[bytes]) -> Callable[[int], None]:
    """One WSGI request per call: GET ``path``, or POST body ``index`` with a new key."""
    from schakel.wsgi import application

    base: dict[str, Any] = {
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "REMOTE_ADDR": "127.0.0.1",
        "SCRIPT_NAME": "",
        "HTTP_AUTHORIZATION": f"Token {token}",
    }
    expected = "200" if path else "201"

    def environ(index: int) -> dict[str, Any]:
        if path:
            return {**base, "REQUEST_METHOD": "GET", "PATH_INFO": path, "wsgi.input": io.BytesIO()}
        body = bodies[index]
        return {
            **base,
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/api/v1/reports/",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4()),
            "wsgi.input": io.BytesIO(body),
        }

    def call(index: int) -> None:
        status: list[str] = []
        chunks = application(environ(index), lambda s, h, e=None: status.append(s))
        content = b"".join(chunks)
        chunks.close()
        if not status[0].startswith(expected):
            raise RuntimeError(f"{status[0]}: {content[:300]!r}")

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--path", default="", help="GET this path instead of the create")
    parser.add_argument("--no-migrate", action="store_true")
    args = parser.parse_args()
    token = _setup(migrate=not args.no_migrate)
    from _registry_http import report_bodies
    from django.db import connection

    bodies = [] if args.path else report_bodies(args.requests + args.warmup)
    call = _caller(token, args.path, bodies)
    for index in range(args.warmup):
        call(args.requests + index)
    statements = 0

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    def backend_pid() -> int | None:
        return connection.connection.info.backend_pid if connection.connection else None

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU, not waiting on the database
    cpu, backend, queries = [], [], []
    with connection.execute_wrapper(count):
        for index in range(args.requests):
            pid = backend_pid()
            b0, c0, s0 = _backend_cpu(pid), time.process_time(), statements
            if profiler:
                profiler.enable()
            call(index)
            if profiler:
                profiler.disable()
            cpu.append(time.process_time() - c0)
            backend.append(_backend_cpu(pid) - b0 if pid == backend_pid() else math.nan)
            queries.append(statements - s0)
    _report(args, cpu, backend, queries)
    if profiler:
        import pstats

        for order in ("cumulative", "tottime"):
            pstats.Stats(profiler).strip_dirs().sort_stats(order).print_stats(40)


def _report(
    args: argparse.Namespace, cpu: list[float], backend: list[float], queries: list[int]
) -> None:
    what = f"GET {args.path}" if args.path else "POST /api/v1/reports/"
    print(f"{what}: {args.requests} requests, load {os.getloadavg()[0]:.1f}")
    print(
        f"  Python CPU per request: mean {1e3 * statistics.fmean(cpu):.2f} ms, "
        f"median {1e3 * statistics.median(cpu):.2f} ms"
    )
    known = [b for b in backend if not math.isnan(b)]
    if known:
        print(
            f"  PostgreSQL backend CPU per request: mean {1e3 * statistics.fmean(known):.2f} ms "
            f"({len(known)} requests on one persistent connection)"
        )
    else:
        print("  PostgreSQL backend CPU: not measured (a new connection per request)")
    print(f"  SQL statements per request: {statistics.mode(queries)} (max {max(queries)})")


if __name__ == "__main__":
    main()
