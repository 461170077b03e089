"""Real CV files for upload tests, made on the fly: PDF, DOCX, ODT, and hostile ones."""

import io
import zipfile
import zlib


def pdf(lines: list[str] | None = None) -> bytes:
    """A one-page PDF whose text a reader can extract (built by hand: no PDF writer needed)."""
    lines = lines or ["Léa Durand", "Aide-soignante diplômée, expérience en EHPAD"]
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    content = "BT /F1 12 Tf 50 780 Td 16 TL " + " ".join(f"({line}) '" for line in escaped) + " ET"
    return pdf_with_stream(content.encode("cp1252"))


def pdf_with_stream(stream: bytes, pages: int = 1, flate: bool = False) -> bytes:
    """A PDF whose pages all share one content stream, given as it is stored (already deflated if flate)."""
    kids = " ".join(f"{3 + n} 0 R" for n in range(pages))
    contents, font = 3 + pages, 4 + pages
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    objects += [
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R "
        f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
    ] * pages
    objects += [
        b"<< /Length "
        + str(len(stream)).encode()
        + (b" /Filter /FlateDecode" if flate else b"")
        + b" >>\nstream\n"
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def slow_pdf(pages: int = 10, inflated: int = 2_000_000) -> bytes:
    """About 7 KB: ten pages share one content stream that inflates to 2 MB of text operators.
    Reading its text costs pypdf tens of seconds of CPU (minutes on a busy server)."""
    operator = b"BT /F1 12 Tf 50 700 Td (Aide soignante) Tj ET\n"
    return pdf_with_stream(zlib.compress(operator * (inflated // len(operator)), 9), pages, flate=True)


def deflate_bomb_pdf(inflated_mb: int = 80) -> bytes:
    """About 80 KB: one page whose content stream inflates to 80 MB of spaces, past pypdf's own limits."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated_mb)) + packer.flush()
    return pdf_with_stream(stream, flate=True)


def scanned_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx(paragraphs: list[str] | None = None) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for paragraph in paragraphs or ["Thomas Lefèvre", "Auxiliaire de vie, permis B, disponible de nuit"]:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt(paragraphs: list[str] | None = None) -> bytes:
    from odf import text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    for paragraph in paragraphs or ["Camille Martin", "Accompagnante éducative et sociale en foyer de vie"]:
        document.text.addElement(text.P(text=paragraph))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A small archive dressed as a DOCX whose member unpacks to 200 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(200):
                member.write(chunk)
    return out.getvalue()
