"""Names folded for matching across scripts and transliterations.

Two keys per word:

- :func:`folded` words: case, diacritics and Arabic letter forms folded
  (alef with hamza or madda, ta marbuta, alef maqsura, the Urdu and Persian
  forms of ya, kaf and ha), within one script: 'Muḥammad' is 'muhammad'.
- :func:`skeleton` words: a consonant skeleton shared by Latin spellings and
  the Arabic script: Mohammed, Muhammad, Mohamad and محمد are all 'mhmd'.
  Vowels are dropped (a word's first vowel or ain is kept as 'a'), doubled
  letters are one, digraphs are one letter (kh/خ/ح 'h', sh/ch/ش 's',
  th/ث 't', dh/ذ 'd', gh/غ 'g', q/ق/k/c 'k', ph 'f'), the article
  (al-, el-, ال) goes, as do ibn/bin/بن.

>>> skeleton("Mohammed al-Hassan") == skeleton("محمد الحسن") == skeleton("Muhammad Hasan")
True
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Arabic, Persian and Urdu letter forms, folded to one form each.
_ARABIC_FORMS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ۃ": "ه", "ہ": "ه", "ە": "ه", "ۀ": "ه",
    "ى": "ي", "ی": "ي", "ې": "ي", "ێ": "ي", "ے": "ي", "ۓ": "ي", "ئ": "ي",
    "ک": "ك", "ڪ": "ك", "ؤ": "و", "ۇ": "و",
    "ـ": None, "ء": "ء",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8",
    "٩": "9", "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4", "۵": "5", "۶": "6", "۷": "7",
    "۸": "8", "۹": "9",
})  # fmt: skip

# Arabic-script consonants as the Latin skeleton writes them; long vowels,
# ain and hamza are vowels (dropped, or 'a' first in a word).
_ARABIC_LATIN = {
    "ب": "b", "پ": "p", "ت": "t", "ٹ": "t", "ث": "t", "ج": "j", "چ": "s", "ح": "h", "خ": "h",
    "د": "d", "ڈ": "d", "ذ": "d", "ر": "r", "ڑ": "r", "ز": "z", "ژ": "z", "س": "s", "ش": "s",
    "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f", "ق": "k", "ك": "k", "گ": "g",
    "ل": "l", "م": "m", "ن": "n", "ں": "n", "ه": "h", "ھ": "h", "و": "w", "ي": "y",
    "ا": "a", "ع": "a", "ء": "a",
}  # fmt: skip

# Latin digraphs and letters, in this order, before vowels are dropped.
_LATIN = (
    ("kh", "H"), ("sch", "s"), ("sh", "s"), ("ch", "s"), ("zh", "z"), ("ph", "f"), ("gh", "g"),
    ("th", "t"), ("dh", "d"), ("dj", "j"), ("ck", "k"), ("que", "k"), ("qu", "k"), ("ce", "se"),
    ("ci", "si"), ("q", "k"), ("c", "k"), ("x", "ks"), ("v", "w"),
)  # fmt: skip
_ASPIRATED = re.compile(r"(?<=[bdtjgpk])h")  # Urdu bh, dh, th... as one letter
_VOWELS = set("aeiouyw")
_ARTICLES = {"al", "el", "ul", "il", "ad", "ed", "ud", "ar", "er", "ur", "as", "es", "us",
             "at", "et", "ut", "az", "ez", "an", "en", "un", "ash", "ath", "adh"}  # fmt: skip
_CONNECTORS = {"bin", "ibn", "ben", "bint", "bent", "ibnu", "binti", "بن", "ابن", "بنت"}
# Allah and al-Din as words of their own: 'Kaleem Ullah', 'Nour Eddine'.
_ALLAH = re.compile(r"^[aeiu]llah?$")
_DIN = re.compile(r"^[aeiu]d+ine?$")
_ABD = re.compile(r"^(abd|abdu|abdel|abdul|abdal|abdoul|abdol|abdur|abdar|abdus|abdas)$")
_ABD_JOINED = re.compile(r"^abd(?:e|u|a|ou|o)l(?=[^aeiou]?[aeiou])(.{3,})$")  # Abdelaziz
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in word)


def folded(name: str) -> list[str]:
    """The words of ``name`` with case, diacritics and letter forms folded.

    >>> folded("Muḥammad ʿAbd AL-RAḤMĀN")
    ['muhammad', 'abd', 'al', 'rahman']
    >>> folded("أسامة") == folded("اسامه")
    True
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).translate(_ARABIC_FORMS).casefold()
    text = text.replace("ʿ", "").replace("ʾ", "").replace("'", "").replace("’", "")
    return _WORD.findall(text)


def _latin_spelling(word: str) -> str:
    """The word with digraphs as one letter and a final -ah as -a."""
    for old, new in _LATIN:
        word = word.replace(old, new)
    word = _ASPIRATED.sub("", word)
    if len(word) > 2 and word.endswith("ah"):
        word = word[:-1]  # ta marbuta: Fatimah, Usamah (as the Arabic drops it)
    return word


def _latin_key(word: str) -> str:
    if _ALLAH.match(word):
        return "l"
    if _DIN.match(word):
        return "dn"
    return _consonants(_latin_spelling(word))


def vowelled(word: str) -> str:
    """A Latin word's consonants with its vowels as classes: A (a), I (i,
    ee, y, ai, ei), U (o, u, ou, w), E (a lone e: a or i in other spellings).
    The skeleton ignores vowels; two Latin spellings of one name still
    agree on them (:func:`vowels_agree`), unlike Jamil and Jamal.

    >>> vowelled("Mohammed"), vowelled("Muhammad"), vowelled("Jamil"), vowelled("Anouar")
    ('mUhAmEd', 'mUhAmAd', 'jAmIl', 'AnUr')
    """
    spelled = _latin_spelling(folded(word)[0]) if folded(word) else ""
    out = ""
    for n, group in enumerate(re.findall(r"[aeiouyw]+|[^aeiouyw]", spelled)):
        if n == 0 and group[0] in "yw":
            out += group[0]
            group = group[1:]
            if not group:
                continue
        if group[0] in "aeiouyw":
            out += _vowel_class(group)
        elif not out or out[-1] != group:
            out += group
    return out.replace("H", "h")


def _vowel_class(group: str) -> str:
    if "i" in group or "y" in group or "ee" in group:
        return "I"
    if "e" in group and "a" in group:
        return "E"  # Ismael, Ismail
    if set(group) & set("ouw"):
        return "U"
    return "A" if "a" in group else "E"


@functools.lru_cache(maxsize=1 << 16)
def vowels_agree(a: str, b: str) -> bool:
    """Whether two vowelled spellings may be one name: the same consonants,
    vowels of one class (a lone e agrees with any), a final e or one vowel
    inside the word present in one only ('Chaudhary', 'Chaudhry').

    >>> vowels_agree("mUhAmEd", "mUhAmAd"), vowels_agree("jAmIl", "jAmAl")
    (True, False)
    """
    if not a or not b:
        return True

    @functools.cache
    def walk(i: int, j: int, spare: int) -> bool:
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and j < len(b) and _same(a[i], b[j]) and walk(i + 1, j + 1, spare):
            return True
        if _skippable(a, i, spare) and walk(i + 1, j, spare - _inside(a, i)):
            return True
        return _skippable(b, j, spare) and walk(i, j + 1, spare - _inside(b, j))

    return walk(0, 0, 1)


def _skippable(x: str, k: int, spare: int) -> bool:
    """A vowel one spelling has and the other not: a final lone e, or once
    a vowel inside the word."""
    if k >= len(x) or not x[k].isupper():
        return False
    if k == len(x) - 1:
        return x[k] == "E"
    return k > 0 and spare > 0


def _inside(x: str, k: int) -> int:
    return int(0 < k < len(x) - 1)


def _same(x: str, y: str) -> bool:
    return x == y or (x.isupper() and y.isupper() and "E" in (x, y))


def _arabic_key(word: str) -> str:
    word = _arabic_spelling(word)
    return _consonants("".join(_ARABIC_LATIN.get(ch, ch) for ch in word))


def _arabic_spelling(word: str) -> str:
    """The word without its article, final ha and the aspiration of Urdu."""
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    if len(word) > 1 and (word.endswith("ه") or word.endswith("اح")):
        word = word[:-1]  # ta marbuta and a final ha: اسامه, فاطمه; -ah as Latin writes it
    return re.sub(r"(?<=[بتدجگکپ])ھ", "", word)  # Urdu aspirates: بھ، دھ


def _consonants(word: str) -> str:
    """The first letter ('a' for any vowel), then the consonants, doubled
    letters once."""
    if not word:
        return ""
    first = "a" if word[0] in "aeiou" else word[0]
    rest = [ch for ch in word[1:] if ch not in _VOWELS]
    out = first
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out.replace("H", "h")


def skeleton(name: str) -> list[str]:
    """The consonant skeleton of each word of ``name`` (see the module).

    >>> skeleton("Abdul Rahman el-Khatib") == skeleton("عبد الرحمن الخطيب")
    True
    >>> skeleton("Usama bin Ladin") == skeleton("Osama Laden")
    True
    """
    return [key for key, _ in name_words(name)]


def name_words(name: str) -> list[tuple[str, str]]:
    """Each word of ``name`` as its skeleton and, for a Latin word, its
    vowelled spelling ('' for the Arabic script and the fixed words)."""
    out: list[tuple[str, str]] = []
    for word in _words(name):
        key, spelled, _ = _word(word)
        if key:
            out.append((key, spelled))
    return out


def joined(name: str) -> str:
    """The skeleton of ``name`` written as one word, its connectors kept:
    'Abd al-Rahman' and 'Abdurrahman', 'Ben Slimane' and 'Benslimane'.

    >>> joined("Abd al-Rahman") == joined("Abdurrahman") == joined("عبد الرحمن")
    True
    """
    return _consonants("".join(_word(word)[2] for word in _words(name)))


@functools.lru_cache(maxsize=1 << 16)
def _word(word: str) -> tuple[str, str, str]:
    """A folded word's skeleton ('' for a connector), its vowelled spelling
    ('' for the Arabic script and the fixed words) and its spelling in the
    skeleton's letters, for :func:`joined`. Names share their words: each
    is worked out once."""
    if _is_arabic(word):
        spelled = "".join(_ARABIC_LATIN.get(ch, ch) for ch in _arabic_spelling(word))
        return ("" if word in _CONNECTORS else _arabic_key(word)), "", spelled
    if _ALLAH.match(word) or _DIN.match(word):
        return _latin_key(word), "", _latin_key(word)
    if word in _CONNECTORS:
        return "", "", _latin_spelling(word)
    return _latin_key(word), "" if word == "abd" else vowelled(word), _latin_spelling(word)


def _words(name: str) -> list[str]:
    """The folded words of ``name`` without articles, 'Abdelaziz' in two."""
    words = folded(name.replace("-", " ").replace("\u2010", " "))
    out = []
    for word in (part for w in words for part in _abd_split(w)):
        if word in _ARTICLES and not _is_arabic(word):
            continue
        out.append("abd" if _ABD.match(word) else word)
    return out


def _abd_split(word: str) -> list[str]:
    """'Abdelaziz' as 'abd aziz', as 'Abd al-Aziz' is read.

    >>> _abd_split("abdelaziz"), _abd_split("abdullah"), _abd_split("abdel")
    (['abd', 'aziz'], ['abd', 'lah'], ['abdel'])
    """
    found = _ABD_JOINED.match(word)
    return ["abd", found.group(1)] if found else [word]
