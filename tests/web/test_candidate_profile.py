from datetime import timedelta

import sqlalchemy as sa

from portal.candidates.models import CandidateProfile
from portal.candidates.retention import run_retention
from portal.candidates.services import completeness, profile_of
from portal.clock import utcnow
from portal.extensions import db
from portal.metiers.models import Metier
from tests.browser_forms import BrowserForm
from tests.conftest import PASSWORD, page
from tests.helpers import visible_candidate


def metier_id(slug: str) -> int:
    return db.session.scalar(sa.select(Metier.id).where(Metier.slug == slug))


def full_form(**overrides) -> dict:
    data = {
        "metiers": [str(metier_id("aide-soignant")), str(metier_id("auxiliaire-de-vie"))],
        "commune": "alencon",
        "mobility_km": "30",
        "driving_licence": "y",
        "has_vehicle": "y",
        "contract_types": ["cdi", "cdd"],
        "working_times": ["plein", "nuit"],
        "available_from": "2027-01-04",
        "diplomas": "DEAES (2021)\nSST",
        "experience_years": "3",
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
    response = client.post(
        "/compte/profil",
        data=full_form(
            mobility_km="-5",
            experience_years="beaucoup",
            available_from="32/13/2026",
            commune="Paris",
            contract_types=["cdi", "esclavage"],
        ),
    )
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

    form = BrowserForm(page(client.get("/compte/profil")), "profil").tick("visible").tick("anonymous")
    client.post("/compte/profil", data=form.submit("Enregistrer mon profil"))
    db.session.refresh(profile)
    assert profile.visible and profile.anonymous and not profile.accepts_offers
    assert profile.visible_since is not None
    html = page(client.get("/compte/profil"))
    assert "Votre profil est visible des employeurs adhérents dans la CV-thèque depuis le" in html
    assert "en mode anonyme" in html

    form = BrowserForm(html, "profil").untick("visible").untick("anonymous").tick("accepts_offers")
    client.post("/compte/profil", data=form.submit("Enregistrer mon profil"))
    db.session.refresh(profile)
    assert not profile.visible and profile.accepts_offers and profile.visibility_withdrawn_at is not None
    assert "retiré le" in page(client.get("/compte/profil"))


# --- one page, one save: visibility is saved with the rest, and said -----------------------------


def profile_form(client) -> BrowserForm:
    return BrowserForm(page(client.get("/compte/profil")), "profil")


def test_ticking_visible_then_pressing_the_main_button_makes_the_profile_visible_and_says_so(app, client, make, auth):
    user = make.candidate(first_name="Inès", last_name="Visible")
    member = make.member()
    auth.login(user)
    form = profile_form(client)
    for name, value in full_form().items():
        form.untick(name)
        for one in value if isinstance(value, list) else [value]:
            form.tick(name, one)
    form.tick("visible")
    response = client.post("/compte/profil", data=form.submit("Enregistrer mon profil"), follow_redirects=True)
    assert (
        "Votre profil est enregistré. Il est visible des employeurs adhérents dans la CV-thèque, "
        "avec votre nom et votre CV."
    ) in page(response)
    profile = profile_of(user)
    assert profile.visible and profile.visible_since is not None and profile.presentation.startswith("J'ai accompagné")
    # What the candidate was told is true: a member finds her.
    member_client = auth.client_for(member)  # which checks that the member is logged in
    assert "Inès Visible" in page(member_client.get("/cvtheque/?q=grand-mère"))


def test_saving_a_hidden_profile_says_that_employers_do_not_see_it(client, make, auth):
    auth.login(make.candidate())
    form = profile_form(client).fill("presentation", "Je cherche un poste de nuit.")
    html = page(client.post("/compte/profil", data=form.submit("Enregistrer mon profil"), follow_redirects=True))
    assert "Votre profil est enregistré. Il n'est pas visible des employeurs" in html
    assert "Votre profil est enregistré." + " " + "Il est visible" not in html


def test_unticking_visible_then_saving_withdraws_the_profile_and_says_so(app, client, make, auth):
    user, profile = visible_candidate(make, presentation="Aide à domicile, vingt ans d'expérience.")
    auth.login(user)
    form = profile_form(client)
    assert form.value("visible") == ["y"]  # the page shows the consent given
    response = client.post(
        "/compte/profil", data=form.untick("visible").submit("Enregistrer mon profil"), follow_redirects=True
    )
    assert "Votre profil est enregistré et retiré de la CV-thèque : les employeurs ne le voient plus." in page(response)
    db.session.refresh(profile)
    assert not profile.visible and profile.visibility_withdrawn_at is not None


def test_saving_the_profile_keeps_the_visibility_it_shows(client, make, auth):
    user, profile = visible_candidate(make, anonymous=True, presentation="Auxiliaire de vie.")
    auth.login(user)
    form = profile_form(client).fill("presentation", "Auxiliaire de vie, disponible le week-end.")
    client.post("/compte/profil", data=form.submit("Enregistrer mon profil"))
    db.session.refresh(profile)
    assert (profile.visible, profile.anonymous, profile.accepts_offers) == (True, True, True)
    assert profile.presentation == "Auxiliaire de vie, disponible le week-end."


def test_a_mistake_elsewhere_never_holds_back_withdrawing_consent_and_the_page_says_what_was_saved(client, make, auth):
    user, profile = visible_candidate(make, presentation="Aide-soignante.")
    auth.login(user)
    form = profile_form(client).untick("visible").fill("mobility_km", "-5").fill("presentation", "Nouveau texte.")
    response = client.post("/compte/profil", data=form.submit("Enregistrer mon profil"))
    html = page(response)
    assert response.status_code == 422 and "Indiquez une distance entre 0 et 200 km." in html
    assert "Votre choix de confidentialité est enregistré." in html
    assert "Le reste de vos changements n'est pas encore enregistré" in html
    assert "Nouveau texte." in html  # what was typed is kept on the page
    db.session.refresh(profile)
    assert not profile.visible and profile.visibility_withdrawn_at is not None
    assert profile.presentation == "Aide-soignante." and profile.mobility_km == 20


def test_a_mistake_elsewhere_holds_back_a_new_consent_and_says_nothing_was_saved(client, make, auth):
    user = make.candidate()
    auth.login(user)
    form = profile_form(client).tick("visible").fill("experience_years", "beaucoup")
    response = client.post("/compte/profil", data=form.submit("Enregistrer mon profil"))
    html = page(response)
    assert response.status_code == 422 and "Rien n'est encore enregistré" in html
    assert BrowserForm(html, "profil").value("visible") == ["y"]  # still ticked, to save once corrected
    assert not profile_of(user).visible


def test_the_completeness_box_says_whether_employers_see_the_profile(client, make, auth):
    user = make.candidate()
    auth.login(user)
    box = page(client.get("/compte/profil")).split('class="progress-card"')[1].split("</div>")[0]
    assert "Non visible" in box and "les employeurs ne peuvent pas vous trouver" in box
    form = profile_form(client).tick("visible").tick("anonymous")
    client.post("/compte/profil", data=form.submit("Enregistrer mon profil"))
    box = page(client.get("/compte/profil")).split('class="progress-card"')[1].split("</div>")[0]
    assert "Visible" in box and "en mode anonyme" in box


def test_the_dashboard_shows_whether_the_profile_is_visible(client, make, auth):
    user = make.candidate()
    auth.login(user)
    html = page(client.get("/compte/"))
    assert "Votre profil n'est pas visible dans la CV-thèque" in html and "Le rendre visible" in html
    client.post("/compte/profil", data=profile_form(client).tick("visible").submit("Enregistrer mon profil"))
    html = page(client.get("/compte/"))
    assert "Votre profil est visible des employeurs adhérents dans la CV-thèque depuis le" in html
    assert "avec votre nom" in html


def hide_by_retention(app, clock, user) -> None:
    """23 months without using the account, the warning, a month more: the CV-thèque drops the profile."""
    user.last_active_at = utcnow() - timedelta(days=710)
    db.session.commit()
    with app.test_request_context():
        assert run_retention().warned == 1
        clock.advance(days=31)
        assert run_retention().hidden == 1


def test_a_profile_hidden_by_retention_says_why_and_can_be_made_visible_again(app, client, make, auth, clock):
    user, profile = visible_candidate(make, presentation="Agent de service.")
    hide_by_retention(app, clock, user)
    auth.login(user)
    for url in ("/compte/profil", "/compte/", "/compte/cv"):
        assert "a quitté la CV-thèque le" in page(client.get(url)), url
        assert "vous ne vous étiez pas servi·e de votre compte depuis deux ans" in page(client.get(url)), url
    client.post("/compte/profil", data=profile_form(client).tick("visible").submit("Enregistrer mon profil"))
    db.session.refresh(profile)
    assert profile.visible and not profile.hidden_by_retention
    assert "a quitté la CV-thèque" not in page(client.get("/compte/profil"))


def test_still_looking_puts_the_profile_back_with_the_changes_typed_on_the_page(app, client, make, auth, clock):
    user, profile = visible_candidate(make, presentation="Aide médico-psychologique.")
    hide_by_retention(app, clock, user)
    auth.login(user)
    form = profile_form(client).fill("presentation", "Aide médico-psychologique, disponible en janvier.")
    response = client.post("/compte/profil", data=form.submit("Je cherche toujours"), follow_redirects=True)
    assert "C'est noté : votre profil reste dans la CV-thèque." in page(response)
    db.session.refresh(profile)
    assert profile.visible and not profile.hidden_by_retention
    assert profile.presentation == "Aide médico-psychologique, disponible en janvier."


def test_a_forged_post_from_another_site_cannot_change_who_sees_the_profile(make_app, make):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user, profile = visible_candidate(make, presentation="Aide-soignante.")
        client = app.test_client()
        login = BrowserForm(page(client.get("/compte/connexion")), button="Se connecter")
        login.fill("email", user.email).fill("password", PASSWORD)
        assert client.post("/compte/connexion", data=login.submit("Se connecter")).status_code == 302
        # The candidate's browser, led by another site, posts without the page's token: refused, nothing changes.
        for data in ({"visible": "", "anonymous": "y"}, {"mobility_km": "-1"}):
            assert client.post("/compte/profil", data=data).status_code == 400
        db.session.refresh(profile)
        assert profile.visible and not profile.anonymous and profile.presentation == "Aide-soignante."


def test_the_candidate_reads_what_employers_see_and_do_not_see_in_anonymous_mode(client, make, auth):
    auth.login(make.candidate())
    html = page(client.get("/compte/profil"))
    explained = html[html.index('id="anonyme-aide"') :]
    explained = explained[: explained.index("</div>")]
    for seen in [
        "les métiers que vous cherchez",
        "votre zone",
        "vos années d'expérience, vos diplômes",
        "des extraits du texte de votre CV",
        "votre nom, vos coordonnées, votre adresse",
    ]:
        assert seen in explained
    for hidden in [
        "votre nom et votre prénom",
        "votre photo",
        "votre adresse e-mail, votre téléphone",
        "votre commune exacte",
        "le fichier de votre CV",
    ]:
        assert hidden in explained
    assert 'aria-describedby="anonyme-aide"' in html
