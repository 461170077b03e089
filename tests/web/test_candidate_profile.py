import sqlalchemy as sa

from portal.candidates.models import CandidateProfile
from portal.candidates.services import completeness, profile_of
from portal.extensions import db
from portal.metiers.models import Metier
from tests.conftest import page


def metier_id(slug: str) -> int:
    return db.session.scalar(sa.select(Metier.id).where(Metier.slug == slug))


def full_form(**overrides) -> dict:
    data = {
        "metiers": [str(metier_id("aide-soignant")), str(metier_id("auxiliaire-de-vie"))],
        "commune": "alencon", "mobility_km": "30", "driving_licence": "y", "has_vehicle": "y",
        "contract_types": ["cdi", "cdd"], "working_times": ["plein", "nuit"], "available_from": "2027-01-04",
        "diplomas": "DEAES (2021)\nSST", "experience_years": "3",
        "presentation": "J'ai accompagné ma grand-mère pendant trois ans et je veux en faire mon métier, en EHPAD ou à domicile.",
        "rqth": "y",
    }
    data.update(overrides)
    return data


def test_a_candidate_fills_in_the_profile_and_sees_it_complete(client, make, auth):
    user = make.candidate()
    auth.login(user)
    first = page(client.get("/compte/profil"))
    assert "Votre profil est complet à 0 %" in first and "les métiers que vous cherchez" in first

    response = client.post("/compte/profil", data=full_form())
    assert response.status_code == 302
    profile = db.session.scalar(sa.select(CandidateProfile).where(CandidateProfile.user_id == user.id))
    assert [m.slug for m in profile.metiers] == ["aide-soignant", "auxiliaire-de-vie"]
    assert (profile.commune.name, profile.mobility_km, profile.driving_licence) == ("Alençon", 30, True)
    assert profile.contract_types == ["cdi", "cdd"] and profile.working_times == ["plein", "nuit"]
    assert profile.available_from.isoformat() == "2027-01-04" and profile.rqth and not profile.rsa
    html = page(client.get("/compte/profil"))
    assert "Votre profil est complet à 88 %" in html and "Alençon (61000)" in html and "un CV" in html


def test_the_progress_lists_what_is_missing(app, make):
    profile = profile_of(make.candidate())
    profile.presentation = "Trop court."
    result = completeness(profile)
    assert result.percent == 0
    assert "une présentation d'au moins 80 caractères" in result.missing
    profile.contract_types = ["cdi"]
    assert completeness(profile).percent == 12  # 1 of 8


def test_bad_input_gets_french_messages_and_keeps_what_was_typed(client, make, auth):
    auth.login(make.candidate())
    response = client.post("/compte/profil", data=full_form(
        mobility_km="-5", experience_years="beaucoup", available_from="32/13/2026", commune="Paris",
        contract_types=["cdi", "esclavage"]))
    html = page(response)
    assert response.status_code == 422
    assert "Indiquez une distance entre 0 et 200 km." in html
    assert "N'est pas un entier valide." in html
    assert "N'est pas une date valide." in html
    assert "Commune introuvable dans l'Orne" in html
    assert "Choix inconnu : esclavage." in html
    assert "J'ai accompagné ma grand-mère" in html


def test_sensitive_facts_are_optional(client, make, auth):
    user = make.candidate()
    auth.login(user)
    data = full_form()
    del data["rqth"]
    assert client.post("/compte/profil", data=data).status_code == 302
    profile = db.session.scalar(sa.select(CandidateProfile).where(CandidateProfile.user_id == user.id))
    assert not (profile.rqth or profile.rsa or profile.mission_locale or profile.france_travail)


def test_a_candidate_finds_the_profile_from_the_dashboard(client, make, auth):
    auth.login(make.candidate())
    assert "Compléter mon profil" in page(client.get("/compte/"))


def test_only_candidates_have_a_profile(client, make, auth):
    auth.login(make.member())
    assert client.get("/compte/profil").status_code == 403


def test_the_profile_is_hidden_until_the_candidate_consents_and_the_dates_are_kept(client, make, auth):
    user = make.candidate()
    auth.login(user)
    assert "Votre profil n'est pas visible dans la CV-thèque" in page(client.get("/compte/profil"))
    profile = profile_of(user)
    db.session.commit()
    assert profile.visible is False and profile.visible_since is None

    client.post("/compte/visibilite", data={"visible": "y", "anonymous": "y"})
    db.session.refresh(profile)
    assert profile.visible and profile.anonymous and not profile.accepts_offers
    assert profile.visible_since is not None
    html = page(client.get("/compte/profil"))
    assert "Votre profil est visible des employeurs adhérents depuis le" in html and "en mode anonyme" in html

    client.post("/compte/visibilite", data={"accepts_offers": "y"})
    db.session.refresh(profile)
    assert not profile.visible and profile.accepts_offers and profile.visibility_withdrawn_at is not None
    assert "retiré le" in page(client.get("/compte/profil"))


def test_the_candidate_reads_what_employers_see_and_do_not_see_in_anonymous_mode(client, make, auth):
    auth.login(make.candidate())
    html = page(client.get("/compte/profil"))
    explained = html[html.index('id="anonyme-aide"'):]
    explained = explained[:explained.index("</div>")]
    for seen in ["les métiers que vous cherchez", "votre zone", "vos années d'expérience, vos diplômes",
                 "des extraits du texte de votre CV", "votre nom, vos coordonnées, votre adresse"]:
        assert seen in explained
    for hidden in ["votre nom et votre prénom", "votre photo", "votre adresse e-mail, votre téléphone",
                   "votre commune exacte", "le fichier de votre CV"]:
        assert hidden in explained
    assert 'aria-describedby="anonyme-aide"' in html
