"""One pandoc document per language: letter, sections, generated annex
parts, charts, citations, boilerplate."""
