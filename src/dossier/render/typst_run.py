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
import re
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
# A package folder that does not exist, in Typst's root.
NO_PACKAGES = ".packages"
# The PDF could not be written (a full disk): stdout holds the errno.
CANNOT_WRITE = 4


def compile_file(args: dict[str, Any]) -> dict[str, Any]:
    """Compile ``args["main"]`` to ``args["out"]`` with the fonts under
    ``args["font_paths"]`` only, ``args["root"]`` as Typst's root (it reads
    no file outside it: :mod:`dossier.render.sandbox`) and
    ``args["sys_inputs"]``. Raises typst.TypstError.

    What it returns is printed as JSON: whether the PDF is tagged, and with
    ``args["query"]`` (a label) the value of the metadata it labels, queried
    from the same compilation (Typst lays nothing out again).
    ``args["plain"]``: an untagged PDF/A-2b (the numbers drawn over a
    document compiled in parts); ``args["standards"]``: other standards
    than PDF_STANDARDS (a part after the first: PDF/UA's checks are the
    whole document's, and its first heading may be of level 2)."""
    compiler = typst.Compiler(
        args["main"],
        root=args["root"],
        font_paths=args["font_paths"],
        ignore_system_fonts=True,
        sys_inputs=args["sys_inputs"],
        # no package from the user's cache; none downloaded either (the
        # renderer runs this process with a proxy that refuses: NO_NETWORK)
        package_path=f"{args['root']}/{NO_PACKAGES}",
        package_cache_path=f"{args['root']}/{NO_PACKAGES}",
    )

    def run(standards: list[PDFStandard], tags: bool) -> None:
        compiler.compile(
            output=args["out"],
            timestamp=args["timestamp"],
            pdf_standards=standards,
            pdf_tags=tags,
        )

    tagged = not args.get("plain")
    try:
        run(args.get("standards") or (PDF_STANDARDS if tagged else FALLBACK_STANDARDS), tagged)
    except typst.TypstError as err:
        if not tagged or TAGS_BUG not in str(getattr(err, "message", "") or err):
            raise
        # Typst 0.15 cannot always close its structure tags across page
        # breaks (typst/typst#8776): the document is then archival
        # (PDF/A-2b) without tags rather than not made at all.
        run(FALLBACK_STANDARDS, tags=False)
        tagged = False
    found: dict[str, Any] = {"tagged": tagged}
    if args.get("query"):
        found["found"] = json.loads(compiler.query(args["query"], field="value", one=True))
    return found


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
        found = compile_file(args)
    except typst.TypstError as err:
        print(typst_message(err))
        return REFUSED
    except RuntimeError as err:  # other failures of the binding (I/O, fonts)
        print(f"typst failed: {err}")
        return REFUSED
    except OSError as err:  # the binding's "No space left on device (os error 28)"
        code = err.errno or int((re.search(r"os error (\d+)", str(err)) or [0, 0])[1])
        print(code)
        return CANNOT_WRITE
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
