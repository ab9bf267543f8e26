"""Issue 12: a comma Forms export with ``;`` lists in every ranking cell, and Big5 (cp950)."""

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cx_pillars.pillars import builtin_framework
from cx_pillars.survey import read
from cx_pillars.survey.importer import import_file

FIX = Path(__file__).resolve().parent / "fixtures" / "survey"
sys.path.insert(0, str(FIX))
import make_fixtures as mk  # noqa: E402

FW = builtin_framework()


# -- delimiter ------------------------------------------------------------------------------


def test_lean_ms_forms_comma_export_is_read_as_comma():
    source = read.inspect(FIX / "ms_forms_lean.csv")
    assert source.delimiter == ","


def test_lean_ms_forms_imports_every_respondent_and_their_ranking():
    s = import_file(FIX / "ms_forms_lean.csv", FW, birth_year="born").summary
    people = mk.FULL_RANKERS
    assert s.format == "ms-forms"
    assert s.respondents == len(people) == 48
    assert s.skipped == {}
    means = {p: sum(r["ranks"][p] for r in people) / len(people) for p in mk.IDS}
    ranking = s.ranking()
    assert {r["pillar"]: r["mean_rank"] for r in ranking} == pytest.approx(means, abs=1e-4)
    assert [r["pillar"] for r in ranking] == sorted(mk.IDS, key=means.__getitem__)
    assert ranking[0]["pillar"] == "service"


def test_the_fixture_writer_matches_the_static_file():
    assert (FIX / "ms_forms_lean.csv").read_text("utf-8") == mk.ms_forms_lean()


@pytest.mark.parametrize("n", [1, 3, 12, 60])
def test_the_header_width_decides_at_any_length(n):
    text = mk.ms_forms_lean(mk.full_rankers(n))
    assert read.sniff_delimiter(text) == ","


@pytest.mark.parametrize(
    "text,delimiter",
    [
        # A real semicolon file whose cells hold commas: the header fits ';'.
        ("a;b;c\n1;x, y, z;3\n2;u;4\n", ";"),
        # Ten ';' items per cell in every row of a 10-column comma file.
        (
            ",".join(f"h{i}" for i in range(10))
            + "\n"
            + "".join(",".join(["1"] * 9 + ["a;b;c;d;e;f;g;h;i;j;"]) + "\n" for _ in range(50)),
            ",",
        ),
        # A header-only file keeps today's choice.
        ("a;b;c\n", ";"),
        ("a,b,c\n", ","),
    ],
)
def test_header_width_rule(text, delimiter):
    assert read.sniff_delimiter(text) == delimiter


# -- Big5 / cp950 ---------------------------------------------------------------------------

TRADITIONAL = [
    "您最重視哪些方面？請排序",
    "客戶服務",
    "品牌聲譽與期望",
    "顧客旅程中的阻礙",
    "您購買的產品與服務",
    "數位體驗",
    "非數位體驗",
    "公司代表的態度",
    "您有多大可能向朋友或同事推薦我們？",
    "從我們這裡取得所需的東西有多容易？",
    "您是哪一年出生的？",
    "客服人員很親切，但等待時間太長了。",
    "退款花了三個星期，希望能改進。",
    "網站很難用，結帳流程太複雜",
    "陳美玲",
    "王小明",
    "林志豪",
    "張淑芬",
]
SIMPLIFIED = [
    "您最重视哪些方面？请排序",
    "客户服务",
    "品牌声誉与期望",
    "客户旅程中的阻碍",
    "数字体验",
    "价格太贵了",
    "网站很难用，结账流程太复杂",
    "退款花了三个星期，希望能改进。",
    "王小明",
    "李娜",
]
POLISH = [
    "Zażółć gęślą jaźń",
    "Obsługa klienta była świetna, ale długo czekałem",
    "Łatwość zakupu",
    "Ręcznik był żółty",
    "Reputacja marki, oczekiwania i źródła",
    "Małgorzata Wiśniewska",
]
WESTERN = [
    "Service après-vente",
    "Le délai était trop long",
    "Où est ma commande ? C’était déjà payé",
    "Expérience numérique",
    "Réputation de la marque",
    "Ålesund, Málaga, Ángel Muñoz",
    "Größe und Qualität",
]
SAMPLES = {"cp950": TRADITIONAL, "gbk": SIMPLIFIED, "cp1250": POLISH, "cp1252": WESTERN}


def zh_hant_export() -> str:
    head = ["編號", "姓名", TRADITIONAL[0], "推薦分數", "意見"]
    rows = [
        [
            "1",
            "陳美玲",
            "客戶服務;品牌聲譽與期望;數位體驗;",
            "9",
            "客服人員很親切，但等待時間太長了。",
        ],
        ["2", "王小明", "品牌聲譽與期望;客戶服務;數位體驗;", "6", "退款花了三個星期，希望能改進。"],
        ["3", "林志豪", "數位體驗;客戶服務;品牌聲譽與期望;", "10", "網站很難用，結帳流程太複雜"],
    ]
    return "".join(",".join(r) + "\r\n" for r in [head, *rows])


def test_a_traditional_chinese_excel_csv_is_cp950(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(zh_hant_export().encode("cp950"))
    source = read.inspect(path)
    assert (source.encoding, source.delimiter) == ("cp950", ",")
    assert "cp950" in source.describe() and "Traditional Chinese" in source.describe()
    with read.Records(source) as records:
        first = records.next_record()
    assert first is not None and first[1][2] == "您最重視哪些方面？請排序"


@pytest.mark.parametrize("codec", sorted(SAMPLES))
@pytest.mark.parametrize("index", range(3))
def test_code_pages_are_told_apart(codec, index):
    lines = SAMPLES[codec][index::3]
    words = [w.encode(codec) for line in lines for w in line.split() if not w.isascii()]
    assert read.guess_encoding(words) == codec


@pytest.mark.parametrize("codec", sorted(SAMPLES))
def test_each_sample_as_a_file(tmp_path, codec):
    path = tmp_path / f"{codec}.csv"
    text = "id,comment\n" + "".join(f"{i},{s}\n" for i, s in enumerate(SAMPLES[codec], 1))
    path.write_bytes(text.encode(codec))
    assert read.inspect(path).encoding == codec


@settings(max_examples=150, deadline=None)
@given(
    codec=st.sampled_from(sorted(SAMPLES)),
    data=st.data(),
)
def test_any_mix_of_sentences_is_told_apart(codec, data):
    lines = data.draw(st.lists(st.sampled_from(SAMPLES[codec]), min_size=2, max_size=8))
    words = [w.encode(codec) for line in lines for w in line.split() if not w.isascii()]
    assert read.guess_encoding(words) == codec


def test_cp950_can_be_given():
    assert read.guess_encoding(["客戶服務".encode("cp950")]) == "cp950"
    assert read.guess_encoding(["客户服务".encode("gbk")]) == "gbk"


# -- Latin code pages: the guess reads the words back as written -----------------------------

LATIN = {
    "pl": POLISH,
    "de": [
        "Bitte ordnen Sie nach Wichtigkeit für Sie",
        "Größe und Qualität der Produkte",
        "Die Wartezeit war zu lang, sonst schön",
        "Kundenservice über Telefon",
        "Jürgen Müller, Straße 5",
        "Zuverlässigkeit und Übersicht",
    ],
    "fr": [
        "Service après-vente",
        "Le délai était trop long",
        "Où est ma commande ? C’était déjà payé",
        "Expérience numérique très fiable",
        "Réputation de la marque et qualité",
        "François Lefèvre, à Besançon",
    ],
    "es": [
        "¿Qué tan fácil fue conseguir lo que necesitaba?",
        "La atención al cliente fue rápida",
        "Experiencias no digitales en la tienda",
        "Reputación de la marca y expectativas",
        "Ángel Muñoz, Málaga",
        "El envío tardó tres días",
    ],
}


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


LATIN_CASES = [
    (lang, codec, index)
    for lang, lines in LATIN.items()
    for codec in ("cp1252", "cp1250", "mac_roman")
    for index in range(3)
    if all(_encodes(line, codec) for line in lines[index::3])
]


@pytest.mark.parametrize("lang,codec,index", LATIN_CASES, ids=lambda v: str(v))
def test_latin_text_reads_back_as_written(lang, codec, index):
    """Whatever code page wins, it gives back the words as written (cp1252 and cp1250
    share German's umlauts, so either may read a German cp1252 file)."""
    lines = LATIN[lang][index::3]
    words = [w.encode(codec) for line in lines for w in line.split() if not w.isascii()]
    guess = read.guess_encoding(words)
    assert guess is not None
    assert [w.decode(guess) for w in words] == [w.decode(codec) for w in words], guess


def test_the_latin_table_covers_every_code_page():
    pairs = {(lang, codec) for lang, codec, _ in LATIN_CASES}
    assert {("de", "mac_roman"), ("fr", "mac_roman"), ("es", "mac_roman")} <= pairs
    assert {("pl", "cp1250"), ("de", "cp1250"), ("de", "cp1252"), ("fr", "cp1252")} <= pairs
    assert ("pl", "cp1252") not in pairs  # Polish letters are not in cp1252
