"""The messages about the system around xlsync: LibreOffice, the command line."""

ENTRIES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    # -- LibreOffice -------------------------------------------------------------------------
    "pdf_without_libreoffice": (
        ("scritto, ma non il PDF: serve LibreOffice (comando soffice), che qui non è installato",
         "{hint}, e ripetere con --pdf; oppure stampare in PDF il foglio «Scheda di autovalutazione»"),
        ("written, but not the PDF: it needs LibreOffice (the soffice command), which is not installed here",
         "{hint}, and run again with --pdf; or print the sheet “Scheda di autovalutazione” to PDF")),
    "conversion_failed": (
        ("LibreOffice non ha convertito il file in {format} ({detail})",
         "aprire il file in LibreOffice per vedere se si apre, poi riprovare"),
        ("LibreOffice did not convert the file to {format} ({detail})",
         "open the file in LibreOffice to see whether it opens, then try again")),
    "unreadable_csv": (
        ("non posso leggere il CSV ({detail})", "salvarlo come CSV UTF-8"),
        ("cannot read the CSV ({detail})", "save it as UTF-8 CSV")),
    # -- the command line --------------------------------------------------------------------
    "output_suffix": (
        ("xlsync scrive {what}", "indicare un nome che finisce con {suffixes}"),
        ("xlsync writes {what}", "give a name ending in {suffixes}")),
    "output_exists": (
        ("esiste già", "usare --force per sovrascriverlo"),
        ("already exists", "use --force to overwrite it")),
    "strict_import": (
        ("{count} letture da verificare a mano (--strict: nessun file scritto):\n{checks}", ""),
        ("{count} readings to check by hand (--strict: no file written):\n{checks}", "")),
    "swapped_arguments": (
        ("gli argomenti sono scambiati: prima la cartella del distretto, poi il file di programma",
         "xlsync update {district} {programme}"),
        ("the arguments are swapped: first the district workbook, then the programme file",
         "xlsync update {district} {programme}")),
    "ignored_edit": (
        ("Attenzione: nel file {note}; qui si usa il valore del programma, il file mostra altri numeri finché non "
         "è corretto.", ""),
        ("Warning: in the file {note}; the programme's value is used here, the file shows other numbers until it "
         "is corrected.", "")),
    # -- LibreOffice ---------------------------------------------------------------------------
    "libreoffice_missing": (
        ("LibreOffice non è installato (manca {what})", "{hint}, e riprovare"),
        ("LibreOffice is not installed ({what} is missing)", "{hint}, and try again")),
    "not_pdfa": (
        ("LibreOffice ha scritto un PDF che non si dichiara PDF/A-2b (PDF/A trovato: {found})",
         "aggiornare LibreOffice alla versione 7.4 o più recente e ripetere l'esportazione"),
        ("LibreOffice wrote a PDF that does not declare PDF/A-2b (PDF/A found: {found})",
         "update LibreOffice to version 7.4 or later and export again")),
    "ods_needs_libreoffice": (
        ("per scrivere un file .ods serve LibreOffice (comando soffice), che qui non è installato",
         "{hint}, oppure indicare un nome che finisce con .xlsx"),
        ("writing an .ods file needs LibreOffice (the soffice command), which is not installed here",
         "{hint}, or give a name ending in .xlsx")),
    "ods_not_written": (
        ("LibreOffice non ha scritto il file .ods ({detail}); il file di prima è rimasto com'era",
         "chiudere LibreOffice se è bloccato e riprovare"),
        ("LibreOffice did not write the .ods file ({detail}); the previous file is unchanged",
         "close LibreOffice if it hangs and try again")),
    "ods_not_read": (
        ("LibreOffice non ha letto il file .ods per conservarne il lavoro fatto a mano ({detail}); nulla è "
         "stato scritto", "chiudere LibreOffice se è bloccato e riprovare"),
        ("LibreOffice did not read the .ods file to keep the work made in it ({detail}); nothing was written",
         "close LibreOffice if it hangs and try again")),
    "unopkg_failed": (
        ("LibreOffice non ha installato l'estensione ({detail})",
         "chiudere LibreOffice e ripetere xlsync libreoffice install"),
        ("LibreOffice did not install the extension ({detail})", "close LibreOffice and run xlsync libreoffice install again")),
}
