"""Comparison pages: figures shown against an independent calculation, groups, downloads, bad input."""

import csv
import io
import statistics

import pytest
from django.urls import reverse

from .world import UNITARIES, build_world, per_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def profile_url(world, name, **params):
    url = reverse("benchmarks:profile", kwargs={"gss": world[name].gss_code})
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def unitary_per_heads(world, year, code):
    return [v for n in UNITARIES if (v := per_head(world, year, n, code)) is not None]


def test_profile_shows_every_service_with_rank_and_median(client, world):
    response = client.get(profile_url(world, "Bexley Unitary"))
    assert response.status_code == 200
    html = response.content.decode()
    rows = {r.service.code: r for r in response.context["profile"].rows}
    assert set(rows) == {
        "190",
        "290",
        "330",
        "360",
        "390",
        "490",
        "509",
        "590",
        "599",
        "601",
        "602",
        "690",
        "698",
        "699",
    }
    # Highways: independent median over the unitaries that submitted (Fenland did not: excluded, not zero).
    highways = unitary_per_heads(world, 2022, "290")
    assert len(highways) == 5
    assert rows["290"].stats.median == pytest.approx(statistics.median(highways))
    mine = per_head(world, 2022, "Bexley Unitary", "290")
    assert rows["290"].per_head == pytest.approx(mine)
    rank = 1 + sum(v > mine for v in highways)
    assert rows["290"].position.rank == rank
    assert f"{['1st', '2nd', '3rd', '4th', '5th'][rank - 1]} highest of 5" in html
    assert f"{statistics.median(highways):,.2f}" in html
    # Latest year by default, population year stated, source file named, official outturn labelled.
    assert "2022-23" in html and "mid-2022" in html
    assert "RSX_2022-23_data_by_LA.csv" in html and "Official outturn" in html
    # The non-submitter is listed as such.
    assert "Fenland Unitary" in html and "did not submit" in html


def test_non_submitter_profile_says_not_submitted_never_zero(client, world):
    response = client.get(profile_url(world, "Fenland Unitary"))
    assert response.status_code == 200
    rows = response.context["profile"].rows
    assert all(not r.submitted and r.per_head is None for r in rows)
    assert "Not submitted" in response.content.decode()


def test_districts_are_excluded_from_education_but_compared_on_highways(client, world):
    response = client.get(profile_url(world, "North Vale", group="england"))
    rows = {r.service.code: r for r in response.context["profile"].rows}
    assert rows["190"].delivers is False and rows["190"].position.rank is None
    assert world["North Vale"].id in rows["190"].excluded
    assert rows["290"].delivers is True
    # England group: the county and unitary education figures only.
    education = [
        v
        for n in world.figures[2022]
        if (v := per_head(world, 2022, n, "190")) and v > 0 and world[n].authority_type != "NMD"
    ]
    assert rows["190"].stats.n == len(education)
    assert rows["190"].stats.median == pytest.approx(statistics.median(education))


def test_region_group_and_year_choice(client, world):
    response = client.get(profile_url(world, "Ashford Unitary", year="2021-22", group="region"))
    assert response.status_code == 200
    rows = {r.service.code: r for r in response.context["profile"].rows}
    # 2021-22 per head uses the nearest population estimate (mid-2022 here), and Fenland did submit.
    assert rows["290"].stats.n == 6
    assert "mid-2022" in response.content.decode()


def test_nearest_neighbours_group_lists_neighbours_with_distance(client, world):
    response = client.get(profile_url(world, "Corby Unitary", group="neighbours"))
    assert response.status_code == 200
    group = response.context["group"]
    assert group.kind == "neighbours"
    # Same tier only (single tier: the other unitaries); the council itself is in its group.
    assert world["Corby Unitary"].id in group.member_ids
    assert all(world[n].authority_type == "UA" for n in world.councils if world[n].id in group.member_ids)
    distances = [n["distance"] for n in response.context["neighbour_rows"]]
    assert distances == sorted(distances) and all(0 <= d <= 1 for d in distances)
    assert "Nearest neighbours" in response.content.decode()


def test_neighbour_weights_are_adjustable_and_validated(client, world):
    response = client.get(
        profile_url(world, "Corby Unitary", group="neighbours", w_log_population="0", w_median_age="5")
    )
    assert response.status_code == 200
    assert response.context["weights"]["log_population"] == 0
    bad = client.get(profile_url(world, "Corby Unitary", group="neighbours", w_median_age="lots"))
    assert bad.status_code == 400
    assert "must be a number from 0 to 5" in bad.content.decode()


def test_custom_group_shared_by_link(client, world):
    from benchmarks.groups.services import create_group

    group = create_group(
        name="Pilot places",
        description="",
        members=[world["Northshire"], world["Ashford Unitary"], world["Bexley Unitary"]],
    )
    response = client.get(profile_url(world, "Ashford Unitary", group=str(group.token)))
    assert response.status_code == 200
    assert response.context["group"].label == "Pilot places"
    rows = {r.service.code: r for r in response.context["profile"].rows}
    expected = [per_head(world, 2022, n, "290") for n in ("Northshire", "Ashford Unitary", "Bexley Unitary")]
    assert rows["290"].stats.median == pytest.approx(statistics.median(expected))
    detail = client.get(group.get_absolute_url())
    assert detail.status_code == 200 and "Northshire" in detail.content.decode()


def test_profile_csv_download_matches_the_page(client, world):
    response = client.get(profile_url(world, "Dover Unitary", format="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    highways = next(r for r in rows if r["Service code"] == "290")
    assert (
        highways["£ thousand (as published)"] == "2400.000000000000000"
        or float(highways["£ thousand (as published)"]) == 2400
    )
    assert float(highways["£ per head"]) == pytest.approx(per_head(world, 2022, "Dover Unitary", "290"), abs=0.01)
    assert float(highways["Median £ per head"]) == pytest.approx(
        statistics.median(unitary_per_heads(world, 2022, "290")), abs=0.01
    )
    xlsx = client.get(profile_url(world, "Dover Unitary", format="xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_service_view_dot_strip_table_and_trend(client, world):
    url = reverse("benchmarks:service", kwargs={"gss": world["Corby Unitary"].gss_code, "code": "290"})
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html and "<title" in html
    members = response.context["members"]
    per_heads = [m["per_head"] for m in members if m["per_head"] is not None]
    assert per_heads == sorted(per_heads, reverse=True)  # default sort: highest £ per head first
    trend = {p["year"]: p for p in response.context["trend"]}
    assert trend["2021-22"]["median"] == pytest.approx(
        statistics.median([v for n in UNITARIES if (v := per_head(world, 2021, n, "290")) is not None])
    )
    assert trend["2022-23"]["value"] == pytest.approx(per_head(world, 2022, "Corby Unitary", "290"))
    sorted_by_name = client.get(url + "?sort=name&order=asc")
    names = [m["name"] for m in sorted_by_name.context["members"]]
    assert names == sorted(names)


def test_service_trend_csv(client, world):
    url = reverse("benchmarks:service", kwargs={"gss": world["Corby Unitary"].gss_code, "code": "290"})
    rows = list(csv.DictReader(io.StringIO(client.get(url + "?table=trend&format=csv").content.decode("utf-8-sig"))))
    assert [r["Year"] for r in rows] == ["2021-22", "2022-23"]
    assert float(rows[1]["Council £ per head"]) == pytest.approx(
        per_head(world, 2022, "Corby Unitary", "290"), abs=0.01
    )


def test_embed_page_can_be_framed(client, world):
    url = reverse("benchmarks:service_embed", kwargs={"gss": world["Corby Unitary"].gss_code, "code": "290"})
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert "<svg" in response.content.decode()


def test_place_totals_add_county_and_districts(client, world):
    response = client.get(reverse("benchmarks:place", kwargs={"gss": world["North Vale"].gss_code}))
    assert response.status_code == 200
    rows = {r["service"].code: r for r in response.context["place"]["rows"]}
    assert rows["290"]["total"] == pytest.approx(20000 + 500 + 700)
    assert rows["290"]["per_head"] == pytest.approx((20000 + 500 + 700) * 1000 / 500_000)
    unitary = client.get(reverse("benchmarks:place", kwargs={"gss": world["Corby Unitary"].gss_code}))
    assert "single-tier council" in unitary.content.decode()


def test_savings_opportunity_on_profile_and_nationally(client, world):
    response = client.get(profile_url(world, "Corby Unitary"))
    rows = {r.service.code: r for r in response.context["profile"].rows}
    highways = unitary_per_heads(world, 2022, "290")
    mine = per_head(world, 2022, "Corby Unitary", "290")
    expected = max(0, mine - statistics.median(highways)) * 150_000
    assert rows["290"].savings == pytest.approx(expected)
    assert response.context["profile"].total_savings == pytest.approx(
        sum(r.savings or 0 for c, r in rows.items() if c != "699")
    )
    national = client.get(reverse("benchmarks:national_savings"))
    assert national.status_code == 200
    assert national.context["savings"]["total"] > 0


def test_abolished_council_has_figures_for_its_last_year(client, world):
    response = client.get(profile_url(world, "Epsom Unitary", year="2022-23"))
    assert response.status_code == 200
    assert "abolished" in response.content.decode()


@pytest.mark.parametrize(
    "params, status, message",
    [
        ({"year": "20x2"}, 400, "Enter a financial year like 2022-23."),
        ({"year": "2015-16"}, 400, "There are no official figures for 2015-16"),
        ({"group": "cousins"}, 400, "Choose a comparison group"),
        ({"group": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}, 400, "does not exist"),
        ({"measure": "nonsense"}, 400, "Select a valid choice"),
        ({"format": "pdf"}, 400, "Select a valid choice"),
    ],
)
def test_bad_query_strings_get_clear_messages(client, world, params, status, message):
    response = client.get(profile_url(world, "Ashford Unitary", **params))
    assert response.status_code == status
    assert message in response.content.decode()


def test_unknown_gss_code_is_404_with_search_suggestion(client, world):
    response = client.get("/benchmarking/E99999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "could not find a council" in html and 'name="council"' in html
    by_name = client.get("/benchmarking/Bexley/")
    assert by_name.status_code == 404 and world["Bexley Unitary"].gss_code in by_name.content.decode()


def test_group_with_fewer_than_two_members_is_explained(client, world):
    from benchmarks.groups.services import create_group

    group = create_group(name="Just me", description="", members=[world["Ashford Unitary"], world["Fenland Unitary"]])
    response = client.get(profile_url(world, "Ashford Unitary", group=str(group.token)))
    assert "fewer than two councils with figures" in response.content.decode()


def test_year_without_a_return_for_this_council(client, world):
    from benchmarks.models import OutturnReturn, OutturnValue

    OutturnValue.objects.filter(authority=world["Dover Unitary"], year=2021).delete()
    OutturnReturn.objects.filter(authority=world["Dover Unitary"], year=2021).delete()
    response = client.get(profile_url(world, "Dover Unitary", year="2021-22"))
    assert response.status_code == 200  # a page that says so (tests/benchmarks/test_missing_year.py)
    assert "Dover Unitary has no revenue outturn return for 2021-22" in response.content.decode()


def test_home_picker_resolves_a_name_or_code(client, world):
    assert client.get("/benchmarking/?council=Corby+Unitary").url == profile_url(world, "Corby Unitary")
    assert client.get(f"/benchmarking/?council={world['Corby Unitary'].gss_code}").status_code == 302
    matches = client.get("/benchmarking/?council=North")
    assert matches.status_code == 200
    assert {m.name for m in matches.context["matches"]} >= {"North Vale", "North Hills", "Northshire"}
    missing = client.get("/benchmarking/?council=Atlantis")
    assert "No council matches" in missing.content.decode()


def test_council_picker_choices_for_the_home_page(world):
    from benchmarks.store import council_picker_choices

    choices = council_picker_choices()
    names = [c["name"] for c in choices]
    assert "Epsom Unitary" not in names  # abolished councils are not offered
    assert names == sorted(names)
    assert {"name": "Corby Unitary", "gss_code": world["Corby Unitary"].gss_code} in choices


def test_profile_and_service_query_bounds(client, world, django_assert_max_num_queries):
    client.get(profile_url(world, "Bexley Unitary"))  # warm the in-memory store
    # data version + authority + featured groups, and up to 3 × (case studies, threads) beside outliers.
    with django_assert_max_num_queries(12):
        assert client.get(profile_url(world, "Corby Unitary")).status_code == 200
    url = reverse("benchmarks:service", kwargs={"gss": world["Corby Unitary"].gss_code, "code": "290"})
    client.get(url)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_cold_profile_query_bound(client, world, django_assert_max_num_queries):
    # Cold, the profile reads every year's figures once (the headline trend of total spend covers every
    # year held, in cash and real terms), and the group map reads the boundaries once per import version
    # (benchmarks/maps.py); afterwards they are in memory (test_profile_glance.py bounds it).
    with django_assert_max_num_queries(29):
        assert client.get(profile_url(world, "Corby Unitary")).status_code == 200


def test_saving_a_group_needs_sign_in_and_validates(client, world):
    from tests.members.factories import UserFactory

    url = reverse("benchmarks:group_create")
    assert client.get(url).status_code == 302
    user = UserFactory()
    client.force_login(user)
    bad = client.post(url, {"name": "Mine", "members": "Corby Unitary\nAtlantis"})
    assert bad.status_code == 400 and "No council matches “Atlantis”" in bad.content.decode()
    from benchmarks.groups.models import ComparisonGroup

    assert not ComparisonGroup.objects.exists()
    good = client.post(url, {"name": "Mine", "members": f"Corby Unitary\n{world['Northshire'].gss_code}"})
    group = ComparisonGroup.objects.get()
    assert good.url == group.get_absolute_url()
    assert set(group.members.values_list("name", flat=True)) == {"Corby Unitary", "Northshire"}


def test_adult_social_care_outcomes_beside_spend(client, world):
    from decimal import Decimal

    from .factories import PerformanceMeasureFactory, PerformanceValueFactory

    lower = PerformanceMeasureFactory(code="ASC7", name="Outcome, Workforce turnover rate", polarity="lower")
    values = {
        "Ashford Unitary": "10",
        "Bexley Unitary": "20",
        "Corby Unitary": "30",
        "Dover Unitary": "40",
        "Northshire": "50",
    }
    for name, value in values.items():
        PerformanceValueFactory(measure=lower, authority=world[name], value=Decimal(value))
    response = client.get(profile_url(world, "Ashford Unitary"))
    [row] = response.context["performance"]
    # Median 30, MAD 10: Ashford at 10 is -2 MADs, but lower is better so it is drawn 2 MADs to the right.
    assert row["median"] == 30 and row["mads_from_median"] == -2 and row["better_to_right"] == 2
    html = response.content.decode()
    assert "Adult social care: spend and outcomes" in html and "Better than the median" in html
    service = client.get(
        reverse("benchmarks:service", kwargs={"gss": world["Ashford Unitary"].gss_code, "code": "360"})
    )
    assert 'id="perf-ASC7"' in service.content.decode()


def test_trend_marks_where_the_official_definition_changed(client, world):
    from .factories import add_year

    councils = [world[n] for n in UNITARIES if n != "Fenland Unitary"]
    for year in (2012, 2013):
        add_year(councils, year, {a: {"390": None if year == 2012 else "1000", "290": "1500"} for a in councils})
    url = reverse("benchmarks:service", kwargs={"gss": world["Corby Unitary"].gss_code, "code": "390"})
    response = client.get(url)
    trend = {p["year"]: p for p in response.context["trend"]}
    assert trend["2012-13"]["note"] == "Not published as a separate line this year"
    assert trend["2013-14"]["break"] == "Public health became a council service in 2013-14"
    assert trend["2013-14"]["value"] == pytest.approx(1000 * 1000 / 150_000)
    html = response.content.decode()
    assert "Definition change" in html and "definition change" in html  # table and chart


@pytest.mark.parametrize(
    "url",
    [
        "/benchmarking/?council=%00",
        "/benchmarking/Ken%00t/",
        "/benchmarking/E06000001/?year=%00",
        "/benchmarking/E06000001/?group=%00&measure=%00",
        "/api/v1/measures/AS%00C1/compare?authority=E06000001&year=2022-23",
        "/api/v1/values?authority=%00",
    ],
)
def test_nul_characters_never_cause_a_server_error(client, world, url):
    assert client.get(url).status_code < 500


def test_measure_not_published_in_a_year_is_explained(client, world):
    response = client.get(profile_url(world, "Corby Unitary", measure="total_expenditure"))
    assert response.status_code == 404
    assert "is not published for 2022-23" in response.content.decode()


# --- a member's saved groups: the list and editing ----------------------------------------------------


@pytest.fixture
def councils(db):
    from tests.members.factories import AuthorityFactory

    return [
        AuthorityFactory(name=name, authority_type="UA")
        for name in ("Ashby Unitary", "Barton Unitary", "Cleeve Unitary")
    ]


def test_group_list_needs_sign_in_and_shows_own_and_featured_groups_only(client, councils):
    from tests.benchmarks.groups.factories import ComparisonGroupFactory
    from tests.members.factories import UserFactory

    url = reverse("benchmarks:group_list")
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    me = UserFactory()
    mine = ComparisonGroupFactory(created_by=me, name="My shire group", members=councils)
    ComparisonGroupFactory(name="Someone else's group", members=councils)
    ComparisonGroupFactory(created_by=None, name="Total Place pilots", is_featured=True, members=councils[:2])
    client.force_login(me)

    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "My shire group" in html and "Total Place pilots" in html
    assert "Someone else's group" not in html
    assert reverse("benchmarks:group_edit", kwargs={"token": mine.token}) in html
    assert reverse("benchmarks:group_delete", kwargs={"token": mine.token}) in html
    assert mine.get_absolute_url() in html
    assert response.context["own"][0].member_count == 3
    assert url in client.get(mine.get_absolute_url()).content.decode()


def test_owner_edits_a_group_and_its_link_stays_the_same(client, councils):
    from benchmarks.groups.models import ComparisonGroup
    from tests.benchmarks.groups.factories import ComparisonGroupFactory
    from tests.members.factories import UserFactory

    owner = UserFactory()
    ashby, barton, cleeve = councils
    group = ComparisonGroupFactory(created_by=owner, name="Old name", members=[ashby, barton])
    url = reverse("benchmarks:group_edit", kwargs={"token": group.token})
    client.force_login(owner)

    form = client.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    assert "Old name" in html and f"Ashby Unitary ({ashby.gss_code})" in html and "csrfmiddlewaretoken" in html
    assert url in client.get(group.get_absolute_url()).content.decode()  # the owner sees "Change this group"

    response = client.post(
        url,
        {
            "name": "New name",
            "description": "Unitaries nearby",
            "members": f"Barton Unitary ({barton.gss_code})\n{cleeve.gss_code}",
        },
        follow=True,
    )
    group = ComparisonGroup.objects.get(pk=group.pk)
    assert response.redirect_chain == [(group.get_absolute_url(), 302)]
    assert (group.name, group.description) == ("New name", "Unitaries nearby")
    assert set(group.members.all()) == {barton, cleeve}
    assert "Saved your changes to “New name”" in response.content.decode()


@pytest.mark.parametrize(
    "data, error",
    [
        ({"name": "", "members": "Ashby Unitary\nBarton Unitary"}, "This field is required."),
        ({"name": "x" * 121, "members": "Ashby Unitary\nBarton Unitary"}, "at most 120 characters"),
        ({"name": "Mine", "members": ""}, "This field is required."),
        ({"name": "Mine", "members": "Ashby Unitary"}, "Enter at least two councils"),
        ({"name": "Mine", "members": "Ashby Unitary\nE99999999"}, "No council matches “E99999999”"),
        ({"name": "Mine", "members": "\n".join(["Ashby Unitary"] * 201)}, "at most 200 councils"),
    ],
)
def test_bad_edits_keep_what_was_typed_and_change_nothing(client, councils, data, error):
    from benchmarks.groups.models import ComparisonGroup
    from tests.benchmarks.groups.factories import ComparisonGroupFactory

    group = ComparisonGroupFactory(name="Kept", members=councils[:2])
    client.force_login(group.created_by)
    response = client.post(
        reverse("benchmarks:group_edit", kwargs={"token": group.token}), {"description": "Typed text", **data}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and "There is a problem" in html and error in html
    assert "Typed text" in html and data["members"].split("\n")[0] in html
    group = ComparisonGroup.objects.get(pk=group.pk)
    assert group.name == "Kept" and set(group.members.all()) == set(councils[:2])


def test_another_member_cannot_edit_a_group_and_anonymous_visitors_must_sign_in(client, councils):
    from benchmarks.groups.models import ComparisonGroup
    from tests.benchmarks.groups.factories import ComparisonGroupFactory
    from tests.members.factories import UserFactory

    group = ComparisonGroupFactory(name="Theirs", members=councils[:2])
    url = reverse("benchmarks:group_edit", kwargs={"token": group.token})
    change = {"name": "Mine now", "members": "Cleeve Unitary\nAshby Unitary"}

    for response in (client.get(url), client.post(url, change)):
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(url, change).status_code == 403
    assert url not in client.get(group.get_absolute_url()).content.decode()

    group = ComparisonGroup.objects.get(pk=group.pk)
    assert group.name == "Theirs" and set(group.members.all()) == set(councils[:2])


def test_editing_a_group_needs_the_csrf_token(councils):
    from django.test import Client

    from benchmarks.groups.models import ComparisonGroup
    from tests.benchmarks.groups.factories import ComparisonGroupFactory

    group = ComparisonGroupFactory(name="Kept", members=councils[:2])
    client = Client(enforce_csrf_checks=True)
    client.force_login(group.created_by)
    response = client.post(
        reverse("benchmarks:group_edit", kwargs={"token": group.token}),
        {"name": "Forged", "members": "Ashby Unitary\nCleeve Unitary"},
    )
    assert response.status_code == 403
    assert ComparisonGroup.objects.get(pk=group.pk).name == "Kept"


def test_editing_an_unknown_group_is_not_found(client):
    import uuid

    from tests.members.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("benchmarks:group_edit", kwargs={"token": uuid.uuid4()})).status_code == 404


# --- deleting a saved group: confirm first (GOV.UK "confirm a destructive action") -------------------


def test_delete_link_asks_for_confirmation_and_deletes_nothing(client, councils):
    from benchmarks.groups.models import ComparisonGroup
    from tests.benchmarks.groups.factories import ComparisonGroupFactory

    group = ComparisonGroupFactory(name="Nearby unitaries", members=councils[:2])
    url = reverse("benchmarks:group_delete", kwargs={"token": group.token})
    client.force_login(group.created_by)
    # Both places that offer "Delete" link to the confirmation page rather than posting.
    for page_url in (reverse("benchmarks:group_list"), group.get_absolute_url()):
        html = client.get(page_url).content.decode()
        assert f'href="{url}' in html and f'action="{url}"' not in html

    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Are you sure you want to delete Nearby unitaries?" in html
    assert "link will stop working for everyone who has it" in html
    assert f'<form method="post" action="{url}"' in html and "csrfmiddlewaretoken" in html
    assert "govuk-button--warning" in html and "Delete group" in html
    assert f'href="{group.get_absolute_url()}">Cancel</a>' in html
    list_url = reverse("benchmarks:group_list")
    assert f'href="{list_url}">Cancel</a>' in client.get(f"{url}?from=list").content.decode()
    assert ComparisonGroup.objects.filter(pk=group.pk).exists()
    assert set(ComparisonGroup.objects.get(pk=group.pk).members.all()) == set(councils[:2])


def test_owner_confirms_and_the_group_is_deleted(client, councils, django_capture_on_commit_callbacks):
    from benchmarks.groups.models import ComparisonGroup
    from tests.benchmarks.groups.factories import ComparisonGroupFactory

    group = ComparisonGroupFactory(name="Nearby unitaries", members=councils[:2])
    client.force_login(group.created_by)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("benchmarks:group_delete", kwargs={"token": group.token}), follow=True)
    assert response.redirect_chain == [(reverse("benchmarks:group_list"), 302)]
    assert "Deleted “Nearby unitaries”" in response.content.decode()
    assert not ComparisonGroup.objects.filter(pk=group.pk).exists()
    assert client.get(group.get_absolute_url()).status_code == 404


def test_another_member_cannot_delete_a_group_and_anonymous_visitors_must_sign_in(client, councils):
    from benchmarks.groups.models import ComparisonGroup
    from tests.benchmarks.groups.factories import ComparisonGroupFactory
    from tests.members.factories import UserFactory

    group = ComparisonGroupFactory(name="Theirs", members=councils[:2])
    url = reverse("benchmarks:group_delete", kwargs={"token": group.token})

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(UserFactory())
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 403
        assert "Are you sure" not in response.content.decode()
    assert url not in client.get(group.get_absolute_url()).content.decode()
    assert ComparisonGroup.objects.filter(pk=group.pk).exists()


def test_deleting_a_group_needs_the_csrf_token(councils):
    from django.test import Client

    from benchmarks.groups.models import ComparisonGroup
    from tests.benchmarks.groups.factories import ComparisonGroupFactory

    group = ComparisonGroupFactory(name="Kept", members=councils[:2])
    client = Client(enforce_csrf_checks=True)
    client.force_login(group.created_by)
    assert client.post(reverse("benchmarks:group_delete", kwargs={"token": group.token})).status_code == 403
    assert ComparisonGroup.objects.filter(pk=group.pk).exists()


def test_deleting_an_unknown_group_is_not_found(client):
    import uuid

    from tests.members.factories import UserFactory

    client.force_login(UserFactory())
    url = reverse("benchmarks:group_delete", kwargs={"token": uuid.uuid4()})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
