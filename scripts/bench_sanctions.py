"""Benchmark of the sanctions matcher: 10,000 evidence names against a
generated list of 1,000 records (names, an original-script name, aliases),
as `dossier check` matches them. Prints the time; the target is under 2 s.
The names are drawn from few words on purpose (20 given names, 26 family
names): each shares words with hundreds of listed names, a harder case than
the real list, whose names are more varied.

    PYTHONPATH=src .venv/bin/python scripts/bench_sanctions.py [--records 1000] [--names 10000]
"""

from __future__ import annotations

import argparse
import random
import time

from dossier.check.sanctions import Index
from dossier.core.sanctions import Listed, ListedName

# Fictional name parts: Latin spellings and, for some, the Arabic script.
GIVEN = {
    "Karim": "كريم", "Yusuf": "يوسف", "Tariq": "طارق", "Nabil": "نبيل", "Khalid": "خالد",
    "Mustafa": "مصطفى", "Hamza": "حمزة", "Ibrahim": "إبراهيم", "Ziad": "زياد", "Walid": "وليد",
    "Anwar": "أنور", "Samir": "سمير", "Idris": "إدريس", "Ghassan": "غسان", "Yasin": "ياسين",
    "Fatima": "فاطمة", "Aisha": "عائشة", "Zainab": "زينب", "Usama": "أسامة", "Rashid": "راشد",
}  # fmt: skip
FAMILY = [
    "Haddad", "Sallum", "Qadiri", "Zahran", "Darwish", "Hamdan", "Belqasim", "Tamimi", "Awad",
    "Nasr", "Veskari", "Aldori", "Kellbrooki", "Mansouri", "Farhat", "Touati", "Kinani", "Zaydi",
    "Bakri", "Sabbagh", "Qureshi", "Siddiqui", "Wardak", "Durrani", "Bhatti", "Niazi",
]  # fmt: skip
VARIANTS = [("u", "ou"), ("i", "ee"), ("q", "k"), ("a", "e"), ("Kh", "H"), ("al-", "el-")]


def synthetic_name(rng: random.Random) -> str:
    return " ".join([*rng.sample(sorted(GIVEN), 2), rng.choice(FAMILY)])


def records(n: int, rng: random.Random) -> list[Listed]:
    out = []
    for i in range(n):
        name = synthetic_name(rng)
        first = name.split()[0]
        names = [
            ListedName(name.upper()),
            ListedName(GIVEN[first] + " " + name.split()[-1], original_script=True),
        ]
        names += [ListedName(f"Abu {rng.choice(sorted(GIVEN))} al-{rng.choice(FAMILY)}", "Good")]
        names += [ListedName(synthetic_name(rng), "Low")]
        out.append(
            Listed(
                str(9000000 + i),
                "individual",
                f"QDi.{i:03d}",
                "Al-Qaida",
                "2020-01-01",
                tuple(names),
            )
        )
    return out


def evidence(n: int, listed: list[Listed], rng: random.Random) -> list[str]:
    out = []
    for _ in range(n):
        if rng.random() < 0.3:
            name = rng.choice(listed).names[0].name.title()
            old, new = rng.choice(VARIANTS)
            out.append(name.replace(old, new))
        else:
            out.append(synthetic_name(rng))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--names", type=int, default=10000)
    args = parser.parse_args()
    rng = random.Random(1267)
    listed = records(args.records, rng)
    names = evidence(args.names, listed, rng)
    start = time.perf_counter()
    index = Index(listed)
    built = time.perf_counter()
    found = sum(len(index.match(name)) for name in names)
    done = time.perf_counter()
    print(
        f"{args.names} names against {args.records} records ({len(index.entries)} listed names): "
        f"index {built - start:.2f} s, matching {done - built:.2f} s, total {done - start:.2f} s; "
        f"{found} matches (target: under 2 s)"
    )


if __name__ == "__main__":
    main()
