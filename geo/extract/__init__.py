"""Stage 2, extract: mentions of parks, projects, bases, corridors and regions, resolved to entities."""
