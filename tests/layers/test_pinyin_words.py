"""The pinyin's word cut (rjieba block by block) is jieba's cut, on names invented here."""

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.knowledge.segment import cut
from geo.layers import frame
from geo.layers.frame import _name_words, pinyin_batch

NAMES = [
    "瑞丰工业园区",
    "瑞丰(二期)物流园区",
    "丰瑞特种PVA、涂料项目",
    "金川至瑞丰—丰瑞公路",
    "㐀丰新区 3号地块",
]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="瑞丰工业园区物流项目特种化工二期、()·—-PVA 3.㐀\u9fd6", max_size=20))
def test_name_words_are_jiebas_words(name):
    assert _name_words(name) == cut(name)


def test_pinyin_is_what_jiebas_cut_spells(monkeypatch):
    fast = pinyin_batch(NAMES)
    frame._word_pinyin.cache_clear()
    monkeypatch.setattr(frame, "_name_words", cut)
    assert pinyin_batch(NAMES) == fast
