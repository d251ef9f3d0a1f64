"""Skipping OpenCC's t2s on a text it would not change: never on one it would change."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.corpus.normalize import detect_script, normalize, to_simplified
from geo.corpus.t2s import read_changes, t2s_keeps
from geo.knowledge.store import Knowledge, using

CHANGES = read_changes()
pytestmark = pytest.mark.skipif(CHANGES is None, reason="OpenCC's dictionaries cannot be read here")

# Invented sentences: Simplified; Traditional; 覆 alone (kept) and in 反覆 (a phrase t2s changes);
# 乾 alone (changed) and in 乾隆 (a phrase kept); a compatibility ideograph; an astral character.
TEXTS = (
    "推进物流园区建设,覆盖全县的冷链网络。",
    "推進產業合作,甲市新區電子產業園。",
    "工作反覆推进,园区覆盖面扩大。",
    "甲县乾燥气候,乾隆年间建成的古镇。",
    "乾隆年间建成的古镇,园区建设。",
    "甲区\U0002f809用地规划。",
    "甲区𠀋工业园区。",
    "沈阳经济区,像素产业园。",
    "推进反\n覆核",
)


@pytest.mark.parametrize("text", TEXTS)
def test_a_text_said_to_be_kept_is_what_t2s_returns(text: str):
    if t2s_keeps(text):
        assert to_simplified(text) == text
    assert t2s_keeps(text) == (CHANGES.keeps(text))


def test_simplified_text_is_kept_and_traditional_is_not():
    assert t2s_keeps(TEXTS[0]) and t2s_keeps(TEXTS[7])
    assert to_simplified(TEXTS[4]) == TEXTS[4] and not t2s_keeps(TEXTS[4])  # 乾 alone changes: unsure
    for changed in (TEXTS[1], TEXTS[2], TEXTS[3], TEXTS[5]):
        assert to_simplified(changed) != changed and not t2s_keeps(changed)


def test_every_character_said_to_be_kept_alone_is_kept():
    """Each character of the unified ideographs (and extension A) that the tables do not name
    comes back from t2s unchanged: the dictionaries read are the ones the conversion uses."""
    named = CHANGES.chars | set(CHANGES.phrases)
    kept = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000)) if chr(c) not in named]
    assert len(kept) > 15000
    assert to_simplified("\n".join(kept)) == "\n".join(kept)


def test_every_changing_phrase_is_seen():
    for group in CHANGES.phrases.values():
        for phrase in group:
            assert not CHANGES.keeps(f"甲区{phrase}园区")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(sorted({c for t in TEXTS for c in t} | {"反", "覆", "乾", "隆"})), max_size=40))
def test_kept_is_never_said_of_a_text_t2s_changes(chars: list[str]):
    text = "".join(chars)
    assert not t2s_keeps(text) or to_simplified(text) == text


def test_without_the_tables_every_text_is_converted():
    with using(Knowledge(t2s_changes=None)):
        assert not t2s_keeps(TEXTS[0])
        assert normalize(TEXTS[1]).text == to_simplified(TEXTS[1])
        assert detect_script(TEXTS[1]) == "traditional" and detect_script(TEXTS[0]) == "simplified"
    assert read_changes("no-such-conversion") is None
