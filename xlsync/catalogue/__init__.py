"""Every text xlsync gives a person, in Italian and English, by part of the year.

Two kinds of entry: a located problem `key: ((what_it, fix_it), (what_en, fix_en))` (`ENTRIES` of
`programme`, `returns`, `system`), and a plain text `key: (italian, english)` (`TEXTS` of `reports`,
`scoring`, `letters`, `click_words`). Both are formatted with named values (`xlsync/messages.py`), and
a count agrees with its words through `plural`: a whole text given as a pair `(one, many)`, or a few
words inline, `"{rows} {rows:riga|righe}"`. `places` puts a place in a file (`› riga 7`) in English.
"""

from __future__ import annotations

Counted = tuple[str, str]  # (one, many): the text for a count of 1, and for any other count


def plural(count: int | float, one: str, many: str) -> str:
    """The form that agrees with `count` («1 riga letta», «2 righe lette», «0 righe»; "1 row", "0 rows"),
    with `{n}` filled in by the count."""
    return (one if count == 1 else many).replace("{n}", str(count))
