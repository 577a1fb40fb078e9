"""What the readers of an output's files yield: the text of one place
(:class:`OutputPart`), the signature they share, and what several of them
read a file's bytes with: its text when it is text, its printable strings
otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class OutputPart:
    """Text found in one place of an output."""

    where: str
    text: str


# The text of a file inside a file, place by place: the scan's dispatcher
# (``extract.parts``), given to the readers of the formats that embed files
# so that they depend on nothing above them.
PartsOf = Callable[[bytes, str, int], Iterator[OutputPart]]
# A reader of one format: the file's bytes, its label, its depth, and the
# dispatcher for the files it holds.
Reader = Callable[[bytes, str, int, PartsOf], Iterator[OutputPart]]


def decode(data: bytes) -> str | None:
    for bom, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"), (b"", "utf-8-sig")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


_PRINTABLE = re.compile(r"[^\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]{4,}")
_WIDE = re.compile(rb"(?:[\x20-\x7e]\x00|[\x00-\xff][\x04\x06\x30-\x9f]){4,}")


def printable(data: bytes) -> str:
    """The strings of a binary file, UTF-8 and UTF-16 (as in EMF or OLE)."""
    runs = _PRINTABLE.findall(data.decode("utf-8", "replace"))
    runs += [m.decode("utf-16-le", "replace") for m in _WIDE.findall(data)]
    return "\n".join(runs)
