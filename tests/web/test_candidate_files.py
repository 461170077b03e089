import io
import re
import resource
import time

import pytest
from PIL import Image

from portal.candidates.services import profile_of
from portal.extensions import db
from tests import documents
from tests.browser_forms import BrowserForm
from tests.conftest import Auth, page
from tests.helpers import attachment_name
from tests.images import jpeg_with_exif, png_bomb


def send(client, data: bytes, name: str):
    return client.post("/compte/cv", data={"cv": (io.BytesIO(data), name)}, content_type="multipart/form-data")


@pytest.fixture
def candidate(client, make, auth):
    user = make.candidate()
    auth.login(user)
    return user


def uploads(instance_path, folder="cv"):
    path = instance_path / "uploads" / folder
    return sorted(path.iterdir()) if path.exists() else []


@pytest.mark.parametrize(
    ("maker", "name", "kind", "words"),
    [
        (documents.pdf, "Mon CV.pdf", "pdf", "Aide-soignante diplômée"),
        (documents.docx, "cv.docx", "docx", "disponible de nuit"),
        (documents.odt, "cv.odt", "odt", "foyer de vie"),
    ],
)
def test_a_cv_is_stored_under_a_random_name_and_its_text_read(
    client, candidate, instance_path, maker, name, kind, words
):
    response = send(client, maker(), name)
    assert response.status_code == 302
    profile = profile_of(candidate)
    db.session.refresh(profile)
    cv = profile.files[0]
    assert (cv.kind, cv.display_name, cv.shown, cv.searchable) == (kind, name, True, True)
    assert words in cv.text
    stored = uploads(instance_path)
    # A random name: 24 URL-safe characters (which may spell "cv" by chance) and the detected kind.
    assert len(stored) == 1 and re.fullmatch(rf"[A-Za-z0-9_-]{{24}}\.{kind}", stored[0].name), stored
    assert "static" not in str(stored[0])


def test_the_type_comes_from_the_content_not_the_name(client, candidate):
    assert send(client, documents.docx(), "cv.pdf").status_code == 302
    profile = profile_of(candidate)
    db.session.refresh(profile)
    assert profile.files[0].kind == "docx"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"Bonjour, ceci est un texte.\n" * 20, "cv.pdf", "ni un PDF"),
        (documents.zip_bomb(), "cv.docx", "structure anormale"),
        (documents.encrypted_pdf(), "cv.pdf", "protégé par un mot de passe"),
        (documents.pdf()[:120], "cv.pdf", "abîmé ou incomplet"),
        (documents.deflate_bomb_pdf(), "cv.pdf", "structure anormale"),
    ],
)
def test_hostile_or_broken_files_are_refused_and_nothing_is_kept(client, candidate, instance_path, data, name, message):
    response = send(client, data, name)
    assert response.status_code == 422 and message in page(response)
    assert uploads(instance_path) == []
    profile = profile_of(candidate)
    db.session.refresh(profile)
    assert profile.files == []


def test_a_scanned_pdf_is_kept_with_a_warning(client, candidate):
    response = client.post(
        "/compte/cv",
        data={"cv": (io.BytesIO(documents.scanned_pdf()), "scan.pdf")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "semble être une image scannée" in page(response)
    profile = profile_of(candidate)
    db.session.refresh(profile)
    assert profile.files[0].searchable is False


def test_a_nul_character_in_a_cv_text_is_dropped_so_that_any_database_stores_it(client, candidate):
    response = send(client, documents.pdf(["Léa\x00Durand", "Aide-soignante de nuit\x00"]), "cv.pdf")
    assert response.status_code == 302
    profile = profile_of(candidate)
    db.session.refresh(profile)
    assert profile.files[0].text == "LéaDurand\nAide-soignante de nuit"


def test_a_pdf_that_takes_minutes_to_read_is_kept_without_its_text_within_seconds(client, candidate, instance_path):
    slow = documents.slow_pdf()
    assert len(slow) < 10_000
    started, cpu = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    response = send(client, slow, "cv.pdf")
    time.monotonic() - started
    sum(getattr(resource.getrusage(resource.RUSAGE_CHILDREN), f) - getattr(cpu, f) for f in ("ru_utime", "ru_stime"))
    assert response.status_code == 302
    notice = page(client.get(response.headers["Location"]))
    assert "son texte n'a pas pu être lu" in notice and "verront le fichier" in notice
    profile = profile_of(candidate)
    db.session.refresh(profile)
    [cv] = profile.files
    assert (cv.kind, cv.searchable, cv.text) == ("pdf", False, "")
    assert len(uploads(instance_path)) == 1
    assert "Texte illisible" in page(client.get("/compte/cv"))


# 8 MB: less than the reader needs to start, so that it runs out of memory whatever the file.
@pytest.mark.parametrize("budget", [{"EXTRACT_MEMORY_MB": 8}, {"EXTRACT_TIMEOUT": 0.01}])
def test_a_cv_whose_reading_runs_out_of_memory_or_time_is_kept_without_its_text(make_app, make, budget):
    app = make_app(**budget)
    with app.app_context():
        client = app.test_client()
        candidate = make.candidate()
        Auth(client).login(candidate)
        response = send(client, documents.docx(), "cv.docx")
        assert response.status_code == 302
        assert "son texte n'a pas pu être lu" in page(client.get(response.headers["Location"]))
        profile = profile_of(candidate)
        db.session.refresh(profile)
        assert [(cv.kind, cv.searchable) for cv in profile.files] == [("docx", False)]


def test_a_too_big_cv_is_refused(make_app, make):
    app = make_app(CV_MAX_BYTES=1000)
    with app.app_context():
        user = make.candidate()
        client = app.test_client()
        Auth(client).login(user)
        response = send(client, documents.pdf(["x" * 80] * 20), "cv.pdf")
        assert response.status_code == 422 and "dépasse" in page(response)


def test_no_file_chosen_is_a_clear_error(client, candidate):
    response = client.post("/compte/cv", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choisissez un fichier" in page(response)


def test_up_to_three_cvs_and_the_shown_one_can_be_chosen(client, candidate):
    for n in range(3):
        assert send(client, documents.pdf([f"CV numéro {n}"]), f"cv{n}.pdf").status_code == 302
    refused = send(client, documents.pdf(), "cv4.pdf")
    assert refused.status_code == 422 and "déjà 3 CV" in page(refused)
    profile = profile_of(candidate)
    db.session.refresh(profile)
    assert [cv.shown for cv in profile.files] == [True, False, False]
    client.post(f"/compte/cv/{profile.files[2].id}/montrer")
    db.session.refresh(profile)
    assert [cv.shown for cv in profile.files] == [False, False, True]


def test_the_cv_page_says_the_cv_is_shown_to_employers_only_when_it_is(client, candidate):
    send(client, documents.pdf(["Aide-soignante"]), "cv.pdf")
    hidden = page(client.get("/compte/cv"))
    assert "Montré aux employeurs" not in hidden
    assert "CV principal, non montré : votre profil n'est pas visible" in hidden
    assert "Votre profil n'est pas visible dans la CV-thèque" in hidden and "/compte/profil#visibilite" in hidden

    form = BrowserForm(page(client.get("/compte/profil")), "profil").tick("visible").tick("anonymous")
    client.post("/compte/profil", data=form.submit("Enregistrer mon profil"))
    anonymous = page(client.get("/compte/cv"))
    assert "Montré aux employeurs" not in anonymous and "CV principal, montré après votre accord" in anonymous

    form = BrowserForm(page(client.get("/compte/profil")), "profil").untick("anonymous")
    client.post("/compte/profil", data=form.submit("Enregistrer mon profil"))
    assert "Montré aux employeurs" in page(client.get("/compte/cv"))


def test_choosing_the_main_cv_of_a_hidden_profile_does_not_claim_employers_see_it(client, candidate):
    send(client, documents.pdf(["Premier"]), "a.pdf")
    send(client, documents.pdf(["Second"]), "b.pdf")
    profile = profile_of(candidate)
    db.session.refresh(profile)
    response = client.post(f"/compte/cv/{profile.files[1].id}/montrer", follow_redirects=True)
    assert "« b.pdf » est votre CV principal. Votre profil n'est pas visible dans la CV-thèque" in page(response)
    assert "verront les employeurs" not in page(response).split('class="flashes"')[1].split("</div>")[0]


def test_deleting_a_cv_asks_first_then_erases_the_file(client, candidate, instance_path):
    send(client, documents.pdf(), "a.pdf")
    send(client, documents.pdf(), "b.pdf")
    profile = profile_of(candidate)
    db.session.refresh(profile)
    first = profile.files[0]
    confirm = client.get(f"/compte/cv/{first.id}/supprimer")
    assert "Oui, supprimer ce CV" in page(confirm)
    assert len(uploads(instance_path)) == 2  # asking deletes nothing
    client.post(f"/compte/cv/{first.id}/supprimer")
    db.session.expire_all()
    profile = profile_of(candidate)
    assert [cv.display_name for cv in profile.files] == ["b.pdf"] and profile.files[0].shown
    assert len(uploads(instance_path)) == 1


def test_a_candidate_downloads_only_their_own_cvs(client, candidate, make, auth):
    send(client, documents.pdf(), "mien.pdf")
    profile = profile_of(candidate)
    db.session.refresh(profile)
    mine = profile.files[0].id
    with client.get(f"/compte/cv/{mine}/fichier") as response:
        assert response.status_code == 200 and response.data.startswith(b"%PDF-")
        assert "filename=mien.pdf" in response.headers["Content-Disposition"]
    other_client = auth.client_for(make.candidate())
    for action in ("fichier", "supprimer"):
        assert other_client.get(f"/compte/cv/{mine}/{action}").status_code == 404
    assert other_client.post(f"/compte/cv/{mine}/montrer").status_code == 404


@pytest.mark.parametrize(
    ("maker", "name", "extension"),
    [
        (documents.pdf, '<b>poly</b>".html', ".pdf"),
        (documents.docx, "cv.exe", ".docx"),
        (documents.odt, "mon cv\u202egpj.odt", ".odt"),
        (documents.pdf, "....", ".pdf"),
    ],
)
def test_a_cv_is_downloaded_with_the_extension_of_its_real_type(client, candidate, maker, name, extension):
    send(client, maker(), name)
    profile = profile_of(candidate)
    db.session.refresh(profile)
    cv = profile.files[0]
    with client.get(f"/compte/cv/{cv.id}/fichier") as response:
        saved_as = attachment_name(response)
    assert saved_as.endswith(extension) and saved_as.count(".") == 1, saved_as
    assert not set(saved_as) & set('<>"/\\\u202e'), saved_as


def test_a_photo_is_reencoded_square_and_stripped(client, candidate, instance_path):
    response = client.post(
        "/compte/photo", data={"photo": (io.BytesIO(jpeg_with_exif()), "moi.jpg")}, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    with client.get("/compte/photo.png") as served:
        image = Image.open(io.BytesIO(served.data))
        assert image.format == "PNG" and image.size == (240, 240) and not image.getexif()
    stored = uploads(instance_path, "photos")
    assert len(stored) == 1 and b"Appareil-Secret" not in stored[0].read_bytes()
    client.post("/compte/photo/supprimer")
    assert uploads(instance_path, "photos") == []


def test_a_photo_bomb_is_refused(client, candidate, instance_path):
    response = client.post(
        "/compte/photo", data={"photo": (io.BytesIO(png_bomb()), "bombe.png")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "beaucoup trop grande" in page(response)
    assert uploads(instance_path, "photos") == []
