"""Names of the evidence matched against a snapshot of the Consolidated
List: each listed record's name, original-script name and aliases.

A match has a strength:

- ``exact``: the same words once case, diacritics and letter forms are
  folded (:func:`dossier.check.names.folded`), in any order;
- ``strong``: the same consonant skeletons (:func:`dossier.check.names.skeleton`),
  in any order, or written as one word ('Abdurrahman', 'Abd al-Rahman');
- ``possible``: every word of the shorter name (two words at least) among
  the other's, or the same words but one a letter apart.

The list is indexed once by skeleton word, so that each name is compared
only with the listed names sharing one of its words.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dossier.check.names import folded, joined, name_words, vowels_agree
from dossier.core.diagnostics import Diagnostic, Severity
from dossier.core.model import Manifest
from dossier.core.sanctions import Listed, ListedName, Snapshot
from dossier.core.yamlsource import YamlDoc
from dossier.load.actors import Actors
from dossier.load.evidence import Evidence
from dossier.load.loaded import Dossier

STRENGTHS = ("exact", "strong", "possible")


@dataclass(frozen=True)
class Match:
    """A name of the evidence found on the list."""

    name: str
    listed: Listed
    listed_name: ListedName
    strength: str

    @property
    def rank(self) -> int:
        return STRENGTHS.index(self.strength)


@dataclass(frozen=True)
class _Key:
    folded: tuple[str, ...]
    skeleton: tuple[str, ...]
    vowelled: tuple[str, ...]  # of each skeleton word: its Latin spelling's vowels, or ''
    joined: str  # the whole name's skeleton as one word

    @functools.cached_property
    def words(self) -> frozenset[str]:
        return frozenset(self.skeleton)


@functools.lru_cache(maxsize=1 << 14)
def key(name: str) -> _Key:
    words = name_words(name)
    return _Key(
        tuple(sorted(folded(name))),
        tuple(k for k, _ in words),
        tuple(v for _, v in words),
        joined(name),
    )


class Index:
    """The names of a snapshot, indexed so that a name meets only those it
    may match: by its skeleton words in any order, by its skeleton written
    as one word, and by each pair of its skeleton words (a shorter name
    has all its words among a longer one's)."""

    def __init__(self, records: Iterable[Listed]) -> None:
        self.entries: list[tuple[Listed, ListedName, _Key]] = []
        self.sizes: list[int] = []
        self.whole: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.joined: dict[str, list[int]] = defaultdict(list)
        self.pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
        for record in records:
            for listed_name in record.names:
                k = key(listed_name.name)
                if not k.skeleton:
                    continue
                n = len(self.entries)
                self.entries.append((record, listed_name, k))
                self.sizes.append(len(k.skeleton))
                self.whole[tuple(sorted(k.skeleton))].append(n)
                self.joined[k.joined].append(n)
                for pair in _pairs(k.skeleton):
                    self.pairs[pair].append(n)

    @classmethod
    def of(cls, snapshot: Snapshot) -> Index:
        return cls(snapshot.records)

    def candidates(self, k: _Key) -> tuple[set[int], set[int]]:
        """The listed names ``k`` may match (see :func:`compare`), and
        among them those one word apart."""
        words = sorted(k.skeleton)
        found = set(self.whole.get(tuple(words), ())) | set(self.joined.get(k.joined, ()))
        for pair in _pairs(k.skeleton):  # a shorter or a longer name: all of one in the other
            found.update(n for n in self.pairs.get(pair, ()) if self.sizes[n] != len(words))
        apart: set[int] = set()
        for n, word in enumerate(words):  # one word spelt another way: Brahim, Gamal
            for other in _variants(word):
                apart.update(
                    self.whole.get(tuple(sorted([*words[:n], other, *words[n + 1 :]])), ())
                )
        return found | apart, apart

    def match(self, name: str) -> list[Match]:
        """The listed records ``name`` matches, the best name of each, the
        strongest first (then by reference number)."""
        k = key(name)
        if not k.skeleton:
            return []
        best: dict[str, Match] = {}
        found, apart = self.candidates(k)
        for n in found:
            record, listed_name, other = self.entries[n]
            strength = compare(k, other, apart=n in apart)
            if strength is None:
                continue
            match = Match(name, record, listed_name, strength)
            held = best.get(record.dataid)
            if held is None or match.rank < held.rank:
                best[record.dataid] = match
        return sorted(best.values(), key=lambda m: (m.rank, m.listed.reference))


def _pairs(words: tuple[str, ...]) -> set[tuple[str, str]]:
    """Every pair of words of a name (of its first eight)."""
    head = sorted(words[:8])
    return {(x, y) for i, x in enumerate(head) for y in head[i + 1 :]}


def _variants(word: str) -> list[str]:
    """The spellings of a skeleton word that :func:`_variant` accepts."""
    out = ["a" + word] if len(word) >= 4 else []
    if word.startswith("a") and len(word) >= 5:
        out.append(word[1:])
    if word[:1] in {"g", "j"}:
        out.append({"g": "j", "j": "g"}[word[0]] + word[1:])
    return out


def compare(a: _Key, b: _Key, *, apart: bool = True) -> str | None:
    """The strength with which two names match, None when they do not
    (``apart``: whether they may be one word apart, as the index knows)."""
    if a.folded == b.folded:
        return "exact"
    short, long = sorted((a, b), key=lambda k: len(k.skeleton))
    paired = short.words <= long.words and _paired(short, long)
    if paired and len(short.skeleton) == len(long.skeleton):
        return "strong"
    if a.joined == b.joined and sorted(a.skeleton) != sorted(b.skeleton):
        return "strong"  # a compound written in one word or two: Abdurrahman
    if len(short.skeleton) >= 2 and (
        paired or (apart and _one_apart(short.skeleton, long.skeleton))
    ):
        return "possible"
    return None


def _paired(short: _Key, long: _Key) -> bool:
    """Whether each word of ``short`` has a word of ``long`` of the same
    skeleton whose spelling's vowels agree (a word each)."""
    free = list(range(len(long.skeleton)))
    for word, vowels in zip(short.skeleton, short.vowelled, strict=True):
        for n in free:
            if long.skeleton[n] == word and vowels_agree(vowels, long.vowelled[n]):
                free.remove(n)
                break
        else:
            return False
    return True


def _one_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The same words but one, and that one spelt with an initial vowel
    dropped (Brahim, Ibrahim) or g for j (Gamal, Jamal), as transliterations do."""
    if len(a) != len(b):
        return False
    rest, left = list(b), []
    for word in a:
        if word in rest:
            rest.remove(word)
        else:
            left.append(word)
            if len(left) > 1:
                return False
    return len(left) == 1 and (_variant(left[0], rest[0]) or _variant(rest[0], left[0]))


def _variant(x: str, y: str) -> bool:
    """
    >>> _variant("abrhm", "brhm"), _variant("gml", "jml"), _variant("ahmd", "hmd")
    (True, True, False)
    """
    if len(y) >= 4 and x == "a" + y:
        return True
    return len(x) == len(y) and x[0] == "g" and y[0] == "j" and x[1:] == y[1:]


@dataclass(frozen=True)
class Named:
    """A name the evidence gives, and where."""

    name: str
    path: Path
    line: int | None
    owner: str  # the record's ID
    proposed: bool = False  # the name a listing request proposes


@dataclass(frozen=True)
class Found:
    named: Named
    match: Match


def evidence_names(
    evidence: Evidence | None, actors: Actors | None, proposed: str | None = None
) -> list[Named]:
    """Every name of the persons and entities (names, original-script
    names, aliases) and every actor of the incident records."""
    out: list[Named] = []
    for actor in actors.actors if actors else ():
        rec, mine = actor.record, actor.id == proposed
        out.append(Named(rec.name, actor.path, actor.line_of("name"), rec.id, mine))
        if rec.name_original:
            line = actor.line_of("name_original")
            out.append(Named(rec.name_original, actor.path, line, rec.id, mine))
        for i, alias in enumerate(rec.aliases):
            line = actor.line_of("aliases", i)
            out.append(Named(alias.name, actor.path, line, rec.id, mine))
    for record in evidence.records if evidence else ():
        for field in ("actor1", "actor2"):
            name = getattr(record.incident, field)
            if name:
                out.append(Named(name, record.path, record.line_of(field), record.id))
    return out


def find(names: list[Named], snapshot: Snapshot) -> list[Found]:
    """The matches of ``names``: per owner and listed record, the strongest."""
    index = Index.of(snapshot)
    best: dict[tuple[str, str], Found] = {}
    for named in names:
        for match in index.match(named.name):
            slot = (named.owner, match.listed.dataid)
            held = best.get(slot)
            if held is None or match.rank < held.match.rank:
                best[slot] = Found(named, match)
    return sorted(best.values(), key=lambda f: (str(f.named.path), f.match.rank))


def check_listed(
    m: Manifest, doc: YamlDoc, evidence: Evidence | None, actors: Actors | None,
    snapshot: Snapshot | None,
) -> list[Diagnostic]:  # fmt: skip
    """A warning for every name of the evidence found on the list; an error
    when a listing request proposes a name listed already (or none)."""
    out: list[Diagnostic] = []
    proposed = m.proposed if m.kind == "listing-request" else None
    if proposed and (actors is None or actors.get(proposed) is None):
        hint = f"write persons/{proposed}.md or entities/{proposed}.md, or fix the id"
        message = f"proposed: '{proposed}' is not a person or entity of the dossier"
        out.append(Diagnostic(doc.file, doc.line_of(("proposed",)), message, hint))
    if snapshot is None:
        return out
    for found in find(evidence_names(evidence, actors, proposed), snapshot):
        named, match = found.named, found.match
        text = f"'{named.name}' matches {describe(match)}"
        if named.proposed and match.strength != "possible":
            hint = "a listed name is not proposed again: ask the committee to amend its entry"
            out.append(Diagnostic(named.path, named.line, f"already listed: {text}", hint))
        else:
            hint = "check the identifiers; the match is by name only"
            out.append(Diagnostic(named.path, named.line, text, hint, Severity.WARNING))
    return out


def describe(match: Match) -> str:
    """'QDi.901 (Al-Qaida list, listed 2019-03-04) as 'Karim Haddad', strong'."""
    listed, name = match.listed, match.listed_name
    how = how_named(match)
    as_ = f" as '{name.name}'" + (f" ({how})" if how else "")
    return (
        f"{listed.reference} ({listed.list_type} list, listed {listed.listed_on}){as_}, "
        f"{match.strength} match"
    )


def how_named(match: Match) -> str:
    """Which of the listed names matched, when not the name itself:
    'original script', 'alias, good' ('' for the name)."""
    name = match.listed_name
    if name.original_script:
        return "original script"
    return f"alias, {name.quality}" if name.quality else ""


def listed_names(dossier: Dossier) -> list[Found]:
    """The matches of every name of a loaded dossier (none without a snapshot)."""
    if dossier.sanctions is None:
        return []
    names = evidence_names(dossier.evidence, dossier.actors, dossier.manifest.proposed)
    return find(names, dossier.sanctions)
