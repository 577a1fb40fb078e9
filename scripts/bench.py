"""Benchmark the build against plain pandoc on the same pages.

    .venv/bin/python scripts/bench.py [--incidents 500] [--scales 500,5000]
        [--skip-scaling] [--out build/bench/results.json] [--seed 1]
        [--sections 40] [--paragraphs-per-section 15] [--memory-limit-mb 8000]

Run by hand (``make bench``), never as a timed test. In one run, on two
dossiers: the example (a copy of dossiers/example) and a fictional one of
``--incidents`` incidents (scripts/make_bench_dossier.py), under
build/bench/, it measures in wall-clock seconds:

- ``make dossier`` from an empty build folder and an empty parse cache,
  then with nothing changed, after appending a sentence to one French
  section, and (the generated dossier) after editing one incident record;
  the largest process of those builds (``/usr/bin/time -v``);
- the fair loop, the base of every ratio (scripts/bench_loops.py): the
  document our full build assembled, per public language version, written
  as pandoc Markdown, then plain pandoc to DOCX, to standalone HTML and to
  Typst with a Typst compilation, one after the other; run after the full
  build and after the rebuilds, the mean of the two (the machine's speed
  drifts);
- for reference: the same loop on the sections alone (the earlier
  baseline), Typst alone on our PDFs (and that divided by the cores: a
  floor under the full build), and the start-up of one Make step (its
  imports: a floor under any rebuild, which runs an assemble step and then
  a render step);
- with ``--scales``, full builds of fresh dossiers of so many incidents.

It prints the table with the targets of issue 19, writes it as Markdown for
the README (``results.md``) and every number, the machine and the date as
JSON. Each process of a measured build may use at most --memory-limit-mb of
address space (0: no limit), so that a build that runs away fails, and is
reported as failed, instead of bringing the machine down; a failed build
ends the series of rebuilds after it.
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

from dossier.core import pandoc

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "build" / "bench"
EXAMPLE = ROOT / "dossiers" / "example"
TIME = Path("/usr/bin/time")
# Appended to one section to measure an edit (the dossiers are fictional).
ADDED = {"fr": "Phrase ajoutée pour mesurer une reconstruction.", "en": "A sentence added."}
# Variables of an enclosing `make bench` that must not reach the measured make.
MAKE_VARS = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


def load_script(name: str) -> ModuleType:
    """A module of scripts/ (no package; the tests load them the same way)."""
    folder = str(ROOT / "scripts")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module(name)


gen = load_script("make_bench_dossier")
loops = load_script("bench_loops")


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


# --- Our build ---


@dataclass
class Run:
    """One `make dossier`: wall clock, largest process, outputs rewritten."""

    seconds: float
    max_rss_mb: float | None
    outputs_written: int
    returncode: int
    # the worker's steps: seconds by kind, summed over the steps of a kind
    step_seconds: dict[str, float]

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


def make_env(series: str) -> dict[str, str]:
    """The measured make's variables: the caches the benchmark empties, and
    ``series``, which gives each series of builds a worker of its own
    (dossier.cli_worker; its key is the variables): the full build starts
    one, the rebuilds after it find it loaded, as a drafter's would."""
    env = {k: v for k, v in os.environ.items() if k not in MAKE_VARS}
    return env | {
        "XDG_CACHE_HOME": str(CACHE),
        "DOSSIER_PDF_CACHE": str(CACHE / "pdf-parts"),
        "DOSSIER_BENCH_SERIES": series,
    }


def max_rss(report: Path, steps: Path) -> float | None:
    """The largest process in MB: Make's children (/usr/bin/time's report)
    and the worker's (``steps``, each line a step's kilobytes)."""
    found = []
    if report.is_file():
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report.read_text())
        found += [int(match.group(1))] if match else []
    found += [kb for kb, _, _ in step_times(steps)]
    return round(max(found) / 1024, 1) if found else None


def step_times(steps: Path) -> list[tuple[int, float, str]]:
    """The steps the worker ran: kilobytes, seconds and kind of each (the
    kind: assemble, submission, or the format rendered)."""
    if not steps.is_file():
        return []
    found = []
    for line in steps.read_text().splitlines():
        kb, seconds, args = line.split("\t")
        words = args.split()
        kind = words[words.index("--format") + 1] if "--format" in words else words[0]
        found.append((int(kb), float(seconds), kind))
    return found


def by_kind(steps: Path) -> dict[str, float]:
    """Seconds of the worker's steps, summed by kind (a profile of a
    build), and the largest step of each kind in MB ("<kind> MB")."""
    total: dict[str, float] = {}
    for kb, seconds, kind in step_times(steps):
        total[kind] = round(total.get(kind, 0) + seconds, 3)
        total[f"{kind} MB"] = max(total.get(f"{kind} MB", 0), round(kb / 1024, 1))
    return total


def limit_memory(mb: int) -> Callable[[], None] | None:
    """A preexec_fn capping the address space of every process of the build."""
    if mb <= 0:
        return None

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, mb * 1024 * 1024))

    return cap


def make_dossier(dossier: Path, build: Path, log: Path, limit_mb: int, series: str) -> Run:
    """Run `make dossier` on ``dossier`` into ``build``, under /usr/bin/time -v.
    The steps that the worker runs (dossier.cli_worker) are not Make's
    children: each records its largest process in a file of its own
    (DOSSIER_STEP_RSS), named anew for each run, which also makes each run
    start a worker of its own, as a drafter's rebuild minutes later would."""
    report = build.parent / f"{build.name}.time.txt"
    report.unlink(missing_ok=True)
    steps = build.parent / f"{build.name}.steps-{time.time_ns()}.rss"
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
            env=make_env(series) | {"DOSSIER_STEP_RSS": str(steps)},
            preexec_fn=limit_memory(limit_mb),
        )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"    make dossier FAILED (exit {proc.returncode}): see {rel(log)}", flush=True)
    after = outputs(build) if build.is_dir() else {}
    written = sum(1 for path, mtime in after.items() if before.get(path) != mtime)
    kinds = by_kind(steps)
    run = Run(round(seconds, 3), max_rss(report, steps), written, proc.returncode, kinds)
    steps.unlink(missing_ok=True)
    return run


def edit_section(dossier: Path, langs: Sequence[str]) -> Path:
    """Append a sentence to a section in the middle of the annex, in French."""
    lang = "fr" if "fr" in langs else langs[-1]
    names = loops.section_names(dossier)
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


def our_builds(
    dossier: Path,
    build: Path,
    edits: dict[str, Callable[[], Path | None]],
    limit_mb: int,
    after_full: Callable[[], None],
) -> dict[str, Any]:
    """The full build (an empty parse cache), ``after_full`` (the baseline's
    first run, from its stages), then the rebuilds, each after its edit; a
    failure ends them."""
    shutil.rmtree(build, ignore_errors=True)
    shutil.rmtree(CACHE, ignore_errors=True)
    log = build.parent / "make.log"
    log.unlink(missing_ok=True)
    steps: dict[str, Any] = {"log": rel(log)}
    series = f"{rel(build)}-{time.time_ns()}"
    for step, edit in {"full": lambda: None, "noop": lambda: None, **edits}.items():
        edited = edit()
        print(f"  {step}{f' ({rel(edited)})' if edited else ''} ...", flush=True)
        run = make_dossier(dossier, build, log, limit_mb, series)
        steps[step] = {**asdict(run), "file": rel(edited) if edited else None}
        print(f"    {run.seconds:.2f} s, {run.max_rss_mb} MB", flush=True)
        if run.step_seconds:
            kinds = ", ".join(f"{k} {v:.1f}" for k, v in sorted(run.step_seconds.items()))
            print(f"    steps in the worker, seconds by kind: {kinds}", flush=True)
        if step == "noop" and run.outputs_written:
            print(f"    warning: the no-op rebuild wrote {run.outputs_written} files", flush=True)
        if not run.ok:
            break
        if step == "full":
            after_full()
    steps["pages"] = loops.pdf_pages(build)
    return steps


def builds(steps: dict[str, Any]) -> list[dict[str, Any]]:
    return [run for run in steps.values() if isinstance(run, dict) and "max_rss_mb" in run]


def peak_memory(steps: dict[str, Any]) -> float | None:
    """The largest process of the builds, in MB (/usr/bin/time's; None
    without it)."""
    measured = [run["max_rss_mb"] for run in builds(steps)]
    return max(measured) if measured and None not in measured else None


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
        log = folder / "make.log"
        run = make_dossier(folder / "dossier", folder / "out", log, limit_mb, str(time.time_ns()))
        out[str(n)] = {**asdict(run), "files": info["files"], "log": rel(folder / "make.log")}
        print(f"  {n} incidents: {run.seconds:.1f} s, {run.max_rss_mb} MB", flush=True)
    return out


# --- One dossier, measured ---


def measure(
    dossier: Path, folder: Path, edits: dict[str, Callable[[], Path | None]], limit_mb: int
) -> dict[str, Any]:
    """Our builds of ``dossier`` into ``folder``/out, with the fair loop on
    the document the full build assembled run after it and after the
    rebuilds, and the reference loops."""
    build = folder / "out"
    langs = sorted(p.name for p in (dossier / "sections").iterdir() if p.is_dir())
    result: dict[str, Any] = {}
    fair: dict[str, Any] = {}

    def first_loop() -> None:
        fair["sources"] = loops.fair_sources(build, folder / "fair")
        print("  fair loop (plain pandoc on our assembled document), before the rebuilds:")
        fair["before"] = loops.loop(fair["sources"])

    print("Our build (make dossier):", flush=True)
    result["build"] = our_builds(dossier, build, edits, limit_mb, first_loop)
    result["peak_memory_mb"] = peak_memory(result["build"])
    if "before" not in fair:
        return result  # the full build failed: nothing to compare
    print("  fair loop, after the rebuilds:", flush=True)
    result["fair"] = loops.bracketed(fair["before"], loops.loop(fair["sources"]))
    print("  sections-only loop (the earlier baseline):", flush=True)
    result["sections_only"] = loops.loop(loops.section_sources(dossier, langs, folder / "naive"))
    print("  Typst alone on our PDFs:", flush=True)
    result["typst_alone"] = loops.typst_alone(build, folder / "typst-alone")
    return result


def example(limit_mb: int) -> dict[str, Any]:
    """The example dossier, copied (its sections are edited)."""
    dossier = BENCH / "example" / "dossier"
    shutil.rmtree(dossier, ignore_errors=True)
    shutil.copytree(EXAMPLE, dossier)
    langs = sorted(p.name for p in (dossier / "sections").iterdir() if p.is_dir())
    edits = {"edit_section": lambda: edit_section(dossier, langs)}
    return measure(dossier, BENCH / "example", edits, limit_mb)


def generated(incidents: int, size: Size, limit_mb: int) -> dict[str, Any]:
    dossier = BENCH / "dossier"
    print(f"Generating {incidents} incidents into {rel(dossier)} ...", flush=True)
    info = generate(dossier, incidents, size)
    langs = info["languages"]
    edits = {
        "edit_section": lambda: edit_section(dossier, langs),
        "edit_incident": lambda: edit_incident(dossier),
    }
    return {"dossier": info, **measure(dossier, BENCH, edits, limit_mb)}


# --- Reporting ---


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
    ratio: float | None  # to ``base``
    base: str  # what the ratio divides by
    target: str
    ok: bool | None


def ratio(value: float | None, base: float | None) -> float | None:
    return None if value is None or not base else round(value / base, 3)


def seconds(run: dict[str, Any] | None) -> float | None:
    """The time of a build that succeeded (None when it failed or did not run)."""
    return run["seconds"] if run and run["returncode"] == 0 else None


def within(value: float | None, bound: float | None) -> bool:
    return value is not None and bound is not None and value <= bound


def target(name: str, value: float | None, base: float | None, of: str, bound: float) -> Check:
    """A timed measure, its ratio to ``base`` and the target ``bound`` × base."""
    r = ratio(value, base)
    return Check(name, value, "s", r, of, f"≤ {bound:g} × {of}", within(r, bound))


def reference(name: str, value: float | None, base: float | None, of: str = "fair") -> Check:
    return Check(name, value, "s", ratio(value, base), of, "", None)


def floors(result: dict[str, Any], cores: int, startup: dict[str, float]) -> list[Check]:
    """The reference rows: the other loops, and what no build can beat."""
    base = result["fair"]["seconds"]
    alone = result["typst_alone"]["seconds"]
    return [
        reference("fair loop (base)", base, base),
        reference("sections-only loop", result["sections_only"]["seconds"], base),
        reference("Typst alone on our PDFs", alone, base),
        reference(f"  that ÷ {cores} cores (floor)", round(alone / cores, 3), base),
        reference("a step's imports (no worker)", startup["imports"], base),
        reference("a step through the worker", startup["worker"], base),
    ]


def common(
    result: dict[str, Any], cores: int, startup: dict[str, float], bound: float
) -> list[Check]:
    steps = result["build"]
    base = result["fair"]["seconds"]
    full, noop = seconds(steps.get("full")), seconds(steps.get("noop"))
    mem = result["peak_memory_mb"]
    return [
        *floors(result, cores, startup),
        target("full build", full, base, "fair", bound),
        Check("no-op rebuild", noop, "s", None, "", "≤ 0.3 s", within(noop, 0.3)),
        Check("largest process", mem, "MB", None, "", "≤ 500 MB", within(mem, 500)),
    ]


def section_check(result: dict[str, Any], startup: dict[str, float]) -> list[Check]:
    """One French section edited: against the fair loop's French, and its
    floor (an assemble step, then a render step)."""
    steps = result["build"]
    edited = steps.get("edit_section") or {}
    lang = Path(edited.get("file") or "x/fr/x.md").parent.name
    fair = loops.language_seconds(result["fair"], lang)
    of = f"fair {lang}"
    # the worker loaded by the full build: an assemble step and the PDF's
    # render step, one after the other, and Typst on the PDF
    floor_ = 2 * startup["worker"] + result["typst_alone"]["runs"].get(lang, 0)
    return [
        reference(f"fair loop, {lang} alone", fair, fair, of),
        target(f"edit one section ({lang})", seconds(edited), fair, of, 0.35),
        reference("  floor: two steps and Typst", round(floor_, 3), fair, of),
    ]


def checks(results: dict[str, Any]) -> dict[str, list[Check]]:
    cores = results["machine"]["nproc"] or 1
    startup = results["step_startup"]
    out: dict[str, list[Check]] = {}
    ex = results.get("example")
    if ex and "fair" in ex:
        out["the example"] = [*common(ex, cores, startup, 1.0), *section_check(ex, startup)]
    big = results.get("generated")
    if big and "fair" in big:
        steps = big["build"]
        full = seconds(steps.get("full"))
        incident = seconds(steps.get("edit_incident"))
        out[f"{big['dossier']['incidents']} incidents"] = [
            *common(big, cores, startup, 0.6),
            *section_check(big, startup)[1:2],
            target("edit one incident", incident, full, "our full", 0.35),
            *scaling_checks(results.get("scaling") or {}),
        ]
    return out


def scaling_checks(scale: dict[str, Any]) -> list[Check]:
    out = [reference(f"full build, {n} incidents", seconds(r), None) for n, r in scale.items()]
    if len(scale) >= 2:
        items = list(scale.items())
        (small, s), (big, b) = items[0], items[-1]
        grown = ratio(seconds(b), seconds(s))
        bound = 12 * int(big) / int(small) / 10
        out.append(
            Check(
                f"{big} / {small} incidents",
                grown,
                "×",
                None,
                "",
                f"≤ {bound:g}",
                within(grown, bound),
            )
        )
    return out


def cells(c: Check, not_met: str) -> tuple[str, str, str]:
    """A row's value, ratio and result as both tables print them."""
    value = "failed" if c.value is None else f"{c.value:.2f} {c.unit}"
    rat = "" if c.ratio is None else f"{c.ratio:.2f}"
    result = "" if c.ok is None else ("pass" if c.ok else not_met)
    return value, rat, result


def table(groups: dict[str, list[Check]]) -> str:
    lines = [f"{'measure':<34} {'value':>11} {'ratio':>7} {'of':<9} {'target':<22} result"]
    for name, rows in groups.items():
        lines.append(f"-- {name}")
        for c in rows:
            value, rat, result = cells(c, "NOT MET")
            lines.append(
                f"{c.measure:<34} {value:>11} {rat:>7} {c.base:<9} {c.target:<22} {result}"
            )
    return "\n".join(lines)


def markdown(groups: dict[str, list[Check]], results: dict[str, Any]) -> str:
    """The table for the README, with the machine and the date."""
    lines = [
        "| measure | time (size) | ratio | of | target | result |",
        "|---|--:|--:|---|---|---|",
    ]
    for name, rows in groups.items():
        lines.append(f"| **{name}** | | | | | |")
        for c in rows:
            value, rat, result = cells(c, "**not met**")
            lines.append(
                f"| {c.measure.strip()} | {value} | {rat} | {c.base} | {c.target} | {result} |"
            )
    m = results["machine"]
    lines.append("")
    lines.append(
        f"{results['date'][:10]}, {m['nproc']} cores ({m['cpu']}), pandoc {m['pandoc']}, "
        f"typst {m['typst']}; `{results['command']}`"
    )
    for key in ("example", "generated"):
        pages = (results.get(key) or {}).get("build", {}).get("pages", {})
        if pages:
            lines.append("")
            lines.append(
                f"Pages of our PDFs ({key}): "
                + ", ".join(f"{k.split('.')[-2]} {v}" for k, v in pages.items())
            )
    return "\n".join(lines) + "\n"


# --- Main ---


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--incidents", type=int, default=500)
    ap.add_argument("--scales", default="500,5000", help="incidents, comma-separated")
    ap.add_argument("--out", type=Path, default=BENCH / "results.json")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--skip-example", action="store_true")
    ap.add_argument("--skip-generated", action="store_true")
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


def run(args: argparse.Namespace, argv: Sequence[str]) -> dict[str, Any]:
    results: dict[str, Any] = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    results["command"] = " ".join(["scripts/bench.py", *argv])
    size = Size(args.seed, args.sections, args.paragraphs_per_section)
    limit = args.memory_limit_mb
    results["memory_limit_mb"] = limit or None
    results["step_startup"] = loops.step_startup(ROOT / ".venv" / "bin" / "dossier")
    if not args.skip_example:
        print("== The example ==", flush=True)
        results["example"] = example(limit)
    if not args.skip_generated:
        print(f"== {args.incidents} incidents ==", flush=True)
        results["generated"] = generated(args.incidents, size, limit)
    if not args.skip_scaling:
        print("== Scaling (full builds of fresh dossiers) ==", flush=True)
        scales = [int(s) for s in args.scales.split(",") if s.strip()]
        results["scaling"] = scaling(scales, size, limit)
    results["machine"] = machine()
    results["checks"] = {k: [asdict(c) for c in v] for k, v in checks(results).items()}
    return results


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse(argv)
    results = run(args, argv)
    groups = {k: [Check(**c) for c in v] for k, v in results["checks"].items()}
    print()
    print(table(groups))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    table_md = args.out.with_suffix(".md")
    table_md.write_text(markdown(groups, results), "utf-8")
    print(f"\nWritten: {rel(args.out.resolve())}, {rel(table_md.resolve())}")
    runs = [
        r
        for key in ("example", "generated")
        for r in builds((results.get(key) or {}).get("build", {}))
    ]
    runs += list((results.get("scaling") or {}).values())
    return 0 if all(r and r["returncode"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
