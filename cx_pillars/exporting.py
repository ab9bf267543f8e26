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

__all__ = ["FORMULA_START", "neutralise", "rows", "to_csv", "to_json"]

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


def to_csv(assessments: list[Assessment], fw: Framework) -> str:
    header, body = rows(assessments, fw)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in body:
        writer.writerow([neutralise(c) for c in row])
    return buf.getvalue()


def to_json(assessments: list[Assessment]) -> str:
    return json.dumps([a.to_json() for a in assessments], ensure_ascii=False, indent=2) + "\n"
