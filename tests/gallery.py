"""The stress gallery: every chart and report page drawn for data at the sizes users have.

Cases cover 2, 7, 40 and 60 colleagues; 2, 10, 25 and 30 items (10 is the built-in
framework, the others a framework TOML written here with 60-character labels that give a
``short``, next to short labels); colleague names in Latin script, 60 characters long,
Chinese, or mixed with emoji; team names of 60 characters and in Chinese; all four
languages. Each case is written as the user's files would be (assessments saved to a
store, a survey export imported through the real import), analysed as ``report`` does,
and drawn through the report's own page list, so the gallery shows what users get.

Use from tests (pytest puts ``tests/`` on the path)::

    from gallery import CASES, QUICK, Case, build_case, case_figures
    with case_figures(case, tmp_path) as figures:   # [(name, kind, Figure), ...]
        ...

or write every case's PNG charts and report PDF for looking at::

    python tests/gallery.py OUT_DIR [--quick] [--only SUBSTRING]

(``OUT_DIR/<case>/report.pdf``, ``report.md`` and ``report-charts/<kind>.png``).
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

COLLEAGUES = (2, 7, 40, 60)
ITEMS = (2, 10, 25, 30)
LANGS = ("en", "pl", "zh-Hans", "zh-Hant")
NAME_KINDS = ("latin", "long", "chinese", "emoji")
TEAM_KINDS = ("latin", "long", "chinese")

LATIN_NAMES = [
    "Ana Kowalska",
    "Ben Okafor",
    "Chen Wei",
    "Dorota Nowak",
    "Emre Yilmaz",
    "Fatima Haddad",
    "Grzegorz Lis",
    "Hanna Berg",
    "Ivan Petrov",
    "Julia Santos",
]
CHINESE_NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞"]
EMOJI_NAMES = ["Ana 🚀", "李雷 😀", "Zoë ✨", "Ben 👍", "王芳 🎉", "Łucja ❤️", "Omar 🌟"]
TEAMS = {
    "latin": "Retail CX",
    "long": "Customer Experience and Service Design Team, Northern Europe",  # 60
    "chinese": "零售客户体验团队",
}
LONG_LABEL = "Clear and honest communication before, during and after sales"  # 60
SHORT_LABELS = ["Price", "Delivery", "Returns", "App", "Staff", "Stores", "Web", "Trust"]
CHINESE_LABELS = ["价格", "配送速度", "退货与退款", "手机应用", "员工态度", "门店体验"]
QUARTERS = [
    datetime(2026, 5, 12, 9, 0, tzinfo=UTC),
    datetime(2026, 8, 18, 9, 0, tzinfo=UTC),
    datetime(2026, 11, 16, 9, 0, tzinfo=UTC),
]


@dataclass(frozen=True)
class Case:
    colleagues: int
    items: int
    names: str = "latin"  # NAME_KINDS
    team: str = "latin"  # TEAM_KINDS
    lang: str = "en"
    customers: int = 240

    @property
    def name(self) -> str:
        return f"c{self.colleagues}-i{self.items}-{self.names}-{self.team}-{self.lang}"


def _sweep() -> list[Case]:
    """Every colleague count with every item count (16), names, team names and
    languages turned so each appears in several; then the demo's size in every language
    with Chinese and emoji names in Latin languages, and the pack benchmark's case."""
    cases = []
    for i, (c, n) in enumerate((c, n) for c in COLLEAGUES for n in ITEMS):
        cases.append(
            Case(
                c,
                n,
                NAME_KINDS[(i + i // 4) % 4],
                TEAM_KINDS[i % 3],
                LANGS[(i + i // 4 + 1) % 4],
            )
        )
    cases += [
        Case(7, 10, "chinese", "latin", "en"),
        Case(7, 10, "emoji", "long", "pl"),
        Case(7, 10, "long", "chinese", "zh-Hans"),
        Case(7, 10, "latin", "long", "zh-Hant"),
        Case(60, 30, "latin", "long", "en"),  # benchmarks/pack_size.py's case
    ]
    return list(dict.fromkeys(cases))


CASES = _sweep()
# The default (quick) selection: one case per corner that has broken before.
QUICK = [
    Case(7, 10, "chinese", "latin", "en"),
    Case(40, 25, "long", "long", "pl"),
    Case(2, 2, "emoji", "chinese", "zh-Hant"),
    Case(60, 30, "latin", "chinese", "zh-Hans"),
]


def colleague_names(case: Case) -> list[str]:
    n = case.colleagues
    if case.names == "latin":
        base = LATIN_NAMES
    elif case.names == "chinese":
        base = CHINESE_NAMES
    elif case.names == "emoji":
        base = EMOJI_NAMES
    else:  # 60 characters each, the distinguishing part at the end
        return [
            f"Maximiliana Konstancja Wiśniewska-Grabowska of Team {k + 1:02d}"[:60]
            for k in range(n)
        ]
    names = []
    for k in range(n):
        name = base[k % len(base)]
        names.append(name if k < len(base) else f"{name} {k // len(base) + 1}")
    return names


def _framework_toml(case: Case) -> str:
    """A framework of ``case.items`` items: every third label is 60 characters with a
    ``short``, the others short; Chinese labels for the Chinese languages."""
    chinese = case.lang.startswith("zh")
    lines = [f'id = "gallery{case.items}"', f'name = "Gallery, {case.items} items"', ""]
    for k in range(case.items):
        lines += ["[[pillars]]", f'id = "item{k + 1:02d}"']
        if k % 3 == 0:
            label = (
                f"在购买之前、期间和之后进行清晰而诚实的沟通与说明第{k + 1}项"
                if chinese
                else f"{LONG_LABEL[:56]} {k + 1:02d}"
            )
            short = f"沟通{k + 1}" if chinese else f"Talk {k + 1}"
            lines += [f'label = "{label}"', f'short = "{short}"']
        else:
            base = CHINESE_LABELS if chinese else SHORT_LABELS
            lines.append(f'label = "{base[k % len(base)]} {k + 1}"')
        lines.append("")
    return "\n".join(lines)


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


@dataclass
class Built:
    """A case's files: the store, the framework file (None: the built-in ten) and the
    imported survey summary."""

    case: Case
    store: Path
    framework: Path | None
    survey: Path
    summary: Any


def build_case(case: Case, folder: Path, seed: int = 14) -> Built:
    """Write ``case``'s team (three quarterly runs, most colleagues in each), its
    framework file and a customer survey export into ``folder``, and import the survey."""
    from cx_pillars.answers import to_assessment
    from cx_pillars.pillars import builtin_framework, load_framework
    from cx_pillars.store import save_assessment
    from cx_pillars.survey.importer import import_file, save_summary

    rng = random.Random(f"{seed}-{case.name}")
    folder.mkdir(parents=True, exist_ok=True)
    fw_path: Path | None = None
    if case.items == 10:
        fw = builtin_framework()
    else:
        fw_path = folder / "framework.toml"
        fw_path.write_text(_framework_toml(case), encoding="utf-8")
        fw = load_framework(fw_path)
    ids = list(fw.ids)
    store = folder / "assessments"
    belief = {i: rng.uniform(0, 3) for i in ids}
    value = {i: belief[i] + rng.gauss(0, 1.0) for i in ids}
    names = colleague_names(case)
    for q, start in enumerate(QUARTERS):
        for k, name in enumerate(names):
            if q < 2 and case.colleagues > 2 and k % 4 == 3:  # not everyone took part earlier
                continue
            weight = {i: belief[i] + rng.gauss(0, 0.9) for i in ids}
            answers = {
                "respondent": name,
                "team": TEAMS[case.team],
                "role": "Colleague",
                "ratings": {i: _clamp(3 + 0.2 * q + rng.gauss(0, 0.9), 1, 5) for i in ids},
                "ranking": sorted(ids, key=lambda i: -weight[i]),
                "notes": {},
            }
            when = start.replace(day=start.day + k % 5, hour=8 + k % 10, minute=k % 60)
            save_assessment(to_assessment(answers, fw, when=when), store)
    survey = folder / "customers.csv"
    generations = [("Gen Z", 2000), ("Millennials", 1988), ("Gen X", 1972), ("Boomers", 1955)]
    with open(survey, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["respondent_id", "birth_year", *ids, *(f"rating_{i}" for i in ids)])
        for n in range(case.customers):
            g = n % 4
            _, born = generations[g]
            shift = {i: (0.8 if (g + j) % 5 == 0 else 0.0) for j, i in enumerate(ids)}
            v = {i: value[i] + shift[i] + rng.gauss(0, 1.2) for i in ids}
            order = sorted(ids, key=lambda i: -v[i])
            ranked = len(ids) if rng.random() > 0.15 else min(len(ids), 3)
            ranks = {p: (k + 1 if k < ranked else "") for k, p in enumerate(order)}
            writer.writerow(
                [
                    f"R{n + 1:04d}",
                    born + rng.randint(0, 8),
                    *(ranks[i] for i in ids),
                    *(_clamp(3 + rng.gauss(0, 1), 1, 5) for _ in ids),
                ]
            )
    summary = import_file(survey, fw, birth_year="birth_year", name="customers").summary
    save_summary(summary, store)
    return Built(case, store, fw_path, survey, summary)


def analysis(built: Built) -> Any:
    """The case analysed as ``cx-pillars report --survey customers`` does, in the chart
    language (English where Chinese has no font)."""
    from cx_pillars import report
    from cx_pillars.pillars import builtin_framework, load_framework
    from cx_pillars.store import load_store

    fw = load_framework(built.framework) if built.framework else builtin_framework()
    runs = load_store(built.store, fw)
    a = report.analyse(runs, fw, built.summary, lang=built.case.lang)
    lang, _ = report.chart_language(built.case.lang)
    return a.in_language(lang)


def page_names(kinds: list[str]) -> list[tuple[str, str]]:
    """(name, kind) of each report page from the kind of each (``report_pages``):
    'title', 'summary', a chart kind ('gap', or 'gap-2' for its second page), or
    'table-1', 'table-2', ... for the table pages."""
    named, seen = [], {}  # type: ignore[var-annotated]
    for kind in kinds:
        seen[kind] = seen.get(kind, 0) + 1
        k = seen[kind]
        if kind == "table":
            named.append((f"table-{k}", kind))
        else:
            named.append((kind if k == 1 else f"{kind}-{k}", kind))
    return named


@contextmanager
def case_figures(case: Case, folder: Path) -> Iterator[list[tuple[str, str, Any]]]:
    """Every page of the case's report as Figures: ``[(name, kind, fig), ...]`` where
    kind is a chart kind, 'title', 'summary' or 'table'. Released on exit."""
    from cx_pillars.report.pages import report_pages

    a = analysis(build_case(case, folder))
    pages = report_pages(a)
    names = page_names([kind for kind, _ in pages])
    try:
        yield [(n, k, f) for (n, k), (_, f) in zip(names, pages, strict=True)]
    finally:
        for _, fig in pages:
            fig.clear()


def write_gallery(out: Path, cases: list[Case]) -> list[Path]:
    """Each case's report PDF, Markdown and chart PNGs under ``out/<case>/``."""
    from cx_pillars import report

    written = []
    for case in cases:
        folder = out / case.name
        built = build_case(case, folder / "data")
        a = analysis(built)
        result = report.write_report(a, folder / "report.pdf", folder / "report.md")
        written += [result.pdf, *result.images]
        print(f"{case.name}: {result.pages} pages", file=sys.stderr)
    return written


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a new or empty folder")
    parser.add_argument("--quick", action="store_true", help="only the default test cases")
    parser.add_argument("--only", default="", help="only cases whose name contains this")
    args = parser.parse_args(argv)
    cases = [c for c in (QUICK if args.quick else CASES) if args.only in c.name]
    write_gallery(args.out, cases)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
