"""Assemble one language of a dossier into a :class:`Document`: the letter
body and the annex as pandoc blocks, and every boilerplate string of the UN
layout already localised.

Pure: data in, data out. Renderers only lay out what is here.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.assemble.annex import generated_blocks
from dossier.assemble.boilerplate import boilerplate, open_body, page_marking, signers
from dossier.assemble.crossrefs import PARAGRAPH, SECTION, Targets, record, resolve
from dossier.assemble.numbering import heading_label, paragraph_label
from dossier.core import tree
from dossier.core.localise import Locale, locale
from dossier.core.model import GENERATED_PREFIX, Edition, Manifest, is_generated
from dossier.core.typography import place_note_marks, typeset
from dossier.load.evidence import SOURCES
from dossier.load.images import clean_images
from dossier.load.loaded import Dossier
from dossier.load.sources import cite_document

HEADING_LEVELS = 4


@dataclass(frozen=True)
class Document:
    """One language version, ready to lay out in any format."""

    name: str
    lang: str
    direction: str
    paper: str
    symbol: str
    job_number: str
    strings: dict[str, str]
    body: list[Any]
    annex: list[Any]
    meta: dict[str, str] = field(default_factory=dict)
    # The document kind: the folder of templates/ the renderers use.
    kind: str = "sc-letter"
    # Blocks before everything else: the emblem of a mission's letterhead.
    head: list[Any] = field(default_factory=list)
    # The signature blocks of a joint letter ({"name", "function"} each);
    # none for one signatory (the strings signer_name, signer_title).
    signers: list[dict[str, str]] = field(default_factory=list)

    @property
    def job_line(self) -> str:
        """The first-page footer form: '26-21345 (E)'; none before the
        Secretariat gives the job number."""
        return f"{self.job_number} {self.strings['job_suffix']}" if self.job_number else ""


def job_number(m: Manifest) -> str:
    """The manifest's job number, or one derived from the symbol.

    >>> from datetime import date
    >>> m = Manifest.model_construct(job_number=None, symbol="S/2026/1", date=date(2026, 1, 2))
    >>> job_number(m)
    '26-33328'
    """
    if m.job_number:
        return m.job_number
    if m.symbol is None:
        return ""  # the Secretariat gives both when it issues the document
    digest = int(hashlib.sha256(m.symbol.encode()).hexdigest(), 16)
    return f"{m.date.year % 100:02d}-{digest % 90000 + 10000:05d}"


def default_cache(dossier: Dossier) -> Path:
    """Where charts and cleaned images are kept between builds when the caller
    gives no folder."""
    return Path(tempfile.gettempdir()) / "dossier-cache" / dossier.name


def assemble(
    dossier: Dossier, lang: str, cache: Path | None = None, edition: Edition | None = None
) -> Document:
    m = dossier.manifest
    cache = cache or default_cache(dossier)
    loc = locale(lang, female=m.signer.gender == "female")
    # The boilerplate in the language's typography (apostrophes, French
    # spaces, Arabic semicolons): pandoc's never saw it.
    strings = {key: typeset(value, lang) for key, value in boilerplate(m, loc).items()}
    strings["marking"] = page_marking(m, edition, loc)

    body, annex = (
        _blocks(dossier, names, loc, cache, edition, strings["untranslated"])
        for names in (m.letter, m.annex)
    )
    targets: Targets = {}
    annex = number_annex(annex, lang, targets)
    resolve([body, annex], targets, lang)  # the references print the numbers: "section VIII"
    body = open_body(body, strings["opening"])
    sources = dossier.root / SOURCES
    if sources.is_file():
        body, annex = cite_document(body, annex, lang, sources)
    clean_images(body, cache)  # no output reads an image the dossier supplies, only its copy
    clean_images(annex, cache)
    return Document(
        name=dossier.name,
        lang=lang,
        direction=loc.direction,
        paper=m.paper,
        symbol=m.symbol or "",
        job_number=job_number(m),
        strings=strings,
        body=body,
        annex=annex,
        meta={"title": strings["title_line"], "lang": lang, "date": m.date.isoformat()},
        kind=m.kind,
        signers=signers(m, loc),
    )


def _blocks(
    dossier: Dossier,
    names: list[str],
    loc: Locale,
    cache: Path,
    edition: Edition | None,
    untranslated: str,
) -> list[Any]:
    """The blocks of the sections ``names`` in ``loc``'s language, the
    generated parts as ``edition`` shows them."""
    lang, out = loc.lang, []
    for name in names:
        if is_generated(name):
            part = name.removeprefix(GENERATED_PREFIX)
            out += generated_blocks(dossier, part, loc, cache, edition.name if edition else None)
            continue
        if (name, lang) not in dossier.sections:
            continue  # classified above every edition in this language
        section = dossier.section(name, lang)
        content = tree.copy(section.blocks)
        if section.untranslated:
            content = mark_untranslated(content, untranslated)
        out += content
    return place_note_marks(out, lang)


def number_annex(blocks: list[Any], lang: str = "en", targets: Targets | None = None) -> list[Any]:
    """Number the annex: headings I. / A. / 1. / (a) (in the forms of
    ``lang``), restarting under their parent, and body paragraphs 1, 2, 3 ...
    through the whole annex.

    Numbers are Spans (classes ``heading-num`` and ``para-num``) at the start
    of the block; each renderer lays them out its own way. Divs (an
    untranslated stand-in, a classified block) are numbered through. The
    numbers of the identifiers go into ``targets`` (for the references).
    """
    found: Targets = {} if targets is None else targets
    counters = [0] * (HEADING_LEVELS + 1)
    paragraph = 0

    def visit(items: list[Any]) -> None:
        nonlocal paragraph
        for block in items:
            if block["t"] == "Div":
                if not {"untranslated-marker", "facts"} & set(tree.classes_of(block)):
                    visit(tree.children(block))
            elif block["t"] == "Header" and "unnumbered" not in tree.header_classes(block):
                level = min(tree.level_of(block), HEADING_LEVELS)
                counters[level] += 1
                for deeper in range(level + 1, HEADING_LEVELS + 1):
                    counters[deeper] = 0
                label = heading_label(level, counters[level], lang)
                number = tree.span(("heading-num",), tree.text(label))
                tree.set_children(block, [number, *tree.children(block)])
                record(found, block, SECTION, tuple(counters[1 : level + 1]))
            elif block["t"] == "Para" and not _only_image(block):
                paragraph += 1
                label = paragraph_label(paragraph, lang)
                block["c"] = [tree.span(("para-num",), tree.text(label)), *block["c"]]
                record(found, block, PARAGRAPH, (paragraph,))

    visit(blocks)
    return blocks


def mark_untranslated(blocks: list[Any], marker: str) -> list[Any]:
    """A visible marker at the top of the source text that stands in for a
    missing translation (inside its Div, which keeps the source's ``lang``)."""
    note = tree.div(("untranslated-marker",), [tree.para([tree.strong(tree.text(marker))])])
    for block in blocks:
        if "untranslated" in tree.classes_of(block):
            tree.set_children(block, [note, *tree.children(block)])
            return blocks
    return [note, *blocks]


def _only_image(block: dict[str, Any]) -> bool:
    return all(i["t"] in {"Image", "Space", "SoftBreak"} for i in block["c"])
