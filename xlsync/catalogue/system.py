"""The messages about the system around xlsync: LibreOffice, the command line."""

TEXTS = {
    "did_you_mean": (": forse «{option}»?", ": did you mean “{option}”?"),  # after a name not found
    "none_found": ("nessuno", "none"),
}

ENTRIES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    # -- the command line --------------------------------------------------------------------
    "internal_error": (
        ("errore inatteso di xlsync ({detail}): nessun file è rimasto cambiato a metà",
         "ripetere il comando con --verbose e segnalare il messaggio completo"),
        ("unexpected error in xlsync ({detail}): no file was left half changed",
         "run the command again with --verbose and report the whole message")),
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
        ("{count} {count:lettura|letture} da verificare a mano (--strict: nessun file scritto):\n{checks}", ""),
        ("{count} {count:reading|readings} to check by hand (--strict: no file written):\n{checks}", "")),
    "unquoted_name": (
        ("il nome del file contiene spazi ed è arrivato diviso in {count} parti",
         "scriverlo tra virgolette: \"{name}\""),
        ("the file's name has spaces and arrived split into {count} parts", "put it in quotes: \"{name}\"")),
    "no_district_workbooks": (
        ("nessuna cartella di lavoro (.xlsx, .ods) da riepilogare", "indicare i file per l'Agenzia dei distretti, "
         "o la cartella dove sono salvati"),
        ("no workbook (.xlsx, .ods) to roll up", "give the districts' agency workbooks, or the folder they are saved in")),
    "reminder_edited": (
        ("il sollecito è stato modificato dopo che xlsync l'ha scritto ({count} in tutto): nessun sollecito scritto",
         "usare --force per sostituirli, o indicare un'altra cartella con --reminders-dir"),
        ("the reminder was edited after xlsync wrote it ({count} in all): no reminder written",
         "use --force to replace them, or give another folder with --reminders-dir")),
    "year_over": (
        ("Attenzione: l'anno del programma {year} è finito il 31/12/{year}; i solleciti chiedono le evidenze entro "
         "il {by}", "per un'altra data: --by GG/MM/AAAA"),
        ("Warning: the programme's year {year} ended on 31/12/{year}; the reminders ask for the evidence by {by}",
         "for another date: --by DD/MM/YYYY")),
    "swapped_arguments": (
        ("gli argomenti sono scambiati: prima il file del distretto, poi il file di programma",
         "xlsync aggiorna {district} {programme}"),
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
         "chiudere LibreOffice e ripetere xlsync libreoffice installa"),
        ("LibreOffice did not install the extension ({detail})", "close LibreOffice and run xlsync libreoffice install again")),
    # -- building the extension: the wheels of its dependencies ---------------------------------
    "office_python_unknown": (
        ("non so quale Python usa LibreOffice qui ({where})",
         "indicarlo con --python, ad esempio --python 3.11 (su Linux è il python3 del sistema: python3 --version)"),
        ("cannot tell which Python LibreOffice uses here ({where})",
         "give it with --python, for example --python 3.11 (on Linux it is the system's python3: python3 --version)")),
    "office_python_too_old": (
        ("xlsync non gira con Python {python} ({system}): serve Python 3.11 o più recente",
         "aggiornare LibreOffice (la 26.2 porta Python 3.12, la 26.8 Python 3.13) o indicare un'altra --python"),
        ("xlsync does not run on Python {python} ({system}): it needs Python 3.11 or later",
         "update LibreOffice (26.2 brings Python 3.12, 26.8 Python 3.13) or give another --python")),
    "wheels_offline": (
        ("per costruire l'estensione per {system} {processor} con Python {python} servono i pacchetti di PyPI "
         "(pip download), e PyPI non si raggiunge da qui",
         "ripetere con la rete, oppure scaricare i pacchetti altrove (pip download --only-binary=:all: --platform … "
         "--python-version {python}) e indicarne la cartella con --wheels"),
        ("building the extension for {system} {processor} with Python {python} needs the packages from PyPI "
         "(pip download), and PyPI cannot be reached from here",
         "run again with the network, or download the packages elsewhere (pip download --only-binary=:all: "
         "--platform … --python-version {python}) and give their folder with --wheels")),
    "wheel_missing": (
        ("nessun pacchetto compilato (wheel) su {source} per {system} {processor} con Python {python}: "
         "l'estensione non funzionerebbe lì e non è stata scritta",
         "costruirla per un'altra versione di Python (--python) o attendere che il pacchetto la pubblichi"),
        ("no compiled package (wheel) on {source} for {system} {processor} with Python {python}: the extension "
         "would not run there and was not written",
         "build it for another Python version (--python) or wait for the package to publish one")),
    "wheel_unfit": (
        ("non adatto a {system} {processor} con Python {python}", "segnalarlo a chi cura xlsync"),
        ("does not fit {system} {processor} with Python {python}", "report it to xlsync's maintainers")),
    "wheels_download_failed": (
        ("pip non ha scaricato i pacchetti per {system} {processor} con Python {python} ({detail})",
         "controllare la connessione (o il proxy) e ripetere"),
        ("pip did not download the packages for {system} {processor} with Python {python} ({detail})",
         "check the connection (or the proxy) and try again")),
    "pip_missing": (
        ("manca pip nel Python {python}, che scarica i pacchetti per l'estensione",
         "installarlo (python -m ensurepip) e ripetere"),
        ("pip is missing from the Python {python}, which downloads the packages for the extension",
         "install it (python -m ensurepip) and try again")),
}
