"""DATABASE_URL handling shared by every settings module."""

import sys

import dj_database_url

from .env import env, env_int


def database_from_env(default: dict) -> dict:
    url = env("DATABASE_URL")
    if not url:
        return default
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60))
    except Exception as exc:  # noqa: BLE001 - any parse failure is a configuration error
        sys.exit(f"Configuration error: DATABASE_URL could not be read ({exc}).")
    if config.get("ENGINE") == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {})
        config["OPTIONS"].setdefault("connect_timeout", 5)
    return {"default": config}
