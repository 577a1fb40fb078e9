"""The material of the leak vectors: each puts a canary word in withheld
material of a copy of the example (see test_leak_vectors.py)."""

from __future__ import annotations

# One public section holding the vectors in Markdown; each canary is the
# only word of its kind, so that a hit names the vector.
SECTION = """\
# Vectors

A public opening paragraph of the vectors section.

::: {.restricted}
The first CANARYV01X passage, restricted.
:::

::: {.confidential}
The CANARYV02X passage, confidential.
:::

::: {.secret}
The CANARYV03X passage, secret.
:::

- A public item.
- ::: {.restricted}
  An item CANARYV04X withheld.
  :::
- Another public item.

1. The first public step.
2. ::: {.restricted}
   A step CANARYV05X withheld.
   :::

- Level one.
    - Level two.
        - Level three.

          ::: {.restricted}
          A deep CANARYV06X item.
          :::

> A public quotation.
>
> ::: {.restricted}
> Quoted CANARYV07X words.
> :::

+-----------------+----------------------+
| Public heading  | Other heading        |
+=================+======================+
| Public cell     | ::: {.restricted}    |
|                 | Cell CANARYV08X      |
|                 | :::                  |
+-----------------+----------------------+

| Column | Value                          |
|--------|--------------------------------|
| Public | [Pipe CANARYV09X]{.restricted} |

Public term
:   A public definition.

Another term
:   ::: {.restricted}
    Defined CANARYV10X words.
    :::

A paragraph with a note.[^v11]

[^v11]: A public note.

    ::: {.restricted}
    Note CANARYV11X body.
    :::

![Map of the province [CANARYV12X]{.restricted}](figures/northern-marches.png)

A paragraph with [a CANARYV13X span]{.restricted} inside.

## A heading with [CANARYV14X]{.restricted} words

+-----------------+--------------------------------+
| Public          | Value                          |
+=================+================================+
| Grid            | Cell [CANARYV15X]{.restricted} |
+-----------------+--------------------------------+

Text with a second note.[^v16]

[^v16]: A note with [CANARYV16X]{.restricted} in it.

See [the public report [CANARYV17X]{.restricted}](https://example.org/report).

![CANARYV18X alt text](figures/northern-marches.png){.restricted}

A capitalised [CANARYV19X]{.Restricted} span.

::: {.RESTRICTED}
Shouted CANARYV20X passage.
:::

An attribute [CANARYV21X words]{classification="restricted"} span.

::: {classification=Confidential}
An attribute CANARYV22X passage.
:::

## A heading CANARYV23X withheld {.restricted}

<div class="restricted">
Native CANARYV26X div.
</div>

A native <span class="confidential">CANARYV27X</span> span.

```{.restricted}
Code block CANARYV28X
```

Inline `CANARYV29X`{.restricted} code.

::: restricted
A bare CANARYV30X class.
:::

A [CANARYV31X link](https://example.org/x){.restricted} with attributes.

::: {#outer}
Public text in a div.

::: {.restricted}
A nested CANARYV32X div.
:::
:::

Some *emphasis with [CANARYV33X]{.restricted} inside*.

| Name | Value |
|------|-------|
| Row  | Cell  |

: A table CANARYV34X caption {.restricted}

A closing public paragraph.
"""

RESTRICTED_SECTION = """\
---
classification: restricted
---

# Restricted section

The CANARYV24X section is restricted.
"""

CONFIDENTIAL_SECTION = """\
---
classification: Confidential
---

# Confidential section

The CANARYV25X section is confidential, spelt in capitals.
"""

RECORD = """\
---
# FICTIONAL: an invented restricted incident for the hostile corpus.
id: ALD-2026-007
title: Raid at CANARYV38X
event_date: 2026-10-14
location:
  place: Place CANARYV41X
  admin1: Northern Marches
  latitude: -37.45
  longitude: -17.9
event_type: Strategic developments
sub_event_type: Disrupted weapons use
attack_type: Unknown
weapon_type: Explosives
target_type: Unknown
actor1: Actor CANARYV46X group
casualties: {}
attribution:
  to: Group CANARYV39X
  basis: Basis CANARYV40X markings
  confidence: probable
classification: restricted
---

A patrol found the CANARYV37X cache near the crossing.
"""

CAPITAL_RECORD = RECORD.replace("ALD-2026-007", "ALD-2026-008").replace(
    "classification: restricted", "classification: Confidential"
)
for _old, _new in (
    ("CANARYV38X", "Ridge"),
    ("CANARYV41X", "Ridge"),
    ("CANARYV46X", "Other"),
    ("CANARYV39X", "Other"),
    ("CANARYV40X", "Some"),
    ("CANARYV37X", "CANARYV42X"),
):
    CAPITAL_RECORD = CAPITAL_RECORD.replace(_old, _new)

NARRATIVE_DIV = """

::: {.restricted}
The source CANARYV35X named the group.
:::
"""

NARRATIVE_SPAN = "\n\nThe post [CANARYV36X said more]{.restricted} than that.\n"

EXHIBIT = """\
exhibits:
  - file: exhibits/photo.txt
    sha256: {sha}
    title: Photograph CANARYV43X of the site
    captured: 2026-08-10
    by: Forensic unit
    origin: on site
    classification: restricted
"""

# canary -> the lowest edition that may show it (its liveness proof)
WITHHELD: dict[str, str] = {
    **{f"CANARYV{n:02d}X": "internal" for n in range(1, 44)},
    "CANARYV03X": "all",
}
