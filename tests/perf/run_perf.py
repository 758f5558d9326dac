#!/usr/bin/env python
"""Performance harness for Place Exchange (`make perf`; not part of `make test`).

What it does, in order:
1. creates (or reuses) the PostgreSQL database ``pe_perf`` and migrates it;
2. loads the demo content and, where their seed modules exist, the data volumes
   (official data, 1,000 case studies, 10,000 threads / 100,000 posts, 50,000 search items);
   a volume whose module or command is not there yet is skipped with a printed note;
   volumes already loaded are remembered in the database, so a second run does not repeat them;
3. runs ``collectstatic`` and starts the production stack on 127.0.0.1: gunicorn (production
   settings, deploy/gunicorn.conf.py, 2 gthread workers) behind nginx (deploy/nginx.conf.template,
   which also serves the static files); ``--bare`` measures gunicorn alone, as before;
4. drives each key page with wrk at 16 concurrent connections for a bounded time and prints
   requests/s, p50/p95/p99 latency and errors, with the data volume used; also the council
   profile's server time with the anonymous page cache bypassed;
5. times search without any cache on the same data (tests/perf/perf_search.py): p50/p95;
6. signed in beside anonymous for the member pages (case study, thread, council profile,
   search): wrk with a member's session cookie, then server time in-process
   (tests/perf/perf_signed_in.py);
7. runs the reliability check (tests/perf/perf_reliability.py: /healthz under 100 ms while 50 idle
   and 20 slowloris connections are held open) and fails when it does;
8. stops nginx and gunicorn (also on Ctrl-C or an error).

Traffic goes only to 127.0.0.1. Options: ``--fresh`` (drop and rebuild the database),
``--duration`` seconds per URL, ``--lighthouse`` (run scripts/lighthouse.mjs instead of wrk),
``--serve SECONDS`` (just serve for manual checks). Run ``python tests/perf/run_perf.py --help``.
"""

from __future__ import annotations

import argparse
import atexit
import http.client
import inspect
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from html import unescape
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
from scripts.production_stack import NginxProxy  # noqa: E402 - needs the repository on the path

HOST = "127.0.0.1"  # load is only ever sent to the loopback address
PORT = int(os.environ.get("PERF_PORT", "8107"))  # what is measured: nginx, or gunicorn with --bare
APP_PORT = int(os.environ.get("PERF_APP_PORT", str(PORT + 1)))  # gunicorn behind nginx
DB_NAME = os.environ.get("PERF_DB", "pe_perf")
PG_SERVER = os.environ.get("PERF_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("PERF_REDIS_URL", "redis://127.0.0.1:6379/11")
DATA_DIR = Path(os.environ.get("DATA_DIR") or ROOT.parent / "shared" / "data")

# gunicorn: 2 workers on 2 cores. gthread measured best here (see the perf notes in the report):
# cached pages are I/O bound on Redis, so a few threads per worker keep both cores busy.
WORKERS = int(os.environ.get("PERF_WORKERS", "2"))
WORKER_CLASS = os.environ.get("PERF_WORKER_CLASS", "gthread")
THREADS = int(os.environ.get("PERF_THREADS", "4"))


# --------------------------------------------------------------------------------------
# Environment and processes
# --------------------------------------------------------------------------------------


def server_env(bare: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cop.settings.production",
        SECRET_KEY=os.environ.get("PERF_SECRET_KEY") or secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"{PG_SERVER}/{DB_NAME}",
        REDIS_URL=REDIS_URL,
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        TRUSTED_PROXY_COUNT="0" if bare else "1",  # nginx appends the client to X-Forwarded-For
        DATA_DIR=str(DATA_DIR),
        # The API limits (600 and 1,200/min per address) would answer most load-test requests
        # with 429; the throttles themselves still run (cache round trips per request).
        API_ANON_RATE=os.environ.get("PERF_API_RATE", "1000000/min"),
        API_USER_RATE=os.environ.get("PERF_API_RATE", "1000000/min"),
        PYTHONPATH=str(ROOT),
    )
    # Search uses Wagtail's database backend unless PERF_ELASTICSEARCH_URL is given.
    env.pop("ELASTICSEARCH_URL", None)
    if os.environ.get("PERF_ELASTICSEARCH_URL"):
        env["ELASTICSEARCH_URL"] = os.environ["PERF_ELASTICSEARCH_URL"]
    return env


def say(message: str) -> None:
    print(message, flush=True)


def ensure_wrk() -> str:
    """wrk from Debian; installed with apt-get when missing (the machines run as root)."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk is missing: installing it with apt-get ...")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
        found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is not installed and could not be installed (apt-get install wrk).")
    return found


class Server:
    """gunicorn in its own process group, always stopped on exit."""

    def __init__(self, env: dict[str, str], log_path: Path, port: int = PORT):
        self.env = env
        self.log_path = log_path
        self.port = port
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        for port in {PORT, self.port}:
            if port_in_use(port):
                sys.exit(f"Port {port} on {HOST} is already in use: stop the old server first.")
        cmd = [
            str(BIN / "gunicorn"),
            "cop.wsgi:application",
            "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),  # the deployed settings; these override
            "--bind", f"{HOST}:{self.port}",
            "--workers", str(WORKERS),
            "--worker-class", WORKER_CLASS,
            "--threads", str(THREADS),
            "--log-level", "warning",
            # Heartbeat files in memory, not on the overlay disk.
            "--worker-tmp-dir", "/dev/shm" if Path("/dev/shm").is_dir() else tempfile.gettempdir(),  # noqa: S108
            "--timeout", "60",
        ]  # fmt: skip
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        atexit.register(self.stop)
        say(f"gunicorn started (pid {self.proc.pid}): {WORKERS} workers, {WORKER_CLASS}, {THREADS} threads")

    def wait_healthy(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                status, body, _ = http_get("/healthz")
                if status == 200:
                    say("healthz: 200")
                    return
                last = f"{status} {body[:200]!r}"
            except OSError as exc:
                last = str(exc)
            time.sleep(0.5)
        self.stop()
        sys.exit(
            f"The server did not become healthy ({last}); log: {self.log_path}\n" + self.log_path.read_text()[-3000:]
        )

    def cpu_seconds(self) -> float:
        """User+system CPU used so far by gunicorn's master and workers (from /proc)."""
        if self.proc is None:
            return 0.0
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(stat.parent.name), int(fields[1])
            if pid == self.proc.pid or ppid == self.proc.pid:
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=5)
        self.log.close()
        say("gunicorn stopped")


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def http_get(path: str, cookie: str | None = None, timeout: float = 30) -> tuple[int, str, dict[str, str]]:
    conn = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    headers = {"Host": f"{HOST}:{PORT}", "Accept-Encoding": "identity"}
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, body, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


# --------------------------------------------------------------------------------------
# Database and data volumes (run in this process with the production settings)
# --------------------------------------------------------------------------------------


def create_database(fresh: bool) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if fresh:
            say(f"Dropping database {DB_NAME} ...")
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
            say(f"Created database {DB_NAME}")


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class Volume:
    name: str
    amount: int
    module: str | None = None  # tests.perf.seed_* module with seed()
    kwargs: dict = field(default_factory=dict)
    command: tuple | None = None  # or a management command

    def available(self) -> str | None:
        """None when it can be loaded, else why not."""
        if self.command:
            from django.core.management import get_commands

            if self.command[0] not in get_commands():
                return f"command `{self.command[0]}` does not exist yet"
            if self.command[0] == "import_official_data" and not DATA_DIR.is_dir():
                return f"data directory {DATA_DIR} not found"
            return None
        if find_spec(self.module) is None:
            return f"module {self.module} does not exist yet"
        return None

    def load(self) -> None:
        if self.command:
            from django.core.management import call_command

            call_command(*self.command)
            return
        seed = import_module(self.module).seed
        params = inspect.signature(seed).parameters
        if self.kwargs and all(name in params for name in self.kwargs):
            seed(**self.kwargs)
        else:
            seed(self.amount)


VOLUMES = [
    Volume("official data", 1, command=("import_official_data", str(DATA_DIR))),
    Volume("case studies", 1_000, module="tests.perf.seed_content"),
    Volume(
        "discussion threads/posts",
        10_000,
        module="tests.perf.seed_discussions",
        kwargs={"threads": 10_000, "posts": 100_000},
    ),
    Volume("search items", 50_000, module="tests.perf.seed_search"),
]


def loaded_volumes() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS perf_harness_volume "
            "(name text PRIMARY KEY, amount integer NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now())"
        )
        cursor.execute("SELECT name, amount FROM perf_harness_volume")
        return dict(cursor.fetchall())


def remember_volume(volume: Volume) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO perf_harness_volume (name, amount) VALUES (%s, %s) "
            "ON CONFLICT (name) DO UPDATE SET amount = EXCLUDED.amount, loaded_at = now()",
            [volume.name, volume.amount],
        )


def prepare_database(fresh: bool, load_volumes: bool = True) -> list[str]:
    """Migrate, load demo content and the data volumes. Returns printed notes."""
    from django.core.management import call_command

    notes = []
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    say(f"migrate: {time.monotonic() - started:.1f}s")
    started = time.monotonic()
    try:
        with open(os.devnull, "w") as quiet:
            call_command("load_demo", verbosity=0, stdout=quiet)
        say(f"load_demo: {time.monotonic() - started:.1f}s")
    except Exception as exc:  # noqa: BLE001 - measure what there is; say what failed
        note = f"load_demo FAILED ({exc.__class__.__name__}: {str(exc).splitlines()[0]}): demo content incomplete"
        notes.append(note)
        say(note)
    done = loaded_volumes()
    for volume in VOLUMES if load_volumes else []:
        if volume.name in done:
            say(f"volume {volume.name}: already loaded ({done[volume.name]:,})")
            continue
        why_not = volume.available()
        if why_not:
            note = f"volume {volume.name}: skipped, {why_not}"
            notes.append(note)
            say(note)
            continue
        started = time.monotonic()
        say(f"volume {volume.name}: loading {volume.amount:,} ...")
        try:
            volume.load()
        except Exception as exc:  # noqa: BLE001 - report and carry on with the other pages
            note = f"volume {volume.name}: FAILED to load ({exc.__class__.__name__}: {exc})"
            notes.append(note)
            say(note)
            continue
        remember_volume(volume)
        say(f"volume {volume.name}: loaded in {time.monotonic() - started:.1f}s")
    from cop.core.cache import purge_page_cache

    purge_page_cache()
    return notes


def static_is_current() -> bool:
    """True when the collected manifest is newer than every source static file we own."""
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    sources = [ROOT / "static", *ROOT.glob("*/static"), *ROOT.glob("*/*/static")]
    for folder in sources:
        if folder.parts[len(ROOT.parts)] in ("node_modules", ".venv", "staticfiles"):
            continue
        for path in folder.rglob("*"):
            if path.is_file() and path.stat().st_mtime > built:
                return False
    return True


def collect_static() -> None:
    from django.core.management import call_command

    if static_is_current():
        say("collectstatic: up to date")
        return
    started = time.monotonic()
    call_command("collectstatic", interactive=False, verbosity=0)
    say(f"collectstatic: {time.monotonic() - started:.1f}s")


def count(app_label: str, model_name: str, **filters) -> int | None:
    from django.apps import apps

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    try:
        return model._default_manager.filter(**filters).count()
    except Exception:  # noqa: BLE001 - a model without that field: report nothing
        return None


def data_volume_summary() -> str:
    parts = []
    for label, args in [
        ("pages", ("wagtailcore", "Page")),
        ("case studies", ("casestudies", "CaseStudyPage")),
        ("search documents", ("sitesearch", "SearchDocument")),
        ("threads", ("discussions", "Thread")),
        ("posts", ("discussions", "Post")),
        ("authorities", ("benchmarks", "Authority")),
        ("outturn values", ("benchmarks", "OutturnValue")),
    ]:
        value = count(*args)
        if value is not None:
            parts.append(f"{label} {value:,}")
    from django.db import connections

    connections.close_all()
    return ", ".join(parts)


# --------------------------------------------------------------------------------------
# Which pages to measure
# --------------------------------------------------------------------------------------


@dataclass
class Target:
    label: str
    path: str | None
    cookie: str | None = None
    connections: int = 16
    note: str = ""
    rate: int = 0  # paced load (requests/s) instead of as fast as possible


def first_link(html: str, pattern: str) -> str | None:
    match = re.search(r'href="(' + pattern + r')"', html)
    return match.group(1) if match else None


def orm_first(finders) -> str | None:
    """Try several ORM lookups; the first that yields a URL wins (models may not exist yet)."""
    for finder in finders:
        try:
            url = finder()
        except Exception:  # noqa: BLE001 - the model or field is not there (yet)
            url = None
        if url:
            return url
    return None


def case_study_url() -> str | None:
    def from_model():
        from casestudies.models import CaseStudyPage

        pages = CaseStudyPage.objects.live().order_by("pk")
        total = pages.count()
        return pages[total // 2].url if total else None

    return orm_first([from_model])


def thread_url() -> str | None:
    """A thread with about 200 replies (the seed makes some); else the longest thread."""

    def from_model():
        from django.db.models import Count

        from cop.discussions.models import Thread

        related = [f.name for f in Thread._meta.related_objects if f.related_model.__name__ == "Post"]
        if not related:
            return None
        threads = Thread.objects.annotate(n=Count(related[0]))
        thread = threads.filter(n__gte=200).order_by("n", "pk").first() or threads.order_by("-n").first()
        return thread.get_absolute_url() if thread else None

    return orm_first([from_model])


def councils() -> list[str]:
    """GSS codes of a few current county councils (then any council), to try in turn."""

    def from_model():
        from benchmarks.models import Authority

        current = Authority.objects.filter(end_date__isnull=True)
        codes = list(current.filter(authority_type="CTY").order_by("name").values_list("gss_code", flat=True)[:5])
        return codes or list(current.order_by("name").values_list("gss_code", flat=True)[:5])

    try:
        return from_model()
    except Exception:  # noqa: BLE001 - benchmarks not migrated or loaded yet
        return []


def reverse_or_none(name: str, **kwargs) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def latest_year() -> str | None:
    try:
        status, body, _ = http_get("/api/v1/years")
        years = [item["year"] for item in json.loads(body)] if status == 200 else []
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return max(years) if years else None


def benchmarking_targets() -> list[Target]:
    profile = service = api = None
    for gss in councils():
        candidate = reverse_or_none("benchmarks:profile", gss=gss) or f"/benchmarking/{gss}/"
        status, html, _ = http_get(candidate)
        if status != 200:
            continue
        profile = candidate
        link = first_link(html, re.escape(candidate) + r'[0-9+]+/[^"]*')
        service = unescape(link) if link else None
        api_link = first_link(html, r'/api/v1/compare\?[^"]*')
        if api_link:
            api = unescape(api_link)
        elif service and (year := latest_year()):
            code = service.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
            api = f"/api/v1/compare?authority={gss}&service={code}&year={year}"
        break
    targets = [
        Target("council profile", profile, note="" if profile else "no council profile answered 200"),
        Target("service view", service, note="" if service else "no service link on the profile"),
        Target("API compare", api, note="" if api else "no council/service/year for the API"),
        Target("search (2 words + 2 facets)", search_url()),
        # Without the page cache (a session cookie skips it) the exact result cache still
        # answers a repeated URL: this is the template's cost. The full search work, with
        # every cache off, is timed by perf_search after the table (search_timings).
        Target("search, no page cache, 1 conn", search_url(), cookie="sessionid=perf-uncached", connections=1),
    ]
    if profile:
        # Server time without the page cache: a session cookie makes the middleware skip it.
        # With 1 connection the latency is the server time; 16 connections show it under load.
        targets.append(
            Target("council profile UNCACHED, 1 conn", profile, cookie="sessionid=perf-uncached", connections=1)
        )
        targets.append(Target("council profile UNCACHED, 16 conn", profile, cookie="sessionid=perf-uncached"))
    return targets


def discover_targets() -> list[Target]:
    status, home_html, _ = http_get("/")
    css = first_link(home_html, r'/static/[^"]*main[^"]*\.css') or "/static/dist/main.css"
    targets = [
        Target("home", "/"),
        # The target is stated at 500 req/s: the latency at that offered load, not at saturation.
        Target("home, paced at ~500 req/s", "/", rate=500),
        Target("static CSS", css),
    ]

    targets.append(Target("case study index", "/case-studies/"))
    case_study = case_study_url()
    if not case_study:
        _, index_html, _ = http_get("/case-studies/")
        case_study = first_link(index_html, r"/case-studies/[a-z0-9-]+/")
    targets.append(Target("case study page", case_study, note="" if case_study else "no case study found"))

    targets.append(Target("thread list", "/discussions/"))
    # The benchmarking home page carries the map of England (issue 15's Lighthouse target).
    targets.append(Target("benchmarking home", "/benchmarking/"))
    thread = thread_url()
    targets.append(Target("thread (200 replies)", thread, note="" if thread else "no thread found"))
    targets.extend(benchmarking_targets())
    return targets


def search_url() -> str:
    """A two-word query with two facets (the same kind as tests/perf/perf_search.py)."""
    return "/search/?q=pooled+budget&type=Case+study&region=London&region=North+West"


# --------------------------------------------------------------------------------------
# Load
# --------------------------------------------------------------------------------------


@dataclass
class Result:
    target: Target
    status: int | None = None
    cache: str = ""
    member_page: str = ""  # X-Member-Page of the warm-up request: "hit" from the member page shell
    rps: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    p99: float = 0.0
    errors: int = 0
    requests: int = 0
    cpu_ms: float = 0.0  # gunicorn CPU per request: steadier than req/s on a busy machine
    skipped: str = ""


def drive(wrk: str, target: Target, duration: int, server: Server) -> Result:
    result = Result(target)
    if not target.path:
        result.skipped = target.note or "not available"
        return result
    try:
        status, _, headers = http_get(target.path, cookie=target.cookie)
        status, _, headers = http_get(target.path, cookie=target.cookie)  # second one is a cache hit
    except OSError as exc:
        result.skipped = f"request failed: {exc}"
        return result
    result.status = status
    result.cache = headers.get("x-page-cache", "-")
    result.member_page = headers.get("x-member-page", "-")
    if status != 200:
        result.skipped = f"HTTP {status}: page not there yet"
        return result
    env = dict(
        os.environ,
        PERF_COOKIE=target.cookie or "",
        PERF_RATE=str(target.rate),
        PERF_CONNECTIONS=str(target.connections),
    )
    cmd = [
        wrk,
        "-t",
        "1" if target.connections < 2 else "2",
        "-c",
        str(target.connections),
        "-d",
        f"{duration}s",
        "--timeout",
        "5s",
        "-s",
        str(HERE / "wrk_report.lua"),
        f"http://{HOST}:{PORT}{target.path}",
    ]
    cpu_before = server.cpu_seconds()
    run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=duration + 60)
    cpu_used = server.cpu_seconds() - cpu_before
    line = next((ln for ln in run.stdout.splitlines() if ln.startswith("PERFJSON ")), None)
    if line is None:
        result.skipped = f"wrk gave no figures: {run.stdout[-300:]} {run.stderr[-300:]}"
        return result
    data = json.loads(line.removeprefix("PERFJSON "))
    result.requests = data["requests"]
    result.rps = data["requests"] / (data["duration_us"] / 1e6)
    result.p50, result.p95, result.p99 = (data[k] / 1000 for k in ("p50", "p95", "p99"))
    result.cpu_ms = 1000 * cpu_used / max(1, data["requests"])
    result.errors = sum(data[k] for k in ("err_connect", "err_read", "err_write", "err_status", "err_timeout"))
    return result


def print_table(results: list[Result], volume: str, duration: int, bare: bool = False) -> None:
    say("")
    say(
        f"Place Exchange perf: {'bare gunicorn' if bare else 'nginx -> gunicorn'} {WORKERS}x {WORKER_CLASS} ({THREADS} threads), PostgreSQL {DB_NAME} + "
        f"Redis, {os.cpu_count()} cores, wrk {duration}s per URL"
    )
    say(f"Data volume: {volume}")
    header = (
        f"{'page':<36} {'conns':>5} {'cache':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'requests':>9} {'cpu ms/req':>10}  url"
    )
    say(header)
    say("-" * len(header))
    for r in results:
        t = r.target
        if r.skipped:
            say(f"{t.label:<36} {'':>5} {'':>5} {'skipped: ' + r.skipped}")
            continue
        say(
            f"{t.label:<36} {t.connections:>5} {r.cache:>5} {r.rps:>8.0f} {r.p50:>8.1f} {r.p95:>8.1f} "
            f"{r.p99:>8.1f} {r.errors:>6} {r.requests:>9} {r.cpu_ms:>10.2f}  {t.path}"
        )
    say("")


# --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the perf database")
    parser.add_argument("--no-volumes", action="store_true", help="demo content only, no large data volumes")
    parser.add_argument(
        "--no-setup", action="store_true", help="use the perf database as it is (no migrate, demo content or volumes)"
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("PERF_DURATION", "12")),
        help="seconds of load per URL (default 12)",
    )
    parser.add_argument("--only", help="comma-separated page labels to measure (substring match)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--lighthouse", action="store_true", help="run the Lighthouse audits instead of wrk")
    parser.add_argument("--serve", type=int, metavar="SECONDS", help="only serve for this long (max 3600)")
    parser.add_argument("--bare", action="store_true", help="gunicorn alone on PERF_PORT, no nginx (the old path)")
    parser.add_argument("--no-reliability", action="store_true", help="skip tests/perf/perf_reliability.py")
    args = parser.parse_args()
    duration = max(1, min(args.duration, 60))

    env = server_env(args.bare)
    wrk = None if (args.lighthouse or args.serve) else ensure_wrk()
    create_database(args.fresh)
    setup_django(env)
    notes = [] if args.no_setup else prepare_database(args.fresh, load_volumes=not args.no_volumes)
    collect_static()
    volume = data_volume_summary()
    say(f"Data volume: {volume}")

    server = Server(
        env,
        Path(os.environ.get("PERF_LOG") or Path(tempfile.gettempdir()) / "place-exchange-perf-gunicorn.log"),
        port=PORT if args.bare else APP_PORT,
    )
    from django.conf import settings

    proxy = None
    if not args.bare:
        proxy = NginxProxy(PORT, f"{HOST}:{APP_PORT}", Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT))
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: (proxy and proxy.stop(), server.stop(), sys.exit(130)))
    server.start()
    if proxy:
        proxy.start()
    try:
        server.wait_healthy()
        if args.serve:
            say(f"Serving on http://{HOST}:{PORT}/ for {min(args.serve, 3600)}s (Ctrl-C stops)")
            time.sleep(min(args.serve, 3600))
            return 0
        targets = discover_targets()
        if args.only:
            wanted = [w.strip().lower() for w in args.only.split(",")]
            targets = [t for t in targets if any(w in t.label.lower() for w in wanted)]
        if args.lighthouse:
            return run_lighthouse(targets)
        results = []
        for target in targets:
            say(f"... {target.label}: {target.path or '-'}")
            results.append(drive(wrk, target, duration, server))
        for note in notes:
            say(note)
        print_table(results, volume, duration, args.bare)
        if not args.only or "member" in args.only.lower():
            member_side_by_side(wrk, targets, duration, server)
            member_timings()
        if not args.only or "search" in args.only.lower():
            search_timings()
        reliable = True
        if not args.no_reliability:
            say("Reliability (tests/perf/perf_reliability.py):")
            check = [sys.executable, str(HERE / "perf_reliability.py"), "--port", str(PORT)]
            reliable = subprocess.run(check, cwd=ROOT, timeout=300, check=False).returncode == 0
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "volume": volume,
                        "notes": notes,
                        "results": [
                            {
                                "page": r.target.label,
                                "url": r.target.path,
                                "connections": r.target.connections,
                                "rps": round(r.rps, 1),
                                "p50_ms": r.p50,
                                "p95_ms": r.p95,
                                "p99_ms": r.p99,
                                "errors": r.errors,
                                "requests": r.requests,
                                "cpu_ms_per_request": round(r.cpu_ms, 3),
                                "skipped": r.skipped,
                            }
                            for r in results
                        ],
                    },
                    indent=2,
                )
            )
        return 0 if reliable else 1
    finally:
        if proxy:
            proxy.stop()
        server.stop()


MEMBER_PAGES = {"case study page": "case study", "thread (200 replies)": "thread", "council profile": "council profile"}


def member_cookie(thread_path: str | None) -> str | None:
    """A session cookie for an ordinary member (one who replied in the measured thread, as
    perf_signed_in.py picks), stored where gunicorn reads sessions."""
    from django.test import Client

    from tests.perf.perf_members import member

    user = member(thread_path)
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def member_side_by_side(wrk: str, targets: list[Target], duration: int, server: Server) -> None:
    """Signed-in and anonymous figures for the member pages, one row each (issue 13)."""
    pages = [(MEMBER_PAGES[t.label], t.path) for t in targets if t.label in MEMBER_PAGES and t.path]
    cookie = member_cookie(next((path for label, path in pages if label == "thread"), None))
    if cookie is None:
        say("Signed-in figures skipped: no member in the database")
        return
    pages.append(("search", search_url()))
    say("")
    say(
        f"Signed in beside anonymous through nginx, 1 connection (latency = server time), wrk {duration}s per URL;"
        " member pages from the member page shell (cop/core/member_pages.py), anonymous from the page cache"
    )
    header = (
        f"{'page':<16} {'member p50':>10} {'p95':>7} {'cpu ms/req':>10} {'shell':>6}   "
        f"{'anon p50':>8} {'p95':>7} {'cpu ms/req':>10} {'cache':>6}"
    )
    say(header)
    say("-" * len(header))
    for label, path in pages:
        member = drive(wrk, Target(label, path, cookie=cookie, connections=1), duration, server)
        anonymous = drive(wrk, Target(label, path, connections=1), duration, server)
        if member.skipped or anonymous.skipped:
            say(f"{label:<16} skipped: {member.skipped or anonymous.skipped}")
            continue
        say(
            f"{label:<16} {member.p50:>10.1f} {member.p95:>7.1f} {member.cpu_ms:>10.2f} {member.member_page:>6}   "
            f"{anonymous.p50:>8.1f} {anonymous.p95:>7.1f} {anonymous.cpu_ms:>10.2f} {anonymous.cache:>6}"
        )
    say("")


def member_timings() -> None:
    """Server time in-process, signed in and anonymous without the page cache (perf_signed_in.py)."""
    env = {**os.environ, "DATABASE_URL": f"{PG_SERVER}/{DB_NAME}", "REDIS_URL": REDIS_URL, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, str(ROOT / "tests" / "perf" / "perf_signed_in.py"), "--runs", "200"]
    subprocess.run(cmd, cwd=ROOT, env=env, timeout=900, check=False)


def search_timings() -> None:
    """Uncached search on this same database (tests/perf/perf_search.py): over HTTP the
    result and page caches answer repeated searches, so the search work itself is timed
    in-process, with the result cache off, over several queries and facets."""
    say("Search without caches (tests/perf/perf_search.py, same database):")
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG_SERVER}/{DB_NAME}",
        "DJANGO_SETTINGS_MODULE": "cop.settings.dev",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("ELASTICSEARCH_URL", None)
    cmd = [sys.executable, str(ROOT / "tests" / "perf" / "perf_search.py"), "--items", "50000", "--runs", "120"]
    subprocess.run(cmd, cwd=ROOT, env=env, timeout=900, check=False)


def run_lighthouse(targets: list[Target]) -> int:
    wanted = {"home", "case study page", "council profile", "thread (200 replies)", "benchmarking home"}
    urls = []
    for target in targets:
        if target.label not in wanted:
            continue
        if not target.path:
            say(f"Lighthouse: {target.label} skipped ({target.note})")
            continue
        for _ in range(3):  # warm both workers' caches: Lighthouse scores the first response
            status, _, _ = http_get(target.path)
        if status != 200:
            say(f"Lighthouse: {target.label} skipped (HTTP {status})")
            continue
        urls.append(f"{target.label}={target.path}")
    cmd = ["node", str(ROOT / "scripts" / "lighthouse.mjs"), f"http://{HOST}:{PORT}", *urls]
    return subprocess.run(cmd, cwd=ROOT, timeout=900).returncode


if __name__ == "__main__":
    sys.exit(main())
