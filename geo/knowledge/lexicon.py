"""Generic lexicons of the genre: name heads, frame words, generic modifiers.

No park or project name lives here: only the suffixes names end with, the verbs and function
words that frame them, and the words that make a mention generic (重点园区, 一批项目). The lists
are data files (`data/*.txt`, each saying what it is for); this module names them and derives
the head-to-kind table.
"""

from __future__ import annotations

import re

from geo.knowledge.tables import read_words

# Heads: the suffix that makes a name a park, base, project, corridor or region; longer heads
# win over their own tails (工业园区 over 园区).
PARK_HEADS = read_words("park_heads")
BASE_HEADS = read_words("base_heads")
PROJECT_HEADS = read_words("project_heads")
CORRIDOR_HEADS = read_words("corridor_heads")
REGION_HEADS = read_words("region_heads")
HEAD_TAILS = read_words("head_tails")  # may follow a head inside a name: 机场迁建
PHASE_TAILS = read_words("phase_tails")  # may follow a head or a tail: 机场三期
DISCIPLINES = read_words("disciplines")  # end with a head but name a field: 遗传工程
MULTI_UNIT_HEADS = read_words("multi_unit_heads")  # regions when the qualifier spans units

HEAD_KIND: dict[str, str] = {
    **{h: "park" for h in PARK_HEADS},
    **{h: "base" for h in BASE_HEADS},
    **{h: "project" for h in PROJECT_HEADS},
    **{h: "corridor" for h in CORRIDOR_HEADS},
    **{h: "region" for h in REGION_HEADS},
}

# Frames: where a name starts, and words that make a mention generic.
CUT_WORDS = read_words("cut_words")  # the last one in a segment cuts it: 推进…, 依托…
LEADING_WORDS = read_words("leading_words")  # stripped only at a segment's start
STATUS_WORDS = read_words("status_words")  # dropped from a name, kept in its surface: 在建
GENERIC_WORDS = read_words("generic_words")  # a qualifier of only these names nothing

# Well-formedness of names (geo.extract.validate): what may not stand in or around a name.
FRAME_WORDS = read_words("frame_words")  # stripped from a name's front: 力促, 关于, 但
CLASS_LABELS = read_words("class_labels")  # stripped from its end: …重点项目
REPORTING_VERBS = read_words("reporting_verbs")  # a name ends before them: …入选, …获评
PROGRAMME_WORDS = read_words("programme_words")  # a 工程 with these is a programme: 人才工程
PEOPLE_WORDS = read_words("people_words")  # persons and pronouns: 局长, 他, 乘客
SOCIAL_WORDS = read_words("social_words")  # schools, hospitals, talent: 甲职业学院改扩建
EXCLUDED_HEADS = read_words("excluded_heads")  # 中试基地, 实验室: no industrial place
WORKS_WORDS = read_words("works_words")  # what works build or make: 乙烯, 调蓄, 电池

# Quantifiers and list markers between coordinated items and their shared head.
# 甲、乙等5个…项目, 甲、乙 3个…工程: a count after the items, in digits or in words.
LIST_MARKER = re.compile(r"^(?:等?\s*(?:\d+|[二三四五六七八九十两]+)(?:个|大|条|座|家)|等)")
DASHES = "-—–－~～"
