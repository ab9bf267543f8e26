"""`team` in English, Polish and Chinese: translated screens, native plural forms and
lists, aligned CJK layout, prompts drawn from the data, and JSON whose keys and numbers
never depend on the language."""

import json
import shutil

import pytest
from conftest import SAMPLE

from cx_pillars import i18n, team
from cx_pillars.store import load_store
from cx_pillars.textwidth import cell_width, wrap

LANGS = ("en", "pl", "zh-Hans", "zh-Hant")

#: A heading of each section, per language (what a reader looks for on the screen).
HEADINGS = {
    "en": [
        "What the team believes customers value",
        "Most disputed",
        "Who agrees with whom",
        "Total self-score",
        "To discuss",
    ],
    "pl": [
        "Co zdaniem zespołu cenią klienci",
        "Największe rozbieżności",
        "Kto się z kim zgadza",
        "Łączna samoocena",
        "Do omówienia",
    ],
    "zh-Hans": [
        "团队认为客户看重什么",
        "分歧最大的支柱",
        "谁和谁看法一致",
        "自评总分",
        "值得讨论的问题",
    ],
    "zh-Hant": [
        "團隊認為客戶重視什麼",
        "分歧最大的支柱",
        "誰和誰看法一致",
        "自評總分",
        "值得討論的問題",
    ],
}

#: English words of the translated screen that must not survive in another language.
ENGLISH = [
    "Most disputed",
    "Who agrees with whom",
    "To discuss",
    "Total self-score",
    "Agreement",
    "Mean",
    "Self-",
    "Range",
    "Strongest",
    "Weakest",
    "respondents",
    "latest run each",
    "older runs skipped",
    "Most alike",
    "Least alike",
    "Furthest from the rest",
    "spread",
    "beyond chance",
    "could be chance",
    " for ",
    " and ",
    "anonymous",
    "Put 1st",
    "1st",
    "10th",
]

#: JSON values that are sentences, written in the chosen language.
SENTENCES = {"reading", "text", "method", "reason", "note"}


def _neutral(doc):
    """The JSON without its sentences: what must be identical in every language."""
    if isinstance(doc, dict):
        return {k: _neutral(v) for k, v in doc.items() if k not in SENTENCES}
    if isinstance(doc, list):
        return [_neutral(v) for v in doc]
    return doc


def _store(tmp_path, names, name="store"):
    """A store with the sample runs of the given respondents (file name fragments)."""
    folder = tmp_path / name
    folder.mkdir()
    for p in SAMPLE.glob("*.toml"):
        if any(n in p.name for n in names):
            shutil.copy(p, folder)
    return folder


def _screen(runner, monkeypatch, *args, columns=100):
    from cx_pillars.cli import app
    from cx_pillars.views import render

    render.console.cache_clear()
    monkeypatch.setenv("COLUMNS", str(columns))
    try:
        result = runner.invoke(app, [str(a) for a in args])
    finally:
        render.console.cache_clear()
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("lang", LANGS)
def test_team_speaks_the_language(cli, lang):
    result = cli("team", "--dir", SAMPLE, "--lang", lang)
    assert result.exit_code == 0, result.output
    out = result.output
    for heading in HEADINGS[lang]:
        assert heading in out, f"{lang}: {heading!r} missing"
    if lang != "en":
        for word in ENGLISH:
            assert word not in out, f"{lang}: English {word!r} left on the screen"


@pytest.mark.parametrize("lang", LANGS[1:])
def test_trend_and_by_team_speak_the_language(cli, tmp_path, lang):
    trend = cli("team", "--dir", SAMPLE, "--all-runs", "--trend", "--lang", lang).output
    assert i18n.t("team.trend.title", lang) in trend
    assert "Trend by quarter" not in trend and "Total (mean)" not in trend
    assert "every run" not in trend and "Per calendar quarter" not in trend
    folder = _store(tmp_path, ["ana-kowalska-3f9c", "ben-okafor-51d2", "chen", "dorota"])
    for p in folder.glob("*chen*.toml"):
        p.write_text(p.read_text().replace('"Retail CX"', '"Online"'))
    by = cli("team", "--dir", folder, "--by", "team", "--lang", lang)
    assert by.exit_code == 0, by.output
    assert i18n.plural("team.by.title", 2, lang) in by.output
    for word in ("side by side", " vs ", "How far apart", "fewer than three", "total "):
        assert word not in by.output, f"{lang}: English {word!r} in --by team"


def test_polish_reads_naturally_on_the_sample(cli):
    out = " ".join(cli("team", "--dir", SAMPLE, "--lang", "pl").output.split())
    assert "Retail CX · 5 osób, najnowsza ocena każdej osoby (pominięto 2 starsze oceny)" in out
    assert "od 2026-11-16 do 2026-11-19" in out
    assert "Pominięto 1 anonimową ocenę w zespole Retail CX" in out
    assert "W Kendalla = 0,38" in out  # Polish decimal comma
    assert "Umiarkowana zgodność (W = 0,38, p = 0,046 przy 5 osobach)" in out
    assert "Niecyfrowe rozrzut 9 1. miejsce: Dorota; 10. miejsce: Ben i Chen" in out
    assert "Najbardziej zgodna para Ana i Emre" in out
    assert "Łączna samoocena 30,8/50 (najniższa 28, najwyższa 36)" in out
    assert "filar „Tarcie” na 3. miejscu" in out  # label in quotes: no declension


def _three_anonymous(tmp_path):
    """The sample with two more anonymous colleagues (three in all: they count)."""
    import tomllib
    from datetime import UTC, datetime

    import tomli_w

    folder = _store(tmp_path, [""], name="three")
    doc = tomllib.loads((SAMPLE / "2026-11-20T102500Z-anonymous-c6f0.toml").read_text("utf-8"))
    for k in (2, 3):
        new_id = f"2026-11-2{k}-anonymous-000{k}"
        ranking = doc["ranking"][k:] + doc["ranking"][:k]
        created = datetime(2026, 11, 20 + k, tzinfo=UTC)
        other = {**doc, "id": new_id, "created": created, "ranking": ranking}
        (folder / f"{new_id}.toml").write_text(tomli_w.dumps(other), "utf-8")
    return folder


def test_three_anonymous_colleagues_count_and_are_numbered_in_every_language(cli, tmp_path):
    folder = _three_anonymous(tmp_path)
    words = {
        "en": "anonymous 2",
        "pl": "osoba anonimowa 2",
        "zh-Hans": "匿名同事 2",
        "zh-Hant": "匿名同事 2",
    }
    for lang in LANGS:
        doc = json.loads(cli("team", "--dir", folder, "--json", "--lang", lang).stdout)
        assert doc["respondents"] == 8 and doc["anonymity"]["left_out"] == 0
        assert "anonymous 3" in doc["pairwise_spearman"]["respondents"]
        out = cli("team", "--dir", folder, "--lang", lang, "--all-runs").output
        assert words[lang] in out, lang


@pytest.mark.parametrize(
    "lang,text",
    [
        ("zh-Hans", "第1位：Dorota；第10位：Ben和Chen"),
        ("zh-Hant", "第1名：Dorota；第10名：Ben和Chen"),
    ],
)
def test_chinese_lists_and_places(cli, lang, text):
    out = cli("team", "--dir", SAMPLE, "--lang", lang).output
    assert text in out


def test_chinese_variants_use_their_own_characters():
    hans, hant = i18n.catalog("zh-Hans"), i18n.catalog("zh-Hant")
    team_keys = [k for k in hans if k.startswith("team.")]
    hans_text = "".join(hans[k] for k in team_keys)
    hant_text = "".join(hant[k] for k in team_keys)
    assert "客户" in hans_text and "客戶" not in hans_text
    assert "客戶" in hant_text and "客户" not in hant_text  # 客戶 as in seed 000
    for simplified in ("团队", "评估", "显示", "没有", "个", "这", "们", "时", "级"):
        assert simplified not in hant_text, f"zh-Hant has simplified {simplified!r}"
    for traditional in ("團隊", "評估", "顯示", "沒有", "個", "這", "們", "時"):
        assert traditional not in hans_text, f"zh-Hans has traditional {traditional!r}"
    assert "資料" in hant_text and "資料夾" in hant_text  # Taiwan usage


@pytest.mark.parametrize(
    "count,people,with_",
    [(1, "1 osoba", None), (2, "2 osoby", "przy 2 osobach"), (5, "5 osób", "przy 5 osobach")],
)
def test_polish_plural_forms_of_respondents(cli, tmp_path, count, people, with_):
    names = ["ana-kowalska-3f9c", "ben-okafor-51d2", "chen", "dorota", "emre"][:count]
    folder = _store(tmp_path, names)
    out = " ".join(cli("team", "--dir", folder, "--lang", "pl").output.split())
    assert f"Retail CX · {people}, najnowsza ocena każdej osoby" in out
    if with_:
        assert with_ in out
    else:
        assert "potrzeba co najmniej dwóch osób" in out


@pytest.mark.parametrize(
    "lang,forms",
    [
        ("pl", ["1 osoba", "2 osoby", "4 osoby", "5 osób", "12 osób", "22 osoby"]),
        (
            "en",
            [
                "1 respondent",
                "2 respondents",
                "4 respondents",
                "5 respondents",
                "12 respondents",
                "22 respondents",
            ],
        ),
        ("zh-Hans", ["1 人", "2 人", "4 人", "5 人", "12 人", "22 人"]),
    ],
)
def test_respondent_counts(lang, forms):
    got = [i18n.plural("team.count.respondents", n, lang) for n in (1, 2, 4, 5, 12, 22)]
    assert got == forms


def test_polish_skipped_runs_and_all_runs(cli):
    assert "(pominięto 2 starsze oceny)" in cli("team", "--dir", SAMPLE, "--lang", "pl").output
    out = cli("team", "--dir", SAMPLE, "--all-runs", "--lang", "pl").output
    assert "7 ocen od 5 osób (wszystkie oceny)" in out
    assert i18n.plural("team.header.skipped", 1, "pl") == " (pominięto 1 starszą ocenę)"
    assert i18n.plural("team.header.skipped", 5, "pl") == " (pominięto 5 starszych ocen)"


@pytest.mark.parametrize(
    "lang,items,text",
    [
        ("en", ["A", "B", "C"], "A, B and C"),
        ("en", ["A", "B"], "A and B"),
        ("pl", ["A", "B", "C"], "A, B i C"),
        ("zh-Hans", ["甲", "乙", "丙"], "甲、乙和丙"),
        ("zh-Hant", ["A"], "A"),
    ],
)
def test_join_names(lang, items, text):
    assert i18n.join_names(items, lang) == text


@pytest.mark.parametrize(
    "lang,k,text",
    [
        ("en", 1, "1st"),
        ("en", 12, "12th"),
        ("en", 5.5, "5.5th"),
        ("pl", 1, "1."),
        ("pl", 5.5, "5,5."),
        ("zh-Hans", 10, "第10"),
        ("zh-Hant", 4.5, "第4.5"),
    ],
)
def test_ordinals(lang, k, text):
    assert team.ordinal(k, lang) == text


def _polish_view(folder, fw):
    return team.team_view(load_store(folder, fw), fw, lang="pl")


def test_polish_prompts_follow_the_data(tmp_path, fw):
    whole = _polish_view(SAMPLE, fw)
    part = _polish_view(_store(tmp_path, ["ana-kowalska-3f9c", "ben-okafor-51d2", "emre"]), fw)
    texts_whole = [p["text"] for p in whole.prompts]
    texts_part = [p["text"] for p in part.prompts]
    assert len(texts_whole) == 3 and texts_part
    assert set(texts_whole).isdisjoint(texts_part)
    for view in (whole, part):
        for p in view.prompts:
            # written from its own values, in Polish, with nothing left unfilled
            assert p["text"] == team.prompt_text(p, view)
            assert "{" not in p["text"] and " the " not in p["text"]
    first = whole.prompts[0]
    assert first["kind"] == "disagreement" and first["values"]["pillar"] == "non_digital"
    assert "„Niecyfrowe”" in first["text"] and "Dorota" in first["text"]


def test_prompt_values_are_language_neutral(fw):
    views = {lang: team.team_view(load_store(SAMPLE, fw), fw, lang=lang) for lang in LANGS}
    data = {
        lang: [{k: v for k, v in p.items() if k != "text"} for p in v.prompts]
        for lang, v in views.items()
    }
    assert all(d == data["en"] for d in data.values())
    texts = [views[lang].prompts[1]["text"] for lang in LANGS]
    assert len(set(texts)) == 4  # four different sentences


def test_a_lone_anonymous_colleague_is_left_out_in_every_language(cli, tmp_path):
    folder = _store(tmp_path, ["ana-kowalska-3f9c", "anonymous"])
    for lang in LANGS:
        out = cli("team", "--dir", folder, "--lang", lang).output
        assert i18n.t("team.anonymity", lang, reason="")[:4] in out
        assert i18n.t("team.anonymous", lang) not in out.split("\n\n", 1)[1]
        doc = json.loads(cli("team", "--dir", folder, "--json", "--lang", lang).stdout)
        assert doc["respondents"] == 1 and doc["anonymity"]["left_out"] == 1
    pl = " ".join(cli("team", "--dir", folder, "--lang", "pl").output.split())
    assert (
        "Pominięto 1 anonimową ocenę w zespole Retail CX: anonimowo oceniło tam mniej niż 3 osoby"
        in pl
    )


@pytest.mark.parametrize("args", [[], ["--all-runs", "--trend"], ["--by", "team", "--trend"]])
def test_json_numbers_identical_across_languages(cli, args):
    docs = {}
    for lang in LANGS:
        result = cli("team", "--dir", SAMPLE, "--json", "--lang", lang, *args)
        assert result.exit_code == 0, result.output
        docs[lang] = json.loads(result.stdout)
    neutral = {lang: _neutral(doc) for lang, doc in docs.items()}
    for lang in LANGS[1:]:
        assert neutral[lang] == neutral["en"], f"{lang} JSON differs beyond its sentences"
    view = docs["pl"] if "--by" not in args else docs["pl"]["teams"][0]
    assert view["agreement"]["strength"] == "moderate agreement"  # an enum, not prose
    people = i18n.plural("team.count.people_with", view["respondents"], "pl")
    assert f"przy {people}" in view["agreement"]["reading"]
    assert view["prompts"][0]["kind"] == "disagreement"


@pytest.mark.parametrize("lang", LANGS)
def test_screen_fits_and_aligns(runner, monkeypatch, lang):
    out = _screen(runner, monkeypatch, "team", "--dir", SAMPLE, "--lang", lang, "--trend")
    lines = out.splitlines()
    assert max(cell_width(line.rstrip()) for line in lines) <= 100
    # the table's divider stands in one terminal column on every row
    columns = {cell_width(line[: line.index("│")]) for line in lines if "│" in line}
    assert len(columns) == 1, columns
    # the disputed lines: what follows the padded pillar label starts in one column
    spread = i18n.t("team.disputed.spread", lang, spread="")
    starts = {
        cell_width(line[: line.index(spread)])
        for line in lines
        if line.startswith("  ") and spread in line
    }
    assert len(starts) == 1 and len(lines) > 40, starts


@pytest.mark.parametrize("lang", LANGS)
def test_sentences_fill_their_lines(fw, lang):
    """Sentences wrap by terminal cells: Chinese between any two characters (Rich alone
    would break only at spaces, leaving short lines), other languages between words."""
    from rich.console import Console

    from cx_pillars.views.team import Prose

    view = team.team_view(load_store(SAMPLE, fw), fw, lang=lang)
    text = (
        " ".join(
            [
                view.method["consensus"],
                view.agreement["reading"],
                *(p["text"] for p in view.prompts),
            ]
        )
        if lang.startswith("zh")
        else view.method["consensus"]
    )
    for width in (40, 63, 100):
        console = Console(width=width, record=True, color_system=None)
        with console.capture() as capture:
            console.print(Prose(text))
        lines = capture.get().rstrip("\n").split("\n")
        assert all(cell_width(line.rstrip()) <= width for line in lines)
        # a line ends only where the next word would not fit (CJK words are one
        # character with its punctuation; "Dorota；" or "（Marketing" are longer)
        words = [cell_width(w) for w in wrap(text, 1).splitlines()]
        assert all(cell_width(line.rstrip()) >= width - max(words) - 1 for line in lines[:-1]), (
            lines
        )
        if lang.startswith("zh"):
            assert len(lines) <= cell_width(text) // (width - 6) + 1  # filled, not ragged
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert not any(line.startswith(tuple("，。：；？！）」”、")) for line in lines)
        assert not any(line.rstrip().endswith(tuple("（「“")) for line in lines)


@pytest.mark.parametrize(
    "text,width,lines",
    [
        ("abcd efghi", 9, ["abcd", "efghi"]),  # the space counts too
        ("ρ = −0.12），前三", 13, ["ρ = −0.12），", "前三"]),  # no line opens with ），
        ("平均 3.2（團隊）", 10, ["平均 3.2", "（團隊）"]),  # none ends with （
        ("第1名：Dorota；第10名", 16, ["第1名：Dorota；", "第10名"]),
    ],
)
def test_wrap_keeps_punctuation_with_its_word(text, width, lines):
    assert wrap(text, width).splitlines() == lines


@pytest.mark.parametrize(
    "lang,words",
    [
        ("pl", "brak ocen pasujących do --team Nobody"),
        ("zh-Hans", "没有符合 --team Nobody 的评估"),
        ("zh-Hant", "沒有符合 --team Nobody 的評估"),
    ],
)
def test_errors_speak_the_language(cli, lang, words):
    result = cli("team", "--dir", SAMPLE, "--team", "Nobody", "--lang", lang)
    assert result.exit_code == 1
    assert words in result.output and "Traceback" not in result.output
    assert cli("team", "--dir", SAMPLE, "--by", "role", "--lang", lang).exit_code == 2


def test_env_var_chooses_team_language(cli, monkeypatch):
    monkeypatch.setenv("CX_PILLARS_LANG", "zh-Hant")
    assert "值得討論的問題" in cli("team", "--dir", SAMPLE).output
