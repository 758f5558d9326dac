"""Finding 9 in a real browser: the CSP is enforced, the page fixture fails on any refusal,
and Wagtail's admin works under its own policy without a single CSP console error."""

import pytest

from .conftest import is_csp_violation

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_pages_refuse_injected_inline_script(browser, live_server, home_page):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    refusals = []
    page.on("console", lambda message: refusals.append(message.text) if is_csp_violation(message) else None)
    page.goto("/")
    page.wait_for_load_state("load")
    assert refusals == []
    assert "js-enabled" in page.evaluate("() => document.body.className")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    ran = page.evaluate("() => window.__ran === 1")
    context.close()
    assert ran is False
    assert any("script-src" in text for text in refusals), refusals


def test_wagtail_admin_loads_without_csp_errors(page, live_server, home_page, django_user_model, client):
    editor = django_user_model.objects.create_user(
        "editor", "editor@example.gov.uk", "a-long-password-123", is_staff=True, is_superuser=True
    )
    # Signed in through a session cookie, whatever the sign-in form looks like.
    client.force_login(editor)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto("/admin/")
    assert page.locator("main, #main").count() >= 1
    page.goto(f"/admin/pages/{home_page.pk}/edit/")
    page.wait_for_load_state("load")
    assert page.locator("form").count() >= 1
    # The page fixture fails the test on any CSP console error seen on these pages.
