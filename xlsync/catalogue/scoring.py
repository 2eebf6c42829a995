"""What an indicator still misses, as the status, the reminders and the add-in say it. The district
workbook says the same in Italian with its own formulas (`xlsync/scoring/formulas.py`)."""

TEXTS = {
    "units_of": ("{have} di {need} {unit}", "{have} of {need} {unit}"),
    "missing_unit": ("manca {unit}", "missing: {unit}"),
    "missing_evidence": ("manca l'evidenza", "the evidence is missing"),
    "missing_percent": ("manca il {percent} ({counted})", "{percent} missing ({counted})"),
    "depends_on": ("dipende da {code} ({percent})", "depends on {code} ({percent})"),
    "assessment_due": ("valutazione del Manager da inserire", "the manager's assessment is to be entered"),
    "assessed": ("manca il {percent} (valutato {value})", "{percent} missing (assessed at {value})"),
}
