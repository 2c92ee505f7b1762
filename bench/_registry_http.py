"""The registry benchmark's HTTP side: the server, the registrar's pages, the create-report
API and the psycopg baseline (see bench_registry.py)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
from _bench_report import Results
from _http import Timings, closed_loop, open_loop, request, time_calls


def _conninfo(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


# -- the server ------------------------------------------------------------------------------


class Server:
    """gunicorn, the production WSGI server, on 127.0.0.1 with sync workers, started and
    stopped by us. The application is loaded once before the workers fork (--preload)."""

    def __init__(self, workers: int = 4) -> None:
        import socket
        import subprocess

        with socket.socket() as probe:  # a free port, handed to gunicorn
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        bench_dir = str(Path(__file__).parent)
        self.workers = workers
        self.process = subprocess.Popen(  # noqa: S603 -- our own server command
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "schakel.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--preload",
                "--timeout",
                "120",
                "--pythonpath",
                bench_dir,
                "--log-level",
                "warning",
            ],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "_bench_settings"},
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped while starting")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start within 120 s")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _session_cookie(username: str) -> str:
    """A session of ``username`` that passed the second factor, as a Cookie header."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from schakel.accounts.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = StaticDevice.objects.filter(user=user).first().persistent_id
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


# -- 2. the registrar's pages ---------------------------------------------------------------


def _search_queries(count: int) -> list[str]:
    """Names, dates of birth and numbers as a registrar would type them."""
    import random
    from urllib.parse import urlencode

    from schakel.registry.models import PersonRecord

    rng = random.Random(7)
    records = list(
        PersonRecord.objects.exclude(family_name="")
        .exclude(birth_date=None)
        .order_by("?")
        .values_list("given_names", "family_name", "birth_date", "report__number")[:count]
    )
    queries = []
    for index, (given, family, born, number) in enumerate(records):
        kind = index % 4
        if kind == 0:
            params = {"name": family}
        elif kind == 1:
            params = {"name": f"{given.split()[0]} {family}"}
        elif kind == 2:
            params = {"name": family, "birth_date": born.isoformat()}
        else:
            params = {"number": number}
        queries.append(urlencode(params))
    rng.shuffle(queries)
    return queries


def _page_paths() -> tuple[str, str] | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("registry:queue"), reverse("registry:search")
    except NoReverseMatch:
        return None


def bench_pages(results: Results, *, requests: int) -> None:
    paths = _page_paths()
    if paths is None:
        bench_pages_in_process(results, requests=requests)
        return
    queue_path, search_path = paths
    cookie = {"Cookie": _session_cookie("registrator")}
    queues = [f"{queue_path}?wachtrij={q}" for q in ("new", "in_review", "overdue")]
    queues += [f"{queue_path}?wachtrij={q}&pagina=2" for q in ("new", "in_review")]
    searches = [f"{search_path}?{q}" for q in _search_queries(2 * requests + 8)]
    server = Server()
    try:
        # Cold-ish: fresh worker processes (no connection, no template cache) and search
        # terms that were never asked before.
        results.pages["queue, cold-ish"] = closed_loop(
            "queue cold",
            server.port,
            lambda i: ("GET", queues[i % len(queues)], None, cookie),
            total=4,
            concurrency=2,
            ok=frozenset({200}),
        )
        results.pages["search, cold-ish"] = closed_loop(
            "search cold",
            server.port,
            lambda i: ("GET", searches[i], None, cookie),
            total=4,
            concurrency=2,
            ok=frozenset({200}),
        )
        for label, paths_, offset in (("queue, warm", queues, 0), ("search, warm", searches, 4)):
            results.pages[label] = closed_loop(
                label,
                server.port,
                lambda i, p=paths_, o=offset: ("GET", p[(o + i) % len(p)], None, cookie),
                total=requests,
                concurrency=1,
                ok=frozenset({200}),
            )
        results.pages["search, 2 registrars at once"] = closed_loop(
            "search x2",
            server.port,
            lambda i: ("GET", searches[4 + requests + i], None, cookie),
            total=requests,
            concurrency=2,
            ok=frozenset({200}),
        )
    finally:
        server.stop()
    results.page_mode = f"real views over HTTP (gunicorn, {server.workers} sync workers)"


def bench_pages_in_process(results: Results, *, requests: int) -> None:
    """Until the registrar's views exist: the selectors plus a template render."""
    from django.template import Context, Template
    from django.utils import timezone

    from schakel.accounts.models import User
    from schakel.registry import selectors
    from schakel.registry.selectors import Queue, ReportSearch

    actor = User.objects.get(username="registrator")
    actor.is_verified = lambda: True  # type: ignore[method-assign]
    template = Template(
        "{% for r in rows %}<tr><td>{{ r.number }}</td><td>{{ r.person }}"
        "</td><td>{{ r.get_status_display }}</td></tr>{% endfor %}"
    )
    today = timezone.localdate()

    def queue(q: Queue) -> object:
        rows, _ = selectors.registrar_queue(actor=actor, queue=q, today=today)
        selectors.queue_counts(actor=actor, today=today)
        return template.render(Context({"rows": rows}))

    def search(name: str) -> object:
        rows, _ = selectors.reports_search(actor=actor, query=ReportSearch(name=name))
        return template.render(Context({"rows": rows}))

    names = [q.split("=", 1)[1] for q in _search_queries(requests) if q.startswith("name=")]
    results.pages["queue (selectors + render)"] = time_calls(
        "queue", [lambda q=q: queue(q) for _ in range(requests // 3) for q in Queue]
    )
    results.pages["search (selectors + render)"] = time_calls(
        "search", [lambda n=n: search(n) for n in names]
    )
    results.page_mode = "selectors plus a template render, in process (no views yet)"


# -- 3. the create-report API ------------------------------------------------------------------


def report_bodies(count: int) -> list[bytes]:
    """Request bodies for POST /api/v1/reports/ from the generator (a seed of their own)."""
    import dataclasses
    import json
    from datetime import date

    from django.utils import timezone

    from schakel.registry.synthetic import GeneratorConfig, generate_year

    config = GeneratorConfig(
        today=timezone.localdate(), seed=4242, years=1, scale=count / 1200 + 0.05
    )
    reports = generate_year(config, config.today.year).reports
    reports += generate_year(config, config.today.year - 1).reports
    fields = (
        "person",
        "reported_on",
        "consent",
        "consent_not_asked_reason",
        "exploitation_status",
        "exploitation_started_on",
        "exploitation_ended_on",
        "places",
        "forms",
        "suspects",
        "needs_shelter",
        "needs_medical",
        "needs_safety",
        "health_notes",
        "criminal_record_notes",
        "narrative",
    )

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else value

    bodies = []
    for report in reports[:count]:
        data = {
            name: dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v
            for name, v in ((n, getattr(report, n)) for n in fields)
        }
        for many in ("places", "forms", "suspects"):
            data[many] = [dataclasses.asdict(item) for item in data[many]]
        data["submit"] = True
        bodies.append(json.dumps(data, default=plain).encode())
    if len(bodies) < count:
        raise RuntimeError(f"only {len(bodies)} bodies generated, {count} wanted")
    return bodies


def _api_path() -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("api:reports")
    except NoReverseMatch:
        return None


def bench_api(results: Results, *, requests: int, rate: float, seconds: float) -> list[bytes]:
    import uuid

    from rest_framework.authtoken.models import Token

    from schakel.accounts.models import User

    bodies = report_bodies(requests + int(rate * seconds) + 20)
    path = _api_path()
    if path is None:
        bench_create_in_process(results, bodies[:requests])
        return bodies
    token, _ = Token.objects.get_or_create(user=User.objects.get(username="melder.politie"))
    headers = {"Authorization": f"Token {token.key}", "Content-Type": "application/json"}

    def post(index: int) -> tuple[str, str, bytes | None, dict[str, str]]:
        return "POST", path, bodies[index], {**headers, "Idempotency-Key": str(uuid.uuid4())}

    server = Server()
    try:
        method, smoke_path, body, smoke_headers = post(len(bodies) - 1)
        status, answer = request(server.port, method, smoke_path, body=body, headers=smoke_headers)
        if status != 201:
            raise RuntimeError(f"POST {path} answered {status}: {answer[:300]!r}")
        created = frozenset({201})
        results.api["closed loop, 4 clients"] = closed_loop(
            "api closed", server.port, post, total=requests, concurrency=4, ok=created
        )
        offset = requests
        results.api[f"open loop, {rate:.0f}/s for {seconds:.0f} s"] = open_loop(
            "api open",
            server.port,
            lambda i: post(offset + i),
            rate=rate,
            seconds=seconds,
            ok=created,
        )
    finally:
        server.stop()
    results.api_mode = f"real API over HTTP (gunicorn, {server.workers} sync workers)"
    return bodies


def bench_create_in_process(results: Results, bodies: list[bytes]) -> None:
    """Until the API exists: services.report_create in this process, one at a time."""
    import json

    from schakel.accounts.models import User
    from schakel.registry import services
    from schakel.registry.api_serializers import ReportCreateSerializer, report_input_from

    actor = User.objects.get(username="melder.politie")

    def create(body: bytes) -> object:
        serializer = ReportCreateSerializer(data=json.loads(body))
        serializer.is_valid(raise_exception=True)
        return services.report_create(
            actor=actor, data=report_input_from(serializer.validated_data), submit=True
        )

    results.api["services.report_create, 1 process"] = time_calls(
        "create", [lambda b=b: create(b) for b in bodies]
    )
    results.api_mode = "services.report_create in process (no API yet)"


def bench_psycopg(results: Results, url: str, bodies: list[bytes], *, concurrency: int) -> None:
    """The floor: the same payloads as single-row INSERTs, one transaction each."""
    import json
    import threading

    with psycopg.connect(_conninfo(url), autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS bench_scratch_report (id bigserial PRIMARY KEY, "
            "number text NOT NULL, reported_on date NOT NULL, consent text NOT NULL, "
            "narrative text NOT NULL, person jsonb NOT NULL, payload jsonb NOT NULL, "
            "created_at timestamptz NOT NULL DEFAULT now())"
        )
        connection.execute("TRUNCATE bench_scratch_report")
    payloads = [json.loads(body) for body in bodies]
    counter = iter(range(len(payloads)))
    lock = threading.Lock()
    seconds: list[float] = []

    def worker() -> None:
        with psycopg.connect(_conninfo(url), autocommit=True) as connection:
            while True:
                with lock:
                    index = next(counter, None)
                if index is None:
                    return
                data = payloads[index]
                t0 = time.perf_counter()
                connection.execute(
                    "INSERT INTO bench_scratch_report (number, reported_on, consent, narrative,"
                    " person, payload) VALUES (%s, %s, %s, %s, %s, %s)",
                    (
                        f"X-{index}",
                        data["reported_on"],
                        data["consent"],
                        data["narrative"],
                        json.dumps(data["person"]),
                        json.dumps(data),
                    ),
                )
                elapsed = time.perf_counter() - t0
                with lock:
                    seconds.append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.psycopg = Timings("psycopg", seconds, time.perf_counter() - started)
