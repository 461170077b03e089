"""A member publishes an offer; a candidate finds it without typing accents and applies; the member invites
the candidate to an interview, and the candidate sees it."""

import re

from tests.e2e.conftest import log_in, looks_right


def test_an_offer_is_published_found_applied_to_and_followed(live_app, page_factory, viewport):
    from portal.candidates import services as candidates
    from portal.extensions import db
    from tests import documents
    from tests.conftest import Factory

    with live_app.app_context():
        make = Factory()
        make.member(email="rh@exemple.fr")
        candidate = make.candidate(email="ines@exemple.fr", first_name="Inès", last_name="Moreau")
        candidates.add_cv(
            candidates.profile_of(candidate), documents.pdf(["Inès Moreau", "Aide-soignante"]), "CV Inès.pdf"
        )
        db.session.commit()  # what the services flushed, before the browser reads it
        db.session.remove()
    base = live_app.config["LIVE_URL"]
    size = viewport["width"]

    member = page_factory(bypass_csp=True, viewport=viewport)
    log_in(member, base, "rh@exemple.fr")
    member.goto(base + "/compte/offres")
    member.get_by_role("link", name="Rédiger une offre").click()
    member.get_by_label("Intitulé du poste").fill("Aide-soignant·e en unité protégée")
    member.get_by_label("Métier").select_option(label="Aide-soignant·e")
    member.get_by_label("Type de contrat").select_option(label="CDI")
    member.get_by_label("Temps de travail").select_option(label="Temps plein")
    member.get_by_label("Heures par semaine").fill("35")
    member.get_by_label("Commune du poste").fill("Flers")
    member.get_by_label("Description du poste").fill(
        "Vous accompagnez les résidents de l'unité protégée : toilette, repas, activités apaisantes. "
        "Équipe stable, tutorat à l'arrivée."
    )
    member.get_by_role("button", name="Enregistrer et voir l'aperçu").click()
    member.get_by_role("button", name="Publier", exact=True).click()
    assert "publiée" in member.locator(".flashes").inner_text()

    applicant = page_factory(bypass_csp=True, viewport=viewport)
    log_in(applicant, base, "ines@exemple.fr")
    applicant.goto(base + "/offres/")
    applicant.get_by_role("searchbox", name="Rechercher une offre").fill("unite protegee")
    applicant.get_by_role("button", name="Rechercher", exact=True).click()
    applicant.get_by_role("heading", name=re.compile("^1 offre")).wait_for()
    looks_right(applicant, "offres-recherche", size)
    applicant.get_by_role("link", name="Aide-soignant·e en unité protégée").click()
    applicant.get_by_role("heading", name="Aide-soignant·e en unité protégée", level=1).wait_for()
    looks_right(applicant, "offre", size)
    applicant.get_by_role("link", name="Postuler").click()
    applicant.get_by_label("Votre message").fill("Je travaille depuis trois ans en unité Alzheimer.")
    looks_right(applicant, "offre-postuler", size)
    applicant.get_by_role("button", name="Envoyer ma candidature").click()
    assert "Votre candidature est envoyée" in applicant.locator(".flashes").inner_text()
    assert "Reçue" in applicant.locator(".card").first.inner_text()

    member.goto(base + "/compte/offres")
    member.get_by_role("link", name="Aide-soignant·e en unité protégée").click()
    member.get_by_role("link", name="Voir les candidatures").click()
    card = member.locator(".card", has_text="Inès Moreau")
    card.get_by_label("Nouvel état").select_option(label="Entretien")
    card.get_by_label("Message à la personne (facultatif)").fill("Pouvez-vous venir mardi à 14 h ?")
    looks_right(member, "offre-candidatures", size)
    card.get_by_role("button", name=re.compile("^Enregistrer")).click()
    assert "entretien" in member.locator(".flashes").inner_text()

    applicant.goto(base + "/compte/")
    applicant.get_by_role("link", name="Suivre mes candidatures").click()
    followed = applicant.locator(".card", has_text="Aide-soignant·e en unité protégée")
    assert "Entretien" in followed.inner_text()
    assert "Pouvez-vous venir mardi à 14 h ?" in followed.inner_text()
    looks_right(applicant, "mes-candidatures", size)
