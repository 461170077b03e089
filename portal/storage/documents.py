"""CV files: recognised by their content (not their name), checked, and read for their text.

PDF through pypdf, DOCX through python-docx, ODT through odfpy. DOCX and ODT are ZIP archives:
their declared sizes are checked before anything is unpacked, so that a "ZIP bomb" is refused
without filling the memory.
"""

import io
import logging
import zipfile
from dataclasses import dataclass

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 200  # a real document compresses far less than this
MAX_PDF_PAGES = 30
MIN_TEXT = 20  # below this, a PDF is taken for a scan

NOT_A_DOCUMENT = ("Ce fichier n'est ni un PDF, ni un document Word (.docx), ni un document OpenDocument (.odt). "
                  "Enregistrez votre CV dans l'un de ces formats, puis envoyez-le à nouveau.")
DAMAGED = "Ce fichier est abîmé ou incomplet : ouvrez-le sur votre ordinateur, enregistrez-le à nouveau, puis renvoyez-le."
SUSPICIOUS = "Ce fichier a une structure anormale et ne peut pas être accepté. Enregistrez votre CV à nouveau, en PDF par exemple."
ENCRYPTED = "Ce PDF est protégé par un mot de passe : enregistrez-le sans protection, puis envoyez-le à nouveau."

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


class DocumentRejected(ValueError):
    """The French reason why a file is refused."""


@dataclass
class Document:
    kind: str  # "pdf", "docx" or "odt"
    text: str

    @property
    def searchable(self) -> bool:
        return len(self.text.strip()) >= MIN_TEXT

    @property
    def mimetype(self) -> str:
        return DOCUMENT_TYPES[self.kind]


def read_document(data: bytes) -> Document:
    if data.startswith(b"%PDF-"):
        return _read_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        return _read_archive(data)
    raise DocumentRejected(NOT_A_DOCUMENT)


def _read_pdf(data: bytes) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a slightly malformed PDF is common: no noise
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentRejected(ENCRYPTED)
        text = "\n".join((page.extract_text() or "") for page in reader.pages[:MAX_PDF_PAGES])
    except DocumentRejected:
        raise
    except DependencyError:  # an encryption this installation cannot open
        raise DocumentRejected(ENCRYPTED) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise DocumentRejected(DAMAGED) from None
    return Document("pdf", text)


def _read_archive(data: bytes) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DocumentRejected(DAMAGED) from None
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES or any(
        info.compress_size and info.file_size / info.compress_size > MAX_RATIO for info in infos
    ):
        raise DocumentRejected(SUSPICIOUS)
    names = {info.filename for info in infos}
    try:
        if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
            return Document("odt", _odt_text(data))
        if "word/document.xml" in names:
            return Document("docx", _docx_text(data))
    except DocumentRejected:
        raise
    except Exception:  # the libraries raise many kinds of errors on broken files: all mean "damaged"
        raise DocumentRejected(DAMAGED) from None
    raise DocumentRejected(NOT_A_DOCUMENT)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(part for part in parts if part.strip())


def _odt_text(data: bytes) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    parts = [teletype.extractText(node) for kind in (text.H, text.P) for node in document.getElementsByType(kind)]
    return "\n".join(part for part in parts if part.strip())
