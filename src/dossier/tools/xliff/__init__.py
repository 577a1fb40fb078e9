"""Hand translations to translators as XLIFF 2.0, and take them back.

``export`` writes every block (heading, paragraph, table, list, footnote
definition, image line) of the sections whose translation is missing or
stale as one ``<unit>``. The text stays Markdown; the markup a translator
must not change (footnote references, citations, link and image targets,
heading markers) becomes XLIFF inline codes, emphasis becomes ``<pc>``
pairs. ``import_xliff`` rebuilds the Markdown from the targets and records
the source hash the translator worked from.

The modules: ``inline`` (Markdown blocks and their inline codes),
``document`` (the XLIFF elements), ``export``, ``importing``, and
``marks`` (the markings of a translation checked against the source's).
"""
