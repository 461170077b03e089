import pytest

from portal.storage.documents import MAX_TEXT_CHARS, Budget, DocumentRejected, read_document
from tests import documents


def test_text_is_read_from_a_pdf():
    document = read_document(documents.pdf(["Léa Durand", "Aide-soignante diplômée"]))
    assert document.kind == "pdf" and document.searchable
    assert "Léa Durand" in document.text and "Aide-soignante diplômée" in document.text


def test_text_is_read_from_a_docx():
    document = read_document(documents.docx(["Thomas", "Veilleur de nuit qualifié depuis 2019"]))
    assert document.kind == "docx" and "Veilleur de nuit qualifié" in document.text


def test_text_is_read_from_an_odt():
    document = read_document(documents.odt(["Camille", "Accompagnante éducative et sociale"]))
    assert document.kind == "odt" and "Accompagnante éducative et sociale" in document.text


def test_a_scanned_pdf_is_accepted_but_not_searchable():
    document = read_document(documents.scanned_pdf())
    assert document.kind == "pdf" and not document.searchable


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Je suis un simple texte et pas un PDF.\n" * 10, "ni un PDF"),
        (b"%PDF-1.4\n garbage garbage", "abîmé"),
        (documents.pdf()[:150], "abîmé"),
        (documents.docx()[:300], "abîmé"),
    ],
)
def test_files_that_are_not_documents_are_refused_in_french(data, reason):
    with pytest.raises(DocumentRejected, match=reason):
        read_document(data)


def test_an_encrypted_pdf_is_refused():
    with pytest.raises(DocumentRejected, match="protégé par un mot de passe"):
        read_document(documents.encrypted_pdf())


def test_a_zip_bomb_is_refused_without_unpacking_it():
    bomb = documents.zip_bomb()
    assert len(bomb) < 1024 * 1024
    with pytest.raises(DocumentRejected, match="structure anormale"):
        read_document(bomb)


def test_reading_a_pdf_that_costs_minutes_stops_at_the_cpu_budget():
    document = read_document(documents.slow_pdf(), Budget(cpu_seconds=1, timeout=30))
    assert (document.kind, document.readable, document.searchable, document.text) == ("pdf", False, False, "")


def test_a_pdf_stream_inflating_past_the_limits_is_refused():
    with pytest.raises(DocumentRejected, match="structure anormale"):
        read_document(documents.deflate_bomb_pdf())


def test_the_text_kept_of_a_document_is_bounded():
    document = read_document(documents.docx(["Aide-soignante de nuit. " * 20] * 600))
    assert document.readable and len(document.text) == MAX_TEXT_CHARS
