"""The data product: one GeoDataFrame row per entity, joined with its city and its industry.

Placement (geo.place.geocode) and industry tags (geo.classify.tags) are computed upstream; this module only
assembles them, so a table can be rebuilt from any placement or classifier. Coordinates are
WGS-84 lon/lat (EPSG:4326).
"""

from __future__ import annotations

import hashlib
import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pypinyin import lazy_pinyin
from shapely.geometry.base import BaseGeometry

from geo.knowledge.gazetteer import admin_table
from geo.knowledge.industries import industries
from geo.knowledge.segment import JIEBA_BLOCK, compiled_jieba, cut, jieba_words
from geo.knowledge.store import knowledge_cache
from geo.model import Entity
from geo.place.datum import gcj02_to_wgs84

CRS = "EPSG:4326"
# An engine's map (geo.parallel): a function over argument tuples, results in order.
Mapper = Callable[[Callable[..., Any], list[tuple[Any, ...]]], Iterable[Any]]
_BATCH = 1024  # names per task on a worker

# Column order of every layer; list-valued columns are JSON arrays in text formats.
COLUMNS = [
    "id",
    "name",
    "pinyin",
    "aliases",
    "kind",
    "industries",
    "primary_industry",
    "industry_label_zh",
    "industry_label_en",
    "industry_evidence",
    "country",
    "province",
    "province_code",
    "prefecture",
    "prefecture_code",
    "prefecture_pinyin",
    "county",
    "county_code",
    "adcode",
    "former_name",
    "precision",
    "place_source",
    "places",
    "confidence",
    "docs",
    "first_date",
    "last_date",
    "mentions",
    "evidence",
    "evidence_doc",
    "mention_docs",
    "mention_sentences",
]
LIST_COLUMNS = (
    "aliases",
    "industries",
    "industry_evidence",
    "places",
    "docs",
    "mention_docs",
    "mention_sentences",
)


class PlacementLike(Protocol):
    country: str | None
    province: str | None
    prefecture: str | None
    county: str | None
    adcode: str | None
    precision: str | None
    confidence: float
    geometry: BaseGeometry | None
    places: Sequence[str]
    source: str | None


class TagsLike(Protocol):
    codes: tuple[str, ...]
    primary: str
    evidence: tuple[Any, ...]


def missing(value: Any) -> bool:
    """None, NaN or NA: a layer read back from Parquet or CSV marks empty values either way."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def entity_id(entity: Entity) -> str:
    """Stable across rebuilds: a hash of kind and name."""
    return hashlib.sha1(f"{entity.kind}:{entity.name}".encode()).hexdigest()[:12]


def pinyin(name: str) -> str:
    """Readable pinyin by word (丰镇工业园区 -> Fengzhen Gongye Yuanqu), for readers without Chinese."""
    known = jieba_words()
    pieces = []
    for word in _name_words(name):
        halves = (word[:2], word[2:])
        pieces += halves if len(word) == 4 and all(h in known for h in halves) else (word,)
    return " ".join(w for w in map(_word_pinyin, pieces) if w)


def pinyin_batch(names: Sequence[str]) -> list[str]:
    """`pinyin` of each name: a pure function of its argument, so any worker can run a batch."""
    return [pinyin(name) for name in names]


def pinyin_all(names: Sequence[str], mapper: Mapper | None = None) -> list[str]:
    """`pinyin` of every name, on `mapper`'s workers in batches if given: jieba and pypinyin per
    name were most of the frame's time, and only the names and their spellings cross processes."""
    if mapper is None:
        return pinyin_batch(names)
    batches = [(names[k : k + _BATCH],) for k in range(0, len(names), _BATCH)]
    return [spelled for batch in mapper(pinyin_batch, batches) for spelled in batch]


def _name_words(name: str) -> list[str]:
    """jieba's words of a name (geo.knowledge.segment.cut), block by block as jieba cuts: each
    block by rjieba (jieba-rs: jieba's dictionary and the same best path, compiled; the same
    words on all 56,000 blocks of the synthetic and dev corpora, 11 times faster), what lies
    between (punctuation, spaces) by jieba itself, as jieba-rs reads wider blocks than jieba."""
    rjieba = compiled_jieba()  # loads its dictionary on first need: only where names are spelled
    words: list[str] = []
    for piece in JIEBA_BLOCK.split(name):
        if piece:
            words += rjieba.cut(piece, hmm=False) if JIEBA_BLOCK.match(piece) else cut(piece)
    return words


@knowledge_cache(maxsize=65536)
def _word_pinyin(word: str) -> str:
    """One word's pinyin, capitalised; cached, as names share most of their words (工业园区)."""
    syllables = "".join(lazy_pinyin(word, errors="ignore"))
    return syllables[:1].upper() + syllables[1:]


def _code_of(name: str | None, level: str, within: str | None = None) -> str | None:
    """The 6-digit code of a unit named in full, inside the unit coded `within` if given."""
    if not name:
        return None
    for unit in admin_table().by_name.get(name, []):
        if unit.level == level and unit.name == name and (within is None or unit.code.startswith(within)):
            return unit.code
    return None


def _codes(placement: PlacementLike) -> tuple[str | None, str | None, str | None]:
    """Province, prefecture and county codes (6 digits): from the adcode of a point, or from the
    names of the units that corridors and regions share."""
    if placement.adcode:
        code = placement.adcode[:6]
        prefecture = code[:4] + "00" if placement.prefecture else None
        return code[:2] + "0000", prefecture, code if placement.county else None
    province = _code_of(placement.province, "province")
    prefecture = _code_of(placement.prefecture, "prefecture", province[:2] if province else None)
    county = _code_of(placement.county, "county", (prefecture or province or "")[:4] or None)
    return province, prefecture, county


def _evidence_words(tags: TagsLike) -> list[str]:
    words = []
    for item in tags.evidence:
        word = getattr(item, "word", item)
        code = getattr(item, "code", None)
        text = f"{code}:{word}" if code else str(word)
        if text not in words:
            words.append(text)
    return words


def mention_dates(docs: Sequence[str], dates: Mapping[str, str | None]) -> tuple[str | None, str | None]:
    """The first and last date (ISO text) of the documents that name an entity; None where no
    document of it has a date: an undated mention is never given a made-up time."""
    known = [d for d in map(dates.get, docs) if isinstance(d, str) and d]
    return (min(known), max(known)) if known else (None, None)


def mention_pairs(entity: Entity) -> tuple[list[str], list[str]]:
    """Every distinct (document, sentence) that names the entity, in reading order: the card
    lists them all, not only the first."""
    pairs = list(dict.fromkeys((m.doc, m.sentence) for m in entity.mentions))
    return [d for d, _ in pairs], [s for _, s in pairs]


def entity_row(
    entity: Entity,
    placement: PlacementLike | None,
    tags: TagsLike | None,
    dates: Mapping[str, str | None] | None = None,
    spelled: str | None = None,
    ident: str | None = None,
) -> dict[str, Any]:
    """One row: the entity, where it is and what industry, when and in which sentences it is named;
    `spelled`: its name's pinyin, and `ident` its `entity_id`, if made already."""
    first, docs = entity.mentions[0], entity.docs  # docs: a sort of the mentions' documents, made once
    first_date, last_date = mention_dates(docs, dates or {})
    mention_docs, mention_sentences = mention_pairs(entity)
    adcode = placement.adcode if placement else None
    province_code, prefecture_code, county_code = _codes(placement) if placement else (None,) * 3
    codes = list(tags.codes) if tags else []
    return {
        "id": entity_id(entity) if ident is None else ident,
        "name": entity.name,
        "pinyin": pinyin(entity.name) if spelled is None else spelled,
        "aliases": list(entity.aliases),
        "kind": entity.kind,
        "industries": codes,
        "primary_industry": tags.primary if tags else None,
        "industry_evidence": _evidence_words(tags) if tags else [],
        "country": placement.country if placement else None,
        "province": placement.province if placement else None,
        "province_code": province_code,
        "prefecture": placement.prefecture if placement else None,
        "prefecture_code": prefecture_code,
        "county": placement.county if placement else None,
        "county_code": county_code,
        "adcode": adcode,
        "former_name": getattr(placement, "former_name", None),
        "precision": placement.precision if placement else None,
        "place_source": placement.source if placement else None,
        "places": list(placement.places) if placement and placement.places else list(entity.places),
        "confidence": round(
            min(entity.confidence, placement.confidence) if placement else entity.confidence, 2
        ),
        "docs": docs,
        "first_date": first_date,
        "last_date": last_date,
        "mentions": len(entity.mentions),
        "evidence": first.sentence,
        "evidence_doc": first.doc,
        "mention_docs": mention_docs,
        "mention_sentences": mention_sentences,
        "geometry": placement.geometry if placement else None,
    }


@knowledge_cache(maxsize=1)
def industry_table() -> pd.DataFrame:
    """The taxonomy as a table: code, Chinese and English labels, GB/T 4754 sections, colour."""
    rows = [
        {
            "industry": i.code,
            "industry_label_zh": i.label_zh,
            "industry_label_en": i.label_en,
            "gbt4754": i.gbt4754,
            "colour": i.colour,
        }
        for i in industries()
    ]
    return pd.DataFrame(rows)


@knowledge_cache(maxsize=1)
def city_table() -> gpd.GeoDataFrame:
    """Prefecture-level units: code, name, province, pinyin and WGS-84 centroid."""
    table = admin_table()
    rows, points = [], []
    for unit in table.units:
        if unit.level != "prefecture":
            continue
        lon, lat = gcj02_to_wgs84(unit.lon_gcj, unit.lat_gcj)
        rows.append(
            {
                "prefecture_code": unit.code,
                "city": unit.name,
                "city_pinyin": pinyin(unit.short_names[0] if unit.short_names else unit.name),
                "city_province": table.by_code[unit.province_code].name,
            }
        )
        points.append((round(lon, 6), round(lat, 6)))
    return gpd.GeoDataFrame(rows, geometry=gpd.points_from_xy(*zip(*points, strict=True)), crs=CRS)


def entity_frame(
    entities: Sequence[Entity],
    placements: Sequence[PlacementLike | None] | None = None,
    tags: Sequence[TagsLike | None] | None = None,
    dates: Mapping[str, str | None] | None = None,
    spelled: Sequence[str] | None = None,
) -> gpd.GeoDataFrame:
    """The entities as a GeoDataFrame in EPSG:4326, joined with the industry labels and the
    pinyin of their city, in a stable order (kind, name, id); `dates` (document -> ISO date) dates
    each entity by the documents that name it; `spelled` (`pinyin_all` of the names) if made already.
    The whole table at once: `FrameRows` makes it in chunks of rows."""
    return FrameRows(entities, placements, tags, dates, spelled).frame()


class FrameRows:
    """The rows of `entity_frame`, made on demand in chunks of the sorted order: a build writes
    each chunk to every layer and drops it, so the whole table (1-2 KB an entity, and several
    times that in the writers' copies) is never held; the inputs (entities, placements, tags)
    are held anyway."""

    def __init__(
        self,
        entities: Sequence[Entity],
        placements: Sequence[PlacementLike | None] | None = None,
        tags: Sequence[TagsLike | None] | None = None,
        dates: Mapping[str, str | None] | None = None,
        spelled: Sequence[str] | None = None,
    ) -> None:
        count = len(entities)
        self.entities, self.dates = entities, dates
        self.placements = placements or [None] * count
        self.tags = tags or [None] * count
        self.spelled = spelled if spelled is not None else [None] * count
        if not len(self.placements) == len(self.tags) == len(self.spelled) == count:
            raise ValueError("entity_frame: placements, tags and spellings must have one item per entity")
        self.ids = [entity_id(e) for e in entities]
        self.order = sorted(range(count), key=lambda i: (entities[i].kind, entities[i].name, self.ids[i]))

    def __len__(self) -> int:
        return len(self.order)

    def frame(self) -> gpd.GeoDataFrame:
        """The whole table (one chunk of every row)."""
        return self.rows(self.order)

    def chunks(self, size: int | None = None) -> Iterator[gpd.GeoDataFrame]:
        """The table in chunks of `size` rows (default `CHUNK`), in order; an empty table is one
        empty chunk, so a writer still gets the columns."""
        if not self.order:
            yield self.rows([])
        for positions in self._pieces(size or CHUNK):
            yield self.rows(positions)

    def _pieces(self, size: int) -> Iterator[list[int]]:
        """The order cut into pieces of at most `size` rows whose geometries hold at most
        `COORDINATES` points in all (a row's polygon is copied into each layer's text and Arrow
        forms: a chunk of region outlines weighs tens of times one of points); one row alone
        may exceed it."""
        shapes = _objects(
            [None if p is None else p.geometry for p in map(self.placements.__getitem__, self.order)]
        )
        weights = shapely.get_num_coordinates(shapes).tolist()
        start, held = 0, 0
        for k, weight in enumerate(weights):
            if k > start and (k - start >= size or held + weight > COORDINATES):
                yield self.order[start:k]
                start, held = k, 0
            held += weight
        if start < len(weights):
            yield self.order[start:]

    def summary(self) -> pd.DataFrame:
        """What the build report reads of the table (kind, name, docs, precision, geometry), in
        its order, without making its rows."""
        placements = [self.placements[i] for i in self.order]
        return pd.DataFrame(
            {
                "kind": [self.entities[i].kind for i in self.order],
                "name": [self.entities[i].name for i in self.order],
                "docs": _objects([self.entities[i].docs for i in self.order]),
                "precision": [p.precision if p else None for p in placements],
                "geometry": _objects([p.geometry if p else None for p in placements]),
            }
        )

    def rows(self, positions: Sequence[int]) -> gpd.GeoDataFrame:
        """The table's rows of entities `positions` (indexes into the inputs), in that order.

        Built column by column in object arrays: a table of row dicts inferred by pandas
        (Arrow-backed strings in pandas 3), sorted and converted back to objects held three
        copies of every cell at once and took half the frame's time."""
        columns: dict[str, list[Any]] = {c: [] for c in _ROW_COLUMNS}
        lists, width = list(columns.values()), len(_ROW_COLUMNS)
        for i in positions:
            row = entity_row(
                self.entities[i], self.placements[i], self.tags[i], self.dates, self.spelled[i], self.ids[i]
            )
            if len(row) != width:
                raise ValueError(f"entity_row gave {len(row)} cells, not {width}")
            _drain(map(list.append, lists, row.values()))  # each cell to its column, in C
        labels = {i.code: i for i in industries()}
        primary = [
            labels.get(code) if isinstance(code, str) else None for code in columns["primary_industry"]
        ]
        columns["industry_label_zh"] = [i.label_zh if i else None for i in primary]
        columns["industry_label_en"] = [i.label_en if i else None for i in primary]
        cities = _city_pinyin()
        columns["prefecture_pinyin"] = [cities.get(code) for code in columns["prefecture_code"]]
        count = len(positions)
        frame = pd.DataFrame({c: _column(c, columns[c], count) for c in COLUMNS}, copy=False)
        return gpd.GeoDataFrame(frame, geometry=_objects(columns["geometry"]), crs=CRS)


CHUNK = 16384  # rows made and written at a time (geo.layers.chunked): about 20-30 MB of table
COORDINATES = 1 << 19  # points a chunk's geometries hold at most: about 50-80 MB in the writers


_JOINED = ("industry_label", "prefecture_pinyin")  # columns joined after the rows are made
_ROW_COLUMNS = [c for c in COLUMNS if not c.startswith(_JOINED)] + ["geometry"]  # entity_row's keys
_NUMBERS = {"confidence": "float64", "mentions": "int64"}  # the two columns that are not text or lists


_drain = deque(maxlen=0).extend  # runs an iterator to its end, keeping nothing


def _objects(values: Sequence[Any]) -> np.ndarray:
    """An object array of `values` as they are (a list cell stays one cell)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _column(name: str, values: Sequence[Any], count: int) -> pd.Series:
    """One column: numbers typed, everything else objects with None for null, never NaN, and
    never pandas 3's Arrow-backed strings (a copy of every text, and not what the writers read)."""
    if name in _NUMBERS and count:
        return pd.Series(np.asarray(values, dtype=_NUMBERS[name]), copy=False)
    kinds = set(map(type, values))
    if type(pd.NA) in kinds or any(issubclass(kind, float) for kind in kinds):  # what `missing` may be
        values = [None if missing(v) else v for v in values]
    return pd.Series(_objects(values), dtype=object, copy=False)


def warm_rows() -> None:
    """Make what every chunk of rows reads of the knowledge (the cities' pinyin: 0.2-0.5 s of
    jieba and pypinyin), so that a writer forked after this inherits it, not makes it again."""
    _city_pinyin()


@knowledge_cache(maxsize=1)
def _city_pinyin() -> dict[str, str]:
    """Prefecture code -> its city's pinyin (`city_table`)."""
    cities = city_table()
    return dict(zip(cities["prefecture_code"].tolist(), cities["city_pinyin"].tolist(), strict=True))


def conform(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A layer with every column of COLUMNS: one written before a column existed gets it empty
    (lists empty, other values null), so readers need not ask which build made it."""
    absent = [c for c in COLUMNS if c not in frame.columns]
    if not absent:
        return frame
    frame = frame.copy()
    for column in absent:
        frame[column] = [[] for _ in range(len(frame))] if column in LIST_COLUMNS else None
    return frame
