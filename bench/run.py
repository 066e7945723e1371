#!/usr/bin/env python
"""`make bench`: the library's pages against a bare endpoint of the same server.

1. A PostgreSQL database (UTF-8 ctype) gets the reference data, the seed practices and
   100,000 generated practices with Thai text (kept between runs; --fresh rebuilds it).
2. The library index (practices.library_index) is measured in a Django process: its full
   build, the memory it keeps, and the time to follow one and fifty changed practices.
3. gunicorn serves the portal pinned to CPU 0 (each worker builds its index at start); wrk
   loads it from CPU 1.
4. Each round visits every target in turn, so drift on the machine touches all of them
   alike: the cached pages (one address repeated), the list and a practice page at new
   addresses (a parameter the page does not read, as trackers add: the page cache still
   answers), and searches built afresh on every request (Cache-Control: no-cache), one at a
   time and two at once. The report gives the median over rounds of each target's throughput
   as a share of the bare endpoint's, and its p95 latency.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
NARROW = "/practices/?q=" + quote("ป่าชายเลน ผ้าทอมือ")
MEDIUM = "/practices/?q=" + quote("ป่าชายเลน")
BROAD = "/practices/?q=" + quote("ขยะ")
# name: (path, how: "cached" repeats the address, "new address" adds a parameter the page
# does not read, "built" asks for a fresh page every time; connections: None = the option's)
TARGETS = {
    "bare (/healthz)": ("/healthz", "cached", None),
    "list": ("/practices/", "cached", None),
    "practice page": ("/practices/bench-4321/", "cached", None),
    "search narrow": (NARROW, "cached", None),
    "search medium": (MEDIUM, "cached", None),
    "search broad": (BROAD, "cached", None),
    "list, new address": ("/practices/?sort=newest", "new address", None),
    "practice page, new address": ("/practices/bench-4321/?from=mail", "new address", None),
    # Built from the index and the database on every request: a search nobody has made
    # before, one at a time (what one visitor waits), then two at once on the server's core.
    "list, built, 1 at a time": ("/practices/?sort=newest", "built", 1),
    "narrow, built, 1 at a time": (NARROW, "built", 1),
    "medium, built, 1 at a time": (MEDIUM, "built", 1),
    "broad, built, 1 at a time": (BROAD, "built", 1),
    "narrow, built, busy": (NARROW, "built", None),
    "medium, built, busy": (MEDIUM, "built", None),
    "broad, built, busy": (BROAD, "built", None),
}
SCRIPTS = {"cached": "report.lua", "new address": "uncached.lua", "built": "fresh.lua"}


def run(*args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def database(pghost: str, name: str, fresh: bool) -> str:
    psql = ["psql", "-h", pghost, "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt"]
    if fresh:
        subprocess.run([*psql, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    exists = subprocess.run([*psql, "-c", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
                            check=True, capture_output=True, text=True).stdout.strip()
    if not exists:
        subprocess.run([*psql, "-c", f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                        "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"], check=True)
    return f"postgres://postgres@{pghost}:5432/{name}"


def wrk(url: str, *, seconds: int, connections: int, how: str) -> dict:
    script = ROOT / "bench" / SCRIPTS[how]
    out = subprocess.run(
        ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{seconds}s",
         "--timeout", "30s", "-s", str(script), url],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def drain(base: str) -> None:
    """Wait until requests still queued from the last run are done, so the next target
    starts on an idle server."""
    for _ in range(300):
        started = time.perf_counter()
        with urllib.request.urlopen(base + "/healthz", timeout=60):
            pass
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark database")
    args = parser.parse_args()
    for tool in ("wrk", "taskset", "psql"):
        if not shutil.which(tool):
            print(f"error: {tool} is missing (Debian: apt-get install wrk util-linux "
                  "postgresql-client)", file=sys.stderr)
            return 2

    env = {
        **os.environ,
        "DATABASE_URL": database(os.environ.get("BENCH_PGHOST", "127.0.0.1"), "nmlt_bench",
                                 args.fresh),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": "benchmark-only-" + "k" * 40, "DEBUG": "0", "DEMO_CONTENT": "0",
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0",
        "CELERY_BROKER_URL": "", "LOG_LEVEL": "WARNING",
        # The production path: the page cache shared by the workers lives in Redis.
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
    }
    print("Preparing the database (kept between runs; --fresh rebuilds it)...", flush=True)
    run(PY, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
    run(PY, "manage.py", "load_reference_data", env=env, stderr=subprocess.DEVNULL)
    run(PY, "manage.py", "load_seed_practices", env=env)
    run(PY, "manage.py", "shell", "--no-imports", "-c",
        f"from bench.generate import generate; print(generate({args.practices}), 'practices')",
        env=env)
    # Statistics and the visibility map, as autovacuum would have left them on a live server.
    run(PY, "manage.py", "dbshell", "--", "-qc", "VACUUM ANALYZE", env=env)
    run(PY, "manage.py", "collectstatic", "--noinput", "-v", "0", env=env)
    print("Measuring the library index...", flush=True)
    index = json.loads(run(PY, "manage.py", "shell", "--no-imports", "-c",
                           "from bench.index_stats import measure; measure()", env=env,
                           capture_output=True, text=True).stdout.strip().splitlines()[-1])

    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        ["taskset", "-c", "0", PY, "-m", "gunicorn", "config.wsgi:application",
         "--bind", f"127.0.0.1:{args.port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(600):  # each worker builds its library index first
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        for path, _how, _connections in TARGETS.values():  # warm up; every page answers
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path

        results: dict[str, list[dict]] = {name: [] for name in TARGETS}
        for round_number in range(1, args.rounds + 1):
            print(f"Round {round_number}/{args.rounds}", flush=True)
            for name, (path, how, connections) in TARGETS.items():
                results[name].append(wrk(base + path, seconds=args.seconds,
                                         connections=connections or args.connections,
                                         how=how))
                drain(base)
    finally:
        server.terminate()
        server.wait(timeout=30)

    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-raw.json").write_text(json.dumps(results, indent=1))
    bare = results["bare (/healthz)"]
    print(f"\n{args.practices} generated practices, {args.rounds} rounds of {args.seconds} s, "
          f"{args.connections} connections; server on CPU 0, load on CPU 1\n")
    print(f"{'target':<28}{'req/s':>9}{'ratio to bare':>15}{'p95 ms':>9}{'errors':>8}")
    report = {}
    for name, runs in results.items():
        ratio = statistics.median(r["rps"] / b["rps"] for r, b in zip(runs, bare, strict=True))
        p95 = statistics.median(r["p95_us"] for r in runs) / 1000
        rps = statistics.median(r["rps"] for r in runs)
        errors = sum(r["errors"] + r["non2xx"] for r in runs)
        report[name] = {"rps": rps, "ratio": ratio, "p95_ms": p95, "errors": errors}
        print(f"{name:<28}{rps:>9.1f}{ratio:>15.2f}{p95:>9.1f}{errors:>8}")
    print(f"\nlibrary index of {index['practices']} practices in each web process: "
          f"{index['memory_mb']} MB held ({index['arrays_mb']} MB of it in arrays and "
          f"bitmaps); full build at start-up {index['build_seconds']} s; after a change, "
          f"caught up in {index['follow_one_seconds'] * 1000:.0f} ms (one practice) and "
          f"{index['follow_fifty_seconds'] * 1000:.0f} ms (fifty)")
    checks = [
        *[(f"{n} throughput >= 0.5 x bare", report[n]["ratio"] >= 0.5)
          for n in ("list", "practice page", "list, new address",
                    "practice page, new address")],
        *[(f"{n} p95 <= 50 ms", report[n]["p95_ms"] <= 50)
          for n in ("search narrow", "search medium", "search broad")],
        *[(f"{n} p95 <= 20 ms", report[n]["p95_ms"] <= 20)
          for n in TARGETS if n.endswith("built, 1 at a time") and not n.startswith("list")],
        *[(f"{n} p95 <= 50 ms", report[n]["p95_ms"] <= 50)
          for n in TARGETS if n.endswith("built, busy")],
        ("library index under 50 MB", index["memory_mb"] < 50),
        ("library index catches up with a change in under 0.5 s",
         max(index["follow_one_seconds"], index["follow_fifty_seconds"]) < 0.5),
        ("no errors", all(r["errors"] == 0 for r in report.values())),
    ]
    print()
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-practices.json").write_text(json.dumps(
        {"targets": report, "index": index}, indent=2))
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
