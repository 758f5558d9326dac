"""The social care "Spending by type of care" table reflows at 320 and 390 CSS pixels: it scrolls inside
its own named, focusable region, and the page passes axe."""

import pytest

from tests.benchmarks.ro3_workbook import Body, figures_for, write_ro3
from tests.benchmarks.world import build_world
from tests.browser.test_benchmarking_reflow import check_reflow

pytestmark = pytest.mark.django_db(transaction=True)


def test_social_care_detail_table_reflows(page, home_page, db, tmp_path, assert_accessible):
    from benchmarks.importers.load_detail import import_detail

    world = build_world()
    bodies = [
        Body(a.ecode, a.gss_code, name, a.authority_type, figures_for(seed))
        for seed, (name, a) in enumerate(world.councils.items(), start=1)
    ]
    import_detail(write_ro3(tmp_path / "RO3_2022-23_data_by_LA.xlsx", bodies))
    gss = world["Corby Unitary"].gss_code
    for code in ("330", "360"):
        check_reflow(page, assert_accessible, f"/benchmarking/{gss}/{code}/")
        assert page.locator("#detail-table tbody tr").count() == 2
