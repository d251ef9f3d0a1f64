"""ParkAtlas: industrial parks, zones, bases and projects of Chinese policy documents, on a map.

The stages, each a module: corpus (read, normalize) -> extract -> geocode -> classify -> layers
-> map. This module re-exports the few names most callers need.
"""

from geo.corpus.documents import Corpus, Document, SkippedFile, document_from_bytes, read_corpus

__all__ = ["Corpus", "Document", "SkippedFile", "document_from_bytes", "read_corpus"]
