#!/usr/bin/env python
"""The production serving stack on this machine: gunicorn (deploy/gunicorn.conf.py, gthread
workers on 127.0.0.1) behind nginx (deploy/nginx.conf.template, a buffering reverse proxy that
also serves the static files).

`make serve-production` runs main(): production settings with a throw-away SECRET_KEY, local
ALLOWED_HOSTS, PostgreSQL and Redis at 127.0.0.1, migrate and collectstatic, then both servers
until Ctrl-C. tests/perf/run_perf.py puts NginxProxy in front of the gunicorn it starts.
"""

from __future__ import annotations

import argparse
import atexit
import getpass
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent


def say(message: str) -> None:
    print(message, flush=True)


def ensure_nginx() -> str:
    """nginx from Debian; installed with apt-get when missing (as `make perf` does for wrk)."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not found and os.geteuid() == 0 and shutil.which("apt-get"):
        say("nginx is missing: installing it with apt-get ...")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=False)
        found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not found:
        sys.exit("nginx is not installed and could not be installed (apt-get install nginx).")
    return found


def render_nginx_conf(run_dir: Path, listen: str, upstream: str, static_root: Path, media_root: Path) -> Path:
    """deploy/nginx.conf.template with its @NAME@ placeholders filled in, written to run_dir."""
    # As root the workers drop to www-data (who must be able to read the static files); else no user line.
    user_line = "user www-data;" if os.geteuid() == 0 else f"# runs as {getpass.getuser()}"
    values = {
        "USER_LINE": user_line,
        "RUN_DIR": str(run_dir),
        "MIME_TYPES": "/etc/nginx/mime.types",
        "ACCESS_LOG": os.environ.get("NGINX_ACCESS_LOG", "off"),
        "LISTEN": listen,
        "UPSTREAM": upstream,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
    }
    text = (DEPLOY / "nginx.conf.template").read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    if re.search(r"@[A-Z_]+@", "\n".join(line.split("#", 1)[0] for line in text.splitlines())):
        sys.exit("deploy/nginx.conf.template has a placeholder production_stack.py does not fill.")
    conf = run_dir / "nginx.conf"
    conf.write_text(text)
    return conf


class Service:
    """A server in its own process group, always stopped on exit."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str] | None, log_path: Path):
        self.name, self.cmd, self.env, self.log_path = name, cmd, env, log_path
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            self.cmd, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        atexit.register(self.stop)
        say(f"{self.name} started (pid {self.proc.pid}), log {self.log_path}")

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if not self.running():
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
        say(f"{self.name} stopped")


class NginxProxy(Service):
    """nginx on 127.0.0.1:port in front of upstream (host:port of gunicorn)."""

    def __init__(self, port: int, upstream: str, static_root: Path, media_root: Path):
        self.run_dir = Path(tempfile.mkdtemp(prefix="place-exchange-nginx-"))
        self.run_dir.chmod(0o755)
        conf = render_nginx_conf(self.run_dir, f"127.0.0.1:{port}", upstream, static_root, media_root)
        nginx = ensure_nginx()
        check = subprocess.run(
            [nginx, "-t", "-q", "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"), "-c", str(conf)],
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            sys.exit(f"nginx refused {conf}:\n{check.stderr}")
        cmd = [nginx, "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"), "-c", str(conf)]
        super().__init__("nginx", cmd, None, self.run_dir / "nginx.out")


def gunicorn_service(env: dict[str, str], bind: str, log_path: Path) -> Service:
    cmd = [str(BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"), "cop.wsgi:application"]
    return Service("gunicorn", cmd, {**env, "GUNICORN_BIND": bind}, log_path)


def wait_healthy(url: str, services: list[Service], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        dead = [service.name for service in services if not service.running()]
        if dead:
            sys.exit(f"{', '.join(dead)} exited; see {[str(s.log_path) for s in services]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own loopback URL
                if response.status == 200:
                    return
        except OSError as exc:
            last = str(exc)
        time.sleep(0.5)
    sys.exit(f"{url} did not answer 200 within {timeout:.0f}s ({last})")


def local_env(database_url: str, redis_url: str) -> dict[str, str]:
    """Production settings for a local run: a throw-away key, local hosts, plain HTTP."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cop.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS") or "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TRUSTED_PROXY_COUNT": "1",  # nginx
        "SECURE_SSL_REDIRECT": "false",  # no TLS locally
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "PYTHONPATH": str(ROOT),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")), help="nginx port")
    parser.add_argument("--app-port", type=int, default=0, help="gunicorn port (default: nginx port + 1)")
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/placeexchange")
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    args = parser.parse_args()
    env = local_env(args.database_url, args.redis_url)
    app_port = args.app_port or args.port + 1
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    logs = Path(tempfile.mkdtemp(prefix="place-exchange-logs-"))
    gunicorn = gunicorn_service(env, f"127.0.0.1:{app_port}", logs / "gunicorn.log")
    static_root, media_root = ROOT / "staticfiles", ROOT / "media"
    nginx = NginxProxy(args.port, f"127.0.0.1:{app_port}", static_root, media_root)
    services = [gunicorn, nginx]
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: sys.exit(0))
    for service in services:
        service.start()
    wait_healthy(f"http://127.0.0.1:{args.port}/healthz", services)
    say(f"Place Exchange (production settings) on http://127.0.0.1:{args.port}/ via nginx; Ctrl-C stops.")
    while all(service.running() for service in services):
        time.sleep(1)
    return 1


if __name__ == "__main__":
    sys.exit(main())
