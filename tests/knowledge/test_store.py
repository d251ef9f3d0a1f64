"""Knowledge is built once per object and swapped as a whole: a test can hand the pipeline a tiny
gazetteer, and nothing derived from one knowledge survives a swap."""

from __future__ import annotations

from geo.corpus.documents import document_from_bytes
from geo.extract.anchors import has_anchor
from geo.extract.mentions import extract
from geo.knowledge.gazetteer import AdminTable, AdminUnit, admin_table, inside_admin_name, scan_admin_names
from geo.knowledge.store import Knowledge, current, using
from geo.place.geocode import place_entities

# An invented province, prefecture and county that no real table has.
TINY = AdminTable(
    [
        AdminUnit("910000", "瀚海省", "province", "910000", None, 100.0, 40.0, ("瀚海",)),
        AdminUnit("910100", "青岚市", "prefecture", "910000", None, 100.2, 40.2, ("青岚",)),
        AdminUnit("910102", "云岫县", "county", "910000", "910100", 100.3, 40.3, ("云岫",)),
    ]
)


def tiny_knowledge() -> Knowledge:
    return Knowledge(admin=TINY, towns={}, renamed={}, foreign={})


def test_a_part_is_loaded_once_and_listed():
    calls = []
    knowledge = Knowledge()
    first = knowledge.part("words", lambda: calls.append(1) or ("甲",))
    again = knowledge.part("words", lambda: calls.append(1) or ("乙",))
    assert first is again and calls == [1]
    assert knowledge.loaded() == ("words",)


def test_the_pipeline_reads_a_tiny_gazetteer_handed_to_it():
    text = "推进云岫县瑞丰工业园区建设。".encode()
    assert not scan_admin_names("云岫县")  # the packaged table does not know it
    with using(tiny_knowledge()) as knowledge:
        assert admin_table() is TINY
        assert [m.surface for m in scan_admin_names("青岚市云岫县")] == ["青岚市", "云岫县"]
        entities = extract([document_from_bytes(text, "a.txt")])
        placed = place_entities(entities, [])
        assert "admin_scanner" in knowledge.loaded()
    (entity,) = [e for e in entities if e.name == "云岫县瑞丰工业园区"]
    placement = placed[entities.index(entity)]
    assert (placement.province, placement.prefecture, placement.county) == ("瀚海省", "青岚市", "云岫县")
    assert placement.adcode == "910102000000"


def test_answers_cached_under_one_knowledge_are_cleared_on_a_swap():
    assert not scan_admin_names("云岫")
    before = current()
    assert has_anchor("云岫") is has_anchor("云岫")  # cached under the packaged knowledge
    with using(tiny_knowledge()):
        assert [m.surface for m in scan_admin_names("云岫")] == ["云岫"]
    assert current() is before
    assert not scan_admin_names("云岫")
    assert admin_table() is not TINY


def test_inside_admin_name_reads_the_scanner_of_the_current_knowledge():
    """The shortcut that skips scanning for places must know the same names as the scan."""
    assert not inside_admin_name("岚市云")
    with using(tiny_knowledge()):
        assert inside_admin_name("岚市") and inside_admin_name("云岫县")
        assert not inside_admin_name("推进")
    assert not inside_admin_name("岚市")
