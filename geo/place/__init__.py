"""Stage 3, place: administrative units and WGS-84 geometry for each entity (offline, optional online chain)."""
