"""Search finds people and places too: listed members by name, council and expertise; councils as
results in their own right, linking to their benchmark profile."""

import datetime

import pytest

from benchmarks.models import AuthorityType, Dataset, ImportRun
from cop.members.models import Profile
from cop.sitesearch.services import rebuild_all
from tests.casestudies.factories import AuthorityFactory
from tests.discussions.factories import ThreadFactory
from tests.members.factories import UserFactory
from tests.sitesearch.conftest import plain

pytestmark = pytest.mark.django_db


def _council(name, **fields):
    defaults = {"authority_type": AuthorityType.COUNTY, "is_principal_council": True, "region": "West Midlands"}
    return AuthorityFactory(name=name, **{**defaults, **fields})


def _listed(name, council, expertise=()):
    user = UserFactory(display_name=name)
    profile = Profile.objects.get(user=user)
    profile.organisation = council
    profile.show_in_directory = True
    profile.role = "Commissioning manager"
    profile.save()
    profile.expertise.set(list(expertise))
    return user


def test_a_council_is_a_result_linking_to_its_benchmark_profile(searcher, db):
    council = _council("Worcestershire")
    ThreadFactory(title="Worcestershire's count of public money", opening="Over four billion pounds.")
    rebuild_all()
    page = searcher.run("Worcestershire")
    by_title = {plain(result.title): result for result in page.results}
    assert set(by_title) == {"Worcestershire", "Worcestershire's count of public money"}
    assert by_title["Worcestershire"].url == f"/benchmarking/{council.gss_code}/"
    # The council's own entry comes before items that only mention it.
    assert searcher.titles("Worcestershire")[0] == "Worcestershire"
    assert searcher.facet_counts("Worcestershire")["type"] == {"Council": 1, "Discussion": 1}


def test_councils_that_no_longer_exist_or_are_not_councils_are_not_results(searcher, db):
    _council("Oldshire", end_date=datetime.date(2023, 3, 31))
    _council("Oldshire Police", authority_type=AuthorityType.OTHER, is_principal_council=False, gss_code="E23000099")
    _council("Oldshire Borough", authority_type=AuthorityType.UNITARY)
    rebuild_all()
    assert searcher.titles("Oldshire") == ["Oldshire Borough"]


def test_a_council_is_found_by_its_other_names(searcher, db):
    _council("Bristol", alt_names="City of Bristol\nBristol City Council", authority_type=AuthorityType.UNITARY)
    rebuild_all()
    assert searcher.titles("City of Bristol") == ["Bristol"]


def test_an_import_rewrites_council_results(searcher, index_events, db):
    council = _council("Herefordshire")
    rebuild_all()
    council.__class__.objects.filter(pk=council.pk).update(name="Herefordshire, County of")  # a bulk write
    with index_events():
        ImportRun.objects.create(dataset=Dataset.AUTHORITIES, file_name="lookup.csv", sha256="0" * 64)
    assert searcher.titles("Herefordshire") == ["Herefordshire, County of"]


def test_listed_members_are_found_by_name_council_and_expertise(searcher, db):
    council = _council("Wychavon", authority_type=AuthorityType.DISTRICT)
    _listed("Priya Raman", council, expertise=["Asset management"])
    viewer = UserFactory()
    rebuild_all()
    for words in ("Priya Raman", "Wychavon", "asset management"):
        assert "Priya Raman" in searcher.titles(words, user=viewer), words
    # Profiles are for signed-in members only; the council is public.
    assert searcher.titles("Priya Raman") == []
    assert searcher.titles("Wychavon") == ["Wychavon"]
