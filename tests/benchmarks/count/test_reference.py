"""The reference table of which councils each body serves, and the committed official snapshot: a fresh
clone (no data directory) has the non-council bodies with their figures, and the table covers them."""

from collections import Counter

import pytest

from benchmarks.count.reference import KIND_LABELS, body_areas, kind_of, read_reference
from benchmarks.official_snapshot import read_snapshot


@pytest.fixture(scope="module")
def snapshot_tables():
    return {t.model._meta.label_lower: t for t in read_snapshot().tables}


def test_every_body_has_one_known_kind_members_and_a_source():
    areas = body_areas()
    assert len(areas) >= 90
    kinds = Counter(a.kind for a in areas.values())
    assert {"police", "fire", "national_park", "waste", "transport", "combined_authority"} <= set(kinds)
    assert set(kinds) <= set(KIND_LABELS)
    for area in areas.values():
        assert area.members and all(m.startswith("E") and len(m) == 9 for m in area.members)
        assert all(s.strip() for s in area.sources)
    west_mercia = areas["E7055"]
    assert sorted(west_mercia.member_names) == ["Herefordshire", "Shropshire", "Telford and Wrekin", "Worcestershire"]
    assert "Police Force Area (December 2023) Lookup" in west_mercia.sources[0]
    assert kind_of("E6999", "WA") == "waste"  # a body the table does not list yet: kind from MHCLG's class


def test_a_body_with_two_kinds_is_refused(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text(
        "body_ecode,kind,member_gss,member_name,source\nE1,police,E10000034,W,src\nE1,fire,E06000019,H,src\n"
    )
    with pytest.raises(ValueError, match="E1 has kinds"):
        read_reference(path)


def test_snapshot_holds_the_non_council_bodies_with_their_figures(snapshot_tables):
    authorities = snapshot_tables["benchmarks.authority"].rows()
    other = {a["id"]: a for a in authorities if a["authority_type"] == "O"}
    assert len(other) >= 90
    with_figures = {r["authority_id"] for r in snapshot_tables["benchmarks.outturnreturn"].rows()} & set(other)
    assert len(with_figures) >= 80
    valued = set(snapshot_tables["benchmarks.outturnvalue"].columns["authority_id"]) & set(other)
    assert valued == with_figures or len(valued) >= 80
    by_ecode = {a["ecode"]: a for a in other.values()}
    for ecode in ("E7055", "E6118", "E6346", "E5100", "E6201", "E6406"):  # police, fire, CA, GLA, waste, park
        assert by_ecode[ecode]["id"] in valued


def test_reference_members_are_councils_in_the_snapshot_and_covers_its_bodies(snapshot_tables):
    authorities = snapshot_tables["benchmarks.authority"].rows()
    gss = {a["gss_code"] for a in authorities if a["authority_type"] != "O"}
    members = {m for area in body_areas().values() for m in area.members}
    assert members <= gss
    ecodes = {a["ecode"] for a in authorities if a["authority_type"] == "O" and a["ecode"]}
    unlisted = ecodes - set(body_areas())
    assert unlisted == {"E6803"}  # Lee Valley Regional Park: its area is not in an ONS lookup; shown as not counted
