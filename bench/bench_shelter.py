"""Benchmark of shelter matching (issue 6, point 6): one placement request ranked against 5,000
free places, end to end as the placement page does it (`selectors.matches_for`: the query of
free places that fit, distances, scores, the explained top 20). Target: p95 under 50 ms.

Needs PostgreSQL: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_shelter_bench
.venv/bin/python bench/bench_shelter.py [--places 5000] [--runs 200] [--profile] [--no-docs]``
(the database in DATABASE_URL is created when missing and its places are reused). Results go to
docs/benchmarks.md (this section, between its markers). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN = "<!-- bench_shelter:begin -->"
END = "<!-- bench_shelter:end -->"
TARGET_P95_MS = 50.0
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/schakel_shelter_bench"
PLACES_PER_FACILITY = 20

sys.path.insert(0, str(Path(__file__).resolve().parent))


def ensure_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(
        base.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True
    ) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone():
            connection.execute(f"CREATE DATABASE {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "_bench_settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def ensure_places(target: int) -> int:
    """Facilities of every kind across the shipped municipalities with varied places, all free
    and recently confirmed except a tenth (stale); bulk-created, reused by later runs."""
    from django.utils import timezone

    from schakel.accounts import services as account_services
    from schakel.accounts.models import Organisation
    from schakel.accounts.roles import OrganisationKind
    from schakel.shelter import geo
    from schakel.shelter.choices import FacilityKind, PlaceStatus
    from schakel.shelter.models import Facility, Place

    existing = Place.objects.filter(status=PlaceStatus.FREE, is_active=True).count()
    if existing >= target:
        return existing
    rng = random.Random(6)
    organisation = Organisation.objects.filter(name="Opvang bench").first()
    if organisation is None:
        organisation = account_services.organisation_create(
            actor=None, name="Opvang bench", kind=OrganisationKind.SHELTER
        )
    municipalities = [c.municipality for c in geo.municipalities()]
    kinds = list(FacilityKind.values)
    now = timezone.now()
    facilities = Facility.objects.bulk_create(
        Facility(
            organisation=organisation,
            name=f"Bench {n}",
            municipality=rng.choice(municipalities),
            kind=rng.choice(kinds),
        )
        for n in range((target - existing) // PLACES_PER_FACILITY + 1)
    )
    languages = ["nl", "en", "ro", "bg", "pl", "ar", "ti", "es", "fr", "uk"]
    places = [
        Place(
            facility=facility,
            label=str(label + 1),
            gender_served=rng.choice(["female", "male", "any", "any"]),
            accepts_minors=facility.kind == FacilityKind.YOUTH or rng.random() < 0.1,
            complex_needs=rng.random() < 0.2,
            wheelchair_accessible=rng.random() < 0.3,
            security_level=3 if facility.kind == FacilityKind.SAFE_HOUSE else rng.choice([1, 1, 2]),
            languages=sorted(rng.sample(languages, rng.randint(1, 3))),
            availability_confirmed_at=now if rng.random() > 0.1 else None,
        )
        for facility in facilities
        for label in range(PLACES_PER_FACILITY)
    ]
    Place.objects.bulk_create(places, batch_size=2000)
    return Place.objects.filter(status=PlaceStatus.FREE, is_active=True).count()


def _requests(rng: random.Random) -> list[object]:
    from schakel.shelter import geo, matching

    municipalities = [c.municipality for c in geo.municipalities()]
    return [
        matching.Needs(
            gender=rng.choice(["female", "male"]),
            minor=rng.random() < 0.1,
            security_needed=rng.choice([1, 1, 2, 3]),
            complex_needs=rng.random() < 0.1,
            needs_wheelchair_access=rng.random() < 0.05,
            preferred_municipality=rng.choice(municipalities),
            languages=tuple(rng.sample(["nl", "en", "ro", "bg", "ar"], 2)),
        )
        for _ in range(50)
    ]


def run(runs: int, *, profile: bool) -> dict[str, object]:
    from django.utils import timezone

    from schakel.shelter import matching, selectors

    rng = random.Random(62)
    needs = _requests(rng)
    now = timezone.now()

    def once(n: int) -> int:
        request = needs[n % len(needs)]
        try:
            places = selectors.free_candidates(now, request)
        except TypeError:  # before the SQL prefilter: every free place (the baseline)
            places = selectors.free_candidates(now)
        return len(matching.rank(request, places, limit=20))

    for n in range(10):  # warm: connection, caches of the centroid file and translations
        once(n)
    candidates_all = len(selectors.free_candidates(now))
    timings, shown = [], []
    profiler = cProfile.Profile() if profile else None
    for n in range(runs):
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        shown.append(once(n))
        if profiler:
            profiler.disable()
        timings.append((time.perf_counter() - started) * 1000)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)
    timings.sort()
    return {
        "runs": runs,
        "free_places": candidates_all,
        "p50": statistics.median(timings),
        "p95": timings[int(0.95 * (len(timings) - 1))],
        "max": timings[-1],
        "shown": statistics.median(shown),
    }


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    return f"{os.cpu_count()} cores ({cpu}), Python {sys.version.split()[0]}"


def section(figures: dict[str, object], command: str, load_before: str, load_after: str) -> str:
    met = "met" if float(figures["p95"]) < TARGET_P95_MS else "NOT met"  # type: ignore[arg-type]
    return "\n".join(
        [
            BEGIN,
            "## Shelter: matching one request against 5,000 places (issue 6)",
            "",
            f"Run {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} with `{command}` on PostgreSQL;",
            f"machine: {machine()}; load average before/after: {load_before} / {load_after}",
            "(other helpers' tests and benchmarks were running on the same 2 cores).",
            "",
            "One run = the free places that fit the request from the database "
            "(`selectors.free_candidates`: hard needs filtered in SQL, plain values, no model "
            "instances) + `matching.rank` (distance per municipality once, scores, the top 20 "
            "explained in words), for 50 different synthetic requests in turn.",
            "",
            "| free places | runs | p50 ms | p95 ms | max ms | places shown | target p95 |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            f"| {figures['free_places']} | {figures['runs']} | {figures['p50']:.1f} | "
            f"{figures['p95']:.1f} | {figures['max']:.1f} | {figures['shown']:.0f} | "
            f"< {TARGET_P95_MS:.0f} ms: {met} |",
            "",
            END,
        ]
    )


def write_docs(text: str) -> None:
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        current = head + text + rest.split(END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + text + "\n"
    DOCS.write_text(current, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the runs")
    parser.add_argument("--no-docs", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        raise SystemExit("bench_shelter needs PostgreSQL: set DATABASE_URL=postgres://...")
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    ensure_database(url)
    setup_django(url)
    print(f"free places: {ensure_places(args.places)}", flush=True)
    figures = run(args.runs, profile=args.profile)
    load_after = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms, max {figures['max']:.1f} ms "
        f"over {figures['runs']} runs against {figures['free_places']} free places "
        f"(target p95 < {TARGET_P95_MS:.0f} ms); load {load_before} -> {load_after}",
        flush=True,
    )
    if not args.no_docs:
        command = "DATABASE_URL=postgres://…/schakel_shelter_bench python -m bench shelter"
        write_docs(section(figures, command, load_before, load_after))


if __name__ == "__main__":
    main()
