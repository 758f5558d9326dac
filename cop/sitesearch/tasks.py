"""Index updates run as tasks (immediately in development and tests; by the django-tasks
database worker in production), so a slow or failing index never blocks the edit itself.
The spelling vocabulary's rebuild task lives beside it, in spelling.py."""

from django_tasks import task

from . import services


@task()
def reindex_objects(source_key: str, object_ids: list[str]) -> int:
    """Re-read these objects through their source's visibility filter and update the index."""
    return services.reindex_objects(source_key, object_ids)


@task()
def rebuild_index() -> dict:
    return services.rebuild_all()
