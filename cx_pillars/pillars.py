"""The pillar catalog: which items are rated and ranked, and what they are called.

The default catalog is ``data/ten-pillars.toml`` inside the package; a team can
use another framework with ``--framework FILE`` (same shape: ``id``, ``name``,
``[[pillars]]`` with ``id``, ``label``, optional ``question``, ``aliases``).
Positions, scores and statistics follow the number of items, 2 to 30.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from cx_pillars import DATA
from cx_pillars.errors import ValidationError
from cx_pillars.i18n import tr

DEFAULT_FRAMEWORK = "ten-pillars"
ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
MIN_ITEMS, MAX_ITEMS = 2, 30
TEXT_KEYS = ("label", "short", "question", "low", "high")


def normalise_name(text: str) -> str:
    """How names are compared when matching: NFKC, case-folded, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Pillar:
    id: str
    label: str
    short: str = ""
    question: str = ""
    low: str = ""
    high: str = ""
    aliases: tuple[str, ...] = ()
    texts: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, hash=False)

    def text(self, key: str, lang: str = "en") -> str:
        """One of label/short/question/low/high in ``lang``, falling back to English."""
        translated = self.texts.get(lang, {}).get(key)
        if translated:
            return translated
        value: str = getattr(self, key)
        if key == "short" and not value:
            return self.text("label", lang)
        return value

    def names(self) -> set[str]:
        """Every name that identifies this pillar in a survey export, normalised."""
        names = {
            self.id,
            self.id.replace("_", " "),
            self.id.replace("_", "-"),
            self.label,
            self.short,
            *self.aliases,
        }
        for texts in self.texts.values():
            names.update(texts.get(k, "") for k in ("label", "short"))
        return {normalise_name(n) for n in names if n}


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    pillars: tuple[Pillar, ...]
    source: str = "built-in"
    names: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def title(self, lang: str = "en") -> str:
        """The framework's name in ``lang`` (``names`` in the file), else its ``name``."""
        return self.names.get(lang) or self.name

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.pillars]

    @property
    def n(self) -> int:
        return len(self.pillars)

    @property
    def max_total(self) -> int:
        return 5 * self.n

    def get(self, pillar_id: str) -> Pillar:
        for p in self.pillars:
            if p.id == pillar_id:
                return p
        raise KeyError(pillar_id)

    def label(self, pillar_id: str, lang: str = "en", short: bool = False) -> str:
        return self.get(pillar_id).text("short" if short else "label", lang)

    def match(self, name: str) -> str | None:
        """The pillar id a free-text name refers to, or None (also when ambiguous)."""
        key = normalise_name(name)
        hits = [p.id for p in self.pillars if key in p.names()]
        return hits[0] if len(hits) == 1 else None

    def resolve_id(self, text: str) -> str | None:
        """A pillar given on the command line: its id, a unique id prefix, or a name."""
        key = text.strip().lower()
        if key in self.ids:
            return key
        prefixed = [i for i in self.ids if i.startswith(key)] if key else []
        if len(prefixed) == 1:
            return prefixed[0]
        return self.match(text)


MAX_NAME, MAX_TEXT = 200, 2000  # a label or name; a question or scale end


def _check_text(value: str, where: str, path: str, limit: int) -> str:
    """Labels and questions are shown in terminals and charts: one line of printable
    text (the one gate, safetext: no control or invisible character), of a sensible
    length."""
    from cx_pillars import safetext

    if len(value) > limit:
        raise ValidationError(
            tr("framework.too_long", length=len(value), limit=limit), path=path, field=where
        )
    return safetext.check(value, path=path, field=where)


def _text_table(raw: object, where: str, path: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ValidationError(tr("framework.table"), path=path, field=where)
    out: dict[str, str] = {}
    for key, value in raw.items():
        if key not in TEXT_KEYS:
            raise ValidationError(
                tr("framework.text_key", name=repr(key), keys=", ".join(TEXT_KEYS)),
                path=path,
                field=f"{where}.{key}",
            )
        if not isinstance(value, str):
            raise ValidationError(tr("framework.string"), path=path, field=f"{where}.{key}")
        out[key] = _check_text(
            value, f"{where}.{key}", path, MAX_NAME if key in ("label", "short") else MAX_TEXT
        )
    return out


def framework_from_dict(data: dict[str, Any], source: str) -> Framework:
    """Validate a parsed framework file; errors name the file and the field."""

    def need_str(obj: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        value = obj.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise ValidationError(tr("framework.non_empty"), path=source, field=where)
        leaf = where.rsplit(".", 1)[-1]
        return _check_text(
            value.strip(),
            where,
            source,
            MAX_NAME if leaf in ("id", "name", "label", "short") else MAX_TEXT,
        )

    fid = need_str(data, "id", "id")
    if not ID_PATTERN.match(fid.replace("-", "_")):
        raise ValidationError(tr("framework.id_format"), path=source, field="id")
    name = need_str(data, "name", "name")
    raw_pillars = data.get("pillars")
    if not isinstance(raw_pillars, list) or not all(isinstance(p, dict) for p in raw_pillars):
        raise ValidationError(tr("framework.pillars_list"), path=source, field="pillars")
    if not MIN_ITEMS <= len(raw_pillars) <= MAX_ITEMS:
        raise ValidationError(
            tr("framework.count", count=len(raw_pillars), low=MIN_ITEMS, high=MAX_ITEMS),
            path=source,
            field="pillars",
        )
    pillars: list[Pillar] = []
    seen_names: dict[str, str] = {}
    for i, raw in enumerate(raw_pillars, start=1):
        where = f"pillars[{i}]"
        pid = need_str(raw, "id", f"{where}.id")
        if not ID_PATTERN.match(pid):
            raise ValidationError(
                tr("framework.pillar_id", id=repr(pid)), path=source, field=f"{where}.id"
            )
        aliases = raw.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValidationError(tr("framework.aliases"), path=source, field=f"{where}.aliases")
        for k, alias in enumerate(aliases, start=1):
            _check_text(alias, f"{where}.aliases[{k}]", source, MAX_NAME)
        texts = raw.get("text", {})
        if not isinstance(texts, dict):
            raise ValidationError(tr("framework.texts"), path=source, field=f"{where}.text")
        pillar = Pillar(
            id=pid,
            label=need_str(raw, "label", f"{where}.label"),
            short=need_str(raw, "short", f"{where}.short", required=False),
            question=need_str(raw, "question", f"{where}.question", required=False),
            low=need_str(raw, "low", f"{where}.low", required=False),
            high=need_str(raw, "high", f"{where}.high", required=False),
            aliases=tuple(a.strip() for a in aliases if a.strip()),
            texts={
                lang: _text_table(t, f"{where}.text.{lang}", source) for lang, t in texts.items()
            },
        )
        unknown = set(raw) - {"id", "label", "short", "question", "low", "high", "aliases", "text"}
        if unknown:
            raise ValidationError(
                tr(
                    "framework.unknown_key_one"
                    if len(unknown) == 1
                    else "framework.unknown_key_many",
                    keys=", ".join(sorted(unknown)),
                ),
                path=source,
                field=where,
            )
        for other in pillars:
            if other.id == pid:
                raise ValidationError(
                    tr("framework.duplicate", id=repr(pid)), path=source, field=f"{where}.id"
                )
        # A name shared by two pillars would make survey matching ambiguous.
        for nm in pillar.names():
            if nm in seen_names and seen_names[nm] != pid:
                raise ValidationError(
                    tr(
                        "framework.same_name",
                        name=repr(nm),
                        first=repr(seen_names[nm]),
                        second=repr(pid),
                    ),
                    path=source,
                    field=f"{where}",
                )
            seen_names[nm] = pid
        pillars.append(pillar)
    names = data.get("names", {})
    if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
        raise ValidationError(tr("framework.names"), path=source, field="names")
    return Framework(id=fid, name=name, pillars=tuple(pillars), source=source, names=dict(names))


@cache
def builtin_framework() -> Framework:
    text = (DATA / "ten-pillars.toml").read_text("utf-8")
    return framework_from_dict(tomllib.loads(text), source="built-in")


def load_framework(path: Path | str | None) -> Framework:
    """The framework to use: the built-in ten pillars, or the file given."""
    if path is None:
        return builtin_framework()
    from cx_pillars.files import load_toml

    _, data = load_toml(path, "framework file")
    return framework_from_dict(data, source=str(path))
