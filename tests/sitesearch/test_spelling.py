"""Spelling suggestions (cop.sitesearch.spelling): a search that found nothing never waits
for the vocabulary to be rebuilt once one exists; the worker rebuilds it after index writes."""

import pytest
from django_tasks import default_task_backend

from cop.sitesearch import spelling
from cop.sitesearch.engine import DatabaseEngine
from cop.sitesearch.services import reindex_objects
from tests.discussions.factories import ThreadFactory
from tests.sitesearch.conftest import Searcher

pytestmark = pytest.mark.django_db

WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_new_word_is_suggested_once_the_worker_has_rebuilt_the_vocabulary(settings):
    searcher = Searcher(DatabaseEngine())
    first = ThreadFactory(title="Hospital discharge at weekends")
    reindex_objects("thread", [first.pk])
    # No vocabulary yet: the first search that needs one builds it.
    assert searcher.run("hospitl").corrected.terms == ["hospital"]

    settings.TASKS = WORKER  # tasks now wait for a worker instead of running at once
    second = ThreadFactory(title="Reablement after a fall")
    reindex_objects("thread", [second.pk])

    page = searcher.run("reablment")
    # The search used the vocabulary it had rather than rebuilding it in the request...
    assert page.total == 0 and page.corrected is None
    queued = [result.task.name for result in default_task_backend.results]
    assert queued.count("rebuild_spelling_vocabulary") == 1

    # ...and once the worker has run the task, the new word is suggested.
    spelling.rebuild()
    assert searcher.run("reablment").corrected.terms == ["reablement"]
    assert searcher.titles("reablment") == ["Reablement after a fall"]
