"""The one way settings read the environment.

Every setting is declared in base.py with its default; one that an operator may change reads
its environment variable through one of these functions, named like the setting. An empty
variable counts as unset. A value that cannot be read stops start-up with a message naming the
variable, rather than running with a default the operator did not choose. The README's
"Configuration" table lists every variable.
"""

from __future__ import annotations

import os
import sys

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def _parsed(name: str, default, parse, expected: str):
    raw = env(name)
    if not raw:
        return default
    try:
        return parse(raw)
    except ValueError:
        sys.exit(f"Configuration error: {name}={raw!r} is not {expected}.")


def env_int(name: str, default: int) -> int:
    return _parsed(name, default, int, "a whole number")


def env_float(name: str, default: float) -> float:
    return _parsed(name, default, float, "a number")


def _boolean(raw: str) -> bool:
    if raw.lower() in TRUE:
        return True
    if raw.lower() in FALSE:
        return False
    raise ValueError(raw)


def env_bool(name: str, default: bool) -> bool:
    return _parsed(name, default, _boolean, "true or false")


def env_list(name: str) -> list[str]:
    """A comma-separated list; blanks dropped."""
    return [item.strip() for item in env(name).split(",") if item.strip()]
