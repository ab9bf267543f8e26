"""The lean customer survey: question texts to paste into a survey tool, and a CSV header.

The texts live in ``data/survey-template.<lang>.toml``; a language without a file
falls back to English.  The CSV header is the wide layout that ``survey import``
reads back: ``Rank [label]`` and ``Rating [label]`` per pillar, NPS, CES, birth year.
"""

from __future__ import annotations

import csv
import io
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cx_pillars.errors import CxError
from cx_pillars.pillars import Framework

DEFAULT_LANG = "en"


def available_languages() -> list[str]:
    folder = resources.files("cx_pillars").joinpath("data")
    out = []
    for entry in folder.iterdir():
        name = entry.name
        if name.startswith("survey-template.") and name.endswith(".toml"):
            out.append(name[len("survey-template.") : -len(".toml")])
    return sorted(out)


def load_texts(lang: str = DEFAULT_LANG) -> tuple[dict[str, Any], str]:
    """(texts, the language used): ``lang``'s file, else English."""
    used = lang if lang in available_languages() else DEFAULT_LANG
    text = (
        resources.files("cx_pillars")
        .joinpath("data", f"survey-template.{used}.toml")
        .read_text("utf-8")
    )
    return tomllib.loads(text), used


@dataclass
class Template:
    text: str
    header: list[str]
    lang: str

    def csv_header(self) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(self.header)
        return out.getvalue()


def build(fw: Framework, lang: str = DEFAULT_LANG) -> Template:
    t, used = load_texts(lang)
    n = fw.n
    total = 5
    lines: list[str] = [t["title"], "", t["intro"], ""]

    def heading(k: int, question: str, optional: bool = False) -> None:
        tail = f" {t['optional']}" if optional else ""
        lines.append(f"{t['progress'].format(k=k, total=total)}{tail}")
        lines.append(question)

    heading(1, t["ranking"]["question"].format(n=n))
    lines.append(t["ranking"]["help"].format(n=n))
    items = t.get("items", {})
    for p in fw.pillars:
        lines.append(f"  [ ] {p.text('label', used)}")
        note = items.get(p.id) if fw.id == "ten-pillars" else p.question
        if note:
            lines.append(f"      {note}")
    lines.append(f"  ({t['ranking']['tool_note'].format(n=n)})")
    lines.append("")
    heading(2, t["rating"]["question"], optional=True)
    lines.append(t["rating"]["scale"])
    for p in fw.pillars:
        lines.append(f"  {p.text('label', used)}:  1  2  3  4  5")
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
    lines += ["", t["send"]["import"].format(birth_year=t["csv"]["birth_year"])]
    c = t["csv"]
    header = (
        [c["respondent"], c["birth_year"]]
        + [c["rank"].format(label=p.text("label", used)) for p in fw.pillars]
        + [c["rating"].format(label=p.text("label", used)) for p in fw.pillars]
        + [c["nps"], c["ces"]]
    )
    return Template("\n".join(lines) + "\n", header, used)


def write(template: Template, folder: Path) -> list[Path]:
    """Write ``survey.txt`` and ``survey-template.csv`` as new files in ``folder``."""
    from cx_pillars.store import write_new

    written = []
    for name, data in (
        ("survey.txt", template.text.encode("utf-8")),
        ("survey-template.csv", template.csv_header().encode("utf-8")),
    ):
        path = Path(folder) / name
        try:
            write_new(path, data)
        except FileExistsError:
            raise CxError(
                "already exists (nothing was overwritten)",
                path=path,
                hint="choose another --out folder",
            ) from None
        written.append(path)
    return written
