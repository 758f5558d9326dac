"""Filtering, facet counts, sorting and the selectors other areas call."""

from decimal import Decimal

from django.http import QueryDict

from casestudies.selectors import case_studies_for_service, case_study_listing, featured_case_studies
from tests.casestudies.factories import AuthorityFactory, CaseStudyPageFactory, case_study_index


def _listing(query, index):
    return case_study_listing(QueryDict(query), index_page=index)


def _facet(listing, key):
    facet = next(f for f in listing["facets"] if f.key == key)
    return {option.value: (option.count, option.selected) for option in facet.options}


def _titles(listing):
    return [page.title for page in listing["case_studies"]]


def test_filters_combine_and_counts_reflect_other_filters(home_page):
    index = case_study_index(home_page)
    london = AuthorityFactory(region="London", authority_type="LBO")
    north = AuthorityFactory(region="North East", authority_type="MD")
    CaseStudyPageFactory(
        parent=index,
        title="A",
        places=[london],
        themes=["Housing"],
        spatial_level="ward",
        service_codes=["490"],
        tags=["hubs"],
    )
    CaseStudyPageFactory(
        parent=index,
        title="B",
        places=[north],
        themes=["Housing", "Older people"],
        spatial_level="county",
        service_codes=["360"],
    )
    CaseStudyPageFactory(
        parent=index,
        title="C",
        places=[north],
        themes=["Older people"],
        spatial_level="ward",
        status="stopped",
        service_codes=["360", "490"],
    )
    CaseStudyPageFactory(parent=index, title="Draft", themes=["Housing"], publish=False)

    everything = _listing("", index)
    assert everything["total"] == 3
    assert _facet(everything, "theme") == {"housing": (2, False), "older-people": (2, False)}
    assert _facet(everything, "region") == {"London": (1, False), "North East": (2, False)}

    housing = _listing("theme=housing", index)
    assert sorted(_titles(housing)) == ["A", "B"]
    # The theme facet still offers the other theme, counted without the theme filter.
    assert _facet(housing, "theme") == {"housing": (2, True), "older-people": (2, False)}
    # Other facets count within the theme filter.
    assert _facet(housing, "spatial_level") == {"ward": (1, False), "county": (1, False)}
    assert _facet(housing, "service") == {"490": (1, False), "360": (1, False)}

    ward_housing = _listing("theme=housing&spatial_level=ward", index)
    assert _titles(ward_housing) == ["A"]
    assert ward_housing["querystring"] == "theme=housing&spatial_level=ward"

    either_theme_ward = _listing("theme=housing&theme=older-people&spatial_level=ward", index)
    assert sorted(_titles(either_theme_ward)) == ["A", "C"]

    assert _titles(_listing("region=North+East&status=stopped", index)) == ["C"]
    assert _titles(_listing("council_type=LBO", index)) == ["A"]
    assert _titles(_listing("tag=hubs", index)) == ["A"]
    assert _titles(_listing("theme=no-such-theme", index)) == []


def test_sorting_by_savings_and_last_reviewed_puts_blanks_last(home_page):
    import datetime

    index = case_study_index(home_page)
    CaseStudyPageFactory(
        parent=index, title="Small", savings_amount=Decimal(1000), last_reviewed=datetime.date(2024, 1, 1)
    )
    CaseStudyPageFactory(parent=index, title="None", savings_amount=None, last_reviewed=None)
    CaseStudyPageFactory(
        parent=index, title="Big", savings_amount=Decimal(900000), last_reviewed=datetime.date(2023, 1, 1)
    )
    assert _titles(_listing("sort=savings", index)) == ["Big", "Small", "None"]
    assert _titles(_listing("sort=reviewed", index)) == ["Small", "Big", "None"]
    assert _titles(_listing("sort=newest", index)) == ["Big", "None", "Small"]
    assert _listing("sort=evil", index)["sort"] == "newest"


def test_pagination_keeps_filters(home_page, settings):
    index = case_study_index(home_page)
    for n in range(23):
        CaseStudyPageFactory(parent=index, title=f"Study {n}", spatial_level="ward")
    first = _listing("spatial_level=ward", index)
    assert len(first["case_studies"]) == 20 and first["page_obj"].has_next()
    second = _listing("spatial_level=ward&page=2", index)
    assert len(second["case_studies"]) == 3
    assert _listing("page=999", index)["page_obj"].number == 2  # out of range shows the last page


def test_case_studies_for_service_and_featured(home_page):
    index = case_study_index(home_page)
    care = CaseStudyPageFactory(parent=index, title="Care", service_codes=["360"])
    CaseStudyPageFactory(parent=index, title="Roads", service_codes=["290"])
    CaseStudyPageFactory(parent=index, title="Care draft", service_codes=["360"], publish=False)
    assert case_studies_for_service("360") == [care]
    assert case_studies_for_service("999") == []
    featured = featured_case_studies()
    assert [page.title for page in featured] == ["Roads", "Care"]
    assert all(page.url and page.summary for page in featured)
