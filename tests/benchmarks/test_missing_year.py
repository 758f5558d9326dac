"""A council with no figures for a year gets a page that says why and links to a year (or council)
that has them: never a 404, never a link back to the same page."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from benchmarks.models import OutturnReturn, OutturnValue
from benchmarks.years import FinancialYear

from .factories import AuthorityFactory, ImportRunFactory, add_year
from .reorg_world import add_merger
from .world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def page_url(world, name, view, year=None):
    gss = world[name].gss_code if name in world.councils else name
    url = (
        reverse("benchmarks:profile", kwargs={"gss": gss})
        if view == "profile"
        else reverse("benchmarks:service", kwargs={"gss": gss, "code": "290"})
    )
    return url + (f"?year={year}" if year else "")


def links(html):
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)]


def assert_no_link_to_itself(html, url):
    """Every link to the same page must name another year than the one shown."""
    path, query = urlsplit(url).path, parse_qs(urlsplit(url).query)
    for href in links(html):
        parts = urlsplit(href)
        if parts.path == path:
            years = parse_qs(parts.query).get("year")
            assert years and years != query.get("year"), f"{href} links back to {url}"


def remove_return(council, year):
    OutturnValue.objects.filter(authority=council, year=year).delete()
    OutturnReturn.objects.filter(authority=council, year=year).delete()


@pytest.mark.parametrize("view", ["profile", "service"])
def test_requested_year_without_a_return_says_so_and_links_to_the_latest_year_with_figures(client, world, view):
    remove_return(world["Dover Unitary"], 2021)
    url = page_url(world, "Dover Unitary", view, "2021-22")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dover Unitary has no revenue outturn return for 2021-22" in html
    assert page_url(world, "Dover Unitary", view, "2022-23") in links(html)
    assert_no_link_to_itself(html, url)


@pytest.mark.parametrize("view", ["profile", "service"])
def test_latest_year_missing_links_back_to_the_year_before(client, world, view):
    remove_return(world["Dover Unitary"], 2022)
    url = page_url(world, "Dover Unitary", view, "2022-23")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dover Unitary has no revenue outturn return for 2022-23" in html
    assert page_url(world, "Dover Unitary", view, "2021-22") in links(html)
    assert_no_link_to_itself(html, url)
    # Without a year, its latest year with figures, saying why it is not the latest of all.
    default = client.get(page_url(world, "Dover Unitary", view))
    assert default.status_code == 200 and default.context["year"].label == "2021-22"
    assert "Dover Unitary has no revenue outturn return for 2022-23" in default.content.decode()


@pytest.mark.parametrize("view", ["profile", "service"])
def test_a_year_marked_not_submitted_says_did_not_submit(client, world, view):
    url = page_url(world, "Fenland Unitary", view)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fenland Unitary did not submit a revenue outturn return for 2022-23" in html
    assert page_url(world, "Fenland Unitary", view, "2021-22") in links(html)
    # A council that did submit gets no such notice.
    assert (
        "did not submit a revenue outturn return"
        not in client.get(page_url(world, "Dover Unitary", view)).content.decode()
    )


@pytest.mark.parametrize("view", ["profile", "service"])
def test_abolished_council_after_its_last_year_links_to_its_successor(client, world, view):
    epsom, ashford = world["Epsom Unitary"], world["Ashford Unitary"]
    epsom.successors.add(ashford)
    add_year(
        [ashford, world["Bexley Unitary"], world["Corby Unitary"]],
        2023,
        {ashford: {"290": "2100"}, world["Bexley Unitary"]: {"290": "3100"}, world["Corby Unitary"]: {"290": "6100"}},
        run=ImportRunFactory(year=FinancialYear(2023), file_name="RSX_2023-24.csv"),
    )
    url = page_url(world, "Epsom Unitary", view, "2023-24")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Epsom Unitary did not exist in 2023-24: it was abolished at the end of 2022-23 and replaced by Ashford Unitary"
        in html
    )
    assert page_url(world, "Ashford Unitary", view, "2023-24") in links(html)
    assert page_url(world, "Epsom Unitary", view, "2022-23") in links(html)
    assert_no_link_to_itself(html, url)
    # Its last year's page names its successor too.
    last = client.get(page_url(world, "Epsom Unitary", view, "2022-23")).content.decode()
    assert "was replaced by" in last and page_url(world, "Ashford Unitary", view) in links(last)


@pytest.mark.parametrize("view", ["profile", "service"])
def test_year_before_a_merger_names_the_councils_it_replaced(client, world, view):
    add_merger(world)
    url = page_url(world, "Newshire Unitary", view, "2021-22")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Newshire Unitary did not exist in 2021-22: it was created on 1 April 2022 from" in html
    for name in ("Oldshire", "Old Vale", "Old Hills"):
        assert page_url(world, name, view, "2021-22") in links(html)
    assert page_url(world, "Newshire Unitary", view, "2022-23") in links(html)
    assert_no_link_to_itself(html, url)


def test_council_with_no_figures_in_any_year_is_not_a_404_and_never_links_to_itself(client, world):
    AuthorityFactory(name="Brandnew Unitary", gss_code="E06009999", start_date=datetime.date(2023, 4, 1))
    url = page_url(world, "E06009999", "profile")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Brandnew Unitary did not exist in 2022-23: it was created on 1 April 2023" in html
    assert "no revenue outturn figures for Brandnew Unitary in any year" in html
    assert_no_link_to_itself(html, url)
