"""The ``config`` command: the user's own settings (:mod:`cx_pillars.config`)."""

from __future__ import annotations

from typing import Annotated

import typer

from cx_pillars.cli.common import handles_errors, language

config_app = typer.Typer(
    help="Your own defaults (store folder, language, team, framework), so that nobody "
    "types --dir every time. Without a subcommand: what is set and where it comes from.",
    invoke_without_command=True,
    rich_markup_mode=None,
)

KeyArg = Annotated[str, typer.Argument(metavar="KEY", help="dir, lang, team or framework.")]


def _check_key(key: str, lang: str) -> str:
    from cx_pillars import config
    from cx_pillars.i18n import t

    if key not in config.KEYS:
        raise typer.BadParameter(
            t("config.unknown_key", lang, key=key, keys=", ".join(config.KEYS)), param_hint="KEY"
        )
    return key


@config_app.callback()
@handles_errors
def show(ctx: typer.Context) -> None:
    """What is set and where each value comes from (option > environment > this file >
    default).

    Example: cx-pillars config set dir /srv/cx/assessments"""
    if ctx.invoked_subcommand is not None:
        return
    from cx_pillars import config
    from cx_pillars.i18n import t

    lang = language(None)
    lines = [t("config.file", lang, path=config.path())]
    defaults = {"dir": "./assessments", "lang": lang, "team": "", "framework": "ten-pillars"}
    for key in config.KEYS:
        value, where = config.source(key)
        if value is None:
            value, where = defaults[key], t("config.default", lang)
        lines.append(f"  {key:<10} {value or '-'}  ({where})")
    print("\n".join(lines))


@config_app.command("set", no_args_is_help=True)
@handles_errors
def set_(key: KeyArg, value: Annotated[str, typer.Argument(metavar="VALUE")]) -> None:
    """Set KEY to VALUE in your config file.

    Example: cx-pillars config set lang pl"""
    from pathlib import Path

    from cx_pillars import config, i18n
    from cx_pillars.i18n import t

    lang = language(None)
    key = _check_key(key, lang)
    value = value.strip()
    if not value:
        raise typer.BadParameter(t("config.empty", lang), param_hint="VALUE")
    if key == "lang":
        if i18n.normalise(value) is None:
            raise typer.BadParameter(
                t("config.bad_lang", lang, value=value, languages=", ".join(i18n.LANGUAGES)),
                param_hint="VALUE",
            )
        value = i18n.normalise(value) or value
    if key in ("dir", "framework"):
        value = str(Path(value).expanduser().resolve())
    if key == "framework":
        from cx_pillars.pillars import load_framework

        load_framework(value)  # a file that is not a framework is said now, not later
    values = dict(config.settings())
    values[key] = value
    path = config.write(values)
    print(t("config.saved", lang, key=key, value=value, path=path))


@config_app.command("unset", no_args_is_help=True)
@handles_errors
def unset(key: KeyArg) -> None:
    """Remove KEY from your config file (the default applies again).

    Example: cx-pillars config unset team"""
    from cx_pillars import config
    from cx_pillars.i18n import t

    lang = language(None)
    key = _check_key(key, lang)
    values = dict(config.settings())
    if values.pop(key, None) is None:
        print(t("config.not_set", lang, key=key))
        return
    path = config.write(values)
    print(t("config.removed", lang, key=key, path=path))
