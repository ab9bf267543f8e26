"""Reading exports: encodings, delimiters, line endings, quoted line breaks, line numbers."""

import json
from pathlib import Path

import pytest

from cx_pillars.errors import CxError
from cx_pillars.pillars import builtin_framework, load_framework
from cx_pillars.survey import read
from cx_pillars.survey.importer import import_file

FIX = Path(__file__).resolve().parent / "fixtures" / "survey"
FRAMEWORKS = FIX / "frameworks"
FW = builtin_framework()

POLISH = (
    "Obsługa klienta;Łatwość zakupu;Reklama i źródła;Reputacja marki;Komentarz\n"
    "1;2;3;4;Zażółć gęślą jaźń\n"
    "2;1;4;3;Świetna obsługa, ale długo czekałem\n"
    "4;3;2;1;Ręcznik był żółty\n"
)
CHINESE = (
    "客户服务,产品和服务,数字体验,品牌声誉,意见\n"
    "1,2,3,4,服务很好\n"
    "2,1,3,4,价格太贵了\n"
    "4,3,2,1,网站很难用\n"
)
FRENCH = (
    "Service après-vente,Qualité des produits,Expérience numérique,"
    "Réputation de la marque,Commentaire\n"
    "1,2,3,4,Très bien\n"
    "2,1,3,4,Le délai était trop long\n"
    "4,3,2,1,Où est ma commande ? C’était déjà payé\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "text,codec,framework,delimiter",
    [
        (POLISH, "cp1250", "polish.toml", ";"),
        (CHINESE, "gbk", "chinese.toml", ","),
        (FRENCH, "cp1252", "french.toml", ","),
        (FRENCH.replace("’", "'"), "mac_roman", "french.toml", ","),
    ],
)
def test_legacy_code_pages_are_detected(tmp_path, text, codec, framework, delimiter):
    path = write(tmp_path, "export.csv", text.encode(codec))
    source = read.inspect(path)
    assert source.encoding == codec
    assert source.delimiter == delimiter
    fw = load_framework(FRAMEWORKS / framework)
    s = import_file(path, fw).summary
    assert s.respondents == 3
    assert s.all.mean_ranks()[0] == pytest.approx(7 / 3)


def test_mac_roman_with_cr_only_line_endings(tmp_path):
    """What Excel for Mac leaves behind (FORMATS.md §4): CR line ends, Mac Roman, NBSP."""
    text = FRENCH.replace("’", "'").replace("Très bien", "Très\u00a0bien").replace("\n", "\r")
    path = write(tmp_path, "mac.csv", text.encode("mac_roman"))
    assert read.inspect(path).encoding == "mac_roman"
    s = import_file(path, load_framework(FRAMEWORKS / "french.toml")).summary
    assert s.respondents == 3


def test_utf8_with_bom_and_semicolons(tmp_path):
    path = write(tmp_path, "bom.csv", b"\xef\xbb\xbf" + POLISH.encode("utf-8"))
    source = read.inspect(path)
    assert (source.encoding, source.bom, source.delimiter) == ("utf-8", 3, ";")
    assert "BOM" in source.describe()
    assert import_file(path, load_framework(FRAMEWORKS / "polish.toml")).summary.respondents == 3


def test_utf16_tab_delimited(tmp_path):
    """Excel's "Unicode text": UTF-16 with a BOM, tab-delimited."""
    text = POLISH.replace(";", "\t")
    path = write(tmp_path, "unicode.txt", text.encode("utf-16"))
    source = read.inspect(path)
    assert source.encoding == "utf-16" and source.delimiter == "\t"
    assert import_file(path, load_framework(FRAMEWORKS / "polish.toml")).summary.respondents == 3


def test_encoding_and_delimiter_can_be_given(tmp_path):
    path = write(tmp_path, "p.csv", POLISH.encode("cp1250"))
    source = read.inspect(path, encoding="cp1250", delimiter=";")
    assert not source.detected_encoding and not source.detected_delimiter
    s = import_file(path, load_framework(FRAMEWORKS / "polish.toml"), encoding="windows-1250")
    assert s.summary.respondents == 3


def test_tab_and_pipe_are_sniffed():
    assert read.sniff_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"
    assert read.sniff_delimiter("a|b|c\n1|2|3\n") == "|"
    # Commas inside free text do not fool it: the semicolon splits every row alike.
    assert read.sniff_delimiter("a;b;c\n1;x, y, z;3\n2;u;4\n") == ";"


@pytest.mark.parametrize(
    "words,codec",
    [
        (["Zażółć", "gęślą", "jaźń", "Łódź"], "cp1250"),
        (["café", "naïve", "Müller", "Straße"], "cp1252"),
        (["café", "don’t", "Southern\u00a0California"], "mac_roman"),
        (["客户服务", "数字体验", "品牌"], "gbk"),
    ],
)
def test_guess_encoding(words, codec):
    assert read.guess_encoding([w.encode(codec) for w in words]) == codec


def test_quoted_line_breaks_and_physical_line_numbers(tmp_path):
    """A skipped row is reported by the physical line it starts on."""
    header = ",".join(FW.ids) + ",comment\n"
    rows = [
        '1,2,3,4,5,6,7,8,9,10,"first line\nsecond line\nthird"\n',  # lines 2-4
        "1,1,3,4,5,6,7,8,9,10,dup\n",  # line 5
        '10,9,8,7,6,5,4,3,2,1,"a\r\nb"\n',  # lines 6-7
        "1,2,2,,,,,,,,again\n",
    ]  # line 8
    path = write(tmp_path, "nl.csv", (header + "".join(rows)).encode())
    result = import_file(path, FW)
    assert result.summary.respondents == 2
    assert result.skipped_lines == {"duplicate rank": [5, 8]}


def test_cr_only_line_numbers(tmp_path):
    text = ",".join(FW.ids) + "\r" + "1,2,3,4,5,6,7,8,9,10\r" + "1,1,3,4,5,6,7,8,9,10\r"
    result = import_file(write(tmp_path, "cr.csv", text.encode()), FW)
    assert result.skipped_lines == {"duplicate rank": [3]}


def test_formbricks_formula_defanging_is_undone():
    assert read.defang("'=SUM(A1)") == "=SUM(A1)"
    assert read.defang("'-5") == "-5"
    assert read.defang("'quoted") == "'quoted"
    s = import_file(FIX / "formbricks.csv", FW).summary
    assert s.respondents == 5


def test_json_lines_and_bare_arrays(tmp_path):
    labels = [p.label for p in FW.pillars]
    lines = "\n".join(
        json.dumps({"rank": labels[i:] + labels[:i], "email": "x@example.com"}) for i in range(3)
    )
    assert import_file(write(tmp_path, "r.jsonl", lines.encode()), FW).summary.respondents == 3
    array = "[" + lines.replace("\n", ",") + "]"
    assert import_file(write(tmp_path, "r.json", array.encode()), FW).summary.respondents == 3


def test_a_wrong_explicit_encoding_fails_with_the_line(tmp_path):
    path = write(tmp_path, "p.csv", POLISH.encode("cp1250"))
    with pytest.raises(CxError) as err:
        read.inspect(path, encoding="utf-8")
    assert str(err.value).startswith(f"{path}:1: is not valid utf-8 text")
    assert "leave out --encoding" in str(err.value)


def test_json_is_streamed_in_small_pieces(monkeypatch):
    """Values cut at every possible place between two reads still parse."""
    whole = import_file(FIX / "surveyjs.json", FW, birth_year="birth_year").summary
    monkeypatch.setattr(read, "CHUNK", 7)
    pieces = import_file(FIX / "surveyjs.json", FW, birth_year="birth_year").summary
    assert pieces.to_dict() | {"imported": 0} == whole.to_dict() | {"imported": 0}
