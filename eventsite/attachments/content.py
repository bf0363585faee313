"""What an uploaded file is, read from its bytes: the name and the browser's word for it are not trusted.

`filetype` reads the magic bytes; office documents that are zip files (DOCX, XLSX, PPTX, ODT, ODS,
ODP) must also have the inner structure of their format, so a renamed zip of anything is refused.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile

import filetype
from flask_babel import gettext

#: the types accepted, by the MIME type `filetype` gives, and what the upload form calls them
IMAGES = {"image/png", "image/jpeg", "image/webp", "image/gif"}
DOCUMENTS = {
    "application/pdf",
    "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
#: the part an OOXML package must hold for its type
_OOXML_PART = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "word/document.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xl/workbook.xml",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "ppt/presentation.xml",
}
ACCEPTED_TEXT = "PDF, PNG, JPEG, WebP, GIF, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT"


class AttachmentRefused(ValueError):
    """An upload that is not accepted; the message is for the user, at the file field."""


def content_type_of(data: bytes) -> str:
    """The MIME type of `data` if it is a type attachments accept; AttachmentRefused otherwise."""
    kind = filetype.guess(data[:8192]) if data else None
    mime = kind.mime if kind else None
    if mime in _OOXML_PART or (mime or "").startswith("application/vnd.oasis.opendocument."):
        mime = _zip_structure(data, mime)
    if mime not in IMAGES | DOCUMENTS:
        raise AttachmentRefused(gettext(
            "This file is not one of the types that can be attached (%(types)s): its content was checked, "
            "not its name.", types=ACCEPTED_TEXT))
    return mime


def _zip_structure(data: bytes, mime: str) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if mime in _OOXML_PART:
                return mime if "[Content_Types].xml" in names and _OOXML_PART[mime] in names else None
            # ODF: an uncompressed "mimetype" entry naming the type, and the content itself
            declared = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
            return mime if declared == mime and "content.xml" in names else None
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None


def safe_filename(name: str | None, fallback: str = "attachment") -> str:
    """The uploaded name without any folder, control characters or quotes, at most 200 characters."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '"<>|:*?')
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else name[:200]
    return name or fallback
