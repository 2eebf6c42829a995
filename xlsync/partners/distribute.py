"""Making one workbook per member organisation from the district workbook."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xlsync import messages
from xlsync.errors import OutputExistsError
from xlsync.partners.compare import rows_key
from xlsync.programme.model import Evidence, Member, Programme, RuleKind, check_members
from xlsync.vocabulary import layout
from xlsync.workbook.reader import read_district

# Phrases of a project's organisation fields that name every member of this district (text already
# without accents and punctuation): not "…al Distretto dell'Economia Solidale", another network.
_EVERY_MEMBER = re.compile(r"\b(tutte le organizzazioni aderenti|organizzazioni aderenti (e non )?al distretto(?! dell))\b")


@dataclass(frozen=True)
class PartnerFile:
    member: Member
    path: Path
    roles: dict[str, str]  # action code → "referente" or "coinvolta"


def involvement(programme: Programme, member: Member) -> dict[str, str]:
    """The actions a member leads ("referente") or takes part in ("coinvolta"), from the projects' fields.

    A V.A.M.T. action linked to such a project shares its role.
    """
    names = {_plain(name) for name in (member.name, member.short_name) if name}
    roles: dict[str, str] = {}
    for action in programme.actions:
        project = action.project
        if project is None:
            continue
        if _names_member(project.referent, names):
            roles[action.code] = layout.REFERENT
        elif _names_member(project.other_organisations, names):
            roles[action.code] = layout.INVOLVED
    for action in programme.actions:
        for indicator in action.indicators:
            if indicator.kind is RuleKind.LINKED and indicator.linked_to in roles and action.code not in roles:
                roles[action.code] = roles[indicator.linked_to]
    return roles


def partner_file_name(programme: Programme, member: Member) -> str:
    """A file name a person recognises: 'Evidenze 2024 - Soste.xlsx'."""
    name = _plain(member.display_name, keep_case=True)
    name = re.sub(r"[^A-Za-z0-9 ._-]+", " ", name)
    name = " ".join(name.split()).strip(" .") or "aderente"
    return f"Evidenze {programme.year} - {name}.xlsx"


def distribute(district: str | Path, out_dir: str | Path, force: bool = False, file_format: str = "xlsx") -> list[PartnerFile]:
    """Write one partner workbook per member organisation of the district's programme (xlsx, or ods
    for members on LibreOffice)."""
    from xlsync.libreoffice.odf import is_ods, written_as_ods  # here: `status` needs this module, not the writer

    workbook = read_district(district)
    programme = workbook.programme
    check_members(programme, Path(district).name)
    out_dir = Path(out_dir)
    planned = _paths(programme, out_dir, f".{file_format}")
    existing = [path for path in planned.values() if path.exists()]
    if existing and not force:
        raise messages.error("partner_files_exist", str(existing[0]), cls=OutputExistsError)
    issued = dt.datetime.now().replace(microsecond=0).isoformat()
    files = [PartnerFile(member, planned[member.name], involvement(programme, member)) for member in programme.members]
    targets = [item.path for item in files]
    with written_as_ods(targets) if is_ods(targets[0]) else contextlib.nullcontext(targets) as paths:
        out_dir.mkdir(parents=True, exist_ok=True)
        for item, path in zip(files, paths, strict=True):
            # "righe": what the file holds as written, to know it back when it returns unchanged
            write_partner(programme, item.member, path, roles=item.roles, issued=issued,
                          extra_stamp={"righe": rows_key([])})
    return files


def write_partner(programme: Programme, member: Member, path: Path, evidence: Sequence[Evidence] = (),
                  roles: dict[str, str] | None = None, issued: str | None = None,
                  saved: dt.datetime | None = None, extra_stamp: dict[str, str] | None = None) -> None:
    """A partner's workbook, stamped with who it is for."""
    from xlsync.partners.validate import check_rows
    from xlsync.scoring.engine import score
    from xlsync.workbook.writer import WorkbookContent, write_workbook

    roles = involvement(programme, member) if roles is None else roles
    stamp = {
        "partner": member.name,
        "emesso il": issued or dt.datetime.now().replace(microsecond=0).isoformat(),
        "id file": uuid.uuid4().hex[:12],
        **(extra_stamp or {}),
    }
    checked = check_rows(programme, evidence, "", {})
    result = score(programme, [row.evidence for row in checked if row.ok], {})
    problems = ["; ".join(p.what for p in row.problems if not p.warning) for row in checked]
    write_workbook(WorkbookContent(programme, evidence, partner=member, roles=roles, stamp=stamp, saved=saved,
                                   partner_result=result, row_problems=problems), path)


def _paths(programme: Programme, out_dir: Path, suffix: str) -> dict[str, Path]:
    paths: dict[str, Path] = {}
    taken: set[str] = set()
    for member in programme.members:
        stem, number = partner_file_name(programme, member)[:-5], 2
        name = f"{stem}{suffix}"
        while name.casefold() in taken:
            name, number = f"{stem} ({number}){suffix}", number + 1
        taken.add(name.casefold())
        paths[member.name] = out_dir / name
    return paths


def _names_member(text: str, names: set[str]) -> bool:
    """The text names the member (one of its `names`, plain), or every member."""
    padded, every, wordy = _organisations(text)
    return every or any(f" {name} " in padded if name else wordy for name in names)


@functools.lru_cache(maxsize=4096)  # a project's fields, looked at once for all of a province's members
def _organisations(text: str) -> tuple[str, bool, bool]:
    """A project's organisations field as plain text padded with a space each side (a name stands alone
    where it has a space each side), whether it names every member, whether it has any word."""
    plain = _plain(text)
    return f" {plain} ", bool(_EVERY_MEMBER.search(plain)), bool(re.search(r"\w", plain))


@functools.lru_cache(maxsize=4096)  # the projects' texts, once for all of a province's members
def _plain(text: str, keep_case: bool = False) -> str:
    """Accents and punctuation away, spaces folded: 'C.S.4. SOCIETA'' → 'c s 4 societa'."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    if keep_case:
        return letters
    return " ".join(re.sub(r"[^\w]+", " ", letters.casefold()).split())
