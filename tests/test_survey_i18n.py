"""`survey import | merge | template` in English, Polish and Chinese: translated headings,
generation names and sample readings on screen; JSON and saved files never change."""

import importlib.util
import json
from pathlib import Path

import pytest

from cx_pillars import i18n
from cx_pillars.views.survey import sample_text

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "survey"
_spec = importlib.util.spec_from_file_location("make_fixtures_i18n", FIX / "make_fixtures.py")
mk = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mk)


def qualtrics(tmp_path: Path, times: int = 5) -> Path:
    """The Qualtrics fixture with each respondent ``times`` over: every generation then
    has 5 or more respondents, so it is shown (smaller segments are merged into other)."""
    path = tmp_path / f"x{times}" / "qualtrics.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text(mk.qualtrics(mk.RESPONDENTS * times), encoding="utf-8")
    return path


LANGS = ("en", "pl", "zh-Hans", "zh-Hant")

HEADINGS = {
    "en": ["What customers value most", "By generation", "mean rank", "Saved"],
    "pl": ["Co klienci cenią najbardziej", "Według pokoleń", "śr. pozycja", "Zapisano"],
    "zh-Hans": ["客户最看重什么", "按世代", "平均名次", "已保存"],
    "zh-Hant": ["客戶最重視什麼", "依世代區分", "平均名次", "已儲存"],
}
GENERATIONS = {
    "en": ["Gen Z", "Millennials", "Gen X", "Boomers"],
    "pl": ["pokolenie Z", "milenialsi", "pokolenie X", "baby boomers"],
    "zh-Hans": ["Z世代", "千禧一代", "X世代", "婴儿潮一代"],
    "zh-Hant": ["Z世代", "千禧世代", "X世代", "嬰兒潮世代"],
}


ENGLISH = [
    "What customers value most",
    "By generation",
    "Millennials",
    "Boomers",
    "respondents",
    "Saved",
    "Next:",
    "anecdotal",
    "mean rank",
]


def _import(cli, tmp_path, lang, *extra):
    return cli(
        "survey",
        "import",
        qualtrics(tmp_path),
        "--birth-year",
        "born",
        "--dir",
        tmp_path / lang,
        "--lang",
        lang,
        *extra,
    )


@pytest.mark.parametrize("lang", LANGS)
def test_import_screen_is_in_the_language(cli, tmp_path, lang):
    r = _import(cli, tmp_path, lang)
    assert r.exit_code == 0, r.output
    for words in HEADINGS[lang] + GENERATIONS[lang]:
        assert words in r.output, (lang, words)
    if lang != "en":
        for words in ENGLISH:
            assert words not in r.output, (lang, words)


def test_json_and_saved_file_do_not_depend_on_the_language(cli, tmp_path):
    docs, files = [], []
    for lang in LANGS:
        r = _import(cli, tmp_path, lang, "--json")
        assert r.exit_code == 0, r.output
        docs.append(json.loads(r.stdout))
        text = (tmp_path / lang / "surveys" / "qualtrics.toml").read_text("utf-8")
        files.append("\n".join(ln for ln in text.splitlines() if not ln.startswith("imported")))
    assert all(d == docs[0] for d in docs)
    assert all(f == files[0] for f in files)
    assert [s["segment"] for s in docs[0]["segments"]][:4] == GENERATIONS["en"]
    assert '[segments."Gen Z' in files[0]


def test_polish_sample_reading_has_three_plural_forms():
    one, few, many = (sample_text(n, "pl") for n in (1, 3, 5))
    assert one.startswith("Ankietę wypełniła 1 osoba")
    assert few.startswith("Ankietę wypełniły 3 osoby")
    assert many.startswith("Ankietę wypełniło 5 osób")
    assert "±43,8 pkt proc." in many and "380 odpowiedzi" in many
    assert "przy 100 respondentach" in sample_text(100, "pl")
    assert "lepiej niż ±5%" in sample_text(400, "pl")
    assert sample_text(5, "en").startswith("5 respondents: the ranking is anecdotal")
    assert "380 more" in sample_text(5, "en")


def test_segment_names_translate_only_generations():
    assert i18n.segment_name("Gen Z", "pl") == "pokolenie Z"
    assert i18n.segment_name("Boomers", "zh-Hant") == "嬰兒潮世代"
    assert i18n.segment_name("Gen Z", "en") == "Gen Z"
    assert i18n.segment_name("Retail", "pl") == "Retail"  # a column's own values stay


@pytest.mark.parametrize("lang", LANGS)
def test_merge_and_template_speak_the_language(cli, tmp_path, lang):
    store = tmp_path / "s"
    for name, times in (("a", 5), ("b", 6)):  # two waves (one twice over is refused)
        r = cli(
            "survey",
            "import",
            qualtrics(tmp_path, times),
            "--birth-year",
            "born",
            "--dir",
            store,
            "--name",
            name,
            "--lang",
            lang,
        )
        assert r.exit_code == 0, r.output
    r = cli("survey", "merge", "a", "b", "--name", "ab", "--dir", store, "--lang", lang)
    assert r.exit_code == 0, r.output
    assert HEADINGS[lang][0] in r.output and GENERATIONS[lang][1] in r.output
    r = cli("survey", "template", "--lang", lang, "--out", tmp_path / "t")
    assert r.exit_code == 0, r.output
    wrote = {"en": "Wrote", "pl": "Zapisano", "zh-Hans": "已写入", "zh-Hant": "已寫入"}
    assert wrote[lang] in r.output


def test_errors_in_polish_keep_file_and_structure(cli, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    r = cli("survey", "import", empty, "--dir", tmp_path / "s", "--lang", "pl")
    assert r.exit_code == 1
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "empty.csv: jest pusty" in lines[0], r.output
    r = cli("survey", "import", empty, "--dir", tmp_path / "s", "--lang", "en")
    assert "is empty" in r.output


def test_compare_in_polish_names_generations(cli, tmp_path):
    store = tmp_path / "s"
    for name, ranking in (
        (
            "Ana",
            (
                "service,friction,products,digital,communications,"
                "representatives,reputation,content,non_digital,"
                "advertising"
            ),
        ),
        (
            "Ben",
            (
                "friction,service,digital,products,content,"
                "communications,reputation,representatives,non_digital,"
                "advertising"
            ),
        ),
    ):
        r = cli(
            "rate",
            "--dir",
            store,
            "-r",
            name,
            "--team",
            "T",
            "--ratings",
            "3,2,4,4,3,3,4,2,2,3",
            "--ranking",
            ranking,
        )
        assert r.exit_code == 0, r.output
    r = cli(
        "survey",
        "import",
        qualtrics(tmp_path),
        "--birth-year",
        "born",
        "--dir",
        store,
        "--name",
        "w1",
    )
    assert r.exit_code == 0, r.output
    r = cli("compare", "--dir", store, "--survey", "w1", "--lang", "pl")
    assert r.exit_code == 0, r.output
    assert "pokolenie Z" in r.output and "milenialsi" in r.output
    assert "Gen Z" not in r.output
    r = cli("compare", "--dir", store, "--survey", "w1", "--lang", "pl", "--json")
    assert "Gen Z" in r.stdout and "pokolenie Z" not in json.dumps(
        [s["segment"] for s in json.loads(r.stdout)["segments"]], ensure_ascii=False
    )
