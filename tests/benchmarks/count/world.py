"""A hand-worked world for the count, on the real reference table's codes (benchmarks/count/reference).

2022-23, £ thousand, net current expenditure:
- Worcestershire (county, E10000034) with two districts, Wyre Forest and Worcester (100,000 residents each);
  Herefordshire (unitary, 200,000) and Telford and Wrekin (unitary, 100,000).
- West Mercia police (E7055) serves Herefordshire, Telford and Wrekin and Worcestershire: 500,000
  residents in the test world; it spends 300,000 on police (601).
- Hereford & Worcester fire (E6118) serves Herefordshire and Worcestershire: 400,000 residents;
  it spends 10,000.00001 on fire (602), so half of it is 5,000.000005, rounded half up to 5,000.00001.
- West Midlands CA (E6346, E47000007): Birmingham (1,000,000) and Coventry (300,000) in the test
  world; it spends 130,000 on transport (290).
"""

from dataclasses import dataclass, field

from benchmarks.services import ensure_services
from tests.benchmarks.factories import AuthorityFactory, add_year


@dataclass
class CountWorld:
    a: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.a[name]


def build_count_world() -> CountWorld:
    ensure_services()
    w = CountWorld()
    w.a["Worcestershire"] = AuthorityFactory(
        name="Worcestershire", authority_type="CTY", gss_code="E10000034", ecode="E1801"
    )
    for name, gss, ecode in [("Wyre Forest", "E07000239", "E1837"), ("Worcester", "E07000237", "E1835")]:
        w.a[name] = AuthorityFactory(
            name=name, authority_type="NMD", gss_code=gss, ecode=ecode, parent=w.a["Worcestershire"]
        )
    w.a["Herefordshire"] = AuthorityFactory(
        name="Herefordshire", authority_type="UA", gss_code="E06000019", ecode="E1801x"
    )
    w.a["Telford and Wrekin"] = AuthorityFactory(
        name="Telford and Wrekin", authority_type="UA", gss_code="E06000020", ecode="E3202"
    )
    w.a["Birmingham"] = AuthorityFactory(name="Birmingham", authority_type="MD", gss_code="E08000025", ecode="E4601")
    w.a["Coventry"] = AuthorityFactory(name="Coventry", authority_type="MD", gss_code="E08000026", ecode="E4602")
    other = {"authority_type": "O", "tier": "none", "is_principal_council": False, "ro_class": "O"}
    w.a["West Mercia Police"] = AuthorityFactory(
        name="West Mercia Police", gss_code="E23000016", ecode="E7055", ro_detailed_class="P", **other
    )
    w.a["Hereford & Worcester Fire"] = AuthorityFactory(
        name="Hereford & Worcester Fire", gss_code="E31000018", ecode="E6118", ro_detailed_class="FR", **other
    )
    w.a["West Midlands CA"] = AuthorityFactory(
        name="West Midlands CA", gss_code="E47000007", ecode="E6346", ro_detailed_class="CA", **other
    )
    figures = {
        w["Worcestershire"]: {"190": "400000", "360": "150000.5", "699": "550000.5"},
        w["Wyre Forest"]: {"290": "1000", "699": "1000"},
        w["Worcester"]: {"290": "1000", "699": "1000"},
        w["Herefordshire"]: {"190": "100000", "699": "100000"},
        w["Telford and Wrekin"]: {"190": "80000", "699": "80000"},
        w["Birmingham"]: {"190": "900000", "699": "900000"},
        w["Coventry"]: {"190": "200000", "699": "200000"},
        w["West Mercia Police"]: {"601": "300000", "699": "300000"},
        w["Hereford & Worcester Fire"]: {"602": "10000.00001", "699": "10000.00001"},
        w["West Midlands CA"]: {"290": "130000", "699": "130000"},
    }
    populations = {
        w["Wyre Forest"]: 100_000,
        w["Worcester"]: 100_000,
        w["Herefordshire"]: 200_000,
        w["Telford and Wrekin"]: 100_000,
        w["Birmingham"]: 1_000_000,
        w["Coventry"]: 300_000,
    }
    add_year(list(figures), 2022, figures, populations)
    return w
