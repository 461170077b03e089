"""Reading the text of a CV in a child process, under a budget of CPU time, memory and wall-clock time.

A 7 KB PDF whose pages share one content stream inflating to megabytes of text operators costs pypdf
minutes of CPU; parsers also fail in many unexpected ways on hostile files. So the text is read by a
child process (`python -I` running this file) that limits itself with setrlimit before it reads
anything: beyond its CPU time the kernel stops it, beyond its memory an allocation fails, and the
parent kills it after its wall-clock timeout. The parent then keeps the file without its text.

This file runs on its own: it imports nothing from the portal package, so that the child starts fast
and holds nothing of the application (no configuration, no database connection).

Protocol: argv = kind, cpu_seconds, memory_mb, max_pages, max_chars; stdin = the file; stdout = JSON,
{"text": "..."} or {"refused": "damaged" | "encrypted" | "suspicious"}; exit status 3 when the memory
ran out. A child stopped by a signal (SIGXCPU, SIGKILL) ran out of CPU or time.
"""

import importlib
import io
import json
import logging
import resource
import sys

OUT_OF_MEMORY = 3


class Refused(Exception):
    """The file is refused: its code (damaged, encrypted, suspicious) is what the parent tells the person."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def pdf_text(data: bytes, max_pages: int) -> str:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a slightly malformed PDF is common: no noise
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise Refused("encrypted")
    return "\n".join((page.extract_text() or "") for page in reader.pages[:max_pages])


def docx_text(data: bytes, max_pages: int) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(part for part in parts if part.strip())


def odt_text(data: bytes, max_pages: int) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    parts = [teletype.extractText(node) for kind in (text.H, text.P) for node in document.getElementsByType(kind)]
    return "\n".join(part for part in parts if part.strip())


READERS = {
    "pdf": (pdf_text, ("pypdf",)),
    "docx": (docx_text, ("docx",)),
    "odt": (odt_text, ("odf.opendocument", "odf.teletype", "odf.text")),
}


def read(kind: str, data: bytes, max_pages: int) -> str:
    reader, modules = READERS[kind]
    # The libraries first: failing to load them is the reader's failure (or its memory's), not the file's.
    for module in modules:
        importlib.import_module(module)
    from pypdf.errors import DependencyError, LimitReachedError

    try:
        return reader(data, max_pages)
    except (Refused, MemoryError):
        raise
    except LimitReachedError:  # a stream inflating past pypdf's limits: a decompression bomb
        raise Refused("suspicious") from None
    except DependencyError:  # an encryption this installation cannot open
        raise Refused("encrypted") from None
    except Exception:  # the parsers raise many kinds of errors on broken files: all mean "damaged"
        raise Refused("damaged") from None


def main(argv: list[str]) -> int:
    kind, cpu_seconds, memory_mb, max_pages, max_chars = argv[0], *map(int, argv[1:5])
    # The limits come first: nothing below runs outside them.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # stopped by SIGXCPU: no core file
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        data = sys.stdin.buffer.read()
        try:
            # NUL cannot be stored in a PostgreSQL text column, and means nothing in a CV.
            answer = {"text": read(kind, data, max_pages).replace("\x00", "")[:max_chars]}
        except Refused as exc:
            answer = {"refused": exc.code}
        sys.stdout.write(json.dumps(answer))
    except MemoryError:
        return OUT_OF_MEMORY
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
