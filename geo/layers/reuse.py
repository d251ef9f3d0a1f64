"""A rebuild's GeoJSON layers and CSV from what the last build wrote of its unchanged entities.

A feature's text and a row's CSV line are pure functions of its row of the layers' frame
(geo.layers.io), so the store keeps each under a hash of the row's values and the pipeline
version: a rebuild makes them only of rows that changed and copies the others into the new
files, which then equal a full build's byte for byte. The hash is of the row's pickle (C code
over strings, lists and numbers: equal values give equal bytes, as the pickler keeps no memo of
objects met before) and its geometry's WKB, made for all rows in one pass: much cheaper than the
text, and than the row's repr, which was 4 s of a 100 MiB rebuild (every non-ASCII character of
every sentence checked for printing).
"""

from __future__ import annotations

import hashlib
import io
import pickle

import geopandas as gpd
import numpy as np
import shapely

from geo.cache import DocumentCache, StoredFeatures


def feature_keys(version: str, frame: gpd.GeoDataFrame) -> list[str]:
    """The store's key of each row's GeoJSON text under pipeline `version`."""
    columns = [c for c in frame.columns if c != "geometry"]
    geometries = np.asarray(list(frame.geometry), dtype=object)
    shapes = [
        hashlib.blake2b(wkb).hexdigest() if wkb is not None else "" for wkb in shapely.to_wkb(geometries)
    ]
    rows = frame[columns].itertuples(index=False, name=None)
    start = hashlib.blake2b(f"{version}\0feature\0{columns!r}\0".encode("utf-8", "surrogatepass"))
    data = io.BytesIO()
    pickler = pickle.Pickler(data, protocol=5)
    pickler.fast = True  # no memo: a value met twice in a row is written twice, as equal values are
    keys = []
    for row, shape in zip(rows, shapes, strict=True):
        data.seek(0)
        data.truncate()
        pickler.dump(row)
        digest = start.copy()
        digest.update(data.getbuffer())
        digest.update(shape.encode())
        keys.append(digest.hexdigest())
    return keys


def stored_features(cache: DocumentCache | None, frame: gpd.GeoDataFrame) -> StoredFeatures | None:
    """The GeoJSON texts the store holds of the frame's rows (for geo.layers.io's writers,
    which also store the new ones); None without a store. A build asks chunk of rows by chunk
    (geo.layers.chunked), so only a chunk's keys are held at a time."""
    return StoredFeatures(cache, feature_keys(cache.version, frame)) if cache is not None else None


def stored_lines(features: StoredFeatures | None) -> StoredFeatures | None:
    """The CSV lines the store holds of the rows `features` keys (the same rows, another key)."""
    if features is None:
        return None
    return StoredFeatures(features.cache, [key + ":csv" for key in features.keys])
