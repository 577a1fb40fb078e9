"""Citations of ``sources.yaml``: ``[@key]`` in sections and narratives,
checked against the sources (an unknown key is an error with its file and
line) and rendered by pandoc's citeproc as footnotes in the UN style shipped
with the templates (``templates/csl/un-note.csl``).

Citations are rendered once per language on the whole assembled document,
letter and annex in one pandoc call, so that "Ibid." and the short form of a
later citation follow the order of the footnotes as the reader meets them.

Only the top-level blocks that hold a citation go to pandoc: citeproc
changes nothing else (it rewrites Cite elements, the inlines and notes
around them, and Spans of its own classes), and it reads a citation's
position from the citation itself (its note number, set when the Markdown
was parsed) and from the order of the citations. The incident tables and
fact lists of a long annex stay out of the call.
"""

from __future__ import annotations

import difflib
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dossier.core import pandoc, tree
from dossier.core.diagnostics import Diagnostic
from dossier.core.localise import RTL
from dossier.core.templates import templates_root
from dossier.core.typography import (
    NOTE_AFTER_PUNCTUATION,
    generated_text,
    latin_runs,
    place_note_marks,
)

STYLE = "un-note.csl"
# The CSL locale of each language version. The UN writes British English.
# Citeproc has no Urdu locale: the Urdu version's footnotes take the English
# terms and dates ("available at", "accessed", "10 August 2026").
LOCALES = {
    "en": "en-GB",
    "fr": "fr-FR",
    "es": "es-ES",
    "ru": "ru-RU",
    "zh": "zh-CN",
    "ar": "ar",
    "ur": "ur",  # no such locale in citeproc: the style's own (un-note.csl)
}
# Characters pandoc allows inside a citation key (after its first one).
_KEY_CHARS = r"[\w:.#$%&+?<>~/-]"


# The keys of a CSL item (CSL 1.0.2, appendix IV, and the CSL-JSON schema):
# its id and type, and its variables (standard, date, name). Citeproc reads
# them in any case ("url" is "URL").
_CSL_NAMES = """id type categories citation-key language journalAbbreviation shortTitle custom
    abstract annote archive archive_collection archive_location archive-place authority
    call-number chapter-number citation-label citation-number collection-number
    collection-title container-title container-title-short dimensions division DOI edition
    event event-title event-place first-reference-note-number genre ISBN ISSN issue
    jurisdiction keyword locator medium note number number-of-pages number-of-volumes
    original-publisher original-publisher-place original-title page page-first part
    part-title PMCID PMID printing publisher publisher-place references reviewed-genre
    reviewed-title scale section source status supplement title title-short URL version
    volume volume-title volume-title-short year-suffix
    accessed available-date event-date issued original-date submitted
    author chair collection-editor compiler composer container-author contributor curator
    director editor editorial-director editor-translator executive-producer guest host
    illustrator interviewer narrator organizer original-author performer producer
    recipient reviewed-author script-writer series-creator translator"""
CSL_KEYS = {name.lower(): name for name in _CSL_NAMES.split()}
CSL_HINT = (
    "use a variable of CSL (https://docs.citationstyles.org/en/stable/"
    "specification.html#appendix-iv-variables)"
)


def check_source_keys(
    item: dict[str, Any], path: Path, line_of: Callable[[Any], int | None]
) -> list[Diagnostic]:
    """An error for each key of a source (an item of sources.yaml) that is
    no CSL variable: citeproc would leave a misspelt ``publsher`` out of the
    footnote without a word. ``line_of(key)`` gives the line of a key."""
    out: list[Diagnostic] = []
    for key in item:
        name = str(key)
        if name.lower() in CSL_KEYS:
            continue
        close = difflib.get_close_matches(name.lower(), CSL_KEYS, n=1, cutoff=0.6)
        hint = f"did you mean '{CSL_KEYS[close[0]]}'?" if close else CSL_HINT
        message = f"'{name}' is not a CSL variable (source '{item.get('id')}')"
        out.append(Diagnostic(path, line_of(key), message, hint))
    return out


def style_path() -> Path:
    return templates_root() / "csl" / STYLE


def locale_of(lang: str) -> str:
    """
    >>> locale_of("en"), locale_of("ur"), locale_of("fr")
    ('en-GB', 'ur', 'fr-FR')
    """
    return LOCALES.get(lang, "en-GB")


def cited_keys(blocks: list[Any]) -> list[str]:
    """Every key cited in ``blocks``, in order, with repeats.

    >>> cite = {"t": "Cite", "c": [[{"citationId": "a"}, {"citationId": "b"}], []]}
    >>> cited_keys([{"t": "Para", "c": [cite]}])
    ['a', 'b']
    """
    return [c["citationId"] for n in tree.find(blocks, {"Cite"}) for c in tree.citations_of(n)]


def check_citations(
    blocks: list[Any], path: Path, raw_text: str, sources: dict[str, Any]
) -> list[Diagnostic]:
    """An error for every citation of a key that ``sources`` does not
    define, at each line of ``raw_text`` (the whole file) that cites it."""
    out: list[Diagnostic] = []
    for key in dict.fromkeys(cited_keys(blocks)):
        if key in sources:
            continue
        lines: list[int | None] = [*key_lines(raw_text, key)] or [None]
        for line in lines:
            out.append(
                Diagnostic(
                    path,
                    line,
                    f"source '{key}' is not defined in sources.yaml",
                    "add it to sources.yaml or fix the key",
                )
            )
    return out


def key_lines(raw_text: str, key: str) -> list[int]:
    """The lines of ``raw_text`` that cite ``key`` as ``@key`` or ``@{key}``.

    >>> key_lines("see [@a-1]\\nand [@a-12; @{a-1}].\\nmail x@a-1.org", "a-1")
    [1, 2]
    """
    escaped = re.escape(key)
    pattern = rf"(?<!\w)@(?:\{{{escaped}\}}|{escaped}(?!{_KEY_CHARS}*\w))"
    lines = [raw_text.count("\n", 0, m.start()) + 1 for m in re.finditer(pattern, raw_text)]
    return list(dict.fromkeys(lines))


def cite(blocks: list[Any], lang: str, sources_path: Path, csl: Path | None = None) -> list[Any]:
    """``blocks`` with every citation turned into a footnote (no list of
    sources appended). Blocks without citations come back unchanged.

    The top-level blocks that cite nothing are not copied: they come back
    themselves, their note marks placed in place, as the others are.
    """
    if not tree.has(blocks, {"Cite"}):
        return blocks
    sent = _for_citeproc(blocks)
    done = iter(_citeproc([blocks[i] for i in sent], lang, sources_path, csl))
    chosen = set(sent)
    result = [next(done) if i in chosen else block for i, block in enumerate(blocks)]
    return place_note_marks(result, lang)


# Classes of the Spans citeproc rewrites, and the one that restarts positions.
_CITEPROC_CLASSES = frozenset({"csl-note", "csl-quoted"})
_RESET = "reset-citation-positions"


def _for_citeproc(blocks: list[Any]) -> list[int]:
    """The indexes of the top-level blocks citeproc may change: those with a
    Cite or a Span of its classes; all of them when a heading or a Div
    restarts the positions of citations (Ibid. would count from there)."""
    chosen: list[int] = []
    for i, block in enumerate(blocks):
        needed = False
        for node in tree.find(block, {"Cite", "Span", "Header", "Div"}):
            kind = node["t"]
            if kind == "Cite":
                needed = True
                continue
            classes = tree.header_classes(node) if kind == "Header" else tree.classes_of(node)
            if _RESET in classes:
                return list(range(len(blocks)))
            if kind == "Span" and _CITEPROC_CLASSES.intersection(classes):
                needed = True
        if needed:
            chosen.append(i)
    return chosen


def _citeproc(blocks: list[Any], lang: str, sources_path: Path, csl: Path | None) -> list[Any]:
    """pandoc --citeproc on ``blocks``; each Cite replaced by its rendering."""
    with tempfile.TemporaryDirectory(prefix="dossier-csl-") as tmp:
        style = _style_for(lang, Path(csl or style_path()).resolve(), Path(tmp))
        args = [
            "-f",
            "json",
            "-t",
            "json",
            "--citeproc",
            "--bibliography",
            str(Path(sources_path).resolve()),
            "--csl",
            str(style),
            "-M",
            f"lang={locale_of(lang)}",
            "-M",
            "suppress-bibliography=true",
            "-M",
            f"notes-after-punctuation={str(lang in NOTE_AFTER_PUNCTUATION).lower()}",
        ]
        out: list[Any] = json.loads(pandoc.run(args, pandoc.document(blocks)))["blocks"]
    if len(out) != len(blocks):
        raise pandoc.PandocFailed(args, f"{len(blocks)} blocks in, {len(out)} out")
    stop, rtl = FULL_STOPS.get(lang), lang in RTL
    cites = tree.find(out, {"Cite"})
    for note in (n for c in cites for n in tree.find(tree.children(c), {"Note"})):
        generated_text(tree.children(note), lang)  # French spaces, Arabic semicolons
        if stop is not None:
            _end_with(note, stop)
        if rtl:  # Latin runs between left-to-right marks, in Latin fonts
            for para in tree.find(tree.children(note), {"Para", "Plain"}):
                tree.set_children(para, latin_runs(tree.children(para)))
    # Fresh from pandoc: unwrapped in place.
    result: list[Any] = tree.replace_nodes(out, _unwrap)
    return result


# The separators of a note's elements in Arabic script: the Arabic comma
# and semicolon, then a right-to-left mark, which keeps each Latin element
# (a title, a publisher) a run of its own, in its place from right to left;
# without it (the comma is as neutral as the Latin one) two Latin elements
# and the comma between them make one left-to-right run.
RTL_DELIMITERS = {
    'delimiter=", "': 'delimiter="\u060c\u200f "',
    'delimiter="; "': 'delimiter="\u061b\u200f "',
}
# Chinese: the brackets around the date of access full-width, as the Chinese
# text inside them ("（2026年11月2日访问）").
SCRIPT_PUNCTUATION = {
    "ar": RTL_DELIMITERS,
    "ur": RTL_DELIMITERS,
    "zh": {'prefix="(" suffix=")"': 'prefix="\uff08" suffix="\uff09"'},
}


def _style_for(lang: str, csl: Path, folder: Path) -> Path:
    """The citation style for ``lang``: ``csl`` itself, or a copy in
    ``folder`` with the punctuation of the language's script."""
    changes = SCRIPT_PUNCTUATION.get(lang)
    if not changes:
        return csl
    text = csl.read_text(encoding="utf-8")
    for latin, own in changes.items():
        text = text.replace(latin, own)
    copy = folder / csl.name
    copy.write_text(text, encoding="utf-8")
    return copy


# The full stop of a language whose own is not the style's ".": a citation
# note in Urdu ends with "۔", in Chinese with "。", as the sentences around
# it do.
FULL_STOPS = {"ur": "\u06d4", "zh": "\u3002"}


def _end_with(note: tree.Node, stop: str) -> None:
    """The final "." of the citation ``note`` (its last Str) as ``stop``.

    >>> year = {"t": "Str", "c": "2026)."}
    >>> _end_with({"t": "Note", "c": [{"t": "Para", "c": [year]}]}, "\u06d4"); year["c"]
    '2026)۔'
    """
    strs = [n for n in tree.walk(tree.children(note)) if n.get("t") == "Str"]
    if strs and strs[-1]["c"].endswith("."):
        strs[-1]["c"] = strs[-1]["c"][:-1] + stop


def cite_document(
    body: list[Any], annex: list[Any], lang: str, sources_path: Path, csl: Path | None = None
) -> tuple[list[Any], list[Any]]:
    """The letter's body and the annex cited in one pandoc call: footnotes
    numbered, and "Ibid." decided, through both."""
    result = cite([*body, *annex], lang, sources_path, csl)  # as many blocks as given
    return result[: len(body)], result[len(body) :]


def unwrap_cites(blocks: list[Any]) -> list[Any]:
    """Replace each Cite by the inlines citeproc rendered in it (its Note):
    every writer then lays out a plain footnote, and none emits a native
    citation of its own (the Typst writer would).

    >>> note = {"t": "Note", "c": []}
    >>> unwrap_cites([{"t": "Para", "c": [{"t": "Cite", "c": [[], [note]]}]}])
    [{'t': 'Para', 'c': [{'t': 'Note', 'c': []}]}]
    """

    result: list[Any] = tree.map_nodes(blocks, _unwrap)
    return result


def _unwrap(node: tree.Node) -> list[tree.Node] | None:
    return list(tree.children(node)) if node["t"] == "Cite" else None
