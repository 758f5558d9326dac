"""A member who adds lessons too often gets the site's 429: the form again with what they typed,
when to try again, and a Retry-After header; nothing more is saved."""

import pytest

from casestudies import views
from casestudies.models import CaseStudyLesson
from tests.casestudies.factories import CaseStudyPageFactory, case_study_index
from tests.members.factories import VerifiedOfficerFactory

pytestmark = pytest.mark.django_db

LESSON = {"what_worked": "Weekly huddles.", "what_did_not": "Paper forms.", "differently": "Start with the data."}


def test_too_many_lessons_answer_429_keeping_what_was_typed(client, home_page, monkeypatch):
    monkeypatch.setattr(views, "LESSON_RATE", "1/h")
    study = CaseStudyPageFactory(parent=case_study_index(home_page), title="Hub working")
    client.force_login(VerifiedOfficerFactory())
    assert client.post(f"/case-studies/{study.pk}/add-a-lesson/", LESSON).status_code == 302

    second = {**LESSON, "what_worked": "A second lesson typed with care."}
    response = client.post(f"/case-studies/{study.pk}/add-a-lesson/", second)
    html = response.content.decode()
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "You have added lessons too often. Try again in" in html
    assert "A second lesson typed with care." in html
    assert CaseStudyLesson.objects.count() == 1
