import pytest


@pytest.fixture(autouse=True)
def _ro_service_lines(request):
    """RO service lines are seeded by a migration, which transactional tests flush away: put them back."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from benchmarks.services import ensure_services

    ensure_services()
