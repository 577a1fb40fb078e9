"""Renderers: one module per output format.

Each exposes ``render(doc: Document, out: Path) -> None`` that writes one
finished file at ``out`` (the caller makes the write atomic). Renderers lay
out what :mod:`dossier.assemble.compose` gives them; they invent no text.
"""

# What the outputs name as the program that made them.
PRODUCER = "dossier"
