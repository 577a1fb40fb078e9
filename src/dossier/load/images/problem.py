"""What is wrong with a file a dossier points to (an image, an exhibit, the
map's boundaries, a section): said once, for every place that names it."""

from __future__ import annotations


class FileProblem(Exception):
    """Why a file cannot be used: ``what`` follows its name ("image
    'figures/map.png' <what>"), ``hint`` says how to fix it."""

    def __init__(self, what: str, hint: str) -> None:
        super().__init__(what)
        self.what = what
        self.hint = hint


# What Pillow raises on a file it cannot read (its modules read the header
# and nothing else until load()).
READ_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, MemoryError)
