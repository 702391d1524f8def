"""The benchmark: Cramps served as in production and driven from outside by Locust.

One run builds scale data in a scratch database (SQLite in a temporary folder; with
DATABASE_URL set, a new PostgreSQL database beside the one it names, dropped afterwards),
collects the static files into a temporary STATIC_ROOT, serves the app with gunicorn
(DEBUG off, WhiteNoise and every middleware) on 127.0.0.1, and has Locust users who each
signed in once request one endpoint after another, each for a fixed time. It prints one
table and writes it to bench/results/ as Markdown and JSON:

- req/s, p50 and p95 latency and errors, from Locust;
- × floor: throughput as a share of the floor's, Django's log-in page for an anonymous
  visitor, measured in the same run (absolute figures depend on the machine and on
  whatever else it is doing; the ratios much less);
- queries and rows per request, counted in this process on the same database.

It also checks that every quick log that was answered as saved is in the database.

    make bench                                  # 20 coaches × 50 athletes × 120 episodes, 15 s per endpoint
    make bench BENCH_ARGS=--quick               # 3 s per endpoint
    .venv/bin/python bench/run.py --help
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "scale-data-password"

# Endpoint name → what it is, in the order they are measured.
# The quick log comes last, so the pages before it read the data at the size it was built.
ENDPOINTS = {
    "floor": "Django's log-in page, anonymous (the floor)",
    "history": "episode list, athlete",
    "insights": "insights, athlete",
    "routine": "plan and today's session, athlete",
    "dashboard": "coach dashboard",
    "coach-athlete": "one athlete, coach",
    "library-list": "library exercise list",
    "exercise": "library exercise page",
    "quick-log": "quick-log POST (htmx), athlete",
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coaches", type=int, default=20)
    parser.add_argument("--athletes", type=int, default=50, help="athletes per coach")
    parser.add_argument("--episodes", type=int, default=120, help="episodes per athlete, over a year")
    parser.add_argument("--users", type=int, default=16, help="concurrent Locust users")
    parser.add_argument("--seconds", type=float, default=15, help="measured time per endpoint")
    parser.add_argument("--settle", type=float, default=2, help="unmeasured time before each endpoint's")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--servers", type=int, default=1, help="gunicorn servers; more than one go behind nginx")
    parser.add_argument("--quick", action="store_true", help="3 s per endpoint, 1 s to settle")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"), help="where the results go")
    parser.add_argument("--label", default="", help="a word for the results' file names and title")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.settle = 3, 1
    return args


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ScratchDatabase:
    """SQLite in a temporary folder, or a fresh PostgreSQL database beside DATABASE_URL's."""

    def __init__(self, workdir):
        self.admin_url = os.environ.get("DATABASE_URL", "")
        if not self.admin_url:
            self.url, self.vendor = f"sqlite:///{workdir / 'bench.sqlite3'}", "sqlite"
            return
        parts = urllib.parse.urlsplit(self.admin_url)
        self.name = f"{parts.path.lstrip('/') or 'cramps'}_bench_{os.getpid()}"
        self.url, self.vendor = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}")), "postgresql"
        # Created and dropped from the server's maintenance database; the one named may not exist.
        self.admin_url = urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
        self._admin(f'CREATE DATABASE "{self.name}"')

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql)

    def drop(self):
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def manage(env, *args):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def wait_for(url, deadline=60):
    until = time.monotonic() + deadline
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, reset, or a read that timed out while the server starts under load
            pass
        if time.monotonic() > until:
            raise RuntimeError(f"{url} did not answer within {deadline} s")
        time.sleep(0.2)


def nginx_config(workdir, port, upstreams):
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in upstreams)
    return f"""daemon off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {workdir}/nginx-body;
  proxy_temp_path {workdir}/nginx-proxy;
  upstream cramps {{
{servers}
    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://cramps;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
  }}
}}
"""


class Servers:
    """gunicorn servers on 127.0.0.1 (behind nginx when more than one); stopped by stop()."""

    def __init__(self, env, workdir, *, servers, workers):
        self.processes = []
        self.log = open(workdir / "servers.log", "ab")  # noqa: SIM115 (closed in stop)
        ports = [free_port() for _ in range(servers)]
        for port in ports:
            command = [sys.executable, "-m", "gunicorn", "cramps.wsgi", "--bind", f"127.0.0.1:{port}"]
            command += ["--workers", str(workers), "--no-control-socket"]
            self.processes.append(subprocess.Popen(command, env=env, cwd=ROOT, stdout=self.log, stderr=self.log))
        for port in ports:
            wait_for(f"http://127.0.0.1:{port}/healthz")
        if servers == 1:
            self.url = f"http://127.0.0.1:{ports[0]}"
            return
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise SystemExit("Two servers need nginx as their load balancer: apt-get install -y nginx")
        port = free_port()
        (workdir / "nginx.conf").write_text(nginx_config(workdir, port, ports))
        command = [nginx, "-c", str(workdir / "nginx.conf"), "-e", str(workdir / "nginx-error.log")]
        self.processes.append(subprocess.Popen(command, cwd=workdir, stdout=self.log, stderr=self.log))
        self.url = f"http://127.0.0.1:{port}"
        wait_for(self.url + "/healthz")

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.log.close()


def plan_for(args, url):
    """Who signs in and what each endpoint asks for: one athlete per user, each with their coach."""
    from athletes.management.commands.build_scale_data import athlete_username, coach_username
    from athletes.models import User
    from library.models import Exercise
    from twofactor.testing import give_authenticator

    accounts = []
    for n in range(args.users):
        c, a = n % args.coaches, (n // args.coaches) % args.athletes
        coach = User.objects.get(username=coach_username(c))
        athletes = list(
            User.objects.filter(coach_links__coach=coach, coach_links__ended_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        # Coaches sign in with a code after the password: the Locust user works it out from the app's key.
        key = give_authenticator(coach).key
        accounts.append(
            {"athlete": athlete_username(c, a), "coach": coach.username, "coach_key": key, "athletes": athletes}
        )
    return {
        "host": url,
        "users": args.users,
        "seconds": args.seconds,
        "settle": args.settle,
        "password": PASSWORD,
        "endpoints": list(ENDPOINTS),
        "accounts": accounts,
        "exercises": list(Exercise.objects.values_list("slug", flat=True)),
    }


def count_per_request(plan):
    """Queries and rows per request of each endpoint, as the first user asks for them, in this process."""
    import uuid

    from django.test import Client

    from athletes.models import User
    from bench.counting import counting
    from twofactor.testing import pass_second_step

    account = plan["accounts"][0]
    athlete, coach, anonymous = Client(), Client(), Client()
    athlete.force_login(User.objects.get(username=account["athlete"]))
    coach_user = User.objects.get(username=account["coach"])
    coach.force_login(coach_user)
    pass_second_step(coach, coach_user)  # the code step, as the code page does after a right code
    requests = {
        "floor": lambda: anonymous.get("/accounts/login/"),
        "quick-log": lambda: athlete.post(
            "/log/quick/", {"muscle": "calves", "severity": 5, "idempotency_key": uuid.uuid4()}, HTTP_HX_REQUEST="true"
        ),
        "history": lambda: athlete.get("/log/"),
        "insights": lambda: athlete.get("/insights/"),
        "routine": lambda: athlete.get("/routine/"),
        "dashboard": lambda: coach.get("/coach/"),
        "coach-athlete": lambda: coach.get(f"/coach/athletes/{account['athletes'][0]}/"),
        "library-list": lambda: athlete.get("/library/exercises/"),
        "exercise": lambda: athlete.get(f"/library/exercises/{plan['exercises'][0]}/"),
    }
    counts = {}
    for name, request in requests.items():
        request()  # the first request may fill a cache; count the steady state
        with counting() as c:
            response = request()
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = {"queries": c.queries, "rows": c.rows}
    return counts


def table(rows, floor_rps):
    lines = [
        "| endpoint | req/s | × floor | p50 ms | p95 ms | errors | queries | rows |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in rows.items():
        ratio = r["rps"] / floor_rps if floor_rps else 0
        p50 = "–" if r["p50_ms"] is None else f"{r['p50_ms']:.0f}"
        p95 = "–" if r["p95_ms"] is None else f"{r['p95_ms']:.0f}"
        cells = [name, f"{r['rps']:.1f}", f"{ratio:.2f}", p50, p95, r["failures"], r["queries"], r["rows"]]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines)


def git_commit():
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip()
    except OSError:
        return ""


def main(argv=None):
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="cramps-bench-"))
    database = ScratchDatabase(workdir)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cramps.settings",
        "DATABASE_URL": database.url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "0",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "STATIC_ROOT": str(workdir / "static"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONPATH": str(ROOT),
    }
    servers = None
    try:
        started = time.monotonic()
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_library", "-v0")
        size = ["--coaches", str(args.coaches), "--athletes", str(args.athletes), "--episodes", str(args.episodes)]
        manage(env, "build_scale_data", *size, "--password", PASSWORD)
        manage(env, "collectstatic", "--noinput", "-v0")
        print(f"Data and static files ready in {time.monotonic() - started:.0f} s.", flush=True)

        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.db import connections

        from athletes.models import CrampEpisode

        servers = Servers(env, workdir, servers=args.servers, workers=args.workers)
        plan = plan_for(args, servers.url)
        (workdir / "plan.json").write_text(json.dumps(plan))
        counts = count_per_request(plan)  # before the load's quick logs add to the data
        episodes_before = CrampEpisode.objects.count()
        connections.close_all()
        load = [sys.executable, str(ROOT / "bench" / "locustfile.py"), str(workdir / "plan.json")]
        subprocess.run([*load, str(workdir / "load.json")], env=env, cwd=ROOT, check=True)
        measured = json.loads((workdir / "load.json").read_text())
        saved = CrampEpisode.objects.count() - episodes_before
        connections.close_all()
    finally:
        if servers is not None:
            servers.stop()
        database.drop()
        shutil.rmtree(workdir, ignore_errors=True)

    rows = {name: {**measured["endpoints"][name], **counts[name]} for name in ENDPOINTS}
    floor = rows["floor"]["rps"]
    for row in rows.values():
        row["ratio"] = row["rps"] / floor if floor else 0
    check = {"posted": measured["quick_logs_saved"], "saved": saved}
    check["ok"] = check["posted"] == check["saved"] and check["posted"] > 0
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    params = {
        "database": database.vendor,
        "coaches": args.coaches,
        "athletes_per_coach": args.athletes,
        "episodes_per_athlete": args.episodes,
        "users": args.users,
        "seconds": args.seconds,
        "servers": args.servers,
        "workers": args.workers,
        "commit": git_commit(),
        "at": stamp,
        "cores": os.cpu_count(),
        "load_average": os.getloadavg()[0],
    }
    title = (
        f"Cramps benchmark{' ' + args.label if args.label else ''}: {params['database']}, "
        f"{args.coaches} coaches × {args.athletes} athletes × {args.episodes} episodes, {args.users} users, "
        f"{args.seconds:g} s per endpoint, {args.servers} server(s) × {args.workers} gunicorn workers, "
        f"commit {params['commit']}, {stamp} UTC"
    )
    verdict = "ok" if check["ok"] else "FAILED"
    markdown = "\n\n".join(
        [
            f"## {title}",
            table(rows, floor),
            f"Quick-log check: {check['posted']} answered as saved, {check['saved']} new rows: {verdict}.",
            "Queries and rows are per request, counted in process; × floor is req/s over the floor's req/s.",
        ]
    )
    print("\n" + markdown)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    name = f"{stamp}-{database.vendor}{'-' + args.label if args.label else ''}"
    (out / f"{name}.md").write_text(markdown + "\n")
    (out / f"{name}.json").write_text(json.dumps({"params": params, "endpoints": rows, "check": check}, indent=2))
    print(f"\nWritten to {out / name}.md and .json")
    errors = sum(row["failures"] for row in rows.values())
    return 0 if check["ok"] and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
