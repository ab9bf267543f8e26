"""The ``--map`` file: how an export's columns and answers name the pillars.

```toml
# cx-pillars survey import export.csv --map map.toml
question = "Please rank"          # optional: a fragment of the ranking question (as --question)

[columns]                         # a ranking column (header text or column id) = pillar id
"Q5_1" = "advertising"
"Ease of the process" = "friction"

[values]                          # an answer in item-per-rank exports (LimeSurvey codes,
"A1" = "advertising"              # MS Forms / Formbricks / SurveyJS lists) = pillar id

[ratings]                         # a 1-5 performance rating column = pillar id
"Q7_1" = "advertising"

nps = "Q9"                        # the 0-10 "would you recommend" column
ces = "Q10"                       # the 1-7 "easy to handle" column
```
Names are matched like pillar labels: case, accents' composed forms and runs of
spaces do not matter.  Anything the map does not name is matched by pillar id,
label, short label, alias or translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cx_pillars.errors import ValidationError
from cx_pillars.i18n import Message, tr
from cx_pillars.pillars import Framework, normalise_name

KEYS = ("question", "columns", "values", "ratings", "nps", "ces")


@dataclass
class ColumnMap:
    """A parsed map file (empty when none was given)."""

    columns: dict[str, str] = field(default_factory=dict)  # normalised name -> pillar id
    values: dict[str, str] = field(default_factory=dict)
    ratings: dict[str, str] = field(default_factory=dict)
    nps: str | None = None  # normalised column name
    ces: str | None = None
    question: str | None = None
    source: str = ""

    def __bool__(self) -> bool:
        return bool(
            self.columns or self.values or self.ratings or self.nps or self.ces or self.question
        )


def load_map(path: Path | str | None, fw: Framework) -> ColumnMap:
    """Read and check a map file; errors name the file and the key."""
    if path is None:
        return ColumnMap()
    from cx_pillars.files import load_toml

    path = Path(path)
    _, data = load_toml(path, "map file")  # errors name the file (and the line)
    unknown = set(data) - set(KEYS)
    if unknown:
        raise ValidationError(
            f"unknown key(s) {', '.join(sorted(unknown))} (expected {', '.join(KEYS)})", path=path
        )
    result = ColumnMap(source=str(path))
    for table in ("columns", "values", "ratings"):
        raw = data.get(table, {})
        if not isinstance(raw, dict):
            raise ValidationError('must be a table of "name" = "pillar_id"', path=path, field=table)
        out = {}
        for name, pid in raw.items():
            if not isinstance(pid, str) or pid not in fw.ids:
                raise ValidationError(
                    f"{pid!r} is not a pillar id of {fw.id} (one of {', '.join(fw.ids)})",
                    path=path,
                    field=f"{table}.{name}",
                )
            out[normalise_name(name)] = pid
        setattr(result, table, out)
    for key in ("nps", "ces", "question"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ValidationError("must be a column name (a string)", path=path, field=key)
        setattr(result, key, value.strip() if key == "question" else normalise_name(value))
    return result


def example_hint() -> str:
    return "cx-pillars survey import --help"


def map_example(pairs: list[tuple[str, str]], table: str = "columns") -> Message:
    """A one-line illustration of the map file for the error messages."""
    shown = "; ".join(f'"{name}" = "{pid}"' for name, pid in pairs[:2])
    return tr("survey.error.map_example", table=table, pairs=shown)
