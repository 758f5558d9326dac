"""Hostile input on the routes that need data behind them: a council's profile, service view, place totals
and embed, every API endpoint, a saved group's edit form, and a submission's figures grid and upload.

Never a 5xx, never a partial write. Parameter names come from the code (the API's query serializers, the
comparison form, the grid's field names), so a new parameter is fuzzed without editing this file; the
hostile values are those of tests/core/test_fuzz_inputs.py.
"""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.api import serializers as api_serializers
from benchmarks.forms import ComparisonGroupForm, ComparisonQueryForm
from benchmarks.groups.models import ComparisonGroup
from benchmarks.submissions.models import Submission, SubmissionValue
from benchmarks.submissions.validation import all_cells, explanation_field_name, field_name
from tests.benchmarks.groups.factories import ComparisonGroupFactory
from tests.benchmarks.submissions.factories import SubmissionFactory, officer_of
from tests.benchmarks.world import build_world
from tests.core.test_fuzz_inputs import FUZZ, hostile

pytestmark = pytest.mark.django_db


def _query_names(serializer_class) -> list[str]:
    return sorted(serializer_class().fields)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def member(world):
    client = Client(raise_request_exception=False)
    council = world["Northshire"]
    officer = officer_of(council)
    client.force_login(officer)
    return client, officer, council


def _get_routes(world) -> dict[str, list[str]]:
    unitary, county = world["Ashford Unitary"].gss_code, world["Northshire"].gss_code
    comparison = sorted(ComparisonQueryForm.base_fields) + ["group", "prices", "measure", "year", "format"]
    return {
        f"/benchmarking/{unitary}/": comparison,
        f"/benchmarking/{unitary}/190/": comparison,
        f"/benchmarking/{unitary}/190/embed/": comparison,
        f"/benchmarking/{county}/place/": comparison,
        "/api/v1/authorities": _query_names(api_serializers.AuthorityQuerySerializer),
        "/api/v1/services": ["format", "page"],
        "/api/v1/years": ["format", "page"],
        "/api/v1/values": _query_names(api_serializers.ValuesQuerySerializer),
        "/api/v1/compare": _query_names(api_serializers.CompareQuerySerializer),
        "/api/v1/measures/CS1/compare": _query_names(api_serializers.MeasureQuerySerializer),
    }


def test_hostile_parameters_on_council_and_api_routes_never_give_a_server_error(world, member):
    client = member[0]
    routes = _get_routes(world)
    pairs = [(path, name) for path, names in routes.items() for name in names]

    @FUZZ
    @given(route=st.sampled_from(pairs), value=hostile)
    def check(route, value):
        path, name = route
        response = client.get(f"{path}?{name}={value}")
        assert response.status_code < 500, (path, name, value[:80], response.status_code)

    check()


@pytest.mark.parametrize("segment", ["%00", "E06%ff", "9" * 40, "-1", "..%2F..%2Fetc"])
def test_hostile_path_segments_are_not_found_not_a_server_error(world, member, segment):
    client = member[0]
    for path in (f"/benchmarking/{segment}/", f"/benchmarking/{world['Ashford Unitary'].gss_code}/{segment}/"):
        assert client.get(path).status_code in (400, 404), path


def test_hostile_answers_to_a_saved_groups_edit_form_change_nothing_when_refused(world, member):
    client, officer, _council = member
    group = ComparisonGroupFactory(created_by=officer, members=[world["Ashford Unitary"], world["Bexley Unitary"]])
    url = reverse("benchmarks:group_edit", args=[group.token])
    valid = {"name": "My neighbours", "description": "", "members": "Ashford Unitary\nBexley Unitary"}
    fields = sorted(set(ComparisonGroupForm.base_fields) | set(valid))

    def snapshot():
        saved = ComparisonGroup.objects.get(pk=group.pk)
        return saved.name, saved.description, sorted(saved.members.values_list("pk", flat=True))

    @FUZZ
    @given(name=st.sampled_from(fields), value=hostile)
    def check(name, value):
        before = snapshot()
        answers = {key: quote(answer, safe="") for key, answer in valid.items()}
        answers[name] = value
        body = "&".join(f"{key}={answer}" for key, answer in answers.items())
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (name, value[:80], response.status_code)
        if response.status_code != 302:
            assert snapshot() == before, (name, value[:80])

    check()


def _grid_names() -> list[str]:
    cells = list(all_cells())[:12]
    return [field_name(*cell) for cell in cells] + [explanation_field_name(*cell) for cell in cells[:4]]


def test_hostile_figures_in_the_submission_grid_never_give_a_server_error_or_a_partial_write(world, member):
    client, _officer, council = member
    submission = SubmissionFactory(council=council)
    url = reverse("submissions:edit", args=[submission.pk])
    names = _grid_names() + ["reason", "version", "action", "uploaded_file"]

    @FUZZ
    @given(name=st.sampled_from(names), value=hostile, other=hostile)
    def check(name, value, other):
        version = Submission.objects.get(pk=submission.pk).version
        before = sorted(SubmissionValue.objects.values_list("service_id", "measure", "value_thousands"))
        # Two hostile cells at once: a refusal of the second must not keep the first.
        first, second = names[0], name if name != names[0] else names[1]
        body = f"version={version}&{first}={other}&{second}={value}"
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (name, value[:80], response.status_code)
        if response.status_code != 302:
            after = sorted(SubmissionValue.objects.values_list("service_id", "measure", "value_thousands"))
            assert after == before, (name, value[:80])

    check()


def test_hostile_upload_files_are_refused_with_a_message_and_save_nothing(world, member):
    client, _officer, council = member
    submission = SubmissionFactory(council=council)
    url = reverse("submissions:upload", args=[submission.pk])

    @FUZZ
    @given(
        content=st.one_of(
            st.binary(max_size=4000),
            st.sampled_from([b"PK\x03\x04" + b"\x00" * 200, b"\xef\xbb\xbf=cmd|' /C calc'!A0", b"<svg onload=x>"]),
        ),
        name=st.sampled_from(["figures.csv", "figures.xlsx", "figures.ods", "figures.xls", "figures.exe", "%00.csv"]),
    )
    def check(content, name):
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code < 500, (name, content[:40], response.status_code)
        assert not SubmissionValue.objects.filter(submission=submission).exists()

    check()
