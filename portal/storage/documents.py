"""CV files: recognised by their content (not their name), checked, and read for their text.

The kind comes from the first bytes; DOCX and ODT are ZIP archives whose declared sizes are checked
before anything is unpacked, so that a "ZIP bomb" is refused without filling the memory. The text is
then read (PDF through pypdf, DOCX through python-docx, ODT through odfpy) by a child process under a
budget of CPU time, memory and time (extract.py): a file that costs more is kept without its text,
never holding a request for minutes.
"""

import io
import json
import logging
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from portal.storage.extract import OUT_OF_MEMORY
from portal.vocabulary import LabelledEnum

logger = logging.getLogger(__name__)

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 200  # a real document compresses far less than this
MAX_PDF_PAGES = 30
MIN_TEXT = 20  # below this, a PDF is taken for a scan
MAX_TEXT_CHARS = 200_000  # far more than a CV holds: what is beyond is not indexed

NOT_A_DOCUMENT = (
    "Ce fichier n'est ni un PDF, ni un document Word (.docx), ni un document OpenDocument (.odt). "
    "Enregistrez votre CV dans l'un de ces formats, puis envoyez-le à nouveau."
)
DAMAGED = (
    "Ce fichier est abîmé ou incomplet : ouvrez-le sur votre ordinateur, enregistrez-le à nouveau, puis renvoyez-le."
)
SUSPICIOUS = "Ce fichier a une structure anormale et ne peut pas être accepté. Enregistrez votre CV à nouveau, en PDF par exemple."
ENCRYPTED = "Ce PDF est protégé par un mot de passe : enregistrez-le sans protection, puis envoyez-le à nouveau."

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class DocumentKind(LabelledEnum):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    ODT = "odt", "OpenDocument (ODT)"


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
    readable: bool = True  # False: reading the text cost more than the budget allows

    @property
    def searchable(self) -> bool:
        return self.readable and len(self.text.strip()) >= MIN_TEXT

    @property
    def mimetype(self) -> str:
        return DOCUMENT_TYPES[self.kind]


@dataclass(frozen=True)
class Budget:
    """What reading one file's text may cost (EXTRACT_* in the configuration)."""

    cpu_seconds: int = 5
    memory_mb: int = 512
    timeout: float = 10

    @classmethod
    def from_config(cls, config) -> "Budget":
        return cls(config["EXTRACT_CPU_SECONDS"], config["EXTRACT_MEMORY_MB"], config["EXTRACT_TIMEOUT"])


def read_document(data: bytes, budget: Budget | None = None) -> Document:
    """The kind of the file, from its content, and its text, read within the budget.

    Raises DocumentRejected for what is not a CV or is damaged, encrypted or built to harm. A file whose
    text costs more than the budget to read is kept without its text: readable is False.
    """
    kind = _kind(data)
    text = _extract(kind, data, budget or Budget())
    return Document(kind, text or "", readable=text is not None)


def _kind(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _archive_kind(data)
    raise DocumentRejected(NOT_A_DOCUMENT)


def _archive_kind(data: bytes) -> str:
    """DOCX or ODT, from the archive's directory: its declared sizes are checked before anything is unpacked."""
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
            return "odt"
    except Exception:  # zipfile raises many kinds of errors on broken archives: all mean "damaged"
        raise DocumentRejected(DAMAGED) from None
    if "word/document.xml" in names:
        return "docx"
    raise DocumentRejected(NOT_A_DOCUMENT)


REFUSALS = {"damaged": DAMAGED, "encrypted": ENCRYPTED, "suspicious": SUSPICIOUS}
EXTRACTOR = Path(__file__).with_name("extract.py")


def _extract(kind: str, data: bytes, budget: Budget) -> str | None:
    """The text, read by a child process under the budget (see extract.py); None when it ran out of it."""
    command = [
        sys.executable,
        "-I",
        str(EXTRACTOR),
        kind,
        str(budget.cpu_seconds),
        str(budget.memory_mb),
        str(MAX_PDF_PAGES),
        str(MAX_TEXT_CHARS),
    ]
    try:
        # No environment: the child parses hostile files and needs none of the application's settings or secrets.
        child = subprocess.run(
            command, input=data, capture_output=True, timeout=budget.timeout, check=False, env={"LC_ALL": "C.UTF-8"}
        )
    except subprocess.TimeoutExpired:  # run() has killed the child
        logger.warning("reading a %s took more than %s s: kept without its text", kind, budget.timeout)
        return None
    if child.returncode != 0:
        # Stopped by SIGXCPU or SIGKILL (CPU), or out of memory: over budget. Anything else is a failure of
        # the reader itself, logged; the person keeps the file either way.
        if child.returncode > 0 and child.returncode != OUT_OF_MEMORY:
            logger.error("the text reader failed (%s): %s", child.returncode, child.stderr.decode(errors="replace"))
        else:
            logger.warning("reading a %s went over its budget (%s): kept without its text", kind, child.returncode)
        return None
    answer = json.loads(child.stdout)
    if "refused" in answer:
        raise DocumentRejected(REFUSALS[answer["refused"]])
    return answer["text"]
