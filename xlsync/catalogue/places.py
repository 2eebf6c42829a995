"""A place in a file as the user sees it (`file › sheet › riga 7`, `pag. 3, tabella riga 2`), in English."""

from __future__ import annotations

import re

WORDS = {"tabella riga": "table row", "riga": "row", "tabella": "table", "pag.": "p."}
_WORD = re.compile(r"\b(tabella riga|riga|tabella|pag\.)(?= \d)")
_ONLY_A_PLACE = re.compile(r"(tabella riga|riga|tabella|pag\.) \d+(, .*)?$")


def english_place(where: str) -> str:
    """The place with its words in English; a file's name (the first part) stays as it is."""
    first, *rest = where.split(" › ")
    parts = [first if not _ONLY_A_PLACE.match(first) else _WORD.sub(_english, first)]
    return " › ".join(parts + [_WORD.sub(_english, part) for part in rest])


def _english(found: re.Match) -> str:
    return WORDS[found.group(1)]
