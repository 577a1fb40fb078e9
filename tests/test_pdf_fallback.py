"""When Typst cannot close its structure tags (typst/typst#8776, hit by long
dossiers), the PDF is still made: archival PDF/A-2b, untagged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typst
from pypdf import PdfReader

from dossier.assemble import Document
from dossier.render import pdf


def test_tags_bug_falls_back_to_pdf_a_2b(
    example_doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = typst.compile
    calls: list[dict[str, Any]] = []

    def compile_once_failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        if len(calls) == 1:
            raise typst.TypstError("internal error: tags weren't properly closed")
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf.typst, "compile", compile_once_failing)
    out = tmp_path / "x.pdf"
    pdf.render(example_doc, out)
    assert [c["pdf_standards"] for c in calls] == [["a-2a", "ua-1"], ["a-2b"]]
    assert calls[1]["pdf_tags"] is False
    xmp = PdfReader(out).xmp_metadata
    assert xmp is not None and xmp.pdfaid_part == "2"


def test_other_typst_errors_are_not_retried(
    example_doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        raise typst.TypstError("file not found")

    monkeypatch.setattr(pdf.typst, "compile", failing)
    with pytest.raises(pdf.PdfFailed, match="file not found"):
        pdf.render(example_doc, tmp_path / "x.pdf")
    assert len(calls) == 1
