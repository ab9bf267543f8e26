"""The words exports use around their columns, per language, in one place.

* :data:`POSITION_PHRASES`: how a column says it holds the item chosen for rank k
  ("[Rank 2]", "2nd choice", "second highest priority", "drugi wybór", "第二选择").
  :func:`position_of` finds the phrase in a header and gives k and the rest of the
  header (the question text around the phrase, which tells the questions apart).
* :data:`METADATA`: the columns survey tools add by themselves (ids, dates, pages,
  languages, seeds, IP addresses), in the languages the tools write them; such a
  column is never proposed as a pillar (:func:`is_metadata`).
* :data:`OTHER`: "Other (please specify)" and the like (:func:`is_other`): the free
  text columns beside the choices, and the answer "Other".

Headers and answers are compared case-folded, NFKC-normalised (full-width forms
become ASCII), with runs of spaces as one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# -- rank positions ---------------------------------------------------------------------------

#: Ordinal words per language: the word -> k.
ORDINALS: dict[str, dict[str, int]] = {
    "en": {
        word: k
        for k, word in enumerate(
            (
                "first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
                "nineteenth twentieth"
            ).split(),
            1,
        )
    },
    "pl": {
        word: k
        for k, forms in enumerate(
            (
                "pierwszy pierwsza pierwsze pierwszym pierwszej",
                "drugi druga drugie drugim drugiej",
                "trzeci trzecia trzecie trzecim trzeciej",
                "czwarty czwarta czwarte czwartym czwartej",
                "piąty piąta piąte piątym piątej",
                "szósty szósta szóste szóstym szóstej",
                "siódmy siódma siódme siódmym siódmej",
                "ósmy ósma ósme ósmym ósmej",
                "dziewiąty dziewiąta dziewiąte dziewiątym dziewiątej",
                "dziesiąty dziesiąta dziesiąte dziesiątym dziesiątej",
            ),
            1,
        )
        for word in forms.split()
    },
    # Chinese numerals 1-20 (Simplified and Traditional write them alike).
    "zh": {
        word: k
        for k, word in enumerate(
            (
                "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十"
            ).split(),
            1,
        )
    }
    | {"两": 2, "兩": 2},
}

#: Per language, the phrases that give a column's rank position.  ``{n}`` stands for a
#: number (1-30), ``{nth}`` for an English ordinal number (1st, 2nd, 23rd), ``{ord}``
#: for an ordinal word of the language (second, drugi, 二 / 2 after 第); a phrase
#: ending in ``= k`` names position k itself ("most important = 1").
POSITION_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "ranking {n}",
        "ranked {n}",
        "rank {n}",
        "rank #{n}",
        "rank no. {n}",
        "rank number {n}",
        "{nth} rank",
        "{nth} ranked",
        "{ord} rank",
        "{ord} ranked",
        "position {n}",
        "position #{n}",
        "{nth} position",
        "{ord} position",
        "{nth} place",
        "{ord} place",
        "place {n}",
        "{nth} choice",
        "{ord} choice",
        "choice {n}",
        "choice #{n}",
        "{nth} preference",
        "{ord} preference",
        "preference {n}",
        "priority {n}",
        "priority #{n}",
        "{nth} priority",
        "{nth} most important",
        "{ord} most important",
        "{nth} highest",
        "{ord} highest",
        "{ord} priority",
        "{nth} favourite",
        "{ord} favourite",
        "{nth} favorite",
        "{ord} favorite",
        "most important = 1",
        "highest = 1",
        "top choice = 1",
        "top priority = 1",
        "favourite = 1",
        "favorite = 1",
        "#{n} choice",
        "#{n} priority",
        # German, with numbers only (no ordinal words): LimeSurvey's [Rang k] in a
        # German survey, and the usual words of a hand-made one.
        "rang {n}",
        "{n}. rang",
        "platz {n}",
        "{n}. platz",
        "{n}. wahl",
        "wahl {n}",
        "priorität {n}",
        "{n}. priorität",
    ),
    "pl": (
        "{ord} wybór",
        "wybór {n}",
        "wybór nr {n}",
        "{n}. wybór",
        "{n}. miejsce",
        "miejsce {n}",
        "miejsce nr {n}",
        "{ord} miejsce",
        "na {ord} miejscu",
        "{ord} najważniejszy",
        "{ord} najważniejsza",
        "{ord} najważniejsze",
        "najważniejszy = 1",
        "najważniejsza = 1",
        "najważniejsze = 1",
        "pozycja {n}",
        "pozycja nr {n}",
        "{n}. pozycja",
        "{ord} pozycja",
        "ranga {n}",
        "{ord} ranga",
        "priorytet {n}",
        "{ord} priorytet",
        "{ord} w kolejności",
    ),
    "zh": (
        "第{ord}选择",
        "第{ord}選擇",
        "第{ord}选项",
        "第{ord}選項",
        "第{ord}名",
        "第{ord}位",
        "第{ord}重要",
        "第{ord}优先",
        "第{ord}優先",
        "第{ord}志愿",
        "第{ord}志願",
        "排名第{ord}",
        "排名{n}",
        "排序{n}",
        "排序第{ord}",
        "名次{n}",
        "最重要 = 1",
        "首选 = 1",
        "首選 = 1",
        "最优先 = 1",
        "最優先 = 1",
    ),
}

MAX_POSITION = 30


_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")


def plain(text: str) -> str:
    """A header as words: HTML tags dropped (Typeform and SurveyMonkey write ``<em>``,
    ``<br>``), NFKC (full-width forms as ASCII), runs of spaces as one."""
    text = _TAG.sub(" ", text) if "<" in text else text
    return " ".join(unicodedata.normalize("NFKC", text).split())


def key(text: str) -> str:
    """How header words are compared: :func:`plain`, case-folded."""
    return " ".join(plain(text).casefold().split())


def _alternation(words: dict[str, int]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Phrase:
    pattern: re.Pattern[str]
    fixed: int | None  # the k of "most important = 1"
    lang: str
    text: str


def _compile(lang: str, phrase: str) -> _Phrase:
    fixed = None
    if " = " in phrase:
        phrase, _, k = phrase.rpartition(" = ")
        fixed = int(k)
    ords = ORDINALS["zh" if lang == "zh" else lang]
    parts = re.split(r"(\{n\}|\{nth\}|\{ord\})", phrase)
    out = []
    for part in parts:
        if part == "{n}" and lang == "zh":  # 排名 1 as well as 排名1
            out.append(r"\s*(?P<n>\d{1,2})")
        elif part == "{n}":
            out.append(r"(?P<n>\d{1,2})")
        elif part == "{nth}":
            out.append(r"(?P<n>\d{1,2})\s*(?:st|nd|rd|th)")
        elif part == "{ord}":
            if lang == "zh":
                out.append(rf"(?P<ord>\d{{1,2}}|{_alternation(ords)})")
            else:
                out.append(rf"(?P<ord>{_alternation(ords)})")
        else:
            out.append(r"\s*".join(re.escape(w) for w in part.split(" ")) if part else "")
    body = "".join(out)
    if lang == "zh":  # no spaces between Chinese words
        pattern = body
    else:  # whole words; "_" and digits count as word characters
        pattern = rf"(?<![\w#]){body}(?!\w)"
    return _Phrase(re.compile(pattern, re.IGNORECASE), fixed, lang, phrase)


PHRASES: tuple[_Phrase, ...] = tuple(
    _compile(lang, p) for lang, phrases in POSITION_PHRASES.items() for p in phrases
)


@dataclass(frozen=True)
class Position:
    k: int
    rest: str  # the header without the phrase: the question around it
    phrase: str  # the phrase as it stands in the header


def _value(m: re.Match[str], phrase: _Phrase) -> int | None:
    if phrase.fixed is not None:
        return phrase.fixed
    groups = m.groupdict()
    if groups.get("n"):
        return int(groups["n"])
    word = groups.get("ord")
    if word:
        if word.isdecimal():
            return int(word)
        return ORDINALS["zh" if phrase.lang == "zh" else phrase.lang].get(word.casefold())
    return None


@lru_cache(maxsize=4096)
def position_of(header: str) -> Position | None:
    """The rank position a header names, with the rest of the header; None if none.

    The longest phrase wins ("second highest" over "highest"); a header naming two
    different positions names none.
    """
    text = plain(header)
    if not text:
        return None
    best: tuple[int, int, int, int] | None = None  # (-length, start, end, k)
    ks: set[int] = set()
    for phrase in PHRASES:
        for m in phrase.pattern.finditer(text):
            k = _value(m, phrase)
            if k is None or not 1 <= k <= MAX_POSITION:
                continue
            cand = (-(m.end() - m.start()), m.start(), m.end(), k)
            if best is None or cand < best:
                best = cand
    if best is None:
        return None
    _, start, end, k = best
    # Another phrase elsewhere in the header naming another position: not a position.
    for phrase in PHRASES:
        for m in phrase.pattern.finditer(text):
            if m.end() <= start or m.start() >= end:
                other = _value(m, phrase)
                if other is not None and other != k:
                    ks.add(other)
    if ks:
        return None
    rest = (text[:start] + " " + text[end:]).strip()
    rest = re.sub(r"\s+([?:.!,;)])", r"\1", " ".join(rest.split()))
    rest = re.sub(r"^[\s:\-–—,.()\[\]#]+|[\s:\-–—,(\[#]+$", "", rest)
    return Position(k, rest, text[start:end])


# -- metadata columns -------------------------------------------------------------------------

#: Columns survey tools add themselves, per language of the export (LimeSurvey,
#: Qualtrics, SurveyMonkey, Google and Microsoft Forms, Typeform, Formbricks).
METADATA: dict[str, tuple[str, ...]] = {
    "en": (
        "id",
        "#",
        "no.",
        "response id",
        "responseid",
        "respondent id",
        "respondentid",
        "collector id",
        "submitdate",
        "date submitted",
        "submitted at",
        "submit date (utc)",
        "start date (utc)",
        "stage date (utc)",
        "network id",
        "response type",
        "lastpage",
        "last page",
        "last page seen",
        "startlanguage",
        "start language",
        "start-language",
        "seed",
        "startdate",
        "start date",
        "date started",
        "datestamp",
        "date last action",
        "enddate",
        "end date",
        "ipaddr",
        "ip address",
        "ipaddress",
        "refurl",
        "referrer url",
        "referer url",
        "completed",
        "token",
        "start time",
        "completion time",
        "last modified time",
        "email",
        "e-mail",
        "email address",
        "name",
        "timestamp",
        "username",
        "status",
        "progress",
        "duration (in seconds)",
        "duration",
        "finished",
        "recordeddate",
        "recorded date",
        "recipientlastname",
        "recipient last name",
        "recipientfirstname",
        "recipient first name",
        "recipientemail",
        "recipient email",
        "externalreference",
        "external reference",
        "externaldatareference",
        "external data reference",
        "locationlatitude",
        "location latitude",
        "locationlongitude",
        "location longitude",
        "locationaccuracy",
        "distributionchannel",
        "distribution channel",
        "userlanguage",
        "user language",
        "responseset",
        "response set",
        "first name",
        "last name",
        "custom data 1",
        "custom data",
        "tags",
        "survey id",
        "formbricks id (internal)",
        "user id",
        "total points",
        "quiz feedback",
    ),
    "de": (
        "antwort id",
        "antwort-id",
        "antwortid",
        "datum abgeschickt",
        "letzte seite",
        "startsprache",
        "start-sprache",
        "zufallsstartwert",
        "datum gestartet",
        "datum letzte aktivität",
        "ip-adresse",
        "verweis-url",
        "anfangsdatum",
        "enddatum",
        "antworttyp",
        "fortschritt",
        "aktueller stand",
        "dauer (in sekunden)",
        "beendet",
        "erfassungsdatum",
        "nachname des empfängers",
        "vorname des empfängers",
        "e-mail-adresse des empfängers",
        "e-mail des empfängers",
        "externe referenz",
        "externe datenreferenz",
        "breitengrad des standorts",
        "längengrad des standorts",
        "standortgenauigkeit",
        "vertriebskanal",
        "verteilungskanal",
        "benutzersprache",
        "startzeit",
        "fertigstellungszeit",
        "abschlusszeit",
        "e-mail-adresse",
        "zeitpunkt der letzten änderung",
        "zeitstempel",
        "benutzername",
    ),
    "fr": (
        "id de la réponse",
        "id de réponse",
        "identifiant de la réponse",
        "date de soumission",
        "date d'envoi",
        "dernière page",
        "langue de départ",
        "langue de démarrage",
        "graine",
        "date de début",
        "date de fin",
        "date de la dernière action",
        "adresse ip",
        "url de référence",
        "url référente",
        "heure de début",
        "heure de fin",
        "adresse e-mail",
        "adresse électronique",
        "courriel",
        "nom",
        "heure de la dernière modification",
        "horodateur",
        "horodatage",
        "type de réponse",
        "progression",
        "durée (en secondes)",
        "terminé",
        "date d'enregistrement",
        "langue de l'utilisateur",
    ),
    "es": (
        "id de respuesta",
        "id de la respuesta",
        "fecha de envío",
        "última página",
        "idioma inicial",
        "idioma de inicio",
        "semilla",
        "fecha de inicio",
        "fecha de finalización",
        "fecha de la última acción",
        "dirección ip",
        "url de referencia",
        "hora de inicio",
        "hora de finalización",
        "correo electrónico",
        "dirección de correo electrónico",
        "nombre",
        "hora de la última modificación",
        "marca temporal",
        "marca de tiempo",
        "tipo de respuesta",
        "progreso",
        "duración (en segundos)",
        "finalizado",
        "fecha registrada",
        "fecha de registro",
        "idioma del usuario",
    ),
    "pl": (
        "id odpowiedzi",
        "identyfikator odpowiedzi",
        "data wysłania",
        "data przesłania",
        "ostatnia strona",
        "język początkowy",
        "język startowy",
        "ziarno",
        "data rozpoczęcia",
        "data zakończenia",
        "data ostatniej akcji",
        "data ostatniej aktywności",
        "adres ip",
        "odsyłający url",
        "adres url odsyłający",
        "godzina rozpoczęcia",
        "godzina ukończenia",
        "czas rozpoczęcia",
        "czas ukończenia",
        "czas zakończenia",
        "adres e-mail",
        "e-mail",
        "nazwa",
        "imię i nazwisko",
        "godzina ostatniej modyfikacji",
        "czas ostatniej modyfikacji",
        "sygnatura czasowa",
        "znacznik czasu",
        "typ odpowiedzi",
        "postęp",
        "czas trwania (w sekundach)",
        "ukończono",
        "zakończono",
        "data zarejestrowania",
        "język użytkownika",
        "nazwa użytkownika",
    ),
    "zh-Hans": (
        "回复id",
        "回复 id",
        "响应id",
        "响应 id",
        "答卷id",
        "答卷编号",
        "编号",
        "序号",
        "提交日期",
        "提交时间",
        "最后页面",
        "最后一页",
        "起始语言",
        "开始语言",
        "随机种子",
        "种子",
        "开始日期",
        "结束日期",
        "最后操作日期",
        "最后活动日期",
        "ip地址",
        "ip 地址",
        "来源url",
        "引用url",
        "开始时间",
        "完成时间",
        "结束时间",
        "电子邮件",
        "电子邮件地址",
        "邮箱",
        "名称",
        "姓名",
        "上次修改时间",
        "最后修改时间",
        "时间戳",
        "进度",
        "持续时间(秒)",
        "用时",
        "已完成",
        "记录日期",
        "回复类型",
        "用户语言",
    ),
    "zh-Hant": (
        "回覆id",
        "回覆 id",
        "回應id",
        "回應 id",
        "答卷編號",
        "編號",
        "提交日期",
        "提交時間",
        "最後頁面",
        "最後一頁",
        "起始語言",
        "開始語言",
        "隨機種子",
        "種子",
        "開始日期",
        "結束日期",
        "最後動作日期",
        "最後活動日期",
        "ip位址",
        "ip 位址",
        "來源url",
        "參照url",
        "開始時間",
        "完成時間",
        "結束時間",
        "電子郵件",
        "電子郵件地址",
        "名稱",
        "上次修改時間",
        "最後修改時間",
        "時間戳記",
        "進度",
        "持續時間(秒)",
        "已完成",
        "記錄日期",
        "回覆類型",
        "使用者語言",
    ),
}

#: The first column of a Google Forms export, "Timestamp" in the UI language of the
#: account that downloaded it (English, Polish, German, Spanish, French, Italian,
#: Portuguese, Dutch, Chinese Simplified and Traditional, Japanese).
GOOGLE_FORMS_TIMESTAMPS: tuple[str, ...] = (
    "timestamp",
    "sygnatura czasowa",
    "zeitstempel",
    "marca temporal",
    "horodateur",
    "informazioni cronologiche",
    "carimbo de data/hora",
    "tijdstempel",
    "时间戳记",
    "時間戳記",
    "タイムスタンプ",
)
METADATA["google"] = GOOGLE_FORMS_TIMESTAMPS

#: Of those, the ones holding the date of the response, most telling first (for the
#: year that turns ages into generations).
DATE_METADATA: tuple[str, ...] = (
    "recordeddate",
    "recorded date",
    "enddate",
    "end date",
    "submitdate",
    "date submitted",
    "submit date (utc)",
    "completion time",
    "timestamp",
    "startdate",
    "start date",
    "start time",
    "start date (utc)",
    "datestamp",
    "date last action",
    "datum abgeschickt",
    "datum gestartet",
    "erfassungsdatum",
    "fertigstellungszeit",
    "date de soumission",
    "fecha de envío",
    "data wysłania",
    "data rozpoczęcia",
    "godzina ukończenia",
    "czas ukończenia",
    "提交日期",
    "提交时间",
    "提交時間",
    "完成时间",
    "完成時間",
    "开始日期",
    "開始日期",
    *GOOGLE_FORMS_TIMESTAMPS[1:],
    "date",
)


def _squash(text: str) -> str:
    return re.sub(r"[\s\-_]+", "", key(text))


_METADATA_KEYS = frozenset(_squash(n) for names in METADATA.values() for n in names)


def is_metadata(header: str) -> bool:
    """A column a survey tool adds itself (an id, a date, a page, a language...)."""
    return bool(header.strip()) and _squash(header) in _METADATA_KEYS


# -- "Other" ----------------------------------------------------------------------------------

OTHER: dict[str, tuple[str, ...]] = {
    "en": (
        "other",
        "other (please specify)",
        "other (specify)",
        "other - please specify",
        "other, please specify",
        "other:",
        "something else",
    ),
    "pl": ("inne", "inne (jakie?)", "inne (proszę podać)", "inna", "inny", "coś innego"),
    "zh-Hans": ("其他", "其它", "其他(请注明)", "其他(请说明)", "其他:"),
    "zh-Hant": ("其他(請註明)", "其他(請說明)"),
    "de": ("sonstiges", "andere", "anderes", "sonstige"),
    "fr": ("autre", "autre (veuillez préciser)"),
    "es": ("otro", "otra", "otro (especifique)", "otros"),
}
_OTHER_KEYS = frozenset(key(o) for names in OTHER.values() for o in names)
_OTHER_SUFFIX = re.compile(r"\s*[-–—:]\s*(?:other|inne|其他|其它)(?:\s*\(.*\))?$")


@lru_cache(maxsize=4096)
def is_other(text: str) -> bool:
    """True for "Other", "Other (please specify)", "Inne (jakie?)", "其他（请注明）"...; also a
    column headed "<question> - Other" (the free text beside a choice)."""
    k = key(text)
    if k in _OTHER_KEYS:
        return True
    bare = re.sub(r"\s*\(.*\)$", "", k)  # "Sonstiges (bitte angeben)", "Autre (précisez)"
    if bare != k and bare in _OTHER_KEYS:
        return True
    return bool(_OTHER_SUFFIX.search(k))


#: Microsoft Forms' start and completion times (columns 2 and 3, after ID) as Forms
#: writes them in each language of its interface: they tell a Forms export.
MS_FORMS_TIMES: frozenset[tuple[str, str]] = frozenset(
    {
        ("start time", "completion time"),
        ("startzeit", "fertigstellungszeit"),
        ("godzina rozpoczęcia", "godzina ukończenia"),
        ("heure de début", "heure de fin"),
        ("hora de inicio", "hora de finalización"),
        ("开始时间", "完成时间"),
        ("開始時間", "完成時間"),
    }
)
