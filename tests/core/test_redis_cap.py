"""Finding 4 (second half): Redis ran with no memory cap. deploy/redis.conf sets one with LRU
eviction; this starts a real redis-server of its own with that policy (the cap scaled down) and
writes far more than the cap. Its own server, because changing the shared one's memory policy
would evict other tests' keys; skipped when redis-server is not installed.
"""

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

ROOT = Path(__file__).resolve().parents[2]
HEADROOM = 6 * 1024 * 1024  # the cap for the test: what the server holds now plus this
VALUE = 8 * 1024


def deploy_settings() -> dict[str, str]:
    lines = (ROOT / "deploy" / "redis.conf").read_text().splitlines()
    pairs = [re.split(r"\s+", line.strip(), maxsplit=1) for line in lines if line.strip() and not line.startswith("#")]
    return dict(pairs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def capped_redis(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    server = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        cap = client.info("memory")["used_memory"] + HEADROOM
        client.config_set("maxmemory", cap)
        client.config_set("maxmemory-policy", deploy_settings()["maxmemory-policy"])
        yield client, cap, url
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)


def test_deploy_config_caps_memory_with_lru_eviction():
    settings = deploy_settings()
    assert settings["maxmemory-policy"] == "allkeys-lru"
    assert re.fullmatch(r"\d+(mb|gb)", settings["maxmemory"])


def test_the_cap_holds_when_many_pages_are_written(capped_redis):
    client, cap, url = capped_redis
    cache = RedisCache(url, {"KEY_PREFIX": "cap-test"})
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
