"""Configuration: production fails fast with one clear line, and is deploy-clean when set."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "SECRET_KEY": "x" * 30 + "-production-secret-key-for-tests-only-0123456789",
    "ALLOWED_HOSTS": "placeexchange.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}


def run_manage(args, env_overrides, settings="cop.settings.production"):
    # A clean environment: nothing leaks in from the test run (e.g. DJANGO_ALLOW_ASYNC_UNSAFE
    # set by the browser tests) that a real deployment would not have.
    env = {k: v for k, v in os.environ.items() if k not in GOOD_ENV and not k.startswith("DJANGO_")}
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = settings
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage(["check"], {k: v for k, v in GOOD_ENV.items() if k != "SECRET_KEY"})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: SECRET_KEY is not set. Production refuses to start without it."
    ]


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage(["check"], {k: v for k, v in GOOD_ENV.items() if k != "ALLOWED_HOSTS"})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_check_deploy_is_clean_when_environment_is_set():
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], GOOD_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_unreachable_database_fails_with_one_clear_line():
    env = dict(GOOD_ENV, DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere")
    result = run_manage(["migrate", "--check"], env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Database error:")
