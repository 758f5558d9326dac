"""Background task form of `manage.py publish_due_submissions` for the django-tasks worker."""

from django_tasks import task


@task()
def publish_due_submissions_task() -> int:
    from .services import publish_due_submissions

    return len(publish_due_submissions())
