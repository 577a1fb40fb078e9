"""Typst in its own process (dossier.render.typst_run): when it cannot close
its structure tags (typst/typst#8776, hit by long dossiers), the PDF is still
made, archival PDF/A-2b, untagged; when it refuses the document, its message;
when it runs out of memory, a diagnostic instead of the build's end."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import typst
from pypdf import PdfReader

from dossier.assemble.compose import Document
from dossier.core.diagnostics import DossierError
from dossier.pipeline.stages import render_one
from dossier.render import pdf, sandbox, typst_run


def source_args(doc: Document, tmp: Path) -> dict[str, Any]:
    folder = pdf.template_dir(doc.kind)
    root = sandbox.make_root(tmp)
    main = root / "main.typ"
    main.write_text(pdf.typst_source(doc, folder, root), encoding="utf-8")
    styles = pdf.typography(doc)
    return pdf.typst_args(main, tmp / "x.pdf", folder, pdf.timestamp(doc), styles)


def compile_through(monkeypatch: pytest.MonkeyPatch, compile: Callable[..., Any]) -> None:
    """Typst's compilations in this process go through ``compile(real,
    **kwargs)``, ``real`` the binding's."""
    real = typst.Compiler

    class Compiler:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.real = real(*args, **kwargs)

        def compile(self, **kwargs: Any) -> Any:
            return compile(self.real.compile, **kwargs)

        def query(self, *args: Any, **kwargs: Any) -> Any:
            return self.real.query(*args, **kwargs)

    monkeypatch.setattr(typst_run.typst, "Compiler", Compiler)


def test_tags_bug_falls_back_to_pdf_a_2b(
    example_doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, Any]] = []

    def compile_once_failing(real: Callable[..., Any], **kwargs: Any) -> Any:
        calls.append(kwargs)
        if len(calls) == 1:
            raise typst.TypstError("internal error: tags weren't properly closed")
        return real(**kwargs)

    compile_through(monkeypatch, compile_once_failing)
    args = source_args(example_doc, tmp_path)
    typst_run.compile_file(args)
    assert [c["pdf_standards"] for c in calls] == [["a-2a", "ua-1"], ["a-2b"]]
    assert calls[1]["pdf_tags"] is False
    xmp = PdfReader(args["out"]).xmp_metadata
    assert xmp is not None and xmp.pdfaid_part == "2"


def test_other_typst_errors_are_not_retried(
    example_doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def failing(real: Callable[..., Any], **kwargs: Any) -> Any:
        calls.append(kwargs)
        raise typst.TypstError("file not found")

    compile_through(monkeypatch, failing)
    with pytest.raises(typst.TypstError, match="file not found"):
        typst_run.compile_file(source_args(example_doc, tmp_path))
    assert len(calls) == 1


def test_the_pdf_is_compiled_in_another_process(
    example_doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_here(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("Typst ran in the renderer's process")

    monkeypatch.setattr(typst_run.typst, "compile", not_here)
    monkeypatch.setattr(typst_run.typst, "Compiler", not_here)
    out = tmp_path / "x.pdf"
    pdf.render(example_doc, out)
    assert len(PdfReader(out).pages) >= 2


def test_typst_refusing_the_document_gives_its_message(
    example_doc: Document, tmp_path: Path
) -> None:
    folder = pdf.template_dir(example_doc.kind)
    main = tmp_path / "main.typ"
    main.write_text('#import "no-such-file.typ"\n', encoding="utf-8")
    with pytest.raises(pdf.PdfFailed, match=r"typst failed: .*no-such-file") as caught:
        pdf.compile_file(main, tmp_path / "x.pdf", folder, 0)
    assert not isinstance(caught.value, pdf.PdfTooLarge)
    assert not (tmp_path / "x.pdf").exists()


# Address space for the Typst process: more than Python, Typst and its fonts
# need to start with one thread (below 90 MB the fonts fail to map), less
# than the layout of the example's annex made 100 times longer (it compiles
# in 400 MB). Measured: every cap from 90 to 300 MB gives the diagnostic.
MB = 160


def test_typst_out_of_memory_is_a_diagnostic(
    example_doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real allocation failure: the Typst process gets too little address
    space (RLIMIT_AS) for the layout of the example's annex made 100 times
    longer."""
    cap = (
        "import resource, runpy; resource.setrlimit(resource.RLIMIT_AS, (MB << 20,) * 2); "
        "runpy.run_module('dossier.render.typst_run', run_name='__main__')"
    )
    # One thread and one malloc arena: the address space Typst needs to start
    # does not grow with the machine's cores.
    one = ("env", "RAYON_NUM_THREADS=1", "MALLOC_ARENA_MAX=1")
    monkeypatch.setattr(pdf, "TYPST_RUN", (*one, sys.executable, "-c", cap.replace("MB", str(MB))))
    out = tmp_path / "x.pdf"
    long = replace(example_doc, annex=example_doc.annex * 100)
    with pytest.raises(DossierError) as caught:
        render_one(pdf.render, long, out, "pdf")
    (d,) = caught.value.diagnostics
    assert "en pdf: Typst ran out of memory" in d.message
    assert d.hint and "NPROC=1" in d.hint
    assert not out.exists()


@pytest.mark.parametrize(
    ("code", "too_large"),
    [("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", True),
     ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", False)],
)  # fmt: skip
def test_a_killed_typst_process(
    code: str, too_large: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed (the kernel's out-of-memory killer): too large. Crashed: a
    failure that says so, not a claim about memory."""
    monkeypatch.setattr(pdf, "TYPST_RUN", (sys.executable, "-c", code))
    with pytest.raises(pdf.PdfFailed) as caught:
        pdf.compile_file(tmp_path / "main.typ", tmp_path / "x.pdf", tmp_path, 0)
    assert isinstance(caught.value, pdf.PdfTooLarge) is too_large
    assert ("SIGKILL" if too_large else "SIGSEGV") in str(caught.value)
