"""The ground floor: typed data, diagnostics, paths, files, the pandoc edge, YAML
with line numbers, languages and fonts. Imports nothing else of the package."""
