"""Languages: every message in every language, language selection, wide characters."""

import re
import string

import pytest

from cx_pillars import i18n
from cx_pillars.pillars import builtin_framework
from cx_pillars.textwidth import cell_width, wrap


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


@pytest.mark.parametrize("lang", i18n.LANGUAGES[1:])
def test_every_key_in_every_language(lang):
    english, other = i18n.catalog("en"), i18n.catalog(lang)
    missing = sorted(set(english) - set(other))
    extra = sorted(set(other) - set(english))
    assert not missing, f"{lang} lacks {missing}"
    assert not extra, f"{lang} has keys English does not: {extra}"
    for key, template in english.items():
        assert fields(other[key]) == fields(template), f"{lang}:{key} placeholders differ"
        assert other[key].strip(), f"{lang}:{key} is empty"


@pytest.mark.parametrize("lang", i18n.LANGUAGES[1:])
def test_every_pillar_text_translated(lang):
    for p in builtin_framework().pillars:
        for key in ("label", "short", "question", "low", "high"):
            text = p.texts.get(lang, {}).get(key)
            assert text and text != getattr(p, key), f"{p.id}.{key} not translated to {lang}"


def test_chinese_variants_differ():
    hans, hant = i18n.catalog("zh-Hans"), i18n.catalog("zh-Hant")
    assert hans["interview.save"] == "保存" and hant["interview.save"] == "儲存"
    fw = builtin_framework()
    assert fw.label("digital", "zh-Hans") != fw.label("digital", "zh-Hant")


@pytest.mark.parametrize(
    "given,expected",
    [
        ("pl", "pl"),
        ("pl_PL.UTF-8", "pl"),
        ("en_GB.UTF-8", "en"),
        ("zh", "zh-Hans"),
        ("zh_CN.UTF-8", "zh-Hans"),
        ("zh-Hans", "zh-Hans"),
        ("zh_TW.UTF-8", "zh-Hant"),
        ("zh_HK", "zh-Hant"),
        ("zh-hant", "zh-Hant"),
        ("de_DE.UTF-8", None),
        ("C", None),
        ("", None),
    ],
)
def test_normalise(given, expected):
    assert i18n.normalise(given) == expected


def test_detection_order(monkeypatch):
    for var in ("CX_PILLARS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert i18n.detect() == "en"
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert i18n.detect() == "zh-Hant"
    monkeypatch.setenv("LC_ALL", "pl_PL.UTF-8")
    assert i18n.detect() == "pl"
    monkeypatch.setenv("CX_PILLARS_LANG", "zh-Hans")
    assert i18n.detect() == "zh-Hans"
    assert i18n.detect("en") == "en"
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    monkeypatch.delenv("CX_PILLARS_LANG")
    assert i18n.detect() == "en"  # a locale we do not speak: English
    with pytest.raises(ValueError, match="not a supported language"):
        i18n.detect("fr")


@pytest.mark.parametrize(
    "lang,count,text",
    [
        ("pl", 1, "1 ocena"),
        ("pl", 2, "2 oceny"),
        ("pl", 5, "5 ocen"),
        ("pl", 12, "12 ocen"),
        ("pl", 22, "22 oceny"),
        ("pl", 104, "104 oceny"),
        ("en", 1, "1 assessment"),
        ("en", 3, "3 assessments"),
        ("zh-Hans", 1, "1 份评估"),
        ("zh-Hant", 7, "7 份評估"),
    ],
)
def test_plural_forms(lang, count, text):
    assert i18n.plural("count.assessments", count, lang) == text


def test_wrap_counts_cells():
    text = "您的广告信息和承诺，与客户在旅程中实际获得的体验是否一致？" * 2
    lines = wrap(text, 20, "  ", "    ").splitlines()
    assert all(cell_width(line) <= 20 for line in lines)
    assert "".join(line.strip() for line in lines) == text
    assert not any(line.strip().startswith(("，", "？")) for line in lines)
    english = wrap("one two three four five six seven", 10).splitlines()
    assert english == ["one two", "three four", "five six", "seven"]


@pytest.mark.parametrize(
    "lang,word", [("pl", "Suma"), ("zh-Hans", "总分"), ("zh-Hant", "總分"), ("en", "Total")]
)
def test_show_speaks_the_language(cli, lang, word):
    from conftest import SAMPLE

    result = cli("show", "--dir", SAMPLE, "chen-wei-0be7", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert word in result.output
    json_out = cli("show", "--dir", SAMPLE, "chen-wei-0be7", "--lang", lang, "--json")
    assert '"total": 29' in json_out.stdout  # JSON never depends on the language


def test_env_var_chooses_language(cli, monkeypatch):
    monkeypatch.setenv("CX_PILLARS_LANG", "pl")
    result = cli("pillars")
    assert "Tarcie w podróży klienta" in result.output


def test_unknown_language_is_usage_error(cli):
    result = cli("pillars", "--lang", "klingon")
    assert result.exit_code == 2
    assert re.search("not a supported language", result.output)


def test_saved_files_stay_language_neutral(cli, folder):
    from conftest import RANKING, RATINGS

    result = cli(
        "rate",
        "--dir",
        folder,
        "-r",
        "Wei",
        "--team",
        "T",
        "--ratings",
        RATINGS,
        "--ranking",
        RANKING,
        "--lang",
        "zh-Hans",
    )
    assert result.exit_code == 0
    assert "已保存" in result.output
    text = next(folder.glob("*.toml")).read_text()
    assert "service" in text and "客服" not in text
