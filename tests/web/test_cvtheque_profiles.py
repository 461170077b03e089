"""A member sees a profile: access log, anonymous mode, contact requests, 404 for what is not visible."""

import re

import pytest
import sqlalchemy as sa

from portal.accounts.personal_data import delete_account
from portal.candidates import services as candidates
from portal.cvtheque.models import ContactRequest, ProfileAccess
from portal.extensions import db
from tests.browser_forms import BrowserForm
from tests.conftest import links_in, outbox, page, path_of
from tests.helpers import indexed_profiles, visible_candidate


@pytest.fixture
def member(make):
    return make.member()


def test_a_member_sees_a_profile_and_the_candidate_sees_the_view(make, member, auth):
    user, profile = visible_candidate(
        make,
        first_name="Inès",
        last_name="Vue",
        presentation="Aide-soignante.",
        cv_lines=["Inès Vue", "Aide-soignante en EHPAD"],
    )
    html = page(auth.client_for(member).get(f"/cvtheque/profil/{profile.id}"))
    assert "Inès Vue" in html and user.email in html and "Télécharger le CV" in html
    mine = page(auth.client_for(user).get("/compte/cvtheque"))
    assert member.structure.name in mine and "A consulté votre profil" in mine


def test_a_cv_download_is_logged_and_served_under_a_neutral_name(make, member, auth):
    user, profile = visible_candidate(make, cv_lines=["Texte du CV"])
    response = auth.client_for(member).get(f"/cvtheque/profil/{profile.id}/cv")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert f"CV-{profile.id}.pdf" in response.headers["Content-Disposition"]
    response.close()
    kinds = [a.kind for a in db.session.query(ProfileAccess).filter_by(profile_id=profile.id)]
    assert kinds == ["download"]
    assert "A téléchargé votre CV" in page(auth.client_for(user).get("/compte/cvtheque"))


def test_coach_and_admin_views_are_in_the_candidate_log_under_their_role(make, auth):
    import io
    import json
    import zipfile

    user, profile = visible_candidate(make, cv_lines=["Texte du CV"])
    assert auth.client_for(make.coach()).get(f"/cvtheque/profil/{profile.id}").status_code == 200
    # Straight to the file, without the profile page: the download is logged all the same.
    response = auth.client_for(make.admin()).get(f"/cvtheque/profil/{profile.id}/cv")
    assert response.status_code == 200
    response.close()
    assert {(a.viewer, a.structure_id, a.kind) for a in db.session.query(ProfileAccess)} == {
        ("coach", None, "view"),
        ("admin", None, "download"),
    }
    candidate = auth.client_for(user)
    mine = page(candidate.get("/compte/cvtheque"))
    assert "Coach de l'association" in mine and "Administration de l'association" in mine
    assert "A téléchargé votre CV" in mine
    data = json.loads(zipfile.ZipFile(io.BytesIO(candidate.post("/compte/mes-donnees/export").data)).read("data.json"))
    assert {(a["par"], a["action"]) for a in data["consultations_cvtheque"]} == {
        ("Coach de l'association", "A consulté votre profil"),
        ("Administration de l'association", "A téléchargé votre CV"),
    }


def test_the_candidate_reading_their_own_cv_is_not_logged(make, auth):
    user, profile = visible_candidate(make, cv_lines=["Texte du CV"])
    response = auth.client_for(user).get(f"/compte/cv/{profile.files[0].id}/fichier")
    assert response.status_code == 200
    response.close()
    assert db.session.query(ProfileAccess).count() == 0
    assert "Personne n'a encore consulté votre profil." in page(auth.client_for(user).get("/compte/cvtheque"))


def test_a_recruiter_downloading_an_application_cv_is_logged(make, member, auth):
    from tests.helpers import publish

    user, profile = visible_candidate(make, cv_lines=["Texte du CV"])
    offer = publish(member, "Aide-soignant·e")
    auth.client_for(user).post(f"/offres/{offer.id}/postuler", data={"cv": profile.files[0].id, "message": ""})
    application_id = db.session.execute(sa.text("SELECT id FROM application")).scalar_one()
    response = auth.client_for(member).post(f"/compte/offres/{offer.id}/candidatures/{application_id}/cv")
    assert response.status_code == 200
    response.close()
    mine = page(auth.client_for(user).get("/compte/cvtheque"))
    assert member.structure.name in mine and "A téléchargé votre CV" in mine


@pytest.mark.parametrize("state", ["hidden", "withdrawn", "deleted", "disabled", "unknown"])
def test_profiles_not_visible_answer_404_whatever_the_id(make, member, state, auth):
    user, profile = visible_candidate(make, cv_lines=["CV"], visible=state != "hidden")
    profile_id = profile.id
    if state == "withdrawn":
        candidates.set_visibility(profile, visible=False, anonymous=False, accepts_offers=False)
        db.session.commit()
    elif state == "deleted":
        delete_account(user)
        db.session.commit()
    elif state == "disabled":
        user.disabled = True
        db.session.commit()
    elif state == "unknown":
        profile_id += 1000
    client = auth.client_for(member)
    for path in ["", "/cv", "/photo.png"]:
        assert client.get(f"/cvtheque/profil/{profile_id}{path}").status_code == 404, path
    assert client.post(f"/cvtheque/profil/{profile_id}/contact", data={"message": "x" * 30}).status_code == 404


def test_a_withdrawn_profile_leaves_the_index_at_once(make, member, auth):
    user, _profile = visible_candidate(make, first_name="Jade", last_name="Retrait", presentation="Ergothérapeute.")
    client = auth.client_for(member)
    assert "Jade Retrait" in page(client.get("/cvtheque/?q=ergotherapeute"))
    candidate_client = auth.client_for(user)
    form = BrowserForm(page(candidate_client.get("/compte/profil")), "profil").untick("visible")
    candidate_client.post("/compte/profil", data=form.submit("Enregistrer mon profil"))
    assert "Jade Retrait" not in page(client.get("/cvtheque/?q=ergotherapeute"))
    assert len(indexed_profiles()) == 0


def test_deleting_the_account_removes_it_from_the_index(app, make, member):
    user, _profile = visible_candidate(make, presentation="Psychomotricienne.")
    assert len(indexed_profiles()) == 1
    delete_account(user)
    db.session.commit()
    assert len(indexed_profiles()) == 0


# --- anonymous mode ------------------------------------------------------------------------------


@pytest.fixture
def anonymous(make):
    return visible_candidate(
        make,
        first_name="Rosalie",
        last_name="Quenouille",
        anonymous=True,
        presentation="Rosalie Quenouille, aide-soignante. Écrivez-moi : rosalie.q@exemple.fr ou 06 12 34 56 78.",
        cv_lines=[
            "Rosalie QUENOUILLE",
            "rosalie.quenouille@exemple.fr - 02 33 00 00 00",
            "Aide-soignante en EHPAD, soins palliatifs",
        ],
    )


def test_an_anonymous_profile_shows_no_name_anywhere(make, member, anonymous, auth):
    _user, profile = anonymous
    client = auth.client_for(member)
    for url in [
        "/cvtheque/?q=palliatifs",
        "/cvtheque/?q=aide+soignante",
        "/cvtheque/?q=ehpad+OU+ecrivez",
        f"/cvtheque/profil/{profile.id}",
    ]:
        html = page(client.get(url))
        assert "rosalie" not in html.lower() and "quenouille" not in html.lower(), url
        assert "exemple.fr" not in html and "06 12" not in html and "02 33" not in html, url
    assert "Profil anonyme n° " in page(client.get("/cvtheque/?q=palliatifs"))
    assert client.get(f"/cvtheque/profil/{profile.id}/cv").status_code == 404
    # The names are not in the index either: searching them finds nothing.
    assert "Aucun profil" in page(client.get("/cvtheque/?q=quenouille"))


def test_contact_request_accepted_by_email_link_reveals_the_identity(app, make, member, anonymous, auth):
    user, profile = anonymous
    client = auth.client_for(member)
    response = client.post(
        f"/cvtheque/profil/{profile.id}/contact",
        data={"message": "Bonjour, nous recrutons une aide-soignante de jour à Alençon."},
    )
    assert response.status_code == 302
    mail = outbox(user.email)[-1]
    assert member.structure.name in mail.subject
    link = next(url for url in links_in(mail.body_text) if "/cvtheque/reponse/" in url)
    visitor = app.test_client()  # the link works without logging in
    assert "nous recrutons une aide-soignante" in page(visitor.get(path_of(link)))
    visitor.post(path_of(link), data={"answer": "accept"})
    html = page(client.get(f"/cvtheque/profil/{profile.id}"))
    assert "Rosalie Quenouille" in html and user.email in html
    download = client.get(f"/cvtheque/profil/{profile.id}/cv")
    assert download.status_code == 200
    download.close()
    assert "acceptée" in outbox(member.email)[-1].subject
    # Another structure still sees an anonymous profile.
    other = auth.client_for(make.member())
    assert "Rosalie" not in page(other.get(f"/cvtheque/profil/{profile.id}"))


def test_contact_request_declined_from_the_dashboard_keeps_anonymity(make, member, anonymous, auth):
    user, profile = anonymous
    client = auth.client_for(member)
    client.post(f"/cvtheque/profil/{profile.id}/contact", data={"message": "Un poste de nuit vous intéresserait ?"})
    request_id = db.session.query(ContactRequest).one().id
    candidate_client = auth.client_for(user)
    candidate_client.post(f"/compte/cvtheque/demandes/{request_id}", data={"answer": "decline"})
    assert db.session.get(ContactRequest, request_id).status == "declined"
    assert "Rosalie" not in page(client.get(f"/cvtheque/profil/{profile.id}"))
    assert "refusée" in page(client.get(f"/cvtheque/profil/{profile.id}"))
    # The first answer stands.
    candidate_client.post(f"/compte/cvtheque/demandes/{request_id}", data={"answer": "accept"})
    assert db.session.get(ContactRequest, request_id).status == "declined"


def test_a_contact_request_needs_a_real_message_and_is_sent_once(make, member, anonymous, auth):
    _, profile = anonymous
    client = auth.client_for(member)
    response = client.post(f"/cvtheque/profil/{profile.id}/contact", data={"message": "  "})
    assert response.status_code == 422 and "Écrivez quelques mots" in page(response)
    client.post(f"/cvtheque/profil/{profile.id}/contact", data={"message": "Bonjour, un CDI vous intéresse ?"})
    client.post(f"/cvtheque/profil/{profile.id}/contact", data={"message": "Bonjour, un CDI vous intéresse ?"})
    assert db.session.query(ContactRequest).count() == 1


def test_a_tampered_answer_link_is_refused(app, make, member, anonymous, auth):
    _, profile = anonymous
    auth.client_for(member).post(
        f"/cvtheque/profil/{profile.id}/contact", data={"message": "Bonjour, un CDD de 3 mois ?"}
    )
    link = next(url for url in links_in(outbox(anonymous[0].email)[-1].body_text) if "/cvtheque/reponse/" in url)
    response = app.test_client().post(path_of(link) + "x", data={"answer": "accept"})
    assert response.status_code == 404
    assert db.session.query(ContactRequest).one().status == "pending"


def test_a_candidate_cannot_answer_someone_elses_request(make, member, anonymous, auth):
    _, profile = anonymous
    auth.client_for(member).post(
        f"/cvtheque/profil/{profile.id}/contact", data={"message": "Bonjour, un CDD de 3 mois ?"}
    )
    request_id = db.session.query(ContactRequest).one().id
    intruder = auth.client_for(make.candidate())
    assert intruder.post(f"/compte/cvtheque/demandes/{request_id}", data={"answer": "accept"}).status_code == 404


# --- coaches -------------------------------------------------------------------------------------


def test_sensitive_facts_are_for_coaches_only(make, member, auth):
    _user, profile = visible_candidate(make, presentation="Aide à domicile.")
    candidates.save_profile(profile, metier_ids=[], rqth=True, rsa=True, presentation="Aide à domicile.")
    db.session.commit()
    coach_html = page(auth.client_for(make.coach()).get(f"/cvtheque/profil/{profile.id}"))
    assert "Pour les coachs uniquement" in coach_html and "RQTH : oui" in coach_html
    member_html = page(auth.client_for(member).get(f"/cvtheque/profil/{profile.id}"))
    assert "RQTH" not in member_html and "RSA" not in member_html


def test_sensitive_facts_never_reach_the_index(app, make):
    _user, profile = visible_candidate(make, presentation="Aide à domicile.")
    candidates.save_profile(profile, metier_ids=[], rqth=True, rsa=True, presentation="Aide à domicile.")
    db.session.commit()
    stored = indexed_profiles()[profile.id]
    assert not any("rqth" in str(v).lower() or "rsa" in str(v).lower() for v in stored.values())


# --- saved searches ------------------------------------------------------------------------------


def test_a_saved_search_reruns_in_one_click(make, member, auth):
    visible_candidate(
        make, first_name="Karim", last_name="Nuit", presentation="Surveillant de nuit en MAS.", times=("nuit",)
    )
    client = auth.client_for(member)
    client.post("/cvtheque/recherches", data={"name": "Veilleurs", "q": "surveillant", "temps": "nuit"})
    listing = page(client.get("/cvtheque/recherches"))
    assert "Veilleurs" in listing
    run = re.search(r'href="(/cvtheque/recherches/\d+)">Relancer', listing).group(1)
    response = client.get(run, follow_redirects=True)
    html = page(response)
    assert "Karim Nuit" in html and 'value="surveillant"' in html


def test_saved_searches_are_private_and_need_a_name(make, member, auth):
    client = auth.client_for(member)
    response = client.post("/cvtheque/recherches", data={"name": "", "q": "aide"}, follow_redirects=True)
    assert "Donnez un nom à cette recherche." in page(response)
    client.post("/cvtheque/recherches", data={"name": "Mes AES", "q": "aes"})
    from portal.cvtheque.models import SavedSearch

    saved = db.session.query(SavedSearch).one()
    other = auth.client_for(make.member())
    assert other.get(f"/cvtheque/recherches/{saved.id}").status_code == 404
    assert other.post(f"/cvtheque/recherches/{saved.id}/supprimer").status_code == 404
    assert "Supprimer la recherche" in page(client.get(f"/cvtheque/recherches/{saved.id}/supprimer"))
    client.post(f"/cvtheque/recherches/{saved.id}/supprimer")
    assert db.session.query(SavedSearch).count() == 0


def test_the_export_holds_the_access_log_and_requests(make, member, anonymous, auth):
    import io
    import json
    import zipfile

    user, profile = anonymous
    client = auth.client_for(member)
    client.get(f"/cvtheque/profil/{profile.id}")
    client.post(f"/cvtheque/profil/{profile.id}/contact", data={"message": "Bonjour, un poste en CDI ?"})
    from portal.accounts.personal_data import export_zip

    data = json.loads(zipfile.ZipFile(io.BytesIO(export_zip(user))).read("data.json"))
    assert data["consultations_cvtheque"][0]["structure"] == member.structure.name
    assert data["demandes_de_contact"][0]["message"] == "Bonjour, un poste en CDI ?"
