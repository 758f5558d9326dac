"""A council created by merger, added to the comparison world (tests/benchmarks/world.py).

Newshire Unitary starts on 1 April 2022, replacing Oldshire county and its two districts, which have
returns for 2020-21 (Old Hills did not submit) and 2021-22. Populations: Oldshire 400,000 at mid-2021,
its districts 150,000 and 250,000 (the county's residents, not extra ones).
"""

import datetime

from benchmarks.years import FinancialYear

from .factories import AuthorityFactory, ImportRunFactory, add_year

PREDECESSOR_FIGURES = {
    2021: {
        "Oldshire": {"190": "150000", "290": "8000", "360": "60000", "699": "260000"},
        "Old Vale": {"190": "0", "290": "300", "360": "0", "699": "5000"},
        "Old Hills": {"190": "0", "290": "500", "360": "0", "699": "7000"},
    },
    2020: {
        "Oldshire": {"190": "140000", "290": "7000", "360": "55000", "699": "240000"},
        "Old Vale": {"190": "0", "290": "280", "360": "0", "699": "4800"},
        "Old Hills": {"190": None, "290": None, "360": None, "699": None},
    },
}
PREDECESSOR_POPULATIONS = {"Oldshire": 400_000, "Old Vale": 150_000, "Old Hills": 250_000}
NEWSHIRE_2022 = {"190": "160000", "290": "9000", "360": "64000", "699": "280000"}


def add_merger(world):
    change = datetime.date(2022, 4, 1)
    county = AuthorityFactory(
        name="Oldshire", authority_type="CTY", gss_code="E10009001", region="East Midlands", end_date=change
    )
    vale = AuthorityFactory(
        name="Old Vale", authority_type="NMD", gss_code="E07009001", parent=county, end_date=datetime.date(2022, 3, 31)
    )
    hills = AuthorityFactory(
        name="Old Hills", authority_type="NMD", gss_code="E07009002", parent=county, end_date=datetime.date(2022, 3, 31)
    )
    new = AuthorityFactory(name="Newshire Unitary", authority_type="UA", gss_code="E06009001", start_date=change)
    for old in (county, vale, hills):
        old.successors.add(new)
        world.councils[old.name] = old
    world.councils[new.name] = new
    olds = [county, vale, hills]
    add_year(
        olds,
        2021,
        {world[n]: f for n, f in PREDECESSOR_FIGURES[2021].items()},
        {world[n]: p for n, p in PREDECESSOR_POPULATIONS.items()},
        run=ImportRunFactory(year=FinancialYear(2021), file_name="RSX_2021-22_data_by_LA_Live.csv"),
    )
    # 2020-21: only the predecessors and two unitaries, enough for the year to exist.
    add_year(
        olds + [world["Ashford Unitary"], world["Bexley Unitary"]],
        2020,
        {world[n]: f for n, f in PREDECESSOR_FIGURES[2020].items()}
        | {world["Ashford Unitary"]: {"290": "1900"}, world["Bexley Unitary"]: {"290": "2800"}},
        run=ImportRunFactory(year=FinancialYear(2020), file_name="RS_2020-21.xlsx"),
        not_submitted={hills},
    )
    add_year(
        [new],
        2022,
        {new: NEWSHIRE_2022},
        {new: 410_000},
        run=ImportRunFactory(year=FinancialYear(2022), file_name="RSX_2022-23_data_by_LA.csv"),
    )
    return new
