"""The scan of one output: every withheld item found in it, once per
place (an identifier, or a sentence repeated), and the build stopped when
an output holds one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from dossier.core import repeats
from dossier.core.diagnostics import Diagnostic, DossierError
from dossier.core.repeats import words
from dossier.seal.leaks.extract import parts
from dossier.seal.leaks.part import OutputPart
from dossier.seal.leaks.prints import Fingerprints, item_hash
from dossier.select.edition import Withheld


def _runs(tokens: Sequence[str], n: int) -> Iterator[str]:
    """Every run of ``n`` tokens, joined."""
    return map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False))


def _joined_ngrams(tokens: Sequence[str], lengths: Iterable[int]) -> Iterator[str]:
    return chain.from_iterable(_runs(tokens, n) for n in lengths)


@dataclass(frozen=True)
class Hit:
    output: Path
    kind: str  # the withheld item's kind: section, block, record, exhibit
    ident: str  # its identifier hash (describe() gives the clear id)
    where: str  # where in the output: 'word/document.xml', 'PDF metadata /Title', ...
    evidence: str  # 'identifier' or 'sentence: 17 of 17 words'


def scan(output: Path, prints: Fingerprints, *, name: Path | None = None) -> list[Hit]:
    """Every withheld item found in ``output`` (reported as ``name``: the
    final path when ``output`` is a temporary file), once per place."""
    if not prints.items:  # the edition withholds nothing
        return []
    shown = name or output
    hits: dict[tuple[str, str], Hit] = {}
    for part in parts(output.read_bytes()):
        for hit in _match(shown, part, prints):
            hits.setdefault((hit.ident, hit.where), hit)
    return list(hits.values())


def scan_outputs(outputs: Iterable[Path], prints: Fingerprints) -> list[Hit]:
    return [hit for output in outputs for hit in scan(output, prints)]


def _match(output: Path, part: OutputPart, prints: Fingerprints) -> Iterator[Hit]:
    tokens = words(part.text)
    if not tokens:
        return
    names = prints._names(_joined_ngrams(tokens, prints.lengths))
    for item in prints.items:
        if item.names & names:
            yield Hit(output, item.kind, item.ident, part.where, "identifier")
    named = {item.ident for item in prints.items if item.names & names}
    for n, found in _repeated(tokens, prints).items():
        item = prints.items[n]
        if item.ident not in named:
            sentence = item.sentences[found.index]
            evidence = f"sentence: {found.covered} of {sentence.size} words"
            yield Hit(output, item.kind, item.ident, part.where, evidence)


def _repeated(tokens: Sequence[str], prints: Fingerprints) -> dict[int, repeats.Found]:
    """Per item (its index), its most repeated sentence in ``tokens``, with
    the index of the sentence within the item."""
    finder, owner = prints._sentences
    if not finder.sentences:
        return {}
    starts, joined = repeats.joined(tokens)
    found = prints._shingles.lookup(joined)
    if not found:
        return {}
    hashed = [(starts[i], found[text]) for i, text in enumerate(joined) if text in found]
    best: dict[int, repeats.Found] = {}
    for hit in finder.find(hashed):
        n, k = owner[hit.index]
        if n not in best or hit.covered > best[n].covered:
            best[n] = repeats.Found(k, hit.covered, hit.at)
    return best


def describe(hit: Hit, withheld: Iterable[Withheld]) -> str:
    """'record ALD-2026-006 (restricted) found in x.en.docx: word/document.xml (identifier)'"""
    known = {item_hash(w): w for w in withheld}
    item = known.get(hit.ident)
    what = f"{item.kind} {item.ident} ({item.level})" if item else f"{hit.kind} #{hit.ident}"
    return f"{what} found in {hit.output}: {hit.where} ({hit.evidence})"


def enforce(
    path: Path, prints: Fingerprints, withheld: list[Withheld], *, output: Path | None = None
) -> None:
    """Scan ``path`` (a temporary file standing for ``output``); on a hit,
    delete both and stop the build naming every item found and where."""
    shown = output or path
    hits = scan(path, prints, name=shown)
    if not hits:
        return
    path.unlink(missing_ok=True)
    shown.unlink(missing_ok=True)
    sources = {item_hash(w): w.source for w in withheld}
    hint = "the output was deleted: this edition must not show it"
    raise DossierError(
        Diagnostic(sources.get(h.ident), None, describe(h, withheld), hint) for h in hits
    )
