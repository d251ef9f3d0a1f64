"""Layers: entities as GeoJSON features (RFC 7946: lon/lat, no crs member, UTF-8)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from geo.extract import Entity
from geo.files import write_text_atomic


def entity_id(entity: Entity) -> str:
    """Stable across rebuilds: a hash of kind and name."""
    return hashlib.sha1(f"{entity.kind}:{entity.name}".encode()).hexdigest()[:12]


def entity_feature(entity: Entity) -> dict:
    first = entity.mentions[0]
    return {
        "type": "Feature",
        "id": entity_id(entity),
        "geometry": None,
        "properties": {
            "id": entity_id(entity),
            "name": entity.name,
            "aliases": entity.aliases,
            "kind": entity.kind,
            "docs": entity.docs,
            "places": list(entity.places),
            "province": None,
            "prefecture": None,
            "county": None,
            "adcode": None,
            "precision": None,
            "industries": [],
            "confidence": entity.confidence,
            "mentions": len(entity.mentions),
            "evidence": first.sentence,
        },
    }


def feature_collection(entities: list[Entity]) -> str:
    collection = {"type": "FeatureCollection", "features": [entity_feature(e) for e in entities]}
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def write_entities(entities: list[Entity], out_dir: Path) -> Path:
    path = out_dir / "entities.geojson"
    write_text_atomic(path, feature_collection(entities))
    return path
