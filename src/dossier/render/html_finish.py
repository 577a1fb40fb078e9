"""HTML finishing: the page as it is moved into place, with no generator
and nothing that runs or loads (the last fence of :mod:`dossier.check.htmlsafe`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from dossier.core.diagnostics import Diagnostic, DossierError

if TYPE_CHECKING:  # the finishing steps do not import the assembling stage
    from dossier.assemble.compose import Document

_GENERATOR = re.compile(r"""[ \t]*<meta\s[^>]*name\s*=\s*["']?generator\b[^>]*>[ \t]*\n?""", re.I)


def finish_html(path: Path, doc: Document) -> None:
    """No ``<meta name="generator">`` (neither pandoc fragments nor our
    template write one; this keeps it so), no comment; a script, an event
    handler or a resource from outside is refused (:mod:`dossier.check.htmlsafe`:
    the last of its fences)."""
    from dossier.check.htmlsafe import finish_page

    text = path.read_text(encoding="utf-8")
    cleaned, problems = finish_page(_GENERATOR.sub("", text))
    if problems:
        hint = "the HTML may run nothing and load nothing: remove it from the dossier"
        where = f"{doc.lang} html: the page would hold"
        raise DossierError([Diagnostic(None, None, f"{where} {p}", hint) for p in problems])
    if cleaned != text:
        path.write_text(cleaned, encoding="utf-8")
