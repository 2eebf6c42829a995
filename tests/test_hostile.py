"""Hostile and broken partner files: a clear message, exit code 1, the district untouched."""

from __future__ import annotations

import datetime as dt
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import digest, examples, needs_libreoffice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msoffcrypto.format.ooxml import OOXMLFile

from xlsync.cli import cli
from xlsync.demo import SAMPLE_PROGRAMME, sample_path
from xlsync.libreoffice.soffice import convert
from xlsync.partners.distribute import write_partner
from xlsync.partners.merge import merge
from xlsync.partners.validate import check_file
from xlsync.programme.model import Evidence
from xlsync.programme.toml_file import load
from xlsync.workbook.reader import read_workbook
from xlsync.workbook.writer import write_district

PROGRAMME = load(sample_path(SAMPLE_PROGRAMME))
SOSTE, CS4 = PROGRAMME.members[4], PROGRAMME.members[0]
ROWS = [Evidence(code="3.1.a", date=dt.date(2024, 3, 4), description="Incontro con le famiglie"),
        Evidence(code="P08.a", date=dt.date(2024, 6, 27), description="Ricerca di fattibilità")]


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("good") / "Evidenze 2024 - Soste.xlsx"
    write_partner(PROGRAMME, SOSTE, path, ROWS)
    return path


@pytest.fixture
def district(tmp_path) -> Path:
    path = tmp_path / "distretto.xlsx"
    write_district(PROGRAMME, path)
    return path


def rebuild(source: Path, target: Path, replace: dict[str, tuple[bytes, int, int]]) -> Path:
    """Copy a zip, giving some members raw deflate data with declared size and CRC of our choosing."""
    entries = []
    with zipfile.ZipFile(source) as old:
        for info in old.infolist():
            if info.filename in replace:
                entries.append((info.filename, *replace[info.filename]))
            else:
                data = old.read(info.filename)
                compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
                entries.append((info.filename, compressor.compress(data) + compressor.flush(), len(data),
                                zlib.crc32(data)))
    out, central = bytearray(), bytearray()
    for name, raw, size, crc in entries:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(raw), size, len(encoded), 0)
        out += encoded + raw
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(raw), size,
                               len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    start = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0)
    target.write_bytes(bytes(out))
    return target


def spaces(gigabytes: int) -> bytes:
    """A raw deflate stream of that many GiB of spaces, in a few kilobytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(b" " * (1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * (1024 * gigabytes) + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def sheet_member(path: Path, sheet: str = "Evidenze") -> str:
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    index = [name for name in workbook.split('name="')[1:]].index(next(n for n in workbook.split('name="')[1:]
                                                                       if n.startswith(sheet + '"')))
    return f"xl/worksheets/sheet{index + 1}.xml"


def hostile_files(folder: Path, good: Path) -> dict[str, tuple[Path, str]]:
    """Each hostile file and the start of the message it must get."""
    files: dict[str, tuple[Path, str]] = {}

    def add(name: str, path: Path, message: str) -> None:
        files[name] = (path, message)

    (folder / "non-zip.xlsx").write_bytes(b"\x00\x01 questo non e' uno zip \xff" * 40)
    add("not a zip", folder / "non-zip.xlsx", "non-zip.xlsx: non è una cartella di lavoro leggibile (")
    (folder / "vuoto.xlsx").write_bytes(b"")
    add("empty", folder / "vuoto.xlsx", "vuoto.xlsx: il file è vuoto (0 byte)")
    (folder / "troncato.xlsx").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    add("truncated", folder / "troncato.xlsx", "troncato.xlsx: non è una cartella di lavoro leggibile (")
    with zipfile.ZipFile(good) as old:
        workbook = old.read("xl/workbook.xml")
    rebuilt = {"xl/workbook.xml": (zlib.compressobj(6, zlib.DEFLATED, -15).compress(workbook[:300])
                                   + zlib.compressobj(6, zlib.DEFLATED, -15).flush(), 300, zlib.crc32(workbook[:300]))}
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    rebuilt["xl/workbook.xml"] = (raw.compress(workbook[:300]) + raw.flush(), 300, zlib.crc32(workbook[:300]))
    add("damaged workbook.xml", rebuild(good, folder / "danneggiato.xlsx", rebuilt),
        "danneggiato.xlsx: non è una cartella di lavoro leggibile (")
    bomb = spaces(2)
    member = sheet_member(good)
    add("zip bomb", rebuild(good, folder / "bomba.xlsx", {member: (bomb, 2 << 30, 0)}),
        f"bomba.xlsx: il file si espande oltre i limiti e non viene aperto ({member}: 2048 MB)")
    add("zip bomb, lying header", rebuild(good, folder / "bomba-bugiarda.xlsx", {member: (bomb, 1000, 0)}),
        "bomba-bugiarda.xlsx › Evidenze: non è una cartella di lavoro leggibile (I/O error: File is larger than its "
        "declared uncompressed size)")
    with zipfile.ZipFile(good) as old:
        strings = old.read("xl/sharedStrings.xml")
    laughs = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')
    expanded = laughs + strings[strings.index(b"<sst"):].replace(b"<t>", b"<t>&d;", 1)
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    add("entity expansion", rebuild(good, folder / "entita.xlsx", {
        "xl/sharedStrings.xml": (raw.compress(expanded) + raw.flush(), len(expanded), zlib.crc32(expanded))}),
        "entita.xlsx: non è una cartella di lavoro leggibile (")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    (folder / "protetto.xlsx").write_bytes(ole)
    add("password", folder / "protetto.xlsx", "protetto.xlsx: il file è protetto da password e non si può leggere")
    (folder / "evidenze.csv").write_text("Codice;Data;Descrizione\n3.1.a;04/03/2024;Incontro\n", encoding="utf-8")
    add("csv", folder / "evidenze.csv", "evidenze.csv: è un file di testo (CSV)")
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(folder / "senza-fogli.xlsx", "w") as new:
        for info in old.infolist():
            if not info.filename.startswith("xl/worksheets/"):
                data = old.read(info.filename)
                if info.filename == "xl/workbook.xml":
                    text = data.decode()
                    data = (text[:text.index("<sheets>")] + "<sheets/>" + text[text.index("</sheets>") + 9:]).encode()
                new.writestr(info, data)
    add("no sheets", folder / "senza-fogli.xlsx", "senza-fogli.xlsx: ")
    book = openpyxl.load_workbook(good)
    book["Evidenze"].title = "Dati"  # renamed, and its headers changed: not found by what it holds either
    book["Dati"]["C1"] = "Cosa"
    book.save(folder / "rinominato.xlsx")
    add("renamed sheet", folder / "rinominato.xlsx", "rinominato.xlsx: manca il foglio «Evidenze»")
    book = openpyxl.load_workbook(good)
    book["Evidenze"]["A1"] = "Voce del programma?"
    book["Evidenze"]["B1"] = "Quando"
    book.save(folder / "intestazioni.xlsx")
    add("missing headers", folder / "intestazioni.xlsx",
        "intestazioni.xlsx › Evidenze › riga 1: mancano le colonne «Codice», «Data»")
    million = sheet_member(good)
    with zipfile.ZipFile(good) as old:
        xml = old.read(million)
    head, tail = xml[: xml.index(b"<sheetData>") + 11], xml[xml.index(b"</sheetData>"):]
    header_row = xml[xml.index(b"<row"): xml.index(b"</row>") + 6]
    body = head + header_row + b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r)
                                        for r in range(2, 1_000_001)) + tail
    raw = zlib.compressobj(1, zlib.DEFLATED, -15)
    add("a million rows", rebuild(good, folder / "milione.xlsx", {million: (raw.compress(body) + raw.flush(), len(body),
                                                                           zlib.crc32(body))}),
        "milione.xlsx › Evidenze: il foglio ha 1.000.000 righe, al massimo se ne leggono 25,000")
    return files


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, good):
    return hostile_files(tmp_path_factory.mktemp("hostile"), good)


CASES = ["not a zip", "empty", "truncated", "damaged workbook.xml", "zip bomb", "zip bomb, lying header",
         "entity expansion", "password", "csv", "no sheets", "renamed sheet", "missing headers", "a million rows"]


@pytest.mark.parametrize("case", CASES)
def test_validate_names_the_problem(hostile, case):
    path, message = hostile[case]
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.splitlines()[1].strip().startswith(message), result.output


@pytest.mark.parametrize("case", CASES)
def test_merge_leaves_the_district_as_it_was(hostile, district, case):
    path, message = hostile[case]
    before = digest(district)
    result = CliRunner().invoke(cli, ["merge", str(district), str(path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert message.split(": ", 1)[1][:30] in result.output
    assert digest(district) == before


def test_merged_cells_and_hidden_rows_are_read_as_values(tmp_path, good, district):
    path = tmp_path / "celle.xlsx"
    shutil.copy(good, path)
    book = openpyxl.load_workbook(path)
    sheet = book["Evidenze"]
    sheet["A4"], sheet["B4"], sheet["D4"] = "4.2.a", dt.datetime(2024, 5, 2), 1
    sheet.merge_cells("C3:C4")  # the description of row 3 spans row 4, which is left without one
    sheet.row_dimensions[2].hidden = True
    book.save(path)
    check = check_file(path, PROGRAMME)
    assert [str(p) for p in check.problems] == [
        "celle.xlsx › Evidenze › C4: manca la descrizione: scrivere in poche parole che cosa è stato fatto"]
    report = merge(district, [path])
    assert (report.totals.added, report.totals.rejected) == (2, 1)  # the hidden row is evidence like any other


def test_long_text_control_characters_emoji_and_accents_are_kept(tmp_path, district):
    texts = ["x" * 32767, "Riunione\tcon\x07campanello\x1f", "nul\x00 e _x0041_ scritto così", " a capo\n",
             "Festa 👨‍👩‍👧 al parco 🎉", "Perché è già così: àèìòù ÀÈÌÒÙ ß"]
    rows = [Evidence(code="3.1.a", date=dt.date(2024, 3, day + 1), description=text) for day, text in enumerate(texts)]
    path = tmp_path / "testi.xlsx"
    write_partner(PROGRAMME, SOSTE, path, rows)
    report = merge(district, [path])
    assert report.totals.added == len(texts)
    assert [e.description for e in read_workbook(district).evidence] == texts


def test_formulas_in_a_return_give_their_values_and_text_never_becomes_a_formula(tmp_path, district):
    rows = [Evidence(code="3.1.a", date=dt.date(2024, 3, 4), description=text)
            for text in ("=HYPERLINK(\"http://esempio.it\";\"clic\")", "+39 0461 123456", "-2 incontri", "@SUM(A1)")]
    path = tmp_path / "formule.xlsx"
    write_partner(PROGRAMME, SOSTE, path, rows)
    merge(district, [path])
    sheet = openpyxl.load_workbook(district)["Evidenze"]
    assert [(sheet[f"C{r}"].value, sheet[f"C{r}"].data_type) for r in range(2, 6)] == [
        (row.description, "s") for row in rows]


def test_a_percentage_raised_in_a_return_sends_its_rows_to_scarti(tmp_path, good, district):
    path = tmp_path / "gonfiato.xlsx"
    shutil.copy(good, path)
    book = openpyxl.load_workbook(path)
    voci = book["Voci"]
    row = next(r for r in range(2, 60) if voci[f"A{r}"].value == "3.1.a")
    voci[f"E{row}"] = 1.0  # "10% per ogni incontro" raised to 100%
    book.save(path)
    untouched = shutil.copy(district, tmp_path / "copia.xlsx")
    result = CliRunner().invoke(cli, ["merge", str(district), str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "gonfiato.xlsx (Soste): rifiutato: le sue 2 righe vanno in «Scarti»",
        f"  gonfiato.xlsx › Voci › E{row}: il programma nel file è stato modificato (la voce 3.1.a mostra 100% invece "
        "di 10%): le regole le decide il programma del distretto: rimandare il file ricevuto senza modificare i fogli "
        "protetti"]
    after = read_workbook(district)
    assert after.evidence == ()
    assert [(r.partner, r.source_row) for r in after.rejects] == [("", 2), ("", 3)]
    assert after.rejects[0].reason.startswith("file rifiutato (SOSTE SOCIETA' A RESPONSABILITA' LIMITATA): "
                                              f"Voci › E{row}: il programma nel file è stato modificato")
    assert after.submissions[-1].outcome == "rifiutato"
    english = CliRunner().invoke(cli, ["--lang", "en", "merge", str(untouched), str(path)]).output.splitlines()
    assert english[0] == "gonfiato.xlsx (Soste): refused: its 2 rows go to «Scarti»"
    assert english[1].startswith(f"  gonfiato.xlsx › Voci › E{row}: ")
    assert "line 3.1.a shows 100% instead of 10%" in english[1]
    assert english[-3:] == ["Total: 2 rows read = 0 added + 0 updated + 0 unchanged + 2 rejected",
                           f"Updated {untouched} (previous version in {tmp_path / 'copia.backup.xlsx'}).",
                           "Programme realisation: 0,0% (threshold 80,0%): NOT ELIGIBLE"]


def test_a_stamp_copied_into_another_partners_file_is_detected(tmp_path, good):
    forged = tmp_path / "falso.xlsx"
    write_partner(PROGRAMME, CS4, forged, ROWS)
    theirs = openpyxl.load_workbook(good)["xlsync"]
    book = openpyxl.load_workbook(forged)
    mine = book["xlsync"]
    for cells in mine.iter_rows():  # the whole stamp replaced by the other partner's
        for cell in cells:
            cell.value = None
    for cells in theirs.iter_rows():
        for cell in cells:
            mine[cell.coordinate] = cell.value
    book.save(forged)
    check = check_file(forged, PROGRAMME)
    assert [p.key for p in check.problems if not p.warning] == ["identity_mismatch"]
    assert str(check.problems[0]) == (
        "falso.xlsx › Riepilogo › A1: il timbro del file dice «SOSTE SOCIETA' A RESPONSABILITA' LIMITATA» ma il foglio "
        "«Riepilogo» è di «C.S.4. SOCIETA' COOPERATIVA SOCIALE O.N.L.U.S.»: ogni aderente rimanda il proprio file, "
        "ricevuto dal Manager territoriale")


def test_a_stamp_altered_to_another_programme_version_is_detected(tmp_path, good):
    path = tmp_path / "alterato.xlsx"
    shutil.copy(good, path)
    book = openpyxl.load_workbook(path)
    meta = book["xlsync"]
    row = next(r for r in range(1, 40) if meta[f"A{r}"].value == "impronta")
    meta[f"B{row}"] = "0123456789abcdef"
    book.save(path)
    keys = [p.key for p in check_file(path, PROGRAMME).problems]
    assert keys == ["unknown_version", "programme_edited"]


@needs_libreoffice
def test_an_old_xls_is_read(tmp_path, good, district):
    xls = convert(good, "xls", tmp_path / "xls")
    assert [(f.status, f.counts.added) for f in merge(district, [xls]).files] == [("merged", 2)]


def test_a_real_password_protected_workbook(tmp_path, good, district):
    locked = tmp_path / "protetto.xlsx"
    with good.open("rb") as plain, locked.open("wb") as out:
        OOXMLFile(plain).encrypt("segreto", out)
    result = CliRunner().invoke(cli, ["validate", str(locked)])
    assert result.output.splitlines()[1] == ("  protetto.xlsx: il file è protetto da password e non si può leggere: "
                                             "togliere la password (in Excel: File › Informazioni › Proteggi cartella "
                                             "di lavoro) e rimandarlo")
    before = digest(district)
    assert merge(district, [locked]).files[0].status == "unreadable"
    assert digest(district) == before


@given(data=st.data())
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzzed_returns_never_crash_and_never_harm_the_district(tmp_path_factory, good, data):
    folder = tmp_path_factory.mktemp("fuzz")
    original = bytearray(good.read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(original) - 1))
        action = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            original[position] ^= data.draw(st.integers(1, 255))
        elif action == "cut":
            del original[position: position + data.draw(st.integers(1, 200))]
        else:
            original[position:position] = data.draw(st.binary(min_size=1, max_size=50))
    path = folder / "mutato.xlsx"
    path.write_bytes(bytes(original))
    check = check_file(path, PROGRAMME)  # never raises
    if check.workbook is None:
        assert [p for p in check.file_problems if not p.warning]  # a file that could not be read says why
    district = folder / "distretto.xlsx"
    write_district(PROGRAMME, district)
    report = merge(district, [path])
    assert read_workbook(district).programme == PROGRAMME  # whatever happened, the district reads
    if not report.written:
        assert report.files[0].status in ("unreadable", "merged", "already_merged")


def test_text_shaped_like_rich_text_never_becomes_xml(tmp_path, district):
    """XlsxWriter writes a shared string "<r>…</r>" as raw XML: such partner text must stay text everywhere."""
    shaped = ["<r>&</r>", "<r><t>ciao</t></r>", "<r></r></si><si><t>iniettato</t></si><si><r></r>"]
    rows = [Evidence(code="3.1.a", date=dt.date(2024, 3, 4), description=text, notes=text) for text in shaped]
    rows.append(Evidence(code="9.9", date=dt.date(2024, 3, 5), description=shaped[0]))  # rejected: to Scarti
    path = tmp_path / "ricco.xlsx"
    write_partner(PROGRAMME, SOSTE, path, rows)
    assert [e.description for e in read_workbook(path).evidence] == shaped + [shaped[0]]
    report = merge(district, [path])
    assert (report.totals.added, report.totals.rejected) == (3, 1)
    after = read_workbook(district)
    assert [(e.description, e.notes) for e in after.evidence] == [(text, text) for text in shaped]
    assert after.rejects[0].values[2] == shaped[0]
