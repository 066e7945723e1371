#!/usr/bin/env python
"""`make bench`: the library's pages against a bare endpoint of the same server.

1. A PostgreSQL database (UTF-8 ctype) gets the reference data, the seed practices and
   20,000 generated practices with Thai text (kept between runs; --fresh rebuilds it).
2. gunicorn serves the portal pinned to CPU 0; wrk loads it from CPU 1.
3. Each round visits every target in turn (bare, list, practice, three searches, then the
   list and searches at new addresses the page cache has never seen), so drift on the machine
   touches all of them alike; the report gives the median over rounds of each target's
   throughput as a share of the bare endpoint's, and its p95 latency.
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
TARGETS = {
    "bare (/healthz)": "/healthz",
    "list": "/practices/",
    "practice page": "/practices/bench-4321/",
    "search narrow": "/practices/?q=" + quote("ป่าชายเลน ผ้าทอมือ"),
    "search medium": "/practices/?q=" + quote("ป่าชายเลน"),
    "search broad": "/practices/?q=" + quote("ขยะ"),
    # The same pages with the page cache bypassed (every request a new address): a search
    # nobody has made before, first one at a time (what one visitor waits), then with the
    # benchmark's connections keeping the server's core busy.
    "list, new, 1 at a time": "/practices/?sort=newest",
    "narrow, new, 1 at a time": "/practices/?q=" + quote("ป่าชายเลน ผ้าทอมือ"),
    "medium, new, 1 at a time": "/practices/?q=" + quote("ป่าชายเลน"),
    "broad, new, 1 at a time": "/practices/?q=" + quote("ขยะ"),
    "list, new, busy": "/practices/?sort=newest",
    "narrow, new, busy": "/practices/?q=" + quote("ป่าชายเลน ผ้าทอมือ"),
    "medium, new, busy": "/practices/?q=" + quote("ป่าชายเลน"),
    "broad, new, busy": "/practices/?q=" + quote("ขยะ"),
}


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


def wrk(url: str, *, seconds: int, connections: int, uncached: bool) -> dict:
    script = ROOT / "bench" / ("uncached.lua" if uncached else "report.lua")
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
    parser.add_argument("--practices", type=int, default=20_000)
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
        "DJANGO_SETTINGS_MODULE": "portal.settings.base",
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

    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        ["taskset", "-c", "0", PY, "-m", "gunicorn", "portal.wsgi:application",
         "--bind", f"127.0.0.1:{args.port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        for path in TARGETS.values():  # warm caches and check every page answers
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path

        results: dict[str, list[dict]] = {name: [] for name in TARGETS}
        for round_number in range(1, args.rounds + 1):
            print(f"Round {round_number}/{args.rounds}", flush=True)
            for name, path in TARGETS.items():
                results[name].append(wrk(base + path, seconds=args.seconds,
                                         connections=1 if "1 at a time" in name
                                         else args.connections,
                                         uncached=", new," in name))
                drain(base)
    finally:
        server.terminate()
        server.wait(timeout=30)

    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-raw.json").write_text(json.dumps(results, indent=1))
    bare = results["bare (/healthz)"]
    print(f"\n{args.practices} generated practices, {args.rounds} rounds of {args.seconds} s, "
          f"{args.connections} connections; server on CPU 0, load on CPU 1\n")
    print(f"{'target':<26}{'req/s':>9}{'ratio to bare':>15}{'p95 ms':>9}{'errors':>8}")
    print("(search and list targets repeat one address, as popular searches do, and are\n"
          " answered from the shared page cache; the 'new' rows bypass it, one request at a\n"
          f" time or {args.connections} at once)")
    report = {}
    for name, runs in results.items():
        ratio = statistics.median(r["rps"] / b["rps"] for r, b in zip(runs, bare, strict=True))
        p95 = statistics.median(r["p95_us"] for r in runs) / 1000
        rps = statistics.median(r["rps"] for r in runs)
        errors = sum(r["errors"] + r["non2xx"] for r in runs)
        report[name] = {"rps": rps, "ratio": ratio, "p95_ms": p95, "errors": errors}
        print(f"{name:<26}{rps:>9.1f}{ratio:>15.2f}{p95:>9.1f}{errors:>8}")
    checks = [
        ("list throughput >= 0.3 x bare", report["list"]["ratio"] >= 0.3),
        ("practice page throughput >= 0.3 x bare", report["practice page"]["ratio"] >= 0.3),
        *[(f"{n} p95 < 50 ms", report[n]["p95_ms"] < 50) for n in TARGETS
          if n.startswith("search") or (n.endswith("1 at a time") and not n.startswith("list"))],
        ("no errors", all(r["errors"] == 0 for r in report.values())),
    ]
    print()
    for label, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-practices.json").write_text(json.dumps(report, indent=2))
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
