"""The leak scan: search a finished output for anything its edition must
not hold (the identifiers of withheld sections, blocks, records and
exhibits, and the sentences of their text) in every place a reader or a
tool could find it.

A withheld sentence is looked for in the text of each place as a whole, by
the rule of :mod:`dossier.core.repeats` (its 3-word runs, hashed, covering half
of it in one stretch): the same rule as the check of the sources
(:mod:`dossier.select.shown`), which refuses a dossier whose public text
repeats a withheld sentence before anything is written. Nothing the public
edition shows is exempt: a sentence both in withheld and in public text is
a leak. The fingerprints hold hashes only and reveal nothing of the text.

Where an output is searched: every part of a DOCX (or any zip: XLSX chart
data, nested packages), its XML text, attribute values, comments and
processing instructions; a PDF's page text (PDFium's, and pypdf's too on a
page where PDFium leaves text out), annotations, outline, named
destinations, alt text, document information, XMP metadata and
attachments; an HTML file's text, attribute values, comments,
``<style>``/``<script>`` and ``data:`` URIs; inside those, SVG (text,
``<title>``, the ``<!-- label -->`` comments matplotlib writes for text
drawn as paths), PNG text chunks, JPEG comment and APP segments, and the
printable strings of any other file. Every embedded file is also
compared, by its SHA-256, with the withheld exhibits.
"""

from __future__ import annotations

from dossier.core.repeats import windows, words
from dossier.seal.leaks.extract import parts
from dossier.seal.leaks.hits import Hit, describe, enforce, scan, scan_outputs
from dossier.seal.leaks.part import OutputPart
from dossier.seal.leaks.prints import Fingerprints, Item, fingerprints, identifiers, item_hash

__all__ = [
    "Fingerprints",
    "Hit",
    "Item",
    "OutputPart",
    "describe",
    "enforce",
    "fingerprints",
    "identifiers",
    "item_hash",
    "parts",
    "scan",
    "scan_outputs",
    "windows",
    "words",
]
