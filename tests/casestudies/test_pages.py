"""What visitors and members see on the case study index and case study pages."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casestudies.models import CaseStudyAdoption, CaseStudyPartner, CaseStudySpendLine
from tests.casestudies.factories import AuthorityFactory, CaseStudyPageFactory, case_study_index
from tests.members.factories import UserFactory, VerifiedOfficerFactory

INDEX_QUERY_BOUND = 40
PAGE_QUERY_BOUND = 40


def _count_queries(client, url):
    client.get(url)  # warm the per-site caches (root paths) so that only the page's own queries are counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _make_studies(index, n, offset=0):
    places = [AuthorityFactory(region=region) for region in ("London", "North West")]
    for i in range(n):
        CaseStudyPageFactory(
            parent=index,
            title=f"Study {offset + i}",
            places=places,
            themes=["Housing", "Older people"],
            service_codes=["360", "490"],
            tags=[f"tag-{i}", "shared"],
        )


def test_index_lists_filters_with_counts_and_shareable_urls(client, home_page):
    index = case_study_index(home_page)
    CaseStudyPageFactory(parent=index, title="Ward work", themes=["Housing"], spatial_level="ward")
    CaseStudyPageFactory(parent=index, title="County work", themes=["Older people"], spatial_level="county")

    response = client.get("/case-studies/?theme=housing&spatial_level=ward")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ward work" in html and "County work" not in html
    assert "1 case study" in html
    # The checked filters are kept in the form, and each option shows its count.
    assert 'name="theme" type="checkbox" value="housing" checked' in html
    assert 'Housing <span class="pe-count">(1)</span>' in html
    # Each active filter can be removed on its own, keeping the others.
    assert 'href="/case-studies/?spatial_level=ward">Theme: Housing' in html


def test_index_queries_do_not_grow_with_content(client, home_page):
    index = case_study_index(home_page)
    _make_studies(index, 3)
    small = _count_queries(client, "/case-studies/?theme=housing&sort=savings")
    _make_studies(index, 22, offset=3)
    large = _count_queries(client, "/case-studies/?theme=housing&sort=savings")
    assert large == small
    assert large <= INDEX_QUERY_BOUND


def test_case_study_page_queries_do_not_grow_with_related_content(client, home_page):
    index = case_study_index(home_page)
    _make_studies(index, 2)
    page = CaseStudyPageFactory(
        parent=index,
        title="Main",
        places=[AuthorityFactory()],
        themes=["Housing"],
        service_codes=["360"],
        tags=["shared"],
    )
    small = _count_queries(client, page.url)
    _make_studies(index, 10, offset=2)
    member = VerifiedOfficerFactory()
    for other in index.get_children().specific()[:5]:
        CaseStudyAdoption.objects.create(case_study=page, council=AuthorityFactory(), recorded_by=member)
        del other
    large = _count_queries(client, page.url)
    assert large == small
    assert large <= PAGE_QUERY_BOUND


def test_case_study_page_shows_the_count_as_chart_and_table_with_sources(client, home_page):
    index = case_study_index(home_page)
    place = AuthorityFactory(name="Worcestershire", gss_code="E10000034", authority_type="CTY")
    page = CaseStudyPageFactory(
        parent=index,
        title="Count",
        places=[place],
        service_codes=["330"],
        savings_amount=Decimal(250000),
        savings_percent=Decimal("10"),
        savings_basis="per_year",
    )
    CaseStudySpendLine.objects.create(
        page=page, agency="County council", amount=3000, year="2008-09", source="Accounts"
    )
    CaseStudySpendLine.objects.create(page=page, agency="NHS", amount=1000, year="2008-09", source="NHS accounts")
    html = client.get(page.url).content.decode()
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">Public spend in the place by agency</caption>'
        in html
    )
    assert "£4,000" in html and "75.0%" in html and "NHS accounts" in html
    assert 'class="pe-bar-chart" aria-hidden="true"' in html  # the table carries the data for screen readers
    assert "£250,000 (10%) per year" in html
    assert f"/discussions/new/?case_study={page.pk}" in html
    assert "/benchmarking/E10000034/" in html and "/benchmarking/E10000034/330/" in html


def test_related_case_studies_share_service_areas_or_themes(client, home_page):
    index = case_study_index(home_page)
    page = CaseStudyPageFactory(parent=index, title="Main", themes=["Housing"], service_codes=["490"])
    CaseStudyPageFactory(parent=index, title="Shares service", service_codes=["490"])
    CaseStudyPageFactory(parent=index, title="Unrelated roads", service_codes=["290"])
    html = client.get(page.url).content.decode()
    assert "Shares service" in html and "Unrelated roads" not in html


def test_user_text_is_rendered_inert_everywhere(client, home_page):
    index = case_study_index(home_page)
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page = CaseStudyPageFactory(
        parent=index, title=f"Title {attack}", summary=f"Summary {attack}", savings_source=attack
    )
    CaseStudyPartner.objects.create(page=page, name=attack, sector="nhs")
    CaseStudySpendLine.objects.create(
        page=page, agency=attack, amount=1, year="<b>09</b>", source=attack, source_url="javascript:alert(1)"
    )
    for url in (page.url, "/case-studies/", f"/case-studies/?theme={attack}&sort={attack}"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "javascript:" not in html
    assert "&lt;script&gt;" in client.get(page.url).content.decode()


def test_members_record_adoption_by_their_council_with_csrf(home_page):
    index = case_study_index(home_page)
    page = CaseStudyPageFactory(parent=index, title="Adoptable")
    council = AuthorityFactory(name="Exampleshire")
    officer = VerifiedOfficerFactory(council=council)
    url = f"/case-studies/{page.pk}/adopt/"

    anonymous = Client()
    response = anonymous.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(officer)
    assert csrf_client.post(url).status_code == 403
    assert not CaseStudyAdoption.objects.exists()

    client = Client()
    client.force_login(officer)
    page_html = client.get(page.url).content.decode()
    assert "Record that Exampleshire has adopted this" in page_html
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert CaseStudyAdoption.objects.get().council == council
    client.post(url)  # twice records once
    assert CaseStudyAdoption.objects.count() == 1
    html = Client().get(page.url).content.decode()
    assert "1 council has recorded" in html and "Exampleshire" in html


def test_member_without_verified_council_chooses_one_and_bad_choice_saves_nothing(home_page):
    index = case_study_index(home_page)
    page = CaseStudyPageFactory(parent=index, title="Adoptable")
    council = AuthorityFactory(name="Chosenshire")
    member = UserFactory()
    client = Client()
    client.force_login(member)
    response = client.post(f"/case-studies/{page.pk}/adopt/", {"council": "999999"}, follow=True)
    assert "Select your council from the list" in response.content.decode()
    assert not CaseStudyAdoption.objects.exists()
    client.post(f"/case-studies/{page.pk}/adopt/", {"council": council.pk})
    assert CaseStudyAdoption.objects.get().council == council


@pytest.mark.django_db
def test_home_page_features_latest_case_studies(client, home_page):
    index = case_study_index(home_page)
    CaseStudyPageFactory(parent=index, title="Featured on the home page")
    assert "Featured on the home page" in client.get("/").content.decode()
