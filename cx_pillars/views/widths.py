"""The width plan the terminal tables share (``team``, ``compare``, ``survey import``).

A table is laid out here, by terminal cells (:func:`textwidth.cell_width`, so a Chinese
character counts two), before anything is drawn, and the plan is the first of these
that fits the console:

1. everything: headers as the catalog breaks them, else wrapped over at most two,
   then three lines;
2. without the decorations (sparklines, distribution and score bars), one at a time;
3. abbreviated headers (``Column.abbr``) with a legend line below the table; then
   pillar labels shortened with "…" (a label, never a number);
4. one space between columns instead of two;
5. stacked: each pillar on two lines, its place and label on the first and its
   numbers, under their headers, on the second (more lines if the numbers need them).

A number is never cut: number cells are measured whole and the columns are made as
wide as their widest cell. Lines are padded here, so Rich never shrinks or wraps them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from cx_pillars.textwidth import break_lines, cell_width, wrap

__all__ = ["Column", "Plan", "PlannedTable", "plan_table", "render_table"]

Kind = Literal["number", "label", "decoration"]


@dataclass
class Column:
    """One column: its header (``\\n`` where it should break), its cells, and what it
    holds: numbers (never cut), the pillar label (may be shortened) or a decoration
    (dropped first)."""

    head: str
    cells: Sequence[Text | str]
    kind: Kind = "number"
    justify: Literal["left", "right"] = "right"
    style: str = ""
    drop: int = 0  # decorations go in this order, lowest first
    bare: Sequence[Text | str] | None = None  # the cells without their decoration
    abbr: str | None = None  # a shorter header, explained in a legend line below the table
    full: str | None = None  # the header an abbreviated column stands for

    def abbreviated(self) -> Column:
        """This column under its shorter header (itself when it has none)."""
        if not self.abbr or self.abbr == self.head:
            return self
        return replace(self, head=self.abbr, abbr=None, full=self.head)

    def stripped(self) -> Column:
        """This column with its decoration dropped (its ``bare`` cells)."""
        return replace(self, cells=self.bare or [], bare=None)

    def texts(self) -> list[Text]:
        return [c if isinstance(c, Text) else Text(c, style=self.style) for c in self.cells]


@dataclass
class Plan:
    """What :func:`plan_table` chose: the columns kept, their widths and header lines,
    and whether the rows are stacked."""

    columns: list[Column]
    widths: list[int]
    heads: list[list[str]]
    stacked: bool = False
    label_width: int | None = None  # set when labels are shortened to fit
    dropped: list[str] = field(default_factory=list)
    gap: int = 2  # spaces between columns

    def legend(self, sep: str = "; ") -> str:
        """What the abbreviated headers stand for: "MR = Mean rank; T3 = Top 3"."""
        return sep.join(f"{_flat(c.head)} = {_flat(c.full)}" for c in self.columns if c.full)


def _flat(head: str) -> str:
    """A header on one line: its breaks become spaces, none after a hyphen or dash."""
    return re.sub(r"(?<=[-–])\n", "", head).replace("\n", " ")


def _cells_width(col: Column) -> int:
    return max((cell_width(c.plain) for c in col.texts()), default=0)


def _word_lines(head: str, width: int) -> list[str]:
    """``head`` greedily in lines of ``width`` cells, breaking only at spaces and after
    hyphens (a word wider than ``width`` keeps a line of its own)."""
    out: list[str] = []
    for paragraph in head.split("\n"):
        line = ""
        for word in re.findall(r"[^\s-]*-+|\S+", paragraph.strip()) or [""]:
            joiner = "" if not line or line.endswith("-") else " "
            if line and cell_width(line + joiner + word) > width:
                out.append(line)
                line = word
            else:
                line += joiner + word
        out.append(line)
    return out


def _head_fit(head: str, least: int, max_lines: int | None) -> tuple[int, list[str]] | None:
    """The narrowest width >= ``least`` at which ``head`` wraps into at most
    ``max_lines`` lines none wider than the width (None: there is none); with
    ``max_lines`` 0, the header's own lines, the column as wide as they need."""
    full = max((cell_width(p) for p in head.split("\n")), default=0)
    if max_lines == 0:  # as the catalog breaks it
        return max(least, full), head.split("\n")
    for w in range(max(least, 1), max(full, least) + 1):
        # within a line limit a header breaks only between its words or after a
        # hyphen, never inside a Chinese word ("客户" is not "客" over "户")
        lines = _word_lines(head, w) if max_lines else break_lines(head, w, hyphens=True)
        if max(cell_width(x) for x in lines) <= w and (
            max_lines is None or len(lines) <= max_lines
        ):
            return w, lines
    if max_lines is not None:
        return None
    lines = break_lines(head, least, hyphens=True)
    return max([least, *(cell_width(x) for x in lines)]), lines


def _fit(cols: list[Column], max_lines: int | None) -> tuple[list[int], list[list[str]]] | None:
    widths, heads = [], []
    for c in cols:
        found = _head_fit(c.head, _cells_width(c), max_lines)
        if found is None:
            return None
        widths.append(found[0])
        heads.append(found[1])
    return widths, heads


def _total(widths: Sequence[int], gap: int) -> int:
    return sum(widths) + gap * max(0, len(widths) - 1)


def plan_table(columns: Sequence[Column], width: int, *, gap: int = 2, label_min: int = 10) -> Plan:
    """The first plan (see the module's text) under which every line fits ``width``."""
    cols = list(columns)
    order = sorted(
        (c for c in cols if c.kind == "decoration" or c.bare is not None), key=lambda c: c.drop
    )

    def without(gone: list[Column]) -> list[Column]:
        out = []
        for c in cols:
            if not any(c is g for g in gone):
                out.append(c)
            elif c.bare is not None:
                out.append(c.stripped())
        return out

    stages = [without(order[:k]) for k in range(len(order) + 1)]
    plain = stages[-1]
    dropped = [c.head for c in order]
    labels = [k for k, c in enumerate(plain) if c.kind == "label"]

    short = [c.abbreviated() for c in plain]
    base = short if any(c.full for c in short) else plain

    def shortened(max_lines: int | None) -> Plan | None:
        fit = _fit(base, max_lines)
        if fit is None or not labels:
            return None
        widths, heads = fit
        k = labels[0]
        room = width - (_total(widths, gap) - widths[k])
        if room < max(label_min, max(cell_width(x) for x in heads[k])):
            return None
        widths[k] = min(room, widths[k])
        return Plan(base, widths, heads, label_width=widths[k], dropped=dropped, gap=gap)

    # headers over two lines at most, then shorter labels, before three-line headers
    for lines in ((0, 2), (3,)):
        for kept in stages:
            for max_lines in lines:
                fit = _fit(kept, max_lines)
                if fit is not None and _total(fit[0], gap) <= width:
                    gone = [c.head for c in order if not any(c is k for k in kept)]
                    return Plan(kept, fit[0], fit[1], dropped=gone, gap=gap)
        if base is short:  # abbreviated headers, explained below the table
            for max_lines in lines:
                fit = _fit(short, max_lines)
                if fit is not None and _total(fit[0], gap) <= width:
                    return Plan(short, fit[0], fit[1], dropped=dropped, gap=gap)
        for max_lines in lines:
            plan = shortened(max_lines)
            if plan is not None:
                return plan
    plan = shortened(None)
    if plan is not None:
        return replace(plan, gap=gap)
    if gap > 1:  # one space between columns before stacking the rows
        plan = plan_table(columns, width, gap=1, label_min=label_min)
        if not plan.stacked:
            return plan
    fit = _fit(base, 3) or _fit(base, None)
    assert fit is not None
    lab = labels[0] if labels else 0
    rest = fit[0][lab + 1 :]
    indent = fit[0][0] + gap if lab > 0 else 2
    if (
        gap > 1 and indent + _total(rest, gap) > width
    ):  # the numbers on one line if one space does it
        gap = 1
    return Plan(base, fit[0], fit[1], stacked=True, dropped=dropped, gap=gap)


def _shorten(text: Text, width: int) -> Text:
    if cell_width(text.plain) <= width:
        return text
    out = text.copy()
    while out.plain and cell_width(out.plain) > width - 1:
        out = out[:-1]
    out.rstrip()
    out.append("…")
    return out


def _pad(text: Text, width: int, justify: str) -> Text:
    room = max(0, width - cell_width(text.plain))
    if justify == "right":
        return Text.assemble(" " * room, text)
    return Text.assemble(text, " " * room)


def _head_block(
    plan_cols: list[Column], widths: list[int], heads: list[list[str]], gap: int, indent: int = 0
) -> list[Text]:
    depth = max((len(h) for h in heads), default=0)
    out = []
    for row in range(depth):
        line = Text(" " * indent)
        for k, (c, w, h) in enumerate(zip(plan_cols, widths, heads, strict=True)):
            pad = depth - len(h)
            piece = h[row - pad] if row >= pad else ""
            if k:
                line.append(" " * gap)
            line.append_text(_pad(Text(piece, style="bold"), w, c.justify))
        line.rstrip()
        out.append(line)
    return out


def render_table(columns: Sequence[Column], width: int, *, gap: int = 2) -> tuple[Text, Plan]:
    """The table as lines no wider than ``width`` (unless one number alone is), and the
    plan it was laid out by."""
    plan = plan_table(columns, width, gap=gap)
    cols, widths, gap = plan.columns, plan.widths, plan.gap
    rows = max((len(c.cells) for c in cols), default=0)
    cells = [c.texts() for c in cols]
    lines: list[Text] = []
    if not plan.stacked:
        lines += _head_block(cols, widths, plan.heads, gap)
        for r in range(rows):
            line = Text()
            for k, c in enumerate(cols):
                cell = cells[k][r]
                if c.kind == "label" and plan.label_width is not None:
                    cell = _shorten(cell, plan.label_width)
                if k:
                    line.append(" " * gap)
                line.append_text(_pad(cell, widths[k], c.justify))
            line.rstrip()
            lines.append(line)
        return Text("\n").join(lines), plan
    # stacked: the columns up to the label on the first line, the numbers below
    lab = next((k for k, c in enumerate(cols) if c.kind == "label"), 0)
    lead, rest = list(range(lab + 1)), list(range(lab + 1, len(cols)))
    indent = widths[0] + gap if lab > 0 else 2
    chunks: list[list[int]] = []
    for k in rest:
        if chunks and indent + _total([widths[j] for j in [*chunks[-1], k]], gap) <= width:
            chunks[-1].append(k)
        else:
            chunks.append([k])
    head = Text()
    for k in lead:
        if k:
            head.append(" " * gap)
        piece = " ".join(" ".join(plan.heads[k]).split())
        head.append_text(
            _pad(Text(piece, style="bold"), widths[k] if k < lab else 0, cols[k].justify)
        )
    lines.append(head)
    for chunk in chunks:
        lines += _head_block(
            [cols[j] for j in chunk],
            [widths[j] for j in chunk],
            [plan.heads[j] for j in chunk],
            gap,
            indent,
        )
    for r in range(rows):
        first = Text()
        for k in lead[:-1]:
            if k:
                first.append(" " * gap)
            first.append_text(_pad(cells[k][r], widths[k], cols[k].justify))
        label = cells[lab][r]
        used = cell_width(first.plain) + (gap if lab else 0)
        room = max(1, width - used)
        parts = break_lines(label.plain, room)
        if lab:
            first.append(" " * gap)
        start = 0
        for n, part in enumerate(parts):
            at = label.plain.find(part, start)
            start = at + len(part)
            if n:
                lines.append(first)
                first = Text(" " * used)
            first.append_text(label[at : at + len(part)] if at >= 0 else Text(part))
        lines.append(first)
        for chunk in chunks:
            line = Text(" " * indent)
            for n, j in enumerate(chunk):
                if n:
                    line.append(" " * gap)
                line.append_text(_pad(cells[j][r], widths[j], cols[j].justify))
            line.rstrip()
            lines.append(line)
    return Text("\n").join(lines), plan


class PlannedTable:
    """A Rich renderable that lays its columns out by :func:`render_table` at the width
    it is drawn at (the console's, or the room a parent leaves)."""

    def __init__(self, columns: Sequence[Column], *, gap: int = 2, legend_sep: str = "; ") -> None:
        self.columns, self.gap, self.legend_sep = list(columns), gap, legend_sep

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text, plan = render_table(self.columns, options.max_width, gap=self.gap)
        yield text
        legend = plan.legend(self.legend_sep)
        if legend:
            yield Text(wrap(legend, options.max_width), style="grey50")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        fit = _fit(self.columns, 2)
        full = _total(fit[0], self.gap) if fit else options.max_width
        return Measurement(min(full, options.max_width), min(full, options.max_width))
