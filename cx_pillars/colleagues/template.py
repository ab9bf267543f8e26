"""``rate template``: the colleague questionnaire to build in a form tool, and its header.

The text lists the questions in order (name or anonymous, team, role; a rating per
pillar with its guiding question and what a 1 and a 5 look like; the ranking; optional
notes), the steps for one form tool (Microsoft Forms, Google Forms, Qualtrics, or any
other), and an import-ready CSV header. The titles are :mod:`wording`'s, so what the
form exports is what ``team import`` reads: the header with one row per colleague
under it imports as it is (the tests build such a file and import it).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from cx_pillars.colleagues import wording
from cx_pillars.errors import UsageError
from cx_pillars.i18n import catalog, t, tr
from cx_pillars.pillars import Framework
from cx_pillars.textwidth import wrap

TOOLS = ("forms", "google", "qualtrics", "generic")
_TOOL_ALIASES = {
    "msforms": "forms",
    "microsoftforms": "forms",
    "ms": "forms",
    "googleforms": "google",
    "other": "generic",
    "any": "generic",
}
WIDTH = 78


def find_tool(name: str | None) -> str:
    """The tool ``--tool`` names ("forms", "Google Forms", "ms-forms"...); a usage error
    naming the choices when unknown."""
    if name is None:
        return "generic"
    key = re.sub(r"[^0-9a-z]+", "", name.casefold())
    key = _TOOL_ALIASES.get(key, key)
    if key not in TOOLS:
        raise UsageError(tr("colleagues.template.tool_error", tool=name, tools=", ".join(TOOLS)))
    return key


def tool_steps(tool: str, lang: str) -> list[str]:
    """The numbered steps of ``tool`` (``step1``, ``step2``, ... in the catalog)."""
    english = catalog("en")
    steps = []
    k = 1
    while f"colleagues.tool.{tool}.step{k}" in english:
        steps.append(t(f"colleagues.tool.{tool}.step{k}", lang))
        k += 1
    return steps


@dataclass
class Template:
    text: str
    header: list[str]
    lang: str
    tool: str

    def csv_header(self) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(self.header)
        return out.getvalue()


def header(fw: Framework, lang: str) -> list[str]:
    """The columns ``team import`` reads: name, team, role, a rating, a rank and a note
    per pillar (labels in ``lang``)."""
    labels = [p.text("label", lang) for p in fw.pillars]
    return (
        [wording.title(f, lang) for f in wording.FIELDS]
        + [wording.item_header("rating", label, lang) for label in labels]
        + [wording.item_header("rank", label, lang) for label in labels]
        + [wording.item_header("note", label, lang) for label in labels]
    )


def build(fw: Framework, lang: str, tool: str | None = None) -> Template:
    """The questionnaire in ``lang`` with the steps of ``tool`` (generic without one)."""
    tool = find_tool(tool)
    n = fw.n
    lines: list[str] = []
    # Questions are numbered up to 3 + 2n: their texts hang under the widest number.
    width = len(str(len(wording.FIELDS) + 2 * n + 1))
    sub = " " * (2 + width + 2)

    def number(k: int) -> str:
        return f"  {k}.".ljust(len(sub))

    def para(text: str, indent: str = "", hanging: str | None = None) -> None:
        lines.append(wrap(text, WIDTH, indent, hanging))

    def blank() -> None:
        lines.append("")

    para(t("colleagues.template.title", lang, framework=fw.title(lang)))
    blank()
    para(t("colleagues.template.intro", lang))
    blank()
    para(t("colleagues.template.form_intro", lang, n=n))
    blank()
    para(t("colleagues.template.about", lang))
    for k, field in enumerate(wording.FIELDS, start=1):
        text = t(f"colleagues.template.{field}", lang, title=wording.title(field, lang))
        para(text, number(k), sub)
    blank()
    para(t("colleagues.template.ratings", lang))
    para(t("colleagues.template.rating_hint", lang), "  ")
    k = len(wording.FIELDS)
    for p in fw.pillars:
        k += 1
        para(wording.item_header("rating", p.text("label", lang), lang), number(k), sub)
        for text in (
            p.text("question", lang),
            t("colleagues.template.low", lang, text=p.text("low", lang)) if p.low else "",
            t("colleagues.template.high", lang, text=p.text("high", lang)) if p.high else "",
        ):
            if text:
                para(text, sub, sub + "    " if text[:2] in ("1 ", "5 ") else sub)
    blank()
    k += 1
    para(t("colleagues.template.ranking", lang, n=n))
    para(wording.title("rank", lang), number(k), sub)
    for p in fw.pillars:
        para(f"- {p.text('label', lang)}", sub, sub + "  ")
    blank()
    para(t("colleagues.template.notes", lang))
    for p in fw.pillars:
        k += 1
        para(wording.item_header("note", p.text("label", lang), lang), number(k), sub)
    blank()
    name = t(f"colleagues.tool.{tool}.name", lang)
    para(t("colleagues.template.steps", lang, tool=name))
    values = {"n": n, "rank": wording.title("rank", lang), "rating": wording.title("rating", lang)}
    for i, step in enumerate(tool_steps(tool, lang), start=1):
        para(f"{i}. {step.format(**values)}", "  ", "     ")
    blank()
    cols = header(fw, lang)
    template = Template("", cols, lang, tool)
    para(t("colleagues.template.header", lang))
    lines.append(template.csv_header().rstrip("\r\n"))
    blank()
    para(t("colleagues.template.then", lang, command="cx-pillars team import FILE"))
    template.text = "\n".join(lines) + "\n"
    return template
