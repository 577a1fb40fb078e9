"""The baselines of the benchmark (scripts/bench.py): plain pandoc, run as a
drafter would run it by hand, one call after the other.

- The fair loop: the document our build assembled (each public language
  version, read from the build's stages: the letter, the annex, the
  evidence with its tables, footnotes and figures), written as pandoc
  Markdown; then per language one pandoc call to DOCX, one to standalone
  HTML, one to Typst and a Typst compilation. The same pages as ours:
  the base of every ratio.
- The sections-only loop (the earlier baseline, for reference): the same
  calls on the sections' Markdown alone, without the evidence.
- Typst alone on the Typst sources of our PDFs (for reference): divided by
  the cores, a floor under any full build.
"""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from dossier.core import pandoc

FONTS = ["/usr/share/fonts"]
# `typst compile IN OUT` with the ``typst`` package, fonts under FONTS; the
# root is / so that the fair loop's Markdown may name our images by their
# absolute paths.
TYPST_COMPILE = (
    sys.executable,
    "-c",
    "import sys, typst; "
    "typst.compile(sys.argv[1], output=sys.argv[2], root='/', font_paths=sys.argv[3:])",
)
RTL = {"ar", "ur"}


def pdf_pages(folder: Path) -> dict[str, int]:
    from pypdf import PdfReader

    pages: dict[str, int] = {}
    for pdf in sorted(folder.rglob("*.pdf")):
        if ".cache" not in pdf.parts:
            pages[pdf.name] = len(PdfReader(pdf).pages)
    return pages


# --- One language, three formats, plain pandoc ---


def pandoc_to(md: Path, lang: str, to: str, out: Path, *extra: str) -> None:
    meta = ["-M", f"lang={lang}", *(["-M", "dir=rtl"] if lang in RTL else [])]
    # Citations stay as typed: no bibliography, no evidence processing.
    reader = "markdown-citations"
    args = [pandoc.binary(), str(md), "-f", reader, "-t", to, *meta, *extra, "-o", str(out)]
    subprocess.run(args, check=True, capture_output=True)


def formats(md: Path) -> dict[str, Callable[[str], None]]:
    base = str(md.with_suffix(""))  # naive.fr: each language its own files

    def pdf(lang: str) -> None:
        pandoc_to(md, lang, "typst", Path(f"{base}.typ"))
        # A process of its own, as a shell loop would run Typst: Typst's
        # cache in this process would lay out the second run of the same
        # document from the first's.
        args = [*TYPST_COMPILE, f"{base}.typ", f"{base}.pdf", *FONTS]
        subprocess.run(args, check=True, capture_output=True)

    return {
        "docx": lambda lang: pandoc_to(md, lang, "docx", Path(f"{base}.docx")),
        "html": lambda lang: pandoc_to(
            md, lang, "html5", Path(f"{base}.html"), "-s", "-M", "title=Benchmark"
        ),
        "pdf": pdf,
    }


def loop(sources: dict[str, Path]) -> dict[str, Any]:
    """Plain pandoc on each language's Markdown (``sources``), one call
    after the other; seconds in all and per language and format."""
    runs: dict[str, dict[str, float]] = {}
    start = time.perf_counter()
    for lang, md in sources.items():
        runs[lang] = {}
        for fmt, convert in formats(md).items():
            t0 = time.perf_counter()
            convert(lang)
            runs[lang][fmt] = round(time.perf_counter() - t0, 3)
        print(f"    {lang}: " + ", ".join(f"{f} {s:.2f} s" for f, s in runs[lang].items()))
    seconds = time.perf_counter() - start
    folder = next(iter(sources.values())).parent
    return {"seconds": round(seconds, 3), "runs": runs, "pages": pdf_pages(folder)}


def bracketed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """A loop run before our rebuilds and after them (the machine's speed
    drifts): the mean of the two is its time, per language too."""
    mean = round((before["seconds"] + after["seconds"]) / 2, 3)
    runs = {
        lang: {f: round((s + after["runs"][lang][f]) / 2, 3) for f, s in fmts.items()}
        for lang, fmts in before["runs"].items()
    }
    return {
        **after,
        "seconds": mean,
        "runs": runs,
        "before": before["seconds"],
        "after": after["seconds"],
    }


def language_seconds(result: dict[str, Any], lang: str) -> float:
    """The loop's time for one language's three formats."""
    return round(sum(result["runs"][lang].values()), 3)


# --- The fair loop: our assembled document as Markdown ---


def public_stages(build: Path) -> list[Path]:
    """The public edition's language versions, as the last build left them."""
    found = sorted(build.rglob(".stage/public.*.pickle"))
    return [p for p in found if not p.name.endswith(".withheld.pickle")]


def fair_sources(build: Path, out: Path) -> dict[str, Path]:
    """Each public language version our build assembled, written as pandoc
    Markdown under ``out``: the letter, then the annex (evidence included;
    the images named by their paths in the build folder)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    sources: dict[str, Path] = {}
    for stage in public_stages(build):
        with stage.open("rb") as f:
            doc = pickle.load(f).doc  # written by our build
        text = pandoc.run(["-f", "json", "-t", "markdown"], pandoc.document(doc.body + doc.annex))
        md = out / f"fair.{doc.lang}.md"
        md.write_text(text, encoding="utf-8")
        sources[doc.lang] = md
    return sources


# --- The sections-only loop (the earlier baseline) ---


def strip_front_matter(text: str) -> str:
    match = re.match(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", text, re.S)
    return text[match.end() :] if match else text


def section_names(dossier: Path) -> list[str]:
    manifest = yaml.safe_load((dossier / "dossier.yaml").read_text(encoding="utf-8"))
    names = [*manifest["letter"], *manifest.get("annex", [])]
    return [n for n in names if not n.startswith("generated/")]


# A reference written with no text, to a heading's or a paragraph's id.
REFERENCE = re.compile(r"\[\]\(#[^)\s]+\)(\{[^}]*\})?")


def section_sources(dossier: Path, langs: Sequence[str], out: Path) -> dict[str, Path]:
    """The sections of each language in their order, as `cat` would join
    them (no evidence)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    if (dossier / "figures").is_dir():  # the sections name their figures relative to the dossier
        (out / "figures").symlink_to(dossier / "figures", target_is_directory=True)
    sources: dict[str, Path] = {}
    for lang in langs:
        files = [dossier / "sections" / lang / f"{name}.md" for name in section_names(dossier)]
        files = [f for f in files if f.is_file()]  # a section not translated yet
        text = "\n\n".join(strip_front_matter(f.read_text(encoding="utf-8")) for f in files)
        # a reference that follows the numbering ("[](#conclusions)") may
        # name a generated part, which this loop does not write: plain text
        text = REFERENCE.sub("the section", text)
        sources[lang] = out / f"naive.{lang}.md"
        sources[lang].write_text(text, encoding="utf-8")
    return sources


# --- Typst alone on our PDFs ---


def typst_alone(build: Path, out: Path) -> dict[str, Any]:
    """Typst alone on the Typst sources of our PDFs (as the last build left
    its stages), each compiled whole, one after the other, each in a
    process of its own: what our PDFs cost before any of the rest of the
    build, on one core. Divided by the cores, a floor under the full
    build's time."""
    from dossier.render import parts, pdf, sandbox

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    runs: dict[str, float] = {}
    for stage in public_stages(build):
        with stage.open("rb") as f:
            doc = pickle.load(f).doc
        lang = pdf.code(doc.lang)
        folder = pdf.template_dir(doc.kind)
        # Typst reads only its root, as in the build: the templates and the
        # images copied into it
        root = sandbox.make_root(out / lang)
        main = root / f"ours.{lang}.typ"
        main.write_text(parts.strip_marks(pdf.typst_source(doc, folder, root)), encoding="utf-8")
        args = pdf.typst_args(
            main, main.with_suffix(".pdf"), folder, pdf.timestamp(doc), pdf.typography(doc)
        )
        start = time.perf_counter()
        pdf.run_typst(args)  # in a process of its own, as the build runs it
        runs[lang] = round(time.perf_counter() - start, 3)
    print("    " + ", ".join(f"{lang} {s:.2f} s" for lang, s in runs.items()), flush=True)
    return {"seconds": round(sum(runs.values()), 3), "runs": runs, "pages": pdf_pages(out)}


def step_startup(cli: Path, repeat: int = 8) -> dict[str, float]:
    """What one Make step pays before its work, best of ``repeat``: a
    Python that imports the package (a step without the worker), and a
    step that does nothing (``dossier --version``) through the worker's
    client (the first run starts the worker)."""
    from dossier.pipeline import step_client

    python = cli.parent / "python"
    code = "import dossier.cli, dossier.pipeline.makesteps"
    client = [sys.executable, "-S", step_client.__file__, str(cli), "--version"]
    best = {"imports": float("inf"), "worker": float("inf")}
    for _ in range(repeat):
        for name, command in (("imports", [str(python), "-c", code]), ("worker", client)):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            best[name] = min(best[name], time.perf_counter() - start)
        time.sleep(0.2)
    return {name: round(seconds, 3) for name, seconds in best.items()}
