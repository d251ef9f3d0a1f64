"""What extraction produces: mentions in documents, grouped into entities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TypeVar

KINDS = ("park", "project", "base", "corridor", "region")

_Class = TypeVar("_Class", bound=type)


def pickled_by_fields(cls: _Class) -> _Class:
    """Pickle a slotted dataclass as its class called with its fields, read by one C call.
    Dataclasses pickle a slotted instance through Python per object (`fields()` and a loop, on
    both sides): records and placement's items cross between processes (workers, Dask, the
    store) by the million: their pickling took 1.5-1.7x the CPU it takes this way (dumps and
    loads; bench/pickling.py)."""
    names = tuple(f.name for f in fields(cls))
    read = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))

    def __reduce__(self):
        return cls, read(self)

    cls.__reduce__ = __reduce__
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an entity: the document, the span of the normalized text and its sentence."""

    doc: str
    name: str
    kind: str
    surface: str
    start: int
    end: int
    sentence: str
    places: tuple[str, ...] = ()
    confidence: float = 0.8
    # A list item whose qualifier is vouched for by its anchored siblings (甲、乙、丙等水库 where
    # jieba reads 丙 as common words): the validator does not ask it for an anchor of its own.
    listed: bool = False


_PLACES, _CONFIDENCE = attrgetter("places"), attrgetter("confidence")


@pickled_by_fields
@dataclass(slots=True)
class Entity:
    """An entity with all its mentions, across documents."""

    name: str
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    @property
    def docs(self) -> list[str]:
        """The documents that name it, sorted; most entities are named once (no set to sort)."""
        mentions = self.mentions
        if len(mentions) == 1:
            return [mentions[0].doc]
        return sorted({m.doc for m in mentions})

    @property
    def places(self) -> tuple[str, ...]:
        return next(filter(None, map(_PLACES, self.mentions)), ())  # C loops: entities of many mentions

    @property
    def confidence(self) -> float:
        best = max(map(_CONFIDENCE, self.mentions))
        return round(min(1.0, best + 0.05 * (len(self.mentions) - 1)), 2)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Rejection:
    """A name that failed the well-formedness check (geo.extract.validate), kept for the report."""

    name: str
    reason: str
    doc: str


def crowded_sentences(entities: Sequence[Entity]) -> set[tuple[str, str]]:
    """(document, sentence) pairs that name more than one entity: their places may be anyone's.
    Each sentence keeps only the first entity found in it, under its document (a set of entities
    and a pair per sentence were 36 MB at 100 MiB for a 4 MB answer)."""
    first: dict[str, dict[str, int]] = {}
    crowded: set[tuple[str, str]] = set()
    for i, entity in enumerate(entities):
        for mention in entity.mentions:
            in_doc = first.get(mention.doc)
            if in_doc is None:
                in_doc = first[mention.doc] = {}
            if in_doc.setdefault(mention.sentence, i) != i:
                crowded.add((mention.doc, mention.sentence))
    return crowded
