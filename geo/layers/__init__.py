"""Stage 5, layers: the joined GeoDataFrame, layer files, filters and atomic writes."""
