"""A VBA project (`xl/vbaProject.bin`) with xlsync's module, made without Excel.

xlwings ships its add-in and workbook templates with a VBA project whose cached compiled code is
switched off (the `_VBA_PROJECT` stream says version 0xFFFF), so Excel compiles every module from
its source when it opens the file. xlsync takes such a template and puts its own module
(`macros/xlsync.bas`) in place of the template's sample module: the module's source stream is
written anew, compressed as MS-OVBA says, and the project's records that name the module (`dir`,
`PROJECT`, `PROJECTwm`) are updated. The compound file (MS-CFB) is then written anew with every
stream. oletools' olevba reads the result back in the tests, and LibreOffice opens it.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from dataclasses import dataclass

# -- MS-OVBA compression (section 2.4.1) ------------------------------------------------------

_CHUNK = 4096


def compress(data: bytes) -> bytes:
    """A CompressedContainer of `data`."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), _CHUNK):
        out += _compress_chunk(data[start:start + _CHUNK])
    return bytes(out)


def _compress_chunk(chunk: bytes) -> bytes:
    body = bytearray()
    position, size = 0, len(chunk)
    seen: dict[bytes, list[int]] = {}
    while position < size:
        flag_at = len(body)
        body.append(0)
        flags = 0
        for bit in range(8):
            if position >= size:
                break
            offset, length = _longest_match(chunk, position, seen)
            if length >= 3:
                bits = max((position - 1).bit_length(), 4)
                body += (((offset - 1) << (16 - bits)) | (length - 3)).to_bytes(2, "little")
                flags |= 1 << bit
                step = length
            else:
                body.append(chunk[position])
                step = 1
            for index in range(position, position + step):
                seen.setdefault(chunk[index:index + 3], []).append(index)
            position += step
        body[flag_at] = flags
    if len(body) > _CHUNK:  # incompressible: a raw chunk (only a full chunk can be raw)
        return ((_CHUNK - 1) | 0x3000).to_bytes(2, "little") + chunk.ljust(_CHUNK, b"\x00")
    return ((len(body) - 1) | 0xB000).to_bytes(2, "little") + bytes(body)


def _longest_match(chunk: bytes, position: int, seen: dict[bytes, list[int]]) -> tuple[int, int]:
    bits = max((position - 1).bit_length(), 4)
    max_length = (0xFFFF >> bits) + 3
    max_offset = 1 << bits
    best_offset = best_length = 0
    for candidate in reversed(seen.get(chunk[position:position + 3], ())[-64:]):
        offset = position - candidate
        if offset > max_offset:
            break
        length = 0
        limit = min(max_length, len(chunk) - position)
        while length < limit and chunk[candidate + length] == chunk[position + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = offset, length
    return best_offset, best_length


def decompress(container: bytes) -> bytes:
    """The data of a CompressedContainer."""
    if not container or container[0] != 1:
        raise ValueError("not an MS-OVBA compressed container")
    out = bytearray()
    position = 1
    while position < len(container):
        header = int.from_bytes(container[position:position + 2], "little")
        end = position + (header & 0x0FFF) + 3
        position += 2
        start = len(out)
        if not header & 0x8000:  # a raw chunk
            out += container[position:position + _CHUNK]
            position += _CHUNK
            continue
        while position < end:
            flags = container[position]
            position += 1
            for bit in range(8):
                if position >= end:
                    break
                if flags & (1 << bit):
                    token = int.from_bytes(container[position:position + 2], "little")
                    bits = max((len(out) - start - 1).bit_length(), 4)
                    length = (token & (0xFFFF >> bits)) + 3
                    offset = (token >> (16 - bits)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                    position += 2
                else:
                    out.append(container[position])
                    position += 1
    return bytes(out)


# -- the project's records ------------------------------------------------------------------

MODULE_NAME, MODULE_NAME_UNICODE, STREAM_NAME, STREAM_NAME_UNICODE, MODULE_OFFSET = 0x19, 0x47, 0x1A, 0x32, 0x31
PROJECT_NAME = 0x04
_PROJECT_VERSION = 0x09  # its size field says 4 but six bytes follow


def records(directory: bytes) -> list[tuple[int, bytes]]:
    """The `dir` stream's records, in order."""
    found, position = [], 0
    while position < len(directory):
        record, size = struct.unpack_from("<HI", directory, position)
        if record == _PROJECT_VERSION:
            size = 6
        found.append((record, directory[position + 6:position + 6 + size]))
        position += 6 + size
    return found


def pack(found: list[tuple[int, bytes]]) -> bytes:
    out = bytearray()
    for record, data in found:
        size = 4 if record == _PROJECT_VERSION else len(data)
        out += struct.pack("<HI", record, size) + data
    return bytes(out)


@dataclass(frozen=True)
class Replacement:
    """Put `source` (a module's text, as a .bas file holds it) where the template has module `old`;
    `edits` changes the source of other modules of the template (module name, function of its text)."""

    old: str
    new: str
    source: str
    project_name: str | None = None
    edits: tuple[tuple[str, Callable[[str], str]], ...] = ()


def replace_module(project: bytes, change: Replacement) -> bytes:
    """The VBA project with one standard module replaced by another (source only, compiled by Excel)."""
    import olefile  # the add-in's extra: reads the template's compound file

    with olefile.OleFileIO(io.BytesIO(project)) as ole:
        streams = {"/".join(path): ole.openstream(path).read() for path in ole.listdir(streams=True, storages=False)}
    found = records(decompress(streams["VBA/dir"]))
    codepage = next((f"cp{int.from_bytes(data, 'little')}" for record, data in found if record == 0x03), "cp1252")
    names = [data.decode(codepage) for record, data in found if record == MODULE_NAME]
    if change.old not in names:
        raise ValueError(f"the template has no module {change.old}")
    clash = [name for name in names if name != change.old and name.casefold() == change.new.casefold()]
    if change.new.casefold() == (change.project_name or "").casefold() or clash:
        raise ValueError(f"VBA names ignore case: module {change.new} would clash with {clash or change.project_name}")
    sources = {change.old: change.source.replace("\r\n", "\n").replace("\n", "\r\n")}
    if not sources[change.old].startswith("Attribute VB_Name"):
        sources[change.old] = f'Attribute VB_Name = "{change.new}"\r\n' + sources[change.old]
    offsets = _offsets(found, codepage)
    for name, edit in change.edits:
        text = decompress(streams[f"VBA/{name}"][offsets[name]:]).decode(codepage)
        sources[name] = edit(text)
    renamed = {change.old: change.new}
    patched, current = [], None
    for record, data in found:
        if record == MODULE_NAME:
            current = data.decode(codepage)
        new = renamed.get(current, current)
        if record == PROJECT_NAME and change.project_name:
            data = change.project_name.encode(codepage)
        elif current in renamed and record in (MODULE_NAME, STREAM_NAME):
            data = new.encode(codepage)
        elif current in renamed and record in (MODULE_NAME_UNICODE, STREAM_NAME_UNICODE):
            data = new.encode("utf-16-le")
        elif current in sources and record == MODULE_OFFSET:
            data = (0).to_bytes(4, "little")  # the stream holds the source only
        patched.append((record, data))
    streams["VBA/dir"] = compress(pack(patched))
    for name, text in sources.items():
        del streams[f"VBA/{name}"]
        streams[f"VBA/{renamed.get(name, name)}"] = compress(text.encode(codepage))
    streams["PROJECT"] = _project_stream(streams["PROJECT"].decode(codepage), change).encode(codepage)
    old, new = change.old, change.new
    if "PROJECTwm" in streams:
        streams["PROJECTwm"] = streams["PROJECTwm"].replace(
            old.encode(codepage) + b"\x00" + old.encode("utf-16-le") + b"\x00\x00",
            new.encode(codepage) + b"\x00" + new.encode("utf-16-le") + b"\x00\x00")
    return write_compound_file(streams)


def _offsets(found: list[tuple[int, bytes]], codepage: str) -> dict[str, int]:
    """Where each module's source starts in its stream (after the compiled code, if any)."""
    offsets, current = {}, None
    for record, data in found:
        if record == MODULE_NAME:
            current = data.decode(codepage)
        elif record == MODULE_OFFSET:
            offsets[current] = int.from_bytes(data, "little")
    return offsets


def _project_stream(text: str, change: Replacement) -> str:
    """The PROJECT stream (the project's properties as text lines) naming the new module."""
    old, new = change.old, change.new
    lines = []
    for line in text.split("\r\n"):
        if line == f"Module={old}":
            line = f"Module={new}"
        elif line.startswith(f"{old}="):
            line = f"{new}={line.split('=', 1)[1]}"
        elif line.startswith("Name=") and change.project_name:
            line = f'Name="{change.project_name}"'
        lines.append(line)
    return "\r\n".join(lines)


# -- MS-CFB: the compound file (version 3, 512-byte sectors) -----------------------------------

_SECTOR, _MINI, _CUTOFF = 512, 64, 4096
_FREE, _END, _FAT_SECTOR, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] | None = None
    start: int = _END
    index: int = 0
    left: int = _NONE
    right: int = _NONE
    child: int = _NONE


def write_compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding `streams` ("VBA/dir" is stream dir in storage VBA)."""
    root = _Entry("Root Entry", 5, children=[])
    for path, data in sorted(streams.items()):
        parent = root
        *storages, name = path.split("/")
        for storage in storages:
            found = next((e for e in parent.children if e.name == storage and e.kind == 1), None)
            if found is None:
                found = _Entry(storage, 1, children=[])
                parent.children.append(found)
            parent = found
        parent.children.append(_Entry(name, 2, data))
    entries: list[_Entry] = []

    def number(entry: _Entry) -> None:
        entry.index = len(entries)
        entries.append(entry)
        for child in entry.children or ():
            number(child)

    number(root)
    for entry in entries:
        if entry.children:
            entry.child = _tree(sorted(entry.children, key=lambda e: (len(e.name), e.name.upper())))
    small = [e for e in entries if e.kind == 2 and len(e.data) < _CUTOFF]
    large = [e for e in entries if e.kind == 2 and len(e.data) >= _CUTOFF]
    mini_stream, mini_fat = bytearray(), []
    for entry in small:
        entry.start = len(mini_stream) // _MINI if entry.data else _END
        count = -(-len(entry.data) // _MINI)
        mini_fat += [len(mini_fat) + i + 1 for i in range(count - 1)] + ([_END] if count else [])
        mini_stream += entry.data.ljust(count * _MINI, b"\x00")
    root.data = bytes(mini_stream)
    blobs = [root] + large  # what goes in regular sectors besides the FAT, directory and mini FAT
    directory_sectors = -(-len(entries) * 128 // _SECTOR)
    mini_fat_sectors = -(-len(mini_fat) * 4 // _SECTOR)
    data_sectors = sum(-(-len(b.data) // _SECTOR) for b in blobs)
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + directory_sectors + mini_fat_sectors + data_sectors:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("the VBA project is too big for this writer")
    fat: list[int] = [_FAT_SECTOR] * fat_sectors
    sectors: list[bytes] = []

    def chain(data: bytes) -> int:
        count = -(-len(data) // _SECTOR)
        if count == 0:
            return _END
        first = fat_sectors + len(sectors)
        for i in range(count):
            sectors.append(data[i * _SECTOR:(i + 1) * _SECTOR].ljust(_SECTOR, b"\x00"))
            fat.append(first + i + 1 if i < count - 1 else _END)
        return first

    first_directory_placeholder = len(sectors)
    directory_first = chain(b"\x00" * directory_sectors * _SECTOR)
    mini_fat_first = chain(b"".join(v.to_bytes(4, "little") for v in mini_fat)) if mini_fat else _END
    for blob in blobs:
        blob.start = chain(blob.data) if blob.data else _END
    unused = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, _NONE, _NONE, _NONE, b"\x00" * 16, 0, 0, 0, 0, 0)
    directory = b"".join(_directory_entry(e) for e in entries)
    directory += unused * (directory_sectors * _SECTOR // 128 - len(entries))
    for i in range(directory_sectors):  # now that every start sector is known
        sectors[first_directory_placeholder + i] = directory[i * _SECTOR:(i + 1) * _SECTOR]
    fat += [_FREE] * (fat_sectors * 128 - len(fat))
    header = bytearray(_SECTOR)
    struct.pack_into("<8s16sHHHHH6sIIIIIIIII", header, 0, bytes.fromhex("D0CF11E0A1B11AE1"), b"\x00" * 16,
                     0x003E, 3, 0xFFFE, 9, 6, b"\x00" * 6, 0, fat_sectors, directory_first, 0, _CUTOFF,
                     mini_fat_first, -(-len(mini_fat) * 4 // _SECTOR) if mini_fat else 0, _END, 0)
    difat = list(range(fat_sectors)) + [_FREE] * (109 - fat_sectors)
    struct.pack_into("<109I", header, 76, *difat)
    fat_bytes = b"".join(v.to_bytes(4, "little") for v in fat)
    return bytes(header) + fat_bytes + b"".join(sectors)


def _tree(children: list[_Entry]) -> int:
    """A balanced binary tree of siblings (the red-black colouring is all black)."""
    if not children:
        return _NONE
    middle = len(children) // 2
    node = children[middle]
    node.left = _tree(children[:middle])
    node.right = _tree(children[middle + 1:])
    return node.index


def _directory_entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\x00\x00"
    size = len(entry.data) if entry.kind != 1 else 0
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name), entry.kind, 1, entry.left, entry.right, entry.child,
                       b"\x00" * 16, 0, 0, 0, entry.start if entry.kind != 1 else 0, size)
