"""A fictional team and customer survey for ``cx-pillars demo``: everything to try the
tool without typing.

The data is made up but shaped like the real thing: colleagues who rank their own area
high and rate it kindly, quarterly runs that improve a little, and customers of four
generations whose priorities differ (Gen Z put digital and friction first, Boomers
service and people), who rate the company lower than the team rates itself.
Deterministic: the same seed gives the same files.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime
from pathlib import Path

from cx_pillars.answers import to_assessment
from cx_pillars.errors import CxError
from cx_pillars.i18n import tr
from cx_pillars.pillars import Framework
from cx_pillars.store import save_assessment, write_new

TEAM = "Retail CX"

# name, role, areas this colleague over-weights (ranking) and flatters (self-score)
COLLEAGUES = [
    ("Ana Kowalska", "Customer service lead", ["service", "friction"], ["products"]),
    (
        "Ben Okafor",
        "Marketing manager",
        ["reputation", "advertising", "content"],
        ["advertising", "content", "reputation"],
    ),
    ("Chen Wei", "Digital product owner", ["digital", "friction"], ["digital"]),
    (
        "Dorota Nowak",
        "Store operations manager",
        ["non_digital", "representatives"],
        ["non_digital", "representatives"],
    ),
    ("Emre Yilmaz", "Head of customer experience", ["products", "service", "friction"], []),
    (
        "Fatima Haddad",
        "Sales director",
        ["representatives", "products"],
        ["representatives", "products"],
    ),
    ("Grzegorz Lis", "Logistics manager", ["friction", "non_digital", "products"], ["non_digital"]),
]

# How much the team thinks the organisation deserves, before anyone's bias (1-5).
TEAM_VIEW = {
    "advertising": 3.1,
    "content": 2.7,
    "digital": 3.0,
    "non_digital": 3.2,
    "communications": 2.8,
    "representatives": 3.1,
    "products": 3.7,
    "service": 2.8,
    "friction": 2.4,
    "reputation": 3.2,
}

# What the team as a whole believes customers value: close to customers on products and
# service, but too high on reputation, people and shops, too low on digital and friction.
TEAM_BELIEF = {
    "products": 2.6,
    "service": 2.2,
    "reputation": 2.0,
    "representatives": 1.9,
    "non_digital": 1.6,
    "communications": 1.2,
    "friction": 0.9,
    "digital": 0.7,
    "advertising": 0.8,
    "content": 0.3,
}

# What customers value (higher = more important) overall, and per generation.
CUSTOMER_VALUE = {
    "service": 3.0,
    "friction": 2.7,
    "products": 2.8,
    "digital": 1.9,
    "communications": 1.6,
    "representatives": 1.2,
    "reputation": 1.0,
    "content": 0.5,
    "non_digital": 0.8,
    "advertising": 0.0,
}
GENERATION_SHIFT = {
    "Gen Z": (
        {"digital": 2.2, "friction": 0.9, "non_digital": -1.0, "representatives": -0.6},
        (1997, 2008),
    ),
    "Millennials": ({"digital": 0.9, "content": 0.5}, (1981, 1996)),
    "Gen X": ({"products": 0.4}, (1965, 1980)),
    "Boomers": ({"non_digital": 1.4, "representatives": 1.2, "digital": -1.2}, (1946, 1964)),
}
GENERATION_SIZES = {"Gen Z": 96, "Millennials": 132, "Gen X": 118, "Boomers": 74}
# How customers rate the company (1-5): lower than the team on service and friction.
CUSTOMER_RATING = {
    "advertising": 3.1,
    "content": 3.0,
    "digital": 3.1,
    "non_digital": 3.4,
    "communications": 2.8,
    "representatives": 3.2,
    "products": 3.5,
    "service": 2.4,
    "friction": 2.2,
    "reputation": 3.2,
}

RUNS = [
    datetime(2026, 5, 12, 9, 30, tzinfo=UTC),
    datetime(2026, 8, 18, 10, 0, tzinfo=UTC),
    datetime(2026, 11, 16, 9, 0, tzinfo=UTC),
]


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def write_team(store: Path, fw: Framework, rng: random.Random) -> list[Path]:
    """Quarterly runs of the fictional team; the latest quarter has everyone."""
    paths = []
    for q, start in enumerate(RUNS):
        lift = 0.25 * q  # the team improves a little
        for k, (name, role, favourites, flattered) in enumerate(COLLEAGUES):
            if q < 2 and k % 3 == 2:  # not everyone took part earlier
                continue
            weight = {i: TEAM_BELIEF[i] + rng.gauss(0, 0.9) for i in fw.ids}
            for rank, fav in enumerate(favourites):
                weight[fav] += 1.6 - 0.4 * rank
            ranking = sorted(fw.ids, key=lambda i: -weight[i])
            ratings = {
                i: _clamp(
                    TEAM_VIEW[i] + lift + (0.8 if i in flattered else 0) + rng.gauss(0, 0.6), 1, 5
                )
                for i in fw.ids
            }
            notes = {}
            if q == 2 and name.startswith("Ana"):
                notes["service"] = "Refunds over 50 EUR still wait for a manager's approval."
            if q == 2 and name.startswith("Chen"):
                notes["digital"] = "Mobile checkout drop-off is 38%."
            answers = {
                "respondent": name,
                "team": TEAM,
                "role": role,
                "ratings": ratings,
                "ranking": ranking,
                "notes": notes,
            }
            when = start.replace(day=start.day + k % 5, hour=9 + k)
            paths.append(save_assessment(to_assessment(answers, fw, when=when), store))
    return paths


def write_survey(path: Path, fw: Framework, rng: random.Random) -> int:
    """A wide CSV export: respondent id, e-mail (never imported), birth year, one rank
    column per pillar, a 1-5 rating per pillar, NPS and CES. Returns the row count."""
    rows = []
    for generation, size in GENERATION_SIZES.items():
        shift, (born_from, born_to) = GENERATION_SHIFT[generation]
        for _ in range(size):
            value = {i: CUSTOMER_VALUE[i] + shift.get(i, 0.0) + rng.gauss(0, 1.2) for i in fw.ids}
            order = sorted(fw.ids, key=lambda i: -value[i])
            ranked = 10 if rng.random() > 0.15 else rng.choice([3, 5])  # some stop early
            ranks = {pid: (k + 1 if k < ranked else "") for k, pid in enumerate(order)}
            ratings = {i: _clamp(CUSTOMER_RATING[i] + rng.gauss(0, 0.9), 1, 5) for i in fw.ids}
            happy = sum(ratings.values()) / len(ratings)
            nps = _clamp(2.6 * happy - 1.0 + rng.gauss(0, 2.0), 0, 10)
            ces = _clamp(1.3 * ratings["friction"] + 1.0 + rng.gauss(0, 1.0), 1, 7)
            rows.append((rng.randint(born_from, born_to), ranks, ratings, nps, ces))
    rng.shuffle(rows)
    fh = io.StringIO(newline="")
    writer = csv.writer(fh)
    writer.writerow(
        [
            "respondent_id",
            "email",
            "birth_year",
            *fw.ids,
            *(f"rating_{i}" for i in fw.ids),
            "nps",
            "ces",
        ]
    )
    for n, (born, ranks, ratings, nps, ces) in enumerate(rows, start=1):
        writer.writerow(
            [
                f"R{n:04d}",
                f"customer{n}@example.com",
                born,
                *(ranks[i] for i in fw.ids),
                *(ratings[i] for i in fw.ids),
                nps,
                ces,
            ]
        )
    try:  # a new file, never through a name someone put there (a symlink)
        write_new(path, fh.getvalue().encode("utf-8"))
    except FileExistsError:
        raise CxError(tr("report.error.exists"), path=path) from None
    return len(rows)


def write_demo(folder: Path, fw: Framework, seed: int = 2026) -> tuple[Path, Path]:
    """The demo store (``folder/assessments``) and survey export (``folder/customers.csv``)."""
    rng = random.Random(seed)
    store = folder / "assessments"
    write_team(store, fw, rng)
    survey = folder / "customers.csv"
    write_survey(survey, fw, rng)
    return store, survey
