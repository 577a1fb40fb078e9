"""The check of the sources: no text an edition shows repeats a sentence it
withholds. Run by :func:`dossier.pipeline.loading.load`, so that ``dossier check`` and
every build refuse such a dossier before anything is written, naming the
public file and line and the withheld passage it repeats.

The rule is that of :mod:`dossier.core.repeats`, which the scan of the finished
outputs (:mod:`dossier.seal.leaks`) follows too: a withheld sentence of 8 words
or more is repeated when half of it, and 6 words at least, recur as 3-word
runs in one stretch of public text. Nothing is exempt: a sentence that is
both in a withheld passage and in public text is an error, wherever it came
from first. Text both editions need is written once, outside the restricted
passage; what is shorter than a repeat (a heading, a date, a place name)
never counts.

The public text compared is, per file: the blocks of each section shown
(footnotes, table cells, captions, headings, alt text, code, raw blocks,
attribute values, link targets and titles included), the narratives and
fields of each record shown, and the strings of ``dossier.yaml`` and
``sources.yaml``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.core import repeats, tree
from dossier.core.diagnostics import Diagnostic
from dossier.core.paths import DOSSIER_FILE
from dossier.load.loaded import Dossier
from dossier.select.edition import Withheld, select

_SPACES = {"Space", "SoftBreak", "LineBreak"}
_LITERAL = {"Code", "Math", "RawInline", "CodeBlock", "RawBlock"}
# A fenced div that carries a level: its lines are withheld text.
_FENCE = re.compile(r"^\s*:{3,}\s*(\S.*)?$")
_LEVEL_WORD = re.compile(r"restricted|confidential|secret", re.IGNORECASE)


@dataclass(frozen=True)
class PublicText:
    """The public text of one file."""

    path: Path
    text: str


@dataclass(frozen=True)
class _Repeat:
    """A sentence of ``item`` (from ``withheld_line`` of its file) repeated
    at ``line`` of public ``source``."""

    source: Path
    line: int | None
    item: Withheld
    withheld_line: int | None


def check_sources(dossier: Dossier) -> list[Diagnostic]:
    """An error for every place where an edition's public text repeats a
    sentence that the edition withholds (one per place and passage, naming
    every edition concerned)."""
    editions: dict[_Repeat, list[str]] = defaultdict(list)
    for edition in dossier.manifest.editions:
        selected, withheld = select(dossier, edition)
        if any(w.kind != "exhibit" and w.text.strip() for w in withheld):
            for found in repeated(public_text(selected), withheld):
                editions[found].append(edition.name)
    return [_diagnostic(found, names) for found, names in editions.items()]


def repeated(sources: Sequence[PublicText], withheld: Sequence[Withheld]) -> Iterator[_Repeat]:
    """Every withheld sentence repeated in ``sources``, once per place."""
    owner: list[tuple[Withheld, list[str]]] = []
    for item in withheld:
        if item.kind != "exhibit":
            owner += [(item, s) for s in repeats.sentences(item.text)]
    if not owner:
        return
    finder = repeats.Finder([repeats.fingerprint(s, hashed=False) for _, s in owner])
    seen: set[_Repeat] = set()
    line_of = _Lines()
    for source in sources:
        tokens = repeats.words(source.text)
        starts, keys = repeats.joined(tokens)
        keyed = zip(starts, keys, strict=True)
        for found in finder.find((a, key) for a, key in keyed if key in finder.index):
            item, sentence = owner[found.index]
            stretch = tokens[found.at : found.at + repeats.stretch(len(sentence))]
            line = line_of(source.path, stretch, marked=False)
            # a block's text is in a marked div; a section's or record's, anywhere
            marked = True if item.kind == "block" else None
            place = _Repeat(source.path, line, item, line_of(item.source, stretch, marked=marked))
            if place not in seen:
                seen.add(place)
                yield place


def _diagnostic(found: _Repeat, editions: list[str]) -> Diagnostic:
    item, line = found.item, found.withheld_line
    where = f"{item.source}:{line}" if line else str(item.source)
    names = " and ".join(f"'{e}'" for e in editions)
    plural = "editions withhold" if len(editions) > 1 else "edition withholds"
    message = (
        f"this text repeats a sentence of the {item.level} {item.kind} {item.ident} "
        f"({where}), which the {names} {plural}"
    )
    hint = (
        "take it out or write it anew; a sentence both editions need goes "
        "outside the restricted passage, once"
    )
    return Diagnostic(found.source, found.line, message, hint)


# ---- the public text ---------------------------------------------------------


def public_text(selected: Dossier) -> list[PublicText]:
    """The text of every file that an edition (``selected``) shows."""

    manifest = _strings(selected.manifest.model_dump(mode="json"))
    found = [PublicText(selected.root / DOSSIER_FILE, manifest)]
    for section in selected.sections.values():
        meta = _strings(section.front_matter)
        found.append(PublicText(section.path, f"{meta}\n{block_text(section.blocks)}"))
    evidence = selected.evidence
    if evidence is not None and evidence.sources_path is not None:
        found.append(PublicText(evidence.sources_path, _strings(list(evidence.sources.values()))))
    for record in evidence.records if evidence else ():
        found.append(PublicText(record.path, _strings(record.incident.model_dump(mode="json"))))
        for narrative in record.narratives.values():
            fields = _strings(narrative.fields)
            found.append(PublicText(narrative.path, f"{fields}\n{block_text(narrative.blocks)}"))
    return found


def block_text(blocks: list[Any]) -> str:
    """The text of ``blocks``: each block (paragraph, heading, table cell,
    code) on a line of its own, inline code, raw text, attribute values and
    link targets and titles included; a footnote's text after the rest, not
    inside the sentence that calls it."""
    out: list[str] = []
    notes: list[Any] = [blocks]
    while notes:
        stack = [notes.pop(0)]
        while stack:
            value = stack.pop()
            if isinstance(value, list):
                stack.extend(reversed(value))
            elif isinstance(value, str):  # attributes, link targets and titles
                out.append(f"\n{value}\n")
            elif isinstance(value, dict):
                kind = value.get("t")
                if kind == "Str":
                    out.append(value["c"])
                elif kind in _SPACES:
                    out.append(" ")
                elif kind in _LITERAL:  # [attr or format, text]
                    out.append(f"\n{tree.text_of(value)}\n")
                elif kind == "Note":
                    notes.append(value["c"])
                elif "c" in value:
                    out.append("\n")
                    stack.append(value["c"])
    return "".join(out)


def _strings(value: Any) -> str:
    """Every string in ``value`` (YAML data), a line each."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        value = list(value.values())
    return "\n".join(_strings(v) for v in value) if isinstance(value, list) else ""


# ---- where in the file -------------------------------------------------------


class _Lines:
    """Finds lines in files, each file read once (per check)."""

    def __init__(self) -> None:
        self.files: dict[Path, tuple[_Raw, dict[str, list[int]], frozenset[int]]] = {}

    def __call__(self, path: Path, tokens: Sequence[str], *, marked: bool | None) -> int | None:
        if path not in self.files:
            raw = _raw_tokens(path)
            self.files[path] = (raw, *_raw_index(path, raw))
        return _line(*self.files[path], tokens, marked)


def _line(
    raw: _Raw,
    index: dict[str, list[int]],
    inside: frozenset[int],
    tokens: Sequence[str],
    marked: bool | None,
) -> int | None:
    """The line where the longest run of ``tokens`` found in a file begins;
    where ``marked`` is not None, first of the lines inside fenced divs
    marked with a level (``marked``) or of the others (not ``marked``)."""
    best: tuple[bool, int, int] | None = None  # preferred, run, line
    for a, b in repeats.spans(tokens):
        for at in index.get(" ".join(tokens[a:b]), []):
            run = _common(tokens[a:], raw.words[at:])
            line = raw.lines[at]
            candidate = (marked is None or (line in inside) == marked, run, -line)
            best = max(best, candidate) if best else candidate
    return -best[2] if best else None


def _common(one: Sequence[str], other: Sequence[str]) -> int:
    """How many tokens ``one`` and ``other`` begin with in common."""
    n = 0
    for x, y in zip(one, other, strict=False):
        if x != y:
            break
        n += 1
    return n


@dataclass(frozen=True)
class _Raw:
    """The tokens of a file's raw text, and the line of each."""

    words: list[str]
    lines: list[int]


def _raw_tokens(path: Path) -> _Raw:
    try:
        raw = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        raw = []
    tokens = [(word, n) for n, text in enumerate(raw, 1) for word in repeats.words(text)]
    return _Raw([w for w, _ in tokens], [n for _, n in tokens])


def _raw_index(path: Path, raw: _Raw) -> tuple[dict[str, list[int]], frozenset[int]]:
    """Where each 3-word run of a file's raw text begins (token indexes), and
    the lines inside fenced divs marked with a level."""
    index: dict[str, list[int]] = defaultdict(list)
    for a, b in repeats.spans(raw.words):
        index[" ".join(raw.words[a:b])].append(a)
    try:
        text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        text = []
    return dict(index), frozenset(_marked_lines(text))


def _marked_lines(raw: list[str]) -> Iterator[int]:
    """The lines inside fenced divs (``:::``) whose attributes name a level."""
    stack: list[bool] = []
    for n, text in enumerate(raw, 1):
        fence = _FENCE.match(text)
        if fence and fence.group(1):
            stack.append(bool(_LEVEL_WORD.search(fence.group(1))) or any(stack))
        elif fence and stack:
            stack.pop()
        elif any(stack):
            yield n
