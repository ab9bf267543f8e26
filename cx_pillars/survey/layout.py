"""Which columns of an export hold the ranking, the ratings, NPS, CES and the segment.

Two opposite encodings of a ranking exist (FORMATS.md §9):

* **per item** (Qualtrics, SurveyMonkey, Google Forms grids, plain wide CSV): one
  column per item, the cell holds the rank given to it;
* **item per rank**: LimeSurvey's ``[Ranking k]`` / ``Q[k]`` columns (column k holds
  the item ranked k-th), or one cell holding the whole ranking as a list (Microsoft
  Forms ``a;b;c;``, Formbricks ``a; b; c``, SurveyJS JSON arrays).

The header rows are read first (1 to 3, as FORMATS.md says: Qualtrics' row 3 of
``ImportId`` objects, its legacy ``V1,V2`` row, SurveyMonkey's sub-header row), then
a bounded sample of rows decides which question is the ranking: every question
whose columns or answers name the pillars is a candidate, and the ranking is the one
whose cells are rankings (distinct whole numbers 1..n per row, or lists of distinct
pillars).  A multi-select question naming the same items loses because its cells
are not distinct ranks; a rating grid loses because its rows repeat values.  When
two candidates are equally good, the import stops and asks for ``--question``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cx_pillars.errors import CxError, UsageError
from cx_pillars.i18n import Message, joined, tr
from cx_pillars.pillars import Framework, normalise_name
from cx_pillars.survey import cells, vocabulary
from cx_pillars.survey.mapping import (
    PILLAR_ID,
    SHOWN_LINES,
    ColumnMap,
    guess_pillars,
    map_lines,
    number_like,
    toml_string,
)
from cx_pillars.survey.read import JsonRecords, Records, Source

FORMATS = (
    "wide",
    "qualtrics",
    "surveymonkey",
    "google-forms",
    "limesurvey",
    "ms-forms",
    "formbricks",
    "surveyjs",
    "typeform",
)
FORMAT_NAMES = {
    "wide": "plain wide CSV",
    "qualtrics": "Qualtrics",
    "surveymonkey": "SurveyMonkey",
    "google-forms": "Google Forms",
    "limesurvey": "LimeSurvey",
    "ms-forms": "Microsoft Forms",
    "formbricks": "Formbricks",
    "surveyjs": "SurveyJS JSON",
    "typeform": "Typeform",
    "summary": "pre-aggregated summary",
}
# Which encodings of a ranking each tool produces.
KINDS = {
    "wide": ("per-item", "positions", "list"),
    "typeform": ("per-item", "positions", "list"),
    # A top k asked as k single-choice questions ("your highest / second highest
    # priority") is item-per-rank in any tool.
    "qualtrics": ("per-item", "positions"),
    "surveymonkey": ("per-item", "positions"),
    "google-forms": ("per-item", "positions"),
    "limesurvey": ("positions",),
    "ms-forms": ("list",),
    "formbricks": ("list",),
    "surveyjs": ("list",),
}
SAMPLE_ROWS = 500
SAMPLE_CELLS = 300_000

# Word boundaries that treat "_" as a separator too (rating_service, nps_score).
_B, _E = r"(?<![^\W_])", r"(?![^\W_])"
RANK_WORDS = re.compile(
    rf"{_B}rank|{_B}order of{_E}|{_B}prioriti|{_B}importan|"
    r"most to least|uszereguj|kolejno|ranking|排序|排名",
    re.I,
)
RATING_WORDS = re.compile(
    rf"{_B}rat(e|es|ed|ing|ings){_E}|{_B}scores?{_E}|{_B}perform|"
    rf"{_B}satisf|{_B}how (well|good){_E}|{_B}grade{_E}|ocen|"
    r"评分|评价|評分|評價",
    re.I,
)
NPS_WORDS = re.compile(rf"{_B}nps{_E}|recommend|net promoter|polec|推荐|推薦", re.I)
CES_WORDS = re.compile(
    rf"{_B}ces{_E}|effort|{_B}eas(y|ier|ily|e of){_E}|{_B}difficult|"
    r"łatw|容易|省力|轻松|輕鬆",
    re.I,
)
_STRIP_RANK = re.compile(
    r"^(?:rank(?:ing|ed)?|priority)[\s:_\-#.]+|"
    r"[\s:_\-]+(?:rank(?:ing|ed)?|priority)$|\s*\((?:rank(?:ing)?)\)$",
    re.I,
)
_STRIP_RATING = re.compile(
    r"^(?:rat(?:ing|e)|score|performance)[\s:_\-#.]+|"
    r"[\s:_\-]+(?:rat(?:ing|e)|score|performance)$|"
    r"\s*\((?:rat(?:ing|e)|score)\)$",
    re.I,
)
DATE_HEADERS = vocabulary.DATE_METADATA
SM_SUBHEADERS = {"response", "open-ended response", "other (please specify)", ""}


@dataclass
class Column:
    index: int
    label: str  # how the mapping table shows it
    names: tuple[str, ...]  # normalised names to match, most specific first
    qkey: str = ""  # question it belongs to ("" = none: a wide column)
    question: str = ""  # question text
    item: str = ""  # the item within the question
    position: int | None = None  # k for a "[Ranking k]" / "Q[k]" / "2nd choice" column
    skip: bool = False  # Formbricks' "- Option ID" twin, display order...
    json_key: tuple[str, str | None] | None = None
    header: str = ""  # the header text as written (the map's [positions] names it)
    meta: bool = False  # a column the tool adds itself (id, date, page, language)
    other: bool = False  # "Other (please specify)": free text, never a ranking
    near: int | None = None  # names position k, but no question of positions has it
    plain: tuple[str, str, str] | None = None  # (qkey, question, item) before a position


#: What a plain wide export's ranking question is called (it has no text of its own);
#: screens show it in their language (``survey.pillar_named``).
PILLAR_NAMED = "the pillar-named columns"


@dataclass
class Candidate:
    kind: str  # "per-item", "positions", "list"
    qkey: str
    question: str
    columns: list[Column]
    pillars: list[str | None] = field(default_factory=list)  # per-item: per column
    score: float = 0.0
    answered: int = 0
    above_one: bool = False
    unknown: Counter[str] = field(default_factory=Counter)
    matched: int = 0
    #: per-item: the question's "Other" items the framework has none of (their ranks are
    #: left out and the pillars' ranks closed up)
    others: list[Column] = field(default_factory=list)

    def text(self) -> str:
        q = self.question or (self.columns[0].label if self.kind != "per-item" else "")
        if not q and self.kind == "per-item":
            q = PILLAR_NAMED
        q = " ".join(q.split())
        return (q[:70] + "…") if len(q) > 71 else q


@dataclass
class Plan:
    """Everything the streaming engine needs to know about the file."""

    source: Source
    format: str
    header_rows: int
    header_lines: int
    width: int
    kind: str
    question: str
    rank_columns: list[int]
    rating_columns: list[int | None] | None = None
    nps_column: int | None = None
    ces_column: int | None = None
    segment_kind: str | None = None
    segment_column: int | None = None
    segment_label: str = ""
    date_column: int | None = None
    defang: bool = False
    json_keys: list[tuple[str, str | None]] | None = None
    mapping: list[tuple[str, str]] = field(default_factory=list)
    extras: list[tuple[str, str | Message]] = field(default_factory=list)
    values: dict[str, int] = field(default_factory=dict)
    matcher: ValueMatcher | None = None
    missing: frozenset[str] = frozenset()  # further no-answer tokens (cells.missing_keys)
    group_titles: bool = False  # the first header row holds group titles
    #: positions: a choice column -> the "Other" text column right after it
    other_columns: dict[int, int] = field(default_factory=dict)
    #: per-item: the rank columns of "Other" items the framework has none of; a rank
    #: there is left out and the pillars below it move up (Other 1st, Service 2nd:
    #: Service is 1st of the pillars)
    other_rank_columns: list[int] = field(default_factory=list)
    other_items: list[str] = field(default_factory=list)  # their items, as the export names them

    @property
    def format_name(self) -> str | Message:
        """The layout read: a tool's name, or words for a plain wide file or sheet."""
        return format_name(self.format, sheet=self.source.sheet is not None)

    @property
    def format_text(self) -> str:
        """The layout, header rows and how the file was read, in English (the import's
        line says it in the run's language: views.survey.read_as)."""
        name = str(self.format_name)
        if self.source.kind == "csv":
            rows = rows_text(self.header_rows, self.group_titles)
            return f"{name} ({rows}; {self.source.describe()})"
        return f"{name} ({self.source.describe()})"

    @property
    def detected(self) -> dict[str, Any]:
        """What the import detected, for ``--json``: format, header rows, question."""
        return {
            "format": self.format,
            "header_rows": self.header_rows,
            "group_titles": self.group_titles,
            "question": self.question,
            "kind": self.kind,
        }


def format_name(fmt: str, sheet: bool = False) -> str | Message:
    """A layout's name: a tool's name as it is (Qualtrics, Microsoft Forms), else words to
    put into the run's language; a plain wide layout read from a workbook is a sheet."""
    if fmt == "wide":
        return tr("survey.read_as.wide_sheet" if sheet else "survey.read_as.wide")
    if fmt == "summary":
        return tr("survey.read_as.summary")
    return FORMAT_NAMES.get(fmt, fmt)


def rows_text(header_rows: int, group_titles: bool = False) -> str:
    """The header rows in English (views.survey.read_as says them in any language)."""
    if group_titles:
        return f"{header_rows} header rows: group titles above the column names"
    return "1 header row" if header_rows == 1 else f"{header_rows} header rows"


class ValueMatcher:
    """Answers in item-per-rank exports -> pillar index (-1 unknown), cached."""

    def __init__(self, fw: Framework, cmap: ColumnMap) -> None:
        self.fw = fw
        self.index = {pid: i for i, pid in enumerate(fw.ids)}
        self.map = cmap.values
        self.cache: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        hit = self.cache.get(text)
        if hit is not None:
            return hit
        key = normalise_name(text)
        pid = self.map.get(key) or self.fw.match(text)
        result = self.index[pid] if pid else -1
        if len(self.cache) < 100_000:
            self.cache[text] = result
        return result


def split_list(value: object) -> list[str]:
    """A ranking held in one cell: ``a;b;c;`` (MS Forms), ``a; b; c`` (Formbricks), a JSON list."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


# -- header rows -----------------------------------------------------------------------------


def _import_id(cell: str) -> str | None:
    cell = cell.strip()
    if not cell.startswith("{"):
        return None
    try:
        obj = json.loads(cell)
    except ValueError:
        try:
            obj = json.loads(cell.replace("'", '"'))
        except ValueError:
            return None
    if isinstance(obj, dict) and "ImportId" in obj:
        choice = obj.get("choiceId")
        return str(obj["ImportId"]) + (f"#choice{choice}" if choice is not None else "")
    return None


_DATA_LIKE = re.compile(
    r"^[-+]?\d+(?:[.,]\d+)?$|^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|@|^[0-9a-f]{16,}$", re.I
)


def group_titles(rows: list[list[str]]) -> bool:
    """The first row holds group titles above the column names (Typeform, hand-made
    sheets): mostly blank, while the second row names every column and holds no data
    (numbers, dates, e-mails, tokens)."""
    if len(rows) < 2:
        return False
    r1, r2 = rows[0], rows[1]
    width = max(len(r1), len(r2))
    if width < 2:
        return False
    titles = [c for c in r1 if c.strip()]
    names = [c for c in r2 if c.strip()]
    if not titles or 2 * len(titles) > width or len(names) < 0.9 * width:
        return False
    if len(titles) >= len(names):
        return False
    data_like = sum(1 for c in names if _DATA_LIKE.search(c.strip()))
    return data_like <= 0.2 * len(names)


def detect_format(rows: list[list[str]], given: str) -> tuple[str, int]:
    """(format, header rows) from the first three records."""
    fmt, n = _detect_format(rows, given)
    if n == 1 and fmt != "ms-forms" and group_titles(rows):
        fmt, _ = _detect_format(rows[1:], given)
        return fmt, 2
    return fmt, n


def _detect_format(rows: list[list[str]], given: str) -> tuple[str, int]:
    r1 = [c.strip() for c in rows[0]] if rows else []
    r2 = rows[1] if len(rows) > 1 else []
    r3 = rows[2] if len(rows) > 2 else []
    qualtrics3 = any(c.lstrip().startswith(('{"ImportId"', "{'ImportId'")) for c in r3)
    if given == "qualtrics":
        return given, 3 if qualtrics3 else 2
    if given == "surveymonkey":
        return given, 2
    if given != "auto":
        return given, 1
    low = [c.casefold() for c in r1]
    if qualtrics3:
        return "qualtrics", 3
    if low[:2] == ["v1", "v2"]:
        return "qualtrics", 2
    sub = {c.strip().casefold() for c in r2}
    if low[:1] in (["respondentid"], ["respondent id"]) or (
        {"response", "open-ended response"} & sub and "" in r1[1:]
    ):
        return "surveymonkey", 2
    if "formbricks id (internal)" in low or any(c.endswith(" - option id") for c in low):
        return "formbricks", 1
    if tuple(c.strip() for c in low[1:3]) in vocabulary.MS_FORMS_TIMES:
        return "ms-forms", 1
    if any(re.search(r"\[(?:rank(?:ing)?|rang|ranga|排名) ?\d+\]$", c) for c in low) or (
        low[:1]
        and vocabulary.is_metadata(low[0])
        and any(re.fullmatch(r".+\[\d+\]", c) for c in low)
    ):
        return "limesurvey", 1
    if low[:1] == ["#"] or {"network id", "submit date (utc)"} <= set(low):
        return "typeform", 1
    if low[:1] and low[0] in vocabulary.GOOGLE_FORMS_TIMESTAMPS:
        return "google-forms", 1
    return "wide", 1


def _names(*texts: str) -> tuple[str, ...]:
    seen: list[str] = []
    for t in texts:
        n = normalise_name(t) if t else ""
        if n and n not in seen:
            seen.append(n)
    return tuple(seen)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _split_common(texts: list[str]) -> tuple[str, list[str]]:
    """Question text and item texts of columns sharing a question (common prefix)."""
    if len(texts) < 2:
        t = texts[0] if texts else ""
        for sep in (" - ", "-"):
            if sep in t:
                q, _, item = t.rpartition(sep)
                return q.strip(), [item.strip()]
        return t, [""]
    prefix = texts[0]
    for t in texts[1:]:
        i = 0
        while i < min(len(prefix), len(t)) and prefix[i] == t[i]:
            i += 1
        prefix = prefix[:i]
    cut = -1
    for sep in (" - ", "-", ": ", ":"):
        at = prefix.rfind(sep)
        if at >= 0:
            cut = at + len(sep)
            break
    if cut < 0:
        return prefix.strip(), [t.strip() for t in texts]
    return prefix[:cut].rstrip(" -:"), [t[cut:].strip() for t in texts]


def columns_from_header(fmt: str, rows: list[list[str]]) -> list[Column]:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    cols: list[Column] = []
    if fmt == "qualtrics":
        ids, texts = rows[0], rows[1]
        imports = rows[2] if len(rows) > 2 else [""] * width
        keys = []
        for i in range(width):
            iid = _import_id(imports[i]) or ""
            m = re.match(r"^(QID\d+(?:#\d+)?)", iid)
            if m:
                key = m.group(1)
                skip = bool(re.search(r"_DO\b|_DO_|TEXT", iid))
            else:
                m = re.match(r"^([^_]+)_(.+)$", ids[i])
                key = m.group(1) if (m and not len(rows) > 2) else f"~{ids[i]}"
                skip = ids[i].endswith(("_DO", "_TEXT")) or "_DO_" in ids[i]
            keys.append((key, skip))
        groups: dict[str, list[int]] = {}
        for i, (key, skip) in enumerate(keys):
            if not skip:
                groups.setdefault(key, []).append(i)
        item_of, question_of = {}, {}
        for members in groups.values():
            q, items = _split_common([texts[i] for i in members])
            for i, item in zip(members, items):
                item_of[i], question_of[i] = item, q
        for i in range(width):
            key, skip = keys[i]
            item, q = item_of.get(i, ""), question_of.get(i, texts[i])
            suffix = ids[i].split("_", 1)[1] if "_" in ids[i] else ""
            col = Column(
                i,
                f"{ids[i]} {_short(item or texts[i], 50)}".strip(),
                _names(item, texts[i], ids[i], suffix),
                key,
                q or texts[i],
                item,
                skip=skip,
                header=texts[i],
                meta=vocabulary.is_metadata(ids[i]) or vocabulary.is_metadata(texts[i]),
                other=vocabulary.is_other(item or texts[i]) or ids[i].endswith("_TEXT"),
            )
            if len(groups.get(key, ())) == 1 and not col.meta:
                _vocabulary_position(col, texts[i], "")
            cols.append(col)
        return _settle_positions(cols)
    if fmt == "surveymonkey":
        question = ""
        for i in range(width):
            top, sub = rows[0][i].strip(), rows[1][i].strip()
            if top:
                question = top
            generic = sub.casefold() in SM_SUBHEADERS
            item = "" if generic else sub
            label = _short(item or question, 60)
            col = Column(
                i,
                label,
                _names(item, question if generic else ""),
                question if not generic else f"~{i}",
                question,
                item,
                header=item or question,
                meta=not sub and vocabulary.is_metadata(top),
                other=vocabulary.is_other(sub) and sub.casefold() != "response",
            )
            if generic and top and not col.other and not col.meta:  # a question's own column
                _vocabulary_position(col, question, "")
            cols.append(col)
        return _settle_positions(cols)
    # One header row (and maybe a row of group titles above it).
    titles = _forward_filled(rows[0]) if len(rows) > 1 else [""] * width
    for i, raw in enumerate(rows[-1]):
        h = cells_defang(raw) if fmt == "formbricks" else raw
        h = h.strip()
        label = _short(h, 60)
        meta = vocabulary.is_metadata(h)
        other = vocabulary.is_other(h)
        if fmt == "formbricks":
            if h.casefold().endswith(" - option id"):
                cols.append(Column(i, label, (), f"~{i}", h, skip=True, header=h))
                continue
            q = re.sub(r"^\d+\.\s*", "", h)
            cols.append(
                Column(i, label, _names(q, h), f"~{i}", q, header=h, meta=meta, other=other)
            )
            continue
        m = re.match(r"^(.*?)\s*\[([^\[\]]+)\]\s*$", h)
        if m and m.group(1):
            question, item = m.group(1).strip(), m.group(2).strip()
            k = re.fullmatch(r"(?:rank(?:ing)?\s*)?(\d{1,2})", item, re.I)
            found = vocabulary.position_of(item) if not k else None
            position = int(k.group(1)) if k else found.k if found and not found.rest else None
            cols.append(
                Column(
                    i,
                    label,
                    _names(item, h),
                    f"q:{question}",
                    question,
                    item,
                    position,
                    header=h,
                    other=vocabulary.is_other(item),
                )
            )
            continue
        m = re.match(r"^(\S+?)\[(\d{1,2})\]$", h)  # LimeSurvey 3+: Q1[1]
        if m:
            cols.append(
                Column(
                    i,
                    label,
                    _names(h),
                    f"q:{m.group(1)}",
                    m.group(1),
                    "",
                    int(m.group(2)),
                    header=h,
                )
            )
            continue
        stripped = _STRIP_RANK.sub("", h)
        col = Column(
            i, label, _names(h, stripped), "", h, stripped or h, header=h, meta=meta, other=other
        )
        if not meta and not other:
            _vocabulary_position(col, h, titles[i] if i < len(titles) else "")
        cols.append(col)
    return _settle_positions(cols)


def _forward_filled(titles: list[str]) -> list[str]:
    out, current = [], ""
    for t in titles:
        current = t.strip() or current
        out.append(current)
    return out


def _vocabulary_position(col: Column, text: str, title: str) -> None:
    """A column whose header names a rank position ("2nd choice", "second highest
    priority", "drugi wybór", "第二选择"): column k of a question of positions."""
    found = vocabulary.position_of(text)
    if found is None:
        return
    col.plain = (col.qkey, col.question, col.item)
    col.position = found.k
    col.qkey = f"pos:{vocabulary.key(found.rest)}\x00{vocabulary.key(title)}"
    col.question = title or found.rest
    col.item = found.phrase


def _settle_positions(cols: list[Column]) -> list[Column]:
    """Keep the positions the vocabulary found only where they form a question: two or
    more columns with the same question around the phrase holding positions 1..k (each
    once; the group title tells apart questions worded alike).  Any other column keeps
    what its header says as a plain column, and remembers the position it seemed to
    name (the error then offers the [positions] lines)."""
    groups: dict[str, list[Column]] = {}
    for col in cols:
        if col.qkey.startswith("pos:"):
            groups.setdefault(col.qkey.split("\x00")[0], []).append(col)
    for members in groups.values():
        ks = [c.position for c in members]
        if len(set(ks)) != len(ks):  # the same wording twice: the titles tell them apart
            continue
        for c in members:  # one question: the group title does not split it
            c.qkey = c.qkey.split("\x00")[0]
            c.question = members[0].question
    by_key: dict[str, list[Column]] = {}
    for col in cols:
        if col.qkey.startswith("pos:"):
            by_key.setdefault(col.qkey, []).append(col)
    for members in by_key.values():
        found = sorted(c.position or 0 for c in members)
        if len(found) >= 2 and found == list(range(1, len(found) + 1)):
            ordered = sorted(members, key=lambda c: c.position or 0)
            if ordered[0].plain is not None:  # found by the vocabulary: say which phrases
                first, last = ordered[0], ordered[-1]
                base, span = first.question, f"{first.item} … {last.item}"
                if base and vocabulary.key(first.header).startswith(vocabulary.key(first.item)):
                    base, span = "", f"{first.header} … {last.item}"  # "Most important to you"
                question = f"{base} ({span})" if base else span
                for c in members:
                    c.question = question
            continue
        for c in members:
            c.near, c.position = c.position, None
            if c.plain is not None:
                c.qkey, c.question, c.item = c.plain
    return cols


def cells_defang(cell: str) -> str:
    from cx_pillars.survey.read import defang

    return defang(cell)


# -- reading the head of the file ------------------------------------------------------------


@dataclass
class Head:
    format: str
    header_rows: int
    header_lines: int
    columns: list[Column]
    sample: list[list[Any]]
    width: int
    definition: dict[str, Any] | None = None
    group_titles: bool = False  # a row of group titles above the column names
    sheet: bool = False  # read from a workbook's sheet, not from a text file


def read_head(source: Source, fmt: str) -> Head:
    if source.kind == "json":
        return _read_json_head(source)
    with Records(source) as records:
        first: list[tuple[int, list[str]]] = []
        while len(first) < 3:
            rec = records.next_record()
            if rec is None:
                break
            first.append(rec)
        if not first:
            raise CxError(tr("survey.error.no_rows"), path=source.path)
        detected, n_header = detect_format([r for _, r in first], fmt)
        if len(first) < n_header:
            raise CxError(  # n_header is 2 or 3, so 1 or 2 rows were read
                tr(
                    f"survey.read_as.too_few_rows_{min(len(first), 2)}",
                    format=format_name(detected, sheet=source.sheet is not None),
                    header=n_header,
                ),
                path=source.path,
            )
        header = [r for _, r in first[:n_header]]
        header_lines = first[n_header - 1][0] + sum(
            c.count("\n") + c.count("\r") - c.count("\r\n") for c in header[-1]
        )
        defang = detected == "formbricks"
        columns = columns_from_header(detected, header)
        width = len(columns)
        limit = max(50, min(SAMPLE_ROWS, SAMPLE_CELLS // max(width, 1)))
        sample = [r for _, r in first[n_header:]]
        if defang:
            sample = [[cells_defang(c) for c in r] for r in sample]
        records.defang = defang
        while len(sample) < limit:
            rec = records.next_record()
            if rec is None:
                break
            sample.append(rec[1])
    titles = n_header == 2 and detected not in ("qualtrics", "surveymonkey")
    return Head(
        detected,
        n_header,
        header_lines,
        columns,
        sample,
        width,
        group_titles=titles,
        sheet=source.sheet is not None,
    )


def _read_json_head(source: Source) -> Head:
    with JsonRecords(source) as records:
        keys: dict[tuple[str, str | None], None] = {}
        sample = []
        iterator = iter(records)
        for record in iterator:
            sample.append(record)
            for key, value in record.items():
                if isinstance(value, dict):
                    for sub in value:
                        keys.setdefault((key, str(sub)))
                else:
                    keys.setdefault((key, None))
            if len(sample) >= SAMPLE_ROWS:
                break
        if len(sample) < SAMPLE_ROWS and source.path.stat().st_size < (8 << 20):
            for _ in iterator:  # small file: read on to find a definition after the data
                pass
        definition = records.definition
    titles, types = {}, {}
    for q in _definition_questions(definition):
        if isinstance(q, dict) and "name" in q:
            titles[str(q["name"])] = str(q.get("title") or q["name"])
            types[str(q["name"])] = str(q.get("type", ""))
    columns = []
    for i, (key, sub) in enumerate(keys):
        title = titles.get(key, key)
        if types.get(key) == "ranking" and not RANK_WORDS.search(title):
            title = f"{title} (ranking)"
        if sub is None:
            columns.append(
                Column(i, _short(key, 60), _names(key, title), f"~{i}", title, json_key=(key, None))
            )
        else:
            stripped = _STRIP_RATING.sub("", sub)
            columns.append(
                Column(
                    i,
                    _short(f"{key} [{sub}]", 60),
                    _names(sub, stripped),
                    f"q:{key}",
                    title,
                    sub,
                    json_key=(key, sub),
                )
            )
    rows = [json_row(r, json_keys(columns)) for r in sample]
    if not sample:
        raise CxError(tr("survey.error.no_responses"), path=source.path)
    return Head("surveyjs", 0, 0, columns, rows, len(columns), definition)


def _definition_questions(definition: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not isinstance(definition, dict):
        return []
    out: list[dict[str, Any]] = []
    stack: list[object] = [definition]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "type" in node and "name" in node:
                out.append(node)
            for key in ("pages", "elements", "questions", "templateElements"):
                if isinstance(node.get(key), list):
                    stack.extend(reversed(node[key]))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return out


def json_keys(columns: list[Column]) -> list[tuple[str, str | None]]:
    """The (key, sub-key) of every column of a JSON export's head."""
    keys = [c.json_key for c in columns]
    if any(k is None for k in keys):
        raise ValueError("a column of a JSON head without its key")
    return [k for k in keys if k is not None]


def json_row(record: dict[str, Any], keys: list[tuple[str, str | None]]) -> list[Any]:
    """One JSON response as a row aligned with the columns (lists kept as lists)."""
    row: list[Any] = []
    for key, sub in keys:
        value = record.get(key)
        if sub is not None:
            value = value.get(sub) if isinstance(value, dict) else None
        if value is None:
            row.append("")
        elif isinstance(value, (list, str)):
            row.append(value)
        elif isinstance(value, bool):
            row.append(str(value).lower())
        else:
            row.append(str(value))
    return row


# -- choosing the ranking question -----------------------------------------------------------


def _cell(row: list[Any], i: int) -> Any:
    return row[i] if i < len(row) else ""


def _column_pillar(col: Column, fw: Framework, cmap: ColumnMap) -> str | None:
    numbered = cmap.column_numbers.get(col.index + 1)
    if numbered is not None:
        return numbered
    for name in col.names:
        if name in cmap.columns:
            return cmap.columns[name]
    for name in col.names:
        pid = fw.match(name)
        if pid:
            return pid
    return None


def _per_item_candidates(
    columns: list[Column], fw: Framework, cmap: ColumnMap, sample: list[list[Any]] | None = None
) -> list[Candidate]:
    groups: dict[str, list[Column]] = {}
    others: list[Column] = []
    # Pillars the map gives by column number: those columns hold them, and any other
    # column naming one of them (the same grid asked again) is not read.
    claimed = set(cmap.column_numbers.values())
    for col in columns:
        if col.index + 1 in cmap.column_numbers:
            groups.setdefault(col.qkey, []).append(col)
            continue
        if col.skip or col.position is not None:
            continue
        if claimed and _column_pillar(col, fw, cmap) in claimed:
            continue
        if col.other and not _column_pillar(col, fw, cmap):  # free text beside a choice,
            if not col.meta:  # or the rank of an "Other" item
                others.append(col)
            continue
        if (
            col.qkey
            and col.item
            and cells.is_missing(col.item)
            and not _column_pillar(col, fw, cmap)
        ):
            continue  # the question's "N/A" / "No opinion" column: no item to rank
        groups.setdefault(col.qkey, []).append(col)
    out = []
    for key, members in groups.items():
        pillars = [_column_pillar(c, fw, cmap) for c in members]
        if len({p for p in pillars if p}) < 2:
            continue
        if key == "":  # wide columns: only those that name a pillar
            kept = [(c, p) for c, p in zip(members, pillars) if p]
            members, pillars = [c for c, _ in kept], [p for _, p in kept]
        question = members[0].question if key else ""
        cand = Candidate("per-item", key, question, members, pillars)
        cand.others = [c for c in others if _other_item_of(c, cand, sample or [])]
        out.append(cand)
    return out


def _other_item_of(col: Column, cand: Candidate, sample: list[list[Any]]) -> bool:
    """Whether ``col`` holds the ranks of an "Other" item of ``cand``'s question: an item
    of the same question (Qualtrics' ``Q5_11``, Google's ``[Other]``), or in a wide
    export a column headed "Other" beside the pillars' columns; its sampled cells are
    mostly ranks or blank (mostly text is the free text beside a choice) that make a
    ranking with the pillars' ranks.  A wide column must hold a rank in the sample,
    since nothing else says it belongs to the ranking."""
    if not (vocabulary.is_other(col.item) or (not col.item and vocabulary.is_other(col.header))):
        return False
    if cand.qkey:
        same = col.qkey == cand.qkey or (col.qkey.startswith("~") and col.question == cand.question)
    else:
        same = col.qkey == ""
    if not same:
        return False
    top = len(cand.columns) + 1
    given = [cells.rank_code(_text(_cell(r, col.index))) for r in sample]
    given = [v for v in given if v]
    ranks = sum(1 <= v <= top for v in given)
    if ranks < 0.8 * len(given):  # mostly text: the free text beside a choice
        return False
    # With the pillars' ranks, its rank makes a ranking (each rank once, 1..n + 1) in
    # most rows: a column of other numbers ("Other" purchases, a score) does not.
    fits = answered = 0
    for row in sample:
        mine = cells.rank_code(_text(_cell(row, col.index)))
        if mine <= 0:
            continue
        answered += 1
        codes = [cells.rank_code(_text(_cell(row, c.index))) for c in cand.columns] + [mine]
        got = [v for v in codes if v]
        fits += all(1 <= v <= top for v in got) and len(set(got)) == len(got)
    if fits < 0.8 * answered:
        return False
    return bool(cand.qkey and not col.qkey.startswith("~")) or ranks > 0


def _score_per_item(cand: Candidate, sample: list[list[Any]], n: int) -> None:
    valid = answered = 0
    top = n + len(cand.others)  # an "Other" item ranked above a pillar
    for row in sample:
        codes = [cells.rank_code(_text(_cell(row, c.index))) for c in cand.columns]
        if not any(codes):
            continue
        codes += [cells.rank_code(_text(_cell(row, c.index))) for c in cand.others]
        given = [v for v in codes if v != 0]
        answered += 1
        if all(1 <= v <= top for v in given) and len(set(given)) == len(given):
            valid += 1
            if max(given) > 1:
                cand.above_one = True
    cand.answered = answered
    cand.score = valid / answered if answered else 0.0


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _answer(text: str, match: ValueMatcher) -> bool:
    """An answer in an item-per-rank cell: not blank or a no-answer word, and not a
    chosen "Other" the framework has no item for (that position is not ranked)."""
    if cells.is_missing(text):
        return False
    return not (vocabulary.is_other(text) and match(text) < 0)


def _score_items(cand: Candidate, sample: list[list[Any]], match: ValueMatcher) -> None:
    valid = answered = 0
    for row in sample:
        if cand.kind == "list":
            items = split_list(_cell(row, cand.columns[0].index))
        else:
            items = [_text(_cell(row, c.index)).strip() for c in cand.columns]
        items = [t for t in items if _answer(t, match)]
        if not items:
            continue
        answered += 1
        idx = [match(t) for t in items]
        for t, i in zip(items, idx):
            if i < 0:
                cand.unknown[t] += 1
            else:
                cand.matched += 1
        if all(i >= 0 for i in idx) and len(set(idx)) == len(idx):
            valid += 1
            if len(idx) > 1:
                cand.above_one = True
    cand.answered = answered
    cand.score = valid / answered if answered else 0.0


def _item_candidates(
    columns: list[Column], kinds: tuple[str, ...], sample: list[list[Any]], match: ValueMatcher
) -> list[Candidate]:
    out = []
    if "positions" in kinds:
        groups: dict[str, dict[int, list[Column]]] = {}
        for col in columns:
            if col.position is not None and not col.skip and not col.other:
                groups.setdefault(col.qkey, {}).setdefault(col.position, []).append(col)
        for key, by_pos in groups.items():
            # The same question asked again repeats its positions ([Rank 1] ... [Rank 1]
            # ...): each asking is a question of its own (the k-th column of each
            # position), and --question "#N" tells them apart.
            for j in range(max(len(cols) for cols in by_pos.values())):
                chosen = {p: cols[j] for p, cols in by_pos.items() if j < len(cols)}
                k = len(chosen)
                if k >= 2 and sorted(chosen) == list(range(1, k + 1)):
                    members = [chosen[p] for p in range(1, k + 1)]
                    out.append(Candidate("positions", key, members[0].question, members))
    if "list" in kinds:
        for col in columns:
            if col.skip or col.other or col.meta:
                continue
            values = [_cell(r, col.index) for r in sample]
            if any(isinstance(v, list) or (isinstance(v, str) and ";" in v) for v in values):
                out.append(Candidate("list", f"~{col.index}", col.question, [col]))
    kept = []
    for cand in out:
        _score_items(cand, sample, match)
        # Position columns are a ranking by their very layout: keep them even when no
        # answer matches (the error then lists the answers to map).  A list column is
        # a candidate only when its answers name pillars.
        if cand.kind == "positions" or cand.matched:
            kept.append(cand)
    return kept


def _mapped_positions(head: Head, cmap: ColumnMap, path: Path) -> Candidate:
    """The map's ``[positions]``: the columns it names, in the order of their k."""
    by_k: dict[int, Column] = {}
    source = cmap.source or "the map file"
    for norm, k in cmap.positions.items():
        name, line = cmap.position_keys.get(norm, (norm, None))
        where = f"positions.{toml_string(name)}"
        if norm.isdecimal():
            number = int(norm)
            if not 1 <= number <= len(head.columns):
                raise CxError(
                    tr(
                        "survey.map.position_number",
                        number=number,
                        file=path.name,
                        width=len(head.columns),
                    ),
                    path=source,
                    line=line,
                    field=where,
                    hint=tr("survey.map.position_name_hint"),
                )
            col = head.columns[number - 1]
        else:
            hits = [c for c in head.columns if norm in _header_names(c)]
            if len(hits) != 1:
                key_ = "survey.map.position_missing" if not hits else "survey.map.position_several"
                shown = ", ".join(f"{c.index + 1}" for c in hits[:6])
                raise CxError(
                    tr(key_, name=toml_string(name), file=path.name, numbers=shown),
                    path=source,
                    line=line,
                    field=where,
                    hint=tr("survey.map.position_name_hint"),
                )
            col = hits[0]
        by_k[k] = col
    members = [by_k[k] for k in sorted(by_k)]
    question = members[0].header or members[0].label
    return Candidate("positions", "map:positions", question, members)


def _check_column_numbers(head: Head, cmap: ColumnMap, path: Path) -> None:
    """The map's ``[columns]`` numbers are columns of this export (1 = the first)."""
    width = len(head.columns)
    for number in sorted(cmap.column_numbers):
        if number <= width:
            continue
        key, line = cmap.column_keys.get(number, (str(number), None))
        raise CxError(
            tr("survey.map.position_number", number=number, file=path.name, width=width),
            path=cmap.source or "the map file",
            line=line,
            field=f"columns.{key}",
            hint=tr("survey.map.position_name_hint"),
        )


def _column_key(col: Column, head: Head, name: str | None = None) -> str | int:
    """What a map line names ``col`` by: its header as the file writes it (or ``name``)
    when that names no other column of the export, else its number counting from 1 (the
    same grid asked twice repeats every header)."""
    name = name if name is not None else _map_name(col, head.format)
    key = normalise_name(name)
    if not key or number_like(key):  # a header of digits would read as a number
        return col.index + 1
    alike = sum(1 for c in head.columns if key in _header_names(c))
    return name if alike <= 1 else col.index + 1


def _header_names(col: Column) -> set[str]:
    names = set(col.names) | {normalise_name(col.label), normalise_name(col.header)}
    code = col.label.split(" ", 1)[0]
    names.add(normalise_name(code))
    return {n for n in names if n}


#: ``--question "#7"``: the question that has column 7 (counting from 1), for questions
#: whose words are the same (the same question asked twice).
_COLUMN_FRAGMENT = re.compile(r"#\s*(\d+)")


def _matches_fragment(cand: Candidate, fragment: str) -> bool:
    number = _COLUMN_FRAGMENT.fullmatch(fragment.strip())
    if number:
        return any(c.index + 1 == int(number.group(1)) for c in cand.columns)
    key = normalise_name(fragment)
    texts = [cand.question, cand.qkey] + [c.label for c in cand.columns[:1]]
    return any(key in normalise_name(t) for t in texts if t)


def choose_ranking(
    head: Head, fw: Framework, cmap: ColumnMap, question: str | None, path: Path
) -> tuple[Candidate, ValueMatcher]:
    kinds = KINDS.get(head.format, KINDS["wide"])
    match = ValueMatcher(fw, cmap)
    _check_column_numbers(head, cmap, path)
    if cmap.positions:  # the map names the columns: no guessing
        cand = _mapped_positions(head, cmap, path)
        _score_items(cand, head.sample, match)
        if cand.unknown:
            raise _unknown_values_error(cand.unknown, path, fw, cand.matched)
        return cand, match
    cands: list[Candidate] = []
    if "per-item" in kinds:
        cands = _per_item_candidates(head.columns, fw, cmap, head.sample)
        for c in cands:
            _score_per_item(c, head.sample, fw.n)
    cands += _item_candidates(head.columns, kinds, head.sample, match)
    question = question or cmap.question
    if question:
        picked = [c for c in cands if _matches_fragment(c, question)]
        if not picked:
            fragments = _telling_fragments(cands[:6])
            listed = "; ".join(f'"{f}"' for f in fragments)
            raise CxError(
                tr("survey.error.no_question_match", question=question, listed=listed)
                if listed
                else tr("survey.error.no_question_match_none", question=question),
                path=path,
            )
        cands = picked
    if not cands:
        raise _no_pillars_error(head, fw, path, match)
    # With one candidate, its rows decide (each bad row is skipped with its line); among
    # several, those whose sampled rows are mostly not rankings drop out.
    judged = [c for c in cands if c.answered]
    rankings = [c for c in judged if c.score >= 0.5]
    if len(cands) == 1 and not cands[0].unknown:
        rankings = cands
    if judged and not rankings:
        unknown: Counter[str] = Counter()
        for c in judged:
            unknown.update(c.unknown)
        if unknown and all(c.kind != "per-item" for c in judged):
            raise _unknown_values_error(unknown, path, fw, sum(c.matched for c in judged))
        listed = "; ".join(f'"{f}"' for f in _telling_fragments(judged[:4]))
        raise CxError(
            tr("survey.error.no_rankings_held", listed=listed),
            path=path,
            hint=tr("survey.error.no_rankings_held_hint"),
        )
    pool = rankings or cands
    best = max(pool, key=_rank_key)
    ties = [c for c in pool if _rank_key(c) == _rank_key(best)]
    if len(ties) > 1:
        fragments = _telling_fragments(ties[:5], cands)
        listed = "; ".join(f'"{f}"' for f in fragments)
        raise CxError(
            tr("survey.error.several_rankings", count=len(ties), questions=listed),
            path=path,
            hint=tr(
                "survey.error.pick_question",
                flag=f"--question {_shell_word(fragments[0])}",
                others=", ".join(f"--question {_shell_word(f)}" for f in fragments[1:]),
            ),
        )
    if best.unknown:
        raise _unknown_values_error(best.unknown, path, fw, best.matched)
    if best.kind == "per-item":
        _check_coverage(best, head, fw, path)
        _check_unnamed_items(best, head, fw, path)
    return best, match


def _rank_key(c: Candidate) -> tuple[Any, ...]:
    return (
        round(c.score, 2),
        c.above_one,
        bool(
            RANK_WORDS.search(c.question or "")
            or any(RANK_WORDS.search(col.label) for col in c.columns[:1])
        ),
    )


# -- fragments that tell questions apart -----------------------------------------------------


def _shell_word(text: str) -> str:
    """A --question value as typed in a shell: quoted when it holds more than a word."""
    return text if re.fullmatch(r"[\w.\-]+", text) else '"' + text.replace('"', "") + '"'


def _word_prefix(texts: list[str]) -> int:
    """Length of the common prefix of ``texts``, cut back to a word boundary."""
    if len(texts) < 2:
        return 0
    first = min(texts, key=len)
    i = 0
    while i < len(first) and all(t[i] == first[i] for t in texts):
        i += 1
    if i == len(first) and all(len(t) == i for t in texts):
        return 0  # all the same
    while i > 0 and first[i - 1].isalnum() and any(t[i : i + 1].isalnum() for t in texts):
        i -= 1
    return i


def _cut(text: str, limit: int, ellipsis: bool) -> str:
    """``text`` in at most ``limit`` characters: with "…" to show, or cut at a word
    (still a piece of the text, so that --question finds it)."""
    if len(text) <= limit:
        return text
    if ellipsis:
        return _short(text, limit)
    cut = text[:limit]
    return cut[: cut.rfind(" ")].rstrip(" -:–—,.;") if " " in cut else cut


def distinct_fragments(texts: list[str], limit: int = 40, ellipsis: bool = True) -> list[str]:
    """Short fragments of ``texts`` that tell them apart: the words they share at the
    start and at the end stripped (``_split_common`` does the same for items), each
    at most ``limit`` characters (``ellipsis=False``: cut at a word, so that each is
    a piece of its text).  Identical texts give identical fragments."""
    clean = [" ".join(t.split()) for t in texts]
    distinct = list(dict.fromkeys(clean))
    if len(distinct) < 2:
        return [_cut(t, limit, ellipsis) for t in clean]
    start = _word_prefix(distinct)
    rev = [t[::-1] for t in distinct]
    end = _word_prefix(rev)
    out = []
    for t in clean:
        stop = len(t) - end if end else len(t)
        middle = t[start:stop].strip(" -:–—,.?;")
        if len(middle) < 4:  # "0", "A": a word either side says what it is
            before = t[:start].split()[-1:]
            after = t[stop:].split()[:1]
            middle = " ".join([*before, t[start:stop].strip(), *after]).strip(" -:–—,.?;")
        out.append(_cut(middle or t, limit, ellipsis))
    return out


def _telling_fragments(cands: list[Candidate], among: list[Candidate] | None = None) -> list[str]:
    """A fragment per candidate that picks it alone with --question (among ``among``):
    the words that tell the questions apart, else the question's code or first column."""
    among = among or cands
    texts = [c.question or c.text() for c in cands]  # whole: they may differ at the end
    fragments = distinct_fragments(texts, ellipsis=False)

    def alone(fragment: str) -> bool:
        return bool(fragment) and sum(_matches_fragment(c, fragment) for c in among) == 1

    out: list[str] = []
    for cand, frag in zip(cands, fragments):
        if not alone(frag):
            codes = (cand.qkey, cand.columns[0].label.split(" ", 1)[0], cand.columns[0].label)
            for alt in codes:
                alt = alt.lstrip("~").removeprefix("q:").removeprefix("pos:").split("\x00")[0]
                if not alt.isdecimal() and alone(alt):
                    frag = alt
                    break
        out.append(frag)
    seen = Counter(out)
    if any(v > 1 for v in seen.values()):  # nothing tells them apart: their columns do
        out = [f if seen[f] == 1 else c.columns[0].label for f, c in zip(out, cands)]
    if not all(alone(f) for f in out):  # the same words: the number of a column of each
        out = [f if alone(f) else f"#{c.columns[0].index + 1}" for f, c in zip(out, cands)]
    return out


# -- when no ranking names the pillars -------------------------------------------------------


def _questions_seen(head: Head, limit: int = 6) -> str | Message:
    """The questions of the export (not the tool's own columns), in short distinct
    fragments."""
    texts: list[str] = []
    seen_keys: set[str] = set()
    for col in head.columns:
        if col.skip or col.meta or col.other:
            continue
        key = col.qkey if col.qkey and not col.qkey.startswith("~") else f"#{col.index}"
        if key in seen_keys:
            continue
        seen_keys.add(key)
        text = col.question or col.header or col.label
        if text.strip():
            texts.append(text)
    texts = list(dict.fromkeys(" ".join(t.split()) for t in texts))
    if not texts:
        return tr("survey.read_as.no_questions")
    fragments = list(dict.fromkeys(distinct_fragments(texts)))
    shown = ", ".join(f'"{f}"' for f in fragments[:limit])
    if len(fragments) > limit:
        return joined("", shown, tr("survey.read_as.questions_in_all", count=len(fragments)))
    return shown


def _map_name(col: Column, fmt: str) -> str:
    """What a map line names a column by, exactly as the file writes it."""
    if fmt == "qualtrics":
        return col.label.split(" ", 1)[0]
    if fmt == "surveymonkey":
        return col.item or col.header
    return col.header or col.label


#: The most the map lines of one piece of advice may take: an error line longer than
#: errors.MAX_SHOWN is cut in the middle, and a map line cut so cannot be copied.
ADVICE_CHARS = 480


def _position_names(cols: list[Column], head: Head) -> list[str]:
    """What [positions] advice names columns by: the header text, or the column's
    number when the headers are too long for every line to be shown whole, or when a
    header names more than one column of the export (a question asked twice)."""
    names = [_map_name(c, head.format) for c in cols]
    numbered = _too_long(names) or any(isinstance(_column_key(c, head), int) for c in cols)
    return [str(c.index + 1) for c in cols] if numbered else names


def _first_asking(cols: list[Column], fmt: str) -> list[Column]:
    """The columns up to the first whose header repeats an earlier one: the same
    single-choice questions asked twice give positions 1..k, then 1..k again."""
    seen: set[str] = set()
    for i, col in enumerate(cols):
        key = normalise_name(_map_name(col, fmt))
        if key in seen:
            return cols[:i]
        seen.add(key)
    return cols


def _too_long(names: list[str]) -> bool:
    """Whether map lines for ``names`` would not all be shown whole."""
    return sum(len(n) + 16 for n in names[:SHOWN_LINES]) > ADVICE_CHARS


def _unnamed_per_item(head: Head) -> list[Column] | None:
    """Columns of one question whose cells are distinct ranks 1..k in most answered
    rows (a ranking whose items are named otherwise than the pillars)."""
    groups: dict[str, list[Column]] = {}
    for col in head.columns:
        if col.skip or col.meta or col.other or col.position is not None:
            continue
        if col.qkey.startswith("~"):
            continue
        groups.setdefault(col.qkey, []).append(col)
    best: tuple[tuple[float, int], list[Column]] | None = None
    for key, members in groups.items():
        if key == "":  # wide columns: those holding only whole numbers
            members = [c for c in members if _numbers_only(head.sample, c.index)]
        if len(members) < 2:
            continue
        cand = Candidate("per-item", key, "", members)
        _score_per_item(cand, head.sample, len(members))
        if cand.answered and cand.above_one and cand.score >= 0.8:
            rank = (cand.score, len(members))
            if best is None or rank > best[0]:
                best = (rank, members)
    return best[1] if best else None


def _numbers_only(sample: list[list[Any]], index: int) -> bool:
    codes = [cells.rank_code(_text(_cell(r, index))) for r in sample]
    given = [v for v in codes if v != 0]
    return bool(given) and all(v >= 1 for v in given)


def _unnamed_list(head: Head) -> tuple[Column, list[str]] | None:
    """A column whose cells list distinct items (``a;b;c;``, a JSON array)."""
    for col in head.columns:
        if col.skip or col.meta or col.other:
            continue
        lists = [split_list(_cell(r, col.index)) for r in head.sample]
        lists = [x for x in lists if x]
        if not lists or not any(len(x) > 1 for x in lists):
            continue
        if not all(
            isinstance(_cell(r, col.index), list) for r in head.sample if _cell(r, col.index)
        ):
            if not all(
                ";" in _text(_cell(r, col.index)) for r in head.sample if _cell(r, col.index)
            ):
                continue
        if sum(len(set(x)) == len(x) for x in lists) < 0.8 * len(lists):
            continue
        items = Counter(t for x in lists for t in x if not cells.is_missing(t))
        return col, [t for t, _ in items.most_common()]
    return None


def _pillar_cells(head: Head, match: ValueMatcher) -> list[Column]:
    """Single-answer columns whose cells name pillars (most of them): rank positions
    under headers that do not say so ("Top pick", "Runner-up")."""
    out = []
    for col in head.columns:
        if col.skip or col.meta or col.other or col.position is not None:
            continue
        texts = [_text(_cell(r, col.index)).strip() for r in head.sample]
        given = [t for t in texts if _answer(t, match)]
        if given and sum(match(t) >= 0 for t in given) >= 0.8 * len(given):
            out.append(col)
    return out


def _no_pillars_error(
    head: Head, fw: Framework, path: Path, match: ValueMatcher | None = None
) -> CxError:
    if len(head.columns) == 1:
        text = head.columns[0].label
        names = [c.item or c.label for c in head.columns]
        shown = ", ".join(f'"{_short(n, 30)}"' for n in names)
        for delim, word in ((";", "';'"), ("\t", "tab"), (",", "','"), ("|", "'|'")):
            if delim in text and head.sheet:  # CSV text in a sheet's cells: no --delimiter
                said: str | Message = tr("survey.read_as.delimiter.tab") if delim == "\t" else word
                return CxError(
                    tr("survey.read_as.sheet_one_column", columns=shown, delimiter=said),
                    path=path,
                    hint=tr("survey.read_as.sheet_one_column_hint", delimiter=said),
                )
            if delim in text:
                return CxError(
                    tr("survey.error.single_column", columns=shown),
                    path=path,
                    hint=tr("survey.error.try_delimiter", delimiter=word),
                )
    read_as = format_name(head.format, sheet=head.sheet)
    if head.header_rows:
        rows = "titles" if head.group_titles else str(min(head.header_rows, 3))
        read_as = tr(
            "survey.error.read_as", format=read_as, rows=tr(f"survey.error.header_rows_{rows}")
        )
    opening = tr(
        "survey.error.no_pillars_read",
        framework=fw.id,
        format=read_as,
        questions=_questions_seen(head),
    )
    found: tuple[str, list[str], list[str], str] | None = None  # question, names, items, table
    per_item = _unnamed_per_item(head)
    listed = _unnamed_list(head) if per_item is None else None
    if per_item is not None:
        names = [_map_name(c, head.format) for c in per_item]
        items = [c.item or c.header or c.label for c in per_item]
        if _too_long(names) and all(c.item for c in per_item) and len(set(items)) == len(items):
            names = items  # "[Aspect A]" names its column as well as the whole header
        found = (per_item[0].question or names[0], names, items, "columns")
    elif listed is not None:
        col, answers = listed
        found = (col.question or col.label, answers, answers, "values")
    if found is not None:
        question, names, items, table = found
        question = f'"{_short(question, 50)}"'
        if len(items) != fw.n:  # other items than the framework's: map lines cannot help
            shown = ", ".join(f'"{_short(i, 30)}"' for i in items[:8])
            return CxError(
                joined(
                    "; ",
                    opening,
                    tr(
                        "survey.error.ranking_other_items",
                        question=question,
                        count=len(items),
                        n=fw.n,
                        items=shown + (", …" if len(items) > 8 else ""),
                    ),
                ),
                path=path,
                hint=tr("survey.error.framework_count", count=len(items)),
            )
        pairs: list[tuple[str | int, str | int]] = list(zip(names, guess_pillars(items, fw)))
        return CxError(
            joined(
                "; ",
                opening,
                tr(
                    "survey.error.ranking_unnamed",
                    question=question,
                    count=len(items),
                    lines=map_lines(pairs, table),
                ),
            ),
            path=path,
            hint=tr("survey.error.other_framework"),
        )
    named = _pillar_cells(head, match) if match is not None else []
    named = _first_asking(named, head.format)
    if len(named) >= 2:  # one column per position, the headers say nothing of it
        pairs = list(zip(_position_names(named, head), range(1, len(named) + 1)))
        shown = ", ".join(f'"{_short(_map_name(c, head.format), 40)}"' for c in named[:6])
        return CxError(
            joined(
                "; ",
                opening,
                tr(
                    "survey.error.pillar_cells",
                    columns=shown,
                    lines=map_lines(pairs, "positions"),
                ),
            ),
            path=path,
            hint=tr("survey.error.pillar_cells_hint"),
        )
    near = [c for c in head.columns if c.near is not None and not c.skip]
    if len({c.near for c in near}) >= 2:
        near.sort(key=lambda c: (c.near or 0, c.index))
        pairs = [(n, c.near or 0) for n, c in zip(_position_names(near, head), near)]
        shown = ", ".join(f'"{_short(_map_name(c, head.format), 40)}"' for c in near[:6])
        return CxError(
            joined(
                "; ",
                opening,
                tr(
                    "survey.error.near_positions",
                    columns=shown,
                    lines=map_lines(pairs, "positions"),
                ),
            ),
            path=path,
            hint=tr("survey.error.other_framework"),
        )
    return CxError(opening, path=path, hint=tr("survey.error.name_ranking"))


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """A1, A2, A10 (not A1, A10, A2): numbers in a text compared as numbers."""
    return tuple(
        (int(p), "") if p.isdecimal() else (-1, p.casefold()) for p in re.split(r"(\d+)", text)
    )


def _unknown_values_error(
    unknown: Counter[str], path: Path | str, fw: Framework | None = None, matched: int = -1
) -> CxError:
    """The answers that name no pillar, and the [values] lines to copy.  ``matched``:
    how many answers did name one; with none, and fewer kinds of answer than pillars,
    the survey may rank other items: the hint says how to give them."""
    names = sorted((name for name, _ in unknown.most_common(SHOWN_LINES + 1)), key=_natural)
    shown = ", ".join(f'"{_short(n, 30)}"' for n in names[:8]) + (", …" if len(unknown) > 8 else "")
    guesses = guess_pillars(names, fw) if fw is not None else [PILLAR_ID] * len(names)
    pairs: list[tuple[str | int, str | int]] = list(zip(names, guesses))
    other_items = fw is not None and matched == 0 and len(unknown) < fw.n
    return CxError(
        tr("survey.error.unknown_values", answers=shown, example=map_lines(pairs, "values")),
        path=path,
        hint=tr("survey.error.or_framework", count=len(unknown)) if other_items else None,
    )


def _check_coverage(cand: Candidate, head: Head, fw: Framework, path: Path) -> None:
    """Every pillar exactly once; every item of the question matched (or refuse)."""
    unmatched = [c for c, p in zip(cand.columns, cand.pillars) if not p]
    seen = Counter(p for p in cand.pillars if p)
    twice = [p for p, k in seen.items() if k > 1]
    missing = [p for p in fw.ids if p not in seen]
    if twice:
        asked = _asked_again(cand, fw)
        if asked is not None:
            spans = "; ".join(_span(ask) for ask in asked)
            pairs: list[tuple[str | int, str | int]] = [
                (c.index + 1, p) for c, p in zip(asked[0], fw.ids) if c is not None
            ]
            raise CxError(
                tr("survey.error.asked_twice", count=len(asked), spans=spans),
                path=path,
                hint=map_lines(pairs, "columns"),
            )
        cols = [c for c, p in zip(cand.columns, cand.pillars) if p == twice[0]]
        raise CxError(
            tr(
                "survey.error.pillar_twice",
                pillar=twice[0],
                count=len(cols),
                columns="; ".join(f"{c.index + 1} {c.label!r}" for c in cols[:3]),
            ),
            path=path,
            hint=map_lines([(_column_key(cols[0], head), twice[0])], "columns"),
        )
    if unmatched or missing:
        if not unmatched and cand.qkey == "":
            unmatched = _rank_like_columns(head, cand, fw)
        names = [c.item or c.label for c in unmatched]
        parts = []
        if missing:
            parts.append(
                tr("survey.error.missing_pillars", count=len(missing), pillars=", ".join(missing))
            )
        if names:
            parts.append(
                tr(
                    "survey.error.unmatched_columns",
                    columns=", ".join(f'"{_short(n, 40)}"' for n in names[:6]),
                )
            )
        guesses = guess_pillars(names, fw, exclude=set(seen))
        if len(missing) == 1 and len(names) == 1:  # the one left is the one missing
            guesses = missing[:]
        keys = [_column_key(c, head, None if c.qkey else n) for c, n in zip(unmatched, names)]
        pairs = list(zip(keys, guesses)) or [("column header", missing[0])]
        raise CxError(
            joined("; ", *parts, map_lines(pairs, "columns")),
            path=path,
            hint=tr("survey.error.exact_framework"),
        )


def _check_unnamed_items(cand: Candidate, head: Head, fw: Framework, path: Path) -> None:
    """A wide file's pillar columns whose sampled rows rank beyond the pillars (and any
    "Other"): a column beside them holding ranks in those rows is an item the framework
    lacks ("Price"), and the import stops with the map line, as it does for a question's
    own items.  (Only the "Other" words are left out without a word.)"""
    if cand.qkey != "":
        return
    top = fw.n + len(cand.others)

    def ranks(row: list[Any], cols: list[Column]) -> list[int]:
        return [cells.rank_code(_text(_cell(row, c.index))) for c in cols]

    over = [r for r in head.sample if any(v > top for v in ranks(r, cand.columns))]
    if not over:
        return
    used = {c.index for c in cand.columns} | {c.index for c in cand.others}

    def completes(row: list[Any], col: Column) -> bool:
        """With this column's rank, the row's ranks are 1..k, each once."""
        given = [v for v in ranks(row, [*cand.columns, *cand.others, col]) if v]
        return sorted(given) == list(range(1, len(given) + 1))

    found = [
        col
        for col in head.columns
        if col.index not in used
        and not (col.skip or col.meta)
        and _numbers_only(head.sample, col.index)
        and sum(completes(r, col) for r in over) >= 0.8 * len(over)
    ]
    if not found:
        return
    names = [c.item or c.label for c in found]
    pairs: list[tuple[str | int, str | int]] = [(_column_key(c, head), PILLAR_ID) for c in found]
    raise CxError(
        joined(
            "; ",
            tr(
                "survey.error.unmatched_columns",
                columns=", ".join(f'"{_short(n, 40)}"' for n in names[:6]),
            ),
            map_lines(pairs, "columns"),
        ),
        path=path,
        hint=tr("survey.error.exact_framework"),
    )


def _asked_again(cand: Candidate, fw: Framework) -> list[list[Column]] | None:
    """The same items asked several times in one question's columns (the same grid
    twice: every header repeats): per asking, the column of each pillar in the order of
    ``fw.ids``; None unless every pillar found has the same number of columns."""
    by_pillar: dict[str, list[Column]] = {}
    for col, pid in zip(cand.columns, cand.pillars):
        if pid:
            by_pillar.setdefault(pid, []).append(col)
    counts = {len(cols) for cols in by_pillar.values()}
    if len(counts) != 1 or min(counts) < 2 or len(by_pillar) < 2:
        return None
    return [[by_pillar[p][j] for p in fw.ids if p in by_pillar] for j in range(min(counts))]


def _span(cols: list[Column]) -> str:
    """Column numbers as a reader counts them: ``3–12``, or ``3, 5, 9, …``."""
    numbers = sorted(c.index + 1 for c in cols)
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"{numbers[0]}–{numbers[-1]}"
    shown = ", ".join(map(str, numbers[:4]))
    return shown + (", …" if len(numbers) > 4 else "")


def _rank_like_columns(head: Head, cand: Candidate, fw: Framework) -> list[Column]:
    used = {c.index for c in cand.columns}
    out = []
    for col in head.columns:
        if col.index in used or col.skip or col.meta or col.other:
            continue
        values = [cells.rank_code(_text(_cell(r, col.index))) for r in head.sample]
        given = [v for v in values if v]
        if given and all(1 <= v <= fw.n for v in given):
            out.append(col)
    return out


# -- ratings, NPS, CES, segment --------------------------------------------------------------


def _share_in(sample: list[list[Any]], index: int, low: int, high: int) -> tuple[int, float]:
    codes = [cells.score_code(_text(_cell(r, index)), low, high) for r in sample]
    given = [v for v in codes if v != cells.NO_SCORE]
    if not given:
        return 0, 0.0
    return len(given), sum(1 for v in given if v != cells.BAD_SCORE) / len(given)


def find_ratings(
    head: Head, fw: Framework, cmap: ColumnMap, used: set[int]
) -> tuple[list[int | None] | None, str, str | Message]:
    """The rating column of each pillar (None where it has none), where they were found,
    and a note for the import screen ('' when there is nothing to say).

    A rating question is one whose sampled cells are mostly numbers: a cell outside
    1-5 is left out by the engine, cell by cell and counted ("rating outside 1-5"),
    never the column, so a file's ratings do not vanish because some of its answers are
    out of scale (which also kept imports from adding up: two halves merged had other
    rating means than the whole). The note says when many sampled cells are out of
    scale, or when a worded rating question is left out because it holds words.
    """
    by_pillar: dict[str, int] = {}
    if cmap.ratings:
        for col in head.columns:
            for name in col.names:
                if name in cmap.ratings and col.index not in used:
                    by_pillar.setdefault(cmap.ratings[name], col.index)
        if by_pillar:
            return [by_pillar.get(p) for p in fw.ids], "the map file", ""
    best: tuple[Any, ...] | None = None
    words: list[str] = []  # worded rating columns left out: they hold words, not scores
    groups: dict[str, list[Column]] = {}
    for col in head.columns:
        if col.index in used or col.skip or col.position is not None or col.meta or col.other:
            continue
        worded = RATING_WORDS.search(col.question if col.qkey else col.label)
        if worded:
            groups.setdefault(col.qkey or "wide-rating", []).append(col)
    for key, members in groups.items():
        found: dict[str, int] = {}
        for col in members:
            names = (
                col.names
                if key != "wide-rating"
                else _names(_STRIP_RATING.sub("", col.label), col.item)
            )
            pid = next((fw.match(n) for n in names if fw.match(n)), None)
            if pid and pid not in found:
                found[pid] = col.index
        if len(found) < 1:
            continue
        numbers = [_share_in(head.sample, i, -(10**9), 10**9) for i in found.values()]
        given = sum(g for g, _ in numbers)
        numeric = sum(g * s for g, s in numbers) / given if given else 1.0
        if numeric < 0.8:
            labels = [head.columns[i].label for i in found.values()]
            words.append(f"{_short(', '.join(labels), 60)} ({1 - numeric:.0%} of sampled cells)")
            continue
        shares = [_share_in(head.sample, i, 1, 5) for i in found.values()]
        fit = sum(g * s for g, s in shares) / given if given else 1.0
        key_ = (len(found), fit)
        if best is None or key_ > best[0]:
            question = members[0].question if key != "wide-rating" else ""
            best = (key_, found, question, fit)
    note: str | Message = (
        tr("survey.extra.rating_words", words="; ".join(words)) if words and not best else ""
    )
    if best is None:
        return None, "", note
    if best[3] < 0.8:
        note = tr("survey.extra.ratings_outside", share=f"{1 - best[3]:.0%}")
    return [best[1].get(p) for p in fw.ids], best[2], note


def find_score_column(
    head: Head,
    cmap_name: str | None,
    words: re.Pattern[str],
    low: int,
    high: int,
    used: set[int],
    path: Path,
    what: str,
) -> int | None:
    if cmap_name:
        for col in head.columns:
            if cmap_name in col.names or cmap_name == normalise_name(col.label):
                return col.index
        raise CxError(tr("survey.error.map_column_missing", what=what, column=cmap_name), path=path)
    for col in head.columns:
        if col.index in used or col.skip or col.position is not None or col.meta or col.other:
            continue
        text = " ".join([col.label, col.question, col.item])
        if not words.search(text):
            continue
        given, fit = _share_in(head.sample, col.index, low, high)
        if given and fit >= 0.8:
            return col.index
    return None


def find_column(
    head: Head, name: str, path: Path, option: str, used: Set[int] = frozenset()
) -> int:
    key = normalise_name(name)
    exact = [c for c in head.columns if key in c.names or key == normalise_name(c.label)]
    if len(exact) >= 1:
        return exact[0].index
    partial = [
        c for c in head.columns if any(key in n for n in c.names) or key in normalise_name(c.label)
    ]
    if len(partial) == 1:
        return partial[0].index
    others = [c for c in head.columns if c.index not in used and not c.skip]
    shown = ", ".join(f'"{_short(c.label, 30)}"' for c in (partial or others)[:10])
    key = "survey.error.column_several" if partial else "survey.error.column_none"
    if not shown:
        key += "_bare"
    raise CxError(
        tr(key, option=option, name=name, columns=shown),
        path=path,
        hint=tr("survey.error.column_hint"),
    )


def find_date_column(head: Head) -> int | None:
    by_name: dict[str, int] = {}
    for col in head.columns:
        for n in col.names + (normalise_name(col.label),):
            by_name.setdefault(n, col.index)
    for name in DATE_HEADERS:
        if name in by_name:
            return by_name[name]
    return None


def plan_import(
    source: Source,
    fw: Framework,
    cmap: ColumnMap,
    *,
    fmt: str = "auto",
    question: str | None = None,
    segment: str | None = None,
    age: str | None = None,
    birth_year: str | None = None,
    missing: Iterable[str] = (),
) -> Plan:
    """Read the head of the export and decide how to stream it.

    ``missing``: further tokens meaning no answer (``--missing``), besides those of
    :mod:`cells`.
    """
    if fmt == "surveyjs" and source.kind != "json":
        raise CxError(
            tr("survey.read_as.not_json"),
            path=source.path,
            hint=tr("survey.read_as.leave_out_format"),
        )
    if source.kind == "json" and fmt not in ("auto", "surveyjs"):
        raise CxError(
            tr("survey.read_as.json_not_format", format=format_name(fmt)),
            path=source.path,
            hint=tr("survey.read_as.leave_out_format"),
        )
    head = read_head(source, fmt)
    extra = cells.missing_keys(missing)
    if extra:  # detection sees such cells as blanks, as the engine will
        head.sample = [
            [
                "" if isinstance(v, str) and v.strip() and cells.missing_key(v) in extra else v
                for v in row
            ]
            for row in head.sample
        ]
    path = source.path
    cand, match = choose_ranking(head, fw, cmap, question, path)
    used = {c.index for c in cand.columns}
    plan = Plan(
        source=source,
        format=head.format,
        header_rows=head.header_rows,
        header_lines=head.header_lines,
        width=head.width,
        kind=cand.kind,
        question=cand.text(),
        rank_columns=[],
        defang=head.format == "formbricks",
        missing=extra,
        group_titles=head.group_titles,
    )
    if cand.kind == "per-item":
        by_pillar = dict(zip(cand.pillars, (c.index for c in cand.columns)))
        plan.rank_columns = [by_pillar[p] for p in fw.ids]
        label = {c.index: c.label for c in cand.columns}
        plan.mapping = [(label[by_pillar[p]], p) for p in fw.ids]
        plan.other_rank_columns = [c.index for c in cand.others]
        plan.other_items = [c.item or c.header for c in cand.others]
    else:
        plan.rank_columns = [c.index for c in cand.columns]
        if cand.kind == "positions":
            for c in cand.columns:
                after = head.columns[c.index + 1] if c.index + 1 < len(head.columns) else None
                if after is not None and after.other and after.index not in plan.rank_columns:
                    plan.other_columns[c.index] = after.index
        seen: dict[str, str] = {}
        for row in head.sample:
            items = (
                split_list(_cell(row, cand.columns[0].index))
                if cand.kind == "list"
                else [_text(_cell(row, c.index)).strip() for c in cand.columns]
            )
            for t in items:
                if t and not cells.is_missing(t) and t not in seen and match(t) >= 0:
                    seen[t] = fw.ids[match(t)]
        plan.mapping = sorted(seen.items(), key=lambda kv: (fw.ids.index(kv[1]), kv[0]))
    plan.values = match.cache
    plan.matcher = match

    ratings, where, note = find_ratings(head, fw, cmap, used)
    if ratings and any(r is not None for r in ratings):
        plan.rating_columns = ratings
        used.update(r for r in ratings if r is not None)
        count = sum(r is not None for r in ratings)
        found = (
            tr("survey.extra.rating_columns_in", count=count, where=_short(where, 50))
            if where
            else tr("survey.extra.rating_columns", count=count)
        )
        plan.extras.append(("ratings 1-5", joined("; ", found, note) if note else found))
    elif note:
        plan.extras.append(("ratings 1-5", note))
    plan.nps_column = find_score_column(head, cmap.nps, NPS_WORDS, 0, 10, used, path, "NPS")
    if plan.nps_column is not None:
        used.add(plan.nps_column)
        plan.extras.append(("NPS 0-10", head.columns[plan.nps_column].label))
    plan.ces_column = find_score_column(head, cmap.ces, CES_WORDS, 1, 7, used, path, "CES")
    if plan.ces_column is not None:
        used.add(plan.ces_column)
        plan.extras.append(("CES 1-7", head.columns[plan.ces_column].label))
    chosen = [
        (k, v) for k, v in (("segment", segment), ("age", age), ("birth-year", birth_year)) if v
    ]
    if len(chosen) > 1:
        raise UsageError(tr("survey.error.one_split"))
    if chosen:
        kind, name = chosen[0]
        plan.segment_kind = kind
        plan.segment_column = find_column(head, name, path, f"--{kind}", used)
        plan.segment_label = head.columns[plan.segment_column].label
        col = f'"{plan.segment_label}"'
        if kind == "segment":
            plan.extras.append(("segments", tr("survey.extra.values_of", column=col)))
        elif kind == "birth-year":
            plan.extras.append(("segments", tr("survey.extra.from_birth_years", column=col)))
        else:
            plan.date_column = find_date_column(head)
            year = (
                tr("survey.extra.response_year", column=head.columns[plan.date_column].label)
                if plan.date_column is not None
                else tr("survey.extra.this_year")
            )
            plan.extras.append(("segments", tr("survey.extra.from_ages", column=col, year=year)))
    if source.kind == "json":
        plan.json_keys = json_keys(head.columns)
    return plan
