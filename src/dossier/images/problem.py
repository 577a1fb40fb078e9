"""What is wrong with an image, said once for every place that shows one."""

from __future__ import annotations


class ImageProblem(Exception):
    """Why an image cannot be used: ``what`` follows the image's name
    ("image 'figures/map.png' <what>"), ``hint`` says how to fix it."""

    def __init__(self, what: str, hint: str) -> None:
        super().__init__(what)
        self.what = what
        self.hint = hint


# What Pillow raises on a file it cannot read (its modules read the header
# and nothing else until load()).
READ_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, MemoryError)
