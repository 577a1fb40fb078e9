"""Write a large fictional dossier for the benchmark, deterministically.

    .venv/bin/python scripts/make_bench_dossier.py OUT_DIR [--seed 1]
        [--languages en,fr,es,ru,zh,ar,ur] [--sections 40] [--incidents 500]
        [--paragraphs-per-section 15]

FICTIONAL: the States, provinces, places, people, sources and incidents are
invented from syllables, and the map lies in the open South Pacific. The
translations are pseudo-text in the script of each language (Latin, Cyrillic,
CJK without spaces, Arabic, Urdu) with the structure of the source (headings,
footnotes, tables, citations) and their ``translation-of`` set, so that the
dossier is current and passes ``dossier check``. The first language is the
source. The same seed gives the same files, byte for byte (``random.Random``
seeded with strings; no clock, no set order).

The default, 40 annex sections of 15 paragraphs after the letter, is about 80
pages of written text per language; the generated annex parts (incident table,
incidents, statistics, map) come on top of it. OUT_DIR is emptied first when it
holds a dossier written by this script; any other non-empty folder is refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dossier.load.translations import text_hash

MARK = "FICTIONAL BENCHMARK"
LANGS = ("en", "fr", "es", "ru", "zh", "ar", "ur")
LETTER_DATE = dt.date(2026, 11, 27)
PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 10, 31))
BOUNDS = (-132.0, -40.0, -126.0, -35.0)  # west, south, east, north: open South Pacific
PROVINCES = 4
DEFAULT_PARAGRAPHS = 15

# --- Names: one syllable in each script, so that a name is "transliterated" ---

SCRIPT_COLUMN = {"en": 0, "fr": 0, "es": 0, "ru": 1, "zh": 2, "ar": 3, "ur": 4}
Row = tuple[str, str, str, str, str]  # Latin, Cyrillic, CJK, Arabic, Urdu
SYLLABLES: tuple[Row, ...] = (
    ("ka", "ка", "卡", "كا", "کا"), ("lo", "ло", "洛", "لو", "لو"),
    ("ve", "ве", "维", "في", "وی"), ("mar", "мар", "马", "مار", "مار"),
    ("ten", "тен", "滕", "تن", "ٹن"), ("sa", "са", "萨", "سا", "سا"),
    ("dri", "дри", "德里", "دري", "ڈری"), ("no", "но", "诺", "نو", "نو"),
    ("bel", "бель", "贝尔", "بل", "بیل"), ("ra", "ра", "拉", "را", "را"),
    ("vin", "вин", "文", "فين", "وِن"), ("tor", "тор", "托", "تور", "ٹور"),
    ("mi", "ми", "米", "مي", "می"), ("es", "эс", "埃斯", "إس", "ایس"),
    ("gar", "гар", "加", "غار", "گار"), ("lun", "лун", "伦", "لون", "لون"),
    ("zel", "зель", "泽尔", "زل", "زیل"), ("han", "хан", "汉", "هان", "ہان"),
    ("du", "ду", "杜", "دو", "ڈو"), ("ri", "ри", "里", "ري", "ری"),
    ("quel", "кель", "克尔", "كيل", "کیل"), ("os", "ос", "奥斯", "وس", "وس"),
)  # fmt: skip
ENDINGS: tuple[Row, ...] = (
    ("ria", "рия", "利亚", "ريا", "ریا"), ("via", "вия", "维亚", "فيا", "ویا"),
    ("dor", "дор", "多尔", "دور", "ڈور"), ("nesse", "несса", "内萨", "نيسا", "نیسا"),
)  # fmt: skip
# Real State names an invented one could spell by chance.
REAL = {"Syria", "Nigeria", "Algeria", "Liberia", "Latvia", "Ecuador", "Moldova"}


@dataclass(frozen=True)
class Name:
    """An invented name as a list of syllables, written in any script."""

    rows: tuple[Row, ...]

    def written(self, lang: str) -> str:
        column = SCRIPT_COLUMN[lang]
        text = "".join(row[column] for row in self.rows)
        return text.capitalize() if column < 2 else text


def invent(rng: random.Random, syllables: int, ending: bool = False) -> Name:
    while True:
        rows = tuple(rng.choice(SYLLABLES) for _ in range(syllables))
        name = Name(rows + ((rng.choice(ENDINGS),) if ending else ()))
        if name.written("en") not in REAL:
            return name


def person(given: Name, family: Name, lang: str) -> str:
    return f"{given.written(lang)}{'·' if lang == 'zh' else ' '}{family.written(lang)}"


# --- Pseudo-text in the script of each language ---

WORD_SYLLABLES = {
    "en": "ba be bi bo da de di do fa ga ge ha he ka ke la le li lo ma me mi mo na ne ni no pa "
    "pe po ra re ri ro sa se si so ta te ti to va ve vi wa we ter ing ment tion ster pro con "
    "ar er or an en in on st th",
    "fr": "la le li lo ma me mi na né ni no pa pé po ra ré ri ro sa sé si ta té ti va vé de dé "
    "ment tion eur eau oi ou ière ais ant ent que çon è à ê con pro",
    "es": "la le li lo ma me mi na ne ni no pa pe po ra re ri ro sa se si ta te ti va ve de do "
    "ción dad ño ña llo rra á é í ó ú mente ado ido con pro",
    "ru": "ка ко на но ра ро та то ва во ла ло ма мо ни ст пр ов ен ий ая ой ие ть ся при про "
    "рас ще жи ды лю ск ны ми ре",
    "ar": "با بي تا تي نا مي را لي سا كا فا قا ها عا دو رو مو لو نو سو كو حم جل شر صد طل ظه مت قد",
    "ur": "با بی تا ٹی نا می را لی سا کا فا قا ہا عا دو رو مو لو نو سو کو گا چی پا ڈی ٹو ڑا ات",
}
FUNCTION_WORDS = {
    "en": "the of and to in for on by with that as at from",
    "fr": "le la les de des et à en du un une pour par sur dans",
    "es": "el la los las de del y en por para con un una sobre",
    "ru": "и в на по с к о из для от до",
    "ar": "في من على إلى عن مع أن التي الذي",
    "ur": "کے کی کا میں اور سے پر کو نے ہے",
}
CJK = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子"
    "说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机"
    "当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心"
)
STOP = {"zh": "。", "ur": "۔"}
COMMA = {"zh": "，", "ar": "،", "ur": "،"}
# Letters that only end a word, added to some invented words.
FINALS = {"ar": ("ية", "ات", "ين", "ون"), "ur": ("ے", "یں", "وں", "ی")}


def word_pool(lang: str, seed: int) -> list[str]:
    """Words of ``lang``: function words (frequent) and invented ones."""
    rng = random.Random(f"{seed}/pool/{lang}")
    if lang == "zh":
        return ["".join(rng.choices(CJK, k=rng.choice((1, 2, 2, 3)))) for _ in range(1500)]
    syllables = WORD_SYLLABLES[lang].split()
    finals = FINALS.get(lang, ("",))
    invented = [
        "".join(rng.choices(syllables, k=rng.choice((1, 2, 2, 3, 4))))
        + (rng.choice(finals) if rng.random() < 0.3 else "")
        for _ in range(1500)
    ]
    return FUNCTION_WORDS[lang].split() * 40 + invented


class Writer:
    """Writes pseudo-text in one language from its word pool."""

    def __init__(self, lang: str, pool: list[str], rng: random.Random) -> None:
        self.lang, self.pool, self.rng = lang, pool, rng
        self.sep = "" if lang == "zh" else " "

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.pool, k=n)

    def title(self, n: int) -> str:
        text = self.sep.join(self.words(n))
        return text[:1].upper() + text[1:]

    def sentence(self) -> str:
        words = self.words(self.rng.randint(8, 20))
        if self.rng.random() < 0.15:
            words[self.rng.randrange(1, len(words))] = str(self.rng.randint(2, 950))
        if len(words) > 11:
            cut = self.rng.randrange(4, len(words) - 3)
            words[cut] += COMMA.get(self.lang, ",")
        text = self.sep.join(words)
        return text[:1].upper() + text[1:] + STOP.get(self.lang, ".")

    def paragraph(self, sentences: int) -> str:
        return self.sep.join(self.sentence() for _ in range(sentences))


# --- Sections: a plan shared by all languages, written in each ---


@dataclass(frozen=True)
class Block:
    kind: str  # "h" heading, "p" paragraph, "table"
    size: int  # words of a heading, sentences of a paragraph, rows of a table
    level: int = 1
    note: int = 0  # footnote number of a paragraph (0: none)
    cite: str = ""  # source cited at the end of a paragraph


def section_plan(rng: random.Random, paragraphs: int, sources: Sequence[str]) -> list[Block]:
    plan = [Block("h", rng.randint(2, 5), 1)]
    table_at = rng.randrange(paragraphs) if rng.random() < 0.3 else -1
    notes = 0
    for i in range(paragraphs):
        if i and i % 4 == 0:  # a level-3 heading only under a level-2 one (PDF/UA)
            level = 3 if i > 4 and rng.random() < 0.2 else 2
            plan.append(Block("h", rng.randint(2, 6), level))
        note = notes + 1 if rng.random() < 0.3 else 0
        notes = max(notes, note)
        cite = rng.choice(sources) if sources and rng.random() < 0.1 else ""
        plan.append(Block("p", rng.randint(4, 7), note=note, cite=cite))
        if i == table_at:
            plan.append(Block("table", rng.randint(3, 6)))
    return plan


def letter_plan(rng: random.Random) -> list[Block]:
    return [Block("p", rng.randint(3, 5), note=1 if i == 1 else 0) for i in range(4)]


def write_table(w: Writer, rows: int) -> str:
    head = [w.title(1), w.title(2), w.title(1), w.title(1)]
    lines = ["| " + " | ".join(head) + " |", "|:---|---:|---:|---:|"]
    for _ in range(rows):
        cells = [w.title(w.rng.randint(1, 2)), *(str(w.rng.randint(0, 99)) for _ in range(3))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\n: " + w.title(w.rng.randint(4, 8))


def write_plan(plan: list[Block], w: Writer) -> str:
    parts: list[str] = []
    notes: list[str] = []
    for block in plan:
        if block.kind == "h":
            parts.append("#" * block.level + " " + w.title(block.size))
        elif block.kind == "table":
            parts.append(write_table(w, block.size))
        else:
            text = w.paragraph(block.size) + (f"[@{block.cite}]" if block.cite else "")
            if block.note:
                text += f"[^{block.note}]"
                notes.append(f"[^{block.note}]: {w.paragraph(1)}")
            parts.append(text)
    return "\n\n".join(parts + notes) + "\n"


def translated(source_body: str, body: str) -> str:
    return f"---\ntranslation-of: {text_hash(source_body)}\n---\n\n{body}"


# --- The world: States, provinces, places, sources ---

COUNTRY = {
    "en": "Republic of {}", "fr": "République de {}", "es": "República de {}",
    "ru": "Республика {}", "zh": "{}共和国", "ar": "جمهورية {}", "ur": "جمہوریہ {}",
}  # fmt: skip
STATE = {
    "en": "the Republic of {}", "fr": "de la République de {}", "es": "de la República de {}",
    "ru": "Республики {}", "zh": "{}共和国", "ar": "جمهورية {}", "ur": "جمہوریہ {}",
}  # fmt: skip
PROVINCE = {
    "en": "{} Province", "fr": "Province de {}", "es": "Provincia de {}",
    "ru": "Провинция {}", "zh": "{}省", "ar": "مقاطعة {}", "ur": "صوبہ {}",
}  # fmt: skip
TITLE = {
    "female": {
        "en": "Permanent Representative", "fr": "Représentante permanente",
        "es": "Representante Permanente", "ru": "Постоянный представитель", "zh": "常驻代表",
        "ar": "الممثلة الدائمة", "ur": "مستقل مندوب",
    },
    "male": {
        "en": "Permanent Representative", "fr": "Représentant permanent",
        "es": "Representante Permanente", "ru": "Постоянный представитель", "zh": "常驻代表",
        "ar": "الممثل الدائم", "ur": "مستقل مندوب",
    },
}  # fmt: skip
TITLE_OF = {"ru": "Постоянного представителя", "zh": "常驻联合国代表"}
NOTICE = {
    "en": "Fictional benchmark: the States, places, people and events are invented.",
    "fr": "Dossier fictif d'essai : les États, les lieux, les personnes et les événements "
    "sont inventés.",
    "es": "Expediente ficticio de prueba: los Estados, los lugares, las personas y los hechos "
    "son inventados.",
    "ru": "Условное досье для замеров: государства, места, лица и события вымышлены.",
    "zh": "虚构的测试卷宗：文中国家、地点、人物和事件均为虚构。",
    "ar": "ملف خيالي للاختبار: الدول والأماكن والأشخاص والأحداث مختلقة.",
    "ur": "جانچ کے لیے فرضی مسل: ریاستیں، مقامات، افراد اور واقعات سب خیالی ہیں۔",
}
BOUNDARIES_SOURCE = {
    "en": "Fictional boundaries invented for a benchmark",
    "fr": "Limites fictives inventées pour un essai",
    "es": "Límites ficticios inventados para una prueba",
    "ru": "Условные границы, придуманные для замеров",
    "zh": "为测试编造的虚构边界",
    "ar": "حدود خيالية مختلقة للاختبار",
    "ur": "جانچ کے لیے بنائی گئی فرضی حدود",
}


def state_form(lang: str, name: str) -> str:
    if lang == "fr" and name[:1] in "AEIOU":
        return f"de la République d'{name}"
    return STATE[lang].format(name)


@dataclass(frozen=True)
class Place:
    name: Name
    province: int
    lat: float
    lon: float


@dataclass(frozen=True)
class World:
    state: Name
    neighbour: Name
    provinces: tuple[Name, ...]
    borders: tuple[tuple[tuple[float, float], ...], ...]  # south to north, west to east
    places: tuple[Place, ...]
    sources: tuple[str, ...]

    @property
    def code(self) -> str:
        return self.state.written("en")[:3].upper()

    def province(self, i: int, lang: str = "en") -> str:
        return PROVINCE[lang].format(self.provinces[i].written(lang))


def band(i: int) -> tuple[float, float]:
    _, south, _, north = BOUNDS
    step = (north - south) / PROVINCES
    return south + i * step, south + (i + 1) * step


def make_borders(rng: random.Random) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The lines between provinces (and the country's south and north edges)."""
    west, _, east, _ = BOUNDS
    lons = [west + (east - west) * k / 6 for k in range(7)]
    out = []
    for i in range(PROVINCES + 1):
        lat = band(i)[0] if i < PROVINCES else band(i - 1)[1]
        inner = 0 < i < PROVINCES
        jitter = [rng.uniform(-0.08, 0.08) if inner and 0 < k < 6 else 0.0 for k in range(7)]
        out.append(
            tuple((round(x, 3), round(lat + j, 3)) for x, j in zip(lons, jitter, strict=True))
        )
    return tuple(out)


def make_places(rng: random.Random, count: int) -> tuple[Place, ...]:
    west, _, east, _ = BOUNDS
    seen: dict[str, Place] = {}
    while len(seen) < count:
        name = invent(rng, rng.randint(2, 3))
        province = rng.randrange(PROVINCES)
        low, high = band(province)
        lat = rng.uniform(low + 0.2, high - 0.2)
        place = Place(name, province, lat, rng.uniform(west + 0.2, east - 0.2))
        seen.setdefault(name.written("en"), place)
    return tuple(seen.values())


def make_world(seed: int, incidents: int) -> World:
    rng = random.Random(f"{seed}/world")
    state = invent(rng, 2, ending=True)
    neighbour = invent(rng, 2, ending=True)
    while neighbour.written("en") == state.written("en"):
        neighbour = invent(rng, 2, ending=True)
    provinces = tuple(invent(rng, 2) for _ in range(PROVINCES))
    borders = make_borders(rng)
    places = make_places(rng, max(8, min(400, incidents // 6)))
    sources = tuple(f"src-{i:03d}" for i in range(1, min(300, max(10, incidents)) + 1))
    return World(state, neighbour, provinces, borders, places, sources)


def day(rng: random.Random) -> dt.date:
    start, end = PERIOD
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def english_date(date: dt.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def make_sources(world: World, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(f"{seed}/sources")
    state = world.state.written("en")
    items: list[dict[str, Any]] = []
    for key in world.sources:
        place = rng.choice(world.places).name.written("en")
        issued = day(rng)
        parts = {"date-parts": [[issued.year, issued.month, issued.day]]}
        if rng.random() < 0.6:
            items.append(
                {
                    "id": key,
                    "type": "report",
                    "title": f"Report on the incident at {place}, {english_date(issued)}",
                    "author": [{"literal": f"Border Police of {state}"}],
                    "publisher": f"Ministry of the Interior of the Republic of {state}",
                    "issued": parts,
                    "number": f"BP/2026/{rng.randint(100, 999)}",
                }
            )
            continue
        slug = place.lower()
        items.append(
            {
                "id": key,
                "type": "article-newspaper",
                "title": f"Residents of {place} count the cost of the attack",
                "container-title": f"The {place} Courier",
                "issued": parts,
                "URL": f"https://{slug}-courier.example/2026/{issued:%m/%d}/{key}",
                "accessed": {"date-parts": [[2026, 11, rng.randint(1, 20)]]},
            }
        )
    return items


def geojson(world: World) -> str:
    features = []
    for i in range(len(world.provinces)):
        ring = [*world.borders[i], *reversed(world.borders[i + 1]), world.borders[i][0]]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": world.province(i)},
                "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]},
            }
        )
    name = f"Provinces of the Republic of {world.state.written('en')} ({MARK}: invented)"
    doc = {"type": "FeatureCollection", "name": name, "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# --- dossier.yaml ---


def local(langs: Sequence[str], make: Callable[[str], str]) -> dict[str, str]:
    return {lang: make(lang) for lang in langs}


def sender(rng: random.Random, world: World, langs: Sequence[str]) -> dict[str, Any]:
    gender = rng.choice(("female", "male"))
    given, family = invent(rng, 2), invent(rng, 3)
    out: dict[str, Any] = {
        "name": local(langs, lambda lang: person(given, family, lang)),
        "gender": gender,
        "title": local(langs, lambda lang: TITLE[gender][lang]),
        "title_of": {lang: TITLE_OF[lang] for lang in langs if lang in TITLE_OF},
        "state": local(langs, lambda lang: state_form(lang, world.state.written(lang))),
    }
    if not out["title_of"]:
        del out["title_of"]
    return out


def manifest(world: World, seed: int, langs: Sequence[str], annex: list[str]) -> str:
    rng = random.Random(f"{seed}/manifest")
    others = [lang for lang in langs if lang != langs[0]]
    data = {
        "kind": "sc-letter",
        "symbol": f"S/2026/{rng.randint(100, 999)}",
        "organ": "security-council",
        "date": LETTER_DATE,
        "job_number": f"26-{rng.randint(10000, 99999)}",
        "sender": sender(rng, world, langs),
        "addressee": "president-of-the-security-council",
        "source_language": langs[0],
        "languages": list(langs),
        "notice": local(langs, NOTICE.__getitem__),
        "evidence": {
            "period": {"start": PERIOD[0], "end": PERIOD[1]},
            "country": {
                "name": local(langs, lambda lang: COUNTRY[lang].format(world.state.written(lang))),
                "bounds": list(BOUNDS),
            },
            "boundaries": "geo/provinces.geojson",
            "boundaries_source": local(langs, BOUNDARIES_SOURCE.__getitem__),
            "glossary": {
                world.province(i): {lang: world.province(i, lang) for lang in others}
                for i in range(PROVINCES)
            },
        },
        "letter": ["00-letter"],
        "annex": annex,
        "editions": [{"name": "public", "max": "public"}],
    }
    header = f"# {MARK}, generated by scripts/make_bench_dossier.py --seed {seed}.\n"
    header += "# Every State, place, person, source and incident in it is invented.\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def annex_names(sections: int) -> list[str]:
    width = max(2, len(str(sections)))
    names = [f"{i:0{width}d}-section" for i in range(1, sections + 1)]
    generated = [f"generated/{p}" for p in ("incident-table", "incidents", "statistics", "map")]
    middle = len(names) // 2
    return names[:middle] + generated + names[middle:]


# --- Incidents ---

# event type, sub-event type, GTD attack, weapon, target, title, security forces?
KINDS = (
    ("Violence against civilians", "Attack", "Armed Assault", "Firearms",
     "Private Citizens & Property", "Attack on the village of {}", False),
    ("Battles", "Armed clash", "Armed Assault", "Firearms", "Police",
     "Attack on the border post of {}", True),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Bombing/Explosion",
     "Explosives", "Military", "Shelling of {}", True),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Bombing/Explosion",
     "Explosives", "Transportation", "Explosion on the road near {}", False),
    ("Explosions/Remote violence", "Grenade", "Bombing/Explosion", "Explosives", "Business",
     "Grenade attack on the market of {}", False),
    ("Violence against civilians", "Abduction/forced disappearance",
     "Hostage Taking (Kidnapping)", "Firearms", "Private Citizens & Property",
     "Abduction of residents of {}", False),
    ("Strategic developments", "Looting/property destruction", "Facility/Infrastructure Attack",
     "Incendiary", "Utilities", "Arson at the pumping station of {}", False),
)  # fmt: skip
BASES = (
    "Tracks leading to the border; testimony of survivors",
    "Statements of detained attackers",
    "Direction of fire established by the border police",
    "Claim published by the group",
    "Remnants of munitions of a type used by the group",
)
CONFIDENCE = ("confirmed", "probable", "alleged")


def q(text: str) -> str:
    """A YAML double-quoted scalar (the text has no control characters)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def casualties(rng: random.Random, security: bool) -> list[str]:
    killed = (0, rng.randint(0, 6)) if security else (rng.randint(0, 9), 0)
    injured = (rng.randint(0, 3), rng.randint(0, 9)) if security else (rng.randint(0, 15), 0)
    return [
        "casualties:",
        f"  killed: {{civilians: {killed[0]}, security_forces: {killed[1]}}}",
        f"  injured: {{civilians: {injured[0]}, security_forces: {injured[1]}}}",
        f"  fatalities: {sum(killed)}",
    ]


def dates(rng: random.Random) -> list[str]:
    start = day(rng)
    lines = [f"event_date: {start.isoformat()}"]
    if rng.random() < 0.15 and start < PERIOD[1]:
        lines.append(f"end_date: {(start + dt.timedelta(days=1)).isoformat()}")
    return lines


def location(rng: random.Random, world: World, place: Place) -> list[str]:
    name = place.name.written("en")
    return [
        "location:",
        f"  place: {q(name)}",
        f"  admin1: {q(world.province(place.province))}",
        f"  admin2: {q(name + ' district')}",
        f"  latitude: {place.lat + rng.uniform(-0.02, 0.02):.4f}",
        f"  longitude: {place.lon + rng.uniform(-0.02, 0.02):.4f}",
        f"  geo_precision: {rng.choice((1, 1, 2))}",
    ]


@dataclass(frozen=True)
class Incident:
    id: str
    place: Place
    sources: tuple[str, ...]
    front: str  # the front matter lines, without the '---'


def make_incident(rng: random.Random, world: World, number: int, width: int) -> Incident:
    kind = rng.choice(KINDS)
    place = rng.choice(world.places)
    neighbour = f"the Federation of {world.neighbour.written('en')}"
    state = world.state.written("en")
    keys = tuple(sorted(rng.sample(world.sources, rng.randint(1, min(3, len(world.sources))))))
    ident = f"{world.code}-2026-{number:0{width}d}"
    lines = [
        f"# {MARK}: an invented incident.",
        f"id: {ident}",
        f"title: {q(kind[5].format(place.name.written('en')))}",
        *dates(rng),
        "time_precision: 1",
        *location(rng, world, place),
        f"event_type: {q(kind[0])}",
        f"sub_event_type: {q(kind[1])}",
        f"attack_type: {q(kind[2])}",
        f"weapon_type: {q(kind[3])}",
        f"target_type: {q(kind[4])}",
        f"actor1: {q('Armed group from ' + neighbour)}",
        f"actor2: {q(('Border Police' if kind[6] else 'Civilians') + f' ({state})')}",
        f"claimed: {'true' if rng.random() < 0.1 else 'false'}",
        *casualties(rng, kind[6]),
        "attribution:",
        f"  to: {q('Armed group operating from the territory of ' + neighbour)}",
        f"  basis: {q(rng.choice(BASES))}",
        f"  confidence: {rng.choice(CONFIDENCE)}",
        f"sources: [{', '.join(keys)}]",
        "classification: public",
    ]
    return Incident(ident, place, keys, "\n".join(lines) + "\n")


def narrative(w: Writer, incident: Incident) -> str:
    return w.paragraph(w.rng.randint(2, 4)) + f"[@{incident.sources[0]}]\n"


def translated_record(w: Writer, incident: Incident, source_hash: str) -> str:
    fields = [
        f"translation-of: {source_hash}",
        f"title: {q(w.title(w.rng.randint(3, 6)) + w.sep + incident.place.name.written(w.lang))}",
        f"place: {q(incident.place.name.written(w.lang))}",
        f"attribution_to: {q(w.title(w.rng.randint(5, 9)))}",
        f"attribution_basis: {q(w.title(w.rng.randint(4, 8)))}",
    ]
    return "---\n" + "\n".join(fields) + "\n---\n\n" + narrative(w, incident)


# --- Putting it together ---


@dataclass(frozen=True)
class Options:
    seed: int = 1
    languages: tuple[str, ...] = LANGS
    sections: int = 40
    incidents: int = 500
    paragraphs: int = DEFAULT_PARAGRAPHS


def section_files(opts: Options, world: World, pools: dict[str, list[str]]) -> dict[str, str]:
    files: dict[str, str] = {}
    plans = {"00-letter": letter_plan(random.Random(f"{opts.seed}/plan/00-letter"))}
    for name in annex_names(opts.sections):
        if not name.startswith("generated/"):
            rng = random.Random(f"{opts.seed}/plan/{name}")
            plans[name] = section_plan(rng, opts.paragraphs, world.sources)
    source = opts.languages[0]
    for name, plan in plans.items():
        bodies = {}
        for lang in opts.languages:
            rng = random.Random(f"{opts.seed}/text/{name}/{lang}")
            bodies[lang] = write_plan(plan, Writer(lang, pools[lang], rng))
        for lang, body in bodies.items():
            text = body if lang == source else translated(bodies[source], body)
            files[f"sections/{lang}/{name}.md"] = text
    return files


def evidence_files(opts: Options, world: World, pools: dict[str, list[str]]) -> dict[str, str]:
    files: dict[str, str] = {}
    rng = random.Random(f"{opts.seed}/incidents")
    writers = {
        lang: Writer(lang, pools[lang], random.Random(f"{opts.seed}/narratives/{lang}"))
        for lang in opts.languages
    }
    source = opts.languages[0]
    width = max(3, len(str(opts.incidents)))
    for number in range(1, opts.incidents + 1):
        incident = make_incident(rng, world, number, width)
        body = narrative(writers[source], incident)
        files[f"evidence/{incident.id}.md"] = f"---\n{incident.front}---\n\n{body}"
        source_hash = text_hash(body)
        for lang in opts.languages[1:]:
            text = translated_record(writers[lang], incident, source_hash)
            files[f"evidence/{lang}/{incident.id}.md"] = text
    return files


def dossier_files(opts: Options) -> dict[str, str]:
    """Every file of the dossier: relative path -> text."""
    world = make_world(opts.seed, opts.incidents)
    pools = {lang: word_pool(lang, opts.seed) for lang in opts.languages}
    header = f"# {MARK}: invented sources, in CSL YAML (cited as [@id]).\n"
    sources = yaml.safe_dump(make_sources(world, opts.seed), allow_unicode=True, sort_keys=False)
    files = {
        "dossier.yaml": manifest(world, opts.seed, opts.languages, annex_names(opts.sections)),
        "sources.yaml": header + sources,
        "geo/provinces.geojson": geojson(world),
    }
    files.update(section_files(opts, world, pools))
    files.update(evidence_files(opts, world, pools))
    return files


def prepare(out: Path) -> None:
    """Empty ``out`` if this script wrote it; refuse any other non-empty folder."""
    if not out.exists() or not any(out.iterdir()):
        return
    manifest_path = out / "dossier.yaml"
    if manifest_path.is_file() and MARK in manifest_path.read_text(encoding="utf-8")[:200]:
        shutil.rmtree(out)
        return
    raise SystemExit(f"{out} is not empty and was not written by this script: choose another")


def write(out: Path, files: dict[str, str]) -> None:
    prepare(out)
    for folder in sorted({str(Path(name).parent) for name in files}):
        (out / folder).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")


def generate(out: Path, opts: Options) -> int:
    """Write the dossier into ``out``; return the number of files."""
    files = dossier_files(opts)
    write(out, files)
    return len(files)


def parse(argv: Sequence[str] | None) -> tuple[Path, Options]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, metavar="OUT_DIR")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--languages", default=",".join(LANGS), help="the first is the source")
    ap.add_argument("--sections", type=int, default=40, help="annex sections (after the letter)")
    ap.add_argument("--incidents", type=int, default=500)
    ap.add_argument("--paragraphs-per-section", type=int, default=DEFAULT_PARAGRAPHS)
    args = ap.parse_args(argv)
    langs = tuple(lang.strip() for lang in args.languages.split(",") if lang.strip())
    unknown = [lang for lang in langs if lang not in LANGS]
    if unknown or not langs or len(set(langs)) != len(langs):
        ap.error(f"--languages: a list of distinct languages among {', '.join(LANGS)}")
    if min(args.sections, args.incidents, args.paragraphs_per_section) < 1:
        ap.error("--sections, --incidents and --paragraphs-per-section must be at least 1")
    opts = Options(args.seed, langs, args.sections, args.incidents, args.paragraphs_per_section)
    return args.out, opts


def main(argv: Sequence[str] | None = None) -> int:
    out, opts = parse(argv)
    count = generate(out, opts)
    print(f"{out}: {count} files ({MARK}, seed {opts.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
