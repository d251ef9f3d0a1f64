"""A rebuild's layers from what the last build made of its unchanged entities.

Each entity's row of the layers is a pure function of its inputs (the entity and its mentions,
its placement, tags, the dates of its documents and its pinyin, under one pipeline version), so
the store keeps the row and its GeoJSON text under a hash of those inputs: a rebuild makes rows
only for entities whose inputs changed and copies the text of the others into the new files,
which then equal a full build's byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd

from geo.cache import DocumentCache, StoredFeatures, memo_rows
from geo.layers.frame import PlacementLike, TagsLike, entity_row, row_inputs, rows_frame
from geo.model import Entity


def _rows(inputs: list) -> list:
    return [entity_row(*item) for item in inputs]


def layers_frame(
    cache: DocumentCache | None,
    entities: Sequence[Entity],
    placements: Sequence[PlacementLike | None],
    tags: Sequence[TagsLike | None],
    dates: Mapping[str, str | None],
    spelled: Sequence[str],
) -> tuple[gpd.GeoDataFrame, StoredFeatures | None]:
    """The layers' frame (geo.layers.frame.entity_frame) and, with a store, the GeoJSON texts it
    holds of the frame's rows (for geo.layers.io.write_layers, which also stores the new ones)."""
    inputs = row_inputs(entities, placements, tags, dates, spelled)
    if cache is None:
        return rows_frame(_rows(inputs))[0], None
    rows, keys = memo_rows(cache, inputs, _rows)
    frame, order = rows_frame(rows)
    return frame, StoredFeatures(cache, [keys[i] for i in order])
