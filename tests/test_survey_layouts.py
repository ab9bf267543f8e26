"""Item-per-rank columns however a tool names them, the map file's [positions], "Other"
columns, group-title header rows, metadata in any language, and errors that say what
to add.  Mean ranks are counted by hand here from the fixture's respondents."""

import importlib.util
import json
import re
from pathlib import Path

import pytest

from cx_pillars.errors import CxError
from cx_pillars.pillars import builtin_framework, load_framework
from cx_pillars.survey import layout, read, vocabulary
from cx_pillars.survey.importer import import_file
from cx_pillars.survey.mapping import load_map

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "survey"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"

spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
mk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mk)

FW = builtin_framework()
IDS = FW.ids
N = len(IDS)


def hand_means(orders):
    """Mean rank per pillar, counted by hand: the k ranked get 1..k in order, the rest
    the mean of the positions left, (k + 1 + n) / 2; n - 1 ranked makes the last n."""
    sums = dict.fromkeys(IDS, 0.0)
    count = 0
    for order in orders:
        if not order:
            continue
        count += 1
        k = len(order)
        if k == N - 1:
            order = order + [p for p in IDS if p not in order]
            k = N
        for p in IDS:
            sums[p] += order.index(p) + 1 if p in order else (k + 1 + N) / 2
    return count, [sums[p] / count for p in IDS]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


# -- the vocabulary ------------------------------------------------------------------------

# Ordinal words written out here, independently of the module's tables.
EN_ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
EN_ORD += ["ninth", "tenth"]
PL_ORD = ["pierwszy", "drugi", "trzeci", "czwarty", "piąty", "szósty", "siódmy", "ósmy"]
PL_ORD += ["dziewiąty", "dziesiąty"]
PL_ORD_F = ["pierwsza", "druga", "trzecia", "czwarta", "piąta", "szósta", "siódma", "ósma"]
PL_ORD_F += ["dziewiąta", "dziesiąta"]
ZH_ORD = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
EN_NTH = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 10: "10th"}


def render(lang, phrase, k):
    """The phrase of the vocabulary with position k written in."""
    ords = {"en": EN_ORD, "pl": PL_ORD, "zh": ZH_ORD}[lang]
    return (
        phrase.replace("{n}", str(k))
        .replace("{nth}", EN_NTH.get(k, f"{k}th"))
        .replace("{ord}", ords[k - 1])
    )


def vocabulary_cases():
    cases = []
    for lang, phrases in vocabulary.POSITION_PHRASES.items():
        for phrase in phrases:
            if " = " in phrase:
                text, _, k = phrase.rpartition(" = ")
                cases.append((lang, phrase, text, int(k)))
                continue
            for k in (1, 2, 3, 10):
                if "{ord}" in phrase and lang == "pl" and "najważniejsza" in phrase:
                    text = phrase.replace("{ord}", PL_ORD_F[k - 1])
                else:
                    text = render(lang, phrase, k)
                cases.append((lang, phrase, text, k))
    return cases


@pytest.mark.parametrize("lang,phrase,text,k", vocabulary_cases(), ids=lambda v: str(v))
def test_every_phrase_of_the_vocabulary_gives_its_position(lang, phrase, text, k):
    spaced = lang != "zh"
    before = "Which matters most to you? " if spaced else "对您来说"
    after = " (pick one)" if spaced else "（单选）"
    for header in (text, text.upper() if spaced else text, f"{before}{text}{after}"):
        found = vocabulary.position_of(header)
        assert found is not None, header
        assert found.k == k, header
    around = vocabulary.position_of(f"{before}{text}{after}")
    assert before.strip() in around.rest or not spaced  # the question around, as written


BRIEF_EXAMPLES = [
    ("Please rank the parts [Rank 3]", 3),  # inside brackets: the layout's business
    ("Rank 1", 1),
    ("Rank #4", 4),
    ("1st choice", 1),
    ("2nd choice", 2),
    ("third choice", 3),
    ("What is your highest priority?", 1),
    ("What is your second highest priority?", 2),
    ("Your third highest priority", 3),
    ("Top choice", 1),
    ("Most important", 1),
    ("Second most important", 2),
    ("Pierwszy wybór", 1),
    ("drugi wybór", 2),
    ("trzeci wybór", 3),
    ("1. miejsce", 1),
    ("miejsce 2", 2),
    ("Najważniejszy", 1),
    ("drugi najważniejszy", 2),
    ("pozycja 4", 4),
    ("ranga 5", 5),
    ("第一选择", 1),
    ("第一選擇", 1),
    ("第1名", 1),
    ("排名1", 1),
    ("排名第1", 1),
    ("排名第三", 3),
    ("最重要", 1),
    ("第二重要", 2),
    ("首选", 1),
    ("首選", 1),
    ("第十一名", 11),
    ("您心目中的排名 第10名", 10),
]


@pytest.mark.parametrize("header,k", BRIEF_EXAMPLES)
def test_the_phrases_of_the_brief(header, k):
    found = vocabulary.position_of(header)
    assert found is not None and found.k == k


@pytest.mark.parametrize(
    "header",
    [
        "Rank: Advertising to consumers",
        "Please rank these parts of your experience",
        "How important is price to you?",
        "Top 3",
        "Q5_1",
        "Ranking",
        "最不重要",
        "Which is the best?",
        "Advertising to consumers",
        "1st choice or 2nd choice",  # two positions: none
    ],
)
def test_headers_that_name_no_position(header):
    assert vocabulary.position_of(header) is None


@pytest.mark.parametrize(
    "name",
    [
        # LimeSurvey 6, German, as the issue quotes it
        "Antwort ID",
        "Datum Abgeschickt",
        "Letzte Seite",
        "Startsprache",
        "Zufallsstartwert",
        "Datum gestartet",
        "Datum letzte Aktivität",
        # French, Spanish, Polish, Chinese
        "ID de la réponse",
        "Date de soumission",
        "Dernière page",
        "ID de respuesta",
        "Fecha de envío",
        "Última página",
        "ID odpowiedzi",
        "Data wysłania",
        "Ostatnia strona",
        "回复ID",
        "提交时间",
        "回覆ID",
        "提交時間",
        # Qualtrics and Forms, German and Polish
        "Anfangsdatum",
        "Antworttyp",
        "Startzeit",
        "Fertigstellungszeit",
        "Godzina rozpoczęcia",
        "Godzina ukończenia",
        # Typeform
        "#",
        "Start Date (UTC)",
        "Submit Date (UTC)",
        "Network ID",
    ],
)
def test_metadata_names_in_any_language(name):
    assert vocabulary.is_metadata(name)
    assert vocabulary.is_metadata(name.upper().replace(" ", "  "))


@pytest.mark.parametrize("name", ["Advertising", "Customer service", "Q1", "Rank 1", "Region"])
def test_questions_are_not_metadata(name):
    assert not vocabulary.is_metadata(name)


# -- each new layout, against a count by hand ----------------------------------------------

LAYOUTS = [
    # file, format, header rows, order each respondent's row holds
    ("limesurvey6.csv", "limesurvey", 1, lambda r, i: mk.order_of(r)),
    ("typeform_top3.csv", "typeform", 2, lambda r, i: mk.typeform_order(r, i)),
    ("hand_choices.csv", "wide", 1, lambda r, i: mk.order_of(r)[:3]),
    ("polish_choices.csv", "google-forms", 1, lambda r, i: mk.order_of(r)[:5]),
    ("chinese_choices.csv", "wide", 1, lambda r, i: mk.order_of(r)),
    ("chinese_traditional_ranks.csv", "wide", 1, lambda r, i: mk.order_of(r)),
]


@pytest.mark.parametrize("name,fmt,rows,order", LAYOUTS, ids=[c[0] for c in LAYOUTS])
def test_each_new_layout_gives_the_hand_count(name, fmt, rows, order):
    result = import_file(FIX / name, FW)
    s = result.summary
    assert (s.format, result.plan.header_rows, result.plan.kind) == (fmt, rows, "positions")
    orders = [order(r, i) for i, r in enumerate(mk.RESPONDENTS)]
    count, means = hand_means(orders)
    assert s.respondents == count == 5
    assert s.skipped == {"no ranking": 1}
    assert s.all.mean_ranks() == pytest.approx(means)
    # first places, by hand
    firsts = [sum(1 for o in orders if o and o[0] == p) for p in IDS]
    assert [row[0] for row in s.all.positions] == firsts


def test_the_static_fixtures_are_what_the_writers_write():
    for name in [c[0] for c in LAYOUTS]:
        assert (FIX / name).read_bytes() == mk.WRITERS[name]().encode("utf-8"), name


def test_typeform_group_titles_are_a_header_row_and_the_import_says_so(cli, tmp_path):
    source = read.inspect(FIX / "typeform_top3.csv")
    head = layout.read_head(source, "auto")
    assert (head.format, head.header_rows, head.group_titles) == ("typeform", 2, True)
    assert head.columns[1].header.startswith("What is your <em>highest</em>")
    r = cli("survey", "import", FIX / "typeform_top3.csv", "--dir", tmp_path)
    assert r.exit_code == 0, r.output
    flat = " ".join(r.output.split())
    assert "as Typeform (2 header rows: group titles above the column names;" in flat
    assert 'Ranking question: "Your priorities (highest … third highest)" (one column' in flat
    assert '"Other" ranked by 2 respondents: left out (not a pillar)' in flat
    assert "no answer" not in flat
    r = cli("survey", "import", FIX / "typeform_top3.csv", "--dir", tmp_path / "j", "--json")
    doc = json.loads(r.stdout)
    assert doc["detected"] == {
        "format": "typeform",
        "header_rows": 2,
        "group_titles": True,
        "question": "Your priorities (highest … third highest)",
        "kind": "positions",
    }
    assert doc["other_ranked"] == 2 and "no_answer_cells" not in doc


def test_a_wide_file_with_a_blank_header_cell_is_not_taken_for_group_titles():
    rows = [["respondent", "", *IDS], ["1", "x", *[str(i) for i in range(1, 11)]]]
    assert not layout.group_titles(rows)
    rows = [["", "Your priorities", "", ""], ["1", "Service", "Friction", "3"]]
    assert not layout.group_titles(rows)  # the second row is data


def test_other_columns_never_reach_the_summary_nor_the_ranking(cli, tmp_path):
    plan = layout.plan_import(read.inspect(FIX / "typeform_top3.csv"), FW, load_map(None, FW))
    assert plan.rank_columns == [1, 3, 5]  # the choices, never their "Other" text
    r = cli("survey", "import", FIX / "typeform_top3.csv", "--dir", tmp_path, "--json")
    assert r.exit_code == 0, r.output
    saved = (tmp_path / "surveys" / "typeform-top3.toml").read_text("utf-8")
    free_text = mk.TYPEFORM_OTHERS[1][1]
    assert plan.other_columns == {1: 2, 3: 4, 5: 6}
    for word in [free_text, "Parking", "Marta", "Refunds", "Other"]:
        assert word not in saved and word not in r.stdout


def test_a_chosen_other_counts_when_the_framework_has_an_item_so_named(tmp_path):
    fw_path = write(
        tmp_path,
        "fw.toml",
        'id = "four"\nname = "Four"\n'
        + "".join(
            f'[[pillars]]\nid = "{i}"\nlabel = "{label}"\n'
            for i, label in [("price", "Price"), ("speed", "Speed"), ("quality", "Quality")]
            + [("other", "Other")]
        ),
    )
    fw = load_framework(fw_path)
    data = (
        "Email,1st choice,2nd choice,3rd choice,Other\n"
        "a@example.com,Price,Other,Speed,my own\n"
        "b@example.com,Other,Quality,,free text\n"
    )
    path = write(tmp_path, "four.csv", data)
    s = import_file(path, fw).summary
    # by hand: row 1 price 1, other 2, speed 3, quality 4 (n - 1 ranked);
    # row 2 other 1, quality 2, price and speed (2 + 1 + 4) / 2 = 3.5
    assert s.respondents == 2
    assert s.all.mean_ranks() == pytest.approx([(1 + 3.5) / 2, (3 + 3.5) / 2, 3, 1.5])
    # without such an item, "Other" leaves that position unranked (and is counted)
    fw3 = load_framework(
        write(
            tmp_path, "fw3.toml", fw_path.read_text("utf-8").split('[[pillars]]\nid = "other"')[0]
        )
    )
    done = import_file(path, fw3)
    assert done.no_answer == 0 and (done.other_ranked, done.other_words) == (2, ["Other"])
    # row 1: price 1, speed 2 (closed up), quality 3; row 2: quality 1, others 2.5
    assert done.summary.all.mean_ranks() == pytest.approx([(1 + 2.5) / 2, (2 + 2.5) / 2, 2])


# -- [positions] in the map file -----------------------------------------------------------

PICKS = (
    "Name,Top pick,Runner-up,Bronze,Comment\n"
    "Ana,Customer service,Friction,Products,ok\n"
    "Bo,Products,Customer service,Digital,\n"
    "Cy,Friction,,,\n"
)


def test_positions_in_the_map_name_columns_by_header_or_number(tmp_path):
    path = write(tmp_path, "picks.csv", PICKS)
    orders = [["service", "friction", "products"], ["products", "service", "digital"]]
    orders.append(["friction"])
    count, means = hand_means(orders)
    for body in (
        '"Top pick" = 1\n"Runner-up" = 2\n"Bronze" = 3\n',
        '"2" = 1\n"3" = 2\n"4" = 3\n',
        '"top  PICK" = 1\n"3" = 2\n"Bronze" = 3\n',
    ):
        mapfile = write(tmp_path, "map.toml", "[positions]\n" + body)
        s = import_file(path, FW, cmap=load_map(mapfile, FW)).summary
        assert s.respondents == count == 3
        assert s.all.mean_ranks() == pytest.approx(means)


def test_without_positions_the_error_offers_the_lines_to_copy(cli, tmp_path):
    path = write(tmp_path, "picks.csv", PICKS)
    result = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert result.exit_code == 1
    line = " ".join(result.output.split())
    assert "hold pillar names, one per cell" in line
    assert '[positions] "Top pick" = 1; "Runner-up" = 2; "Bronze" = 3' in line
    assert '"Name"' not in line.split("hold pillar names")[0].split("questions seen")[0]


def map_fails(cli, tmp_path, export, body):
    mapfile = write(tmp_path, "map.toml", body)
    result = cli("survey", "import", export, "--map", mapfile, "--dir", tmp_path / "store")
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert not (tmp_path / "store" / "surveys").exists()
    return lines[0], mapfile


@pytest.mark.parametrize(
    "body,line,expected",
    [
        (
            '[positions]\n"Top pick" = 0\n',
            2,
            "0 is not a rank position: give a whole number from 1 to 10",
        ),
        ('[positions]\n"Top pick" = 11\n', 2, "11 is not a rank position"),
        ('[positions]\n"Top pick" = "1"\n', 2, "'1' is not a rank position"),
        ('[positions]\n"Top pick" = 1.5\n', 2, "1.5 is not a rank position"),
        ('[positions]\n"Top pick" = true\n', 2, "True is not a rank position"),
        (
            '[positions]\n"Top pick" = 1\n"Runner-up" = 1\n',
            3,
            'position 1 is also given to "Top pick": each position belongs to one column',
        ),
        (
            '[positions]\n"Top pick" = 1\n"Silver" = 2\n',
            3,
            'picks.csv has no column headed "Silver"',
        ),
        (
            '[positions]\n"Top pick" = 1\n"9" = 2\n',
            3,
            "picks.csv has no column 9 (it has 5 columns)",
        ),
        (
            '[positions]\n"Top pick" = 1\n"top pick" = 2\n',
            3,
            "names a column already given a position",
        ),
    ],
)
def test_bad_positions_name_the_map_file_line_and_key(cli, tmp_path, body, line, expected):
    export = write(tmp_path, "picks.csv", PICKS)
    text, mapfile = map_fails(cli, tmp_path, export, body)
    assert text.startswith(f"error: {mapfile}:{line}: positions.")
    assert expected in text


def test_positions_must_be_a_table(cli, tmp_path):
    export = write(tmp_path, "picks.csv", PICKS)
    text, mapfile = map_fails(cli, tmp_path, export, "positions = 3\n")
    assert text.startswith(f"error: {mapfile}: positions: must be a table of")


def test_two_columns_with_the_header_a_position_names(cli, tmp_path):
    export = write(tmp_path, "twice.csv", "Pick,Pick,x\nService,Friction,1\n")
    text, mapfile = map_fails(cli, tmp_path, export, '[positions]\n"Pick" = 1\n')
    assert f"{mapfile}:2: positions." in text
    assert 'twice.csv has several columns headed "Pick" (columns 1, 2)' in text
    assert "or the column number counting from 1" in text


# -- metadata is never proposed as a pillar ------------------------------------------------


def test_limesurvey6_codes_say_which_values_to_map_never_the_metadata(cli, tmp_path):
    path = write(tmp_path, "ls6.csv", mk.limesurvey6(codes=True))
    result = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert result.exit_code == 1
    line = " ".join(result.output.split())
    assert "[values]" in line and '"AO01" = "<pillar id>"' in line
    for meta in ("Antwort ID", "Letzte Seite", "Zufallsstartwert", "Datum"):
        assert meta not in line


def test_nine_pillars_beside_german_metadata_never_propose_the_metadata(cli, tmp_path):
    head = "Antwort ID,Letzte Seite,Startsprache," + ",".join(IDS[:9])
    rows = [
        f"{i},{1 + i % 3},de," + ",".join(str((j + i) % 9 + 1) for j in range(9)) for i in range(4)
    ]
    path = write(tmp_path, "nine.csv", head + "\n" + "\n".join(rows) + "\n")
    result = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert result.exit_code == 1
    line = " ".join(result.output.split())
    assert "pillars with no column in the ranking (1): reputation" in line
    assert "Antwort ID" not in line and "Letzte Seite" not in line


# -- errors that lead to the fix -----------------------------------------------------------


def map_pairs(line, table):
    """The "name" = value pairs an error offers after [table], as a dict."""
    part = line.split(f"[{table}] ", 1)[1].split(" and pass --map", 1)[0]
    pairs = re.findall(r'"((?:[^"\\]|\\.)*)" = ("[^"]*"|\d+)', part)
    return [(json.loads(f'"{k}"'), json.loads(v)) for k, v in pairs]


def test_unknown_cell_values_give_values_lines_that_work_when_copied(cli, tmp_path):
    """Forms "A;B;C;" cells: [values] with the texts exactly as written, a guess where a
    pillar has a similar label; filled in, the lines make the import work."""
    items = {
        "The customer service you receive": "service",
        'Ads that "speak" to you': "advertising",
        "Ease of getting things done": "friction",
    }
    rows = ["ID,Start time,Completion time,Email,Name,Rank these"]
    orders = [list(items), list(items)[::-1], list(items)[1:]]
    for i, order in enumerate(orders, 1):
        cell = "".join(f"{t};" for t in order).replace('"', '""')
        rows.append(f'{i},3/27/26 19:06,3/27/26 19:09,x{i}@example.com,X,"{cell}"')
    path = write(tmp_path, "forms.csv", "\n".join(rows) + "\n")
    fw = load_framework(
        write(
            tmp_path,
            "fw.toml",
            'id = "three"\nname = "Three"\n'
            '[[pillars]]\nid = "service"\nlabel = "Customer service they receive"\n'
            '[[pillars]]\nid = "advertising"\nlabel = "Advertising"\n'
            '[[pillars]]\nid = "friction"\nlabel = "Friction"\naliases = ["Ease"]\n',
        )
    )
    result = cli(
        "survey", "import", path, "--framework", tmp_path / "fw.toml", "--dir", tmp_path / "s"
    )
    assert result.exit_code == 1
    line = " ".join(result.output.split())
    pairs = map_pairs(line, "values")
    assert {k for k, _ in pairs} == set(items)  # quoted exactly, quotes and all
    guessed = dict(pairs)
    assert guessed["The customer service you receive"] == "service"
    assert guessed["Ease of getting things done"] == "friction"
    filled = "[values]\n" + "".join(f"{json.dumps(k)} = {json.dumps(items[k])}\n" for k, _ in pairs)
    mapfile = write(tmp_path, "map.toml", filled)
    s = import_file(path, fw, cmap=load_map(mapfile, fw)).summary
    assert s.respondents == 3


def test_unknown_column_names_give_columns_lines(cli, tmp_path):
    header = ",".join(IDS).replace("service", "The customer service you got")
    header = header.replace("friction", "Getting things done")
    path = write(tmp_path, "w.csv", f"{header}\n1,2,3,4,5,6,7,8,9,10\n2,1,3,4,5,6,7,8,9,10\n")
    result = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert result.exit_code == 1
    line = " ".join(result.output.split())
    # a guess where a label is alike, the placeholder where none is
    assert '[columns] "The customer service you got" = "service"' in line
    assert '"Getting things done" = "<pillar id>"' in line


def test_no_ranking_says_the_format_the_header_rows_and_distinct_questions(cli, tmp_path):
    data = (
        "StartDate,How satisfied are you with the price?,How satisfied are you with the speed?,"
        "How satisfied are you with the staff?\n2026-01-01,4,5,3\n2026-01-02,2,2,5\n"
    )
    path = write(tmp_path, "sat.csv", data)
    result = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert result.exit_code == 1
    line = " ".join(result.output.split())
    assert "(read as plain wide CSV, 1 header row; questions seen: " in line
    assert '"price", "speed", "staff"' in line  # the words they share stripped
    assert "StartDate" not in line  # never "map the first column"
    assert "[positions]" in line and "--framework" in line


def test_position_like_columns_with_a_gap_give_positions_lines(cli, tmp_path):
    path = write(tmp_path, "gap.csv", "Name,Choice 1,Choice 3\nAna,Price,Speed\n")
    result = cli("survey", "import", path, "--dir", tmp_path / "s")
    line = " ".join(result.output.split())
    assert 'columns "Choice 1", "Choice 3" look like rank positions' in line
    assert '[positions] "Choice 1" = 1; "Choice 3" = 3' in line


def test_several_candidate_questions_get_fragments_that_tell_them_apart(cli, tmp_path):
    labels = [p.label for p in FW.pillars]
    header = (
        ",".join(
            f"Please rank these parts of your experience before the visit [{label}]"
            for label in labels
        )
        + ","
        + ",".join(
            f"Please rank these parts of your experience after the visit [{label}]"
            for label in labels
        )
    )
    row = ",".join(str(i) for i in range(1, 11))
    path = write(tmp_path, "two.csv", f"{header}\n{row},{row}\n")
    result = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert result.exit_code == 1
    line = " ".join(result.output.split())
    assert '2 questions look like the ranking ("before"; "after")' in line
    assert "add --question before, or --question after" in line
    ok = cli("survey", "import", path, "--dir", tmp_path / "s", "--question", "after")
    assert ok.exit_code == 0, ok.output


def test_fragments_are_never_identical():
    texts = ["Rank these parts", "Rank these parts", "Rank these other parts"]
    frags = layout.distinct_fragments(texts)
    assert frags[2] != frags[0]
    two = [
        layout.Candidate("per-item", "QID2", "Rank these parts", [layout.Column(0, "Q2_1 A", ())]),
        layout.Candidate("per-item", "QID3", "Rank these parts", [layout.Column(5, "Q3_1 A", ())]),
    ]
    told = layout._telling_fragments(two)
    assert len(set(told)) == 2
    for cand, frag in zip(two, told):
        assert [c for c in two if layout._matches_fragment(c, frag)] == [cand]


needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data not present")


@needs_shared
@pytest.mark.parametrize(
    "path,expected",
    [
        (
            "qualtrics/QualtricsTools_legacy2016_rankorder_DND_RB.csv",
            '"This is a drag and drop rank order question" looks like a ranking of 3 items',
        ),
        (
            "surveyjs/surveyjs_ranking_e2e_fixture.json",
            'looks like a ranking of 7 items, not of the 10 pillars: "Price", "Battery life"',
        ),
        (
            "limesurvey/LimeSurvey192_ExportResultsTest_short_codes.csv",
            '[values] "A1" = "<pillar id>"; "A2" = "<pillar id>"; "A3" = "<pillar id>"; '
            '"A4" = "<pillar id>" and pass --map FILE (or, if the survey ranked other items '
            "than the pillars, pass --framework FILE with those 4 items)",
        ),
        ("qualtrics/qualtRics_sample_v3header_de.csv", "read as Qualtrics, 3 header rows"),
        ("surveymonkey/fivethirtyeight_steak_risk.csv", "read as SurveyMonkey, 2 header rows"),
    ],
)
def test_the_real_exports_say_what_to_add(path, expected):
    with pytest.raises(CxError) as err:
        import_file(SHARED / path, FW)
    text = str(err.value)
    assert expected in text
    assert "StartDate" not in text and "Start Date" not in text and "V1 " not in text


@needs_shared
def test_the_real_qualtrics_pair_gets_fragments_that_pick_each():
    fw = load_framework(FIX / "frameworks" / "qualtrics_items.toml")
    path = SHARED / "qualtrics" / "QualtricsTools_legacy2016_rankorder_DND_RB.csv"
    with pytest.raises(CxError) as err:
        import_file(path, fw)
    text = str(err.value)
    assert '2 questions look like the ranking ("drag and drop"; "radio button")' in text
    assert 'add --question "drag and drop", or --question "radio button"' in text


def test_surveymonkey_top3_as_three_questions_with_an_other_column(tmp_path):
    """SurveyMonkey: three single-choice questions, "Response" beneath each, and an
    "Other (please specify)" column after the last one."""
    rows = [
        ["Respondent ID", "Start Date", "Which matters most to you? - 1st choice"]
        + ["Which matters most to you? - 2nd choice", "Which matters most to you? - 3rd choice"]
        + ["", "Anything else?"],
        [
            "",
            "",
            "Response",
            "Response",
            "Response",
            "Other (please specify)",
            "Open-Ended Response",
        ],
        ["1", "7/10/14", "Customer service", "Friction", "Products", "", "no"],
        ["2", "7/10/14", "Products", "Other", "Digital", "my parking", ""],
        ["3", "7/10/14", "", "", "", "", ""],
    ]
    path = write(tmp_path, "sm.csv", "".join(",".join(r) + "\n" for r in rows))
    done = import_file(path, FW)
    assert (done.summary.format, done.plan.kind) == ("surveymonkey", "positions")
    count, means = hand_means([["service", "friction", "products"], ["products", "digital"]])
    assert done.summary.respondents == count == 2
    assert done.summary.all.mean_ranks() == pytest.approx(means)
    assert done.no_answer == 0 and done.other_ranked == 1  # the chosen "Other"
    assert done.plan.rank_columns == [2, 3, 4]


def test_qualtrics_top3_as_three_single_choice_questions(tmp_path):
    rows = [
        ["StartDate", "ResponseId", "Q1", "Q2", "Q3", "Q3_4_TEXT"],
        ["Start Date", "Response ID", "Most important to you", "Second most important to you"]
        + ["Third most important to you", "Third most important to you - Other - Text"],
        ['"{""ImportId"":""startDate""}"', '"{""ImportId"":""_recordId""}"']
        + [f'"{{""ImportId"":""QID{i}""}}"' for i in (1, 2, 3)]
        + ['"{""ImportId"":""QID3_4_TEXT""}"'],
        ["2026-01-01", "R_1", "Customer service", "Friction", "Products", ""],
        ["2026-01-01", "R_2", "Digital", "Products", "Other", "a shop"],
    ]
    path = write(tmp_path, "q.csv", "".join(",".join(r) + "\n" for r in rows))
    done = import_file(path, FW)
    assert (done.summary.format, done.plan.header_rows, done.plan.kind) == (
        "qualtrics",
        3,
        "positions",
    )
    count, means = hand_means([["service", "friction", "products"], ["digital", "products"]])
    assert done.summary.respondents == count
    assert done.summary.all.mean_ranks() == pytest.approx(means)
    assert done.plan.question == "Most important to you … Third most important"


def test_two_long_questions_differing_at_the_end_get_different_fragments(cli, tmp_path):
    """Both texts run past what the screen shows; the fragments come from the words
    that differ, and each picks its question."""
    stem = "Please rank these parts of your experience with us from the most to the least important"
    header = [f"{stem}; thinking of your first visit [{p.label}]" for p in FW.pillars]
    header += [f"{stem}; thinking of your last visit [{p.label}]" for p in FW.pillars]
    ranks = [str(i) for i in range(1, 11)]
    path = write(
        tmp_path, "long.csv", ",".join(header) + "\n" + ",".join(ranks + ranks[::-1]) + "\n"
    )
    result = cli("survey", "import", path, "--dir", tmp_path / "s")
    assert result.exit_code == 1
    line = " ".join(result.output.split())
    assert '2 questions look like the ranking ("first"; "last")' in line
    for word in ("first", "last"):
        ok = cli("survey", "import", path, "--dir", tmp_path / word, "--question", word)
        assert ok.exit_code == 0, ok.output


def test_a_blank_choice_with_its_other_text_is_the_other_item(tmp_path):
    """Typeform may leave the choice blank and hold the text in its "Other" column."""
    fw = load_framework(
        write(
            tmp_path,
            "fw.toml",
            'id = "four"\nname = "Four"\n'
            + "".join(
                f'[[pillars]]\nid = "{i}"\nlabel = "{i.title()}"\n'
                for i in ("price", "speed", "quality", "other")
            ),
        )
    )
    data = (
        "#,Your highest priority,Other,Your second highest priority,Other\n"
        "a1,Price,,,faster checkout\n"  # other 2nd
        "a2,Other,my words,Speed,\n"  # other 1st, said in so many words
        "a3,Quality,,Price,\n"
    )
    path = write(tmp_path, "tf.csv", data)
    s = import_file(path, fw).summary
    # by hand: a1 price 1, other 2, speed and quality (2 + 1 + 4) / 2 = 3.5;
    # a2 other 1, speed 2, 3.5 each else; a3 quality 1, price 2, 3.5 each else
    assert s.respondents == 3 and not s.skipped
    assert s.all.mean_ranks() == pytest.approx(
        [(1 + 3.5 + 2) / 3, (3.5 + 2 + 3.5) / 3, (3.5 + 3.5 + 1) / 3, (2 + 1 + 3.5) / 3]
    )


@pytest.mark.parametrize(
    "question",
    [
        "Jak bardzo prawdopodobne jest, że polecisz nas znajomemu?",
        "Czy poleciłbyś nas znajomemu lub współpracownikowi?",
        "Na ile prawdopodobne jest, że polecisz naszą firmę?",
        "Gotowość polecenia (0-10)",
        "Czy mógłbyś polecić nas innym?",
    ],
)
def test_polish_recommend_questions_are_nps(question):
    from cx_pillars.survey.layout import NPS_WORDS

    assert NPS_WORDS.search(question), question


@pytest.mark.parametrize(
    "stamp",
    ["Timestamp", "Sygnatura czasowa", "Zeitstempel", "Marca temporal", "Horodateur"]
    + ["时间戳记", "時間戳記"],
)
def test_google_forms_in_any_ui_language(stamp):
    """Google Forms names its first column "Timestamp" in the account's UI language."""
    rows = [[stamp, "Adres e-mail", "Pierwszy wybór"], ["2026-04-01 10:00:00", "a@b.pl", "x"]]
    assert layout.detect_format(rows, "auto") == ("google-forms", 1)
    assert vocabulary.is_metadata(stamp)
    other = [["Zeitpunkt", *rows[0][1:]], rows[1]]  # a question's own first column
    assert layout.detect_format(other, "auto") == ("wide", 1)
