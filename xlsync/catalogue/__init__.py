"""The message catalogue's entries, by part of the year: `key: ((what_it, fix_it), (what_en, fix_en))`."""
