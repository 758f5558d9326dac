import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_with_skip_link_first_and_no_axe_violations(page, home_page, assert_accessible):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Place Exchange"
    assert page.locator(".pe-header__name").inner_text() == "Place Exchange"

    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main-content"

    assert_accessible(page)


def test_error_page_is_in_site_design_and_accessible(page, home_page, assert_accessible):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)


def test_footer_pages_are_accessible(page, home_page, assert_accessible):
    for path, heading in [
        ("/accessibility/", "Accessibility statement for Place Exchange"),
        ("/privacy/", "Privacy notice"),
        ("/data-licences/", "Data sources and licences"),
    ]:
        page.goto(path)
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)


def test_home_page_council_picker_suggests_councils_as_you_type(page, home_page, assert_accessible):
    from benchmarks import store
    from tests.benchmarks.factories import AuthorityFactory

    AuthorityFactory(gss_code="E10000034", name="Worcestershire", authority_type="CTY")
    AuthorityFactory(gss_code="E07000237", name="Worcester", authority_type="NMD")
    AuthorityFactory(gss_code="E10000016", name="Kent", authority_type="CTY")
    store.clear_memory_cache()

    page.goto("/")
    page.get_by_label("Council name or code").fill("worc")
    suggestions = page.get_by_role("list", name="Matching councils").get_by_role("link")
    suggestions.first.wait_for()
    assert sorted(suggestions.all_inner_texts()) == ["Worcester", "Worcestershire"]
    assert_accessible(page)

    page.get_by_role("link", name="Worcestershire").click()
    page.wait_for_url("**/benchmarking/E10000034/**")
    assert page.url.endswith("/benchmarking/E10000034/")
