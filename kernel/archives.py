"""Open uploaded Office files without letting a small hostile file exhaust the server.

An .xlsx or .docx is a zip archive.  A few kilobytes of one can claim gigabytes once
decompressed (a "zip bomb"), list a million tiny parts, store one part under two names or
let parts overlap so that the same compressed bytes are decompressed again and again.
:class:`SafeArchive` decides from the archive's end record and central directory, before a
byte is decompressed, whether the file is opened at all; the reading that follows is
metered: parts are unpacked 64 KB at a time, so that none gives more than it declared, the
whole file no more than the limit (however often a part is read again), and reading stops
when it has taken too long.

Old Office files (.xls, .doc) are OLE2 compound files instead: :func:`check_compound_file`
checks the sizes their header declares against the file before a reader walks it.

The limits are settings (``IMPORT_MAX_*``, see the README); each refusal raises
:class:`ArchiveRefused` with a message for the user that says what is wrong and what to do.
"""
import io
import struct
import time
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext

MB = 1024 * 1024
# A part smaller than this cannot hurt whatever its compression ratio, and small XML parts
# of real files pack tightly, so only larger parts are held to the ratio limit.
RATIO_CHECKED_FROM_BYTES = MB
CHUNK_BYTES = 64 * 1024
_END_RECORD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_LOCAL_HEADER = b"PK\x03\x04"
_END_RECORD_SEARCH = 22 + 65535  # the end record, then at most a 64 KB comment
# One central directory entry is 46 bytes plus its name and extras; Office names are short.
_DIRECTORY_BYTES_PER_PART = 1024
_OFFICE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class ArchiveRefused(Exception):
    """The uploaded file is refused; ``str(error)`` is the message for the user."""


class DamagedCompoundFile(ArchiveRefused):
    """An OLE2 file whose header does not fit the file: damaged or crafted (a caller may word it its own way)."""


@dataclass(frozen=True)
class ArchiveLimits:
    """How much one uploaded archive may hold and cost; ``setting`` names the size limit for messages."""

    max_parts: int
    max_uncompressed_bytes: int
    max_ratio: int
    max_seconds: float
    setting: str

    @classmethod
    def for_workbooks(cls):
        return cls(
            max_parts=int(settings.IMPORT_MAX_PARTS),
            max_uncompressed_bytes=int(settings.IMPORT_MAX_UNCOMPRESSED_MB) * MB,
            max_ratio=int(settings.IMPORT_MAX_COMPRESSION_RATIO),
            max_seconds=float(settings.IMPORT_MAX_SECONDS),
            setting="IMPORT_MAX_UNCOMPRESSED_MB",
        )

    @classmethod
    def for_documents(cls):
        """Word files are parsed whole (python-docx keeps about six bytes per byte of XML): a lower size limit."""
        return cls(
            max_parts=int(settings.IMPORT_MAX_PARTS),
            max_uncompressed_bytes=int(settings.IMPORT_MAX_WORD_UNCOMPRESSED_MB) * MB,
            max_ratio=int(settings.IMPORT_MAX_COMPRESSION_RATIO),
            max_seconds=float(settings.IMPORT_MAX_SECONDS),
            setting="IMPORT_MAX_WORD_UNCOMPRESSED_MB",
        )


class Deadline:
    """Raises :class:`ArchiveRefused` from :meth:`check` once ``seconds`` have passed since it was made."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self):
        if time.monotonic() > self.ends:
            raise ArchiveRefused(
                gettext(
                    "Reading the file took longer than %(seconds)d seconds (IMPORT_MAX_SECONDS) and was stopped. "
                    "Split it into smaller files, or ask the administrator to raise the limit."
                ) % {"seconds": self.seconds}
            )


def _resave():
    return gettext("Open it in Excel or Word and save it again, then upload the saved file.")


def _too_many_parts(limits):
    return ArchiveRefused(
        gettext(
            "The file consists of more than %(limit)d parts (IMPORT_MAX_PARTS); Office files have far fewer. "
            "It is damaged or was not made by Office. "
        ) % {"limit": limits.max_parts} + _resave()
    )


def _too_large(size, limits):
    return ArchiveRefused(
        gettext(
            "Unpacked, the file would take %(size)s MB, more than the limit of %(limit)d MB (%(setting)s). "
            "Split it into smaller files, or ask the administrator to raise the limit."
        ) % {"size": f"{size / MB:,.1f}", "limit": limits.max_uncompressed_bytes // MB, "setting": limits.setting}
    )


def _declared_directory(content):
    """(number of parts, size of the central directory) from the end record; None when there is none."""
    position = content.rfind(_END_RECORD, max(0, len(content) - _END_RECORD_SEARCH))
    if position < 0 or position + 22 > len(content):
        return None
    count, size = struct.unpack_from("<HI", content, position + 10)
    locator = position - 20
    if (count == 0xFFFF or size == 0xFFFFFFFF) and locator >= 0 and content[locator:locator + 4] == _ZIP64_LOCATOR:
        (record,) = struct.unpack_from("<Q", content, locator + 8)
        if record + 56 <= len(content):
            count, size = struct.unpack_from("<QQ", content, record + 32)
    return count, size


def check_directory(content, limits):
    """Refuse before the central directory is parsed (the parser makes an object per entry)."""
    declared = _declared_directory(content)
    if declared is None:
        return  # not a zip: the zip reader says so
    count, size = declared
    if count > limits.max_parts or size > limits.max_parts * _DIRECTORY_BYTES_PER_PART:
        raise _too_many_parts(limits)


def check_parts(content, infos, limits):
    """Refuse an archive whose central directory claims too much, repeats itself or overlaps."""
    if len(infos) > limits.max_parts:
        raise _too_many_parts(limits)
    names, total = set(), 0
    for info in infos:
        if info.filename in names:
            raise ArchiveRefused(
                gettext("The part %(part)s appears twice in the file: it is damaged or was made to deceive. ")
                % {"part": info.filename} + _resave()
            )
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise ArchiveRefused(
                gettext("The file is encrypted. Remove its password in Office (File → Info → Protect) and upload it again.")
            )
        if info.compress_type not in _OFFICE_METHODS:
            raise ArchiveRefused(
                gettext("The part %(part)s is compressed with a method Office never uses. ") % {"part": info.filename}
                + _resave()
            )
        if info.file_size >= RATIO_CHECKED_FROM_BYTES and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ArchiveRefused(
                gettext(
                    "The part %(part)s is compressed %(ratio)s-fold, far more than Office files are (the limit is "
                    "%(limit)d-fold, IMPORT_MAX_COMPRESSION_RATIO): the file looks like a zip bomb and is not opened. "
                ) % {"part": info.filename, "ratio": f"{info.file_size // max(info.compress_size, 1):,}", "limit": limits.max_ratio}
                + _resave()
            )
        total += info.file_size
    if total > limits.max_uncompressed_bytes:
        raise _too_large(total, limits)
    _check_no_overlap(content, infos)


def _check_no_overlap(content, infos):
    """Each part's compressed bytes must end before the next part begins (no byte decompressed twice)."""
    end_of_previous, previous = 0, None
    for info in sorted(infos, key=lambda item: item.header_offset):
        start = info.header_offset
        header = content[start:start + 30]
        if len(header) < 30 or header[:4] != _LOCAL_HEADER or start < end_of_previous:
            raise ArchiveRefused(
                gettext("The parts %(first)s and %(second)s of the file overlap: it is damaged or was made to deceive. ")
                % {"first": previous.filename if previous else "-", "second": info.filename} + _resave()
            )
        name_length, extra_length = struct.unpack_from("<HH", header, 26)
        end_of_previous, previous = start + 30 + name_length + extra_length + info.compress_size, info


class _MeteredPart(io.RawIOBase):
    """A part being decompressed, at most 64 KB per read, each read charged to the archive.

    Read in bounded pieces, Python's zip reader stops a part at the size it declared and then
    fails its checksum (``BadZipFile``); asked for a whole part at once it would first
    decompress everything the compressed bytes hold, however much that is.
    """

    def __init__(self, archive, info):
        super().__init__()
        self._archive = archive
        self._stream = archive.zip.open(info)

    def readable(self):
        return True

    def read(self, size=-1):
        self._archive.deadline.check()
        data = self._stream.read(CHUNK_BYTES if size is None or size < 0 else min(size, CHUNK_BYTES))
        self._archive.charge(len(data))
        return data

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self):
        self._stream.close()
        super().close()


class SafeArchive:
    """A zip archive checked by :func:`check_directory` and :func:`check_parts`, read through a meter.

    ``open(name)`` gives a file object of at most 64 KB per ``read``; everything read from all
    parts together, including a part read twice, counts against ``max_uncompressed_bytes``.
    Raises :class:`ArchiveRefused`, or ``zipfile.BadZipFile`` when the file is not a zip.
    """

    def __init__(self, content, limits):
        self.limits = limits
        self.deadline = Deadline(limits.max_seconds)
        check_directory(content, limits)
        self.zip = zipfile.ZipFile(io.BytesIO(content))
        check_parts(content, self.zip.infolist(), limits)
        self._left = limits.max_uncompressed_bytes

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.zip.close()

    def __contains__(self, name):
        return name in self.zip.NameToInfo

    def open(self, name):
        return _MeteredPart(self, self.zip.getinfo(name))

    def charge(self, size):
        self._left -= size
        if self._left < 0:
            raise ArchiveRefused(
                gettext(
                    "Reading the file unpacks more than %(limit)d MB (%(setting)s): some of its parts are read "
                    "more than once. "
                ) % {"limit": self.limits.max_uncompressed_bytes // MB, "setting": self.limits.setting} + _resave()
            )


def check_archive(content, limits):
    """Refuse ``content`` (a zip) before a library that reads parts whole opens it.

    Such a library (python-docx) asks the zip reader for a whole part at once, which
    decompresses it in one go and only then cuts it to the declared size: a part that lies
    about its size would take gigabytes first.  So every part is unpacked here through the
    meter, 64 KB at a time and thrown away, which also verifies its checksum.  Raises
    :class:`ArchiveRefused`, or ``zipfile.BadZipFile`` for a damaged file.
    """
    with SafeArchive(content, limits) as archive:
        for info in archive.zip.infolist():
            with archive.open(info.filename) as stream:
                while stream.read():
                    pass


OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_compound_file(content, limits):
    """Refuse an OLE2 compound file (.xls, .doc) whose header declares more than the file can hold
    (:class:`DamagedCompoundFile`) or that is larger than the unpacked-size limit.

    The header names the sector size and the number of sectors in each allocation table; a
    reader allocates by these numbers, so they must fit in the file that was uploaded, and
    the file itself within the unpacked-size limit (an OLE2 file is not compressed).
    """
    if content[:8] != OLE2_SIGNATURE or len(content) < 512:
        raise DamagedCompoundFile(gettext("The file is not a valid Office 97–2003 file. ") + _resave())
    if len(content) > limits.max_uncompressed_bytes:
        raise _too_large(len(content), limits)
    sector_shift, mini_shift = struct.unpack_from("<HH", content, 30)
    fat_sectors, _directory_start, _signature, _cutoff, _mini_start, mini_sectors, _difat_start, difat_sectors = (
        struct.unpack_from("<IIIIIIII", content, 44)
    )
    sectors_in_file = len(content) // (1 << sector_shift) if sector_shift in (9, 12) else 0
    if (
        sector_shift not in (9, 12) or mini_shift != 6
        or max(fat_sectors, mini_sectors, difat_sectors) > sectors_in_file
    ):
        raise DamagedCompoundFile(gettext("The file is not a valid Office 97–2003 file. ") + _resave())
