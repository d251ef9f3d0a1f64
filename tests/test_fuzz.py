"""Property tests of the readers and the extractor: any bytes are read or refused with a reason
(never another exception), and every mention lies inside the text it came from (issue 13)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.corpus.documents import document_from_bytes
from geo.corpus.readers import SUFFIXES, UnreadableFile
from geo.extract.mentions import extract_mentions

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Characters the extractor cares about: heads, verbs, separators, dashes, brackets, places.
ALPHABET = st.sampled_from(
    list("推进建设工业园区项目基地铁路管道甲乙丙凉城县丰镇市、,。;:\n—-至()“”和及与重点发展 aA0")
)


@SETTINGS
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(sorted(SUFFIXES)))
def test_any_bytes_are_read_or_refused_with_a_reason(data, suffix):
    try:
        doc = document_from_bytes(data, f"x{suffix}")
    except UnreadableFile as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert doc.text is not None


@SETTINGS
@given(text=st.text(ALPHABET, min_size=1, max_size=400))
def test_mentions_lie_inside_the_text(text):
    try:
        doc = document_from_bytes(("甲" + text).encode(), "x.txt")
    except UnreadableFile:
        return
    for mention in extract_mentions(doc):
        assert 0 <= mention.start < mention.end <= len(doc.text)
        assert mention.name and mention.kind
