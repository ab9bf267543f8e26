"""The ``--map`` file: how an export's columns and answers name the pillars.

```toml
# cx-pillars survey import export.csv --map map.toml
question = "Please rank"          # optional: a fragment of the ranking question (as --question)

[columns]                         # a ranking column (header text or column id) = pillar id
"Q5_1" = "advertising"
"Ease of the process" = "friction"
12 = "service"                    # or its number (1 = the first), when headers repeat

[values]                          # an answer in item-per-rank exports (LimeSurvey codes,
"A1" = "advertising"              # MS Forms / Formbricks / SurveyJS lists) = pillar id

[positions]                       # a column holding the item ranked k-th = k, for
"Your top pick" = 1               # headers cx-pillars does not read as positions;
"7" = 2                           # a number is the column's place (1 = the first)

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

import difflib
import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path

from cx_pillars.errors import ValidationError
from cx_pillars.i18n import Message, tr
from cx_pillars.pillars import Framework, normalise_name

KEYS = ("question", "columns", "values", "positions", "ratings", "nps", "ces")
#: Placeholder in the map lines an error offers when no pillar can be guessed.
PILLAR_ID = "<pillar id>"
SHOWN_LINES = 12
#: The most the map lines of one error may take (errors.MAX_SHOWN is the whole line).
ADVICE_CHARS = 600


@dataclass
class ColumnMap:
    """A parsed map file (empty when none was given)."""

    columns: dict[str, str] = field(default_factory=dict)  # normalised name -> pillar id
    #: [columns] by number: 1-based column number -> pillar id (the same grid asked
    #: twice repeats every header; a number tells the columns apart)
    column_numbers: dict[int, str] = field(default_factory=dict)
    #: where each [columns] number stands in the map file: key as written, line
    column_keys: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    ratings: dict[str, str] = field(default_factory=dict)
    #: [positions]: header text (normalised) or 1-based column number -> rank k
    positions: dict[str, int] = field(default_factory=dict)
    #: where each [positions] key stands in the map file: key as written, line
    position_keys: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    nps: str | None = None  # normalised column name
    ces: str | None = None
    question: str | None = None
    source: str = ""

    def __bool__(self) -> bool:
        return bool(
            self.columns
            or self.column_numbers
            or self.values
            or self.positions
            or self.ratings
            or self.nps
            or self.ces
            or self.question
        )


def load_map(path: Path | str | None, fw: Framework) -> ColumnMap:
    """Read and check a map file; errors name the file and the key."""
    if path is None:
        return ColumnMap()
    from cx_pillars.files import load_toml

    path = Path(path)
    text, data = load_toml(path, "map file")  # errors name the file (and the line)
    unknown = set(data) - set(KEYS)
    if unknown:
        raise ValidationError(
            tr(
                "survey.map.unknown_keys", keys=", ".join(sorted(unknown)), expected=", ".join(KEYS)
            ),
            path=path,
        )
    result = ColumnMap(source=str(path))
    for table in ("columns", "values", "ratings"):
        raw = data.get(table, {})
        if not isinstance(raw, dict):
            raise ValidationError(tr("survey.map.table"), path=path, field=table)
        out = {}
        for name, pid in raw.items():
            if table == "columns" and number_like(name):
                _column_number(name, pid, text, path, fw, result)
                continue
            if not isinstance(pid, str) or pid not in fw.ids:
                raise ValidationError(
                    not_a_pillar(pid, fw),
                    path=path,
                    line=key_line(text, table, name),
                    field=f"{table}.{name}",
                )
            out[normalise_name(name)] = pid
        setattr(result, table, out)
    _load_positions(data.get("positions", {}), text, path, fw, result)
    for key in ("nps", "ces", "question"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(tr("survey.map.column_name"), path=path, field=key)
        setattr(result, key, value.strip() if key == "question" else normalise_name(value))
    return result


def not_a_pillar(given: object, fw: Framework) -> Message:
    """A map file's value that is no pillar id, with a "did you mean": the pillar it
    names by label or alias (in any language), else the closest id, label or alias."""
    every = ", ".join(fw.ids)
    guess = None
    if isinstance(given, str) and given.strip():
        guess = fw.match(given)
        if guess is None:
            names: dict[str, str] = {}
            for p in fw.pillars:
                for n in sorted(p.names()):
                    names.setdefault(n, p.id)
            close = difflib.get_close_matches(normalise_name(given), list(names), n=1, cutoff=0.6)
            guess = names[close[0]] if close else None
    if guess is not None:
        return tr(
            "survey.map.not_a_pillar_guess",
            given=given,
            guess=guess,
            framework=fw.id,
            pillars=every,
        )
    return tr("survey.map.not_a_pillar", given=given, framework=fw.id, pillars=every)


_NUMBER_LIKE = re.compile(r"[+-]?\d+(?:[.,]\d*)?")


def number_like(name: str) -> bool:
    """A [columns] key written as a number (``12``, ``"12"``, ``0``, ``-3``, ``12.5``): a
    column number, whole and from 1, or a mistake; anything else is a header."""
    return bool(_NUMBER_LIKE.fullmatch(name.strip()))


def _column_number(
    name: str, pid: object, text: str, path: Path, fw: Framework, result: ColumnMap
) -> None:
    """``[columns] 12 = "service"``: column 12 (counting from 1) holds that pillar's rank.
    Errors name the line: not a whole number from 1, a column or a pillar given twice."""
    key = name.strip()
    if isinstance(pid, dict):  # 12.5 = "x" is a dotted key in TOML: {"12": {"5": "x"}}
        key = f"{key}.{next(iter(pid), '')}"
    where = f"columns.{key}"
    line = key_line(text, "columns", key)
    if not key.isdecimal() or int(key) == 0:
        raise ValidationError(
            tr("survey.map.column_not_number", name=key),
            path=path,
            line=line,
            field=where,
            hint=tr("survey.map.column_number_hint"),
        )
    if not isinstance(pid, str) or pid not in fw.ids:
        raise ValidationError(
            not_a_pillar(pid, fw),
            path=path,
            line=line,
            field=where,
        )
    number = int(key)
    if number in result.column_numbers:
        raise ValidationError(
            tr(
                "survey.map.column_number_twice", number=number, other=result.column_keys[number][0]
            ),
            path=path,
            line=line,
            field=where,
        )
    for other, given in result.column_numbers.items():
        if given == pid:
            raise ValidationError(
                tr("survey.map.column_pillar_twice", pillar=pid, other=other),
                path=path,
                line=line,
                field=where,
                hint=tr("survey.map.column_pillar_twice_hint"),
            )
    result.column_numbers[number] = pid
    result.column_keys[number] = (key, line)


def _load_positions(raw: object, text: str, path: Path, fw: Framework, result: ColumnMap) -> None:
    """``[positions]``: "header text" = k or "7" = k; k a whole number 1..n, each once."""
    if not isinstance(raw, dict):
        raise ValidationError(
            tr("survey.map.positions_table"), path=path, field="positions", hint=_positions_hint()
        )
    taken: dict[int, str] = {}
    for name, k in raw.items():
        line = key_line(text, "positions", name)
        where = f"positions.{toml_string(name)}"
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= fw.n:
            raise ValidationError(
                tr("survey.map.position_range", value=repr(k), n=fw.n, framework=fw.id),
                path=path,
                line=line,
                field=where,
            )
        if not name.strip():
            raise ValidationError(
                tr("survey.map.position_blank"), path=path, line=line, field=where
            )
        if k in taken:
            raise ValidationError(
                tr("survey.map.position_twice", k=k, other=toml_string(taken[k])),
                path=path,
                line=line,
                field=where,
                hint=tr("survey.map.position_twice_hint"),
            )
        taken[k] = name
        norm = name.strip() if name.strip().isdecimal() else normalise_name(name)
        if norm in result.positions:
            raise ValidationError(
                tr("survey.map.position_same_column"), path=path, line=line, field=where
            )
        result.positions[norm] = k
        result.position_keys[norm] = (name, line)


def _positions_hint() -> Message:
    return tr("survey.map.positions_hint")


def key_line(text: str, table: str, name: str) -> int | None:
    """The line of ``name = ...`` inside ``[table]`` of a TOML text (None if not found)."""
    in_table = False
    quoted = {toml_string(name), f"'{name}'", name}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip().lstrip("\ufeff")
        if line.startswith("["):
            in_table = line.strip("[] ").strip() == table
            continue
        if in_table and "=" in line:
            left = line.split("=", 1)[0].strip()
            if left in quoted:
                return number
    return None


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string: what a map line must hold to match exactly."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    out = re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", out)
    return f'"{out}"'


def map_lines(pairs: Sequence[tuple[str | int, str | int]], table: str) -> Message:
    """The map lines to copy: ``[table] "name" = "pillar id"; ...`` (names as in the file,
    a column number as a bare number: ``12 = "service"``)."""
    shown = [
        f"{name if isinstance(name, int) else toml_string(name)} = "
        f"{value if isinstance(value, int) else toml_string(value)}"
        for name, value in pairs[:SHOWN_LINES]
    ]
    # Whole lines only, as many as fit the error line (a longer one is cut in the
    # middle, and a cut line cannot be copied); the rest are named by the next run.
    while len(shown) > 1 and sum(len(line) + 2 for line in shown) > ADVICE_CHARS:
        shown.pop()
    more = "; …" if len(pairs) > len(shown) else ""
    return tr("survey.error.map_example", table=table, pairs="; ".join(shown) + more)


def guess_pillars(names: list[str], fw: Framework, exclude: Set[str] = frozenset()) -> list[str]:
    """A pillar id for each name when a pillar has a similar label (else ``<pillar id>``):
    the closest name of a pillar, at least 0.75 alike, or a whole word of the name that
    is a pillar's alias ("Friendly staff" -> representatives); each pillar once, to the
    name most like it; pillars in ``exclude`` (matched elsewhere) are not offered."""
    scored: list[tuple[float, int, str]] = []
    for i, name in enumerate(names):
        key = normalise_name(name)
        words = set(re.findall(r"\w+", key))
        best: dict[str, float] = {}
        for p in fw.pillars:
            if p.id in exclude:
                continue
            for candidate in p.names():
                ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
                if len(candidate) >= 4 and candidate in words:
                    ratio = max(ratio, 0.8)
                best[p.id] = max(best.get(p.id, 0.0), ratio)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= 0.75 and (len(ranked) < 2 or ranked[1][1] < ranked[0][1]):
            scored.append((ranked[0][1], i, ranked[0][0]))
    out = [PILLAR_ID] * len(names)
    used: set[str] = set()
    for _, i, pid in sorted(scored, key=lambda t: (-t[0], t[1])):
        if pid not in used:
            out[i] = pid
            used.add(pid)
    return out


def example_hint() -> str:
    return "cx-pillars survey import --help"


def map_example(pairs: list[tuple[str, str]], table: str = "columns") -> Message:
    """A one-line illustration of the map file for the error messages."""
    shown = "; ".join(f'"{name}" = "{pid}"' for name, pid in pairs[:2])
    return tr("survey.error.map_example", table=table, pairs=shown)
