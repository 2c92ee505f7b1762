"""The registry benchmark's results: the machine, the figures, and their section in
docs/benchmarks.md (replaced between markers, the rest of the file kept)."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from _http import Timings

BEGIN = "<!-- bench_registry:begin -->"
END = "<!-- bench_registry:end -->"
PAGE_TARGET_MS = 300
API_TARGET_RATE = 100
API_TARGET_P95_MS = 150


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    memory_kb = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {
        "nproc": str(os.cpu_count()),
        "memory": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "cpu": cpu,
        "python": platform.python_version(),
    }


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


@dataclass
class Results:
    command: str
    started: datetime = field(default_factory=lambda: datetime.now().astimezone())
    load_before: str = field(default_factory=_load)
    load_after: str = ""
    reports: int = 0
    load_seconds: float | None = None
    load_when: str = ""  # set when the database was loaded by an earlier run
    intake_records: int = 0  # the linkage intake index the create API keeps current
    intake_seconds: float | None = None  # None: built by an earlier run
    page_mode: str = ""
    pages: dict[str, Timings] = field(default_factory=dict)
    api_mode: str = ""
    api: dict[str, Timings] = field(default_factory=dict)
    psycopg: Timings | None = None
    postgres: str = ""
    database: str = "schakel_bench"

    def finish(self) -> None:
        from django.db import connection

        self.load_after = _load()
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            self.postgres = cursor.fetchone()[0]

    @property
    def api_rate(self) -> float:
        closed = [t for label, t in self.api.items() if "closed" in label or "1 process" in label]
        return closed[0].rate if closed else 0.0

    def ratio(self) -> float:
        return self.api_rate / self.psycopg.rate if self.psycopg and self.psycopg.rate else 0.0

    def summary(self) -> str:
        lines = [f"reports in the database: {self.reports:,}"]
        if self.load_seconds:
            lines.append(f"bulk load: {self.load_seconds:.0f} s")
        lines.append(f"intake index: {self._intake()}")
        lines += [f"{label}: {t.ms()}" for label, t in self.pages.items()]
        lines += [
            f"{label}: {t.rate:.1f}/s, {t.ms()}, errors {t.errors}" for label, t in self.api.items()
        ]
        if self.psycopg:
            lines.append(
                f"psycopg INSERT loop: {self.psycopg.rate:.0f} rows/s; "
                f"API/psycopg = {self.ratio():.3f}"
            )
        return "\n".join(lines)

    def _verdicts(self) -> list[str]:
        out = []
        worst_page = max((t.pct(95) for t in self.pages.values()), default=0.0) * 1e3
        out.append(
            f"- Pages p95 under {PAGE_TARGET_MS} ms: "
            f"{'met' if worst_page < PAGE_TARGET_MS else 'NOT met'} "
            f"(worst p95 {worst_page:.0f} ms)."
        )
        opened = [t for label, t in self.api.items() if "open" in label]
        if opened:
            t = opened[0]
            met = (
                t.rate >= 0.97 * API_TARGET_RATE
                and t.pct(95) * 1e3 < API_TARGET_P95_MS
                and t.errors == 0
            )
            out.append(
                f"- API at {API_TARGET_RATE}/s with p95 under {API_TARGET_P95_MS} ms: "
                f"{'met' if met else 'NOT met'} (achieved {t.rate:.1f}/s, "
                f"p95 {t.pct(95) * 1e3:.0f} ms, {t.errors} errors)."
            )
        out.append(
            f"- Saturated API throughput {self.api_rate:.0f}/s "
            f"({'at least' if self.api_rate >= API_TARGET_RATE else 'below'} "
            f"{API_TARGET_RATE}/s)."
        )
        return out

    def _intake(self) -> str:
        if not self.intake_records:
            return "none"
        built = (
            f"built in {self.intake_seconds:.0f} s"
            if self.intake_seconds is not None
            else "built by an earlier run"
        )
        return f"{self.intake_records:,} records, {built}; every create refreshes it"

    def markdown(self) -> str:
        info = machine()
        rows = [
            "| measurement | n | p50 | p95 | max | rate |",
            "|---|---|---|---|---|---|",
        ]
        for label, t in [*self.pages.items(), *self.api.items()]:
            rate = f"{t.rate:.1f}/s" if label in self.api else ""
            rows.append(
                f"| {label} | {len(t.seconds)} | {t.pct(50) * 1e3:.0f} ms | "
                f"{t.pct(95) * 1e3:.0f} ms | {max(t.seconds) * 1e3:.0f} ms | {rate} |"
            )
        if self.psycopg:
            t = self.psycopg
            rows.append(
                f"| psycopg INSERT loop, 4 connections | {len(t.seconds)} | "
                f"{t.pct(50) * 1e3:.1f} ms | {t.pct(95) * 1e3:.1f} ms | "
                f"{max(t.seconds) * 1e3:.1f} ms | {t.rate:.0f}/s |"
            )
        load = "not timed"
        if self.load_seconds:
            load = f"{self.load_seconds:.0f} s ({self.reports / self.load_seconds:,.0f} reports/s)"
        if self.load_when:
            load += f", by an earlier run of this benchmark started {self.load_when}"
        return "\n".join(
            [
                BEGIN,
                "## Central registration (issue 3)",
                "",
                f"Command: `make bench` (this part: `{self.command}`), "
                f"{self.started:%Y-%m-%d %H:%M %Z}.",
                f"Machine: {info['nproc']} cores ({info['cpu']}), {info['memory']} memory, "
                f"Python {info['python']}, PostgreSQL {self.postgres}; load average "
                f"{self.load_before} before, {self.load_after} after.",
                f"Database: {self.reports:,} generated reports (database `{self.database}`); "
                f"bulk load: {load}. Linkage intake index: {self._intake()}.",
                f"Pages: {self.page_mode}. API: {self.api_mode}.",
                "",
                *rows,
                "",
                f"API throughput / psycopg INSERT loop throughput = **{self.ratio():.3f}** "
                f"({self.api_rate:.0f}/s against "
                f"{self.psycopg.rate if self.psycopg else 0:.0f}/s, both with 4 concurrent "
                "clients, same run).",
                "",
                *self._verdicts(),
                END,
            ]
        )


def write_section(path: Path, section: str) -> None:
    """Replace this benchmark's section in ``path``; keep every other section."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
