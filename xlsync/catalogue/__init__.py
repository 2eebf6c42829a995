"""Every text xlsync gives a person, in Italian and English, by part of the year.

Two kinds of entry: a located problem `key: ((what_it, fix_it), (what_en, fix_en))` (`ENTRIES` of
`programme`, `returns`, `system`), and a plain text `key: (italian, english)` (`TEXTS` of `reports`,
`scoring`, `letters`, `click_words`), where a text that counts something is a pair `(one, many)` chosen
by `plural`. Both are formatted with named values.
"""

from __future__ import annotations

Counted = tuple[str, str]  # (one, many): the text for a count of 1, and for any other count


def plural(count: int | float, one: str, many: str) -> str:
    """The form that agrees with `count` («1 riga letta», «2 righe lette», «0 righe»; "1 row", "0 rows"),
    with `{n}` filled in by the count."""
    return (one if count == 1 else many).replace("{n}", str(count))
