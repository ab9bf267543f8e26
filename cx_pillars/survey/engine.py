"""The streaming import: rows in, running sums out; memory does not grow with the file.

Rows are read in chunks (a few thousand at a time) and turned into small integer
arrays -- one rank matrix (rows x pillars, 0 = not ranked), the segment code of each
row, optional ratings, NPS and CES -- which :class:`Aggregate` folds into per-segment
sums with numpy.  Nothing of a row outlives its chunk.

Two readers feed the same arrays:

* the **csv** reader (any layout, quoted cells, embedded line breaks), with each
  distinct cell text parsed once and cached;
* a **fast** reader for plain per-item CSV (the wide layout of large exports): it
  splits raw bytes with numpy, reads one- and two-digit numbers without making
  Python strings, and hands any other cell (``-99``, `` 3``, ``N/A``) to the same
  parser as the csv reader.  It gives up -- and the csv reader carries on from the
  same byte -- at the first chunk with a quote or a row of another width.

Row rules (PRODUCT.md §5): a row's ranks must be distinct whole numbers 1..n; gaps
(1, 2, 4) are closed up in order; the k ranked pillars get 1..k and the unranked the
mean of the remaining positions, (k + 1 + n) / 2; a ranking of n - 1 is complete.
Rows breaking a rule are skipped with their reason and line; rows with no rank at
all are skipped as "no ranking".  Rows whose every cell is empty are not rows.
An "Other" item the framework has none of (a Qualtrics choice ranked 1..n + 1, a grid
row, a chosen answer) is left out of a row's ranking and the ranks below it close up
(Other 1st, Service 2nd: Service 1st); the respondents who ranked it are counted
(``Result.other_ranked``).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import TypeAlias, cast

import numpy as np
import numpy.typing as npt

from cx_pillars.errors import CxError
from cx_pillars.i18n import Message, joined, tr
from cx_pillars.pillars import Framework
from cx_pillars.survey import cells, vocabulary
from cx_pillars.survey.layout import Plan, json_row, split_list
from cx_pillars.survey.read import (
    MAX_RECORD,
    JsonRecords,
    Records,
    defang,
    offset_after_lines,
)
from cx_pillars.survey.workbook import SheetRows, cell_text, keyed, number_text
from cx_pillars.survey.workbook import texts as cell_texts

CSV_CHUNK_ROWS = 4096
CHUNK_CELLS = 200_000
FAST_CHUNK_BYTES = 1 << 20
CACHE_LIMIT = 50_000
# a column with more values identifies people, not groups (= summary.MAX_SEGMENTS)
MAX_SEGMENTS = 100
LINES_KEPT = 5

# Row outcomes.
OK, DUP_ITEM, UNKNOWN_ITEM, NOT_RANK, OUT_RANGE, DUP_RANK, NO_RANKING = range(7)
REASONS = {
    DUP_ITEM: "pillar ranked twice",
    UNKNOWN_ITEM: "unknown answer",
    NOT_RANK: "not a rank",
    OUT_RANGE: "rank out of range",
    DUP_RANK: "duplicate rank",
    NO_RANKING: "no ranking",
}
IGNORED_RATING = "rating outside 1-5"
IGNORED_NPS = "NPS outside 0-10"
IGNORED_CES = "CES outside 1-7"

_UNSEEN = -32768
#: A rank or score cell missing by a token ("No opinion", ``--missing``): counted, then
#: read as not ranked / no answer.
_TOKEN = -3
TOKENS_KEPT = 4  # distinct token texts kept (3 shown, then "…")
_HAS_POPCOUNT = hasattr(np, "bitwise_count")

#: The file line of each row of a chunk: the first row's (the rest follow on), or one
#: per row.
Lines: TypeAlias = int | np.ndarray
#: :meth:`Aggregate.add`, or a :class:`Pipeline` that adds on another thread:
#: (ranks, segment codes, lines, flags, ratings, NPS, CES, rows that ranked "Other").
Emit: TypeAlias = Callable[
    [
        np.ndarray,
        np.ndarray,
        Lines,
        np.ndarray | None,
        np.ndarray | None,
        np.ndarray | None,
        np.ndarray | None,
        np.ndarray | None,
    ],
    None,
]
#: An answer naming "Other" where the framework has no such item (Decoder._item).
_OTHER_ITEM = -3
#: Until the import summary has its own line for an "Other" left out ("Other" ranked by
#: N respondents: Result.other_ranked, said by the command layer), a chosen "Other" in
#: item-per-rank and list layouts is also counted with the cells read as no answer, as
#: it was before; with that line, this is False and it is said once.
OTHER_AS_NO_ANSWER = False


@dataclass
class Aggregate:
    """Running sufficient statistics per segment code (see summary.SegmentStats)."""

    n: int
    ratings: bool = False
    nps: bool = False
    ces: bool = False
    names: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_lines: dict[str, list[int]] = field(default_factory=dict)
    ignored: Counter[str] = field(default_factory=Counter)
    rows: int = 0
    #: respondents (rows kept) who gave an "Other" item the framework has none of a
    #: place in their ranking: left out, the ranks below it closed up
    other_ranked: int = 0

    def __post_init__(self) -> None:
        self.codes: dict[str, int] = {}
        self._cap = 0
        self._grow(4)

    def _grow(self, cap: int) -> None:
        n = self.n

        def grown(old: np.ndarray | None, shape: tuple[int, ...]) -> np.ndarray:
            new = np.zeros((cap, *shape), dtype=np.int64)
            if old is not None:
                new[: len(old)] = old
            return new

        get = self.__dict__.get
        self.resp = grown(get("resp"), ())
        self.dsum = grown(get("dsum"), (n,))  # sum of 2 x rank (exact integers)
        self.dsq = grown(get("dsq"), (n,))  # sum of (2 x rank)^2
        self.tsum = grown(get("tsum"), ())
        self.pos = grown(get("pos"), (n, n))
        self.unranked = grown(get("unranked"), (n,))
        self.pair = grown(get("pair"), (n, n))
        self.rat = grown(get("rat"), (n, 5))
        self.npsh = grown(get("npsh"), (11,))
        self.cesh = grown(get("cesh"), (7,))
        self._cap = cap

    def segment(self, name: str) -> int:
        """The code of a segment name (the arrays grow in :meth:`add`, never here, so
        that a reader thread may name segments while another thread adds)."""
        code = self.codes.get(name)
        if code is None:
            code = len(self.names)
            self.names.append(name)
            self.codes[name] = code
        return code

    # -- one chunk -----------------------------------------------------------------------

    def add(
        self,
        ranks: np.ndarray,
        seg: np.ndarray,
        lines: Lines,
        flags: np.ndarray | None = None,
        ratings: np.ndarray | None = None,
        nps: np.ndarray | None = None,
        ces: np.ndarray | None = None,
        other: np.ndarray | None = None,
    ) -> None:
        """``other``: the rows in which an "Other" item held a place (counted when kept)."""
        n = self.n
        m = len(ranks)
        if m == 0:
            return
        self.rows += m
        need = int(seg.max()) + 1
        if need > self._cap:
            self._grow(max(need, 2 * self._cap))
        # One integer per row says everything about its cells: bit r for each rank r
        # (a sum, so a duplicate carries into another bit and the bit count drops below
        # the number of ranks), the number of ranks in bits 56+, and the counts of
        # "not a rank" and "out of range" cells in bits 40+ and 46+.
        codes = np.clip(ranks, -2, n + 1).astype(np.intp) + 2
        w = _weights(n)[codes]
        s = w[:, 0].copy()
        for j in range(1, n):
            s += w[:, j]
        k = s >> 56
        bits = s & _RANK_BITS
        reason = np.zeros(m, dtype=np.int8) if flags is None else flags.astype(np.int8)
        reason[(reason == OK) & ((s & _NOT_RANK_BITS) != 0)] = NOT_RANK
        reason[(reason == OK) & ((s & _OUT_BITS) != 0)] = OUT_RANGE
        reason[(reason == OK) & (_popcount(bits) != k)] = DUP_RANK
        reason[(reason == OK) & (k == 0)] = NO_RANKING
        good = reason == OK
        if other is not None:
            self.other_ranked += int(np.count_nonzero(other & good))
        R = ranks
        if not good.all():
            self._skip(reason, lines)
            R, k, bits = R[good], k[good], bits[good]
            seg = seg[good]
            ratings = ratings[good] if ratings is not None else None
            nps = nps[good] if nps is not None else None
            ces = ces[good] if ces is not None else None
        if len(R) == 0:
            return
        R = R.astype(np.int16, copy=True)
        # Close gaps: 1, 2, 4 -> 1, 2, 3 (the order is what the respondent gave).
        packed = bits == (np.left_shift(1, k + 1) - 2)
        if not packed.all():
            rows = np.flatnonzero(~packed)
            sub = R[rows]
            order = np.argsort(np.where(sub > 0, sub, 10_000), axis=1, kind="stable")
            fresh = np.zeros_like(sub)
            place = np.arange(1, n + 1, dtype=np.int16)
            kk = k[rows][:, None]
            np.put_along_axis(fresh, order, np.where(place[None, :] <= kk, place, 0), axis=1)
            R[rows] = fresh
        # n - 1 ranked: the one left can only be last.
        last = k == n - 1
        if last.any():
            R[last[:, None] & (R == 0)] = n
            k = np.where(last, n, k)
        # Doubled ranks keep the half ranks (k + 1 + n) / 2 of the unranked exact.
        D = np.where(R > 0, 2 * R, (k + 1 + n).astype(np.int16)[:, None])
        t = n - k
        T = np.where(t > 1, t**3 - t, 0)
        self._accumulate(R, D, T, seg.astype(np.intp, copy=False), ratings, nps, ces)

    def _skip(self, reason: np.ndarray, lines: Lines) -> None:
        for code in np.unique(reason):
            if code == OK:
                continue
            where = np.flatnonzero(reason == code)
            name = REASONS[int(code)]
            self.skipped[name] += len(where)
            kept = self.skipped_lines.setdefault(name, [])
            for i in where[:LINES_KEPT]:
                kept.append(
                    int(lines + i) if isinstance(lines, (int, np.integer)) else int(lines[i])
                )
            if len(kept) > 4 * LINES_KEPT:  # chunks may arrive out of order: keep the
                kept.sort()  # first few lines of the file
                del kept[LINES_KEPT:]

    def _accumulate(
        self,
        R: np.ndarray,
        D: np.ndarray,
        T: np.ndarray,
        seg: np.ndarray,
        ratings: np.ndarray | None,
        nps: np.ndarray | None,
        ces: np.ndarray | None,
    ) -> None:
        n = self.n
        S = self._cap
        col = np.arange(n, dtype=np.intp)
        cell = seg[:, None] * n + col  # (segment, pillar) of each cell
        self.resp[:S] += np.bincount(seg, minlength=S)
        self.tsum[:S] += np.rint(np.bincount(seg, weights=T, minlength=S)).astype(np.int64)
        D32 = D.astype(np.int32)
        flat = cell.ravel()
        self.dsum[:S] += (
            np.rint(np.bincount(flat, weights=D32.ravel(), minlength=S * n))
            .astype(np.int64)
            .reshape(S, n)
        )
        self.dsq[:S] += (
            np.rint(np.bincount(flat, weights=(D32 * D32).ravel(), minlength=S * n))
            .astype(np.int64)
            .reshape(S, n)
        )
        self._pairwise(D, seg)
        # Positions 1..n and "unranked" (column n) in one count per segment x pillar.
        key = cell * (n + 1) + np.where(R > 0, R - 1, n)
        counts = np.bincount(key.ravel(), minlength=S * n * (n + 1)).reshape(S, n, n + 1)
        self.pos[:S] += counts[:, :, :n]
        self.unranked[:S] += counts[:, :, n]
        if ratings is not None:
            key = cell * 6 + np.where(ratings > 0, ratings - 1, 5)
            counts = np.bincount(key.ravel(), minlength=S * n * 6).reshape(S, n, 6)
            self.rat[:S] += counts[:, :, :5]
            bad = int(np.count_nonzero(ratings == cells.BAD_SCORE))
            if bad:
                self.ignored[IGNORED_RATING] += bad
        if nps is not None:
            key = seg * 12 + np.where(nps >= 0, nps, 11)
            self.npsh[:S] += np.bincount(key, minlength=S * 12).reshape(S, 12)[:, :11]
            bad = int(np.count_nonzero(nps == cells.BAD_SCORE))
            if bad:
                self.ignored[IGNORED_NPS] += bad
        if ces is not None:
            key = seg * 8 + np.where(ces > 0, ces - 1, 7)
            self.cesh[:S] += np.bincount(key, minlength=S * 8).reshape(S, 8)[:, :7]
            bad = int(np.count_nonzero(ces == cells.BAD_SCORE))
            if bad:
                self.ignored[IGNORED_CES] += bad

    def _pairwise(self, D: np.ndarray, seg: np.ndarray) -> None:
        """Add, per segment, how often each pillar has a smaller rank than each other.

        Comparisons are packed 8 rows to a byte and counted with a popcount, per
        segment through that segment's packed row mask.
        """
        n = self.n
        DT = np.ascontiguousarray(D.T.astype(np.int8))  # pillars x rows
        present = np.unique(seg)
        masks = None
        if len(present) > 1:
            masks = {int(s): np.packbits(seg == s) for s in present}
        for a in range(n):
            above = np.packbits(DT[a] < DT, axis=1)  # pillars x ceil(rows / 8)
            if masks is None:
                self.pair[int(present[0]), a] += _bitcount(above).sum(axis=1, dtype=np.int64)
            else:
                for s, mask in masks.items():
                    self.pair[s, a] += _bitcount(above & mask).sum(axis=1, dtype=np.int64)


_RANK_BITS = (1 << 40) - 1
_NOT_RANK_BITS = ((1 << 6) - 1) << 40
_OUT_BITS = ((1 << 10) - 1) << 46


@functools.cache
def _weights(n: int) -> np.ndarray:
    """Per cell code (-2, -1, 0, 1..n, n + 1) the integer it adds to its row's sum."""
    table = [1 << 46, 1 << 40, 0] + [(1 << r) + (1 << 56) for r in range(1, n + 1)] + [1 << 46]
    return np.array(table, dtype=np.int64)


def _popcount(x: np.ndarray) -> np.ndarray:
    if _HAS_POPCOUNT:
        counts: np.ndarray = np.bitwise_count(x)
        return counts.astype(np.int64)
    # pragma: no cover - numpy < 2: the classic bit-twiddling count
    x = x - ((x >> 1) & 0x5555555555555555)
    x = (x & 0x3333333333333333) + ((x >> 2) & 0x3333333333333333)
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0F
    return np.asarray((x * 0x0101010101010101) >> 56 & 0xFF)


_BYTE_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def _bitcount(x: np.ndarray) -> np.ndarray:
    """Set bits per byte."""
    if _HAS_POPCOUNT:
        return np.asarray(np.bitwise_count(x))
    return np.asarray(_BYTE_BITS[x])  # pragma: no cover - numpy < 2


# -- turning rows into arrays ----------------------------------------------------------------


class _Coder:
    """Cell text -> small integer code, each distinct text parsed once.

    A workbook's number cell (a float or an int) is parsed as its text (``3.0`` as
    ``3``, ``2.5`` as ``2.5``) and cached by its value: a number never equals a text
    key, and equal numbers have the same text (booleans come as text, see
    :func:`cx_pillars.survey.workbook.keyed`).

    A parse may answer ``_TOKEN`` (missing by a token): such cells are counted in
    ``tokens`` and coded ``missing``.
    """

    def __init__(self, parse: Callable[[object], int], missing: int) -> None:
        self.parse = parse
        self.missing = missing
        # str keys (and a workbook's numbers); looked up with any cell (JSON lists)
        self.cache: dict[object, int] = {}
        self.tokens = 0
        self.words: list[str] = []  # the first few distinct token texts
        self._seen_token = False

    def codes(self, column: Sequence[object], dtype: npt.DTypeLike = np.int16) -> np.ndarray:
        """The code of each cell.  A float array (a workbook's column of numbers) is
        coded by numpy, each distinct value parsed once as its text."""
        m = len(column)
        arr = None
        if isinstance(column, np.ndarray) and column.dtype.kind == "f":
            arr = self._floats(column)
            if arr is None:  # not all finite: cell by cell, as Python floats
                column = column.tolist()
        if arr is None:
            try:
                arr = np.fromiter(
                    map(self.cache.get, column, repeat(_UNSEEN)), dtype=np.int32, count=m
                )
            except TypeError:  # a JSON list where a number was expected
                arr = np.full(m, _UNSEEN, dtype=np.int32)
            for i in np.flatnonzero(arr == _UNSEEN).tolist():
                arr[i] = self._code(column[i])
        if self._seen_token:  # no cost for exports without tokens
            hit = arr == _TOKEN
            count = int(np.count_nonzero(hit))
            if count:
                self.tokens += count
                arr[hit] = self.missing
        return arr.astype(dtype, copy=False)

    def _code(self, cell: object) -> int:
        """One cell's code: a number as its text (``3.0`` as ``3``), cached by value."""
        number = cell.__class__ is float or cell.__class__ is int
        keyed = number or isinstance(cell, str)
        if keyed:
            known = self.cache.get(cell)
            if known is not None:
                return known
        text = number_text(cell) if number else cell  # type: ignore[arg-type]
        value = self.parse(text)
        if value == _TOKEN:
            self._seen_token = True
            _note_word(self.words, text)
        if keyed and len(self.cache) < CACHE_LIMIT:
            self.cache[cell] = value
        return value

    def _floats(self, values: np.ndarray) -> np.ndarray | None:
        """Codes of a column of floats by their distinct values; None if some is not
        finite (left to the cell-by-cell path)."""
        if not len(values) or not np.isfinite(values).all():
            return None
        low, high = float(values.min()), float(values.max())
        whole = values.astype(np.int64) if -1e6 <= low and high <= 1e6 else None
        if whole is not None and high - low < 4096 and (whole == values).all():
            first = int(low)
            shifted = whole - first
            table = np.zeros(int(high) - first + 1, dtype=np.int32)
            for k in np.flatnonzero(np.bincount(shifted)).tolist():
                table[k] = self._code(float(first + k))
            return table[shifted]
        distinct, inverse = np.unique(values, return_inverse=True)
        table = np.array([self._code(v) for v in distinct.tolist()], dtype=np.int32)
        return table[inverse.reshape(-1)]


def _note_word(words: list[str], text: object) -> None:
    """Keep the first few tokens seen, each once however it is spelt."""
    word = " ".join(text.split()) if isinstance(text, str) else ""
    if word and len(words) < TOKENS_KEPT:
        key = cells.missing_key(word)
        if all(cells.missing_key(w) != key for w in words):
            words.append(word)


def _score_parser(low: int, high: int, extra: frozenset[str]) -> Callable[[object], int]:
    def parse(text: object) -> int:
        if not isinstance(text, str):
            return cells.BAD_SCORE
        kind = cells.missing_kind(text, extra)
        if kind:
            return _TOKEN if kind == 2 else cells.NO_SCORE
        return cells.score_code(text, low, high)

    return parse


def _rank_parser(extra: frozenset[str]) -> Callable[[object], int]:
    def parse(text: object) -> int:
        if not isinstance(text, str):
            return cells.NOT_A_RANK
        kind = cells.missing_kind(text, extra)
        if kind:
            return _TOKEN if kind == 2 else 0
        return cells.rank_code(text)

    return parse


class Decoder:
    """Rows (lists of cells) -> the arrays :meth:`Aggregate.add` takes."""

    def __init__(self, plan: Plan, fw: Framework, agg: Aggregate) -> None:
        self.plan = plan
        self.n = fw.n
        self.agg = agg
        self.emit: Emit = agg.add  # or a Pipeline: add on another thread
        extra = plan.missing
        self.missing = extra
        self.ranks = _Coder(_rank_parser(extra), 0)
        self.rating = _Coder(_score_parser(1, 5, extra), cells.NO_SCORE)
        self.nps = _Coder(_score_parser(0, 10, extra), cells.NO_SCORE)
        self.ces = _Coder(_score_parser(1, 7, extra), cells.NO_SCORE)
        self.missing_of: dict[str, int] = {}  # answer text -> cells.missing_kind
        self.item_tokens = 0
        self.item_words: list[str] = []
        #: how the export wrote the "Other" items left out (the first few)
        self.other_words: list[str] = list(plan.other_items)
        self.unknown: Counter[str] = Counter()
        self.matcher: Callable[[str], int] = plan.matcher or _no_matcher
        self.segments: dict[str, int] = {}
        kind = plan.segment_kind
        segment_of: dict[str | None, Callable[[str], str] | None] = {
            "segment": cells.segment_value,
            "birth-year": cells.birth_year_generation,
            "age": cells.age_generation,
            None: None,
        }
        self.segment_of = segment_of[kind]
        self.year_cache: dict[str, int | None] = {}
        self.this_year = date.today().year
        #: the first few distinct texts of an age or birth-year column: what it holds,
        #: when most respondents end in "unknown" (:func:`_check_generations`)
        self.seen: set[str] = set()
        if kind is None:
            agg.segment("all")
        needed = list(plan.rank_columns) + list(plan.other_columns.values())
        needed += plan.other_rank_columns
        if plan.rating_columns:
            needed += [c for c in plan.rating_columns if c is not None]
        for c in (plan.nps_column, plan.ces_column, plan.segment_column, plan.date_column):
            if c is not None:
                needed.append(c)
        self.needed = sorted(set(needed))
        self.slot = {c: i for i, c in enumerate(self.needed)}
        # Of a workbook's cells: the columns read as numbers, and those read as text.
        numeric = (
            list(plan.rank_columns) + plan.other_rank_columns if plan.kind == "per-item" else []
        )
        numeric += [c for c in plan.rating_columns or () if c is not None]
        numeric += [c for c in (plan.nps_column, plan.ces_column) if c is not None]
        self.number_columns = sorted(set(numeric))
        text = list(plan.other_columns.values())
        text += list(plan.rank_columns) if plan.kind != "per-item" else []
        text += [c for c in (plan.segment_column, plan.date_column) if c is not None]
        self.text_columns = sorted(set(text))
        self.width = max(self.needed) + 1
        self.getter: Callable[[Sequence[object]], Sequence[object]]
        if len(self.needed) > 1:
            self.getter = itemgetter(*self.needed)
        else:
            only = self.needed[0]
            self.getter = lambda row: (row[only],)

    def no_answer(self) -> tuple[int, list[str]]:
        """Cells read as no answer by a token, and the first few token texts."""
        coders = (self.ranks, self.rating, self.nps, self.ces)
        count = self.item_tokens + sum(c.tokens for c in coders)
        words: list[str] = []
        for found in [self.item_words, *(c.words for c in coders)]:
            for word in found:
                _note_word(words, word)
        return count, words

    def segment_code(self, text: object, year_text: object = None) -> int:
        if self.segment_of is None:
            return 0
        text = text if isinstance(text, str) else ""
        if year_text is not None:
            if len(self.seen) < SEEN_TEXTS:
                self.seen.add(text)
            year: int | None = None  # a JSON list where a date was expected: no year
            if isinstance(year_text, str):
                year = self.year_cache.get(year_text, -1)
                if year == -1:
                    year = cells.year_of_date(year_text)
                    if len(self.year_cache) < CACHE_LIMIT:
                        self.year_cache[year_text] = year
            return self.agg.segment(cells.age_generation(text, year or self.this_year))
        code = self.segments.get(text)
        if code is None:
            if len(self.seen) < SEEN_TEXTS:
                self.seen.add(text)
            value = self.segment_of(text)
            kind = cells.identifier_kind(value)
            if kind is not None:
                raise CxError(
                    tr(
                        "segments.identifiers",
                        column=self.plan.segment_label,
                        what=tr(f"segments.what_{kind}"),
                    ),
                    path=self.plan.source.path,
                )
            code = self.agg.segment(value)
            if code >= MAX_SEGMENTS:
                raise CxError(
                    tr(
                        "segments.too_many_values",
                        column=self.plan.segment_label,
                        most=MAX_SEGMENTS,
                    ),
                    path=self.plan.source.path,
                )
            if len(self.segments) < CACHE_LIMIT:
                self.segments[text] = code
        return code

    def rows(
        self,
        rows: Sequence[Sequence[object]],
        lines: int | Sequence[int] | np.ndarray,
        typed: bool = False,
    ) -> None:
        """Decode and add one chunk of rows (blank rows are dropped here).

        ``typed``: a workbook's cells as the reader gives them (text, numbers, dates,
        booleans; an empty cell ``""``), read as their text would be
        (:func:`cx_pillars.survey.workbook.cell_text`) without making the text of
        every cell: rank and score columns take numbers as they are, and only the
        columns read as text are turned into text.
        """
        m = len(rows)
        if not m:
            return
        col: dict[int, Sequence[object]]
        if typed:  # blank rows are found once the ranks are known (below)
            line_of: Lines = lines if isinstance(lines, int) else np.asarray(lines)
            cells_of = self._cell_array(rows)
            # a column of the array is a view; read like any sequence of cells
            col = {c: cast(Sequence[object], cells_of[:, c]) for c in self.needed}
        else:
            keep = np.fromiter(map(any, rows), dtype=bool, count=m)
            if not keep.all():
                idx = np.flatnonzero(keep)
                rows = [rows[i] for i in idx.tolist()]
                lines = (lines + idx) if isinstance(lines, int) else np.asarray(lines)[idx]
                m = len(rows)
                if not m:
                    return
            line_of = lines if isinstance(lines, int) else np.asarray(lines)
            width = self.width
            short = [i for i, r in enumerate(rows) if len(r) < width]
            if short:
                rows = list(rows)
                for i in short:
                    rows[i] = list(rows[i]) + [""] * (width - len(rows[i]))
            columns = list(zip(*map(self.getter, rows)))
            col = {c: columns[self.slot[c]] for c in self.needed}
        plan, n = self.plan, self.n
        tcol = col  # the columns read as text
        if typed:
            tcol = dict(col)
            for c in self.text_columns:
                tcol[c] = cell_texts(col[c])
            for c in self.number_columns:
                cells_in, floats = keyed(col[c])
                # floats only: one float array, which the coders read with numpy
                col[c] = np.asarray(cells_in, dtype=np.float64) if floats else cells_in  # type: ignore[assignment]
        flags: np.ndarray | None = None
        other: np.ndarray | None = None  # rows in which an "Other" item held a rank
        if plan.kind == "per-item":
            ranks = np.empty((m, n), dtype=np.int16)
            for j, c in enumerate(plan.rank_columns):
                ranks[:, j] = self.ranks.codes(col[c])
            if plan.other_rank_columns:
                ranks, flags, other = self._without_other(
                    ranks, [self.ranks.codes(col[c]) for c in plan.other_rank_columns]
                )
        elif plan.kind == "positions":
            by_position = [self._items(tcol[c]) for c in plan.rank_columns]
            if plan.other_columns:  # a blank choice with its "Other" text filled in
                said = np.zeros(m, dtype=bool)  # rows that chose "Other" in so many words
                for c in plan.rank_columns:
                    said |= np.fromiter(map(_says_other, tcol[c]), dtype=bool, count=m)
                for j, c in enumerate(plan.rank_columns):
                    if c in plan.other_columns:
                        texts = tcol[plan.other_columns[c]]
                        by_position[j] = self._written_in(by_position[j], texts, said)
            ranks, flags, other = self._positions(by_position, m)
        else:
            ranks, flags, other = self._lists(tcol[plan.rank_columns[0]], m)
        if typed:  # a blank row ranks nothing; is each row that ranks nothing blank?
            unranked = ~ranks.any(axis=1) if flags is None else ~ranks.any(axis=1) & (flags == OK)
            blank = [i for i in np.flatnonzero(unranked).tolist() if _blank(rows[i])]
            if blank:
                kept = np.ones(m, dtype=bool)
                kept[blank] = False
                idx = np.flatnonzero(kept)
                ranks = ranks[idx]
                flags = flags[idx] if flags is not None else None
                other = other[idx] if other is not None else None
                line_of = line_of + idx if isinstance(line_of, int) else line_of[idx]
                col = {c: [v[i] for i in idx.tolist()] for c, v in col.items()}
                tcol = {c: [v[i] for i in idx.tolist()] for c, v in tcol.items()}
                m = len(idx)
                if not m:
                    return
        ratings: np.ndarray | None = None
        nps: np.ndarray | None = None
        ces: np.ndarray | None = None
        if plan.rating_columns:
            ratings = np.full((m, n), cells.NO_SCORE, dtype=np.int8)
            for j, rc in enumerate(plan.rating_columns):
                if rc is not None:
                    ratings[:, j] = self.rating.codes(col[rc], np.int8)
        if plan.nps_column is not None:
            nps = self.nps.codes(col[plan.nps_column], np.int8)
        if plan.ces_column is not None:
            ces = self.ces.codes(col[plan.ces_column], np.int8)
        seg: np.ndarray
        if plan.segment_column is None:
            seg = np.zeros(m, dtype=np.int64)
        elif plan.date_column is not None:
            seg = np.fromiter(
                map(self.segment_code, tcol[plan.segment_column], tcol[plan.date_column]),
                dtype=np.int64,
                count=m,
            )
        else:
            seg = self._segment_codes(tcol[plan.segment_column])
        self.emit(ranks, seg, line_of, flags, ratings, nps, ces, other)

    def _segment_codes(self, column: Sequence[object]) -> np.ndarray:
        """Segment codes of a column: the texts seen before by a look-up each."""
        m = len(column)
        known = cast("dict[object, int]", self.segments).get  # str keys, any cell looked up
        try:
            arr = np.fromiter(map(known, column, repeat(-1)), dtype=np.int64, count=m)
        except TypeError:  # a JSON list
            arr = np.full(m, -1, dtype=np.int64)
        for i in np.flatnonzero(arr < 0).tolist():
            arr[i] = self.segment_code(column[i])
        return arr

    def _cell_array(self, rows: Sequence[Sequence[object]]) -> np.ndarray:
        """A chunk of a sheet's rows as one array of cells (rows x columns, at least
        as wide as the columns read), so that a column is a view, not a copy."""
        try:
            cells_of = np.array(rows, dtype=object)
        except ValueError:  # rows of different widths
            cells_of = None
        if cells_of is None or cells_of.ndim != 2 or cells_of.shape[1] < self.width:
            width = max(self.width, max(map(len, rows)))
            cells_of = np.empty((len(rows), width), dtype=object)
            cells_of[:] = ""
            for i, row in enumerate(rows):
                cells_of[i, : len(row)] = row
        return cells_of

    def _item(self, text: object) -> int:
        """-1 missing, -2 unknown, else the pillar index."""
        if not isinstance(text, str):
            return -2
        t = text.strip()
        kind = self.missing_of.get(t)
        if kind is None:
            kind = cells.missing_kind(t, self.missing)
            if len(self.missing_of) < CACHE_LIMIT:
                self.missing_of[t] = kind
        if kind:
            if kind == 2:
                self.item_tokens += 1
                _note_word(self.item_words, t)
            return -1
        hit = self.matcher(t)
        if hit < 0 and vocabulary.is_other(t):  # "Other" and no item so named: left
            _note_word(self.other_words, t)  # out, the positions after it move up
            if OTHER_AS_NO_ANSWER:
                self.item_tokens += 1
                _note_word(self.item_words, t)
            return _OTHER_ITEM
        if hit < 0:
            if len(self.unknown) < 1000 or t in self.unknown:
                self.unknown[t] += 1
            return -2
        return hit

    def _written_in(
        self, items: np.ndarray, texts: Sequence[object], said: np.ndarray
    ) -> np.ndarray:
        """Positions left blank whose "Other" column holds text: the item named "Other"
        where the framework has one, else not ranked and counted (the text itself is
        only looked at to be non-blank, never kept)."""
        filled = np.fromiter(
            (isinstance(t, str) and bool(t.strip()) for t in texts), dtype=bool, count=len(texts)
        )
        hit = filled & (items == -1) & ~said
        count = int(np.count_nonzero(hit))
        if not count:
            return items
        other = self.matcher("Other")
        items = items.copy()
        if other >= 0:
            items[hit] = other
        else:
            items[hit] = _OTHER_ITEM
            _note_word(self.other_words, "Other")
            if OTHER_AS_NO_ANSWER:
                self.item_tokens += count
                _note_word(self.item_words, "Other")
        return items

    def _items(self, column: Sequence[object]) -> np.ndarray:
        return np.fromiter(map(self._item, column), dtype=np.int16, count=len(column))

    def _positions(
        self, by_position: list[np.ndarray], m: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Ranks from the item at each position; the flags of rows to skip; the rows in
        which "Other" held a position (left out: the positions after it move up, as
        gaps are closed up)."""
        n = self.n
        ranks = np.zeros((m, n), dtype=np.int16)
        flags = np.zeros(m, dtype=np.int8)
        other = np.zeros(m, dtype=bool)
        before = np.zeros(m, dtype=np.int16)  # per row: how many places Other took so far
        for k, items in enumerate(by_position, start=1):
            said = items == _OTHER_ITEM
            flags[(items == -2) & (flags == OK)] = UNKNOWN_ITEM
            rows = np.flatnonzero(items >= 0)
            if not len(rows):
                continue
            which = items[rows].astype(np.int64)
            prev = ranks[rows, which]
            twice = rows[prev != 0]
            flags[twice[flags[twice] == OK]] = DUP_ITEM
            ranks[rows, which] = np.where(prev != 0, prev, k - before[rows])
            if said.any():
                other |= said
                before += said
        return ranks, flags, other

    def _without_other(
        self, ranks: np.ndarray, others: list[np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per-item ranks of a question that ranks "Other" items the framework has none
        of (their codes in ``others``): a row's ranks may then go up to n + the number of
        such items; the Other ranks are left out and the pillars' ranks closed up (Other
        1st, Service 2nd: Service 1st).  The rules of a row hold for all its ranks,
        Other's included: a text, a rank out of range or a rank given twice skips it.
        Returns the ranks, the flags of rows to skip, and the rows that ranked Other."""
        n = self.n
        ranked = np.column_stack(others).astype(np.int16)
        m, e = ranked.shape
        flags = np.zeros(m, dtype=np.int8)
        held = (ranked != 0).any(axis=1)
        other = np.zeros(m, dtype=bool)
        sel = np.flatnonzero(held | (ranks > n).any(axis=1))
        if not len(sel):
            return ranks, flags, other
        both = np.concatenate([ranks[sel], ranked[sel]], axis=1)
        ordered = np.sort(np.where(both > 0, both, 0), axis=1)
        reason = np.zeros(len(sel), dtype=np.int8)
        reason[((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] > 0)).any(axis=1)] = DUP_RANK
        reason[((both == cells.OUT_OF_RANGE) | (both > n + e)).any(axis=1)] = OUT_RANGE
        reason[(both == cells.NOT_A_RANK).any(axis=1)] = NOT_RANK
        flags[sel] = reason
        ok = sel[reason == OK]
        if len(ok):
            sub = ranks[ok]
            at = np.where(sub > 0, sub, np.iinfo(np.int16).max)
            # each ranked pillar's place among the pillars: 1 + the pillars put above it
            place = (at[:, None, :] < at[:, :, None]).sum(axis=2) + 1
            ranks[ok] = np.where(sub > 0, place, 0)
            other[ok] = held[ok]
        return ranks, flags, other

    def _lists(self, column: Sequence[object], m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        lists = [split_list(v) for v in column]
        width = max((len(x) for x in lists), default=0)
        by_position: list[np.ndarray] = []
        for k in range(width):
            by_position.append(
                np.fromiter(
                    (self._item(x[k]) if k < len(x) else -1 for x in lists), dtype=np.int16, count=m
                )
            )
        if not by_position:
            return (
                np.zeros((m, self.n), dtype=np.int16),
                np.zeros(m, dtype=np.int8),
                np.zeros(m, dtype=bool),
            )
        return self._positions(by_position, m)


def _blank(row: Sequence[object]) -> bool:
    """A sheet row whose every cell's text is empty (an empty cell is ``""``)."""
    return row.count("") == len(row) or not any(map(cell_text, row))


def _says_other(text: object) -> bool:
    return isinstance(text, str) and bool(text.strip()) and vocabulary.is_other(text)


def _no_matcher(text: str) -> int:
    raise ValueError("a plan of ranked answers needs its matcher (plan_import sets one)")


# -- the fast reader for plain per-item CSV --------------------------------------------------

_FALLBACK = -32768


@functools.cache
def _code_table(low: int, high: int, below: int, empty: int) -> np.ndarray:
    """Code of a cell by [length 0-3 (3 = longer), last byte, the byte before it].

    Lengths 1 and 2 of digits get their value (below ``low`` -> ``below``, above
    ``high`` -> BAD_SCORE); length 0 gets ``empty``; the rest, _FALLBACK.
    """
    table = np.full((4, 256, 256), _FALLBACK, dtype=np.int16)
    table[0] = empty

    def code(value: int) -> int:
        return below if value < low else cells.BAD_SCORE if value > high else value

    for b1 in range(48, 58):
        table[1, b1, :] = code(b1 - 48)  # one digit, whatever byte precedes it
        for b0 in range(48, 58):
            table[2, b1, b0] = code((b0 - 48) * 10 + b1 - 48)
    return table


_MASKS = np.array(
    [0] + [(1 << (8 * i)) - 1 for i in range(1, 8)] + [(1 << 64) - 1], dtype=np.uint64
)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


class FastReader:
    """Plain CSV (no quotes) split with numpy; stops where the csv reader must take over."""

    def __init__(self, plan: Plan, decoder: Decoder) -> None:
        self.plan = plan
        self.dec = decoder
        self.delim = ord(plan.source.delimiter)
        self.encoding = plan.source.encoding
        self.seg_cache: dict[bytes, int] = {}
        self.rows = 0
        n = decoder.n
        self.rank_cols = np.array(plan.rank_columns)
        self.rating_cols = (
            [(j, c) for j, c in enumerate(plan.rating_columns) if c is not None]
            if plan.rating_columns
            else []
        )
        self.n = n
        # Every numeric column in one array: ranks, ratings, NPS, CES; per column the
        # valid range, the code below it, and the code of an empty cell.
        kinds = [("rank", c) for c in plan.rank_columns]
        kinds += [("rating", c) for _, c in self.rating_cols]
        if plan.nps_column is not None:
            kinds.append(("nps", plan.nps_column))
        if plan.ces_column is not None:
            kinds.append(("ces", plan.ces_column))
        spec = {
            "rank": (1, 999, cells.OUT_OF_RANGE, 0, decoder.ranks),
            "rating": (1, 5, cells.BAD_SCORE, cells.NO_SCORE, decoder.rating),
            "nps": (0, 10, cells.BAD_SCORE, cells.NO_SCORE, decoder.nps),
            "ces": (1, 7, cells.BAD_SCORE, cells.NO_SCORE, decoder.ces),
        }
        self.num_cols = np.array([c for _, c in kinds], dtype=np.intp)
        consecutive = len(self.num_cols) > 0 and (np.diff(self.num_cols) == 1).all()
        self.num_span: tuple[int, int] | None = (
            (int(self.num_cols[0]), int(self.num_cols[-1]) + 1) if consecutive else None
        )
        self.low = np.array([spec[k][0] for k, _ in kinds], dtype=np.int16)
        self.high = np.array([spec[k][1] for k, _ in kinds], dtype=np.int16)
        self.below = np.array([spec[k][2] for k, _ in kinds], dtype=np.int16)
        self.empty = np.array([spec[k][3] for k, _ in kinds], dtype=np.int16)
        self.coders = [spec[k][4] for k, _ in kinds]
        groups: list[tuple[int, int, np.ndarray, str]] = []  # consecutive columns of a kind
        for j, (kind, _) in enumerate(kinds):
            if groups and groups[-1][3] == kind:
                groups[-1] = (groups[-1][0], j + 1, groups[-1][2], kind)
            else:
                groups.append((j, j + 1, _code_table(*spec[kind][:4]), kind))
        # (first column, end, code table) per kind
        self.tables = [(j0, j1, t) for j0, j1, t, _ in groups]

    @staticmethod
    def usable(plan: Plan) -> bool:
        src = plan.source
        return (
            src.kind == "csv"
            and src.ascii_compatible
            and plan.kind == "per-item"
            and not plan.defang
            and plan.date_column is None
            and src.delimiter.isascii()
            and src.delimiter not in "\"'\r\n"
            and not plan.other_rank_columns  # "Other" ranks close up the pillars' ranks
            # the byte tables read one- and two-digit cells without the parser
            and not any(len(k) <= 2 and k.isdecimal() for k in plan.missing)
        )

    def run(self, offset: int, line: int) -> tuple[int, int, bool]:
        """Read from ``offset`` (line ``line``); (offset, line, finished) where it stopped."""
        path = self.plan.source.path
        mode = None
        with open(path, "rb") as fh:
            fh.seek(offset)
            rest = b""
            while True:
                buf = fh.read(FAST_CHUNK_BYTES)
                data = rest + buf
                if not data:
                    return offset, line, True
                if mode is None:
                    mode = (
                        b"\r\n"
                        if b"\r\n" in data
                        else b"\n"
                        if b"\n" in data
                        else b"\r"
                        if b"\r" in data
                        else b"\n"
                    )
                if buf:
                    cut = data.rfind(mode)
                    if cut < 0:
                        # a line past the record limit (in bytes, up to 4 per
                        # character): the csv reader takes over and refuses it
                        if len(data) > 4 * MAX_RECORD:
                            return offset, line, False
                        rest = data
                        continue
                    cut += len(mode)
                    data, rest = data[:cut], data[cut:]
                else:
                    rest = b""
                    if not data.endswith(mode):
                        data += mode
                lines = self._chunk(data, mode, line)
                if lines is None:
                    return offset, line, False
                offset += len(data)
                line += lines
                if not buf:
                    return offset, line, True

    def _chunk(self, data: bytes, mode: bytes, line: int) -> int | None:
        """Add one chunk of whole lines; the number of lines, or None to hand over."""
        if b'"' in data:
            return None
        crlf = mode == b"\r\n"
        term = mode[0]
        if crlf:
            if not (data.count(b"\r") == data.count(b"\n") == data.count(b"\r\n")):
                return None
        elif (b"\r" if mode == b"\n" else b"\n") in data:
            return None
        padded = data + b"\0" * 8
        a = np.frombuffer(padded, dtype=np.uint8)[: len(data)]
        seps = np.flatnonzero((a == self.delim) | (a == term))
        m = int(np.count_nonzero(a == term)) if not crlf else data.count(b"\r\n")
        if m == 0 or len(seps) % m:
            return None
        W = len(seps) // m
        if W < self.dec.width:
            return None
        s2 = seps.reshape(m, W)
        if not (a[s2[:, -1]] == term).all():
            return None
        step = 2 if crlf else 1
        line_start = np.empty(m, dtype=np.int64)
        line_start[0] = 0
        line_start[1:] = s2[:-1, -1] + step
        keep = (s2[:, -1] - line_start) != (W - 1)  # rows of only delimiters are blank
        lines: Lines
        if not keep.all():
            s2, line_start = s2[keep], line_start[keep]
            lines = line + np.flatnonzero(keep)
        else:
            lines = line
        rows = len(s2)
        if rows:
            self._decode(padded, a, s2, line_start, lines, rows)
            self.rows += rows
        return m

    def _field(
        self, s2: np.ndarray, line_start: np.ndarray, c: int
    ) -> tuple[np.ndarray, np.ndarray]:
        ends = s2[:, c]
        starts = line_start if c == 0 else s2[:, c - 1] + 1
        return starts, ends

    def _numbers(
        self, padded: bytes, a: np.ndarray, s2: np.ndarray, line_start: np.ndarray
    ) -> np.ndarray:
        """Codes of every numeric column at once (rows x columns, as ``self.num_cols``).

        A cell's length (0, 1, 2 or more) and its last two bytes index a table that
        holds the code of every one- and two-character cell; anything longer or not
        a plain number (``-99``, `` 3``, ``N/A``, ``1st``) goes through the csv
        reader's parser.
        """
        if self.num_span is not None:  # consecutive columns: views, no copies
            first, last = self.num_span
            ends = s2[:, first:last]
            before = (
                s2[:, first - 1 : last - 1]
                if first
                else np.column_stack([line_start - 1, s2[:, : last - 1]])
            )
        else:
            cols = self.num_cols
            ends = s2[:, cols]
            before = s2[:, np.maximum(cols - 1, 0)]
            if (cols == 0).any():
                before[:, cols == 0] = (line_start - 1)[:, None]
        # Clip before narrowing: a cell of 256 bytes must not wrap round to 0 (empty).
        L = np.minimum(ends - before - 1, 3).astype(np.int8)
        at = ends - 1
        b1 = a[at]
        at -= 1
        b0 = a[at]  # a[-1] for a chunk's first cell: unused
        out = np.empty(L.shape, dtype=np.int16)
        for j0, j1, table in self.tables:
            out[:, j0:j1] = table[L[:, j0:j1], b1[:, j0:j1], b0[:, j0:j1]]
        other = out == _FALLBACK
        if other.any():
            enc = self.encoding
            for j in np.flatnonzero(other.any(axis=0)):
                rows = np.flatnonzero(other[:, j])
                texts = [
                    padded[b + 1 : e].decode(enc)
                    for b, e in zip(before[rows, j].tolist(), ends[rows, j].tolist())
                ]
                out[rows, j] = self.coders[j].codes(texts)
        return out

    def _categories(self, padded: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Segment codes: each distinct cell (up to 16 bytes) keyed exactly by its bytes."""
        dec = self.dec
        m = len(starts)
        L = ends - starts
        if len(padded) < 8 or (L > 16).any():
            return self._categories_slow(padded, starts, ends)
        win = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
        k1 = win[starts] & _MASKS[np.minimum(L, 8)]
        k2 = np.where(L > 8, win[np.maximum(ends - 8, 0)], np.uint64(0))
        h = k1 ^ (k2 * _GOLDEN) ^ (L.astype(np.uint64) << np.uint64(56))
        u, first, inverse = np.unique(h, return_index=True, return_inverse=True)
        if not (
            (k1 == k1[first][inverse]).all()
            and (k2 == k2[first][inverse]).all()
            and (L == L[first][inverse]).all()
        ):
            return self._categories_slow(padded, starts, ends)  # pragma: no cover
        codes = np.empty(len(u), dtype=np.int64)
        for j, i in enumerate(first.tolist()):
            raw = padded[int(starts[i]) : int(ends[i])]
            code = self.seg_cache.get(raw)
            if code is None:
                code = dec.segment_code(raw.decode(self.encoding))
                self.seg_cache[raw] = code
            codes[j] = code
        return codes[inverse.reshape(m)]

    def _categories_slow(self, padded: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        enc = self.encoding
        texts = [padded[s:e].decode(enc) for s, e in zip(starts.tolist(), ends.tolist())]
        return np.fromiter(map(self.dec.segment_code, texts), dtype=np.int64, count=len(texts))

    def _decode(
        self,
        padded: bytes,
        a: np.ndarray,
        s2: np.ndarray,
        line_start: np.ndarray,
        lines: Lines,
        m: int,
    ) -> None:
        plan, dec, n = self.plan, self.dec, self.n
        values = self._numbers(padded, a, s2, line_start)
        ranks = values[:, :n]
        at = n
        ratings: np.ndarray | None = None
        nps: np.ndarray | None = None
        ces: np.ndarray | None = None
        if self.rating_cols:
            ratings = np.full((m, n), cells.NO_SCORE, dtype=np.int8)
            for j, _ in self.rating_cols:
                ratings[:, j] = values[:, at]
                at += 1
        if plan.nps_column is not None:
            nps = values[:, at].astype(np.int8)
            at += 1
        if plan.ces_column is not None:
            ces = values[:, at].astype(np.int8)
        seg: np.ndarray
        if plan.segment_column is None:
            seg = np.zeros(m, dtype=np.intp)
        else:
            seg = self._categories(padded, *self._field(s2, line_start, plan.segment_column))
        dec.emit(ranks, seg, lines, None, ratings, nps, ces, None)


# -- the whole file --------------------------------------------------------------------------


class Pipeline:
    """Adds chunks on a second thread while the next chunk is read (numpy releases the
    GIL).  At most one chunk waits, so memory stays bounded; order does not matter
    because every statistic is a sum."""

    def __init__(self, agg: Aggregate) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.agg = agg
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cx-survey-add")
        self.pending: Future[None] | None = None

    def __call__(
        self,
        ranks: np.ndarray,
        seg: np.ndarray,
        lines: Lines,
        flags: np.ndarray | None,
        ratings: np.ndarray | None,
        nps: np.ndarray | None,
        ces: np.ndarray | None,
        other: np.ndarray | None,
    ) -> None:
        if self.pending is not None:
            self.pending.result()
        self.pending = self.pool.submit(
            self.agg.add, ranks, seg, lines, flags, ratings, nps, ces, other
        )

    def close(self) -> None:
        try:
            if self.pending is not None:
                self.pending.result()
        finally:
            self.pending = None
            self.pool.shutdown(wait=True)


@dataclass
class Result:
    aggregate: Aggregate
    fast_rows: int = 0
    unit: str = "line"
    no_answer: int = 0  # cells read as no answer by a token ("No opinion", --missing)
    no_answer_words: list[str] = field(default_factory=list)
    #: respondents who ranked an "Other" item the framework has none of (left out, the
    #: ranks closed up), and how the export wrote it
    other_ranked: int = 0
    other_words: list[str] = field(default_factory=list)


def run(
    plan: Plan, fw: Framework, *, fast: bool = True, threads: bool = True, typed: bool = True
) -> Result:
    """Stream the export through the aggregate; fails on file-level problems.

    ``fast`` allows the numpy byte reader, ``threads`` a second thread for adding,
    ``typed`` reads a workbook's cells as they are (numbers as numbers) rather than
    each as its text; all change the speed only, never the result (the tests check).
    """
    agg = Aggregate(
        fw.n,
        ratings=bool(plan.rating_columns),
        nps=plan.nps_column is not None,
        ces=plan.ces_column is not None,
    )
    dec = Decoder(plan, fw, agg)
    pipeline = Pipeline(agg) if threads else None
    if pipeline is not None:
        dec.emit = pipeline
    try:
        result = stream_rows(plan, dec, agg, fast=fast, typed=typed)
    finally:
        if pipeline is not None:
            pipeline.close()
    agg.skipped_lines = {k: sorted(v)[:LINES_KEPT] for k, v in agg.skipped_lines.items()}
    result.no_answer, result.no_answer_words = dec.no_answer()
    result.other_ranked = agg.other_ranked
    result.other_words = list(dec.other_words) if agg.other_ranked else []
    if dec.unknown:
        from cx_pillars.survey.layout import _unknown_values_error

        raise _unknown_values_error(dec.unknown, plan.source.path, fw)
    if agg.resp.sum() == 0:
        raise _no_respondents(agg, plan.source.path, result.unit)
    if plan.segment_kind in ("age", "birth-year"):
        _check_generations(plan, dec, agg)
    if plan.segment_kind == "segment":
        from cx_pillars.survey.summary import mostly_alone

        sizes = [
            int(agg.resp[code])
            for code, name in enumerate(agg.names)
            if name != cells.UNKNOWN and code < len(agg.resp) and agg.resp[code]
        ]
        # A segment of one is one person's row.  Fewer alone than that are merged into
        # "other" with the other small segments (summary.protect), never stored.
        alone = mostly_alone(sizes)
        if alone is not None:
            raise CxError(
                tr("segments.alone", column=plan.segment_label, alone=alone, total=sum(sizes)),
                path=plan.source.path,
            )
    return result


def stream_rows(
    plan: Plan, dec: Decoder, agg: Aggregate, *, fast: bool = True, typed: bool = True
) -> Result:
    """Hand every data row of the export to ``dec``, chunk by chunk, read the way the
    file needs (JSON records, a sheet's cells, the numpy byte reader where ``fast``
    allows, else the CSV reader). :func:`run` sums the rows with the engine's
    :class:`Decoder`; a colleagues' import passes a decoder that keeps each row
    (:mod:`cx_pillars.colleagues.responses`). No checks of the whole: those are
    :func:`run`'s."""
    result = Result(agg)
    src = plan.source
    # Fewer rows per chunk for wide exports (hundreds of columns): cells, not rows,
    # are what a chunk holds in memory.
    per_chunk = max(256, min(CSV_CHUNK_ROWS, CHUNK_CELLS // max(plan.width, 1)))
    if src.kind == "json":
        result.unit = "response"
        keys = plan.json_keys or []
        with JsonRecords(src) as records:
            chunk, number = [], 0
            for record in records:
                chunk.append(json_row(record, keys))
                if len(chunk) >= per_chunk:
                    dec.rows(chunk, number + 1)
                    number += len(chunk)
                    chunk = []
            if chunk:
                dec.rows(chunk, number + 1)
    elif not src.ascii_compatible:  # UTF-16 or a sheet: no byte offsets, skip the header
        with Records(src, plan.defang) as records:
            for _ in range(plan.header_rows):
                records.next_record()
            sheet = records.reader
            if typed and isinstance(sheet, SheetRows) and not plan.defang:
                for cells_of_rows, first in sheet.chunks(per_chunk):
                    dec.rows(cells_of_rows, first, typed=True)
            else:
                for rows, lines in records.chunks(per_chunk):
                    dec.rows(rows, lines)
    else:
        offset = offset_after_lines(src, plan.header_lines)
        line = plan.header_lines + 1
        if fast and FastReader.usable(plan):
            reader = FastReader(plan, dec)
            offset, line, finished = reader.run(offset, line)
            result.fast_rows = reader.rows
        else:
            finished = False
        if not finished:
            with Records(src, plan.defang, offset=offset, line_base=line - 1) as records:
                for rows, lines in records.chunks(per_chunk):
                    dec.rows(rows, lines)
    return result


#: distinct texts of an age or birth-year column kept to tell what it holds
SEEN_TEXTS = 1000
AGES = (10, 110)  # a plausible age of a respondent, in years
FIRST_BIRTH_YEAR = 1900


def _check_generations(plan: Plan, dec: Decoder, agg: Aggregate) -> None:
    """Refuse a split by generation that leaves most respondents "unknown": nothing
    would be learnt from it, and the usual cause is a mix-up (``--age`` given a
    birth-year column, or ``--birth-year`` an age column), which is named."""
    import shlex

    code = agg.codes.get(cells.UNKNOWN)
    total = int(agg.resp.sum())
    unknown = int(agg.resp[code]) if code is not None and code < len(agg.resp) else 0
    if unknown * 2 <= total:
        return
    texts = sorted(t.strip() for t in dec.seen if t.strip())
    years = [t for t in texts if _plausible_birth_year(t, dec.this_year)]
    ages = [t for t in texts if _plausible_age(t)]
    column = plan.segment_label
    quoted = shlex.quote(column)
    given = "--age" if plan.segment_kind == "age" else "--birth-year"
    values = {"column": column, "unknown": unknown, "total": total, "option": given}
    if given == "--age" and len(years) * 2 > len(texts) and len(years) > len(ages):
        raise CxError(
            tr("survey.error.looks_like_birth_years", example=years[0], **values),
            path=plan.source.path,
            hint=tr("survey.error.use_option", option="--birth-year", column=quoted),
        )
    if given == "--birth-year" and len(ages) * 2 > len(texts) and len(ages) > len(years):
        raise CxError(
            tr("survey.error.looks_like_ages", example=ages[0], **values),
            path=plan.source.path,
            hint=tr("survey.error.use_option", option="--age", column=quoted),
        )
    what = tr("survey.error.what_age" if given == "--age" else "survey.error.what_birth_year")
    raise CxError(
        tr("survey.error.mostly_unknown", what=what, **values),
        path=plan.source.path,
        hint=tr("survey.error.mostly_unknown_hint", option=given, column=quoted),
    )


def _plausible_birth_year(text: str, this_year: int) -> bool:
    m = cells._YEAR.search(text)
    return m is not None and FIRST_BIRTH_YEAR <= int(m.group(1)) <= this_year


def _plausible_age(text: str) -> bool:
    t = text.casefold()
    m = cells._AGE.match(t)
    if m:
        return AGES[0] <= int(m.group(1)) <= AGES[1]
    m = cells._RANGE.match(t)
    return m is not None and AGES[0] <= int(m.group(1)) <= int(m.group(2)) <= AGES[1]


def _no_respondents(agg: Aggregate, path: Path | str | None, unit: str) -> CxError:
    if not agg.skipped:
        return CxError(tr("survey.error.no_responses_after_header"), path=path)
    ordered = agg.skipped.most_common()
    # The telling reason: a broken ranking says more than an unanswered one.
    reason = next((r for r, _ in ordered if r != "no ranking"), ordered[0][0])
    first = sorted(agg.skipped_lines.get(reason) or [0])[0] or None
    counts = joined(
        "; ",
        *(
            tr("survey.error.reason_count", reason=tr(f"survey.reason.{_reason_key(r)}"), count=c)
            if _reason_key(r)
            else f"{r} {c}"
            for r, c in sorted(ordered, key=lambda rc: (rc[0] != reason, -rc[1]))
        ),
    )
    line = first if unit == "line" else None
    where: str | Message = ""
    if unit != "line" and first:
        where = tr(f"survey.error.first_at_{unit}", first=first)
    hint_key = _HINTS.get(reason)
    return CxError(
        tr("survey.error.no_usable_ranking", counts=counts, where=where),
        path=path,
        line=line,
        hint=tr(hint_key) if hint_key else None,
    )


def _reason_key(reason: str) -> str | None:
    """A stored skip reason's catalog key ("no ranking" -> no_ranking)."""
    key = reason.replace(" ", "_").replace("-", "_")
    return key if key in _REASONS else None


_REASONS = frozenset(
    [
        "pillar_ranked_twice",
        "unknown_answer",
        "not_a_rank",
        "rank_out_of_range",
        "duplicate_rank",
        "no_ranking",
    ]
)
_HINTS = {
    "rank out of range": "survey.error.hint_rank_out_of_range",
    "duplicate rank": "survey.error.hint_duplicate_rank",
    "not a rank": "survey.error.hint_not_a_rank",
    "no ranking": "survey.error.hint_no_ranking",
}


__all__ = ["Aggregate", "Decoder", "FastReader", "Result", "run", "defang"]
