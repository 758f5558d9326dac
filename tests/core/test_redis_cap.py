"""Finding 4 (second half): Redis ran with no memory cap. deploy/redis.conf sets one with LRU
eviction; this applies it (scaled down) to the real Redis and writes far more than the cap.

Uses Redis database 9 at 127.0.0.1:6379 (REDIS_CAP_TEST_URL), restores the server's
configuration and empties database 9 afterwards; skipped when that Redis is not reachable.
"""

import os
import re
from pathlib import Path

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ.get("REDIS_CAP_TEST_URL", "redis://127.0.0.1:6379/9")
HEADROOM = 6 * 1024 * 1024  # the cap for the test: what the server holds now plus this
VALUE = 8 * 1024


def deploy_settings() -> dict[str, str]:
    lines = (ROOT / "deploy" / "redis.conf").read_text().splitlines()
    pairs = [re.split(r"\s+", line.strip(), maxsplit=1) for line in lines if line.strip() and not line.startswith("#")]
    return dict(pairs)


@pytest.fixture
def capped_redis():
    client = redis.Redis.from_url(URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {URL}")
    saved = {name: client.config_get(name)[name] for name in ("maxmemory", "maxmemory-policy")}
    client.flushdb()
    cap = client.info("memory")["used_memory"] + HEADROOM
    client.config_set("maxmemory", cap)
    client.config_set("maxmemory-policy", deploy_settings()["maxmemory-policy"])
    try:
        yield client, cap
    finally:
        for name, value in saved.items():
            client.config_set(name, value)
        client.flushdb()
        client.close()


def test_deploy_config_caps_memory_with_lru_eviction():
    settings = deploy_settings()
    assert settings["maxmemory-policy"] == "allkeys-lru"
    assert re.fullmatch(r"\d+(mb|gb)", settings["maxmemory"])


def test_the_cap_holds_when_many_pages_are_written(capped_redis):
    client, cap = capped_redis
    cache = RedisCache(URL, {"KEY_PREFIX": "cap-test"})
    writes = 3 * HEADROOM // VALUE  # three times what fits
    for number in range(writes):
        # Random bytes do not compress: each value really costs VALUE bytes.
        cache.set(f"anon-page-cache:page:{number}", os.urandom(VALUE), 300)
        if number % 200 == 0:
            assert client.info("memory")["used_memory"] <= cap * 1.02
    assert client.info("memory")["used_memory"] <= cap * 1.02
    kept = client.dbsize()
    assert 0 < kept < writes  # the oldest were evicted ...
    assert cache.get(f"anon-page-cache:page:{writes - 1}") is not None  # ... and writes never failed
    assert client.info("stats")["evicted_keys"] > 0
