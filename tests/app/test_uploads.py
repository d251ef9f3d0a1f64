"""Upload names are whatever a browser sends: each file is read or refused with a reason, and
none takes another down with it (issue 13, defect 12)."""

from __future__ import annotations

import pytest

from geo.app import services

DOC = "凉城县人民政府关于园区建设的通知\n推进凉城县岚曦工业园区建设,重点发展氟化工。\n".encode()


@pytest.mark.parametrize(
    "name",
    ["甲" * 300 + ".txt", "x" * 300 + ".txt", "..", "../", "a\x00b.txt", ".hidden.txt", ""],
)
def test_an_odd_upload_name_is_read_and_the_other_file_too(name):
    result = services.add_documents([(name, DOC), ("other.txt", DOC)])
    assert "other.txt" in result.read and not result.errors
    (odd,) = [n for n in result.read if n != "other.txt"]
    assert len(odd.encode()) <= 255 and "/" not in odd and "\x00" not in odd and not odd.startswith(".")
    assert result.count_in(odd) >= 1


def test_upload_names_stay_unique():
    result = services.add_documents([("a.txt", DOC), ("./a.txt", DOC), (".a.txt", DOC)])
    assert len(result.read) == 3 and len(set(result.read)) == 3


def test_a_name_that_is_only_a_suffix_is_refused_with_a_reason():
    result = services.add_documents([("a/../.txt", DOC), ("other.txt", DOC)])
    assert result.read == ["other.txt"] and result.errors == {"txt": "unsupported format (none)"}
