"""A small, hand-checkable set of councils and official figures for comparison tests."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from benchmarks.years import FinancialYear

from .factories import AuthorityFactory, ImportRunFactory, PlaceCharacteristicsFactory, add_year


@dataclass
class World:
    councils: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)  # year -> {name: {code: value}}
    populations: dict = field(default_factory=dict)  # name -> population
    not_submitted: dict = field(default_factory=dict)  # year -> set of names

    def __getitem__(self, name):
        return self.councils[name]


UNITARIES = {
    # name: (population, {service: £ thousand}) for 2022-23
    "Ashford Unitary": (100_000, {"190": "50000", "290": "2000", "360": "30000", "699": "90000"}),
    "Bexley Unitary": (200_000, {"190": "90000", "290": "3000", "360": "50000", "699": "160000"}),
    "Corby Unitary": (150_000, {"190": "70000", "290": "6000", "360": "45000", "699": "130000"}),
    "Dover Unitary": (120_000, {"190": "60000", "290": "2400", "360": "40000", "699": "110000"}),
    "Epsom Unitary": (80_000, {"190": "41000.5", "290": "1600", "360": "24000", "699": "70000"}),
    "Fenland Unitary": (90_000, {"190": None, "290": None, "360": None, "699": None}),  # not submitted
}
COUNTIES = {
    "Northshire": (500_000, {"190": "200000", "290": "20000", "360": "120000", "699": "400000"}),
    "Southshire": (600_000, {"190": "230000", "290": "26000", "360": "150000", "699": "450000"}),
}
DISTRICTS = {
    # name: (county, population, figures)
    "North Vale": ("Northshire", 100_000, {"190": "0", "290": "500", "360": "10", "699": "9000"}),
    "North Hills": ("Northshire", 150_000, {"190": "0", "290": "700", "360": "0", "699": "12000"}),
    "South Downs": ("Southshire", 200_000, {"190": "0", "290": "900", "360": "0", "699": "15000"}),
}


def build_world(with_2021: bool = True) -> World:
    from benchmarks.services import ensure_services

    ensure_services()  # seeded by a migration, but transactional browser tests flush tables between tests
    world = World()
    region = "East Midlands"
    for i, (name, (pop, _f)) in enumerate(UNITARIES.items()):
        world.councils[name] = AuthorityFactory(
            name=name, authority_type="UA", gss_code=f"E0600{i:04d}", ecode=f"E06{i:02d}", region=region
        )
        world.populations[name] = pop
    for i, (name, (pop, _f)) in enumerate(COUNTIES.items()):
        world.councils[name] = AuthorityFactory(
            name=name, authority_type="CTY", gss_code=f"E1000{i:04d}", ecode=f"E10{i:02d}", region=region
        )
        world.populations[name] = pop
    for i, (name, (county, pop, _f)) in enumerate(DISTRICTS.items()):
        world.councils[name] = AuthorityFactory(
            name=name,
            authority_type="NMD",
            gss_code=f"E0700{i:04d}",
            ecode=f"E07{i:02d}",
            region=region,
            parent=world.councils[county],
        )
        world.populations[name] = pop
    # Abolished at the 2023 reorganisation: has returns up to 2022-23 only.
    world.councils["Epsom Unitary"].end_date = datetime.date(2023, 3, 31)
    world.councils["Epsom Unitary"].save()

    figures_2022 = {}
    for table in (UNITARIES, COUNTIES):
        for name, (_pop, figs) in table.items():
            figures_2022[name] = figs
    for name, (_county, _pop, figs) in DISTRICTS.items():
        figures_2022[name] = figs
    authorities = list(world.councils.values())
    run = ImportRunFactory(
        year=FinancialYear(2022),
        file_name="RSX_2022-23_data_by_LA.csv",
        publisher_last_updated=datetime.date(2024, 6, 6),
    )
    add_year(
        authorities,
        2022,
        {world[n]: f for n, f in figures_2022.items()},
        {world[n]: p for n, p in world.populations.items()},
        run=run,
        not_submitted={world["Fenland Unitary"]},
    )
    world.figures[2022] = figures_2022
    world.not_submitted[2022] = {"Fenland Unitary"}
    if with_2021:
        # 2021-22: every figure 10% lower, everyone submitted, population as in 2022 (nearest estimate).
        figures_2021 = {
            name: {
                code: (None if value is None else str(Decimal(value) * Decimal("0.9"))) for code, value in figs.items()
            }
            for name, figs in figures_2022.items()
        }
        figures_2021["Fenland Unitary"] = {"190": "45000", "290": "1800", "360": "27000", "699": "81000"}
        add_year(
            authorities,
            2021,
            {world[n]: f for n, f in figures_2021.items()},
            None,
            run=ImportRunFactory(year=FinancialYear(2021), file_name="RSX_2021-22_data_by_LA_Live.csv"),
        )
        world.figures[2021] = figures_2021
        world.not_submitted[2021] = set()
    for i, (name, authority) in enumerate(world.councils.items()):
        PlaceCharacteristicsFactory(
            authority=authority,
            population=world.populations[name],
            people_per_sq_km=Decimal(100 + 37 * i),
            median_age=Decimal(38 + i % 5),
            aged_0_15=int(world.populations[name] * (0.16 + 0.005 * i)),
            aged_65_plus=int(world.populations[name] * (0.18 + 0.004 * (i % 4))),
            aged_85_plus=int(world.populations[name] * 0.025),
        )
    return world


def per_head(world: World, year: int, name: str, code: str):
    value = world.figures[year][name].get(code)
    if value is None or name in world.not_submitted[year]:
        return None
    return float(Decimal(value)) * 1000 / world.populations[name]
