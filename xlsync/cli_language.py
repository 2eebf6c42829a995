"""The command line's language: Italian unless `--lang en` (or `XLSYNC_LANG=en`) asks for English.

Help texts are written as (Italian, English) pairs and read in the language of the moment. Click's
own words (usage errors, `Error:`, `Usage:`) come from `gettext.gettext`, which each click module
binds as `_` at import; gettext would only translate them from compiled catalogues chosen by the
locale, and the managers' language is Italian whatever their system's locale. So the command line
rebinds those names in click's modules to `xlsync/catalogue/click_words.py` (tests/test_cli.py checks that
each of its strings is still one click uses).
"""

from __future__ import annotations

import difflib
import importlib
import os

import click

from xlsync.catalogue.click_words import CLICK_ENGLISH_PLURAL, CLICK_ITALIAN, CLICK_ITALIAN_PLURAL
from xlsync.messages import LANGUAGES, language, language_set, set_language, text

__all__ = ["LANGUAGES", "language", "set_language"]  # the language of the moment lives in messages

ENV_VAR = "XLSYNC_LANG"


def language_asked(args: list[str]) -> str | None:
    """The language a command line asks for with --lang, before click parses it (None: not asked)."""
    for index, arg in enumerate(args):
        value = args[index + 1] if arg == "--lang" and index + 1 < len(args) else arg.partition("=")[2]
        if (arg == "--lang" or arg.startswith("--lang=")) and value.lower() in LANGUAGES:
            return value.lower()
    return None


def language_of_environment() -> str:
    """XLSYNC_LANG's language ("en", also "en_GB.UTF-8"); Italian when unset or another language."""
    value = os.environ.get(ENV_VAR, "it").strip().lower()[:2]
    return value if value in LANGUAGES else "it"


TEXTS_OPTIONS = tuple(text("options_metavar", lang) for lang in LANGUAGES)
CLICK_MODULES = ("core", "exceptions", "types", "parser", "decorators", "formatting", "termui", "utils")


def _gettext(message: str) -> str:
    return CLICK_ITALIAN.get(message, message) if language_set() and language() == "it" else message


def _ngettext(singular: str, plural: str, count: int) -> str:
    words = {"it": CLICK_ITALIAN_PLURAL, "en": CLICK_ENGLISH_PLURAL}[language()] if language_set() else {}
    one, many = words.get((singular, plural)) or (singular, plural)
    return one if count == 1 else many


def install_click_translation() -> None:
    """Click's words in the command line's language, from now on in this process."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext


class _Translated:
    """An attribute given as (Italian, English) and read in the command line's language."""

    def __set_name__(self, owner, name: str) -> None:
        self.slot = f"_{name}_texts"

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__.get(self.slot)
        return value[LANGUAGES.index(language())] if isinstance(value, tuple) else value

    def __set__(self, obj, value) -> None:
        obj.__dict__[self.slot] = value


class Command(click.Command):
    """A command whose help is given in Italian and English."""

    help = _Translated()
    short_help = _Translated()
    options_metavar = _Translated()

    def __init__(self, *args, alias: str | None = None, options_metavar=TEXTS_OPTIONS, **kwargs):
        super().__init__(*args, options_metavar=options_metavar, **kwargs)
        self.alias = alias  # the Italian name, beside the English one

    def get_help_option(self, ctx: click.Context):
        return _help_in_language(super().get_help_option(ctx))


class Option(click.Option):
    """An option whose help (and the name of its value) is given in Italian and English."""

    help = _Translated()
    metavar = _Translated()

    def __init__(self, *args, help=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help = help


class Argument(click.Argument):
    """An argument whose name in the usage line is given in Italian and English."""

    metavar = _Translated()


def option(*declarations: str, **attrs):
    return click.option(*declarations, cls=Option, **attrs)


def argument(name: str, metavar: tuple[str, str], **attrs):
    return click.argument(name, cls=Argument, metavar=metavar, **attrs)


class Group(click.Group):
    """A group whose help is given in Italian and English, and whose commands also answer to their
    Italian name (`alias`), listed beside the English one."""

    help = _Translated()
    short_help = _Translated()
    options_metavar = _Translated()
    subcommand_metavar = _Translated()
    command_class = Command

    def __init__(self, *args, alias: str | None = None, **kwargs):
        kwargs.setdefault("options_metavar", TEXTS_OPTIONS)
        kwargs.setdefault("subcommand_metavar", tuple(text("subcommand_metavar", lang) for lang in LANGUAGES))
        super().__init__(*args, **kwargs)
        self.alias = alias

    def get_command(self, ctx: click.Context, cmd_name: str):
        found = super().get_command(ctx, cmd_name)
        return found or next((command for command in self.commands.values()
                              if getattr(command, "alias", None) == cmd_name), None)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """As click's, but a misspelt name is also compared with the Italian names ("unici": "unisci")."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            aliases = (getattr(command, "alias", None) for command in self.commands.values())
            near = difflib.get_close_matches(name, sorted({*self.commands, *filter(None, aliases)}))
            message = _gettext("No such command {name!r}.").format(name=name)
            if near:
                hint = _ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", len(near))
                message += " " + hint.format(possibility=repr(near[0]), possibilities=", ".join(map(repr, near)))
            raise click.UsageError(message, ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            names = [name, command.alias] if getattr(command, "alias", None) else [name]
            rows.append((", ".join(names if language() == "en" else names[::-1]), command.get_short_help_str(150)))
        rows.sort(key=lambda row: row[0])
        if rows:
            with formatter.section(_gettext("Commands")):
                formatter.write_dl(rows)

    def get_help_option(self, ctx: click.Context):
        return _help_in_language(super().get_help_option(ctx))


Group.group_class = Group


def _help_in_language(help_option: click.Option | None) -> click.Option | None:
    """Click makes the --help option once and keeps it: its text follows the language here."""
    if help_option is not None:
        help_option.help = text("help_option")
    return help_option
