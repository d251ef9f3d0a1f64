"""Stage 4, classify: industry codes for each entity, with the words that decided."""
