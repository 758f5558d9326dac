"""Partners' figures: only verified officers of the place draft, a second officer confirms, other councils
never see drafts, bad input is refused with a clear message and nothing saved, and a published count
is part of the place's total (to the penny) in the page, the API and the downloads."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from benchmarks.count.models import CountVersion, PartnerCount, PartnerFigure
from tests.members.factories import VerifiedOfficerFactory

pytestmark = pytest.mark.django_db
BASE = "/benchmarking/places/area-E10000034/partners/2022-23/"
GOOD = {
    "agency": "NHS Herefordshire and Worcestershire ICB",
    "theme": "Health",
    "amount_thousands": "1,000,000.25",
    "year": "2022-23",
    "source": "https://example.org/icb-annual-report-2022-23.pdf",
    "method": "apportioned",
    "confidence": "medium",
}


@pytest.fixture
def officers(world):
    return (
        VerifiedOfficerFactory(council=world["Worcester"]),
        VerifiedOfficerFactory(council=world["Worcestershire"]),
        VerifiedOfficerFactory(council=world["Herefordshire"]),  # another place's officer
    )


def start_and_save(client, user, rows=None, **post):
    client.force_login(user)
    client.post(BASE + "start/")
    response = client.post(BASE + "preview/", post or GOOD)
    assert response.status_code == 200, response.content.decode()[:2000]
    return client.post(BASE + "save/")


def test_draft_then_second_officer_confirms_then_it_counts(client, world, officers):
    first, second, _other = officers
    start_and_save(client, first)
    count = PartnerCount.objects.get()
    assert count.status == "draft" and count.version == 1
    assert client.get("/api/v1/places/area-E10000034/count").json()["total_thousands"] == 677000.50001

    assert client.post(BASE + "confirm/").status_code == 403  # not the officer who entered them
    client.force_login(second)
    client.post(BASE + "confirm/")
    count.refresh_from_db()
    assert count.status == "published" and count.confirmed_by == second and count.version == 2
    assert list(CountVersion.objects.values_list("action", flat=True)) == [
        "1 figure(s) added",
        "confirmed and published",
    ]

    client.logout()
    data = client.get("/api/v1/places/area-E10000034/count").json()
    partner = next(p for p in data["parts"] if p["kind"] == "partner")
    assert partner["method"] == "partner" and partner["value_thousands"] == 1000000.25
    assert partner["source"] == GOOD["source"]
    assert data["total_thousands"] == 1677000.75001
    assert sum(Decimal(str(p["value_thousands"])) for p in data["parts"]) == Decimal("1677000.75001")
    html = client.get("/benchmarking/places/area-E10000034/").content.decode()
    assert 'id="parts-total">1,677,000.75001<' in html and 'data-method="partner"' in html
    csv_text = client.get("/benchmarking/places/area-E10000034/?format=csv").content.decode()
    assert ",partner,partner,1000000.25," in csv_text


def test_only_officers_of_the_place_can_start_or_see_a_draft(client, world, officers):
    first, _second, other = officers
    client.force_login(other)
    assert client.post(BASE + "start/").status_code == 403
    assert not PartnerCount.objects.exists()
    start_and_save(client, first)
    client.force_login(other)
    assert client.get(BASE).status_code == 403
    assert client.post(BASE + "preview/", GOOD).status_code == 403
    assert client.post(BASE + "confirm/").status_code == 403
    client.logout()
    assert client.get(BASE).status_code == 403
    assert PartnerCount.objects.get().status == "draft"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source": ""}, "Every figure needs a source"),
        ({"amount_thousands": "ten thousand"}, "is not a number"),
        ({"amount_thousands": "-50"}, "cannot be negative"),
        ({"amount_thousands": "=1+1"}, "contains a formula"),
        ({"agency": "=cmd|' /C calc'!A0"}, "would be read as a formula"),
        ({"method": "guessed"}, "Method must be one of actual, apportioned, estimated"),
        ({"year": "2021-22"}, "This count is for 2022-23"),
    ],
)
def test_bad_figures_are_refused_with_a_message_and_nothing_saved(client, world, officers, change, message):
    client.force_login(officers[0])
    client.post(BASE + "start/")
    response = client.post(BASE + "preview/", GOOD | change)
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert client.post(BASE + "save/").status_code == 302  # nothing pending: nothing saved
    assert not PartnerFigure.objects.exists()


def test_a_duplicate_agency_theme_pair_is_refused(client, world, officers):
    start_and_save(client, officers[0])
    response = client.post(BASE + "preview/", GOOD | {"agency": GOOD["agency"].upper()})
    assert response.status_code == 400
    assert "is already in the count: enter each pair once" in response.content.decode()
    assert PartnerFigure.objects.count() == 1


def _csv(rows):
    header = "Agency,Theme,Amount (£ thousand),Year,Source (document title or link),Method,Confidence\n"
    return io.BytesIO((header + "".join(rows)).encode())


def test_upload_checks_totals_duplicates_and_formulas_then_saves_all(client, world, officers):
    client.force_login(officers[0])
    client.post(BASE + "start/")
    line = "DWP,Benefits,2000,2022-23,DWP benefit expenditure by local authority 2022-23,actual,high\n"
    bad_total = _csv([line, "Probation,Justice,50,2022-23,HMPPS annual report,estimated,low\n", "Total,,2100,,,,\n"])
    bad_total.name = "partners.csv"
    response = client.post(BASE + "preview/", {"file": bad_total})
    assert "The total row says 2,100 but the figures add up to 2,050" in response.content.decode()
    twice = _csv([line, line])
    twice.name = "partners.csv"
    assert "enter each pair once" in client.post(BASE + "preview/", {"file": twice}).content.decode()
    injected = _csv(['"=HYPERLINK(""http://x"")",Health,1,2022-23,src,actual,high\n'])
    injected.name = "partners.csv"
    assert "would be read as a formula" in client.post(BASE + "preview/", {"file": injected}).content.decode()
    assert not PartnerFigure.objects.exists()

    good = _csv([line, "Probation,Justice,50,2022-23,HMPPS annual report,estimated,low\n", "Total,,2050,,,,\n"])
    good.name = "partners.csv"
    preview = client.post(BASE + "preview/", {"file": good})
    assert preview.status_code == 200 and "Nothing has been saved yet" in preview.content.decode()
    assert not PartnerFigure.objects.exists()
    client.post(BASE + "save/")
    assert sorted(PartnerFigure.objects.values_list("agency", "amount_thousands")) == [
        ("DWP", Decimal("2000")),
        ("Probation", Decimal("50")),
    ]


def test_xlsx_upload_with_a_formula_cell_is_refused(client, world, officers):
    client.force_login(officers[0])
    client.post(BASE + "start/")
    book = Workbook()
    sheet = book.active
    sheet.append(["Agency", "Theme", "Amount (£ thousand)", "Year", "Source", "Method", "Confidence"])
    sheet.append(["DWP", "Benefits", "=SUM(1,2)", "2022-23", "src", "actual", "high"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "partners.xlsx"
    response = client.post(BASE + "preview/", {"file": data})
    assert response.status_code == 400 and "contains a formula" in response.content.decode()
    assert not PartnerFigure.objects.exists()


def test_template_downloads(client, world):
    text = client.get(BASE + "template.csv").content.decode()
    assert text.startswith("Agency,Theme,Amount (£ thousand),Year,Source (document title or link)")
    assert "2022-23" in text
