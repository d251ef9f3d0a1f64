"""What extraction produces: mentions in documents, grouped into entities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

KINDS = ("park", "project", "base", "corridor", "region")


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
