"""A published programme that is not what it seems: encrypted, thousands of pages, a stream that
inflates to a gigabyte, a PDF that takes too long, text saved in another encoding. Each is read or
refused with one line naming the file and the fix, in bounded time and memory; never a traceback."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from fpdf import FPDF
from pypdf import PdfWriter
from test_published import SAMPLE, SEED

from xlsync.cli import cli
from xlsync.errors import WorkbookError
from xlsync.programme.published import documents, import_text, read_document


def _pdf(path: Path, pages: int, text: str = "Distretto famiglia: programma di lavoro 2024") -> Path:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for page in range(pages):
        pdf.add_page()
        pdf.cell(0, 10, f"{text} - pagina {page + 1}")
    pdf.output(str(path))
    return path


def _bomb(path: Path, mebibytes: int) -> Path:
    """A one-page PDF whose content stream is `mebibytes` MiB of spaces, deflated to about 1/1000."""
    deflater = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(deflater.compress(chunk) for _ in range(mebibytes)) + deflater.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def _refused(path: Path) -> str:
    result = CliRunner().invoke(cli, ["import", str(path), "-o", str(path.with_suffix(".toml"))])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not path.with_suffix(".toml").exists()
    assert isinstance(result.exception, SystemExit)
    return result.output.strip()


def test_an_encrypted_pdf_is_named_as_protected(tmp_path):
    writer = PdfWriter(clone_from=_pdf(tmp_path / "chiaro.pdf", 1))
    writer.encrypt("segreto")
    with open(tmp_path / "protetto.pdf", "wb") as out:
        writer.write(out)
    assert _refused(tmp_path / "protetto.pdf") == (
        "Errore: protetto.pdf: il PDF è protetto da password: salvarne una copia senza password")


def _read_apart(path: Path) -> tuple[str, int]:
    """What reading the document says, and the peak memory (KiB) of the process that read it: its own
    VmHWM (ru_maxrss would count the test process it was forked from)."""
    probe = ("import re, sys\nfrom pathlib import Path\nfrom xlsync.programme.published import read_document\n"
             "try:\n    read_document(sys.argv[1])\nexcept Exception as exc:\n    print(exc)\n"
             "print(re.search(r'VmHWM:\\s*(\\d+)', Path('/proc/self/status').read_text()).group(1))\n")
    done = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=120)
    message, peak = done.stdout.strip().splitlines()
    return message, int(peak)


def test_a_pdf_of_thousands_of_pages_is_refused_before_its_pages_are_read(tmp_path):
    message, peak = _read_apart(_pdf(tmp_path / "enorme.pdf", documents.MAX_PAGES * 7))
    assert message.startswith(f"enorme.pdf: il PDF ha {documents.MAX_PAGES * 7} pagine, più delle 300")
    assert peak < 200 * 1024  # within 200 MB


def test_a_pdf_whose_stream_inflates_to_a_gigabyte_is_refused_within_the_limits(tmp_path):
    assert _refused(_bomb(tmp_path / "bomba.pdf", 1024)).startswith(
        "Errore: bomba.pdf: il PDF contiene dati che, decompressi, superano 64 MB")
    message, peak = _read_apart(tmp_path / "bomba.pdf")
    assert message.startswith("bomba.pdf: il PDF contiene dati che, decompressi, superano 64 MB")
    assert peak < 300 * 1024  # never the gigabyte


def test_a_stream_within_the_limits_is_read(tmp_path):
    """The bound is on what inflates, not on PDFs as such: a 2 MiB content stream reads."""
    assert read_document(_bomb(tmp_path / "grande.pdf", 2)).text == ""


def test_a_pdf_that_takes_too_long_is_stopped_at_a_page_and_says_which(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "MAX_SECONDS", 0.0)
    with pytest.raises(WorkbookError) as raised:
        read_document(_pdf(tmp_path / "lento.pdf", 3))
    assert str(raised.value).startswith("lento.pdf: leggere il PDF richiede più di 0 secondi (letta fino a pagina 0)")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp1252"])
def test_the_seed_text_reads_the_same_in_every_encoding_an_office_saves(tmp_path, encoding):
    text = SEED.replace("\n", "\r\n") if encoding == "cp1252" else SEED  # Notepad's line ends too
    if encoding.endswith("-bom"):
        codec = encoding.removesuffix("-bom")
        data = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec] + text.encode(codec)
    else:
        data = text.encode(encoding, errors="replace" if encoding == "cp1252" else "strict")
    path = tmp_path / "programma.txt"
    path.write_bytes(data)
    assert import_text(read_document(path), path.name).programme == SAMPLE
