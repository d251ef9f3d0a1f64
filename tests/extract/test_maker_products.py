"""The product after a maker's name in a list item (geo.extract.mentions._maker_shaped)."""

from itertools import pairwise

from geo.extract.mentions import _industry_pattern
from geo.knowledge.industries import industry_keywords


def test_a_makers_product_is_the_longest_industry_word_after_its_name():
    """The product is read leftmost-longest, as the regex alternation of the industry words
    (longest first) read it: after 瑞丰泰隆, the longer of two words one opens."""
    words = sorted(w for w in industry_keywords() if len(w) >= 2)
    short, longer = next((a, b) for a, b in pairwise(words) if b.startswith(a))
    found = _industry_pattern().search("瑞丰泰隆" + longer + short, 4)
    assert (found.start(), found.end(), found.group()) == (4, 4 + len(longer), longer)
    assert _industry_pattern().search(short + "瑞丰泰隆", 4) is None  # nothing before `pos` counts
