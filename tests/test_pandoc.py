"""Many Markdown files parsed in one pandoc run (pandoc.parse_all) read
exactly as each parsed on its own, warnings included."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from dossier.core import pandoc
from dossier.load.sections import reader_for
from dossier.pipeline.loading import load

EXAMPLE = Path(__file__).resolve().parent.parent / "dossiers" / "example"

TEXTS = [
    # +smart and the command line's abbreviations: "Inc. Use" keeps its space
    ('Deque Systems, Inc. Use it -- or not, "quoted".\n', "en"),
    # pipe table column widths depend on the reader's columns
    (
        "| A long first column heading | B |\n|:----------------------------|--:|\n| one | two |\n",
        "en",
    ),
    # east_asian_line_breaks: no space between two ideographs across a line
    ("中文的句子\n继续写下去。\n", "zh"),
    ("مرحبا\nبالعالم[^1]\n\n[^1]: حاشية\n", "ar"),
    # warnings, with their lines: a note defined twice, one never used
    ("Text[^1].\n\n[^1]: a\n[^1]: b\n\n[^2]: unused\n", "en"),
    ("\n\n\nAfter a front matter of three lines[^x].\n\n[^x]: note\n", "fr"),
]


def single(text: str, reader: str) -> tuple[list[Any], list[str]]:
    blocks, warnings = pandoc.parse_markdown(text, reader)
    return blocks, sorted(warnings)


@pytest.fixture(autouse=True)
def no_disk_cache() -> Any:
    pandoc.use_cache(None)
    pandoc._parsed.clear()
    yield
    pandoc._parsed.clear()


def test_texts_parsed_together_read_as_each_alone() -> None:
    items = [(text, reader_for(lang)) for text, lang in TEXTS]
    pandoc.parse_all(items)
    together = {}
    for text, reader in items:
        blocks, warnings = pandoc._parsed.pop(pandoc._key(text, reader))
        together[(text, reader)] = (blocks, sorted(warnings))
    for text, reader in items:
        assert together[(text, reader)] == single(text, reader), text


def test_warnings_keep_their_lines() -> None:
    text, lang = TEXTS[4]
    pandoc.parse_all([(text, reader_for(lang))])
    _, warnings = pandoc.parse_markdown(text, reader_for(lang))
    assert sorted(warnings) == [
        "[WARNING] Duplicate note reference '1' at line 4 column 1",
        "[WARNING] Note with key '2' defined at line 6 column 1 but not used.",
    ]


def test_the_example_loads_with_one_pandoc_run_per_core(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = pandoc.run_with_warnings, pandoc.run

    def counted_with_warnings(args: list[str], stdin: str) -> tuple[str, list[str]]:
        calls.append(args)
        return real[0](args, stdin)

    def counted(args: list[str], stdin: str, cwd: Path | None = None) -> str:
        calls.append(args)
        return real[1](args, stdin, cwd)

    monkeypatch.setattr(pandoc, "run_with_warnings", counted_with_warnings)
    monkeypatch.setattr(pandoc, "run", counted)
    pandoc.api_version()  # its own pandoc run, cached
    calls.clear()
    dossier = load(EXAMPLE)
    files = len(list(EXAMPLE.rglob("*.md")))
    assert files > 20 and dossier.sections
    # Before: one run per file. Now: the batches, one per reader pass and core.
    assert 1 <= len(calls) <= 2 * (pandoc.os.cpu_count() or 1), calls
    assert not pandoc._parsed  # every text parsed ahead was taken


def test_the_example_reads_the_same_without_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    def texts(d: Any) -> dict[str, Any]:
        out = {f"{k}": (s.blocks, s.path) for k, s in d.sections.items()}
        for r in d.evidence.records:
            out |= {f"{r.id}.{lang}": n.blocks for lang, n in r.narratives.items()}
        return out

    batched = load(EXAMPLE)
    monkeypatch.setattr(pandoc, "parse_all", lambda items: None)  # each file alone
    alone = load(EXAMPLE)
    assert texts(batched) == texts(alone)
    assert [str(w) for w in batched.warnings] == [str(w) for w in alone.warnings]


def test_the_batch_reader_is_code_every_output_depends_on() -> None:
    """Make rebuilds everything when the Lua reader changes, and the parse
    cache does not give what an older reader parsed."""
    from dossier.pipeline.inputs import code_inputs

    assert pandoc.BATCH_READER.resolve() in {p.resolve() for p in code_inputs()}
    assert hashlib.sha256(pandoc.BATCH_READER.read_bytes()).hexdigest() in pandoc._readers()


# ---- the cache on disk: pruned ----------------------------------------------


def entry(folder: Path, name: str, size: int, age_days: float) -> Path:
    path = folder / "ast" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    when = pandoc.time.time() - age_days * pandoc.DAY
    pandoc.os.utime(path, (when, when))
    return path


def test_entries_not_read_for_a_month_are_deleted(tmp_path: Path) -> None:
    fresh, week, old = (entry(tmp_path, n, 10, d) for n, d in [("a", 0), ("b", 7), ("c", 31)])
    assert pandoc.prune_cache(tmp_path) == 1
    assert fresh.exists() and week.exists() and not old.exists()


def test_over_the_size_cap_the_least_recently_read_go_first(tmp_path: Path) -> None:
    paths = [entry(tmp_path, f"e{age}", 100, age) for age in range(6)]  # e0 the newest
    assert pandoc.prune_cache(tmp_path, max_bytes=350) == 3
    assert [p.exists() for p in paths] == [True, True, True, False, False, False]


def test_reading_an_entry_keeps_it(tmp_path: Path) -> None:
    """A file the dossier still holds keeps its parse, however old: each
    read refreshes the entry's time."""
    pandoc.use_cache(tmp_path)
    text, reader = "Kept *text*.\n", pandoc.READER
    blocks, _ = pandoc.parse_markdown(text, reader)
    cached = pandoc._cached(pandoc._key(text, reader))
    assert cached is not None and cached.is_file()
    stale = pandoc.time.time() - 40 * pandoc.DAY
    pandoc.os.utime(cached, (stale, stale))
    assert pandoc.parse_markdown(text, reader)[0] == blocks  # from the cache
    assert pandoc.prune_cache(tmp_path) == 0 and cached.is_file()
    pandoc.os.utime(cached, (stale, stale))
    pandoc.parse_all([(text, reader)])  # found cached: refreshed too
    assert pandoc.prune_cache(tmp_path) == 0 and cached.is_file()


def test_the_first_build_of_the_day_prunes(tmp_path: Path) -> None:
    old = entry(tmp_path, "old", 10, 45)
    pandoc.use_cache(tmp_path)
    assert not old.exists()  # no mark yet: pruned
    old = entry(tmp_path, "old", 10, 45)
    pandoc.use_cache(tmp_path)
    assert old.exists()  # pruned less than a day ago
    marker = tmp_path / "ast" / pandoc.PRUNED
    yesterday = pandoc.time.time() - 1.5 * pandoc.DAY
    pandoc.os.utime(marker, (yesterday, yesterday))
    pandoc.use_cache(tmp_path)
    assert not old.exists()


def test_an_entry_pruned_while_read_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pandoc.use_cache(tmp_path)
    text = "Parsed *again*.\n"
    blocks, _ = pandoc.parse_markdown(text)
    cached = pandoc._cached(pandoc._key(text, pandoc.READER))
    assert cached is not None
    monkeypatch.setattr(pandoc, "_hit", lambda path: True)  # found, then gone
    cached.unlink()
    assert pandoc.parse_markdown(text)[0] == blocks
    assert cached.is_file()
