"""The count in a browser: an officer enters a partner figure, previews it, saves it; a second officer
of the place confirms; the published count shows the treemaps and the table with the partner's figure.
Every page visited is checked with axe."""

import re

import pytest
from django.conf import settings
from django.test import Client

from benchmarks import store
from tests.benchmarks.count.world import build_count_world
from tests.members.factories import VerifiedOfficerFactory

pytestmark = pytest.mark.django_db(transaction=True)
PARTNERS = "/benchmarking/places/area-E10000034/partners/2022-23/"


def sign_in(page, live_server, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_partner_figure_preview_confirm_publish(page, live_server, home_page, assert_accessible):
    store.clear_memory_cache()
    world = build_count_world()
    first = VerifiedOfficerFactory(council=world["Worcester"], display_name="Ada Officer")
    second = VerifiedOfficerFactory(council=world["Worcestershire"], display_name="Bea Officer")

    sign_in(page, live_server, first)
    page.goto(PARTNERS)
    assert_accessible(page)
    page.get_by_role("button", name="Start the count for 2022-23").click()
    page.wait_for_url(re.compile(r"/partners/2022-23/$"))
    page.get_by_label("Agency").fill("NHS Herefordshire and Worcestershire ICB")
    page.get_by_label("Theme").fill("Health")
    page.get_by_label("Amount (£ thousand)").fill("abc")
    page.get_by_label("Source (document title or link)").fill("ICB annual report 2022-23")
    page.get_by_role("button", name="Preview", exact=True).click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Amount is not a number" in summary.inner_text()
    assert_accessible(page)

    page.get_by_label("Amount (£ thousand)").fill("1000000.25")
    page.get_by_role("button", name="Preview", exact=True).click()
    page.locator("h1", has_text="Check the figures before saving").wait_for()
    assert "Nothing has been saved yet" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Save as a draft").click()
    page.wait_for_url(re.compile(r"/partners/2022-23/$"))
    assert "Draft" in page.locator("#count-status").inner_text()
    assert page.get_by_role("button", name="Confirm and publish the count").count() == 0  # not by the same officer

    sign_in(page, live_server, second)
    page.goto(PARTNERS)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and publish the count").click()
    page.wait_for_url(re.compile(r"/benchmarking/places/area-E10000034/\?year=2022-23$"))
    assert page.locator("svg.pe-treemap").count() == 2
    table = page.locator("#parts-table")
    assert "NHS Herefordshire and Worcestershire ICB" in table.inner_text()
    assert page.locator("#parts-total").inner_text() == "1,677,000.75001"
    assert page.locator('tr[data-method="partner"]').count() == 1
    assert_accessible(page)
