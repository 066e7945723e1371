#!/usr/bin/env python
"""`make bench`, second part: report copies sent by Celery workers against a plain loop.

1. A PostgreSQL database (UTF-8 ctype) gets the reference data and, through the
   application's own services, 40 pilots, each with a lead coach who has two home executives
   (the mayor and the municipal clerk, both reading Thai, as most do) and monthly progress
   reports submitted, so that exactly --count report copies (Delivery rows) exist. The
   database is kept between runs (--fresh rebuilds it); every run sets all copies back to
   pending and removes the stored PDF briefs.
2. An SMTP server (aiosmtpd, tests/smtp_sink.py) listens on loopback in this process.
3. Plain loop: one process pinned to CPU 0 builds every message with a PDF brief rendered for
   it (the per-message way) and sends them over one SMTP connection.
4. Worker: one Celery worker (solo pool, production settings, CPU 0) takes from Redis one task
   per submitted report, as the application queues them; a brief is rendered once per report
   version and language and kept (deliveries.brief). Timed from queueing the first task until
   the database says every copy is sent.
5. --workers 1 2 4: the worker path with 1, 2 and 4 prefork processes on every core (a table).
It prints the throughputs, the ratio of the one-worker path to the plain loop, and checks
that each copy reached the server exactly once, each with its PDF.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    # Run as a script, this folder comes first on the path and this file would shadow the
    # `deliveries` application.
    sys.path[0] = str(ROOT)

PY = sys.executable
DB_NAME = "nmlt_bench_deliveries"
PILOTS = 40
SUMMARY = ("ลดเวลารอคิวรับบริการจาก 40 นาทีเหลือ 15 นาที "
           "ด้วยระบบนัดหมายออนไลน์และจุดบริการเบ็ดเสร็จ ประชาชนพึงพอใจมากขึ้น "
           "เจ้าหน้าที่ทำงานเป็นทีมและแบ่งงานตามช่วงเวลาที่มีผู้มาใช้บริการมาก")


# --- Inside Django -------------------------------------------------------------------------

def _month(index: int) -> tuple[int, int]:
    """(year, month) of the index-th month before the current one (0: last month)."""
    from portal import clock

    today = clock.today()
    months = today.year * 12 + today.month - 1 - (index + 1)
    return months // 12, months % 12 + 1


def prepare(count: int) -> None:
    """Create the pilots, coaches and submitted reports whose copies are the workload (once:
    a database that already holds `count` copies is used as it is)."""
    import datetime

    from coaches import services as coach_services
    from coaches.models import Coach, TransferTool
    from deliveries.models import Delivery
    from pilots import services
    from pilots.models import Pilot
    from portal.models import Municipality, Theme
    from reports import services as report_services

    existing = Delivery.objects.count()
    if existing == count:
        return
    if existing:
        raise SystemExit(f"error: the database holds {existing} copies, not {count}; "
                         "run with --fresh")
    reports = count // 2
    pilots = min(PILOTS, reports)
    per_pilot = -(-reports // pilots)
    oldest = datetime.date(*_month(per_pilot - 1), 1)
    governance = Theme.objects.filter(code="governance")
    places = list(Municipality.objects.select_related("province").order_by("pk")[:pilots])
    done = 0
    for j in range(pilots):
        place = places[j % len(places)]
        pilot = services.pilot_save(actor=None, themes=governance, data={
            "code": f"BD-{j + 1:03d}", "title_th": f"ปรับปรุงบริการประชาชน {place.name_th}",
            "municipality": place, "province": place.province, "status": Pilot.Status.ACTIVE,
            "is_public": True, "coordinator": None, "starts_on": oldest})
        coach = coach_services.coach_apply(
            user=None, status=Coach.Status.ACTIVE, notify=False,
            data={"name_th": f"วิทยากร ทดสอบ{j + 1}", "home_municipality": place,
                  "position": "นักวิเคราะห์นโยบายและแผน", "phone": f"08{j + 1:08d}",
                  "email": f"coach{j + 1}@bench.example.org", "availability_days": 4,
                  "public_fields": []},
            themes=governance, tools=TransferTool.objects.filter(code="swot"),
            languages=[{"language": "th", "level": "native"}],
            executives=[
                {"name": f"นายกเทศมนตรี{place.name_th}", "position": "mayor",
                 "email": f"mayor{j + 1}@bench.example.org"},
                {"name": f"ปลัดเทศบาล {j + 1}", "position": "clerk",
                 "email": f"clerk{j + 1}@bench.example.org"},
            ])
        services.assignment_add(pilot=pilot, coach=coach, role="lead", starts_on=oldest)
        indicator = services.indicator_add(pilot=pilot, data={
            "name_th": "ความพึงพอใจของประชาชน", "unit": "%", "baseline": 60, "target": 90,
            "starts_on": oldest, "due_on": oldest + datetime.timedelta(days=3 * 365)})
        for index in range(min(per_pilot, reports - done)):
            year, month = _month(index)
            report = report_services.report_start(pilot=pilot, coach=coach, kind="month", year=year,
                                                  number=month)
            report_services.report_update(report=report, actor=None, data={
                "summary": SUMMARY, "aar_expected": "ประชาชนรอคิวน้อยลง",
                "aar_happened": "ระบบคิวออนไลน์ใช้งานได้จริง", "next_steps": "ขยายไปงานทะเบียน"},
                measurements=[{"indicator": indicator, "value": 60 + (index * 7) % 30}])
            report_services.report_submit(report=report, actor=None)
            done += 1
            if done % 100 == 0:
                print(f"  {done}/{reports} reports submitted", flush=True)
    created = Delivery.objects.count()
    if created != count:
        raise SystemExit(f"error: setup made {created} copies, not {count}")


def floor() -> None:
    """The plain loop: the same messages, built and sent one after another over one SMTP
    connection in this one process. Prints its progress and, last, `FLOOR <sent> <seconds>`."""
    from django.core.mail import mailers

    from deliveries.brief import render_brief
    from deliveries.message import report_message
    from deliveries.models import Delivery

    started = time.perf_counter()
    deliveries = list(Delivery.objects.select_related(
        "report__pilot__municipality", "report__pilot__province", "report__coach")
        .order_by("pk"))
    mailer = mailers.default
    mailer.open()
    sent = 0
    try:
        for delivery in deliveries:
            brief = render_brief(delivery.report, delivery.language)  # per message
            sent += mailer.send_messages([report_message(delivery, brief=brief)])
            if sent % 200 == 0:
                print(f"  plain loop: {sent}/{len(deliveries)} sent "
                      f"({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        mailer.close()
    print(f"FLOOR {sent} {time.perf_counter() - started:.3f}", flush=True)


# --- The driver ----------------------------------------------------------------------------

def database(pghost: str, fresh: bool) -> str:
    """Create the benchmark's database (UTF-8 ctype, as production) unless it exists."""
    def psql(sql: str) -> str:
        command = ["psql", "-h", pghost, "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt",
                   "-c", sql]
        return subprocess.run(command, check=True, stdout=subprocess.PIPE,  # noqa: S603
                              text=True).stdout.strip()

    if fresh:
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"):  # noqa: S608
        psql(f"CREATE DATABASE {DB_NAME} TEMPLATE template0 ENCODING 'UTF8' "
             "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    return f"postgres://postgres@{pghost}:5432/{DB_NAME}"


def pinned(core: int | None) -> list[str]:
    return ["taskset", "-c", str(core)] if core is not None else []


def wait_for_log(path: Path, text: str, process: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if text in path.read_text(errors="replace"):
            return True
        time.sleep(0.2)
    return False


def with_pdf(sink) -> int:
    """How many of the messages the server received carry a PDF brief."""
    return sum(any(part.get_content_type() == "application/pdf" for part in message.walk())
               for message in list(sink.messages))


def reset() -> None:
    """Every copy pending again, and no brief kept: each run renders its own."""
    from deliveries.models import Delivery, ReportBrief

    Delivery.objects.update(status=Delivery.Status.PENDING, attempts=0, claimed_at=None,
                            sent_at=None, message_id="", last_error="", confirmed_at=None)
    for brief in ReportBrief.objects.all():
        brief.file.delete(save=False)
    ReportBrief.objects.all().delete()


def run_worker(env, sink, log: Path, core, processes: int = 1, spread=()) -> dict:
    """Queue every copy to the worker(s) and time until the database has them all sent.
    One worker process runs pinned to `core`; several run under `spread` (a taskset command
    for every core: otherwise they would inherit this process's affinity, the SMTP server's
    core only)."""
    from config.celery import app
    from deliveries.models import Delivery, ReportBrief
    from deliveries.tasks import deliver_report

    app.control.purge()
    reset()
    sink.messages.clear()
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    reports = sorted(set(Delivery.objects.values_list("report_id", flat=True)))
    pool = (["--pool=solo", "--concurrency=1"] if processes == 1
            else ["--pool=prefork", f"--concurrency={processes}"])
    with log.open("w") as out:
        worker = subprocess.Popen(  # noqa: S603
            [*(pinned(core) if processes == 1 else spread), PY, "-m", "celery", "-A", "config",
             "worker", *pool, "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        if not wait_for_log(log, " ready.", worker, timeout=120):
            raise SystemExit(f"error: the worker did not start; see {log}")
        print(f"Worker ready (pid {worker.pid}); queueing the {len(reports)} reports' "
              f"{len(ids)} copies...", flush=True)
        started = time.perf_counter()
        for pk in reports:
            deliver_report.delay(pk)
        queued = time.perf_counter() - started
        print(f"  queued in {queued:.1f} s", flush=True)
        sent, last_report, last_change, last_sent = 0, started, started, 0
        while sent < len(ids):
            time.sleep(0.2)
            sent = Delivery.objects.filter(status=Delivery.Status.SENT).count()
            now = time.perf_counter()
            if sent != last_sent:
                last_change, last_sent = now, sent
            elif now - last_change > 120 or worker.poll() is not None:
                raise SystemExit(f"error: the worker stopped at {sent}/{len(ids)}; see {log}")
            if now - last_report >= 10:
                print(f"  worker: {sent}/{len(ids)} sent ({now - started:.0f} s)", flush=True)
                last_report = now
        elapsed = time.perf_counter() - started
        time.sleep(3)  # anything sent twice would arrive now
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    received = sink.message_ids()
    pdfs = with_pdf(sink)
    expected = set(Delivery.objects.values_list("message_id", flat=True))
    attempts = sorted(set(Delivery.objects.values_list("attempts", flat=True)))
    return {"processes": processes, "briefs_rendered": ReportBrief.objects.count(),
            "count": len(ids), "seconds": elapsed, "queueing_seconds": queued,
            "per_second": len(ids) / elapsed, "received": len(received),
            "distinct": len(set(received)), "with_pdf": pdfs,
            "exactly_once": (len(received) == len(set(received)) == len(ids)
                             and set(received) == expected and "" not in expected),
            "attempts": attempts}


def run_floor(env, sink, core) -> dict:
    code = "import django; django.setup(); from bench.deliveries import floor; floor()"
    process = subprocess.Popen([*pinned(core), PY, "-c", code], cwd=ROOT,  # noqa: S603
                               env=env, stdout=subprocess.PIPE, text=True)
    result = None
    for line in process.stdout:
        if line.startswith("FLOOR "):
            _, sent, seconds = line.split()
            result = {"count": int(sent), "seconds": float(seconds),
                      "per_second": int(sent) / float(seconds)}
        else:
            print(line, end="", flush=True)
    if process.wait() != 0 or result is None:
        raise SystemExit("error: the plain loop failed")
    result["received"] = len(sink.message_ids())
    result["with_pdf"] = with_pdf(sink)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000,
                        help="report copies to send (even: two executives per report)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark database")
    parser.add_argument("--workers", type=int, nargs="+", default=[1], metavar="N",
                        help="worker processes to try, e.g. --workers 1 2 4 (a table)")
    args = parser.parse_args()
    if args.count < 2 or args.count % 2:
        parser.error("--count must be an even number of at least 2")

    cores = sorted(os.sched_getaffinity(0))
    spread = ["taskset", "-c", ",".join(map(str, cores))]
    worker_core = cores[0] if len(cores) >= 2 else None
    if worker_core is not None:  # this process (the SMTP server) keeps off the senders' core
        os.sched_setaffinity(0, set(cores[1:]))

    from tests.smtp_sink import SmtpServer

    smtp = SmtpServer()
    pghost = os.environ.get("BENCH_PGHOST", "127.0.0.1")
    env = {
        **os.environ,
        "DATABASE_URL": database(pghost, args.fresh),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": "benchmark-only-" + "k" * 40, "DEBUG": "0", "DEMO_CONTENT": "0",
        "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/12"),
        "CELERY_RESULT_BACKEND": "",
        "EMAIL_URL": smtp.url.replace("timeout=5", "timeout=30"),
    }
    os.environ.update(env)
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    from config.celery import app
    from deliveries.models import Delivery
    from portal.models import Province

    print("Preparing the database (kept between runs; --fresh rebuilds it)...", flush=True)
    call_command("migrate", "--noinput", verbosity=0)
    existing = Delivery.objects.count()
    if existing not in (0, args.count) or Delivery.objects.exclude(language="th").exists():
        print(f"It holds {existing} copies, not {args.count} for Thai readers: rebuilding it",
              flush=True)
        connection.close()
        database(pghost, fresh=True)
        call_command("migrate", "--noinput", verbosity=0)
    if not Province.objects.exists():
        with open(os.devnull, "w") as quiet:
            call_command("load_reference_data", stdout=quiet, stderr=quiet)
    prepare(args.count)
    # Setup queued the copies as the coaches submitted; no worker was there to take them.
    app.control.purge()
    reset()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    reports = Delivery.objects.values("report").distinct().count()
    print(f"{args.count} pending copies of {reports} submitted reports", flush=True)

    where = f" on CPU {worker_core}" if worker_core is not None else ""
    smtp.start()
    try:
        print(f"\nPlain loop: one process{where}, one SMTP connection...", flush=True)
        plain = run_floor(env, smtp.sink, worker_core)
        smtp.sink.messages.clear()
        runs = []
        for processes in sorted(set(args.workers) | {1}):
            label = (f"1 worker, solo pool{where}" if processes == 1
                     else f"{processes} worker processes, prefork pool")
            print(f"\nWorker: Celery through Redis, {label}...", flush=True)
            runs.append(run_worker(env, smtp.sink,
                                   ROOT / "var" / f"bench-deliveries-worker-{processes}.log",
                                   worker_core, processes, spread))
    finally:
        smtp.stop()

    worker = runs[0]
    ratio = worker["per_second"] / plain["per_second"]
    print(f"\n{args.count} report copies of {reports} reports (two executives each, both "
          f"reading Thai), each with its PDF brief, to an SMTP server on loopback\n")
    print(f"{'path':<52}{'seconds':>9}{'msg/s':>8}{'PDFs rendered':>15}")
    print(f"{'plain loop (1 process, 1 connection' + where + ')':<52}{plain['seconds']:>9.1f}"
          f"{plain['per_second']:>8.2f}{plain['count']:>15}")
    print(f"{'worker (Redis, 1 solo worker' + where + ')':<52}{worker['seconds']:>9.1f}"
          f"{worker['per_second']:>8.2f}{worker['briefs_rendered']:>15}")
    print(f"\nratio worker / plain loop: {ratio:.2f}")
    print(f"(queueing the {reports} tasks took {worker['queueing_seconds']:.1f} s of the "
          f"worker's time; attempts per copy: {worker['attempts']})")
    if len(runs) > 1:
        print(f"\n{'worker processes':<18}{'seconds':>9}{'msg/s':>8}{'vs 1 process':>14}")
        for run in runs:
            print(f"{run['processes']:<18}{run['seconds']:>9.1f}{run['per_second']:>8.2f}"
                  f"{run['per_second'] / worker['per_second']:>14.2f}")
        print(f"(on this machine's {len(cores)} cores; the SMTP server shares the second)")
    print()
    once = all(run["exactly_once"] for run in runs) and (
        plain["received"] == plain["count"] == args.count)
    pdfs = all(run["with_pdf"] == args.count for run in runs) and plain["with_pdf"] == args.count
    fast = ratio >= 1.6
    print(f"{'PASS' if fast else 'FAIL'}: one worker sends at least 1.6 times as fast as the "
          f"plain per-message loop ({ratio:.2f})")
    print(f"{'PASS' if once else 'FAIL'}: all {args.count} delivered exactly once in every run "
          f"(distinct Message-IDs at the sink: {worker['distinct']} of {worker['received']} "
          "received with one worker)")
    print(f"{'PASS' if pdfs else 'FAIL'}: every message carries its PDF brief (one worker "
          f"{worker['with_pdf']}, plain loop {plain['with_pdf']})")
    (ROOT / "var" / "bench-deliveries.json").write_text(json.dumps(
        {"workers": runs, "plain_loop": plain, "ratio": ratio}, indent=2))
    return 0 if once and pdfs and fast else 1


if __name__ == "__main__":
    sys.exit(main())
