"""Stage 1, corpus: files to normalized documents with sentences, offsets and metadata."""
