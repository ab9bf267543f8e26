"""Assessments as CSV or JSON for spreadsheets.

CSV cells that a spreadsheet would run as a formula get an apostrophe, as OWASP
recommends: at the start, and after any of ``, ; tab |`` a spreadsheet might split on
(see :func:`cx_pillars.safetext.csv_cell`).
"""

from __future__ import annotations

import csv
import io
import json

from cx_pillars.assessment import Assessment
from cx_pillars.pillars import Framework
from cx_pillars.safetext import FORMULA_START, csv_cell

__all__ = [
    "FORMULA_START",
    "excel_delimiter",
    "neutralise",
    "rows",
    "to_csv",
    "to_csv_bytes",
    "to_json",
]

#: What Windows Excel needs to open a CSV by double-click with the letters intact: the
#: UTF-8 byte-order mark (else it reads the file in the ANSI code page: "Å\x81ucja").
BOM = "\ufeff"

neutralise = csv_cell


def rows(assessments: list[Assessment], fw: Framework) -> tuple[list[str], list[list[str | int]]]:
    header = ["id", "created", "respondent", "team", "role", "total", "max_total"]
    header += [f"rating_{i}" for i in fw.ids]
    header += [f"rank_{i}" for i in fw.ids]
    header += ["ranking"] + [f"note_{i}" for i in fw.ids]
    out: list[list[str | int]] = []
    for a in assessments:
        row: list[str | int] = [
            a.id,
            a.to_json()["created"],
            a.respondent,
            a.team,
            a.role,
            a.total,
            fw.max_total,
        ]
        row += [a.ratings[i] for i in fw.ids]
        row += [a.ranking.index(i) + 1 for i in fw.ids]
        row += [" > ".join(a.ranking)] + [a.notes.get(i, "") for i in fw.ids]
        out.append(row)
    return header, out


def excel_delimiter(lang: str) -> str:
    """The list separator Excel expects in ``lang``'s locale: ``;`` where the decimal
    separator is a comma (Polish), else ``,`` (English, Chinese)."""
    return ";" if lang == "pl" else ","


def to_csv(
    assessments: list[Assessment], fw: Framework, *, delimiter: str = ",", newline: str = "\n"
) -> str:
    header, body = rows(assessments, fw)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    for row in body:
        writer.writerow([neutralise(c) for c in row])
    return buf.getvalue()


def to_csv_bytes(
    assessments: list[Assessment], fw: Framework, *, excel: bool = False, lang: str = "en"
) -> bytes:
    """The CSV as UTF-8 bytes; ``excel=True`` (``export --excel``): for Windows Excel in
    ``lang``'s locale: the UTF-8 BOM first, cells split by :func:`excel_delimiter`, and
    CRLF line ends."""
    if not excel:
        return to_csv(assessments, fw).encode("utf-8")
    text = to_csv(assessments, fw, delimiter=excel_delimiter(lang), newline="\r\n")
    return (BOM + text).encode("utf-8")


def to_json(assessments: list[Assessment]) -> str:
    return json.dumps([a.to_json() for a in assessments], ensure_ascii=False, indent=2) + "\n"
