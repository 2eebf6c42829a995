"""The published work programme (the agency's decree, as text, PDF or DOCX) read into a programme.

`documents` turns the document into lines (table rows as tab-separated cells), `cells` tells a
row's cells apart, `grammar` reads the rule phrases officials write, `member_list` reads the member
organisations, `assembly` assembles the programme and what to check by hand, `words` holds the
Italian they share.
"""

from xlsync.programme.published.assembly import Check, Imported, import_text, programme_file_text, rule_indicators
from xlsync.programme.published.documents import Document, read_document

__all__ = ["Check", "Document", "Imported", "import_text", "programme_file_text", "read_document", "rule_indicators"]
