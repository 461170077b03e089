"""The whole way, on a phone and on a laptop: a visitor without an account asks for help; the coach of her zone
finds the request, opens her record, plans a first interview and an event, proposes her to a member structure,
which answers "entretien"; the coach records the job and sees the follow-ups at 1, 3 and 6 months planned; the
person creates her account from the coach's link and finds her pathway."""

import re
from datetime import timedelta

from tests.conftest import links_in, text_part
from tests.e2e.conftest import join_from_coach_link, log_in, looks_right, wait_for_mail


def test_from_a_request_for_help_to_a_job_and_its_follow_ups(live_app, page_factory, viewport):
    from portal.clock import today_in_paris
    from portal.extensions import db
    from tests.conftest import Factory
    from tests.helpers import make_event

    with live_app.app_context():
        make = Factory()
        coach = make.coach(zone="alencon", first_name="Karim", last_name="Benali")
        make.coach(zone="flers-argentan", first_name="Nadia", last_name="Rousseau")  # another zone's coach
        recruiter = make.member(first_name="Anne", last_name="Roux")
        structure_name, structure_id = recruiter.structure.name, recruiter.structure.id
        event = make_event(title="Café de l'aide à domicile à Alençon", kind="cafe", insee="61001", days=6)
        event_title = event.title
        coach_email, recruiter_email = coach.email, recruiter.email
        db.session.remove()
    base, capture, size = live_app.config["LIVE_URL"], live_app.config["CAPTURE"], viewport["width"]
    today = today_in_paris()

    # A visitor without an account asks for help from the home page.
    visitor = page_factory(viewport=viewport, bypass_csp=True)
    visitor.goto(base + "/")
    visitor.get_by_role("link", name="Être accompagné·e par un coach").first.click()
    visitor.get_by_label(re.compile("^Votre prénom")).fill("Inès")
    visitor.get_by_label(re.compile("^Votre adresse électronique")).fill("ines.parcours@exemple.fr")
    visitor.get_by_label(re.compile("^Votre commune")).fill("Alençon (61000)")
    visitor.get_by_label("Trouver un emploi").check()
    visitor.get_by_label("Le matin").check()
    visitor.get_by_label(re.compile("^J'accepte que le coach")).check()
    visitor.get_by_role("button", name="Envoyer ma demande").click()
    visitor.get_by_role("heading", name="Merci Inès, votre demande est bien envoyée").wait_for()
    assert "Karim, coach autonomie de la zone Alençon" in visitor.locator("main").inner_text()
    looks_right(visitor, "parcours-demande-envoyee", size)

    # The coach of that zone is told, finds the request in the queue and opens a record from it.
    wait_for_mail(capture, coach_email, subject="Demande d'accompagnement")
    coach_page = page_factory(viewport=viewport, bypass_csp=True)
    log_in(coach_page, base, coach_email)
    coach_page.goto(base + "/accompagnement/demandes")
    coach_page.get_by_role("heading", name="Inès").wait_for()
    coach_page.get_by_role("link", name=re.compile("^Ouvrir un accompagnement")).first.click()
    coach_page.get_by_role("heading", name="Ouvrir un accompagnement").wait_for()
    assert coach_page.get_by_label("Prénom").input_value() == "Inès"
    coach_page.get_by_label("Nom", exact=True).fill("Parcours")
    coach_page.get_by_role("button", name="Ouvrir l'accompagnement").click()
    coach_page.get_by_role("heading", name="Inès Parcours", level=1).wait_for()
    record_url = coach_page.url

    # A first interview and an event of the site.
    coach_page.get_by_role("link", name="Premier entretien").click()
    coach_page.get_by_label("Date").fill((today + timedelta(days=1)).isoformat())
    coach_page.get_by_label("Note courte").fill("Au CCAS d'Alençon")
    coach_page.get_by_role("button", name="Ajouter l'étape").click()
    coach_page.get_by_text("Étape ajoutée : premier entretien.").wait_for()
    coach_page.get_by_role("link", name="Réunion d'information ou événement").click()
    events = coach_page.get_by_label("Événement du site")
    label = next(text for text in events.locator("option").all_inner_texts() if event_title in text)
    events.select_option(label=label)
    coach_page.get_by_role("button", name="Ajouter l'étape").click()
    coach_page.get_by_text(re.compile("^Étape ajoutée")).wait_for()
    assert event_title in coach_page.locator("ol.timeline").inner_text()

    # Proposed to a member structure, with her agreement; the coach mails her the link to her account.
    coach_page.goto(record_url + "/partager")
    coach_page.get_by_label("Structure adhérente").select_option(value=str(structure_id))
    coach_page.get_by_label("Un emploi").check()
    coach_page.get_by_label("Message à la structure").fill("Motivée, disponible le matin.")
    coach_page.get_by_label("La personne est d'accord").check()
    coach_page.get_by_label("Comment a-t-elle donné son accord ?").fill("au téléphone")
    coach_page.get_by_role("button", name="Proposer la personne").click()
    coach_page.get_by_text("Ses recruteurs sont prévenus").wait_for()
    coach_page.get_by_role("button", name="Envoyer le lien de création de compte").click()
    coach_page.get_by_text("Le lien est envoyé").wait_for()

    # The structure answers "entretien" from its dashboard.
    wait_for_mail(capture, recruiter_email, subject="Un coach autonomie vous propose")
    member = page_factory(viewport=viewport, bypass_csp=True)
    log_in(member, base, recruiter_email)
    section = member.locator("#personnes-proposees")
    section.get_by_label("Entretien proposé").check()
    section.get_by_role("button", name=re.compile("^Envoyer la réponse")).click()
    member.get_by_text("Votre réponse « Entretien proposé » est envoyée").wait_for()
    wait_for_mail(capture, coach_email, subject=f"{structure_name} a répondu")

    # The coach sees the interview in the pathway, records the job, and finds the follow-ups planned.
    coach_page.goto(record_url)
    assert "Entretien avec un employeur" in coach_page.locator("ol.timeline").inner_text()
    coach_page.get_by_role("link", name="Emploi", exact=True).click()
    coach_page.get_by_label("Structure adhérente").select_option(value=str(structure_id))
    coach_page.get_by_label("Type de contrat").select_option(label="CDI")
    coach_page.get_by_label("Date de prise de poste").fill(today.isoformat())
    coach_page.get_by_label("Faite").check()
    coach_page.get_by_role("button", name="Ajouter l'étape").click()
    coach_page.get_by_text("Les suivis à 1, 3 et 6 mois sont planifiés.").wait_for()
    timeline = coach_page.locator("ol.timeline").inner_text()
    for months in (1, 3, 6):
        assert f"Suivi après l'embauche à {months} mois" in timeline
    looks_right(coach_page, "parcours-dossier", size)

    # Inès creates her account from the coach's link and finds her pathway.
    mail = wait_for_mail(capture, "ines.parcours@exemple.fr", subject="Votre accompagnement")
    link = next(url for url in links_in(text_part(mail)) if "/accompagnement/rejoindre/" in url)
    person = page_factory(viewport=viewport, bypass_csp=True)
    person.goto(link)
    person.get_by_role("heading", name="Retrouver mon accompagnement").wait_for()
    join_from_coach_link(person, capture, "ines.parcours@exemple.fr")
    person.get_by_role("heading", name="Mon accompagnement", level=1).wait_for()
    mine = person.locator("main").inner_text()
    for expected in ("Karim Benali", "Au CCAS d'Alençon", event_title, "Entretien avec un employeur", structure_name):
        assert expected in mine, expected
    assert "Suivi après l'embauche à 1 mois" in mine
    looks_right(person, "parcours-mon-accompagnement", size)
