"""The "Case study review" workflow is assigned to the case study index by the demo loader and by
the first member's submission, without duplicating its task."""

import pytest
from wagtail.models import Workflow, WorkflowPage

from casestudies import services
from tests.casestudies.factories import case_study_index

pytestmark = pytest.mark.django_db


def test_the_workflow_is_assigned_to_the_index_once(home_page):
    index = case_study_index(home_page)
    first = services.ensure_review_workflow(index)
    second = services.ensure_review_workflow(index)
    assert first == second == Workflow.objects.get(name="Case study review")
    assert WorkflowPage.objects.get(page=index).workflow == first
    assert first.workflow_tasks.count() == 1
