"""What an edition withholds, hashed: per withheld item the hashes of its
identifiers and the fingerprints of its sentences (:mod:`dossier.core.repeats`),
and the lookup that finds them among the texts of an output. The
fingerprints hold hashes only and reveal nothing of the text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from dossier.core import repeats
from dossier.core.repeats import Sentence, words
from dossier.load.images import KINDS, cleaned_sha256
from dossier.select.edition import Withheld

# Div ids that select/edition invents (``05-assessment#1``) name nothing a reader sees.
_AUTO_ID = re.compile(r".+#\d+")


def _digest(tag: str, tokens: Sequence[str]) -> str:
    return repeats.digest(tag, " ".join(tokens))


@dataclass(frozen=True)
class Item:
    """One withheld item, hashed."""

    kind: str  # section, block, record, exhibit
    ident: str  # hash of its kind and clear identifier (see describe())
    level: str
    names: frozenset[str]  # hashes of the identifiers searched for
    sentences: tuple[Sentence, ...]  # its text's sentences (repeats.fingerprint)


# Texts an output's scan remembers having hashed, per tag.
_REMEMBERED = 1 << 18


@dataclass
class _Hashed:
    """The texts of outputs already hashed with ``tag`` for one set of
    fingerprints: the outputs of a language share most of their text, and
    few of their texts' hashes are looked for. Emptied when full."""

    tag: str
    wanted: frozenset[str]  # the hashes looked for
    found: dict[str, str] = field(default_factory=dict)  # text: its hash, looked for
    other: set[str] = field(default_factory=set)  # texts whose hash is not

    def lookup(self, texts: Iterable[str]) -> dict[str, str]:
        """The texts among ``texts`` whose hash is looked for, with it."""
        distinct = set(texts)
        new = list(distinct.difference(self.other).difference(self.found))
        prefix, sha256 = repeats.SALT + self.tag.encode() + b"\x00", hashlib.sha256
        hashes = [sha256(prefix + text.encode()).hexdigest()[:16] for text in new]
        if len(self.other) + len(new) > _REMEMBERED:
            self.other.clear()
        if self.wanted.isdisjoint(hashes):  # the usual case
            self.other.update(new)
        else:
            for text, digest in zip(new, hashes, strict=True):
                if digest in self.wanted:
                    self.found[text] = digest
                else:
                    self.other.add(text)
        return {text: self.found[text] for text in distinct.intersection(self.found)}

    def __call__(self, texts: Iterable[str]) -> set[str]:
        """The hashes looked for among those of ``texts``."""
        return set(self.lookup(texts).values())


@dataclass(frozen=True)
class Fingerprints:
    """What to look for, hashed: per withheld item its identifiers and the
    shingles of its sentences."""

    items: tuple[Item, ...]
    lengths: frozenset[int] = frozenset()  # word counts of the identifiers

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without what its scans remember (see _Hashed)."""
        return {"items": self.items, "lengths": self.lengths}

    @cached_property
    def _names(self) -> _Hashed:
        return _Hashed("name", frozenset().union(*(i.names for i in self.items)))

    @cached_property
    def _sentences(self) -> tuple[repeats.Finder, list[tuple[int, int]]]:
        """One finder for every item's sentences, and of each sentence: the
        index of its item, and its index in the item."""
        owner = [(n, k) for n, item in enumerate(self.items) for k in range(len(item.sentences))]
        return repeats.Finder([s for item in self.items for s in item.sentences]), owner

    @cached_property
    def _shingles(self) -> _Hashed:
        return _Hashed(repeats.TAG, self._sentences[0].wanted)

    def to_json(self) -> list[dict[str, Any]]:
        """For manifest.json: hashes only."""
        return [
            {
                "kind": i.kind,
                "ident": i.ident,
                "level": i.level,
                "names": sorted(i.names),
                "sentences": [
                    [s.size, s.least, [list(x) for x in s.shingles]] for s in i.sentences
                ],
            }
            for i in self.items
        ]


def item_hash(item: Withheld) -> str:
    return _digest("item", [item.kind, item.ident])


def identifiers(item: Withheld) -> list[str]:
    """What names the item in an output. Section names (``overview``) and
    invented Div ids are too generic to search for: their text is."""
    if item.kind == "section" or (item.kind == "block" and _AUTO_ID.fullmatch(item.ident)):
        return []
    if item.kind == "exhibit":
        return [PurePosixPath(item.ident).name, item.text, *item.copies]
    return [item.ident]


def fingerprints(withheld: list[Withheld], root: Path | None = None) -> Fingerprints:
    """Fingerprints of what an edition withholds: every sentence of their
    text that is checked (see :mod:`dossier.core.repeats`), whether or not the
    edition also shows it. With the dossier's ``root``, a withheld exhibit
    that is a picture is also known by the SHA-256 of its re-encoded copy
    (the bytes a DOCX or an HTML file embeds, not the original's)."""
    if root is not None:
        withheld = [_with_copy(w, root) for w in withheld]
    items = tuple(_item(w) for w in withheld)
    names = [words(n) for w in withheld for n in identifiers(w)]
    return Fingerprints(items, frozenset(len(n) for n in names if n))


def _with_copy(item: Withheld, root: Path) -> Withheld:
    """An exhibit whose re-encoded copy's hash is among its identifiers."""
    if item.kind != "exhibit" or PurePosixPath(item.ident).suffix.lower() not in KINDS:
        return item
    copy = cleaned_sha256(root / item.ident)
    return item if copy is None else dataclasses.replace(item, copies=(copy,))


def _item(item: Withheld) -> Item:
    names = frozenset(_digest("name", t) for t in map(words, identifiers(item)) if t)
    text = "" if item.kind == "exhibit" else item.text
    found = tuple(repeats.fingerprint(s) for s in repeats.sentences(text))
    return Item(item.kind, item_hash(item), item.level, names, found)
