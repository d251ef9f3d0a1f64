"""Shared knowledge, the lowest floor: administrative divisions, lexicons, industries, scanner and segmentation."""
