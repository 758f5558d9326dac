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
