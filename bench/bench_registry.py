"""Benchmarks of the central registration (issue 3). Not part of the test suite.

With PostgreSQL and about 300,000 generated reports in a dedicated database (schakel_bench):

1. loading the reports through the bulk path (`registry.bulk`), timed;
2. the registrar's queue and search pages over real HTTP, warm and cold-ish, p50/p95/max
   (target: p95 under 300 ms);
3. the linkage intake index over those reports (`linkage.services.index_rebuild`, built once
   and timed, reused by later runs): every saved report then refreshes its rows in it, so
   the create API below is measured with that refresh in place;
4. POST /api/v1/reports/ over real HTTP against gunicorn (target: at least 100
   reports/s with p95 under 150 ms), and its throughput as a ratio to a plain psycopg INSERT
   loop into a scratch table, measured in the same run.

Run: ``make bench`` or ``DATABASE_URL=postgres://... .venv/bin/python bench/bench_registry.py
[--reports 300000] [--fresh] [--no-docs]``. Results go to docs/benchmarks.md (this section).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BENCH_DATABASE = "schakel_bench"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench_report import Results, write_section  # noqa: E402
from _registry_http import bench_api, bench_pages, bench_psycopg  # noqa: E402


def _conninfo(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def bench_database(base_url: str, *, fresh: bool, name: str = BENCH_DATABASE) -> str:
    """Create (or with ``fresh`` re-create) the benchmark database next to ``base_url``'s."""
    with psycopg.connect(_conninfo(base_url), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists and fresh:
            connection.execute(f"DROP DATABASE {name} WITH (FORCE)")
            exists = None
        if not exists:
            connection.execute(f"CREATE DATABASE {name}")
    return base_url.rsplit("/", 1)[0] + "/" + name


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "_bench_settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


# -- 1. loading ------------------------------------------------------------------------------


def _earlier_load(prefix: str) -> tuple[float | None, str]:
    """How long the load of a reused database took, from the audit events of its batches."""
    from datetime import datetime

    from schakel.core.models import AuditEvent

    events = list(AuditEvent.objects.filter(details__batch__startswith=prefix).order_by("sequence"))
    if not events:
        return None, ""
    started = events[0].details.get("load_started")
    begin = datetime.fromisoformat(started) if started else events[0].occurred_at
    seconds = (events[-1].occurred_at - begin).total_seconds()
    return seconds, f"{begin:%Y-%m-%d %H:%M}" + ("" if started else " (from its first batch)")


def ensure_reports(target: int, results: Results) -> None:
    from django.db import connection
    from django.utils import timezone

    from schakel.core.demo import demo_load
    from schakel.registry.models import Report
    from schakel.registry.synthetic import GeneratorConfig, expected_reports
    from schakel.registry.synthetic.load import load

    demo_load(codes_per_user=1)
    existing = Report.objects.count()
    if existing >= 0.98 * target:
        print(f"reusing {existing:,} reports (use --fresh to reload)")
        results.reports = existing
        results.load_seconds, results.load_when = _earlier_load(f"bench:{target}:")
        return
    unit = GeneratorConfig(today=timezone.localdate(), seed=2019, years=20)
    config = GeneratorConfig(
        today=unit.today,
        seed=unit.seed,
        years=unit.years,
        scale=(target - existing) / expected_reports(unit),
    )
    started = time.perf_counter()

    def progress(batch: str, count: int) -> None:
        print(f"  {batch}: {count:,} reports, {time.perf_counter() - started:.0f} s", flush=True)

    result = load(config=config, key=f"bench:{target}", on_batch=progress)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum would do after a load this size
    results.load_seconds = time.perf_counter() - started
    results.reports = Report.objects.count()
    print(
        f"loaded {result.created:,} reports in {results.load_seconds:.0f} s "
        f"({result.created / results.load_seconds:,.0f} reports/s)"
    )


def ensure_intake_index(results: Results) -> None:
    """The intake index the create API keeps current (issue 10): built once over the loaded
    reports with the linkage services, timed; a later run reuses it."""
    from schakel.linkage import services
    from schakel.linkage.models import IntakeRecord

    if services.index_built():
        results.intake_records = IntakeRecord.objects.count()
        print(f"reusing the intake index: {results.intake_records:,} records")
        return
    started = time.perf_counter()
    results.intake_records = services.index_rebuild()
    results.intake_seconds = time.perf_counter() - started
    print(
        f"intake index built: {results.intake_records:,} records in {results.intake_seconds:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=300_000)
    parser.add_argument("--fresh", action="store_true", help="drop and reload the database")
    parser.add_argument("--page-requests", type=int, default=200)
    parser.add_argument("--api-requests", type=int, default=1500)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--database", default=BENCH_DATABASE, help="a name of its own")
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        print("bench_registry needs PostgreSQL: DATABASE_URL=$(scripts/ensure-postgres.sh)")
        sys.exit(2)
    results = Results(command=" ".join(["python", "bench/bench_registry.py", *sys.argv[1:]]))
    url = bench_database(base_url, fresh=args.fresh, name=args.database)
    results.database = args.database
    setup_django(url)
    ensure_reports(args.reports, results)
    ensure_intake_index(results)
    bench_pages(results, requests=args.page_requests)
    bodies = bench_api(results, requests=args.api_requests, rate=args.rate, seconds=args.seconds)
    bench_psycopg(results, url, bodies[: args.api_requests], concurrency=4)
    results.finish()
    print(results.summary())
    if not args.no_docs:
        write_section(ROOT / "docs" / "benchmarks.md", results.markdown())
        print("docs/benchmarks.md updated")


if __name__ == "__main__":
    main()
