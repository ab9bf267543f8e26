"""The lean customer survey: question texts to paste into a survey tool, and a CSV header.

The texts live in ``data/survey-template.<lang>.toml``; a language without a file
falls back to English.  The ten pillars are shown in the customer's words (the
file's ``[wording]``: "The customer service you receive"), each of which is also an
alias of its pillar, so answers worded that way import back with no map file; another
framework's items keep their labels.  The CSV header is the wide layout that
``survey import`` reads back: ``Rank [item]`` and ``Rating [item]`` per item, NPS,
CES, birth year.  ``[tools]`` holds, per survey tool, how to build the ranking
question in it and export the answers; the survey ends with one line per tool, or
with one tool's steps.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cx_pillars import DATA
from cx_pillars.errors import CxError
from cx_pillars.i18n import tr
from cx_pillars.pillars import Framework

DEFAULT_LANG = "en"


def available_languages() -> list[str]:
    folder = DATA
    out = []
    for entry in folder.iterdir():
        name = entry.name
        if name.startswith("survey-template.") and name.endswith(".toml"):
            out.append(name[len("survey-template.") : -len(".toml")])
    return sorted(out)


def load_texts(lang: str = DEFAULT_LANG) -> tuple[dict[str, Any], str]:
    """(texts, the language used): ``lang``'s file, else English."""
    used = lang if lang in available_languages() else DEFAULT_LANG
    text = (DATA / f"survey-template.{used}.toml").read_text("utf-8")
    return tomllib.loads(text), used


@dataclass(frozen=True)
class Tool:
    key: str  # what --tool takes: "google-forms"
    name: str  # "Google Forms"
    line: str  # the one line of the list
    file: str  # what its export is called in the import line
    steps: tuple[str, ...]


def tools(lang: str = DEFAULT_LANG) -> list[Tool]:
    """The survey tools with steps, in the order of the template file."""
    t, _ = load_texts(lang)
    return [
        Tool(key, v["name"], v["line"], v["file"], tuple(v["steps"]))
        for key, v in t.get("tools", {}).items()
        if isinstance(v, dict)
    ]


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def find_tool(name: str, lang: str = DEFAULT_LANG) -> str | None:
    """The tool key ``name`` stands for: the key or the tool's name, however spelt
    ("Google Forms", "google_forms", "GOOGLE-FORMS"); None when unknown."""
    wanted = _squash(name)
    for tool in tools(DEFAULT_LANG) + tools(lang):
        if wanted and wanted in (_squash(tool.key), _squash(tool.name)):
            return tool.key
    return None


def item_texts(fw: Framework, lang: str = DEFAULT_LANG) -> list[str]:
    """What the customer reads for each item: the ten pillars in the customer's words
    (when the framework still recognises them), other items by their label."""
    t, used = load_texts(lang)
    wording = t.get("wording", {}) if fw.id == "ten-pillars" else {}
    out = []
    for p in fw.pillars:
        text = wording.get(p.id)
        out.append(text if text and fw.match(text) == p.id else p.text("label", used))
    return out


@dataclass
class Template:
    text: str
    header: list[str]
    lang: str
    tool: str | None = None

    def csv_header(self, delimiter: str = ",") -> str:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerow(self.header)
        return out.getvalue()

    def excel_header(self) -> bytes:
        """``survey-template.csv`` as Windows Excel opens it in the survey's language:
        the UTF-8 BOM and the locale's list separator (``;`` in Polish); ``survey
        import`` reads both."""
        from cx_pillars.exporting import BOM, excel_delimiter

        return (BOM + self.csv_header(excel_delimiter(self.lang))).encode("utf-8")


def build(fw: Framework, lang: str = DEFAULT_LANG, tool: str | None = None) -> Template:
    """The survey in ``lang``; ending with ``tool``'s steps (a key of :func:`tools`),
    or without one with a line per tool."""
    t, used = load_texts(lang)
    n = fw.n
    shown = item_texts(fw, used)
    total = 5
    lines: list[str] = [t["title"], "", t["intro"], ""]

    def heading(k: int, question: str, optional: bool = False) -> None:
        tail = f" {t['optional']}" if optional else ""
        lines.append(f"{t['progress'].format(k=k, total=total)}{tail}")
        lines.append(question)

    heading(1, t["ranking"]["question"].format(n=n))
    lines.append(t["ranking"]["help"].format(n=n))
    items = t.get("items", {})
    for p, item in zip(fw.pillars, shown):
        lines.append(f"  [ ] {item}")
        note = items.get(p.id) if fw.id == "ten-pillars" else p.question
        if note:
            lines.append(f"      {note}")
    lines.append(f"  ({t['ranking']['tool_note'].format(n=n)})")
    lines.append("")
    heading(2, t["rating"]["question"], optional=True)
    lines.append(t["rating"]["scale"])
    for item in shown:
        lines.append(f"  {item}:  1  2  3  4  5")
    lines.append(f"  ({t['rating']['tool_note']})")
    lines.append("")
    heading(3, t["nps"]["question"])
    lines += [t["nps"]["scale"], "  " + "  ".join(str(v) for v in range(11)), ""]
    heading(4, t["ces"]["question"])
    lines += [t["ces"]["scale"], "  " + "  ".join(str(v) for v in range(1, 8)), ""]
    heading(5, t["birth_year"]["question"], optional=True)
    lines += [t["birth_year"]["help"], ""]
    lines.append(t["send"]["heading"])
    lines += [f"  - {tip}" for tip in t["send"]["tips"]]
    # A tool's export heads the birth-year column with the question, as the CSV does.
    born = t["birth_year"]["question"]
    if tool is None:  # a tool's steps end with the import line for its export
        lines += ["", t["send"]["import"].format(birth_year=born)]
    lines += ["", *_tool_lines(t, n, born, tool)]
    c = t["csv"]
    header = (
        [c["respondent"], born]
        + [c["rank"].format(label=item) for item in shown]
        + [c["rating"].format(label=item) for item in shown]
        + [c["nps"], c["ces"]]
    )
    return Template("\n".join(lines) + "\n", header, used, tool)


def _tool_lines(t: dict[str, Any], n: int, born: str, tool: str | None) -> list[str]:
    words = t["tools"]
    entries = {k: v for k, v in words.items() if isinstance(v, dict)}
    if tool is None:
        width = max(len(k) for k in entries)
        out = [words["heading"], words["list"]]
        out += [
            f"  {k:<{width}}  " + words["entry"].format(name=v["name"], line=v["line"])
            for k, v in entries.items()
        ]
        return [*out, words["more"]]
    entry = entries[tool]
    out = [words["tool_heading"].format(name=entry["name"])]
    out += [f"  {k}. {step.format(n=n)}" for k, step in enumerate(entry["steps"], start=1)]
    return [*out, words["import"].format(file=entry["file"], birth_year=born)]


#: ``survey template --out NAME.txt``: the survey as one text file (no CSV header).
TEXT_SUFFIXES = (".txt", ".md")


def write(template: Template, out: Path) -> list[Path]:
    """Write the kit as new files: ``out`` named ``*.txt`` or ``*.md`` is the survey's
    text alone; any other ``out`` is a folder for ``survey.txt`` and
    ``survey-template.csv`` (an import-ready header, as Excel opens it)."""
    from cx_pillars.store import write_new

    out = Path(out)
    if out.suffix.lower() in TEXT_SUFFIXES:
        files = [(out, template.text.encode("utf-8"))]
    else:
        files = [
            (out / "survey.txt", template.text.encode("utf-8")),
            (out / "survey-template.csv", template.excel_header()),
        ]
    written = []
    for path, data in files:
        try:
            write_new(path, data)
        except FileExistsError:
            raise CxError(
                tr("survey.template_out.exists"),
                path=path,
                hint=tr("survey.template_out.exists_hint"),
            ) from None
        written.append(path)
    return written
