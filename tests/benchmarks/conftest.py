import pytest


@pytest.fixture(autouse=True)
def _clear_benchmark_memory():
    """The comparison selectors keep each year's figures in memory keyed on the import version;
    test databases reuse ids, so start every test with an empty store."""
    from benchmarks import store

    store.clear_memory_cache()
    yield
    store.clear_memory_cache()
