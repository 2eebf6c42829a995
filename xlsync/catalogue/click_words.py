"""Click's own words (usage errors, `Error:`, `Usage:`, the help's headings) in Italian, and the
command line's few words of its own that are not a command's help."""

# Click's strings (as in click 8.1–8.5) in Italian; a string missing here stays English.
CLICK_ITALIAN: dict[str, str] = {
    "Usage:": "Uso:",
    "Options": "Opzioni",
    "Commands": "Comandi",
    "Positional arguments": "Argomenti",
    "Show this message and exit.": "Mostra questo aiuto ed esce.",
    "Error: {message}": "Errore: {message}",
    "Try '{command} {option}' for help.": "Per l'aiuto: '{command} {option}'.",
    "Aborted!": "Interrotto.",
    "Missing command.": "Manca il comando.",
    "Missing argument": "Manca l'argomento",
    "Missing option": "Manca l'opzione",
    "Missing parameter": "Manca il parametro",
    "No such option {name!r}.": "L'opzione {name!r} non esiste.",
    "No such command {name!r}.": "Il comando {name!r} non esiste.",
    "Invalid value for {param_hint}: {message}": "Valore non valido per {param_hint}: {message}",
    "Invalid value: {message}": "Valore non valido: {message}",
    "Option {name!r} does not take a value.": "L'opzione {name!r} non accetta un valore.",
    "{value} is not in the range {range}.": "{value} non è nell'intervallo {range}.",
    "{value!r} is not a valid {number_type}.": "{value!r} non è un numero valido.",
    # The kind of path ("File", "Directory") is named when the command line is made: left out.
    "{name} {filename!r} is a directory.": "{filename!r} è una cartella: indicare un file.",
    "{name} {filename!r} is a file.": "{filename!r} è un file: indicare una cartella.",
    "{name} {filename!r} does not exist.": "{filename!r} non esiste.",
    "{name} {filename!r} is not readable.": "{filename!r} non si può leggere.",
    "{name} {filename!r} is not writable.": "{filename!r} non si può scrivere.",
    "Could not open file {filename!r}: {message}": "Non posso aprire il file {filename!r}: {message}",
    "default: {default}": "predefinito: {default}",
    "env var: {var}": "variabile d'ambiente: {var}",
    "Choose from:\n\t{choices}": "Scegliere tra:\n\t{choices}",
    "deprecated": "deprecato",
    "required": "obbligatoria",
}

CLICK_ITALIAN_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Argomento in più non previsto ({args})", "Argomenti in più non previsti ({args})"),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Forse {possibility}?", "(Forse uno tra: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("L'opzione {name!r} richiede un valore.", "L'opzione {name!r} richiede {nargs} valori."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} non è {choice}.", "{value!r} non è tra {choices}."),
}

# Click's strings whose English xlsync words its own way (a date is read by the command line's own type).
CLICK_ENGLISH_PLURAL: dict[tuple[str, str], tuple[str, str]] = {}

TEXTS = {
    "help_option": ("Mostra questo aiuto ed esce.", "Show this message and exit."),
    "options_metavar": ("[OPZIONI]", "[OPTIONS]"),
    "subcommand_metavar": ("COMANDO [ARGOMENTI]...", "COMMAND [ARGS]..."),
}
