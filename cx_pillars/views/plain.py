"""Plain-text output for the quickest commands (``pillars``), without loading Rich.

Columns are measured in terminal cells (CJK characters take two), long text wraps
under its own column, and bold is an ANSI escape only on a colour terminal.
"""

from __future__ import annotations

import os
import shutil
import sys

from cx_pillars.i18n import t
from cx_pillars.pillars import Framework
from cx_pillars.textwidth import cell_width, wrap


def _bold(text: str) -> str:
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        return f"\x1b[1m{text}\x1b[0m"
    return text


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


def pillars_text(fw: Framework, lang: str = "en", width: int | None = None) -> str:
    """The catalog as a table: number, id, label, and the question wrapped beside them."""
    width = width or shutil.get_terminal_size((100, 24)).columns
    rows = [
        (str(k), p.id, p.text("label", lang), p.text("question", lang))
        for k, p in enumerate(fw.pillars, 1)
    ]
    head = ("#", t("pillars.id", lang), t("pillars.label", lang), t("pillars.question", lang))
    widths = [max(cell_width(r[c]) for r in [head, *rows]) for c in range(3)]
    indent = sum(widths) + 2 * 3
    room = max(20, width - indent)
    name = fw.title(lang)
    lines = [_bold(name if str(fw.n) in name else t("pillars.title", lang, name=name, n=fw.n))]
    lines.append(
        _bold(
            "  ".join(
                [
                    head[0].rjust(widths[0]),
                    _pad(head[1], widths[1]),
                    _pad(head[2], widths[2]),
                    head[3],
                ]
            )
        )
    )
    for number, pid, label, question in rows:
        wrapped = wrap(question, room).splitlines() or [""]
        first = "  ".join(
            [number.rjust(widths[0]), _pad(pid, widths[1]), _pad(label, widths[2]), wrapped[0]]
        )
        lines.append(first.rstrip())
        lines.extend(" " * indent + more for more in wrapped[1:])
    return "\n".join(lines) + "\n"
