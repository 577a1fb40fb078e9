"""Hand translations to translators as XLIFF 2.0, and take them back.

``export`` reads each section whose translation is missing or stale with
pandoc, and writes one ``<unit>`` per slot of its AST (paragraph, heading,
list item, table cell, caption, footnote paragraph): the text to
translate, with the nodes a translator must not change (notes, citations,
code, math, links' targets, marked spans) as XLIFF inline codes, and the
AST itself as the file's ``<skeleton>``. ``import_xliff`` puts the targets
into the skeleton, writes it as Markdown with pandoc and records the
source hash the translator worked from.

The modules: ``units`` (slots and codes), ``document`` (the XLIFF
elements), ``export``, ``targets`` (a unit's target back into nodes),
``writer`` (the AST as Markdown, read back to check it), ``importing``,
and ``marks`` (the markings of a translation checked against the source's).
"""
