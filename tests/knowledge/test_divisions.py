"""Today's divisions over the 2016 table: renamed, re-designated and merged units, and their
former names leading to today's unit."""

from __future__ import annotations

from geo.knowledge.divisions import successor_code
from geo.knowledge.gazetteer import _bring_up_to_date, admin_table, renamed_units


class Unit:
    def __init__(self, name: str):
        self.name = name


def test_successors_by_stem_in_the_same_prefecture_or_the_prefecture_that_took_a_merged_one():
    arrived = {"990182": "甲州市", "990216": "丁区", "990281": "乙南区"}
    assert successor_code("990121", "甲县", arrived) == "990182"
    assert successor_code("990300", "丁市", arrived) == "990200"  # merged: its county is now a district there
    assert successor_code("990122", "戊县", arrived) is None
    assert successor_code("990221", "乙县", {"990281": "乙南区", "990282": "乙北区"}) is None  # two tell


def test_bringing_the_old_table_up_to_date():
    old = {
        "990000": ("甲省", 1.0, 1.0),
        "990100": ("乙市", 1.0, 1.0),
        "990102": ("东区", 1.1, 1.1),
        "990121": ("丙县", 1.2, 1.2),
        "990200": ("丁市", 2.0, 2.0),
        "980000": ("戊省", 3.0, 3.0),
        "980121": ("己县", 3.1, 3.1),
    }
    current = {
        code: Unit(name) for code, name in {"990100": "乙市", "990102": "新东区", "990182": "丙州市"}.items()
    }
    units, former = _bring_up_to_date(old, current)
    assert units["990102"][0] == "新东区" and former["东区"] == ("990102", "990102")  # same code, new name
    assert units["990182"] == ("丙州市", 1.2, 1.2) and former["丙县"] == ("990121", "990182")  # seat kept
    assert "990121" not in units and "990200" not in units  # gone
    assert "990000" in units  # a province is never dropped
    assert "980121" in units  # nor a unit of a province the current list does not cover


def test_the_packaged_table_is_current_and_reads_former_names():
    table = admin_table()
    assert table.by_code["350112"].name == "长乐区" and "350182" not in table.by_code
    assert "371200" not in table.by_code  # merged into 济南市 in 2019
    assert [u.code for u in renamed_units()["莱芜市"]] == ["370100"]
    assert [u.code for u in renamed_units()["长乐市"]] == ["350112"]


def test_the_recent_list_recodes_and_renames_a_unit_keeping_its_boundary():
    from pathlib import Path

    from geo.knowledge.divisions import CurrentUnit, with_recent_changes

    units = {  # invented codes in a mainland province's range (the list's Taiwan codes are left out)
        "649121": CurrentUnit("649121", "甲县", Path("649121.geojson"), "county"),
        "649122": CurrentUnit("649122", "乙区", Path("649122.geojson"), "county"),
        "649123": CurrentUnit("649123", "丙区", Path("649123.geojson"), "county"),
    }
    recent = {"649181": "甲市", "649123": "丙区", "649124": "丁新区", "649125": "戊县"}
    out = with_recent_changes(units, recent)
    assert out["649181"] == CurrentUnit("649181", "甲市", Path("649121.geojson"), "county")
    assert "649121" not in out
    assert out["649122"].name == "乙区"  # gone into a unit of another stem: kept as it was
    assert "649124" not in out and "649125" not in out  # new, with no boundary: not made up


def test_a_unit_redesignated_since_the_boundary_set_reads_by_both_names():
    from geo.place.candidates import Context
    from geo.place.geocode import from_name

    today = from_name("米林市甲乙产业园", Context())
    before = from_name("米林县甲乙产业园", Context())
    assert today.county == before.county == "米林市"
    assert before.former_name == "米林县"
