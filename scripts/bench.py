"""Benchmark the build against a naive pandoc loop, on one generated dossier.

    .venv/bin/python scripts/bench.py [--incidents 500] [--scales 500,1000,5000]
        [--out build/bench/results.json] [--skip-scaling] [--seed 1]
        [--sections 40] [--paragraphs-per-section 15] [--memory-limit-mb 8000]

Run by hand (``make bench``), never as a timed test. In one run it writes a
fictional dossier under build/bench/ (scripts/make_bench_dossier.py) and
measures, in wall-clock seconds:

- the naive baseline: for each language and format, one sequential pandoc
  call on the concatenated Markdown of the sections (DOCX; standalone HTML;
  Typst compiled to PDF with the ``typst`` package), no evidence processing;
  run before our builds and after them (the machine's speed drifts), the
  mean of the two is the base of every ratio;
- ``make dossier`` from an empty build folder, then with nothing changed,
  after appending a sentence to one French section, after editing one
  incident record;
- the peak memory of the largest process of those builds (``/usr/bin/time
  -v`` when present, else ``getrusage(RUSAGE_CHILDREN)``);
- full builds of fresh dossiers at each scale of incidents;
- for comparison, the same naive loop on the sections and the incidents'
  narratives, and Typst alone on the Typst sources of our PDFs (compiled
  whole, one after the other, as the naive loop compiles its own): divided
  by the cores, a floor under any full build's time.

It prints each as seconds and as a ratio to the baseline, with the targets
of the issue, and writes every number, the machine and the date as JSON.
Each process of a measured build may use at most --memory-limit-mb of address
space (0: no limit), so that a build that runs away fails, and is reported as
failed, instead of bringing the machine down; a failed build ends the series
of rebuilds after it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.metadata
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from dossier.core import pandoc

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "build" / "bench"
TIME = Path("/usr/bin/time")
FONTS = ["/usr/share/fonts"]
# `typst compile IN OUT` with the ``typst`` package, fonts under FONTS.
TYPST_COMPILE = (
    sys.executable,
    "-c",
    "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=sys.argv[3:])",
)
RTL = {"ar", "ur"}
# Appended to one section to measure an edit (the benchmark dossier is fictional).
ADDED = {"fr": "Phrase ajoutée pour mesurer une reconstruction.", "en": "A sentence added."}
# Variables of an enclosing `make bench` that must not reach the measured make.
MAKE_VARS = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


def load_generator() -> ModuleType:
    """scripts/make_bench_dossier.py, the generator (scripts/ is no package;
    the tests load it the same way)."""
    folder = str(ROOT / "scripts")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module("make_bench_dossier")


gen = load_generator()


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


@dataclass(frozen=True)
class Size:
    seed: int = 1
    sections: int = 40
    paragraphs: int = 15


def generate(out: Path, incidents: int, size: Size) -> dict[str, Any]:
    """Write the dossier (in this process: its memory is not the build's)."""
    opts = gen.Options(
        seed=size.seed, sections=size.sections, incidents=incidents, paragraphs=size.paragraphs
    )
    start = time.perf_counter()
    files = gen.generate(out, opts)
    seconds = time.perf_counter() - start
    return {**asdict(opts), "path": rel(out), "files": files, "generate_seconds": round(seconds, 3)}


# --- The naive baseline ---


def strip_front_matter(text: str) -> str:
    match = re.match(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", text, re.S)
    return text[match.end() :] if match else text


def section_names(dossier: Path) -> list[str]:
    manifest = yaml.safe_load((dossier / "dossier.yaml").read_text(encoding="utf-8"))
    names = [*manifest["letter"], *manifest.get("annex", [])]
    return [n for n in names if not n.startswith("generated/")]


def concatenated(dossier: Path, lang: str, narratives: bool = False) -> str:
    """The sections of ``lang`` in their order; with ``narratives``, the
    narrative of every incident record after them (its translation into
    ``lang``, where the records have one), as `cat` would join them."""
    files = [dossier / "sections" / lang / f"{name}.md" for name in section_names(dossier)]
    if narratives:
        translated = sorted((dossier / "evidence" / lang).glob("*.md"))
        files += translated or sorted((dossier / "evidence").glob("*.md"))
    return "\n\n".join(strip_front_matter(f.read_text(encoding="utf-8")) for f in files)


def pandoc_to(md: Path, lang: str, to: str, out: Path, *extra: str) -> None:
    meta = ["-M", f"lang={lang}", *(["-M", "dir=rtl"] if lang in RTL else [])]
    # Citations stay as typed: no bibliography, no evidence processing.
    reader = "markdown-citations"
    args = [pandoc.binary(), str(md), "-f", reader, "-t", to, *meta, *extra, "-o", str(out)]
    subprocess.run(args, check=True, capture_output=True)


def naive_formats(md: Path) -> dict[str, Callable[[str], None]]:
    base = str(md.with_suffix(""))  # naive.fr: each language its own files

    def pdf(lang: str) -> None:
        pandoc_to(md, lang, "typst", Path(f"{base}.typ"))
        # A process of its own, as a shell loop would run Typst: Typst's
        # cache in this process would lay out the second run of the same
        # document from the first's (Urdu 5.0 s, then 1.5 s).
        args = [*TYPST_COMPILE, f"{base}.typ", f"{base}.pdf", *FONTS]
        subprocess.run(args, check=True, capture_output=True)

    return {
        "docx": lambda lang: pandoc_to(md, lang, "docx", Path(f"{base}.docx")),
        "html": lambda lang: pandoc_to(
            md, lang, "html5", Path(f"{base}.html"), "-s", "-M", "title=Benchmark"
        ),
        "pdf": pdf,
    }


def naive(
    dossier: Path, langs: Sequence[str], out: Path, narratives: bool = False
) -> dict[str, Any]:
    """One pandoc call per language and format, one after the other, on the
    sections (and with ``narratives``, the incidents' narratives too)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    runs: dict[str, dict[str, float]] = {}
    start = time.perf_counter()
    for lang in langs:
        md = out / f"naive.{lang}.md"
        md.write_text(concatenated(dossier, lang, narratives), encoding="utf-8")
        runs[lang] = {}
        for fmt, convert in naive_formats(md).items():
            t0 = time.perf_counter()
            convert(lang)
            runs[lang][fmt] = round(time.perf_counter() - t0, 3)
        print(f"  naive {lang}: " + ", ".join(f"{f} {s:.1f} s" for f, s in runs[lang].items()))
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 3), "runs": runs, "pages": pdf_pages(out)}


def bracketed(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    """The baseline run before and after our builds: the mean of the two
    is its time (the one after alone without the one before)."""
    if before is None:
        return after
    mean = round((before["seconds"] + after["seconds"]) / 2, 3)
    return {**after, "seconds": mean, "before": before["seconds"], "after": after["seconds"]}


# --- Typst alone on our PDFs ---


def typst_alone(build: Path, out: Path) -> dict[str, Any]:
    """Typst alone on the Typst sources of our PDFs (as the last build left
    its stages), each compiled whole, one after the other, each in a process
    of its own as the naive loop compiles its own: what our PDFs cost before
    any of the rest of the build, on one core. Divided by the cores, it is a
    floor under the full build's time."""
    import pickle

    from dossier.render import parts, pdf, sandbox

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    runs: dict[str, float] = {}
    for assembled in sorted(build.rglob(".stage/public.*.pickle")):
        if assembled.name.endswith(".withheld.pickle"):
            continue
        with assembled.open("rb") as f:
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
        print(f"  typst alone {lang}: {runs[lang]:.1f} s", flush=True)
    return {"seconds": round(sum(runs.values()), 3), "runs": runs, "pages": pdf_pages(out)}


# --- Our build ---


@dataclass
class Run:
    """One `make dossier`: wall clock, largest process, outputs rewritten."""

    seconds: float
    max_rss_mb: float | None
    outputs_written: int
    returncode: int

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def outputs(build: Path) -> dict[str, int]:
    found = (
        p
        for p in build.rglob("*")
        if p.is_file() and not {".cache", ".stage", ".leaks"} & set(p.parts)
    )
    return {str(p): p.stat().st_mtime_ns for p in found}


# The builds' own cache of parsed Markdown (XDG_CACHE_HOME), emptied before
# each full build: "from scratch" parses every file.
CACHE = BENCH / "cache"


def make_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in MAKE_VARS}
    return env | {"XDG_CACHE_HOME": str(CACHE)}


def max_rss(report: Path) -> float | None:
    if not report.is_file():
        return None
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report.read_text())
    return round(int(match.group(1)) / 1024, 1) if match else None


def limit_memory(mb: int) -> Callable[[], None] | None:
    """A preexec_fn capping the address space of every process of the build."""
    if mb <= 0:
        return None

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, mb * 1024 * 1024))

    return cap


def make_dossier(dossier: Path, build: Path, log: Path, limit_mb: int) -> Run:
    """Run `make dossier` on ``dossier`` into ``build``, under /usr/bin/time -v."""
    report = build.parent / f"{build.name}.time.txt"
    report.unlink(missing_ok=True)
    cmd = ["make", "dossier", f"DOSSIER_DIR={rel(dossier)}", f"BUILD_DIR={rel(build)}"]
    if TIME.is_file():
        cmd = [str(TIME), "-v", "-o", str(report), *cmd]
    before = outputs(build) if build.is_dir() else {}
    start = time.perf_counter()
    with log.open("a", encoding="utf-8") as f:
        f.write(f"\n$ {' '.join(cmd)}\n")
        f.flush()
        proc = subprocess.run(
            cmd,
            cwd=ROOT,
            stdout=f,
            stderr=subprocess.STDOUT,
            env=make_env(),
            preexec_fn=limit_memory(limit_mb),
        )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"    make dossier FAILED (exit {proc.returncode}): see {rel(log)}", flush=True)
    after = outputs(build) if build.is_dir() else {}
    written = sum(1 for path, mtime in after.items() if before.get(path) != mtime)
    return Run(round(seconds, 3), max_rss(report), written, proc.returncode)


def edit_section(dossier: Path, langs: Sequence[str]) -> Path:
    """Append a sentence to a section in the middle of the annex, in French."""
    lang = "fr" if "fr" in langs else langs[-1]
    names = section_names(dossier)
    path = dossier / "sections" / lang / f"{names[len(names) // 2]}.md"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}\n\n{ADDED.get(lang, ADDED['en'])}\n", encoding="utf-8")
    return path


def edit_incident(dossier: Path) -> Path:
    """One more injured civilian in the record in the middle of the list."""
    records = sorted((dossier / "evidence").glob("*.md"))
    path = records[len(records) // 2]
    text = path.read_text(encoding="utf-8")
    bump = re.sub(
        r"(injured: \{civilians: )(\d+)", lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", text
    )
    path.write_text(bump, encoding="utf-8")
    return path


STEPS = ("full", "noop", "edit_section", "edit_incident")


def our_builds(dossier: Path, build: Path, langs: Sequence[str], limit_mb: int) -> dict[str, Any]:
    """The full build, then the rebuilds, each after its edit; a failure ends them."""
    shutil.rmtree(build, ignore_errors=True)
    shutil.rmtree(CACHE, ignore_errors=True)
    log = build.parent / "make.log"
    log.unlink(missing_ok=True)
    edits: dict[str, Callable[[], Path | None]] = {
        "full": lambda: None,
        "noop": lambda: None,
        "edit_section": lambda: edit_section(dossier, langs),
        "edit_incident": lambda: edit_incident(dossier),
    }
    steps: dict[str, Any] = {"log": rel(log)}
    for step in STEPS:
        edited = edits[step]()
        print(f"  {step}{f' ({rel(edited)})' if edited else ''} ...", flush=True)
        run = make_dossier(dossier, build, log, limit_mb)
        steps[step] = {**asdict(run), "file": rel(edited) if edited else None}
        print(f"    {run.seconds:.2f} s, {run.max_rss_mb} MB", flush=True)
        if step == "noop" and run.outputs_written:
            print(f"    warning: the no-op rebuild wrote {run.outputs_written} files", flush=True)
        if not run.ok:
            break
    steps["pages"] = pdf_pages(build)
    return steps


def peak_memory(steps: dict[str, Any]) -> tuple[float, str]:
    """The largest process of the builds, in MB: /usr/bin/time's, else
    getrusage's, which sees only the builds when it is called before any
    other child process of this script (without /usr/bin/time, the naive
    loop does not run before the builds)."""
    measured = [steps[s]["max_rss_mb"] for s in STEPS if s in steps]
    if measured and all(m is not None for m in measured):
        return max(measured), "/usr/bin/time -v"
    kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(kb / 1024, 1), "getrusage(RUSAGE_CHILDREN)"


def scaling(scales: Sequence[int], size: Size, limit_mb: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n in scales:
        folder = BENCH / f"scale-{n}"
        print(f"  {n} incidents: generating ...", flush=True)
        info = generate(folder / "dossier", n, size)
        shutil.rmtree(folder / "out", ignore_errors=True)
        shutil.rmtree(CACHE, ignore_errors=True)
        (folder / "make.log").unlink(missing_ok=True)
        print(f"  {n} incidents: building ({info['files']} files) ...", flush=True)
        run = make_dossier(folder / "dossier", folder / "out", folder / "make.log", limit_mb)
        out[str(n)] = {**asdict(run), "files": info["files"], "log": rel(folder / "make.log")}
        print(f"  {n} incidents: {run.seconds:.1f} s, {run.max_rss_mb} MB", flush=True)
    return out


# --- Reporting ---


def pdf_pages(folder: Path) -> dict[str, int]:
    from pypdf import PdfReader

    pages: dict[str, int] = {}
    for pdf in sorted(folder.rglob("*.pdf")):
        if ".cache" not in pdf.parts:
            pages[rel(pdf)] = len(PdfReader(pdf).pages)
    return pages


def machine() -> dict[str, Any]:
    make = subprocess.run(["make", "--version"], capture_output=True, text=True, check=False)
    cpu = ""
    if Path("/proc/cpuinfo").is_file():
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else ""
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pandoc": pandoc.version(),
        "typst": importlib.metadata.version("typst"),
        "make": make.stdout.splitlines()[0] if make.stdout else "",
    }


@dataclass(frozen=True)
class Check:
    measure: str
    value: float | None
    unit: str  # "s" or "MB"
    ratio: float | None  # to the naive baseline
    target: str
    ok: bool | None


def ratio(value: float | None, base: float) -> float | None:
    return None if value is None or base <= 0 else round(value / base, 3)


def seconds(run: dict[str, Any] | None) -> float | None:
    """The time of a build that succeeded (None when it failed or did not run)."""
    return run["seconds"] if run and run["returncode"] == 0 else None


def within(value: float | None, bound: float | None) -> bool:
    return value is not None and bound is not None and value <= bound


def times(bound: float | None, factor: float) -> float | None:
    return None if bound is None else factor * bound


def checks(results: dict[str, Any]) -> list[Check]:
    baseline = results["baseline"]
    base = baseline["seconds"]
    steps = results["build"]
    full, noop = seconds(steps.get("full")), seconds(steps.get("noop"))
    section, incident = seconds(steps.get("edit_section")), seconds(steps.get("edit_incident"))
    mem = results["peak_memory_mb"]
    fuller = (results.get("baseline_narratives") or {}).get("seconds")
    # The same text as ours, without the evidence work: for comparison only.
    with_narratives = (
        [
            Check("naive loop with the narratives", fuller, "s", ratio(fuller, base), "", None),
            Check("full build ÷ that loop", ratio(full, fuller), "×", None, "", None),
        ]
        if fuller
        else []
    )
    return [
        Check("naive loop (baseline)", base, "s", 1.0, "", None),
        *[
            Check(f"naive loop, {when} our builds", b, "s", ratio(b, base), "", None)
            for when, b in (("before", baseline.get("before")), ("after", baseline.get("after")))
            if b is not None
        ],
        *with_narratives,
        *floor(results.get("typst_alone"), results["machine"]["nproc"] or 1, base),
        Check(
            "full build", full, "s", ratio(full, base), "≤ 0.6 × naive", within(full, 0.6 * base)
        ),
        Check("no-op rebuild", noop, "s", ratio(noop, base), "≤ 0.3 s", within(noop, 0.3)),
        Check(
            "edit one section (fr)",
            section,
            "s",
            ratio(section, base),
            "≤ 0.25 × full build",
            within(section, times(full, 0.25)),
        ),
        Check("edit one incident", incident, "s", ratio(incident, base), "", None),
        Check("peak memory", mem, "MB", None, "≤ 500 MB", within(mem, 500)),
        *scaling_checks(results.get("scaling") or {}, base),
    ]


def floor(alone: dict[str, Any] | None, cores: int, base: float) -> list[Check]:
    """Typst alone on our PDFs, and that shared among the cores: no full
    build can be faster than the second (for comparison only)."""
    if not alone:
        return []
    seconds = alone["seconds"]
    shared = round(seconds / cores, 3)
    return [
        Check("Typst alone on our PDFs", seconds, "s", ratio(seconds, base), "", None),
        Check(f"that ÷ {cores} cores", shared, "s", ratio(shared, base), "", None),
    ]


def scaling_checks(scale: dict[str, Any], base: float) -> list[Check]:
    out = [
        Check(f"full build, {n} incidents", seconds(r), "s", ratio(seconds(r), base), "", None)
        for n, r in scale.items()
    ]
    if "500" in scale and "5000" in scale:
        small, big = seconds(scale["500"]), seconds(scale["5000"])
        grown = round(big / small, 2) if big is not None and small else None
        out.append(Check("5000 / 500 incidents", grown, "×", None, "≤ 12", within(grown, 12)))
    return out


def table(rows: list[Check]) -> str:
    lines = [f"{'measure':<32} {'value':>10} {'× naive':>9}  {'target':<22} result"]
    for c in rows:
        value = "failed" if c.value is None else f"{c.value:.3f} {c.unit}"
        rat = "—" if c.ratio is None else f"{c.ratio:.3f}"
        result = "" if c.ok is None else ("pass" if c.ok else "FAIL")
        lines.append(f"{c.measure:<32} {value:>10} {rat:>9}  {c.target:<22} {result}")
    return "\n".join(lines)


def markdown(rows: list[Check], results: dict[str, Any]) -> str:
    """The table for the README, with the machine and the date."""
    lines = ["| measure | seconds (MB) | × naive | target | result |", "|---|--:|--:|---|---|"]
    for c in rows:
        value = "failed" if c.value is None else f"{c.value:.2f} {c.unit}"
        rat = "" if c.ratio is None else f"{c.ratio:.2f}"
        result = "" if c.ok is None else ("pass" if c.ok else "**not met**")
        lines.append(f"| {c.measure} | {value} | {rat} | {c.target} | {result} |")
    m = results["machine"]
    pages = results["build"]["pages"].items()
    lines.append("")
    lines.append(
        f"{results['date'][:10]}, {m['nproc']} cores ({m['cpu']}), pandoc {m['pandoc']}, "
        f"typst {m['typst']}; pages of the PDFs: "
        + ", ".join(f"{Path(k).name.split('.')[1]} {v}" for k, v in pages)
    )
    return "\n".join(lines) + "\n"


# --- Main ---


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--incidents", type=int, default=500)
    ap.add_argument("--scales", default="500,1000,5000", help="incidents, comma-separated")
    ap.add_argument("--out", type=Path, default=BENCH / "results.json")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sections", type=int, default=40, help="annex sections of the dossier")
    ap.add_argument("--paragraphs-per-section", type=int, default=gen.DEFAULT_PARAGRAPHS)
    ap.add_argument(
        "--memory-limit-mb",
        type=int,
        default=8000,
        help="address space allowed to each process of a build (0: no limit)",
    )
    return ap.parse_args(argv)


def run(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    size = Size(args.seed, args.sections, args.paragraphs_per_section)
    limit = args.memory_limit_mb
    results["memory_limit_mb"] = limit or None
    dossier = BENCH / "dossier"
    print(f"Generating {args.incidents} incidents into {rel(dossier)} ...", flush=True)
    results["dossier"] = generate(dossier, args.incidents, size)
    langs = results["dossier"]["languages"]
    # The machine's speed drifts by a third within minutes: the baseline is
    # run before our builds and after them, and its mean is the base. Not
    # before them without /usr/bin/time: getrusage would see its processes
    # among the builds'.
    before = None
    if TIME.is_file():
        print("Naive baseline, before our builds:", flush=True)
        before = naive(dossier, langs, BENCH / "naive")
    print("Our build (make dossier):", flush=True)
    results["build"] = our_builds(dossier, BENCH / "out", langs, limit)
    results["peak_memory_mb"], results["peak_memory_method"] = peak_memory(results["build"])
    print("Naive baseline (pandoc, one call per language and format):", flush=True)
    results["baseline"] = bracketed(before, naive(dossier, langs, BENCH / "naive"))
    print("Naive loop on the sections and the incidents' narratives:", flush=True)
    results["baseline_narratives"] = naive(dossier, langs, BENCH / "naive-narratives", True)
    print("Typst alone on our PDFs (whole, one after the other):", flush=True)
    results["typst_alone"] = typst_alone(BENCH / "out", BENCH / "typst-alone")
    if not args.skip_scaling:
        print("Scaling (full builds of fresh dossiers):", flush=True)
        scales = [int(s) for s in args.scales.split(",") if s.strip()]
        results["scaling"] = scaling(scales, size, limit)
    results["machine"] = machine()
    results["checks"] = [asdict(c) for c in checks(results)]
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    results = run(args)
    print()
    print(table([Check(**c) for c in results["checks"]]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    table_md = args.out.with_suffix(".md")
    table_md.write_text(markdown([Check(**c) for c in results["checks"]], results), "utf-8")
    print(f"\nWritten: {rel(args.out.resolve())}, {rel(table_md.resolve())}")
    runs = [results["build"].get(s) for s in STEPS]
    runs += list((results.get("scaling") or {}).values())
    return 0 if all(r and r["returncode"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
