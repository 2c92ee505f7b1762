"""Run every benchmark in bench/ (``bench_*.py``), one after the other: ``python -m bench``.

``make bench`` runs this with DATABASE_URL pointing at PostgreSQL. Each module runs in its
own process with its default arguments; its output is shown as it comes and saved to
``bench/results/<date>-<module>.txt`` (ignored by git). Modules that keep figures in
docs/benchmarks.md write their own section there. ``python -m bench registry`` runs only
the modules whose name contains "registry"; arguments after ``--`` go to each module run
(``python -m bench registry -- --fresh``). Exit status: non-zero when any module failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"


def modules(selected: list[str]) -> list[Path]:
    found = sorted(BENCH.glob("bench_*.py"))
    return [p for p in found if not selected or any(s in p.stem for s in selected)]


def run(path: Path, stamp: str, extra: list[str]) -> int:
    RESULTS.mkdir(exist_ok=True)
    log = RESULTS / f"{stamp}-{path.stem}.txt"
    print(f"== {path.stem} ==", flush=True)
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as handle:
        process = subprocess.Popen(  # noqa: S603 -- our own benchmark modules
            [sys.executable, str(path), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=BENCH.parent,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},  # lines as they come
        )
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            handle.write(line)
        code = process.wait()
        handle.write(f"\nexit {code} after {time.perf_counter() - started:.0f} s\n")
    print(
        f"== {path.stem}: exit {code} after {time.perf_counter() - started:.0f} s; "
        f"output in {log.relative_to(BENCH.parent)} ==",
        flush=True,
    )
    return code


def main(argv: list[str]) -> int:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    chosen = modules(argv)
    if not chosen:
        print(f"no benchmark matches {argv}; found: {[p.stem for p in modules([])]}")
        return 2
    failed = [path.stem for path in chosen if run(path, stamp, extra) != 0]
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
