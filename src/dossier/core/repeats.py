"""Whether a withheld sentence is repeated in a text: the one matcher that
the source check (:mod:`dossier.select.shown`, before anything is written) and
the scan of finished outputs (:mod:`dossier.seal.leaks`) share.

The rule, exactly. Texts are compared as tokens (:func:`words`: folded case,
no punctuation, no diacritics; a Chinese or Japanese character is a token,
5/8 of a word). The withheld text is cut into sentences; a sentence of
fewer than MIN_WORDS (8) words joins the next one (the last joins the one
before), so that short sentences are checked together. Each sentence of 8
words or more is fingerprinted as its 3-word runs (shingles), hashed, each
with the words of the sentence it spans. A sentence is *repeated* in a text
when, in a stretch of the text at most one and a half times the sentence's
length (plus 3 words), its shingles cover at least half of its words and
at least MIN_COVERED (6) of them, in any order.

What that catches: a paste, however line breaks, case, punctuation or markup
cut it; clauses or sentences put in another order (only the runs across a
cut are lost); a rewording. A changed or removed word breaks the runs
through it: it uncovers itself and, at worst, the (at most 2) words between
it and the next change or the sentence's end; an added word uncovers
nothing where 3 words stand either side. So k changes uncover at most 3k
words (of a sentence longer than 3k+2): a sentence of m words is always
caught with 1 change from m = 9, 2 from m = 12, 3 from m = 18 (tested over
every placement); changes with 3 unchanged words or more between them and
the sentence's ends uncover only themselves. What it lets through: a sentence of
fewer than 8 words alone in its passage, and a repeat of fewer than 6 words
or of less than half of a sentence: headings, dates, names and stock
phrases that any two texts on one subject share.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

# The hashes are salted so that they match no other table of hashed words.
SALT = b"dossier.seal.leaks/1\x00"
TAG = "run3"  # what the shingles' hashes are tagged with
SHINGLE = 3  # words in a shingle
MIN_WORDS = 8  # words in a sentence that is checked
# Words of a sentence a repeat must cover besides half of it: a name or a
# stock phrase ("of the Republic of Aldoria") covers half of a short one.
MIN_COVERED = 6
# Chinese and Japanese have no spaces: each character is a token and weighs
# 5/8 of a word (a shingle spans 5 characters, a checked sentence 13).
_WORD_WEIGHT, _CJK_WEIGHT = 8, 5
_CJK = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x3134F))
_ANY_CJK = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK) + "]")
_TATWEEL = "\u0640"
# Arabic letters written two ways (as Lucene's ArabicNormalizer folds them):
# alef maksura and the Persian/Urdu yeh as yeh, keheh as kaf, teh marbuta as
# heh. (Hamza on alef goes with the other marks.)
_ARABIC = {"\u0649": "\u064a", "\u06cc": "\u064a", "\u06a9": "\u0643", "\u0629": "\u0647"}
# Where a sentence ends: a full stop, question or exclamation mark before a
# space (or the end), or the ideographic, Arabic, Urdu and Devanagari ones.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[。！？؟۔।])")
# Text made of several blocks (select.Withheld.text, some PDF text) has their
# last and first words glued ("MinistryThe", "Halmstead.The"): a capital
# after a small letter starts a word, and after a full stop a sentence.
_LOWER, _UPPER = "a-zß-öø-ÿа-яё", "A-ZÀ-ÖØ-ÞА-ЯЁ"
_GLUED = re.compile(f"(?<=[{_LOWER}])(?=[{_UPPER}])")
_GLUED_END = re.compile(f"(?<=[.!?…])(?=[{_UPPER}])")


# ---- tokens ----------------------------------------------------------------------


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK)


# Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables,
# lower case): a withheld English sentence retyped with Cyrillic "а", "е",
# "о" reads the same and must match the same. Both sides of a comparison
# are folded alike, so Russian text still matches Russian text.
_LOOK_ALIKE = {
    **dict(zip("аеёорсухіјѕкмнтвԁһӏԛԝ", "aeeopcyxijskmhtbdhlqw", strict=True)),
    **dict(zip("αορικχυεντ", "aopikxuevt", strict=True)),
}


@lru_cache(maxsize=65536)
def _fold(char: str) -> str:
    """What one (decomposed, casefolded) character becomes: itself (or its
    usual Arabic form), an ASCII digit, nothing (a vowel mark, a tatweel, a
    soft hyphen, a zero-width joiner) or a space (punctuation, symbols)."""
    if _is_cjk(char):
        return f" {char} "
    category = unicodedata.category(char)
    if category in ("Mn", "Cf") or char == _TATWEEL:
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if category[0] not in "LNM":
        return " "
    return _ARABIC.get(char) or _LOOK_ALIKE.get(char, char)


def words(text: str) -> list[str]:
    """Tokens of ``text``: NFKC, casefolded, without punctuation, diacritics
    (Arabic harakat, hamza on alef, accents), tatweel or Arabic letter
    variants, digits in ASCII; a Chinese or Japanese character is a token of
    its own; a capital after a small letter starts a token (text of two
    blocks glued together: "MinistryThe").

    >>> words("Source GRANITE-7 reports, «twice»!")
    ['source', 'granite', '7', 'reports', 'twice']
    >>> words("حزب ٢٠٢٦ أَحْمَد")
    ['حزب', '2026', 'احمد']
    >>> words("虚构示例：ABC")
    ['虚', '构', '示', '例', 'abc']
    >>> words("Тhе саmр nеаr Drаvik")  # Cyrillic look-alikes
    ['the', 'camp', 'near', 'dravik']
    >>> words("MinistryThe GRANITE")
    ['ministry', 'the', 'granite']
    """
    text = _GLUED.sub(" ", text)
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    table = {ord(char): _fold(char) for char in set(folded)}
    return unicodedata.normalize("NFC", folded.translate(table)).split()


def _weight(token: str) -> int:
    return _CJK_WEIGHT if len(token) == 1 and _is_cjk(token) else _WORD_WEIGHT


def weight(tokens: Iterable[str]) -> int:
    """How many words ``tokens`` make (a CJK character is 5/8 of one), x8."""
    return sum(map(_weight, tokens))


def spans(tokens: Sequence[str], n: int = SHINGLE) -> Iterator[tuple[int, int]]:
    """(start, end) of every run of tokens weighing ``n`` words: ``n`` tokens,
    or 5 CJK characters for 3 words."""
    if not _ANY_CJK.search("".join(tokens)):  # every token weighs a word
        yield from ((i, i + n) for i in range(len(tokens) - n + 1))
        return
    weights = [_weight(t) for t in tokens]
    end = total = 0
    for start in range(len(tokens)):
        while end < len(tokens) and total < n * _WORD_WEIGHT:
            total += weights[end]
            end += 1
        if total < n * _WORD_WEIGHT:
            return
        yield start, end
        total -= weights[start]


def joined(tokens: Sequence[str], n: int = SHINGLE) -> tuple[Sequence[int], list[str]]:
    """Where each run of tokens weighing ``n`` words begins, and the run
    joined by spaces (as :func:`digest` takes it)."""
    if not _ANY_CJK.search("".join(tokens)):  # the usual case, made fast
        runs = list(map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False)))
        return range(len(runs)), runs
    found = list(spans(tokens, n))
    return [a for a, _ in found], [" ".join(tokens[a:b]) for a, b in found]


def windows(tokens: Sequence[str], n: int = SHINGLE) -> Iterator[Sequence[str]]:
    """Every run of tokens weighing ``n`` words."""
    return (tokens[a:b] for a, b in spans(tokens, n))


def digest(tag: str, text: str) -> str:
    """The salted hash of ``text`` (tokens joined by a space) under ``tag``."""
    return hashlib.sha256(SALT + tag.encode() + b"\x00" + text.encode()).hexdigest()[:16]


# ---- sentences -------------------------------------------------------------------


def sentences(text: str) -> list[list[str]]:
    """The tokens of each sentence of ``text`` that is checked: sentences
    of fewer than MIN_WORDS words joined to the next (the last to the one
    before); what stays shorter is left out.

    >>> text = "Short one. Then eight words make a sentence. Its end."
    >>> [len(s) for s in sentences(text)]
    [10]
    >>> [len(s) for s in sentences(text + " " + text)]
    [8, 12]
    >>> [len(s) for s in sentences("A heading")]
    []
    """
    out: list[list[str]] = []
    pending: list[str] = []
    least = MIN_WORDS * _WORD_WEIGHT
    text = _GLUED_END.sub(" ", text)
    for piece in _SENTENCE_END.split(text):
        pending += words(piece)
        if weight(pending) >= least:
            out.append(pending)
            pending = []
    if pending and out:
        out[-1] += pending
    return out


@dataclass(frozen=True)
class Sentence:
    """A withheld sentence, hashed: its length in tokens and its shingles,
    each as (hash, first token, token after the last)."""

    size: int
    least: int  # the tokens a repeat covers: half, and MIN_COVERED words
    shingles: tuple[tuple[str, int, int], ...]


def fingerprint(tokens: Sequence[str], *, hashed: bool = True) -> Sentence:
    """The shingles of one sentence's tokens: hashed, or in clear (for the
    check of the sources, which has the text anyway)."""
    key = (lambda text: digest(TAG, text)) if hashed else (lambda text: text)
    found = {(key(" ".join(tokens[a:b])), a, b) for a, b in spans(tokens)}
    size = len(tokens)
    # as many tokens as weigh MIN_COVERED words, at the sentence's mean weight
    least = max(-(-size // 2), -(-MIN_COVERED * _WORD_WEIGHT * size // weight(tokens)))
    return Sentence(size, least, tuple(sorted(found, key=lambda s: (s[1], s[0]))))


def stretch(size: int) -> int:
    """How far apart (in tokens of the text) the first shingles of a
    repeated sentence of ``size`` tokens may be."""
    return size + size // 2 + SHINGLE


# ---- matching --------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """Sentence ``index`` repeated in a text: ``covered`` of its tokens, in
    the stretch that begins at token ``at`` of the text."""

    index: int
    covered: int
    at: int


class Finder:
    """Looks for any of ``sentences`` in texts."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.sentences = list(sentences)
        self.index: defaultdict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for n, sentence in enumerate(self.sentences):
            for digest_, a, b in sentence.shingles:
                self.index[digest_].append((n, a, b))

    @property
    def wanted(self) -> frozenset[str]:
        """The hashes looked for."""
        return frozenset(self.index)

    def find(self, hashed: Iterable[tuple[int, str]]) -> list[Found]:
        """The sentences repeated in a text, given the hashes of its shingles
        that are looked for, as (token where the shingle starts, hash)."""
        hits: defaultdict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for at, digest_ in hashed:
            for n, a, b in self.index.get(digest_, ()):
                hits[n].append((at, a, b))
        found = (self._best(n, sorted(h)) for n, h in hits.items())
        return [f for f in found if f is not None]

    def _best(self, n: int, hits: list[tuple[int, int, int]]) -> Found | None:
        """The stretch of the text where sentence ``n`` is most covered, if
        at least half of it is."""
        sentence = self.sentences[n]
        if len({i for _, a, b in hits for i in range(a, b)}) < sentence.least:
            return None  # not even the whole text covers enough of it
        return best_stretch(n, sentence, hits)


def best_stretch(n: int, sentence: Sentence, hits: list[tuple[int, int, int]]) -> Found | None:
    """Slide a stretch over ``hits`` (sorted (at, start, end)), keeping the
    count of hits over each token of the sentence."""
    size = sentence.size
    counts = [0] * size
    covered = left = 0
    best: Found | None = None
    limit = stretch(size)
    for at, a, b in hits:
        for i in range(a, b):
            covered += counts[i] == 0
            counts[i] += 1
        while hits[left][0] <= at - limit:
            _, la, lb = hits[left]
            for i in range(la, lb):
                counts[i] -= 1
                covered -= counts[i] == 0
            left += 1
        if covered >= sentence.least and (best is None or covered > best.covered):
            best = Found(n, covered, hits[left][0])
    return best
