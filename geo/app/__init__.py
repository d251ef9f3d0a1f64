"""What only the map app uses: the Folium map, popups, basemaps, offline assets, labels, URL state and services."""
