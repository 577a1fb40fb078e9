"""Compile one Typst file in a process of its own.

``python -m dossier.render.typst_run`` reads its arguments as JSON on stdin
(:func:`compile_file`'s). Typst keeps the layout of the whole document in
memory: in a process of its own, that memory is not added to the renderer's
(the document's AST), and when there is not enough of it, this process
ends, not the build, which reports it (:mod:`dossier.render.pdf`).

Only ``typst`` is imported here: the process starts small.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import typst

if TYPE_CHECKING:
    from typst import PDFStandard

# Archival and accessible: PDF/A-2a (tagged, Unicode) and PDF/UA-1. Typst
# refuses what they forbid; images and equations need a description.
PDF_STANDARDS: list[PDFStandard] = ["a-2a", "ua-1"]
FALLBACK_STANDARDS: list[PDFStandard] = ["a-2b"]
TAGS_BUG = "tags weren't properly closed"
# The exit status of a compilation Typst refused (its message on stdout).
REFUSED = 3


def compile_file(args: dict[str, Any]) -> None:
    """Compile ``args["main"]`` to ``args["out"]`` with the fonts under
    ``args["font_paths"]`` only, the file system's root as Typst's root and
    ``args["sys_inputs"]``. Raises typst.TypstError."""

    def run(standards: list[PDFStandard], tags: bool) -> None:
        typst.compile(
            args["main"],
            output=args["out"],
            root="/",
            font_paths=args["font_paths"],
            ignore_system_fonts=True,
            sys_inputs=args["sys_inputs"],
            timestamp=args["timestamp"],
            pdf_standards=standards,
            pdf_tags=tags,
        )

    try:
        run(PDF_STANDARDS, tags=True)
    except typst.TypstError as err:
        if TAGS_BUG not in str(getattr(err, "message", "") or err):
            raise
        # Typst 0.15 cannot always close its structure tags across page
        # breaks (typst/typst#8776): the document is then archival
        # (PDF/A-2b) without tags rather than not made at all.
        run(FALLBACK_STANDARDS, tags=False)


def typst_message(err: Any) -> str:
    """Typst's message, with its diagnostic and hints when it gives them."""
    parts = [f"typst failed: {getattr(err, 'message', None) or err}"]
    diagnostic = getattr(err, "diagnostic", "")
    if diagnostic:
        parts.append(str(diagnostic))
    parts.extend(f"hint: {hint}" for hint in getattr(err, "hints", None) or [])
    return "\n".join(parts)


def main() -> int:
    args = json.load(sys.stdin)
    try:
        compile_file(args)
    except typst.TypstError as err:
        print(typst_message(err))
        return REFUSED
    except RuntimeError as err:  # other failures of the binding (I/O, fonts)
        print(f"typst failed: {err}")
        return REFUSED
    return 0


if __name__ == "__main__":
    sys.exit(main())
