"""Shortcuts in reading places answer as the full reading would: places compared and hashed
cheaply, and a corridor's ends read a second time only where nearness may settle one."""

from __future__ import annotations

from dataclasses import astuple

import pytest

from geo.place import candidates
from geo.place.candidates import Context, Place, place_by_code, read_members


def test_a_place_equals_a_copy_field_by_field_and_hashes_alike():
    place = place_by_code("130200")
    assert place is not None
    copy = Place(*astuple(place))
    assert copy is not place and copy == place and hash(copy) == hash(place)
    assert len({place, copy}) == 1


@pytest.mark.parametrize("field", ["name", "level", "lon", "lat", "code"])
def test_places_differing_in_any_field_differ(field):
    place = place_by_code("130200")
    assert place is not None
    changed = {
        "name": "甲市",
        "level": "county",
        "lon": place.lon + 1,
        "lat": place.lat + 1,
        "code": "130201",
    }
    other = Place(**{**place.__dict__, field: changed[field]})
    assert other != place and place != other
    assert place != astuple(place)  # a tuple of the same fields is no place


def _counting(monkeypatch) -> list[str]:
    read: list[str] = []
    plain = candidates.read_member

    def counted(text, ctx, opening=False):
        read.append(text)
        return plain(text, ctx, opening)

    monkeypatch.setattr(candidates, "read_member", counted)
    return read


def test_ends_of_one_candidate_each_are_read_once(monkeypatch):
    read = _counting(monkeypatch)
    members = read_members(["唐山市", "秦皇岛市"], Context())
    assert [m.code for m in members] == ["130200", "130300"]
    assert read == ["唐山市", "秦皇岛市"]


def test_an_end_of_several_candidates_is_read_again_beside_the_others(monkeypatch):
    read = _counting(monkeypatch)
    members = read_members(["锦州", "朝阳", "赤峰"], Context())
    assert [m.name for m in members] == ["锦州市", "朝阳市", "赤峰市"]
    assert len(read) == 6
