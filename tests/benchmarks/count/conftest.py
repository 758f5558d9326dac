import pytest

from benchmarks import store

from .world import build_count_world


@pytest.fixture
def world(db):
    store.clear_memory_cache()
    yield build_count_world()
    store.clear_memory_cache()
