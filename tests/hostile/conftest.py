"""The hostile corpus: a small copy of the example dossier attacked in one
way per test, and the means to look for a canary in every part of every
output (DOCX: every part of the package; PDF: text, metadata, every object
decompressed; HTML: the text, the markup and every inlined resource).

Every command runs in a process of its own under a memory cap
(``resource.setrlimit``), so that a blow-up fails the test instead of the
machine.
"""

from __future__ import annotations

import base64
import html
import os
import re
import resource
import shutil
import subprocess
import sys
import urllib.parse
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "dossiers" / "example"
MEMORY_CAP = 3 << 30  # bytes of address space for one command (pandoc and Typst included)
TIMEOUT = 600


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def dossier(*args: str | Path, cwd: Path | None = None, timeout: int = TIMEOUT) -> Run:
    """``dossier ARGS`` in a process of its own, under MEMORY_CAP."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("DOSSIER_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "dossier", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        preexec_fn=_cap,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def copy_example(dest: Path, languages: str = "[en]") -> Path:
    """The example dossier in English only (public and internal editions)."""
    shutil.copytree(EXAMPLE, dest)
    manifest = dest / "dossier.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        re.sub(r"(?m)^languages: .*$", f"languages: {languages}", text), encoding="utf-8"
    )
    return dest


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A fresh English-only copy of the example, ``tmp_path/d``."""
    return copy_example(tmp_path / "d")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def files_under(folder: Path) -> set[str]:
    """Every file under ``folder`` (relative), to tell what a run left."""
    if not folder.exists():
        return set()
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


# -- what an output says, everywhere it can say it ---------------------------


def _squash(text: str) -> str:
    """Text with every space, soft hyphen and line-end hyphen removed:
    a canary split by a line break or a hyphenation is still one word."""
    text = text.replace("\u00ad", "").replace("-\n", "")
    return re.sub(r"\s+", "", text)


def _uris(text: str) -> list[str]:
    out = []
    for match in re.finditer(r"data:[^;,\"')\s]*(;base64)?,([^\"')\s]+)", text):
        body = match.group(2)
        try:
            data = (
                base64.b64decode(body)
                if match.group(1)
                else urllib.parse.unquote(body).encode("utf-8")
            )
        except ValueError:
            continue
        out.append(data.decode("latin-1"))
    return out


def docx_texts(path: Path) -> list[str]:
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            raw = data.decode("utf-8", "replace")
            out.append(raw)
            out.append(data.decode("latin-1"))
            out.append(re.sub(r"<[^>]+>", "", raw))
    return out


def pdf_texts(path: Path) -> list[str]:
    out = []
    doc = pdfium.PdfDocument(str(path))
    for page in doc:
        out.append(page.get_textpage().get_text_range())
    doc.close()
    with pikepdf.open(path) as pdf:
        out.append(str(pdf.docinfo))
        for obj in pdf.objects:
            out.append(repr(obj)[:100_000])
            if isinstance(obj, pikepdf.Stream):
                try:
                    out.append(obj.read_bytes().decode("latin-1"))
                except pikepdf.PdfError:
                    out.append(obj.read_raw_bytes().decode("latin-1"))
    return out


def html_texts(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    return [raw, html.unescape(raw), re.sub(r"<[^>]+>", "", html.unescape(raw)), *_uris(raw)]


def texts_of(path: Path) -> list[str]:
    kind = path.suffix
    if kind == ".docx":
        return docx_texts(path)
    if kind == ".pdf":
        return pdf_texts(path)
    if kind == ".html":
        return html_texts(path)
    return [path.read_bytes().decode("latin-1")]


def found_in(paths: Iterable[Path], canary: str) -> list[str]:
    """The outputs among ``paths`` that show ``canary`` anywhere."""
    needle = _squash(canary).lower()
    return [str(p) for p in paths if any(needle in _squash(t).lower() for t in texts_of(p))]


def outputs(build: Path, edition: str) -> list[Path]:
    """Every file of an edition: its documents, manifest.json and the
    submission package (the letter the mission sends, the Secretariat's
    file, submission.json)."""
    return sorted(p for p in build.glob(f"*/{edition}/**/*") if p.is_file())


def layout(build: Path, edition: str) -> list[Path]:
    """The files of an edition in the UN layout: its documents and
    manifest.json, without the submission package."""
    return [p for p in outputs(build, edition) if "submission" not in p.parts]


def assert_clean_refusal(run: Run, *messages: str) -> None:
    """Exit 2, each of ``messages`` in what the user sees, no traceback."""
    assert run.code == 2, run.text
    assert "Traceback" not in run.text, run.text
    assert "internal error" not in run.text, run.text
    for message in messages:
        assert message in run.text, run.text


def refused(root: Path, tmp_path: Path, *messages: str) -> Run:
    """``dossier build root``: a clean refusal with ``messages``, and
    nothing written into the build folder (``tmp_path/out``)."""
    out = tmp_path / "out"
    run = dossier("build", root, "--out", out)
    assert_clean_refusal(run, *messages)
    assert files_under(out) == set()
    return run
