"""One module per kind of sheet of xlsync's workbooks, each writing with a `WorkbookWriter`."""
