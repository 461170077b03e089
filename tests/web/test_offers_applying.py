"""Candidates apply to open offers with a CV; recruiters follow the applications; both are told by mail."""

import io
from datetime import timedelta

import pytest

from portal.candidates import services as candidates
from portal.clock import today_in_paris
from portal.extensions import db
from portal.offers.models import Application
from tests import documents
from tests.conftest import PASSWORD, links_in, outbox, page, path_of
from tests.helpers import publish


def fresh(application_id: int) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application_id)


@pytest.fixture
def setting(app, make):
    recruiter = make.member()
    candidate = make.candidate(first_name="Inès", last_name="Postule")
    profile = candidates.profile_of(candidate)
    cv = candidates.add_cv(profile, documents.pdf(["Inès Postule", "Aide-soignante"]), "cv.pdf")
    offer = publish(recruiter, "Aide-soignant·e de jour")
    return recruiter, candidate, cv, offer


def test_a_candidate_applies_with_a_cv_on_file_and_everyone_is_told(setting, auth):
    recruiter, candidate, cv, offer = setting
    client = auth.client_for(candidate)
    form = page(client.get(f"/offres/{offer.id}/postuler"))
    assert "cv.pdf" in form
    response = client.post(f"/offres/{offer.id}/postuler", data={"cv": cv.id, "message": "Disponible dès lundi."})
    assert response.status_code == 302
    application = db.session.query(Application).one()
    assert (application.cv_id, application.message, application.status) == (cv.id, "Disponible dès lundi.", "received")
    assert "Nouvelle candidature" in outbox(recruiter.email)[-1].subject
    assert "Disponible dès lundi." in outbox(recruiter.email)[-1].body_text
    assert "Votre candidature" in outbox(candidate.email)[-1].subject
    assert "Reçue" in page(client.get("/compte/candidatures"))


def test_a_new_cv_can_be_sent_with_the_application(setting, auth):
    _, candidate, _, offer = setting
    client = auth.client_for(candidate)
    client.post(
        f"/offres/{offer.id}/postuler",
        data={"new_cv": (io.BytesIO(documents.docx()), "nouveau.docx"), "message": ""},
        content_type="multipart/form-data",
    )
    application = db.session.query(Application).one()
    assert application.cv.display_name == "nouveau.docx"


def test_a_hostile_file_is_refused_and_nothing_is_sent(setting, auth):
    recruiter, candidate, _, offer = setting
    client = auth.client_for(candidate)
    response = client.post(
        f"/offres/{offer.id}/postuler",
        content_type="multipart/form-data",
        data={"new_cv": (io.BytesIO(b"not a pdf at all"), "cv.pdf"), "message": "Bonjour"},
    )
    assert response.status_code == 422
    assert db.session.query(Application).count() == 0 and outbox(recruiter.email) == []


def test_applying_twice_is_refused(setting, auth):
    _, candidate, cv, offer = setting
    client = auth.client_for(candidate)
    client.post(f"/offres/{offer.id}/postuler", data={"cv": cv.id})
    response = client.post(f"/offres/{offer.id}/postuler", data={"cv": cv.id}, follow_redirects=True)
    assert "Vous avez déjà répondu à cette offre" in page(response)
    assert db.session.query(Application).count() == 1


def test_an_expired_offer_refuses_applications(setting, auth):
    _, candidate, cv, offer = setting
    offer.expires_on = today_in_paris() - timedelta(days=1)
    db.session.commit()
    client = auth.client_for(candidate)
    response = client.post(f"/offres/{offer.id}/postuler", data={"cv": cv.id}, follow_redirects=True)
    assert "n'est plus ouverte" in page(response)
    assert db.session.query(Application).count() == 0


def test_a_visitor_is_led_to_log_in_and_comes_back_to_the_offer(app, client, setting):
    _, candidate, _, offer = setting
    response = client.get(f"/offres/{offer.id}/postuler")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]
    login_page = response.headers["Location"]
    response = client.post(login_page, data={"email": candidate.email, "password": PASSWORD})
    assert response.headers["Location"].endswith(f"/offres/{offer.id}/postuler")


def test_a_visitor_who_creates_an_account_comes_back_to_the_offer_after_confirming(app, client, setting):
    _, _, _, offer = setting
    offer_page = page(client.get(f"/offres/{offer.id}"))
    assert f"/compte/inscription/candidat?next=/offres/{offer.id}/postuler" in offer_page.replace("%2F", "/")
    signup_path = f"/compte/inscription/candidat?next=/offres/{offer.id}/postuler"
    response = client.post(
        signup_path,
        data={
            "first_name": "Noé",
            "last_name": "Nouveau",
            "email": "noe@exemple.fr",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "accept_terms": "y",
        },
    )
    assert response.headers["Location"] == "/compte/verifiez-vos-courriels"
    link = next(link for link in links_in(outbox("noe@exemple.fr")[-1].body_text) if "/verification/" in link)
    login_page = client.post(path_of(link)).headers["Location"]
    response = client.post(login_page, data={"email": "noe@exemple.fr", "password": PASSWORD})
    assert response.headers["Location"].endswith(f"/offres/{offer.id}/postuler")
    assert "Envoyer ma candidature" in page(client.get(response.headers["Location"]))


def test_a_foreign_next_address_is_dropped_from_the_confirmation_link(app, client):
    client.post(
        "/compte/inscription/candidat?next=//pirate.example/offres",
        data={
            "first_name": "Noé",
            "last_name": "Nouveau",
            "email": "noe@exemple.fr",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "accept_terms": "y",
        },
    )
    link = next(link for link in links_in(outbox("noe@exemple.fr")[-1].body_text) if "/verification/" in link)
    assert client.post(path_of(link)).headers["Location"] == "/compte/connexion"


def test_the_recruiter_moves_the_application_and_the_candidate_sees_it(setting, auth):
    recruiter, candidate, cv, offer = setting
    auth.client_for(candidate).post(f"/offres/{offer.id}/postuler", data={"cv": cv.id})
    application = db.session.query(Application).one()
    rh = auth.client_for(recruiter)
    assert "Inès Postule" in page(rh.get(f"/compte/offres/{offer.id}/candidatures"))
    # Opening the address (a prefetch, a scanner) neither downloads nor marks anything.
    assert rh.get(f"/compte/offres/{offer.id}/candidatures/{application.id}/cv").status_code == 405
    assert fresh(application.id).status == "received"
    download = rh.post(f"/compte/offres/{offer.id}/candidatures/{application.id}/cv")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    download.close()
    assert fresh(application.id).status == "seen"
    rh.post(
        f"/compte/offres/{offer.id}/candidatures/{application.id}",
        data={"status": "interview", "message": "Rendez-vous mardi à 10 h."},
    )
    assert fresh(application.id).status == "interview"
    mail = outbox(candidate.email)[-1]
    assert "entretien" in mail.body_text and "Rendez-vous mardi à 10 h." in mail.body_text
    html = page(auth.client_for(candidate).get("/compte/candidatures"))
    assert "Entretien" in html and "Rendez-vous mardi à 10 h." in html


def test_a_withdrawn_application_can_no_longer_be_moved(setting, auth):
    recruiter, candidate, cv, offer = setting
    client = auth.client_for(candidate)
    client.post(f"/offres/{offer.id}/postuler", data={"cv": cv.id})
    application = db.session.query(Application).one()
    client.post(f"/compte/candidatures/{application.id}/retirer")
    assert fresh(application.id).status == "withdrawn"
    rh = auth.client_for(recruiter)
    rh.post(f"/compte/offres/{offer.id}/candidatures/{application.id}", data={"status": "hired"})
    assert fresh(application.id).status == "withdrawn"
    assert rh.post(f"/compte/offres/{offer.id}/candidatures/{application.id}/cv").status_code == 404


def test_other_structures_and_candidates_cannot_reach_an_application(make, setting, auth):
    _recruiter, candidate, cv, offer = setting
    auth.client_for(candidate).post(f"/offres/{offer.id}/postuler", data={"cv": cv.id})
    application = db.session.query(Application).one()
    other = auth.client_for(make.member())
    assert other.get(f"/compte/offres/{offer.id}/candidatures").status_code == 404
    assert other.post(f"/compte/offres/{offer.id}/candidatures/{application.id}/cv").status_code == 404
    assert (
        other.post(f"/compte/offres/{offer.id}/candidatures/{application.id}", data={"status": "hired"}).status_code
        == 404
    )
    intruder = auth.client_for(make.candidate())
    assert intruder.post(f"/compte/candidatures/{application.id}/retirer").status_code == 404
    assert fresh(application.id).status == "received"


def test_applications_are_in_the_export_and_erased_with_the_account(setting, auth):
    import json
    import zipfile

    from portal.accounts.personal_data import delete_account, export_zip

    _, candidate, cv, offer = setting
    auth.client_for(candidate).post(f"/offres/{offer.id}/postuler", data={"cv": cv.id, "message": "Bonjour"})
    data = json.loads(zipfile.ZipFile(io.BytesIO(export_zip(candidate))).read("data.json"))
    assert data["candidatures"][0]["offre"] == "Aide-soignant·e de jour"
    delete_account(candidate)
    assert db.session.query(Application).count() == 0


def test_an_unknown_state_is_refused_with_a_message(setting, auth):
    recruiter, candidate, cv, offer = setting
    auth.client_for(candidate).post(f"/offres/{offer.id}/postuler", data={"cv": cv.id})
    application = db.session.query(Application).one()
    response = auth.client_for(recruiter).post(
        f"/compte/offres/{offer.id}/candidatures/{application.id}", data={"status": "promu"}, follow_redirects=True
    )
    assert "N'est pas un choix valide." in page(response)
    assert fresh(application.id).status == "received"


def test_the_recruiter_downloads_a_cv_under_a_tame_name_with_its_real_extension(make, auth):
    from tests.helpers import attachment_name

    recruiter = make.member()
    candidate = make.candidate(first_name="Zoé", last_name='<i>Du"pont</i>.html')
    cv = candidates.add_cv(candidates.profile_of(candidate), documents.pdf(), "cv.html")
    offer = publish(recruiter, "Aide-soignant·e de jour")
    auth.client_for(candidate).post(f"/offres/{offer.id}/postuler", data={"cv": cv.id})
    application = db.session.query(Application).one()
    with auth.client_for(recruiter).post(f"/compte/offres/{offer.id}/candidatures/{application.id}/cv") as download:
        saved_as = attachment_name(download)
    assert saved_as.endswith(".pdf") and saved_as.count(".") == 1 and "Du-pont" in saved_as, saved_as
    assert not set(saved_as) & set('<>"/\\'), saved_as
